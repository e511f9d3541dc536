-- registry-sync writes a batch of new crates with their latest version
-- already set, before the versions themselves (both by binary COPY, with ids
-- reserved up front), instead of inserting crates and updating each one
-- again. The reference from a crate to its latest version may therefore be
-- checked at commit; it stays immediate unless a transaction defers it
-- (queries/registry_sync.sql, crates_defer_latest_check).
ALTER TABLE crates
    ALTER CONSTRAINT crates_latest_version_id_fkey DEFERRABLE INITIALLY IMMEDIATE;
