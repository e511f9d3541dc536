-- Artifact rows by SHA-256: the orphan collector asks which stored objects a
-- row still names, and the scrub pages through the named ones in order.
CREATE INDEX job_artifacts_sha256 ON job_artifacts (sha256);
