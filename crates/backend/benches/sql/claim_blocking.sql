-- Parameters: $1 the builder, $2 the lease in milliseconds.
-- The claim without SKIP LOCKED, for the benchmark only: concurrent claimers
-- queue on the same first row and re-check it one after the other.
WITH builder AS (
    SELECT id
    FROM builders
    WHERE id = $1::bigint
        AND enabled
),
candidate AS (
    SELECT picked.id
    FROM builder
    JOIN builder_targets ON builder_targets.builder_id = builder.id
        AND builder_targets.enabled
    JOIN targets ON targets.id = builder_targets.target_id
        AND targets.enabled
    CROSS JOIN LATERAL (
        SELECT
            tasks.id,
            tasks.priority
        FROM tasks
        WHERE tasks.target_id = targets.id
            AND tasks.state = 'waiting'
        ORDER BY tasks.priority DESC, tasks.id DESC
        LIMIT 1
        FOR UPDATE
    ) AS picked
    ORDER BY picked.priority DESC, picked.id DESC
    LIMIT 1
),
task AS (
    UPDATE tasks
    SET state = 'active',
        attempts = tasks.attempts + 1,
        updated_at = now()
    FROM candidate
    WHERE tasks.id = candidate.id
    RETURNING tasks.id, tasks.crate_version_id, tasks.target_id, tasks.kind, tasks.attempts
),
job AS (
    INSERT INTO jobs (task_id, builder_id, lease_expires_at)
    SELECT task.id, $1::bigint, now() + $2::bigint * INTERVAL '1 millisecond'
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
