-- Daily download counts per artifact (table job_artifact_downloads), and
-- the monthly totals retention rolls old days up into
-- (job_artifact_download_months, written by queries/retention.sql). A
-- rolled-up month counts on its first day, so totals always add up and a
-- range of whole months is exact.

--! job_artifact_download_add_many
-- access: primary
-- Add counted downloads, one row per artifact and day. The rows are written
-- in (artifact_id, date) order, so concurrent flushes from several backends
-- lock rows in the same order and never deadlock. Counts of unknown
-- artifacts are dropped. Each (artifact, date) may appear once per call.
INSERT INTO job_artifact_downloads (artifact_id, date, downloads)
SELECT
    counted.artifact_id,
    counted.date,
    counted.downloads
FROM unnest(:artifact_ids::bigint[], :dates::date[], :downloads::bigint[])
    AS counted (artifact_id, date, downloads)
WHERE EXISTS (
    SELECT
    FROM job_artifacts
    WHERE job_artifacts.id = counted.artifact_id
)
ORDER BY counted.artifact_id, counted.date
ON CONFLICT (artifact_id, date) DO UPDATE
SET downloads = job_artifact_downloads.downloads + excluded.downloads;

--! job_artifact_download_daily
-- access: read-only
-- One artifact's downloads per day from :from_date to :to_date (inclusive),
-- days without downloads left out; a month rolled up by retention is one
-- row on its first day.
SELECT
    counted.date,
    sum(counted.downloads)::bigint AS downloads
FROM (
    SELECT
        date,
        downloads
    FROM job_artifact_downloads
    WHERE artifact_id = :artifact_id
        AND date BETWEEN :from_date AND :to_date
    UNION ALL
    SELECT
        month,
        downloads
    FROM job_artifact_download_months
    WHERE artifact_id = :artifact_id
        AND month BETWEEN :from_date AND :to_date
) AS counted (date, downloads)
GROUP BY counted.date
ORDER BY counted.date;

--! job_artifact_download_daily_many
-- access: read-only
-- The downloads per day of each of :artifact_ids from :from_date to :to_date
-- (inclusive), as job_artifact_download_daily counts one: by artifact, then
-- date. One statement for a version page's artifacts.
SELECT
    counted.artifact_id,
    counted.date,
    sum(counted.downloads)::bigint AS downloads
FROM (
    SELECT
        artifact_id,
        date,
        downloads
    FROM job_artifact_downloads
    WHERE artifact_id = ANY (:artifact_ids::bigint[])
        AND date BETWEEN :from_date AND :to_date
    UNION ALL
    SELECT
        artifact_id,
        month,
        downloads
    FROM job_artifact_download_months
    WHERE artifact_id = ANY (:artifact_ids::bigint[])
        AND month BETWEEN :from_date AND :to_date
) AS counted (artifact_id, date, downloads)
GROUP BY counted.artifact_id, counted.date
ORDER BY counted.artifact_id, counted.date;

--! job_artifact_download_total
-- access: read-only
-- One artifact's downloads over all days, rolled-up months included.
SELECT (
    coalesce((
        SELECT sum(downloads)
        FROM job_artifact_downloads
        WHERE artifact_id = :artifact_id
    ), 0)
    + coalesce((
        SELECT sum(downloads)
        FROM job_artifact_download_months
        WHERE artifact_id = :artifact_id
    ), 0)
)::bigint AS downloads;

--! job_artifact_download_top
-- access: read-only
-- The :limit most downloaded published artifacts (of succeeded jobs) from
-- :from_date to :to_date (inclusive), most first, ties by id; a rolled-up
-- month counts when its first day is in the range.
SELECT
    job_artifacts.id AS artifact_id,
    job_artifacts.job_id,
    job_artifacts.name,
    sum(counted.downloads)::bigint AS downloads
FROM (
    SELECT
        artifact_id,
        downloads
    FROM job_artifact_downloads
    WHERE date BETWEEN :from_date AND :to_date
    UNION ALL
    SELECT
        artifact_id,
        downloads
    FROM job_artifact_download_months
    WHERE month BETWEEN :from_date AND :to_date
) AS counted
JOIN job_artifacts ON job_artifacts.id = counted.artifact_id
JOIN jobs ON jobs.id = job_artifacts.job_id
    AND jobs.state = 'succeeded'
GROUP BY job_artifacts.id
ORDER BY downloads DESC, job_artifacts.id
LIMIT :limit;
