-- An operator's mistake: the backend's role may no longer read the mirrored
-- crates (in this test database only; grants belong to the database).
REVOKE SELECT ON crates FROM buildsrs_backend
