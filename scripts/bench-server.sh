#!/usr/bin/env bash
# `npm run bench:server`: the server under load on this machine (a report, never a test).
# Builds the server and the native load client (server/examples/load.rs) with the server's
# profile; for each run starts a fresh server on a fresh SQLite database (so its memory per
# connection is measured from a clean process) and runs the clients in chat groups of 20, at 100
# to 400 messages a second. Results go to BENCHMARKS.md (between the bench:server markers).
set -euo pipefail
cd "$(dirname "$0")/.."
# 1,000 sockets on each side: raise the open-file limit here, not in the server's defaults.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
cargo build --quiet --profile server -p tim-server --bin tim-server --example load
dir=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
results=()
for run in "100 20 100 10" "1000 20 100 10" "1000 20 200 10" "1000 20 400 10"; do
  read -r clients group rate seconds <<<"$run"
  rm -f "$dir"/bench.db*
  ./target/server/tim-server --listen 127.0.0.1:0 --database "sqlite:$dir/bench.db" --log-level warn >"$dir/out" 2>&1 &
  pid=$!
  for _ in $(seq 100); do grep -q "listening on" "$dir/out" && break; sleep 0.1; done
  addr=$(sed -n 's/^tim-server listening on http:\/\///p' "$dir/out")
  read -r app key < <(sed -n 's/^development app (no --app given): SDKAppID \([0-9]*\) secret key \(.*\)$/\1 \2/p' "$dir/out")
  line=$(./target/server/examples/load --addr "$addr" --app "$app" --key "$key" --pid "$pid" \
    --clients "$clients" --group-size "$group" --rate "$rate" --seconds "$seconds")
  echo "$line"
  results+=("$line")
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
done
printf '%s\n' "${results[@]}" | node scripts/bench-server-report.mjs
