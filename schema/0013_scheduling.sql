-- Scheduling: the mirror's change feed, target backfills, build results,
-- retry backoff, and the claim's order (newest first within a priority).
--
-- The feed and the backfills are written by triggers on the tables whose
-- changes they record, so no writer can forget them; the backend's
-- task_scheduler consumes them (queries/scheduler.sql). A scheduling pass
-- therefore costs what changed since the last one, never a scan of every
-- version.

-- Every insert of a version, and every change of whether it is current
-- (yanked, removed, its crate removed), one row per version and change.
-- Written by triggers in registry-sync's transactions; deleted by the
-- scheduler in the transaction that acts on it, so each change is acted on
-- exactly once and none is lost to a crash.
CREATE TABLE registry_changes (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    crate_version_id BIGINT NOT NULL,
    -- Whether the mirror had a finished pass before this change: a new
    -- version is then a fresh publish (built first), else part of the first
    -- mirror (backfilled at low priority).
    fresh BOOLEAN NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Whether the mirror was complete once, as seen by the statement asking;
-- the triggers below ask once per statement, not once per row.
CREATE FUNCTION registry_mirror_complete() RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT
        FROM registry_passes
        WHERE finished_at IS NOT NULL
            AND error IS NULL
    )
$$;

-- New versions: one statement-level insert per INSERT or COPY, and one
-- notification per transaction (the server folds repeats) on channel
-- `buildsrs_registry_changes`, which wakes the scheduler.
CREATE FUNCTION crate_versions_record_inserts() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    mirror_complete BOOLEAN := registry_mirror_complete();
BEGIN
    INSERT INTO registry_changes (crate_version_id, fresh)
    SELECT id, mirror_complete
    FROM inserted_versions
    ORDER BY id;
    IF FOUND THEN
        PERFORM pg_notify('buildsrs_registry_changes', '');
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER crate_versions_record_inserts
AFTER INSERT ON crate_versions
REFERENCING NEW TABLE AS inserted_versions
FOR EACH STATEMENT
EXECUTE FUNCTION crate_versions_record_inserts();

-- Versions yanked, unyanked, removed or restored.
CREATE FUNCTION crate_versions_record_updates() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    mirror_complete BOOLEAN := registry_mirror_complete();
BEGIN
    INSERT INTO registry_changes (crate_version_id, fresh)
    SELECT after.id, mirror_complete
    FROM updated_before AS before
    JOIN updated_after AS after ON after.id = before.id
    WHERE before.yanked IS DISTINCT FROM after.yanked
        OR (before.removed_at IS NULL) IS DISTINCT FROM (after.removed_at IS NULL)
    ORDER BY after.id;
    IF FOUND THEN
        PERFORM pg_notify('buildsrs_registry_changes', '');
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER crate_versions_record_updates
AFTER UPDATE ON crate_versions
REFERENCING OLD TABLE AS updated_before NEW TABLE AS updated_after
FOR EACH STATEMENT
EXECUTE FUNCTION crate_versions_record_updates();

-- Crates removed or restored: every version of theirs changes with them.
CREATE FUNCTION crates_record_updates() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    mirror_complete BOOLEAN := registry_mirror_complete();
BEGIN
    INSERT INTO registry_changes (crate_version_id, fresh)
    SELECT crate_versions.id, mirror_complete
    FROM updated_before AS before
    JOIN updated_after AS after ON after.id = before.id
    JOIN crate_versions ON crate_versions.crate_id = after.id
    WHERE (before.removed_at IS NULL) IS DISTINCT FROM (after.removed_at IS NULL)
    ORDER BY crate_versions.id;
    IF FOUND THEN
        PERFORM pg_notify('buildsrs_registry_changes', '');
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER crates_record_updates
AFTER UPDATE ON crates
REFERENCING OLD TABLE AS updated_before NEW TABLE AS updated_after
FOR EACH STATEMENT
EXECUTE FUNCTION crates_record_updates();

-- Targets whose tasks must still be created for the versions that exist: a
-- target added enabled, or enabled again. The scheduler walks the versions
-- in id order from `next_crate_version_id`, a chunk per statement, and
-- deletes the row when it reaches the end.
CREATE TABLE target_backfills (
    target_id BIGINT PRIMARY KEY REFERENCES targets (id) ON DELETE CASCADE,
    next_crate_version_id BIGINT NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE FUNCTION targets_record_backfill() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO target_backfills (target_id)
    VALUES (NEW.id)
    ON CONFLICT (target_id) DO UPDATE SET next_crate_version_id = 0;
    PERFORM pg_notify('buildsrs_registry_changes', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER targets_record_backfill_on_insert
AFTER INSERT ON targets
FOR EACH ROW
WHEN (NEW.enabled)
EXECUTE FUNCTION targets_record_backfill();

CREATE TRIGGER targets_record_backfill_on_enable
AFTER UPDATE OF enabled ON targets
FOR EACH ROW
WHEN (NEW.enabled AND NOT OLD.enabled)
EXECUTE FUNCTION targets_record_backfill();

-- Targets that existed before this migration start with a backfill, so the
-- versions already mirrored get their tasks.
INSERT INTO target_backfills (target_id)
SELECT id
FROM targets
WHERE enabled;

-- How a job's build went: set by complete, with the builder's exit code and
-- a short reason; NULL for a job that did not complete (active, unclaimed,
-- expired).
ALTER TABLE jobs
    ADD COLUMN result build_result,
    ADD COLUMN exit_code INTEGER,
    ADD COLUMN reason TEXT CHECK (char_length(reason) <= 1024),
    ADD CONSTRAINT jobs_result_only_when_completed
        CHECK (result IS NULL OR state IN ('succeeded', 'failed')),
    ADD CONSTRAINT jobs_succeeded_only_with_success
        CHECK (state <> 'succeeded' OR result IS NULL OR result = 'succeeded');

-- When a delayed task becomes waiting again (its backoff after an
-- infrastructure error).
ALTER TABLE tasks
    ADD COLUMN retry_at TIMESTAMPTZ,
    ADD CONSTRAINT tasks_retry_at_when_delayed CHECK ((state = 'delayed') = (retry_at IS NOT NULL));
-- The rescuer's scan for delayed tasks that are due.
CREATE INDEX tasks_delayed ON tasks (retry_at) WHERE state = 'delayed';
-- Held tasks of a version, released when it is current again.
CREATE INDEX tasks_crate_version_id_held ON tasks (crate_version_id) WHERE state = 'held';

-- The claim's scan, newest first within a priority: the scheduler creates
-- tasks in version order, so a higher task id is a newer version or a later
-- publish.
DROP INDEX tasks_waiting;
CREATE INDEX tasks_waiting ON tasks (target_id, priority DESC, id DESC)
    WHERE state = 'waiting';

GRANT INSERT ON registry_changes TO buildsrs_registry_sync;
GRANT SELECT, DELETE ON registry_changes TO buildsrs_backend;
GRANT SELECT ON registry_changes TO buildsrs_reader;
GRANT SELECT, INSERT, UPDATE, DELETE ON target_backfills TO buildsrs_backend;
GRANT SELECT ON target_backfills TO buildsrs_reader;

-- Whether a version is current: neither yanked nor removed, and its crate
-- not removed. Only current versions get tasks handed out; a task whose
-- version is not current goes to `held` instead of `waiting`.
CREATE FUNCTION crate_version_current(version_id BIGINT) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT crate_versions.removed_at IS NULL
        AND NOT crate_versions.yanked
        AND crates.removed_at IS NULL
    FROM crate_versions
    JOIN crates ON crates.id = crate_versions.crate_id
    WHERE crate_versions.id = version_id
$$;
