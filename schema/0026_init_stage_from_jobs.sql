-- A job enters stage `init` when it is created: jobs.created_at says when,
-- so the claim no longer writes a job_stages row for it (one insert and one
-- index entry fewer on the hottest statement) and job_stage_list reads init
-- from the job. The rows earlier claims wrote say the same thing again.
DELETE FROM job_stages WHERE stage = 'init';

