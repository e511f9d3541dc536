-- The nonces of signed builder requests, remembered in the database rather
-- than in one process's memory: a request captured before a restart, or sent
-- to another backend instance on the same database, is refused as a replay.
--
-- Owned by the backend (crates/backend/src/nonces.rs).

-- A row lives until its request's timestamp has left the auth window (after
-- which a replay is refused as stale anyway); the nonce pruner then deletes
-- it. The primary key is what refuses a replay: an insert that conflicts
-- with a live row inserts nothing.
CREATE TABLE request_nonces (
    builder_id BIGINT NOT NULL REFERENCES builders (id) ON DELETE CASCADE,
    -- As the builder sent it: 16 to 128 of [A-Za-z0-9_-].
    nonce TEXT NOT NULL CHECK (nonce ~ '^[A-Za-z0-9_-]{16,128}$'),
    expires_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (builder_id, nonce)
);

-- The pruner deletes the oldest first, a batch at a time.
CREATE INDEX request_nonces_expires_at ON request_nonces (expires_at);

-- Every signed request inserts a row and every row is deleted within
-- minutes: vacuum after 1 % of dead rows, as for the claim's tables
-- (0010_queue_vacuum.sql).
ALTER TABLE request_nonces SET (
    autovacuum_vacuum_scale_factor = 0.01,
    autovacuum_vacuum_threshold = 1000,
    autovacuum_analyze_scale_factor = 0.02
);

-- UPDATE: an insert over an expired row refreshes it, and the pruner locks
-- the rows it deletes (FOR UPDATE SKIP LOCKED).
GRANT SELECT, INSERT, UPDATE, DELETE ON request_nonces TO buildsrs_backend;
GRANT SELECT ON request_nonces TO buildsrs_reader;
