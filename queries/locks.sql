-- Session-level advisory locks. The keys live in one Rust enum
-- (buildsrs_database::LockKey) so that no two jobs pick the same number.
-- Session-level, because the work they guard spans several transactions.

--! advisory_lock
-- access: primary
-- Block until this session holds the lock.
SELECT true AS locked
FROM pg_advisory_lock(:key::bigint);

--! advisory_try_lock
-- access: primary
-- Take the lock if it is free; false if another session holds it.
SELECT pg_try_advisory_lock(:key::bigint) AS locked;

--! advisory_unlock
-- access: primary
-- Release the lock; false if this session did not hold it.
SELECT pg_advisory_unlock(:key::bigint) AS unlocked;
