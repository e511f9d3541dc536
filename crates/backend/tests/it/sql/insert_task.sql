-- A task written by hand, as an operator's psql session might.
INSERT INTO tasks (crate_version_id, target_id, kind) VALUES ($1, $2, 'binary')
