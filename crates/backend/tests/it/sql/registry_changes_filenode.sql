-- The storage file of the change feed: a TRUNCATE gives it a new one.
SELECT pg_relation_filenode('registry_changes')::bigint AS filenode;
