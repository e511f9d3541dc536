-- Yanking a version by hand: an update that keeps its identity.
UPDATE crate_versions SET yanked = true WHERE id = $1
