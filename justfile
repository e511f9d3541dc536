# Routine tasks of buildsrs. `just` lists them.
# Every database recipe uses $DATABASE_URL when set, else a throwaway or
# developer cluster started from the installed PostgreSQL server binaries.

# List the recipes.
default:
    @just --list

# Run every test (the README's test command).
test *args:
    cargo nextest run {{args}}

# Regenerate crates/queries from queries/*.sql, type-checked against schema/*.sql.
generate:
    scripts/generate.sh

# Fail when crates/queries differs from what `just generate` would write.
check-generated:
    scripts/generate.sh --check

# Start the developer cluster under target/pg (if needed) and print its URL.
db:
    @cargo run --quiet --package buildsrs-cluster -- start target/pg

# Stop the developer cluster, keeping its data.
db-stop:
    @cargo run --quiet --package buildsrs-cluster -- stop target/pg

# Migrate $DATABASE_URL, or the developer cluster, and show the status.
migrate:
    DATABASE_URL="${DATABASE_URL:-$(just db)}" cargo run --quiet --package buildsrs-database -- migrate

# Show the schema status of $DATABASE_URL, or of the developer cluster.
status:
    DATABASE_URL="${DATABASE_URL:-$(just db)}" cargo run --quiet --package buildsrs-database -- status

# Every benchmark: test databases, registry-sync, backend, signed requests, public API.
bench: bench-temp bench-sync bench-backend bench-signed bench-api

# Benchmark test-database set-up (clone per test vs migrating from scratch).
bench-temp:
    cargo bench --package buildsrs-database --features temp --bench temp_database

# Benchmark registry-sync: full, no-op, incremental and transition passes vs a
# raw COPY floor and a per-row baseline (uses ../shared's 2019 index if present).
bench-sync:
    cargo bench --package buildsrs-registry-sync --bench sync

# Benchmark the backend: claims, download counting, log appends, task creation.
bench-backend:
    cargo bench --package buildsrs-backend --bench backend

# Benchmark the public API under wrk and 1,000 live-log followers, on the 2019
# index (needs wrk, psql, ssh-keygen and ../shared's bundle; see the script).
bench-api:
    scripts/bench-api.sh

# Benchmark signed builder requests: the nonce statement alone, and signed
# claims end to end through a daemon, with 1 and 16 clients.
bench-signed:
    cargo bench --package buildsrs-backend-daemon --bench signed_requests

# Fault tests: the syncer SIGKILLed at random points of a full and of an
# incremental pass, 50 times each (CI runs 3), plus the Postgres crash under
# load and the malformed-input tests. FAULT_SEED=N replays a run's kills.
fault-sync iterations="50":
    FAULT_ITERATIONS={{iterations}} cargo nextest run --package buildsrs-registry-sync --no-capture killed_at_random_points
    cargo nextest run --package buildsrs-backend --no-capture faults::
    cargo nextest run --workspace --no-capture malformed bad_command_lines

# The contract check: schemathesis against a seeded daemon on loopback (installs it under target/schemathesis, as .ci/run does).
schemathesis:
    [ -x target/schemathesis/bin/st ] || { python3 -m venv target/schemathesis && target/schemathesis/bin/pip install -q schemathesis; }
    cargo nextest run --package buildsrs-backend-daemon --no-capture schemathesis

# Fuzz the index-line parser for `seconds` (needs `cargo install cargo-fuzz`).
# cargo-fuzz needs nightly features; RUSTC_BOOTSTRAP=1 unlocks them on a
# stable toolchain. Findings land in fuzz/artifacts/index_line/.
fuzz seconds="300":
    RUSTC_BOOTSTRAP=1 cargo fuzz run index_line -O -- -max_total_time={{seconds}} -print_final_stats=1

# Build one real crates.io crate with the real binaries, as the e2e test does (network; see scripts/e2e-live.sh).
e2e-live:
    scripts/e2e-live.sh

# Lints, as CI could run them.
lint:
    cargo fmt --all --check
    cargo clippy --workspace --all-targets -- -D warnings

# What CI runs: install missing tools, check generated code, run the tests.
ci:
    bash .ci/run
