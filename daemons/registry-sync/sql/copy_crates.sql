-- The benchmark's floor: a raw binary COPY of the index's crates into the
-- mirror's table. COPY cannot be a cornucopia query (it takes no bind
-- parameters and streams its rows), so this is the one statement of the
-- package kept outside queries/, loaded with include_str! by benches/sync.rs.
-- COPY writes given values into an identity column even when it is
-- GENERATED ALWAYS, so the versions below can name their crates' ids.
COPY crates (id, name) FROM STDIN (FORMAT binary)
