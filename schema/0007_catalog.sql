-- Indexes for the public catalog (queries/catalog.sql): crate names are
-- looked up and listed case-insensitively, in byte order, so a prefix search
-- is one index range whatever the database's collation.
CREATE INDEX crates_lower_name_c ON crates ((lower(name) COLLATE "C"));

-- The jobs of a task, newest first, for a version's page.
CREATE INDEX jobs_task_id ON jobs (task_id, id DESC);
