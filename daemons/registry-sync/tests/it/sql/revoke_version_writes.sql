-- An operator's mistake: the service role may no longer write crate versions
-- (in this test database only; grants belong to the database).
REVOKE INSERT, UPDATE ON crate_versions FROM buildsrs_registry_sync
