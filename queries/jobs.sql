-- Jobs: one builder's leased attempt at a task (tables jobs, job_stages, and
-- the task state a job moves). Every state change checks the old state in
-- WHERE and returns the row it changed: no row back means the change lost a
-- race or was not allowed, and the caller reads the job to say why.
--
-- Who moves a job out of `active`: complete (to succeeded or failed), unclaim
-- (to unclaimed, task back to waiting) and the rescuer (to expired, task back
-- to waiting or parked as failed). Leases are computed from the server's
-- clock, never the caller's.

--: ClaimedJob ()

--! job_claim_next : ClaimedJob
-- access: primary
-- Give an enabled builder the :slots best waiting tasks of its enabled
-- targets (highest priority, then newest: highest id) and start a job on each
-- with a lease of :lease_ms milliseconds, in one statement. A job starts in
-- stage `init` at its created_at; job_stages records only the later stages,
-- one row fewer per claim. The per-target
-- scan takes the first rows of the tasks_waiting index that no other claim
-- holds (SKIP LOCKED), so concurrent claims never wait for each other and
-- never share a task. Returns no row when there is no work, or the builder is
-- unknown or disabled (builder_claim_eligibility tells which).
WITH builder AS (
    SELECT id
    FROM builders
    WHERE id = :builder_id
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
        LIMIT :slots
        FOR UPDATE SKIP LOCKED
    ) AS picked
    ORDER BY picked.priority DESC, picked.id DESC
    LIMIT :slots
),
task AS (
    -- An array, not a join: the planner cannot know :slots, and a join to
    -- the candidates would be planned as a scan of every task.
    UPDATE tasks
    SET state = 'active',
        attempts = tasks.attempts + 1,
        updated_at = now()
    WHERE tasks.id = ANY (ARRAY(SELECT candidate.id FROM candidate))
    RETURNING tasks.id, tasks.crate_version_id, tasks.target_id, tasks.kind, tasks.attempts
),
job AS (
    INSERT INTO jobs (task_id, builder_id, lease_expires_at)
    SELECT task.id, :builder_id::bigint, now() + :lease_ms::bigint * INTERVAL '1 millisecond'
    FROM task
    RETURNING id, task_id, lease_expires_at
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

--! job_get : (finished_at?, result?, exit_code?, reason?)
-- access: read-only
-- One job, with whether its lease still runs by the server's clock (the
-- callers of a refused state change read it to name the reason) and its
-- build result once completed.
SELECT
    id,
    task_id,
    builder_id,
    state,
    stage,
    log_lines,
    lease_expires_at,
    lease_expires_at > now() AS lease_running,
    created_at,
    finished_at,
    result,
    exit_code,
    reason
FROM jobs
WHERE id = :job_id;

--! job_heartbeat
-- access: primary
-- Extend the running lease of a job its builder holds to :lease_ms from now,
-- and record the builder's heartbeat; returns the new expiry.
WITH job AS (
    UPDATE jobs
    SET lease_expires_at = now() + :lease_ms::bigint * INTERVAL '1 millisecond'
    WHERE id = :job_id
        AND builder_id = :builder_id
        AND state = 'active'
        AND lease_expires_at > now()
    RETURNING builder_id, lease_expires_at
),
builder AS (
    UPDATE builders
    SET last_heartbeat_at = now()
    FROM job
    WHERE builders.id = job.builder_id
)
SELECT lease_expires_at
FROM job;

--! job_unclaim
-- access: primary
-- The builder hands a job back before its lease ends: the job ends as
-- unclaimed and its task waits for the next claim (or is held, when its
-- version stopped being current meanwhile). Returns the task's id.
WITH job AS (
    UPDATE jobs
    SET state = 'unclaimed',
        finished_at = now()
    WHERE id = :job_id
        AND builder_id = :builder_id
        AND state = 'active'
        AND lease_expires_at > now()
    RETURNING id, task_id
),
task AS (
    UPDATE tasks
    SET state = CASE WHEN crate_version_current(tasks.crate_version_id) THEN 'waiting' ELSE 'held' END::task_state,
        updated_at = now()
    FROM job
    WHERE tasks.id = job.task_id
        AND tasks.state = 'active'
)
SELECT task_id
FROM job;

--! job_stage_set
-- access: primary
-- Move a job on to :stage from :previous_stage (the one before it) and record
-- when it entered it. Returns the job's id.
WITH job AS (
    UPDATE jobs
    SET stage = :stage
    WHERE id = :job_id
        AND builder_id = :builder_id
        AND state = 'active'
        AND lease_expires_at > now()
        AND stage = :previous_stage
    RETURNING id, stage
),
recorded AS (
    INSERT INTO job_stages (job_id, stage)
    SELECT job.id, job.stage
    FROM job
)
SELECT id
FROM job;

--! job_complete (exit_codes[?], reasons[?]) : (task_state?, retry_at?)
-- access: primary
-- Builders finish jobs with their build results, exit codes and short
-- reasons, and their tasks with them: the i-th job of :job_ids by the i-th
-- builder of :builder_ids with the i-th result, exit code and reason, each
-- job at most once per call. Many completions in one statement, because a
-- transaction that notifies (jobs_notify_event) holds the server's
-- notification lock through its commit: the backend batches completions that
-- arrive together into one commit. A task ends succeeded; cancelled; delayed
-- for a retry at now + :backoff_base_ms * 2^(attempts - 1) (at most
-- :backoff_max_ms) after an infrastructure error while it had fewer than
-- :max_attempts jobs; else failed (a crate that does not build, or ran out of
-- time, gives the same answer again). Returns a row per completed job with
-- its result and its task's new state and retry time (no task state when an
-- operator had already cancelled the task); a job left out was not the
-- builder's, not active or out of lease.
WITH input AS (
    SELECT *
    FROM unnest(
        :job_ids::bigint[],
        :builder_ids::bigint[],
        :results::build_result[],
        :exit_codes::integer[],
        :reasons::text[]
    ) AS input (job_id, builder_id, result, exit_code, reason)
),
job AS (
    UPDATE jobs
    SET state = CASE WHEN input.result = 'succeeded' THEN 'succeeded' ELSE 'failed' END::job_state,
        result = input.result,
        exit_code = input.exit_code,
        reason = input.reason,
        finished_at = now()
    FROM input
    WHERE jobs.id = input.job_id
        AND jobs.builder_id = input.builder_id
        AND jobs.state = 'active'
        AND jobs.lease_expires_at > now()
    RETURNING jobs.id, jobs.task_id, jobs.result
),
task AS (
    UPDATE tasks
    SET state = CASE
            WHEN job.result = 'succeeded' THEN 'succeeded'
            WHEN job.result = 'cancelled' THEN 'cancelled'
            WHEN job.result = 'infrastructure_error' AND tasks.attempts < :max_attempts THEN 'delayed'
            ELSE 'failed'
        END::task_state,
        retry_at = CASE
            WHEN job.result = 'infrastructure_error' AND tasks.attempts < :max_attempts
            THEN now() + least(
                :backoff_base_ms::bigint * power(2, greatest(tasks.attempts - 1, 0))::numeric,
                :backoff_max_ms::bigint
            ) * INTERVAL '1 millisecond'
        END,
        updated_at = now()
    FROM job
    WHERE tasks.id = job.task_id
        AND tasks.state = 'active'
    RETURNING tasks.id, tasks.state, tasks.retry_at
)
SELECT
    job.id AS job_id,
    job.result,
    task.state AS task_state,
    task.retry_at
FROM job
LEFT JOIN task ON task.id = job.task_id;

--! job_rescue_expired
-- access: primary
-- The lease rescuer: end up to :limit active jobs whose lease has expired (as
-- expired) and return their tasks to the queue (held, when the version
-- stopped being current meanwhile), or park a task as failed once it has had
-- :max_attempts jobs. Jobs another transaction holds are skipped
-- and rescued by a later pass. Returns each job with its task's new state.
WITH expired AS (
    SELECT id
    FROM jobs
    WHERE state = 'active'
        AND lease_expires_at <= now()
    ORDER BY lease_expires_at
    LIMIT :limit
    FOR UPDATE SKIP LOCKED
),
job AS (
    UPDATE jobs
    SET state = 'expired',
        finished_at = now()
    FROM expired
    WHERE jobs.id = expired.id
    RETURNING jobs.id, jobs.task_id
),
task AS (
    UPDATE tasks
    SET state = CASE
            WHEN tasks.attempts >= :max_attempts THEN 'failed'
            WHEN crate_version_current(tasks.crate_version_id) THEN 'waiting'
            ELSE 'held'
        END::task_state,
        updated_at = now()
    FROM job
    WHERE tasks.id = job.task_id
        AND tasks.state = 'active'
    RETURNING tasks.id, tasks.state, tasks.attempts
)
SELECT
    job.id AS job_id,
    task.id AS task_id,
    task.state,
    task.attempts
FROM job
JOIN task ON task.id = job.task_id
ORDER BY job.id;

--! job_stage_list
-- access: read-only
-- When a job entered each stage, in stage order: `init` when it was created
-- (the claim writes no stage row), the later ones from job_stages.
SELECT
    'init'::job_stage AS stage,
    created_at AS started_at
FROM jobs
WHERE id = :job_id
UNION ALL
SELECT
    stage,
    started_at
FROM job_stages
WHERE job_id = :job_id
    AND stage <> 'init'
ORDER BY stage;
