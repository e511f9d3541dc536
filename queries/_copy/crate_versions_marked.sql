-- registry-sync's bulk write of new versions, as crate_versions.sql, with
-- each version's semver_lenient mark (schema/0015_lenient_versions.sql): true
-- when the version is only lenient-valid. crate_versions.sql, which leaves
-- the mark at its default (false), stays for writers that predate the mark
-- (the benchmark's floor, tests).
COPY crate_versions (id, crate_id, version, checksum, yanked, semver_lenient) FROM STDIN (FORMAT binary)
