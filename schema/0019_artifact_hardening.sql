-- Artifacts: no unverified signature, no names a file system or a shell
-- reads as something else.
--
-- The signature column held whatever an upload's signature header said:
-- neither signed with the request nor verified, and published as given. No
-- builder sent one, and today's queries neither write nor read it. The
-- column stays, always NULL, because binaries of before this migration still
-- name it while an upgrade rolls out; a later migration drops it.
UPDATE job_artifacts SET signature = NULL WHERE signature IS NOT NULL;
ALTER TABLE job_artifacts
    ADD CONSTRAINT job_artifacts_no_unverified_signature
    CHECK (signature IS NULL);

-- Names starting with `.` (`.`, `..`, hidden files) or `-` (read as an
-- option by whatever is handed the file) are refused from now on. NOT VALID:
-- the rows written before are not scanned, so an old one does not block the
-- migration; every new or updated row is checked.
ALTER TABLE job_artifacts
    ADD CONSTRAINT job_artifacts_name_no_leading_dot_or_dash
    CHECK (name !~ '^[.-]') NOT VALID;
