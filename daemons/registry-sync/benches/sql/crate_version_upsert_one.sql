-- One version at a time, its own transaction: the per-row baseline the
-- benchmark compares the syncer's bulk path with. $1 crate id, $2 version,
-- $3 checksum, $4 yanked.
INSERT INTO crate_versions (crate_id, version, checksum, yanked)
VALUES ($1, $2, $3, $4)
ON CONFLICT (crate_id, version) DO UPDATE
SET yanked = excluded.yanked,
    removed_at = NULL
RETURNING id;
