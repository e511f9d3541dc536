-- A bulk write of new versions, with ids reserved beforehand by
-- crate_version_reserve_ids (queries/registry_sync.sql), leaving
-- semver_lenient at its default (false): the benchmark's floor and tests use
-- it; registry-sync writes the mark too, with crate_versions_marked.sql. A
-- binary COPY is the cheapest way into a table, but it takes no bind
-- parameters and streams its rows, so it cannot be a cornucopia query: files
-- under queries/_copy are skipped by cornucopia (ignore-underscore-files) and
-- exposed as text by buildsrs_database::copy. COPY writes given values into
-- an identity column even when it is GENERATED ALWAYS.
COPY crate_versions (id, crate_id, version, checksum, yanked) FROM STDIN (FORMAT binary)
