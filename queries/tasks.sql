-- Tasks: what should be built, one row per crate version, target and kind
-- (table tasks). Claims and the rescuer move tasks too; they live in jobs.sql
-- because they change a task and a job in one statement.

--! task_insert_missing
-- access: primary
-- Create the tasks of the given kinds for every current version (not removed,
-- not yanked, of a crate not removed) and every enabled target that lacks
-- one, in one statement. The anti-join skips existing tasks cheaply; ON
-- CONFLICT covers a concurrent creator.
INSERT INTO tasks (crate_version_id, target_id, kind)
SELECT
    crate_versions.id,
    targets.id,
    kinds.kind
FROM crate_versions
JOIN crates ON crates.id = crate_versions.crate_id
CROSS JOIN targets
CROSS JOIN unnest(:kinds::task_kind[]) AS kinds (kind)
WHERE crate_versions.removed_at IS NULL
    AND NOT crate_versions.yanked
    AND crates.removed_at IS NULL
    AND targets.enabled
    AND NOT EXISTS (
        SELECT
        FROM tasks
        WHERE tasks.crate_version_id = crate_versions.id
            AND tasks.target_id = targets.id
            AND tasks.kind = kinds.kind
    )
-- Every task creator inserts in this order, so two of them racing on the
-- same rows wait for each other instead of deadlocking.
ORDER BY crate_versions.id, targets.id, kinds.kind
ON CONFLICT (crate_version_id, target_id, kind) DO NOTHING;

--! task_notify_work_all_targets
-- access: primary
-- Wake idle builders after new tasks were created: one notification per
-- enabled target on channel `buildsrs_work`; returns how many were sent.
SELECT count(pg_notify('buildsrs_work', id::text)) AS notified
FROM targets
WHERE enabled;

--: TaskRow ()

--! task_get : TaskRow
-- access: read-only
-- One task.
SELECT
    tasks.id,
    tasks.crate_version_id,
    tasks.target_id,
    tasks.kind,
    tasks.state,
    tasks.priority,
    tasks.attempts,
    tasks.created_at,
    tasks.updated_at
FROM tasks
WHERE tasks.id = :task_id;

--! task_list_by_version : TaskRow
-- access: read-only
-- The tasks of one crate version, by id.
SELECT
    tasks.id,
    tasks.crate_version_id,
    tasks.target_id,
    tasks.kind,
    tasks.state,
    tasks.priority,
    tasks.attempts,
    tasks.created_at,
    tasks.updated_at
FROM tasks
WHERE tasks.crate_version_id = :crate_version_id
ORDER BY tasks.id;

--! task_count_by_state
-- access: read-only
-- How many tasks are in each state.
SELECT
    state,
    count(*) AS tasks
FROM tasks
GROUP BY state
ORDER BY state;

--! task_set_priority
-- access: primary
-- Change the priority of a task that is still waiting; returns its id, or
-- nothing when it is unknown or no longer waiting.
UPDATE tasks
SET priority = :priority,
    updated_at = now()
WHERE id = :task_id
    AND state = 'waiting'
RETURNING id;

--! task_release_delayed
-- access: primary
-- Make up to :limit delayed tasks whose retry time has come waiting again
-- (held, when their version stopped being current meanwhile); the state
-- change wakes their builders. Returns how many were released.
WITH due AS (
    SELECT id
    FROM tasks
    WHERE state = 'delayed'
        AND retry_at <= now()
    ORDER BY retry_at
    LIMIT :limit
    FOR UPDATE SKIP LOCKED
),
released AS (
    -- An array, not a join: the planner cannot know :limit, and a join to
    -- the due tasks would be planned as a scan of every task.
    UPDATE tasks
    SET state = CASE WHEN crate_version_current(tasks.crate_version_id) THEN 'waiting' ELSE 'held' END::task_state,
        retry_at = NULL,
        updated_at = now()
    WHERE tasks.id = ANY (ARRAY(SELECT due.id FROM due))
    RETURNING tasks.id
)
SELECT count(*) AS released
FROM released;

--! task_list_filtered (state?, target?, crate_name?, version?) : (retry_at?, last_result?, last_exit_code?, last_reason?)
-- access: read-only
-- Operators' listing: up to :limit tasks matching every filter given (state,
-- target name, crate name in any case, version), newest first, each with
-- the result of its latest job.
SELECT
    tasks.id,
    crates.name AS crate_name,
    crate_versions.version,
    targets.name AS target,
    tasks.kind,
    tasks.state,
    tasks.priority,
    tasks.attempts,
    tasks.retry_at,
    tasks.updated_at,
    last_job.result AS last_result,
    last_job.exit_code AS last_exit_code,
    last_job.reason AS last_reason
FROM tasks
JOIN crate_versions ON crate_versions.id = tasks.crate_version_id
JOIN crates ON crates.id = crate_versions.crate_id
JOIN targets ON targets.id = tasks.target_id
LEFT JOIN LATERAL (
    SELECT
        jobs.result,
        jobs.exit_code,
        jobs.reason
    FROM jobs
    WHERE jobs.task_id = tasks.id
    ORDER BY jobs.id DESC
    LIMIT 1
) AS last_job ON true
WHERE (:state::task_state IS NULL OR tasks.state = :state::task_state)
    AND (:target::text IS NULL OR targets.name = :target::text)
    AND (:crate_name::text IS NULL OR lower(crates.name) = lower(:crate_name::text))
    AND (:version::text IS NULL OR crate_versions.version = :version::text)
ORDER BY tasks.id DESC
LIMIT :limit;

--! task_create_matching (target?, version?)
-- access: primary
-- Operators' creation: the missing tasks of each kind in :kinds, at
-- :priority, for every current version of the crate (in any case; only
-- :version when given) and every enabled target (only :target when given).
-- Returns how many were created; the statement wakes their builders.
WITH created AS (
    INSERT INTO tasks (crate_version_id, target_id, kind, priority)
    SELECT
        crate_versions.id,
        targets.id,
        kinds.kind,
        :priority::integer
    FROM crate_versions
    JOIN crates ON crates.id = crate_versions.crate_id
    CROSS JOIN targets
    CROSS JOIN unnest(:kinds::task_kind[]) AS kinds (kind)
    WHERE lower(crates.name) = lower(:crate_name::text)
        AND (:version::text IS NULL OR crate_versions.version = :version::text)
        AND (:target::text IS NULL OR targets.name = :target::text)
        AND targets.enabled
        AND crate_version_current(crate_versions.id)
    ORDER BY crate_versions.id, targets.id, kinds.kind
    ON CONFLICT (crate_version_id, target_id, kind) DO NOTHING
    RETURNING target_id
),
woken AS (
    SELECT count(pg_notify('buildsrs_work', target_id::text)) AS targets
    FROM (SELECT DISTINCT target_id FROM created) AS work
)
SELECT
    (SELECT count(*) FROM created) AS created,
    (SELECT targets FROM woken) AS woken;

--! task_retry_matching (state?, target?, crate_name?, version?)
-- access: primary
-- Operators' retry: every failed or cancelled task matching the filters
-- waits again (held, when its version is not current) with its attempts
-- reset. Returns how many; the state change wakes their builders.
WITH retried AS (
    UPDATE tasks
    SET state = CASE WHEN crate_version_current(tasks.crate_version_id) THEN 'waiting' ELSE 'held' END::task_state,
        attempts = 0,
        retry_at = NULL,
        updated_at = now()
    FROM crate_versions, crates, targets
    WHERE crate_versions.id = tasks.crate_version_id
        AND crates.id = crate_versions.crate_id
        AND targets.id = tasks.target_id
        AND tasks.state IN ('failed', 'cancelled')
        AND (:state::task_state IS NULL OR tasks.state = :state::task_state)
        AND (:target::text IS NULL OR targets.name = :target::text)
        AND (:crate_name::text IS NULL OR lower(crates.name) = lower(:crate_name::text))
        AND (:version::text IS NULL OR crate_versions.version = :version::text)
    RETURNING tasks.id
)
SELECT count(*) AS retried
FROM retried;

--! task_cancel_matching (state?, target?, crate_name?, version?)
-- access: primary
-- Operators' cancel: every unfinished task matching the filters (waiting,
-- delayed, held or active) is cancelled; a running job of one ends as
-- failed with result cancelled, so its builder's next call is refused.
-- Returns how many tasks and jobs.
WITH cancelled AS (
    UPDATE tasks
    SET state = 'cancelled',
        retry_at = NULL,
        updated_at = now()
    FROM crate_versions, crates, targets
    WHERE crate_versions.id = tasks.crate_version_id
        AND crates.id = crate_versions.crate_id
        AND targets.id = tasks.target_id
        AND tasks.state IN ('waiting', 'delayed', 'held', 'active')
        AND (:state::task_state IS NULL OR tasks.state = :state::task_state)
        AND (:target::text IS NULL OR targets.name = :target::text)
        AND (:crate_name::text IS NULL OR lower(crates.name) = lower(:crate_name::text))
        AND (:version::text IS NULL OR crate_versions.version = :version::text)
    RETURNING tasks.id
),
stopped AS (
    UPDATE jobs
    SET state = 'failed',
        result = 'cancelled',
        reason = 'cancelled by an operator',
        finished_at = now()
    FROM cancelled
    WHERE jobs.task_id = cancelled.id
        AND jobs.state = 'active'
    RETURNING jobs.id
)
SELECT
    (SELECT count(*) FROM cancelled) AS tasks,
    (SELECT count(*) FROM stopped) AS jobs;

--! task_prioritize_matching (state?, target?, crate_name?, version?)
-- access: primary
-- Operators' priority change: every task not yet running or finished
-- (waiting, delayed or held) matching the filters gets :priority. Returns
-- how many.
WITH changed AS (
    UPDATE tasks
    SET priority = :priority::integer,
        updated_at = now()
    FROM crate_versions, crates, targets
    WHERE crate_versions.id = tasks.crate_version_id
        AND crates.id = crate_versions.crate_id
        AND targets.id = tasks.target_id
        AND tasks.state IN ('waiting', 'delayed', 'held')
        AND (:state::task_state IS NULL OR tasks.state = :state::task_state)
        AND (:target::text IS NULL OR targets.name = :target::text)
        AND (:crate_name::text IS NULL OR lower(crates.name) = lower(:crate_name::text))
        AND (:version::text IS NULL OR crate_versions.version = :version::text)
    RETURNING tasks.id
)
SELECT count(*) AS changed
FROM changed;
