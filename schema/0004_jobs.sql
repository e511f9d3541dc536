-- Build work: tasks to do, jobs (attempts at a task by one builder), their
-- stages, logs, artifacts and daily artifact download counts.
--
-- Owned by the backend. A task is what should be built (a crate version for a
-- target, of a kind); a job is one builder's leased attempt at it.

-- What a task produces.
CREATE TYPE task_kind AS ENUM (
    -- Crate metadata (cargo metadata output and the like).
    'metadata',
    -- Compiled binaries of the crate.
    'binary'
);

-- Where a task is in its life. Moved out of `waiting` by a claim; out of
-- `active` by complete, unclaim or the lease rescuer.
CREATE TYPE task_state AS ENUM ('waiting', 'active', 'succeeded', 'failed');

-- The steps of a job, in order.
CREATE TYPE job_stage AS ENUM ('init', 'fetch', 'build', 'upload');

-- How a job ended, or `active` while its lease runs.
CREATE TYPE job_state AS ENUM ('active', 'succeeded', 'failed', 'unclaimed', 'expired');

CREATE TABLE tasks (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    crate_version_id BIGINT NOT NULL REFERENCES crate_versions (id),
    target_id BIGINT NOT NULL REFERENCES targets (id),
    kind task_kind NOT NULL,
    state task_state NOT NULL DEFAULT 'waiting',
    -- Higher first; ties go to the oldest task.
    priority INTEGER NOT NULL DEFAULT 0,
    -- Jobs started for this task; the rescuer parks it as failed past a limit.
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (crate_version_id, target_id, kind)
);
-- The claim's scan: waiting tasks of a target, best first.
CREATE INDEX tasks_waiting ON tasks (target_id, priority DESC, created_at, id)
    WHERE state = 'waiting';

CREATE TABLE jobs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_id BIGINT NOT NULL REFERENCES tasks (id),
    builder_id BIGINT NOT NULL REFERENCES builders (id),
    state job_state NOT NULL DEFAULT 'active',
    stage job_stage NOT NULL DEFAULT 'init',
    lease_expires_at TIMESTAMPTZ NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at TIMESTAMPTZ,
    CHECK ((state = 'active') = (finished_at IS NULL))
);
-- A task has at most one active job: two builders never hold the same task.
CREATE UNIQUE INDEX jobs_one_active_per_task ON jobs (task_id) WHERE state = 'active';
-- The rescuer's scan for expired leases.
CREATE INDEX jobs_active_lease ON jobs (lease_expires_at) WHERE state = 'active';
CREATE INDEX jobs_builder_id ON jobs (builder_id);

-- When each job entered each stage.
CREATE TABLE job_stages (
    job_id BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    stage job_stage NOT NULL,
    started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (job_id, stage)
);

-- Build output, one row per line, numbered from 0 per job across stages so a
-- reader resumes from the last line it saw.
CREATE TABLE job_logs (
    job_id BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    line_number BIGINT NOT NULL CHECK (line_number >= 0),
    stage job_stage NOT NULL,
    line TEXT NOT NULL,
    logged_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (job_id, line_number)
);

-- Files a job produced; immutable once the job has finished.
CREATE TABLE job_artifacts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id BIGINT NOT NULL REFERENCES jobs (id),
    name TEXT NOT NULL CHECK (name ~ '^[A-Za-z0-9_.+-]{1,255}$'),
    sha256 BYTEA NOT NULL CHECK (octet_length(sha256) = 32),
    size BIGINT NOT NULL CHECK (size >= 0),
    signature BYTEA,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (job_id, name)
);

-- Downloads per artifact per day (UTC).
CREATE TABLE job_artifact_downloads (
    artifact_id BIGINT NOT NULL REFERENCES job_artifacts (id),
    date DATE NOT NULL,
    downloads BIGINT NOT NULL CHECK (downloads >= 0),
    PRIMARY KEY (artifact_id, date)
);
-- Top artifacts over a date range.
CREATE INDEX job_artifact_downloads_date ON job_artifact_downloads (date);

GRANT SELECT, INSERT, UPDATE, DELETE ON tasks, jobs, job_stages, job_logs, job_artifacts, job_artifact_downloads TO buildsrs_backend;
GRANT SELECT ON tasks, jobs, job_stages, job_logs, job_artifacts, job_artifact_downloads TO buildsrs_reader;
