#!/usr/bin/env bash
# Regenerates crates/queries from queries/*.sql with cornucopia, type-checked
# against a temporary database built from schema/*.sql.
#
#   scripts/generate.sh          rewrite crates/queries
#   scripts/generate.sh --check  fail if crates/queries differs from a fresh generation
#
# The temporary database lives on $DATABASE_URL's server when it is set, else
# on the developer cluster under target/pg (started if needed; `just db-stop`).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cornucopia >/dev/null; then
    echo "error: cornucopia is not installed: cargo install cornucopia --version 1.0.1 --locked" >&2
    exit 1
fi

url=${DATABASE_URL:-$(cargo run --quiet --package buildsrs-cluster -- start target/pg)}
# cornucopia wants a server URL and adds the database name itself.
server=$(printf '%s' "$url" | sed -E 's#^([a-z]+://[^/?]*)/[^?]*#\1#')

schema=(schema/*.sql)
if [ "${1:-}" = "--check" ]; then
    out=$(mktemp -d)
    trap 'rm -rf "$out"' EXIT
    cornucopia fresh --url "$server" --destination "$out/queries" "${schema[@]}"
    # cornucopia exits 0 without writing when it would have asked a question.
    if [ ! -f "$out/queries/Cargo.toml" ]; then
        echo "error: cornucopia generated nothing" >&2
        exit 1
    fi
    if ! diff -r crates/queries "$out/queries"; then
        echo "error: crates/queries is out of date with queries/ and schema/: run \`just generate\` and commit the result" >&2
        exit 1
    fi
    echo "crates/queries is up to date"
else
    cornucopia fresh --url "$server" "${schema[@]}"
    test -f crates/queries/Cargo.toml
    echo "regenerated crates/queries"
fi
