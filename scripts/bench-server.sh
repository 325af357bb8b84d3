#!/usr/bin/env bash
# `npm run bench:server`: the server under load on this machine (a report, never a test).
# Builds the server and the native load client (server/examples/load.rs) with the server's
# profile; for each run starts fresh servers on a fresh database (so memory per connection is
# measured from clean processes) and runs the clients in chat groups of 20. SQLite on one node,
# then Postgres (Debian's, started here in a temporary directory) on one node and on three.
# Results go to BENCHMARKS.md (between the bench:server markers).
set -euo pipefail
cd "$(dirname "$0")/.."
# 1,000 sockets on each side: raise the open-file limit here, not in the server's defaults.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
cargo build --quiet --profile server -p tim-server --bin tim-server --example load
dir=$(mktemp -d)
pids=()
pgbin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | tail -1)")
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -d "$dir/pg" ] && as_pg "$pgbin/pg_ctl" -D "$dir/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
[ "$(id -u)" = 0 ] && chown postgres "$dir"
as_pg "$pgbin/initdb" -D "$dir/pg" -A trust -U postgres >/dev/null
pgport=$(( 20000 + RANDOM % 20000 ))
as_pg "$pgbin/pg_ctl" -D "$dir/pg" -o "-p $pgport -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200" -l "$dir/pg.log" -w start >/dev/null

# Starts `n` nodes on database `db`; sets $addrs and $pidlist (comma-separated), $app and $key.
start_nodes() {
  local n=$1 db=$2
  addrs=""; pidlist=""
  for i in $(seq "$n"); do
    ./target/server/tim-server --listen 127.0.0.1:0 --database "$db" --log-level warn >"$dir/out$i" 2>&1 &
    pids+=($!)
    pidlist="${pidlist:+$pidlist,}$!"
    for _ in $(seq 100); do grep -q "listening on" "$dir/out$i" && break; sleep 0.1; done
    addrs="${addrs:+$addrs,}$(sed -n 's/^tim-server listening on http:\/\///p' "$dir/out$i")"
  done
  read -r app key < <(sed -n 's/^development app (no --app given): SDKAppID \([0-9]*\) secret key \(.*\)$/\1 \2/p' "$dir/out1")
}
stop_nodes() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  pids=()
}

results=()
run=0
for spec in "sqlite 1 100 100" "sqlite 1 1000 100" "sqlite 1 1000 200" "sqlite 1 1000 400" \
            "postgres 1 1000 200" "postgres 3 1000 200" "postgres 3 1000 400"; do
  read -r backend nodes clients rate <<<"$spec"
  run=$((run + 1))
  if [ "$backend" = sqlite ]; then
    db="sqlite:$dir/bench$run.db"
  else
    psql -q -h 127.0.0.1 -p "$pgport" -U postgres -c "CREATE DATABASE bench$run" postgres
    db="postgres://postgres@127.0.0.1:$pgport/bench$run"
  fi
  start_nodes "$nodes" "$db"
  line=$(./target/server/examples/load --addr "$addrs" --app "$app" --key "$key" --pid "$pidlist" \
    --clients "$clients" --group-size 20 --rate "$rate" --seconds 10)
  line=$(node -e 'const r = JSON.parse(process.argv[1]); r.backend = process.argv[2]; console.log(JSON.stringify(r))' "$line" "$backend")
  echo "$line"
  results+=("$line")
  stop_nodes
done
printf '%s\n' "${results[@]}" | node scripts/bench-server-report.mjs
