-- The benchmark's floor, second half: every version, binary COPY. See
-- copy_crates.sql for why this lives outside queries/.
COPY crate_versions (crate_id, version, checksum, yanked) FROM STDIN (FORMAT binary)
