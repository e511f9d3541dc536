-- What the operators' status page (/status) reads beyond the queue.
--
-- Claims and completions per minute count the jobs started and finished in
-- the last hour. Jobs are written in time order, so a BRIN index (a few
-- pages for millions of jobs, cheap to keep up) finds the last hour's rows
-- without a scan of the table; a B-tree on these columns would be written on
-- every claim and completion for a query that runs once a page view.
CREATE INDEX jobs_created_finished_brin ON jobs USING brin (created_at, finished_at);

-- The page shows the registry sync's last passes, which registry-sync writes.
GRANT SELECT ON registry_sources, registry_passes TO buildsrs_backend;
