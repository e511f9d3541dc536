-- The registry mirror as others read it (crates, crate_versions and the
-- crate_versions_view contract). registry-sync's own bulk writes live in
-- registry_sync.sql.

--! crate_insert
-- access: primary
-- Add one crate by name, or restore it if it was removed; returns its id.
INSERT INTO crates (name)
VALUES (:name)
ON CONFLICT (name) DO UPDATE
SET removed_at = NULL
RETURNING id;

--! crate_version_insert
-- access: primary
-- Add one version of a crate; returns its id.
INSERT INTO crate_versions (crate_id, version, checksum, yanked)
VALUES (:crate_id, :version, :checksum, :yanked)
RETURNING id;

--! crate_versions_view_list
-- access: read-only
-- Every current version, as external tools see it, in name and version order;
-- semver_lenient marks versions that are not strict SemVer.
SELECT
    name,
    version,
    checksum,
    yanked,
    semver_lenient
FROM crate_versions_view
ORDER BY name, version;
