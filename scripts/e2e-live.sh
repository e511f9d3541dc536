#!/usr/bin/env bash
# Builds one real crate from crates.io the way the end-to-end test does
# (e2e/tests/it/world.rs), with the real binaries, and prints where its
# artifact is. Needs the network (the crates.io sparse index and downloads).
#
#   CRATE=rustfilt     the crate (a binary crate; default rustfilt)
#   VERSION=x.y.z      its version (default: the newest not yanked)
#   DATABASE_URL=...   the server to use (default: the developer cluster of
#                      `just db`); a database buildsrs_e2e_live is (re)created
#                      on it and kept after the run
#   KEEP=1             keep the run's directory (key, artifacts, logs)
#   FETCH=curl         fetch the index file and the .crate with curl instead
#                      of the binaries (for networks that intercept TLS with a
#                      CA of their own: the binaries trust only the webpki
#                      roots); they reach registry-sync as a local git index
#                      (this version only) and the builder as a file:// download
set -euo pipefail
cd "$(dirname "$0")/.."

CRATE="${CRATE:-rustfilt}"
FETCH="${FETCH:-binaries}"
DATABASE=buildsrs_e2e_live
BIN=target/debug

say() { printf '\n==> %s\n' "$*" >&2; }
fail() { printf 'e2e-live: %s\n' "$*" >&2; exit 1; }
case "$FETCH" in binaries | curl) ;; *) fail "FETCH is binaries or curl, not $FETCH" ;; esac
for tool in cargo rustc psql curl jq python3 ssh-keygen git sha256sum; do
    command -v "$tool" >/dev/null || fail "$tool is needed"
done

run_dir="$(mktemp -d "${TMPDIR:-/tmp}/buildsrs-e2e-live.XXXXXX")"
backend_pid=
cleanup() {
    status=$?
    if [ -n "$backend_pid" ]; then
        kill "$backend_pid" 2>/dev/null || true
        wait "$backend_pid" 2>/dev/null || true
    fi
    if [ "$status" != 0 ] && [ -s "$run_dir/backend.log" ]; then
        echo "--- last lines of the backend's log:" >&2
        tail -n 20 "$run_dir/backend.log" >&2
    fi
    if [ -n "${KEEP:-}" ]; then
        echo "kept $run_dir" >&2
    else
        rm -rf "$run_dir"
    fi
}
trap cleanup EXIT

# The crate's file in the sparse index: its versions and checksums.
lower="$(printf '%s' "$CRATE" | tr '[:upper:]' '[:lower:]')"
case "${#lower}" in
    1) index_path="1/$lower" ;;
    2) index_path="2/$lower" ;;
    3) index_path="3/${lower:0:1}/$lower" ;;
    *) index_path="${lower:0:2}/${lower:2:2}/$lower" ;;
esac
say "looking up $CRATE in https://index.crates.io/"
curl -fsS --max-time 30 "https://index.crates.io/$index_path" >"$run_dir/index-file" ||
    fail "$CRATE is not in the crates.io sparse index (or the network is down)"
if [ -z "${VERSION:-}" ]; then
    VERSION="$(python3 - "$run_dir/index-file" <<'EOF'
import json, re, sys
def key(version):
    core, _, pre = version.partition("+")[0].partition("-")
    return ([int(part) for part in core.split(".")], pre == "", pre)
lines = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
print(max((line["vers"] for line in lines if not line["yanked"]), key=key, default=""))
EOF
)"
    [ -n "$VERSION" ] || fail "$CRATE has no version that is not yanked"
fi
jq -e --arg v "$VERSION" 'select(.vers == $v)' "$run_dir/index-file" >/dev/null ||
    fail "$CRATE has no version $VERSION"
echo "building $CRATE $VERSION" >&2

say "building the binaries"
cargo build --quiet --bins

say "creating the database $DATABASE"
own_cluster=
[ -n "${DATABASE_URL:-}" ] || own_cluster=1
server_url="${DATABASE_URL:-$(cargo run --quiet --package buildsrs-cluster -- start target/pg)}"
database_url="$(python3 - "$server_url" "$DATABASE" <<'EOF'
import sys, urllib.parse
url = urllib.parse.urlsplit(sys.argv[1])
print(urllib.parse.urlunsplit(url._replace(path="/" + sys.argv[2])))
EOF
)"
psql --quiet --no-psqlrc --set ON_ERROR_STOP=1 "$server_url" \
    --command "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" \
    --command "CREATE DATABASE $DATABASE"
export DATABASE_URL="$database_url"
echo "$DATABASE_URL" >&2

say "migrating, adding the host target and a builder"
host="$(rustc -vV | sed -n 's/^host: //p')"
"$BIN/buildsrs-database" migrate >/dev/null
"$BIN/buildsrs-database" target add "$host"
ssh-keygen -q -t ed25519 -N '' -C e2e-live-builder -f "$run_dir/builder-key"
"$BIN/buildsrs-database" builder add "$run_dir/builder-key.pub" --target "$host"

builder_source=()
if [ "$FETCH" = binaries ]; then
    say "mirroring $CRATE from the sparse index"
    "$BIN/buildsrs-registry-sync" sync --no-progress --sparse --crates "$CRATE" ||
        fail "the sparse sync failed; behind a TLS-intercepting proxy, try FETCH=curl"
else
    say "mirroring $CRATE $VERSION through a local git index (FETCH=curl)"
    mkdir -p "$run_dir/crates" "$run_dir/index/$(dirname "$index_path")"
    crate_file="$run_dir/crates/$CRATE-$VERSION.crate"
    curl -fsS --max-time 120 -o "$crate_file" \
        "https://static.crates.io/crates/$CRATE/$CRATE-$VERSION.crate"
    checksum="$(jq -r --arg v "$VERSION" 'select(.vers == $v) | .cksum' "$run_dir/index-file")"
    echo "$checksum  $crate_file" | sha256sum --check --quiet ||
        fail "the downloaded .crate does not match the index's checksum"
    jq -c --arg v "$VERSION" 'select(.vers == $v)' "$run_dir/index-file" \
        >"$run_dir/index/$index_path"
    template="file://$run_dir/crates/{crate}-{version}.crate"
    jq -n --arg dl "$template" '{dl: $dl}' >"$run_dir/index/config.json"
    git -C "$run_dir/index" init --quiet --initial-branch master
    git -C "$run_dir/index" add --all
    git -C "$run_dir/index" -c user.name=e2e-live -c user.email=e2e-live@buildsrs.test \
        commit --quiet --message "$CRATE $VERSION"
    "$BIN/buildsrs-registry-sync" sync --no-progress --git "$run_dir/index"
    builder_source=(--registry-dl "$template")
fi

say "starting the backend"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
RUST_LOG=info "$BIN/buildsrs-backend" --listen "127.0.0.1:$port" --storage "$run_dir/artifacts" \
    --schedule-interval 1s --retry-backoff 1h >"$run_dir/backend.log" 2>&1 &
backend_pid=$!
for _ in $(seq 300); do
    curl -fsS --max-time 2 "$base/health" >/dev/null 2>&1 && break
    kill -0 "$backend_pid" 2>/dev/null || fail "the backend exited"
    sleep 0.2
done
curl -fsS --max-time 2 "$base/health" >/dev/null || fail "the backend did not answer $base/health"
echo "$base" >&2

say "waiting for the scheduler's tasks"
version_api="$base/api/v1/crates/$CRATE/$VERSION"
for _ in $(seq 300); do
    tasks="$(curl -fsS --max-time 5 "$version_api" 2>/dev/null | jq '.tasks | length' 2>/dev/null || echo 0)"
    [ "$tasks" -gt 0 ] && break
    sleep 0.2
done
[ "$tasks" -gt 0 ] || fail "no tasks for $CRATE $VERSION at $version_api"
# The scheduler creates every version's tasks in one statement: keep only
# this version's.
jq -r --arg v "$VERSION" 'select(.vers != $v and (.yanked | not)) | .vers' "$run_dir/index-file" |
    while read -r other; do
        "$BIN/buildsrs-database" tasks cancel --crate "$CRATE" --version "$other" >/dev/null
    done
"$BIN/buildsrs-database" tasks list --crate "$CRATE" --limit 1000

say "building with buildsrs-builder --once"
RUST_LOG=info "$BIN/buildsrs-builder" --backend "$base" --key "$run_dir/builder-key" \
    --work-dir "$run_dir/builder" --once --slots 2 --claim-wait 5s "${builder_source[@]}"

say "result"
curl -fsS --max-time 5 "$version_api" >"$run_dir/version.json"
jq -r '.tasks[] as $task | .jobs[] | select(.task == $task.id)
    | "job \(.id) (\($task.kind)): \(.result)\(if .reason then " — \(.reason)" else "" end)"' \
    "$run_dir/version.json"
artifacts="$(jq -r '.artifacts[] | "\(.id) \(.sha256) \(.name)"' "$run_dir/version.json")"
[ -n "$artifacts" ] || fail "no artifacts for $CRATE $VERSION"
while read -r id sha256 name; do
    path="$run_dir/artifacts/sha256/${sha256:0:2}/${sha256:2:2}/$sha256"
    echo "artifact $name"
    echo "  download: $base/api/v1/artifacts/$id/download"
    echo "  file:     $path"
    downloaded="$(curl -fsS --max-time 30 "$base/api/v1/artifacts/$id/download" | sha256sum | cut -d' ' -f1)"
    [ "$downloaded" = "$sha256" ] || fail "artifact $id downloads with SHA-256 $downloaded, not $sha256"
    case "$name" in *.tar.gz) tar -tzvf "$path" | sed 's/^/    /' ;; esac
done <<<"$artifacts"
ok="$(jq '[.jobs[] | select(.result == "succeeded")] | length' "$run_dir/version.json")"
total="$(jq '.jobs | length' "$run_dir/version.json")"
echo
echo "$ok of $total jobs succeeded. The backend stops now; the run's directory is"
echo "removed unless KEEP=1. The database stays: drop it with"
echo "  psql '$server_url' -c 'DROP DATABASE $DATABASE'"
if [ -n "$own_cluster" ]; then echo "(and stop the developer cluster with \`just db-stop\`)"; fi
[ "$ok" = "$total" ]
