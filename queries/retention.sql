-- Retention, run by `buildsrs-database gc`: removes the logs of superseded
-- jobs (job_log_chunks, and the jobs' log counters) and rolls daily download
-- counts (job_artifact_downloads) up into job_artifact_download_months, which
-- it owns. A job is superseded when it ended other than succeeded and a later
-- job of its task succeeded; the latest job, a running one and a succeeded
-- one never are.

--! retention_superseded_log_count
-- access: read-only
-- What retention_superseded_log_remove would remove with :log_days: the
-- superseded jobs that ended more than :log_days days ago and still have a
-- log, their lines and stored bytes.
SELECT
    count(*)::bigint AS jobs,
    coalesce(sum(old.log_lines), 0)::bigint AS lines,
    coalesce(sum(old.log_bytes), 0)::bigint AS bytes
FROM jobs AS old
WHERE old.state NOT IN ('active', 'succeeded')
    AND old.finished_at < now() - make_interval(days => :log_days::int)
    AND old.log_lines > 0
    AND EXISTS (
        SELECT
        FROM jobs AS later
        WHERE later.task_id = old.task_id
            AND later.id > old.id
            AND later.state = 'succeeded'
    );

--! retention_superseded_log_remove
-- access: primary
-- Removes the logs of up to :batch superseded jobs that ended more than
-- :log_days days ago (their chunks; their line count goes back to 0, so a
-- follower sees an ended, empty log). Returns the jobs, lines and bytes
-- removed; 0 jobs when none is left.
WITH doomed AS (
    SELECT
        old.id,
        old.log_lines,
        old.log_bytes
    FROM jobs AS old
    WHERE old.state NOT IN ('active', 'succeeded')
        AND old.finished_at < now() - make_interval(days => :log_days::int)
        AND old.log_lines > 0
        AND EXISTS (
            SELECT
            FROM jobs AS later
            WHERE later.task_id = old.task_id
                AND later.id > old.id
                AND later.state = 'succeeded'
        )
    ORDER BY old.id
    LIMIT :batch
    FOR UPDATE OF old SKIP LOCKED
),
chunks AS (
    DELETE FROM job_log_chunks
    USING doomed
    WHERE job_log_chunks.job_id = doomed.id
),
emptied AS (
    UPDATE jobs
    SET log_lines = 0,
        log_bytes = 0,
        log_truncated = false
    FROM doomed
    WHERE jobs.id = doomed.id
    RETURNING jobs.id
)
SELECT
    count(*)::bigint AS jobs,
    coalesce(sum(doomed.log_lines), 0)::bigint AS lines,
    coalesce(sum(doomed.log_bytes), 0)::bigint AS bytes
FROM doomed
JOIN emptied ON emptied.id = doomed.id;

--! retention_download_day_count
-- access: read-only
-- What retention_download_day_roll_up would move with :download_days: the
-- daily rows of days (UTC) more than :download_days days ago, and their
-- downloads.
SELECT
    count(*)::bigint AS days,
    coalesce(sum(downloads), 0)::bigint AS downloads
FROM job_artifact_downloads
WHERE date < (now() AT TIME ZONE 'UTC')::date - :download_days::int;

--! retention_download_day_roll_up
-- access: primary
-- Moves the daily rows of days more than :download_days days ago into their
-- months' totals, in one statement, so every total is the same before and
-- after. Rows are written in (artifact, month) order, as the flusher writes
-- its own. Returns the daily rows moved and their downloads.
WITH moved AS (
    DELETE FROM job_artifact_downloads
    WHERE date < (now() AT TIME ZONE 'UTC')::date - :download_days::int
    RETURNING artifact_id, date, downloads
),
months AS (
    INSERT INTO job_artifact_download_months (artifact_id, month, downloads)
    SELECT
        artifact_id,
        date_trunc('month', date)::date,
        sum(downloads)::bigint
    FROM moved
    GROUP BY artifact_id, date_trunc('month', date)::date
    ORDER BY artifact_id, date_trunc('month', date)::date
    ON CONFLICT (artifact_id, month) DO UPDATE
    SET downloads = job_artifact_download_months.downloads + excluded.downloads
)
SELECT
    count(*)::bigint AS days,
    coalesce(sum(downloads), 0)::bigint AS downloads
FROM moved;
