-- The migration ledger (schema_migrations) and the lock that serialises
-- migrators. Used by buildsrs-database's migrator and version check.

--! migrations_table_exists
-- access: primary
-- Whether the ledger exists yet: a fresh database has none.
SELECT to_regclass('schema_migrations') IS NOT NULL AS exists;

--! migration_list
-- access: primary
-- Every applied migration, oldest first.
SELECT
    version,
    name,
    checksum,
    applied_at
FROM schema_migrations
ORDER BY version;

--! migration_insert
-- access: primary
-- Record a migration as applied, in the transaction that applied it.
INSERT INTO schema_migrations (version, name, checksum)
VALUES (:version, :name, :checksum);

--! schema_version : (version?)
-- access: primary
-- The newest applied migration, or NULL on an empty ledger.
SELECT max(version) AS version
FROM schema_migrations;
