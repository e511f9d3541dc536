-- The values that build results and scheduling add to the task life cycle.
--
-- A new enum value cannot be used in the transaction that adds it, and every
-- migration is one transaction: 0013_scheduling.sql uses them.

-- How a finished job's build went, as its builder reports it.
CREATE TYPE build_result AS ENUM (
    -- The artifact was built and uploaded.
    'succeeded',
    -- The crate does not build: terminal, retrying gives the same answer.
    'build_failed',
    -- The builder could not do its part (download, checksum, disk,
    -- toolchain): retried with backoff up to the attempt limit.
    'infrastructure_error',
    -- The build ran past the builder's wall-clock limit: terminal.
    'timed_out',
    -- The build was stopped on purpose (an operator, a builder shutting down).
    'cancelled'
);

-- Held: the version was yanked or removed; the scheduler holds its waiting
-- tasks and releases them when it comes back. Delayed: an infrastructure
-- error; the lease rescuer makes it waiting again at `retry_at`. Cancelled:
-- an operator cancelled it; `tasks retry` makes it waiting again.
ALTER TYPE task_state ADD VALUE 'held';
ALTER TYPE task_state ADD VALUE 'delayed';
ALTER TYPE task_state ADD VALUE 'cancelled';
