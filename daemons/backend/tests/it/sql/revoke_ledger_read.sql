-- An operator's mistake: the backend's role may no longer read the migration
-- ledger (in this test database only; grants belong to the database).
REVOKE SELECT ON schema_migrations FROM buildsrs_backend
