// Adds up the totals that `deno test` and `bun test` print per file, for
// scripts/ci/runtimes.sh:  node test-totals.mjs <runtime> <log>...
//   bun:  " 45 pass", " 1 skip", " 0 fail"
//   deno: "ok | 13 passed (63 steps) | 0 failed | 2 ignored (8 steps)"
//         (a describe is a test and its tests are steps)
import { readFileSync } from "node:fs";

const [name, ...logs] = process.argv.slice(2);
const n = { pass: 0, skip: 0, fail: 0 };
const deno = { passed: "pass", ignored: "skip", failed: "fail" };
for (const log of logs) {
  const text = readFileSync(log, "utf8").replace(/\x1b\[[0-9;]*m/g, "");
  for (const m of text.matchAll(/^ *(\d+) (pass|skip|fail)$/gm)) n[m[2]] += Number(m[1]);
  for (const line of text.match(/^(ok|FAILED) \|.*$/gm) ?? []) {
    for (const m of line.matchAll(/(\d+) (passed|ignored|failed)(?: \((\d+) steps?\))?/g)) {
      n[deno[m[2]]] += Number(m[1]) + Number(m[3] ?? 0);
    }
  }
}
console.log(`${name}: ${n.pass} pass, ${n.skip} skip, ${n.fail} fail, in ${logs.length} files` +
  (name === "deno" ? " (deno counts each describe and each test in it)" : ""));
