-- The claim's tables churn: every claim and completion leaves dead row
-- versions in tasks and jobs, and dead entries at the head of the
-- tasks_waiting index that every later claim walks over until vacuum clears
-- them. The default thresholds (20 % of the table) let millions pile up on a
-- large queue; vacuum these tables after 1 % instead, and keep their
-- statistics fresh for the claim's plan.
ALTER TABLE tasks SET (
    autovacuum_vacuum_scale_factor = 0.01,
    autovacuum_vacuum_threshold = 1000,
    autovacuum_analyze_scale_factor = 0.02
);

ALTER TABLE jobs SET (
    autovacuum_vacuum_scale_factor = 0.01,
    autovacuum_vacuum_threshold = 1000,
    autovacuum_analyze_scale_factor = 0.02
);
