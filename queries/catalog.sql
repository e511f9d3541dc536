-- The public read model of the registry mirror and its builds (crates,
-- crate_versions, tasks, jobs): what the backend's HTTP API lists. Reads only.

--! catalog_crate_page : (latest_version?)
-- access: read-only
-- Current crates whose lowercased name starts with `prefix` and sorts after
-- `after` (the last name of the previous page, or ''), in name order.
SELECT
    crates.name,
    latest.version AS latest_version
FROM crates
LEFT JOIN crate_versions AS latest ON latest.id = crates.latest_version_id
WHERE crates.removed_at IS NULL
    AND lower(crates.name) COLLATE "C" >= lower(:prefix)
    AND lower(crates.name) COLLATE "C" < lower(:prefix) || '~'
    AND lower(crates.name) COLLATE "C" > lower(:after)
ORDER BY lower(crates.name) COLLATE "C"
LIMIT :limit;

--! catalog_crate_get : (removed_at?, latest_version?, latest_checksum?, latest_yanked?)
-- access: read-only
-- One crate by name, any case, with its latest version.
SELECT
    crates.id,
    crates.name,
    crates.removed_at,
    latest.version AS latest_version,
    encode(latest.checksum, 'hex') AS latest_checksum,
    latest.yanked AS latest_yanked
FROM crates
LEFT JOIN crate_versions AS latest ON latest.id = crates.latest_version_id
WHERE lower(crates.name) COLLATE "C" = lower(:name);

--: CatalogVersion (removed_at?)

--! catalog_version_list : CatalogVersion
-- access: read-only
-- Every version of a crate, current and removed, in insertion order.
SELECT
    id,
    version,
    encode(checksum, 'hex') AS checksum,
    yanked,
    removed_at
FROM crate_versions
WHERE crate_id = :crate_id
ORDER BY id;

--! catalog_version_get : CatalogVersion
-- access: read-only
-- One version of a crate.
SELECT
    id,
    version,
    encode(checksum, 'hex') AS checksum,
    yanked,
    removed_at
FROM crate_versions
WHERE crate_id = :crate_id
    AND version = :version;

--! catalog_version_jobs : (finished_at?, result?, exit_code?, reason?)
-- access: read-only
-- Every job of every task of a version, newest first, with its result.
SELECT
    jobs.id,
    jobs.task_id,
    jobs.builder_id,
    jobs.state,
    jobs.stage,
    jobs.created_at,
    jobs.finished_at,
    jobs.result,
    jobs.exit_code,
    jobs.reason
FROM tasks
JOIN jobs ON jobs.task_id = tasks.id
WHERE tasks.crate_version_id = :crate_version_id
ORDER BY jobs.id DESC;

--! catalog_version_tasks
-- access: read-only
-- The tasks of one crate version with their target's name, by target and kind.
SELECT
    tasks.id,
    targets.name AS target,
    tasks.kind,
    tasks.state,
    tasks.priority,
    tasks.attempts
FROM tasks
JOIN targets ON targets.id = tasks.target_id
WHERE tasks.crate_version_id = :crate_version_id
ORDER BY targets.name, tasks.kind;

--! catalog_crate_builds
-- access: read-only
-- The state of every task of every version of a crate (by name, any case),
-- with the version and the target's name: the crate page's grid.
SELECT
    crate_versions.version,
    targets.name AS target,
    tasks.kind,
    tasks.state
FROM crates
JOIN crate_versions ON crate_versions.crate_id = crates.id
JOIN tasks ON tasks.crate_version_id = crate_versions.id
JOIN targets ON targets.id = tasks.target_id
WHERE lower(crates.name) COLLATE "C" = lower(:name)
ORDER BY crate_versions.id, targets.name, tasks.kind;
