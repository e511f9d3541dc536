-- The per-line log table of before schema/0023_log_chunks.sql, under another
-- name: the benchmark's baseline for bytes on disk, appends and reads.
CREATE TABLE per_line_job_logs (
    job_id BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    line_number BIGINT NOT NULL CHECK (line_number >= 0),
    stage job_stage NOT NULL,
    line TEXT NOT NULL,
    logged_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (job_id, line_number)
)
