-- The reference check of task inserts (0008) joins only the crate versions
-- in the id range the statement wrote, not every version.
--
-- Its anti-join was planned as a hash join over a scan of all of
-- crate_versions: right for the full scan that writes the tasks of every
-- version at once, but the scheduler writes a batch at a time, and each batch
-- scanned every version again (118 ms a batch on 200k versions, measured
-- with auto_explain; linear in the size of the mirror). A batch of the change
-- feed names neighbouring versions, so the range is about its own size, and
-- it is never wider than the whole table.
CREATE OR REPLACE FUNCTION tasks_check_references() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    low BIGINT;
    high BIGINT;
    missing RECORD;
BEGIN
    SELECT min(crate_version_id), max(crate_version_id)
    INTO low, high
    FROM written_tasks;
    IF low IS NULL THEN
        RETURN NULL;
    END IF;

    PERFORM
    FROM targets
    WHERE id IN (SELECT DISTINCT target_id FROM written_tasks)
    FOR KEY SHARE;

    SELECT
        written.crate_version_id,
        written.target_id,
        versions.id IS NULL AS version_missing
    INTO missing
    FROM written_tasks AS written
    LEFT JOIN (
        SELECT id FROM crate_versions WHERE id BETWEEN low AND high
    ) AS versions ON versions.id = written.crate_version_id
    LEFT JOIN targets ON targets.id = written.target_id
    WHERE versions.id IS NULL
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
