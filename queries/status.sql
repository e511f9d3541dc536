-- The operators' status page (/status) and the front page's summaries: the
-- queue, the builders at work, claims and completions per minute, recent
-- builds (tasks, jobs, builders). Reads only.

--! status_queue_depth
-- access: read-only
-- Tasks by target and state, every state of every target counted: the
-- daemon counts it on an interval, pages show the last count.
SELECT
    targets.name AS target,
    tasks.state,
    count(*) AS tasks
FROM tasks
JOIN targets ON targets.id = tasks.target_id
GROUP BY targets.name, tasks.state
ORDER BY targets.name, tasks.state;

--! status_builders : (comment?, last_heartbeat_at?)
-- access: read-only
-- Every builder with the jobs it holds now.
SELECT
    builders.id,
    builders.comment,
    builders.enabled,
    builders.last_heartbeat_at,
    count(jobs.id) AS running_jobs
FROM builders
LEFT JOIN jobs ON jobs.builder_id = builders.id AND jobs.state = 'active'
GROUP BY builders.id
ORDER BY builders.id;

--! status_job_minutes
-- access: read-only
-- Jobs claimed and finished in each of the last :minutes whole minutes and
-- the current one, oldest first, zero included.
WITH minutes AS (
    SELECT minute
    FROM generate_series(
        date_trunc('minute', now()) - make_interval(mins => :minutes::int),
        date_trunc('minute', now()),
        interval '1 minute'
    ) AS minute
),
since AS (
    SELECT min(minute) AS start FROM minutes
),
claims AS (
    SELECT date_trunc('minute', created_at) AS minute, count(*) AS jobs
    FROM jobs, since
    WHERE created_at >= since.start
    GROUP BY 1
),
completions AS (
    SELECT date_trunc('minute', finished_at) AS minute, count(*) AS jobs
    FROM jobs, since
    WHERE finished_at >= since.start
    GROUP BY 1
)
SELECT
    minutes.minute,
    coalesce(claims.jobs, 0) AS claims,
    coalesce(completions.jobs, 0) AS completions
FROM minutes
LEFT JOIN claims ON claims.minute = minutes.minute
LEFT JOIN completions ON completions.minute = minutes.minute
ORDER BY minutes.minute;

--! status_recent_builds : (finished_at?, result?)
-- access: read-only
-- The newest :limit finished jobs, by when they started (a backward scan of
-- the primary key), with what they built.
SELECT
    jobs.id,
    crates.name AS crate_name,
    crate_versions.version,
    targets.name AS target,
    tasks.kind,
    jobs.state,
    jobs.result,
    jobs.finished_at
FROM jobs
JOIN tasks ON tasks.id = jobs.task_id
JOIN crate_versions ON crate_versions.id = tasks.crate_version_id
JOIN crates ON crates.id = crate_versions.crate_id
JOIN targets ON targets.id = tasks.target_id
WHERE jobs.state <> 'active'
ORDER BY jobs.id DESC
LIMIT :limit;
