-- Task creation checks its references once per statement, not once per row.
--
-- A foreign key checks every inserted row on its own (a lookup and a row lock
-- per row); creating the tasks of two million versions spent two thirds of
-- its time there. The same guarantees, set-based:
--   * every task names an existing crate version and target: one anti-join
--     over all rows an INSERT statement wrote, and what a task builds never
--     changes afterwards;
--   * crate versions are never deleted (registry-sync marks them removed),
--     now enforced, so a task's version cannot dangle later;
--   * a target that tasks name cannot be deleted: the insert check holds the
--     targets it saw (FOR KEY SHARE, as a foreign key does) until commit, and
--     a delete checks for tasks once it holds the row.
-- Ids of crate_versions and targets never change (GENERATED ALWAYS identity).

ALTER TABLE tasks
    DROP CONSTRAINT tasks_crate_version_id_fkey,
    DROP CONSTRAINT tasks_target_id_fkey;

-- Rejects an INSERT statement that wrote tasks naming a missing crate version
-- or target, with a foreign key's SQLSTATE (23503).
CREATE FUNCTION tasks_check_references() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    missing RECORD;
BEGIN
    PERFORM
    FROM targets
    WHERE id IN (SELECT DISTINCT target_id FROM written_tasks)
    FOR KEY SHARE;

    SELECT
        written.crate_version_id,
        written.target_id,
        crate_versions.id IS NULL AS version_missing
    INTO missing
    FROM written_tasks AS written
    LEFT JOIN crate_versions ON crate_versions.id = written.crate_version_id
    LEFT JOIN targets ON targets.id = written.target_id
    WHERE crate_versions.id IS NULL
        OR targets.id IS NULL
    LIMIT 1;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    IF missing.version_missing THEN
        RAISE EXCEPTION 'insert on table "tasks" names a crate version that does not exist'
            USING ERRCODE = 'foreign_key_violation',
                DETAIL = format('Key (crate_version_id)=(%s) is not present in table "crate_versions".', missing.crate_version_id);
    END IF;
    RAISE EXCEPTION 'insert on table "tasks" names a target that does not exist'
        USING ERRCODE = 'foreign_key_violation',
            DETAIL = format('Key (target_id)=(%s) is not present in table "targets".', missing.target_id);
END
$$;

CREATE TRIGGER tasks_check_references
AFTER INSERT ON tasks
REFERENCING NEW TABLE AS written_tasks
FOR EACH STATEMENT
EXECUTE FUNCTION tasks_check_references();

-- What a task builds never changes, so updates need no reference check.
CREATE FUNCTION tasks_identity_fixed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the crate version and target of task % never change', OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;

CREATE TRIGGER tasks_identity_fixed
BEFORE UPDATE OF crate_version_id, target_id ON tasks
FOR EACH ROW
WHEN (OLD.crate_version_id IS DISTINCT FROM NEW.crate_version_id
    OR OLD.target_id IS DISTINCT FROM NEW.target_id)
EXECUTE FUNCTION tasks_identity_fixed();

-- Crate versions are never deleted: jobs, artifacts and tasks keep pointing
-- at them, and registry-sync marks a version removed instead.
CREATE FUNCTION crate_versions_never_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'crate versions are never deleted; set removed_at instead'
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;

CREATE TRIGGER crate_versions_never_deleted
BEFORE DELETE OR TRUNCATE ON crate_versions
FOR EACH STATEMENT
EXECUTE FUNCTION crate_versions_never_deleted();

-- Refuses to delete a target that tasks name, as the foreign key did. The
-- row is locked when this runs, so a task insert either committed first
-- (and is seen here) or waits for this delete (and then misses the target).
-- Deleting targets is rare admin work: the scan has no index by target alone,
-- which every task insert would pay for.
CREATE FUNCTION targets_keep_referenced() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM FROM tasks WHERE target_id = OLD.id LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'target % still has tasks; disable it instead of deleting it', OLD.id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN OLD;
END
$$;

CREATE TRIGGER targets_keep_referenced
BEFORE DELETE ON targets
FOR EACH ROW
EXECUTE FUNCTION targets_keep_referenced();

-- TRUNCATE skips row triggers: refuse it while any task exists.
CREATE FUNCTION targets_keep_referenced_on_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM FROM tasks LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'cannot truncate targets while tasks exist'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER targets_keep_referenced_on_truncate
BEFORE TRUNCATE ON targets
FOR EACH STATEMENT
EXECUTE FUNCTION targets_keep_referenced_on_truncate();
