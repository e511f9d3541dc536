-- Server facts the pool's health check and `status` report. Touches no table.

--! server_health
-- access: read-only
-- The server's version and whether it is a read-only standby. Writes
-- nothing: the read pool's readiness wait runs it on the replica too.
SELECT
    current_setting('server_version_num')::integer AS server_version_num,
    pg_is_in_recovery() AS in_recovery,
    current_user::text AS current_user,
    current_database()::text AS database;
