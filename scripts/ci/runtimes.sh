#!/usr/bin/env bash
# Runs the built suite (dist/test, from `npm test` or `npm run build:ts`) and
# the demo on Deno 2 and Bun 1, the binaries pinned by
# scripts/ci/runtimes/package-lock.json (from the npm registry). Both
# choose the readiness-thread poller (src/binding.ts). Each runtime runs
# the files with its own runner of node:test files: `deno test` maps
# describe/test to Deno.test and steps; `bun test` is Bun's runner, which
# implements node:test's describe/test/before/after.
#
#   scripts/ci/runtimes.sh [deno|bun]...   (default: both)
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

runtimes=("$@")
[ ${#runtimes[@]} -gt 0 ] || runtimes=(deno bun)
status=0
for r in "${runtimes[@]}"; do
    echo "== $r $("$r" --version | head -n 1)"
    case "$r" in
      # One process per file (as node --test), two at a time.
      deno) deno test -A --parallel dist/test/ || status=1
            deno run -A dist/examples/demo.js || status=1 ;;
      bun)  for f in dist/test/*.test.js; do echo "$f"; done |
              xargs -P 2 -I{} sh -c 'bun test --timeout 60000 "$1" > "$1.bun.log" 2>&1 || { cat "$1.bun.log"; exit 1; }' sh {} || status=1
            cat dist/test/*.bun.log | grep -E '^ *[0-9]+ (pass|skip|fail)$' |
              awk '{n[$2] += $1} END {printf "bun: %d pass, %d skip, %d fail\n", n["pass"], n["skip"], n["fail"]}'
            rm -f dist/test/*.bun.log
            bun dist/examples/demo.js || status=1 ;;
      *) echo "unknown runtime: $r" >&2; exit 2 ;;
    esac
done
exit $status
