-- Per-service roles (Taskcluster style): each service connects as, or switches
-- to, its own role, so a bug in one service cannot write another's tables.
--
--   buildsrs_registry_sync  writes the registry mirror, reads nothing else
--   buildsrs_backend        reads the registry mirror, writes builders and jobs
--   buildsrs_reader         reads everything, writes nothing
--
-- Roles belong to the cluster, not the database, so several databases on one
-- server share them: create each only if it is missing, and tolerate a
-- concurrent migrator creating it first. The roles cannot log in; grant them
-- to login roles (GRANT buildsrs_backend TO alice) or let a superuser service
-- switch with --database-role. Each later migration grants on its own tables.
DO $$
DECLARE
    role_name TEXT;
BEGIN
    FOREACH role_name IN ARRAY ARRAY['buildsrs_registry_sync', 'buildsrs_backend', 'buildsrs_reader']
    LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = role_name) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
            EXCEPTION
                WHEN duplicate_object OR unique_violation THEN NULL;
            END;
        END IF;
    END LOOP;
END
$$;

-- Every service reads the ledger to check the schema version at start.
GRANT SELECT ON schema_migrations TO buildsrs_registry_sync, buildsrs_backend, buildsrs_reader;
