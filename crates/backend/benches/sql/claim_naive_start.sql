-- Parameters: $1 the task the pick locked, $2 the builder, $3 the lease in
-- milliseconds.
-- The naive claim's second statement: start a job on the task it locked.
WITH task AS (
    UPDATE tasks
    SET state = 'active',
        attempts = tasks.attempts + 1,
        updated_at = now()
    WHERE tasks.id = $1::bigint
        AND tasks.state = 'waiting'
    RETURNING tasks.id, tasks.crate_version_id, tasks.target_id, tasks.kind, tasks.attempts
),
job AS (
    INSERT INTO jobs (task_id, builder_id, lease_expires_at)
    SELECT task.id, $2::bigint, now() + $3::bigint * INTERVAL '1 millisecond'
    FROM task
    RETURNING id, task_id, stage, lease_expires_at
),
stage AS (
    INSERT INTO job_stages (job_id, stage)
    SELECT job.id, job.stage
    FROM job
)
SELECT
    job.id AS job_id,
    task.id AS task_id,
    task.kind,
    task.attempts,
    crates.name AS crate_name,
    crate_versions.version,
    crate_versions.checksum,
    targets.name AS target,
    job.lease_expires_at
FROM job
JOIN task ON task.id = job.task_id
JOIN crate_versions ON crate_versions.id = task.crate_version_id
JOIN crates ON crates.id = crate_versions.crate_id
JOIN targets ON targets.id = task.target_id;
