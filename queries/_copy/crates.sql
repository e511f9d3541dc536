-- registry-sync's bulk write of new crates, with ids reserved beforehand by
-- crate_reserve_ids and their latest version's (reserved) id, checked at
-- commit (see crates_defer_latest_check in queries/registry_sync.sql). See
-- crate_versions.sql for why COPY statements live under _copy.
COPY crates (id, name, latest_version_id) FROM STDIN (FORMAT binary)
