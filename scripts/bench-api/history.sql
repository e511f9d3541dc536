-- A farm's last hour for the pages benchmark: :jobs finished jobs, one per
-- task of the newest versions (nine in ten succeeded), started and finished
-- at moments spread over the last hour, on the builder the script
-- registered. Run by psql after the seeded jobs exist.
\set ON_ERROR_STOP on
BEGIN;
WITH picked AS (
    SELECT tasks.id, row_number() OVER (ORDER BY tasks.id DESC) AS n
    FROM tasks
    WHERE tasks.state = 'waiting'
    ORDER BY tasks.id DESC
    LIMIT :jobs
),
finished AS (
    UPDATE tasks
    SET state = CASE WHEN picked.n % 10 = 0 THEN 'failed' ELSE 'succeeded' END::task_state,
        attempts = 1,
        updated_at = now()
    FROM picked
    WHERE tasks.id = picked.id
    RETURNING tasks.id, tasks.state, picked.n
)
INSERT INTO jobs (task_id, builder_id, state, stage, lease_expires_at, created_at, finished_at, result)
SELECT
    finished.id,
    (SELECT min(id) FROM builders),
    finished.state::text::job_state,
    'upload',
    now(),
    now() - make_interval(secs => 3600.0 * finished.n / :jobs) - interval '90 seconds',
    now() - make_interval(secs => 3600.0 * finished.n / :jobs),
    CASE WHEN finished.state = 'failed' THEN 'build_failed' ELSE 'succeeded' END::build_result
FROM finished
ORDER BY finished.n DESC;
COMMIT;
