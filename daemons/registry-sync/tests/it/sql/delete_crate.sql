-- Deleting a crate by hand (no service may).
DELETE FROM crates WHERE id = $1
