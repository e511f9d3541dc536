-- Parameters: $1 the job, $2 the first line, $3 the most lines. The read of
-- backends built before schema/0023_log_chunks.sql; the benchmark runs it
-- against the per-line table of its baseline.
SELECT
    line_number,
    stage,
    line,
    logged_at
FROM job_logs
WHERE job_id = $1::bigint
    AND line_number >= $2::bigint
ORDER BY line_number
LIMIT $3::bigint
