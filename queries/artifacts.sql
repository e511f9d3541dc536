-- Files a job produced (table job_artifacts). A trigger of
-- 0006_backend.sql refuses any write once the job has finished.

--! job_artifact_upsert
-- access: primary
-- Record (or, while the job runs, replace) an artifact of a job its builder
-- holds under a running lease; returns the artifact's id, or nothing when the
-- job is not the builder's, not active, or its lease has run out.
INSERT INTO job_artifacts (job_id, name, sha256, size)
SELECT jobs.id, :name, :sha256, :size
FROM jobs
WHERE jobs.id = :job_id
    AND jobs.builder_id = :builder_id
    AND jobs.state = 'active'
    AND jobs.lease_expires_at > now()
ON CONFLICT (job_id, name) DO UPDATE
SET sha256 = excluded.sha256,
    size = excluded.size,
    created_at = now()
RETURNING id;

--: ArtifactRow ()

--! job_artifact_list : ArtifactRow
-- access: read-only
-- The artifacts of a job, by name.
SELECT
    id,
    job_id,
    name,
    sha256,
    size,
    created_at
FROM job_artifacts
WHERE job_id = :job_id
ORDER BY name;

--! job_artifact_list_by_version : ArtifactRow
-- access: read-only
-- The published artifacts (of succeeded jobs) of every job of a crate
-- version: newest job first, then by name (the order of
-- catalog_version_jobs, one query for all of them).
SELECT
    job_artifacts.id,
    job_artifacts.job_id,
    job_artifacts.name,
    job_artifacts.sha256,
    job_artifacts.size,
    job_artifacts.created_at
FROM tasks
JOIN jobs ON jobs.task_id = tasks.id
    AND jobs.state = 'succeeded'
JOIN job_artifacts ON job_artifacts.job_id = jobs.id
WHERE tasks.crate_version_id = :crate_version_id
ORDER BY jobs.id DESC, job_artifacts.name;

--! job_artifact_get : ArtifactRow
-- access: read-only
-- One artifact.
SELECT
    id,
    job_id,
    name,
    sha256,
    size,
    created_at
FROM job_artifacts
WHERE id = :artifact_id;

--! job_artifact_get_published : ArtifactRow
-- access: read-only
-- One artifact, if it is published: its job succeeded. The artifacts of a
-- job that did not succeed are never served to the public.
SELECT
    job_artifacts.id,
    job_artifacts.job_id,
    job_artifacts.name,
    job_artifacts.sha256,
    job_artifacts.size,
    job_artifacts.created_at
FROM job_artifacts
JOIN jobs ON jobs.id = job_artifacts.job_id
WHERE job_artifacts.id = :artifact_id
    AND jobs.state = 'succeeded';

--! job_artifact_list_published : ArtifactRow
-- access: read-only
-- The artifacts of a job, by name, if the job succeeded (else none).
SELECT
    job_artifacts.id,
    job_artifacts.job_id,
    job_artifacts.name,
    job_artifacts.sha256,
    job_artifacts.size,
    job_artifacts.created_at
FROM job_artifacts
JOIN jobs ON jobs.id = job_artifacts.job_id
WHERE job_artifacts.job_id = :job_id
    AND jobs.state = 'succeeded'
ORDER BY job_artifacts.name;

--! job_artifact_delete
-- access: primary
-- Delete an artifact; the immutability trigger refuses it once the job has
-- finished. Returns its id.
DELETE FROM job_artifacts
WHERE id = :artifact_id
RETURNING id;

--! job_artifact_sha256_referenced
-- access: read-only
-- Which of the given SHA-256s an artifact row names: the orphan collector
-- keeps those objects. Run on the primary, so that a row just committed is
-- seen.
SELECT DISTINCT sha256
FROM job_artifacts
WHERE sha256 = ANY(:sha256s::bytea[]);

--! job_artifact_sha256_page
-- access: read-only
-- The distinct SHA-256s artifact rows name, with their size, after
-- :after in byte order: the scrub's pages (job_artifacts_sha256 of
-- 0022_artifact_sha256_index.sql).
SELECT DISTINCT ON (sha256)
    sha256,
    size
FROM job_artifacts
WHERE sha256 > :after::bytea
ORDER BY sha256
LIMIT :limit::bigint;
