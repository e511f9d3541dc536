-- The registry mirror: every crate and version the crates.io index lists.
--
-- Owned by registry-sync, the only service that writes these tables. Rows are
-- never deleted: a crate or version that leaves the index gets `removed_at`
-- set, so jobs and artifacts that point at it keep their history, and it is
-- restored (removed_at cleared) if it comes back.

CREATE TABLE crates (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The name as the index spells it (case preserved).
    name TEXT NOT NULL UNIQUE
        CHECK (name ~ '^[A-Za-z0-9_-]{1,64}$'),
    removed_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE crate_versions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    crate_id BIGINT NOT NULL REFERENCES crates (id),
    -- The version as the index spells it; valid semver, checked by the writer.
    version TEXT NOT NULL CHECK (char_length(version) BETWEEN 1 AND 256),
    -- SHA-256 of the .crate file. Never changes once stored.
    checksum BYTEA NOT NULL CHECK (octet_length(checksum) = 32),
    yanked BOOLEAN NOT NULL DEFAULT false,
    removed_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (crate_id, version)
);

-- The crate's newest version for "latest" look-ups: highest semver among the
-- current, unyanked versions, a release preferred over a pre-release. Kept by
-- registry-sync whenever it writes the crate's versions; NULL when none fits.
ALTER TABLE crates
    ADD COLUMN latest_version_id BIGINT REFERENCES crate_versions (id);

-- The public contract external tools read: every current version, the
-- checksum as 64 lowercase hex characters.
CREATE VIEW crate_versions_view AS
SELECT
    crates.name,
    crate_versions.version,
    encode(crate_versions.checksum, 'hex') AS checksum,
    crate_versions.yanked
FROM crate_versions
JOIN crates ON crates.id = crate_versions.crate_id
WHERE crate_versions.removed_at IS NULL
    AND crates.removed_at IS NULL;

GRANT SELECT, INSERT, UPDATE ON crates, crate_versions TO buildsrs_registry_sync;
GRANT SELECT ON crates, crate_versions, crate_versions_view TO buildsrs_registry_sync, buildsrs_backend, buildsrs_reader;
