-- What the backend's /metrics reports about the database at each scrape
-- (tasks, builders). Reads only.

--! metrics_tasks_by_state
-- access: read-only
-- Tasks in every state the enum has, zero included, by the state's label.
-- In the enum's order.
SELECT
    every.state::text AS state,
    count(tasks.id) AS tasks
FROM unnest(enum_range(NULL::task_state)) AS every (state)
LEFT JOIN tasks ON tasks.state = every.state
GROUP BY every.state
ORDER BY every.state;

--! metrics_active_builders
-- access: read-only
-- Enabled builders that sent a heartbeat within the last :within_seconds.
SELECT count(*) AS builders
FROM builders
WHERE enabled
    AND last_heartbeat_at > now() - make_interval(secs => :within_seconds::float8);
