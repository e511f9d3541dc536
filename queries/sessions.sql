-- Server sessions (pg_stat_activity) and the notification bus's own
-- connection: its liveness probe and its LISTEN statements.

--! session_ping
-- access: primary
-- A round trip that proves a connection is alive.
SELECT 1 AS alive;

--! session_listen_work
-- access: primary
-- Subscribe this session to channel `buildsrs_work` (tasks to claim).
LISTEN buildsrs_work;

--! session_listen_job_events
-- access: primary
-- Subscribe this session to channel `buildsrs_job_events` (job stage, state
-- and log line changes).
LISTEN buildsrs_job_events;

--! session_listen_registry_changes
-- access: primary
-- Subscribe this session to channel `buildsrs_registry_changes` (the mirror
-- changed, or a target needs a backfill: the scheduler has work).
LISTEN buildsrs_registry_changes;

--! session_terminate_by_application_name
-- access: primary
-- End the other sessions on this database that carry an application name;
-- returns how many were signalled. Operators use it to drop stuck listeners,
-- tests to cut the notification bus's connection.
SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) AS terminated
FROM pg_stat_activity
WHERE application_name = :application_name
    AND datname = current_database()
    AND pid <> pg_backend_pid();
