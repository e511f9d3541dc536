-- Build output (table job_logs), numbered per job from 0 by the counter
-- jobs.log_lines, which only job_log_append_many moves.

--! job_log_append_many
-- access: primary
-- Append a batch of lines of one stage to a job its builder holds, numbered
-- from :first_line, which must be the job's line count: a batch sent twice or
-- out of order is refused instead of stored twice. The stage may be the job's
-- current stage or an earlier one (output flushed late). Bumping the counter
-- locks the job row, so batches of one job are numbered one after the other.
-- Returns the line count after the batch.
WITH job AS (
    UPDATE jobs
    SET log_lines = log_lines + cardinality(:lines::text[])
    WHERE id = :job_id
        AND builder_id = :builder_id
        AND state = 'active'
        AND lease_expires_at > now()
        AND log_lines = :first_line
        AND stage >= :stage
    RETURNING id, log_lines
),
inserted AS (
    INSERT INTO job_logs (job_id, line_number, stage, line)
    SELECT job.id, :first_line::bigint + batch.ordinality - 1, :stage, batch.line
    FROM job
    CROSS JOIN unnest(:lines::text[]) WITH ORDINALITY AS batch (line, ordinality)
)
SELECT log_lines
FROM job;

--! job_log_list_from
-- access: read-only
-- Up to :limit lines of a job from line :from_line on, in order.
SELECT
    line_number,
    stage,
    line,
    logged_at
FROM job_logs
WHERE job_id = :job_id
    AND line_number >= :from_line
ORDER BY line_number
LIMIT :limit;
