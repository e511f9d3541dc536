-- Facts about the databases of a server (pg_database), for the test-database
-- manager. Creating and dropping databases cannot be written here: Postgres
-- takes no bind parameters for identifiers, see crates/database/src/temp.rs.

--! database_exists
-- access: primary
SELECT EXISTS (
    SELECT
    FROM pg_database
    WHERE datname = :name
) AS exists;

--! server_fsync
-- access: primary
-- Whether the server syncs writes to disk: with fsync on, a FILE_COPY clone
-- waits for a checkpoint, and WAL_LOG is the faster copy.
SELECT current_setting('fsync') = 'on' AS fsync;
