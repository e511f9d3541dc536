-- Indexes for the public catalog (queries/catalog.sql). Crates are found by
-- crates_lower_name (0005_registry_sync.sql).

-- The jobs of a task, newest first, for a version's page.
CREATE INDEX jobs_task_id ON jobs (task_id, id DESC);
