-- Moving a version to another crate by hand.
UPDATE crate_versions SET crate_id = $2 WHERE id = $1
