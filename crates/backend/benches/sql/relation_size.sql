-- Parameters: $1 a table's name. Its bytes on disk: the table, its indexes
-- and its TOAST table.
SELECT pg_total_relation_size($1::text::regclass)
