#!/usr/bin/env bash
# The public API under load: mirrors the 2019 crates.io index into a fresh
# database, adds one job with a long log, starts the backend daemon on
# loopback and measures each public endpoint with wrk (requests/s, p99), and
# each web page over one connection.
#
# Uses $DATABASE_URL's server when set (a database named buildsrs_bench_api
# is dropped and created on it), else the cluster under target/bench-api-pg.
# Needs wrk (Debian: apt install wrk), psql and ssh-keygen, and the index
# bundle at $BUILDSRS_INDEX_BUNDLE or ../shared/data/crates-io-index-2019.bundle.
# Then 1,000 live-log followers of a busy job, half of them never reading
# (followers.py). BENCH_API_SECONDS (10), BENCH_API_CONNECTIONS (32),
# BENCH_API_LOG_LINES (100000), BENCH_API_FOLLOWERS (1000),
# BENCH_API_HISTORY (20000 finished jobs over the last hour).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${BENCH_API_SECONDS:-10}
connections=${BENCH_API_CONNECTIONS:-32}
lines=${BENCH_API_LOG_LINES:-100000}
bundle=${BUILDSRS_INDEX_BUNDLE:-../shared/data/crates-io-index-2019.bundle}
work=target/bench-api
port=${BENCH_API_PORT:-18080}
for tool in wrk psql ssh-keygen; do
    command -v "$tool" >/dev/null || { echo "bench-api: $tool is not installed" >&2; exit 1; }
done
[ -f "$bundle" ] || { echo "bench-api: no index bundle at $bundle" >&2; exit 1; }

cargo build --quiet --release --package buildsrs-database --package buildsrs-registry-sync \
    --package buildsrs-backend-daemon --package buildsrs-cluster
bin=target/release
rm -rf "$work" && mkdir -p "$work"

# A fresh database on the chosen server.
if [ -n "${DATABASE_URL:-}" ]; then
    server=$DATABASE_URL
    where="DATABASE_URL's server"
else
    server=$("$bin/buildsrs-cluster" start target/bench-api-pg)
    where="the cluster under target/bench-api-pg (fsync off)"
fi
psql -q "$server" -c 'DROP DATABASE IF EXISTS buildsrs_bench_api' -c 'CREATE DATABASE buildsrs_bench_api'
DATABASE_URL=$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/buildsrs_bench_api")))' "$server")
export DATABASE_URL

echo "mirroring the 2019 index ..." >&2
"$bin/buildsrs-database" migrate >/dev/null 2>"$work/migrate.log"
"$bin/buildsrs-registry-sync" sync --git "$bundle" --mirror-dir "$work/mirror" >/dev/null 2>"$work/sync.log"
ssh-keygen -q -t ed25519 -N '' -C bench -f "$work/builder"
"$bin/buildsrs-database" target add x86_64-unknown-linux-gnu >/dev/null
"$bin/buildsrs-database" builder add "$work/builder.pub" --target x86_64-unknown-linux-gnu >/dev/null

# Streams capped above the followers' count: they all come from 127.0.0.1.
"$bin/buildsrs-backend" --listen "127.0.0.1:$port" --storage "$work/artifacts" \
    --max-streams 2048 --max-streams-per-client 2048 >"$work/backend.log" 2>&1 &
backend=$!
trap 'kill $backend 2>/dev/null || true' EXIT
# The daemon's scheduler creates the new target's tasks of every version
# (368k): measure once it is done.
echo "waiting for the scheduler's backfill ..." >&2
until [ "$(psql -qAt "$DATABASE_URL" -c 'SELECT count(*) FROM target_backfills')" = 0 ]; do
    kill -0 "$backend" || { cat "$work/backend.log" >&2; exit 1; }
    sleep 0.5
done
seed() { psql -qAt "$DATABASE_URL" -v version="$1" -v lines="$2" -f scripts/bench-api/seed.sql | tail -n 1; }
job=$(seed 1.0.0 "$lines")
busy_job=$(seed 1.0.1 1000)
[ -n "$job" ] && [ -n "$busy_job" ] || { echo "bench-api: seeding the jobs failed" >&2; exit 1; }
# The last hour of a busy farm, for the front page's recent builds and the
# status page's chart: BENCH_API_HISTORY (20000) finished jobs.
psql -q "$DATABASE_URL" -v jobs="${BENCH_API_HISTORY:-20000}" -f scripts/bench-api/history.sql
psql -q "$DATABASE_URL" -c 'VACUUM ANALYZE'
curl -sf "http://127.0.0.1:$port/ready" >/dev/null

base="http://127.0.0.1:$port"
# One endpoint under wrk with $2 connections: a row of the table.
measure() {
    local out rate p50 p99 errors
    out=$(wrk -t"$(( $2 < 2 ? $2 : 2 ))" -c"$2" -d"${seconds}s" --latency "$base$1")
    rate=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out")
    echo "| \`GET $1\` | $rate | $p50 | $p99 |${errors:+ $errors}"
}
echo "public API under wrk: $(nproc) cores shared by the daemon, PostgreSQL and wrk; $where;"
echo "$connections connections, 2 threads, ${seconds} s per endpoint, $(date -u +%F)"
echo
echo "| endpoint | requests/s | p50 | p99 |"
echo "|---|---|---|---|"
for endpoint in \
    "crates?prefix=ser" \
    "crates/serde" \
    "crates/serde/1.0.0" \
    "jobs/$job" \
    "jobs/$job/logs?from=50000&limit=1000"; do
    measure "/api/v1/$endpoint" "$connections"
done

echo
echo "pages, one connection (the latency is the server's time plus loopback):"
echo
echo "| page | requests/s | p50 | p99 |"
echo "|---|---|---|---|"
for page in "/" "/?q=ser" "/crates/serde" "/crates/serde/1.0.0" "/jobs/$job" "/status"; do
    measure "$page" 1
done

echo
followers=${BENCH_API_FOLLOWERS:-1000}
echo "$followers live-log followers of one busy job, half never reading (followers.py):"
python3 scripts/bench-api/followers.py "http://127.0.0.1:$port" "$busy_job" "$backend" "$DATABASE_URL" "$followers" 40
