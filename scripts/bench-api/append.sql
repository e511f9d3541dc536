-- A busy job for the followers benchmark, a stand-in for a builder: 20 lines
-- every 100 ms for :seconds seconds, each batch committed with the job's
-- line count (whose update notifies the followers), then the job ends.
-- Prints how many lines the job has.
\set ON_ERROR_STOP on
-- psql does not expand variables inside the DO block's quotes: settings carry them.
SELECT set_config('bench.job', :'job', false), set_config('bench.seconds', :'seconds', false) \g /dev/null
DO $$
DECLARE
    job bigint := current_setting('bench.job')::bigint;
    batches integer := ceil(current_setting('bench.seconds')::numeric * 10);
    next bigint;
BEGIN
    FOR i IN 1 .. batches LOOP
        SELECT log_lines INTO next FROM jobs WHERE id = job;
        INSERT INTO job_logs (job_id, line_number, stage, line)
        SELECT job, n, 'build', format('   Compiling line %s of a busy job', n)
        FROM generate_series(next, next + 19) AS n;
        UPDATE jobs SET log_lines = next + 20 WHERE id = job;
        COMMIT;
        PERFORM pg_sleep(0.1);
    END LOOP;
    UPDATE jobs SET state = 'succeeded', result = 'succeeded', finished_at = now() WHERE id = job;
    COMMIT;
END
$$;
SELECT log_lines FROM jobs WHERE id = :job;
