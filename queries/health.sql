-- Server facts the pool's health check and `status` report. Touches no table.

--! server_health
-- access: read-only
-- The server's version, whether it is a read-only standby, who we are,
-- and whether this connection is encrypted. Writes nothing: the read pool's
-- readiness wait runs it on the replica too.
SELECT
    current_setting('server_version_num')::integer AS server_version_num,
    pg_is_in_recovery() AS in_recovery,
    current_user::text AS current_user,
    current_database()::text AS database,
    coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false) AS tls;
