#!/usr/bin/env bash
# Runs the built suite (dist/test, from `npm test` or `npm run build:ts`) and
# the demo on Deno 2 and Bun 1, the binaries pinned by
# scripts/ci/runtimes/package-lock.json (from the npm registry), and on
# Node with the readiness-thread poller forced (node-thread). Deno and Bun
# choose that poller themselves (src/binding.ts). Each runtime runs the
# files with its own runner of node:test files: `deno test` maps
# describe/test to Deno.test and steps; `bun test` is Bun's runner, which
# implements node:test's describe/test/before/after.
#
#   scripts/ci/runtimes.sh [deno|bun|node-thread]...   (default: all three)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
bins="$root/scripts/ci/runtimes/node_modules"
if [ ! -x "$bins/@deno/linux-x64-glibc/deno" ] || [ ! -x "$bins/@oven/bun-linux-x64/bin/bun" ]; then
  npm ci --prefix scripts/ci/runtimes --no-audit --no-fund
fi
export PATH="$bins/@deno/linux-x64-glibc:$bins/@oven/bun-linux-x64/bin:$PATH"
export DENO_NO_UPDATE_CHECK=1 NO_COLOR=1
[ -d dist/test ] || npm run build:ts

# Runs every test file in a process of its own (descriptor counts are per
# process), two at a time, as `node --test` does; prints a failing file's
# output, then the runner's totals.
each_file() {
  local name="$1"
  shift
  local logs
  logs="$(mktemp -d)"
  local failed=0
  ls dist/test/*.test.js | xargs -P 2 -I{} sh -c 'f="$1"; shift; "$@" "$f" > "$0/$(basename "$f").log" 2>&1 || { echo "FAILED: $f"; cat "$0/$(basename "$f").log"; exit 1; }' "$logs" {} "$@" || failed=1
  node scripts/ci/test-totals.mjs "$name" "$logs"/*.log
  rm -rf "$logs"
  return $failed
}

runtimes=("$@")
[ ${#runtimes[@]} -gt 0 ] || runtimes=(deno bun node-thread)
status=0
for r in "${runtimes[@]}"; do
  echo "== $r $("${r%-thread}" --version | head -n 1)"
  case "$r" in
    node-thread) log="$(mktemp)"
                 BSDSOCK_POLLER=thread node --test --test-concurrency=2 dist/test/ > "$log" 2>&1 || { cat "$log"; status=1; }
                 grep -E '^# (pass|fail|skipped) ' "$log" | tr '\n' ' '; echo
                 rm -f "$log" ;;
    deno) each_file deno deno test -A || status=1
          deno run -A dist/examples/demo.js || status=1 ;;
    bun)  each_file bun bun test --timeout 60000 || status=1
          bun dist/examples/demo.js || status=1 ;;
    *) echo "unknown runtime: $r" >&2; exit 2 ;;
  esac
done
exit $status
