#!/bin/sh
# Runs the two floor programs as a pinned server/client pair (same core),
# for bench/PROFILE.md. Needs `npm run build:ts` first. Usage: floor.sh [seconds]
set -eu
cd "$(dirname "$0")"
seconds=${1:-2}
for program in floor-callbacks.mjs floor-promises.mjs; do
  out=$(mktemp)
  taskset -c 0 node "$program" server > "$out" &
  server=$!
  for _ in $(seq 100); do grep -q READY "$out" && break; sleep 0.05; done
  port=$(awk '/READY/ { print $2 }' "$out")
  printf '%s: ' "$program"
  taskset -c 0 node "$program" client "$port" "$seconds"
  wait "$server"
  rm -f "$out"
done
