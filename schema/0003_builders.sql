-- Builders and the targets they build for.
--
-- A builder is a remote machine identified by its OpenSSH public key; it never
-- holds a database connection. Owned by the backend and by operators through
-- the `buildsrs-database` admin CLI.

CREATE TABLE pubkeys (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The key algorithm as OpenSSH names it, for example `ssh-ed25519`.
    algorithm TEXT NOT NULL CHECK (algorithm <> ''),
    -- The public key in SSH wire encoding: the key itself, without comment.
    encoded BYTEA NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Fingerprints by which a builder presents its key.
CREATE TABLE pubkey_fingerprints (
    -- As OpenSSH prints it: `SHA256:` and unpadded base64.
    fingerprint TEXT PRIMARY KEY CHECK (fingerprint ~ '^SHA(256|512):[A-Za-z0-9+/]+$'),
    pubkey_id BIGINT NOT NULL REFERENCES pubkeys (id) ON DELETE CASCADE
);
CREATE INDEX pubkey_fingerprints_pubkey_id ON pubkey_fingerprints (pubkey_id);

CREATE TABLE builders (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pubkey_id BIGINT NOT NULL UNIQUE REFERENCES pubkeys (id),
    comment TEXT NOT NULL DEFAULT '' CHECK (char_length(comment) <= 1024),
    enabled BOOLEAN NOT NULL DEFAULT true,
    last_heartbeat_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Rust target triples we build for.
CREATE TABLE targets (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9_.-]{0,127}$'),
    -- A disabled target gets no new tasks and no builder claims work for it.
    enabled BOOLEAN NOT NULL DEFAULT true,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Which targets each builder can build: it claims work for a target only when
-- both this row and the target are enabled.
CREATE TABLE builder_targets (
    builder_id BIGINT NOT NULL REFERENCES builders (id) ON DELETE CASCADE,
    target_id BIGINT NOT NULL REFERENCES targets (id) ON DELETE CASCADE,
    enabled BOOLEAN NOT NULL DEFAULT true,
    PRIMARY KEY (builder_id, target_id)
);
CREATE INDEX builder_targets_target_id ON builder_targets (target_id);

GRANT SELECT, INSERT, UPDATE, DELETE ON pubkeys, pubkey_fingerprints, builders, targets, builder_targets TO buildsrs_backend;
GRANT SELECT ON pubkeys, pubkey_fingerprints, builders, targets, builder_targets TO buildsrs_reader;
