-- registry-sync's writes to the mirror (crates, crate_versions) and its own
-- bookkeeping (registry_sources, registry_passes, registry_rejections,
-- registry_sparse_cache). Bulk statements take one array per column and
-- touch a whole batch in one round trip.

--! session_async_commit
-- access: primary
-- Let this transaction's commit return before its WAL is flushed. Safe for
-- the mirror: a batch lost in a crash is redone by the next pass, because a
-- source's revision advances only in a later, and therefore later flushed,
-- transaction.
SELECT set_config('synchronous_commit', 'off', true) AS setting;

--! crate_list_by_file_many : (removed_at?, latest_version_id?)
-- access: primary
-- The crates of a batch of crate files, by lowercase name.
SELECT
    id,
    name,
    lower(name) AS file,
    removed_at,
    latest_version_id
FROM crates
WHERE lower(name) COLLATE "C" = ANY(:files::text[]);

--! crate_file_list_current
-- access: primary
-- The lowercase names of every crate not removed: a full pass removes those
-- its commit lacks.
SELECT lower(name) AS file
FROM crates
WHERE removed_at IS NULL;

--! crate_version_list_by_crate_many : (removed_at?)
-- access: primary
-- Every version, current or removed, of a batch of crates.
SELECT
    id,
    crate_id,
    version,
    checksum,
    yanked,
    removed_at
FROM crate_versions
WHERE crate_id = ANY(:crate_ids::bigint[]);

--! crate_set_removed_many
-- access: primary
-- Remove crates (removed_at set, no latest version) that are still current.
UPDATE crates
SET removed_at = now(),
    latest_version_id = NULL,
    updated_at = now()
WHERE id = ANY(:ids::bigint[])
    AND removed_at IS NULL
RETURNING id;

--! crate_set_restored_many
-- access: primary
-- Bring back crates that were removed.
UPDATE crates
SET removed_at = NULL,
    updated_at = now()
WHERE id = ANY(:ids::bigint[])
    AND removed_at IS NOT NULL
RETURNING id;

--! crate_set_latest_many (latest_version_ids[?])
-- access: primary
-- Point each crate at its latest version (NULL: none), skipping unchanged rows.
UPDATE crates
SET latest_version_id = input.latest_version_id,
    updated_at = now()
FROM unnest(:ids::bigint[], :latest_version_ids::bigint[]) AS input (id, latest_version_id)
WHERE crates.id = input.id
    AND crates.latest_version_id IS DISTINCT FROM input.latest_version_id
RETURNING crates.id;

--! mirror_lock_writes
-- access: primary
-- Hold off every other writer of crates and crate_versions until this
-- transaction ends (readers and row locks go on), so the id reservations
-- below can take a range in one step. registry-sync is their only writer.
LOCK TABLE crates, crate_versions IN SHARE ROW EXCLUSIVE MODE;

--! crate_reserve_ids
-- access: primary
-- Reserve :count consecutive crate ids and return the first, for a binary
-- COPY of new crates (queries/_copy/crates.sql). One setval costs what one
-- nextval does, where a nextval per row costs microseconds each. Only safe
-- under mirror_lock_writes: a nextval elsewhere between the two calls here
-- would take an id inside the range.
SELECT setval(
    pg_get_serial_sequence('crates', 'id'),
    nextval(pg_get_serial_sequence('crates', 'id')) + :count::bigint - 1
) - :count::bigint + 1 AS first_id;

--! crate_version_reserve_ids
-- access: primary
-- Reserve :count consecutive version ids and return the first, for a binary
-- COPY of new versions (queries/_copy/crate_versions.sql); as
-- crate_reserve_ids, only under mirror_lock_writes.
SELECT setval(
    pg_get_serial_sequence('crate_versions', 'id'),
    nextval(pg_get_serial_sequence('crate_versions', 'id')) + :count::bigint - 1
) - :count::bigint + 1 AS first_id;

--! crates_defer_latest_check
-- access: primary
-- Check crates' latest versions at commit, so new crates can be written
-- pointing at versions written after them in the same transaction.
SET CONSTRAINTS crates_latest_version_id_fkey DEFERRED;

--! crate_version_set_state_many
-- access: primary
-- Set each version's yanked flag and make it current, skipping unchanged rows.
UPDATE crate_versions
SET yanked = input.yanked,
    removed_at = NULL,
    updated_at = now()
FROM unnest(:ids::bigint[], :yanked::boolean[]) AS input (id, yanked)
WHERE crate_versions.id = input.id
    AND (crate_versions.yanked IS DISTINCT FROM input.yanked OR crate_versions.removed_at IS NOT NULL)
RETURNING crate_versions.id;

--! crate_version_set_removed_many
-- access: primary
-- Remove versions (removed_at set) that are still current.
UPDATE crate_versions
SET removed_at = now(),
    updated_at = now()
WHERE id = ANY(:ids::bigint[])
    AND removed_at IS NULL
RETURNING id;

--! source_upsert
-- access: primary
-- The id of a source, registering it on first use.
INSERT INTO registry_sources (kind, location)
VALUES (:kind, :location)
ON CONFLICT (kind, location) DO UPDATE
SET kind = excluded.kind
RETURNING id;

--! source_find : (revision?)
-- access: primary
-- A registered source and the commit it was last completely synced at.
SELECT
    id,
    revision
FROM registry_sources
WHERE kind = :kind
    AND location = :location;

--! source_set_revision
-- access: primary
-- Record that the mirror now equals this source at this commit.
UPDATE registry_sources
SET revision = :revision,
    synced_at = now()
WHERE id = :source_id
RETURNING id;

--! source_forget_other_revisions
-- access: primary
-- Another git source just rewrote the mirror: diffs from their commits no
-- longer apply, so their next pass is a full one.
UPDATE registry_sources
SET revision = NULL
WHERE kind = 'git'
    AND id <> :source_id
    AND revision IS NOT NULL
RETURNING id;

--! source_set_synced
-- access: primary
-- Record that a sparse source finished a pass.
UPDATE registry_sources
SET synced_at = now()
WHERE id = :source_id
RETURNING id;

--! pass_start (from_revision?, revision?)
-- access: primary
-- Open the record of a pass.
INSERT INTO registry_passes (source_id, kind, from_revision, revision)
VALUES (:source_id, :kind, :from_revision, :revision)
RETURNING id;

--! pass_insert_finished (from_revision?, revision?)
-- access: primary
-- Record a pass that had nothing to do, started and finished at once.
INSERT INTO registry_passes (source_id, kind, from_revision, revision, finished_at)
VALUES (:source_id, :kind, :from_revision, :revision, now())
RETURNING id;

--! pass_finish (error?)
-- access: primary
-- Close the record of a pass with its counts, and the error if it failed.
UPDATE registry_passes
SET finished_at = now(),
    crate_files = :crate_files,
    crates_added = :crates_added,
    crates_updated = :crates_updated,
    crates_removed = :crates_removed,
    crates_restored = :crates_restored,
    versions_added = :versions_added,
    versions_yanked = :versions_yanked,
    versions_unyanked = :versions_unyanked,
    versions_removed = :versions_removed,
    versions_restored = :versions_restored,
    entries_rejected = :entries_rejected,
    entries_duplicated = :entries_duplicated,
    error = :error
WHERE id = :pass_id
    AND finished_at IS NULL
RETURNING id;

--: PassRow (source_revision?, from_revision?, revision?, finished_at?, error?)

--! pass_list_recent : PassRow
-- access: read-only
-- The newest passes, newest first, with their source.
SELECT
    registry_passes.id,
    registry_sources.kind AS source_kind,
    registry_sources.location AS source_location,
    registry_sources.revision AS source_revision,
    registry_passes.kind,
    registry_passes.from_revision,
    registry_passes.revision,
    registry_passes.started_at,
    registry_passes.finished_at,
    registry_passes.crate_files,
    registry_passes.crates_added,
    registry_passes.crates_updated,
    registry_passes.crates_removed,
    registry_passes.crates_restored,
    registry_passes.versions_added,
    registry_passes.versions_yanked,
    registry_passes.versions_unyanked,
    registry_passes.versions_removed,
    registry_passes.versions_restored,
    registry_passes.entries_rejected,
    registry_passes.entries_duplicated,
    registry_passes.error
FROM registry_passes
JOIN registry_sources ON registry_sources.id = registry_passes.source_id
ORDER BY registry_passes.id DESC
LIMIT :limit;

--! rejection_insert_many (versions[?])
-- access: primary
-- Record refused entries of one pass.
INSERT INTO registry_rejections (pass_id, crate_file, line_number, version, reason)
SELECT :pass_id::bigint, crate_file, line_number, version, reason
FROM unnest(:crate_files::text[], :line_numbers::integer[], :versions::text[], :reasons::text[])
    AS input (crate_file, line_number, version, reason);

--! rejection_list_by_pass : (version?)
-- access: read-only
-- The entries one pass refused, in file and line order.
SELECT
    crate_file,
    line_number,
    version,
    reason
FROM registry_rejections
WHERE pass_id = :pass_id
ORDER BY crate_file, line_number;

--! sparse_cache_list_many : (etag?, last_modified?)
-- access: primary
-- The validators stored for a batch of crate files.
SELECT
    crate_file,
    etag,
    last_modified
FROM registry_sparse_cache
WHERE crate_file = ANY(:crate_files::text[]);

--! sparse_cache_file_list
-- access: primary
-- Every crate file the sparse index was ever asked for, including crates the
-- mirror does not know (they were named on a command line once).
SELECT crate_file
FROM registry_sparse_cache;

--! sparse_cache_upsert_many (etags[?], last_modifieds[?])
-- access: primary
-- Store the validators of the answers of one batch.
INSERT INTO registry_sparse_cache (crate_file, etag, last_modified, fetched_at)
SELECT crate_file, etag, last_modified, now()
FROM unnest(:crate_files::text[], :etags::text[], :last_modifieds::text[])
    AS input (crate_file, etag, last_modified)
ON CONFLICT (crate_file) DO UPDATE
SET etag = excluded.etag,
    last_modified = excluded.last_modified,
    fetched_at = excluded.fetched_at;

--! pass_health : (last_pass_id?, last_succeeded?, last_duration_seconds?, last_finished_at_seconds?, last_entries_rejected?, last_success_at_seconds?, seconds_since_success?)
-- access: read-only
-- The newest finished pass and when a pass last succeeded, for /metrics:
-- two backward scans of the primary key, however long the history.
SELECT
    latest.id AS last_pass_id,
    CASE WHEN latest.id IS NOT NULL THEN latest.error IS NULL END AS last_succeeded,
    extract(epoch FROM latest.finished_at - latest.started_at)::float8 AS last_duration_seconds,
    extract(epoch FROM latest.finished_at)::float8 AS last_finished_at_seconds,
    latest.entries_rejected AS last_entries_rejected,
    extract(epoch FROM success.finished_at)::float8 AS last_success_at_seconds,
    extract(epoch FROM now() - success.finished_at)::float8 AS seconds_since_success
FROM (SELECT) AS one
LEFT JOIN LATERAL (
    SELECT id, error, started_at, finished_at, entries_rejected
    FROM registry_passes
    WHERE finished_at IS NOT NULL
    ORDER BY id DESC
    LIMIT 1
) AS latest ON true
LEFT JOIN LATERAL (
    SELECT finished_at
    FROM registry_passes
    WHERE finished_at IS NOT NULL AND error IS NULL
    ORDER BY id DESC
    LIMIT 1
) AS success ON true;
