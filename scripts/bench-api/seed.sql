-- A job for the public API benchmark: an active job of serde :version's
-- binary task on the builder the script registered, with :lines log lines of
-- compiler-like output. Run by psql after the 2019 index is mirrored and the
-- task exists; prints the job's id.
\set ON_ERROR_STOP on
BEGIN;
WITH task AS (
    UPDATE tasks
    SET state = 'active', attempts = 1, updated_at = now()
    FROM crate_versions, crates
    WHERE crate_versions.id = tasks.crate_version_id
        AND crates.id = crate_versions.crate_id
        AND crates.name = 'serde'
        AND crate_versions.version = :'version'
        AND tasks.kind = 'binary'
    RETURNING tasks.id
),
job AS (
    INSERT INTO jobs (task_id, builder_id, stage, lease_expires_at, log_lines)
    SELECT task.id, (SELECT min(id) FROM builders), 'build', now() + INTERVAL '1 day', :lines
    FROM task
    RETURNING id
),
stages AS (
    INSERT INTO job_stages (job_id, stage)
    SELECT job.id, stage
    FROM job, unnest(ARRAY['fetch', 'build']::job_stage[]) AS stage
),
-- Chunks of 1,000 lines, stored 'plain' (SQL has no zstd): what the
-- migration makes of per-line rows; the backend reads both encodings.
chunks AS (
    INSERT INTO job_log_chunks (job_id, first_line, last_line, stage, encoding, lines)
    SELECT job.id, min(n), max(n), 'build', 'plain',
        string_agg(convert_to(format('   Compiling crate-%s v1.0.%s (registry `crates-io`): warning: unused variable `x%s` at src/lib.rs:%s:9', n % 977, n % 13, n, n % 5000), 'UTF8'), '\x00'::bytea ORDER BY n)
    FROM job, generate_series(0, :lines - 1) AS n
    GROUP BY job.id, n / 1000
)
SELECT id FROM job;
COMMIT;
