-- Versions crates.io published before it enforced strict SemVer.
--
-- The index still lists versions whose numeric pre-release identifiers have
-- leading zeros (`0.3.0-alpha.01`, `0.0.1-001`), which SemVer forbids but
-- crates.io once accepted; they are real, published and sometimes not
-- yanked. registry-sync now mirrors them (the rule is in
-- daemons/registry-sync/src/version.rs) and marks them here, so readers that
-- need strict SemVer can tell them apart.

-- Whether the version is not strict SemVer and is read only by registry-sync's
-- one leniency. Set by registry-sync when it writes the version; a version's
-- text never changes, so neither does this. Versions stored before this
-- migration are all strict (registry-sync, their only writer, refused the
-- others), hence the default.
ALTER TABLE crate_versions
    ADD COLUMN semver_lenient BOOLEAN NOT NULL DEFAULT false;

-- The public contract, with the mark appended: existing columns keep their
-- names and order, so older readers go on working. CREATE OR REPLACE keeps
-- the view's grants (0002_registry.sql).
CREATE OR REPLACE VIEW crate_versions_view AS
SELECT
    crates.name,
    crate_versions.version,
    encode(crate_versions.checksum, 'hex') AS checksum,
    crate_versions.yanked,
    crate_versions.semver_lenient
FROM crate_versions
JOIN crates ON crates.id = crate_versions.crate_id
WHERE crate_versions.removed_at IS NULL
    AND crates.removed_at IS NULL;
