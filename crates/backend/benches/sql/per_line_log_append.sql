-- Parameters: $1 the lines, $2 the job, $3 its builder, $4 the first line's
-- number, $5 the stage (as text). The append of backends built before
-- schema/0023_log_chunks.sql, one row per line into job_logs: since then a
-- view that stores each row as a chunk of its own, which the tests prove;
-- the benchmark runs it against the per-line table of its baseline
-- (per_line_log_table.sql).
WITH job AS (
    UPDATE jobs
    SET log_lines = log_lines + cardinality($1::text[])
    WHERE id = $2::bigint
        AND builder_id = $3::bigint
        AND state = 'active'
        AND lease_expires_at > now()
        AND log_lines = $4::bigint
        AND stage >= $5::text::job_stage
    RETURNING id, log_lines
),
inserted AS (
    INSERT INTO job_logs (job_id, line_number, stage, line)
    SELECT job.id, $4::bigint + batch.ordinality - 1, $5::text::job_stage, batch.line
    FROM job
    CROSS JOIN unnest($1::text[]) WITH ORDINALITY AS batch (line, ordinality)
)
SELECT log_lines
FROM job
