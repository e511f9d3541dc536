-- Fresh planner statistics for the queue's tables after a bulk load, as
-- autovacuum gathers them within a minute of one: without them the planner
-- takes the just-loaded tasks table for a few rows and sorts every waiting
-- task instead of reading the first entries of tasks_waiting.
ANALYZE tasks, jobs, job_stages;
