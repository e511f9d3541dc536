-- New versions, many per statement; returns their ids ($1 crate ids,
-- $2 versions, $3 checksums, $4 yanked). Seeds the benchmark's and the
-- tests' mirror, a stand-in for registry-sync, which writes by binary COPY.
INSERT INTO crate_versions (crate_id, version, checksum, yanked)
SELECT crate_id, version, checksum, yanked
FROM unnest($1::bigint[], $2::text[], $3::bytea[], $4::boolean[])
    AS input (crate_id, version, checksum, yanked)
RETURNING id;
