-- Parameters: $1 the artifact, $2 the day, $3 the downloads to add.
-- Count downloads of one artifact on one day with a statement of its own: the
-- per-event baseline of the benchmark. The counter never uses it.
INSERT INTO job_artifact_downloads (artifact_id, date, downloads)
VALUES ($1::bigint, $2::date, $3::bigint)
ON CONFLICT (artifact_id, date) DO UPDATE
SET downloads = job_artifact_downloads.downloads + excluded.downloads;
