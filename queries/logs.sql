-- Build output (table job_log_chunks), one chunk per appended batch, its
-- lines numbered per job from 0 by the counter jobs.log_lines, which only
-- the job_log_append statements move. The view job_logs is for backends
-- built before the chunks; nothing here uses it.

--! job_log_append_many
-- access: primary
-- Append a batch of :line_count lines (:byte_count bytes, compressed into
-- :chunk) of one stage to a job its builder holds, numbered from
-- :first_line, which must be the job's line count: a batch sent twice or out
-- of order is refused instead of stored twice. The stage may be the job's
-- current stage or an earlier one (output flushed late). Bumping the counter
-- locks the job row, so batches of one job are numbered one after the other.
-- A batch that would take the job's stored bytes past :max_bytes matches
-- nothing (the caller cuts it, job_log_append_truncated); once the log was
-- cut, a batch is accepted and not stored. Returns the line count after the
-- batch.
WITH job AS (
    UPDATE jobs
    SET log_lines = log_lines + CASE WHEN log_truncated THEN 0 ELSE :line_count::bigint END,
        log_bytes = log_bytes + CASE WHEN log_truncated THEN 0 ELSE :byte_count::bigint END
    WHERE id = :job_id
        AND builder_id = :builder_id
        AND state = 'active'
        AND lease_expires_at > now()
        AND log_lines = :first_line
        AND stage >= :stage
        AND (log_truncated OR log_bytes + :byte_count::bigint <= :max_bytes::bigint)
    RETURNING id, log_lines, log_truncated
),
inserted AS (
    INSERT INTO job_log_chunks (job_id, first_line, last_line, stage, encoding, lines)
    SELECT job.id, :first_line, job.log_lines - 1, :stage, 'zstd', :chunk
    FROM job
    WHERE NOT job.log_truncated
        AND :line_count::bigint > 0
)
SELECT log_lines
FROM job;

--! job_log_append_truncated
-- access: primary
-- Append the last chunk a job's log gets: the part of a batch that fits
-- under the cap and the truncation marker, :line_count lines holding
-- :byte_count bytes. The same checks as job_log_append_many, and the job's
-- stored bytes must still be :stored_bytes (what the cut was computed from).
-- Returns the line count after the chunk.
WITH job AS (
    UPDATE jobs
    SET log_lines = log_lines + :line_count::bigint,
        log_bytes = log_bytes + :byte_count::bigint,
        log_truncated = true
    WHERE id = :job_id
        AND builder_id = :builder_id
        AND state = 'active'
        AND lease_expires_at > now()
        AND log_lines = :first_line
        AND stage >= :stage
        AND NOT log_truncated
        AND log_bytes = :stored_bytes
    RETURNING id, log_lines
),
inserted AS (
    INSERT INTO job_log_chunks (job_id, first_line, last_line, stage, encoding, lines)
    SELECT job.id, :first_line, job.log_lines - 1, :stage, 'zstd', :chunk
    FROM job
)
SELECT log_lines
FROM job;

--! job_log_size
-- access: primary
-- How much of a job's log is stored: lines, their bytes, and whether it was
-- cut at the cap. Read on the primary by the append that must cut a batch.
SELECT
    log_lines,
    log_bytes,
    log_truncated
FROM jobs
WHERE id = :job_id;

--! job_log_chunk_list
-- access: read-only
-- The chunks of a job that hold lines from :from_line up to, not including,
-- :until_line, in order: the chunk holding :from_line (the last one starting
-- at or before it) and those after it that start before :until_line. Two
-- range scans of the primary key.
SELECT
    first_line,
    last_line,
    stage,
    encoding,
    lines,
    logged_at
FROM job_log_chunks
WHERE job_id = :job_id
    AND first_line >= coalesce((
        SELECT max(first_line)
        FROM job_log_chunks
        WHERE job_id = :job_id
            AND first_line <= :from_line::bigint
    ), 0)
    AND first_line < :until_line::bigint
ORDER BY first_line;
