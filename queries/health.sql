-- Server facts the pool's health check and `status` report. Touches no table.

--! server_health
-- access: primary
-- The server's version and whether it is a read-only standby.
SELECT
    current_setting('server_version_num')::integer AS server_version_num,
    pg_is_in_recovery() AS in_recovery,
    current_user::text AS current_user,
    current_database()::text AS database;
