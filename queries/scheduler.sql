-- The task scheduler: turns the mirror's change feed (registry_changes) and
-- pending target backfills (target_backfills) into tasks, and holds or
-- releases the tasks of versions that stop or start being current. Each
-- statement consumes what it acted on, in the same statement, so a change is
-- acted on exactly once and a crash loses none.
--
-- A version is current when it is neither yanked nor removed and its crate is
-- not removed: only current versions get tasks handed out.

--! scheduler_take_changes
-- access: primary
-- Take the oldest :limit registry changes, deleting them: the caller acts on
-- them (scheduler_apply_changes) in the same transaction, so a change is
-- acted on exactly once and a crash loses none. Changes another scheduler
-- holds are skipped.
DELETE FROM registry_changes
WHERE id IN (
    SELECT id
    FROM registry_changes
    ORDER BY id
    LIMIT :limit
    FOR UPDATE SKIP LOCKED
)
RETURNING crate_version_id, fresh;

--! scheduler_lock_changes
-- access: primary
-- Lock the change feed against every other session for the rest of the
-- transaction, before emptying it (scheduler_truncate_changes); fails at
-- once (SQLSTATE 55P03) while any session writes to it or holds it.
LOCK TABLE registry_changes IN ACCESS EXCLUSIVE MODE NOWAIT;

--! scheduler_changes_left
-- access: primary
-- Whether any registry change is waiting.
SELECT EXISTS (SELECT FROM registry_changes) AS left;

--! scheduler_truncate_changes
-- access: primary
-- Empty the change feed, dead rows and index entries included, which a
-- DELETE leaves behind until a vacuum. Only under scheduler_lock_changes,
-- after scheduler_changes_left found none waiting.
TRUNCATE registry_changes;

--! scheduler_apply_changes
-- access: primary
-- Act on changed versions (:version_ids, each with whether it is a fresh
-- publish): create the missing tasks of each kind in :kinds for every
-- enabled target of each version that is current (at :publish_priority for
-- a fresh publish, else :backfill_priority; in version order, so newer
-- versions get higher task ids), hold the waiting and delayed tasks of
-- versions no longer current, release the held tasks of versions current
-- again, and wake the builders of every target that got work. Every step
-- probes indexes with the batch's version ids, never a scan of all
-- versions, crates or tasks: a pass costs its batch, however large the
-- mirror and the queue.
WITH input AS (
    SELECT id, bool_or(fresh) AS fresh
    FROM unnest(:version_ids::bigint[], :fresh::boolean[]) AS input (id, fresh)
    GROUP BY id
),
changed AS (
    SELECT input.id, input.fresh, version.current
    FROM input
    -- One index probe per version: OFFSET 0 keeps the planner from joining
    -- a scan of every version and crate instead.
    CROSS JOIN LATERAL (
        SELECT
            crate_versions.removed_at IS NULL
                AND NOT crate_versions.yanked
                AND crates.removed_at IS NULL AS current
        FROM crate_versions
        JOIN crates ON crates.id = crate_versions.crate_id
        WHERE crate_versions.id = input.id
        OFFSET 0
    ) AS version
),
created AS (
    INSERT INTO tasks (crate_version_id, target_id, kind, priority)
    SELECT
        changed.id,
        targets.id,
        kinds.kind,
        CASE WHEN changed.fresh THEN :publish_priority::integer ELSE :backfill_priority::integer END
    FROM changed
    CROSS JOIN targets
    CROSS JOIN unnest(:kinds::task_kind[]) AS kinds (kind)
    WHERE changed.current
        AND targets.enabled
    ORDER BY changed.id, targets.id, kinds.kind
    ON CONFLICT (crate_version_id, target_id, kind) DO NOTHING
    RETURNING target_id
),
held AS (
    UPDATE tasks
    SET state = 'held',
        retry_at = NULL,
        updated_at = now()
    WHERE tasks.crate_version_id = ANY (ARRAY(SELECT id FROM changed WHERE NOT current))
        AND tasks.state IN ('waiting', 'delayed')
    RETURNING tasks.id
),
released AS (
    UPDATE tasks
    SET state = 'waiting',
        updated_at = now()
    WHERE tasks.crate_version_id = ANY (ARRAY(SELECT id FROM changed WHERE current))
        AND tasks.state = 'held'
    RETURNING tasks.id
),
woken AS (
    SELECT count(pg_notify('buildsrs_work', target_id::text)) AS targets
    FROM (SELECT DISTINCT target_id FROM created) AS work
)
SELECT
    (SELECT count(*) FROM created) AS created,
    (SELECT count(*) FROM held) AS held,
    (SELECT count(*) FROM released) AS released,
    (SELECT targets FROM woken) AS woken;

--! scheduler_backfill_target
-- access: primary
-- One chunk of one pending target backfill: create the missing tasks of each
-- kind in :kinds at :priority for the next :limit versions (by id) of that
-- target, current ones only, and move its cursor past them; delete the
-- backfill when the chunk reaches the last version, or when the target was
-- disabled meanwhile (enabling it again starts a new one). Backfills another
-- scheduler holds are skipped. Returns nothing when no backfill is pending.
WITH backfill AS (
    SELECT
        target_backfills.target_id,
        target_backfills.next_crate_version_id,
        targets.enabled
    FROM target_backfills
    JOIN targets ON targets.id = target_backfills.target_id
    ORDER BY target_backfills.created_at, target_backfills.target_id
    LIMIT 1
    FOR UPDATE OF target_backfills SKIP LOCKED
),
chunk AS (
    SELECT
        crate_versions.id,
        crate_versions.removed_at IS NULL
            AND NOT crate_versions.yanked
            AND crates.removed_at IS NULL AS current
    FROM backfill
    JOIN crate_versions ON crate_versions.id >= backfill.next_crate_version_id
    JOIN crates ON crates.id = crate_versions.crate_id
    WHERE backfill.enabled
    ORDER BY crate_versions.id
    LIMIT :limit
),
created AS (
    INSERT INTO tasks (crate_version_id, target_id, kind, priority)
    SELECT
        chunk.id,
        backfill.target_id,
        kinds.kind,
        :priority::integer
    FROM chunk
    CROSS JOIN backfill
    CROSS JOIN unnest(:kinds::task_kind[]) AS kinds (kind)
    WHERE chunk.current
    ORDER BY chunk.id, kinds.kind
    ON CONFLICT (crate_version_id, target_id, kind) DO NOTHING
    RETURNING target_id
),
progress AS (
    SELECT
        count(*) AS versions,
        max(id) AS last_id
    FROM chunk
),
advanced AS (
    UPDATE target_backfills
    SET next_crate_version_id = progress.last_id + 1
    FROM backfill, progress
    WHERE target_backfills.target_id = backfill.target_id
        AND progress.versions = :limit
    RETURNING target_backfills.target_id
),
finished AS (
    DELETE FROM target_backfills
    USING backfill, progress
    WHERE target_backfills.target_id = backfill.target_id
        AND progress.versions < :limit
    RETURNING target_backfills.target_id
),
woken AS (
    SELECT count(pg_notify('buildsrs_work', target_id::text)) AS targets
    FROM (SELECT DISTINCT target_id FROM created) AS work
)
SELECT
    backfill.target_id,
    progress.versions,
    (SELECT count(*) FROM created) AS created,
    EXISTS (SELECT FROM finished) AS finished,
    (SELECT targets FROM woken) AS woken
FROM backfill, progress;

--! scheduler_pending
-- access: read-only
-- What the scheduler has still to do: changes not yet acted on and target
-- backfills not yet finished.
SELECT
    (SELECT count(*) FROM registry_changes) AS changes,
    (SELECT count(*) FROM target_backfills) AS backfills;
