-- What the backend crate adds to the build-work tables of 0004_jobs.sql: a
-- per-job log line counter, the notifications of the LISTEN/NOTIFY bus, and
-- the immutability of a finished job's artifacts.
--
-- Owned by the backend (crates/backend).

-- How many log lines a job has: the next line's number. Appending a batch
-- bumps it in the same statement that inserts the lines, so the row lock on
-- the job numbers concurrent batches without gaps or duplicates.
ALTER TABLE jobs
    ADD COLUMN log_lines BIGINT NOT NULL DEFAULT 0 CHECK (log_lines >= 0);

-- Channel `buildsrs_work`: a task became claimable again (unclaimed or
-- rescued); the payload is its target's id. New tasks are announced by the
-- statement that creates them (tasks.sql), once per target rather than once
-- per row, because a row trigger would fire millions of times there.
CREATE FUNCTION tasks_notify_work() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('buildsrs_work', NEW.target_id::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER tasks_notify_work
AFTER UPDATE OF state ON tasks
FOR EACH ROW
WHEN (NEW.state = 'waiting' AND OLD.state <> 'waiting')
EXECUTE FUNCTION tasks_notify_work();

-- Channel `buildsrs_job_events`: a job changed stage or state, or got log
-- lines. The payload is the job's id, stage, state and line count as JSON;
-- one channel for every job, because channel names are fixed identifiers.
CREATE FUNCTION jobs_notify_event() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify(
        'buildsrs_job_events',
        json_build_object(
            'job', NEW.id,
            'stage', NEW.stage,
            'state', NEW.state,
            'log_lines', NEW.log_lines
        )::text
    );
    RETURN NULL;
END
$$;

CREATE TRIGGER jobs_notify_event
AFTER UPDATE OF stage, state, log_lines ON jobs
FOR EACH ROW
WHEN (
    OLD.stage IS DISTINCT FROM NEW.stage
    OR OLD.state IS DISTINCT FROM NEW.state
    OR OLD.log_lines IS DISTINCT FROM NEW.log_lines
)
EXECUTE FUNCTION jobs_notify_event();

-- A finished job's artifacts never change: any write to an artifact of a job
-- that is not active fails. The job row is locked FOR SHARE so a write racing
-- the job's completion either finishes first or sees the job finished.
CREATE FUNCTION job_artifacts_require_active_job() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    artifact_job_id BIGINT;
    job_state_now job_state;
BEGIN
    IF TG_OP = 'DELETE' THEN
        artifact_job_id := OLD.job_id;
    ELSE
        artifact_job_id := NEW.job_id;
    END IF;
    SELECT state INTO job_state_now FROM jobs WHERE id = artifact_job_id FOR SHARE;
    IF job_state_now IS DISTINCT FROM 'active' THEN
        RAISE EXCEPTION 'the artifacts of job % are immutable: the job is %', artifact_job_id, job_state_now
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER job_artifacts_require_active_job
BEFORE INSERT OR UPDATE OR DELETE ON job_artifacts
FOR EACH ROW
EXECUTE FUNCTION job_artifacts_require_active_job();
