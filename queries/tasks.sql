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
