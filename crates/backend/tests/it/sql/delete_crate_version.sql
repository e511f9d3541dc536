-- Deleting a crate version by hand (no service may).
DELETE FROM crate_versions WHERE id = $1
