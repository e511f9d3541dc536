-- A version's crate is checked once per statement, not once per row.
--
-- The foreign key from crate_versions to crates looked up and locked a crate
-- for every version written: half of the server's time in a full sync (and
-- in a raw COPY of the same rows) went there. The same guarantees, set-based,
-- as tasks check theirs (0008_task_references.sql):
--   * every version names an existing crate: one anti-join over the crates an
--     INSERT or COPY statement wrote versions for;
--   * a version never moves to another crate, and no id of either table ever
--     changes, so a checked reference stays true;
--   * crates are never deleted or truncated (registry-sync marks them
--     removed), as crate versions already are, so no reference can dangle.
-- Crates need no row lock while a version is checked: nothing can delete
-- them. The reference from a crate to its latest version stays a (deferrable)
-- foreign key: it is checked once per crate, a small share of the rows.

ALTER TABLE crate_versions
    DROP CONSTRAINT crate_versions_crate_id_fkey;

-- Rejects a statement that wrote versions of a missing crate, with a foreign
-- key's SQLSTATE (23503).
CREATE FUNCTION crate_versions_check_crate() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    missing BIGINT;
BEGIN
    SELECT written.crate_id
    INTO missing
    FROM (SELECT DISTINCT crate_id FROM written_versions) AS written
    WHERE NOT EXISTS (SELECT FROM crates WHERE crates.id = written.crate_id)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'insert on table "crate_versions" names a crate that does not exist'
            USING ERRCODE = 'foreign_key_violation',
                DETAIL = format('Key (crate_id)=(%s) is not present in table "crates".', missing);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER crate_versions_check_crate
AFTER INSERT ON crate_versions
REFERENCING NEW TABLE AS written_versions
FOR EACH STATEMENT
EXECUTE FUNCTION crate_versions_check_crate();

-- Ids and a version's crate are fixed once written; an identity column alone
-- would still allow `SET id = DEFAULT`.
CREATE FUNCTION mirror_identity_fixed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the id of % row % never changes, nor the crate of a version', TG_TABLE_NAME, OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;

CREATE TRIGGER crate_versions_identity_fixed
BEFORE UPDATE OF id, crate_id ON crate_versions
FOR EACH ROW
WHEN (OLD.id IS DISTINCT FROM NEW.id OR OLD.crate_id IS DISTINCT FROM NEW.crate_id)
EXECUTE FUNCTION mirror_identity_fixed();

CREATE TRIGGER crates_identity_fixed
BEFORE UPDATE OF id ON crates
FOR EACH ROW
WHEN (OLD.id IS DISTINCT FROM NEW.id)
EXECUTE FUNCTION mirror_identity_fixed();

-- Crates are never deleted: their versions, jobs and artifacts keep pointing
-- at them, and registry-sync marks a crate removed instead.
CREATE FUNCTION crates_never_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'crates are never deleted; set removed_at instead'
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;

CREATE TRIGGER crates_never_deleted
BEFORE DELETE OR TRUNCATE ON crates
FOR EACH STATEMENT
EXECUTE FUNCTION crates_never_deleted();
