-- Parameters: $1 the builder.
-- The benchmark's naive claim, as queue code is commonly first written: in a
-- transaction, lock the best waiting task of the builder's targets, waiting
-- for it while another claim holds it (no SKIP LOCKED); then start the job
-- with claim_naive_start.sql, holding the lock for that round trip too.
-- Returns nothing when the row it waited for was taken meanwhile.
SELECT tasks.id
FROM tasks
WHERE tasks.state = 'waiting'
    AND tasks.target_id IN (
        SELECT builder_targets.target_id
        FROM builders
        JOIN builder_targets ON builder_targets.builder_id = builders.id
            AND builder_targets.enabled
        JOIN targets ON targets.id = builder_targets.target_id
            AND targets.enabled
        WHERE builders.id = $1::bigint
            AND builders.enabled
    )
ORDER BY tasks.priority DESC, tasks.id DESC
LIMIT 1
FOR UPDATE OF tasks;
