-- Privileges the services' own statements need beyond what their tables'
-- migrations granted, found by running every service under its own role.

-- registry-sync reserves the ids of a COPY batch with nextval and setval on
-- the identity sequences of crates and crate_versions
-- (registry_sync_reserve_*_ids), which an INSERT alone never needs.
GRANT USAGE, UPDATE ON SEQUENCE crates_id_seq, crate_versions_id_seq TO buildsrs_registry_sync;

-- The scheduler takes changes with SELECT ... FOR UPDATE SKIP LOCKED
-- (scheduler_take_changes), and row locks need the UPDATE privilege.
GRANT UPDATE ON registry_changes TO buildsrs_backend;
