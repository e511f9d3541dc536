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

# Benchmark test-database set-up (clone per test vs migrating from scratch).
bench:
    cargo bench --package buildsrs-database --features temp --bench temp_database

# Benchmark registry-sync: full, no-op, incremental and transition passes vs a
# raw COPY floor and a per-row baseline (uses ../shared's 2019 index if present).
bench-sync:
    cargo bench --package buildsrs-registry-sync --bench sync

# Benchmark the backend: claims, download counting, log appends, task creation.
bench-backend:
    cargo bench --package buildsrs-backend --bench backend

# Lints, as CI could run them.
lint:
    cargo fmt --all --check
    cargo clippy --workspace --all-targets -- -D warnings

# What CI runs: install missing tools, check generated code, run the tests.
ci:
    bash .ci/run
