-- The migration ledger: one row per file of schema/ applied to this database.
--
-- The migrator runs this file before it reads the ledger, on every start, so it
-- must stay idempotent. Never edit it: a new column goes in a new migration.
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY CHECK (version >= 0),
    name TEXT NOT NULL,
    -- SHA-256 of the file as it was applied; an edited file is refused.
    checksum BYTEA NOT NULL CHECK (octet_length(checksum) = 32),
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
