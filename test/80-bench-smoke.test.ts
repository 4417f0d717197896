// The benchmark suite's plumbing, not its figures: `npm run bench` with tiny
// counts for one workload (every implementation, one pinning) must build
// the C baseline, start each server and client, read their results and
// print the table. Nothing here measures time.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const runner = fileURLToPath(new URL("../bench/run.js", import.meta.url));
const hasCc = spawnSync(process.env.CC ?? "cc", ["--version"]).status === 0;

test("bench: one workload with tiny counts runs end to end", { skip: !hasCc && "no C compiler (cc) for the C baseline" }, () => {
  const r = spawnSync(process.execPath, [runner, "--smoke", "--only", "tcp-pingpong,udp-oneway", "--pin", "same", "--no-save"], {
    encoding: "utf8",
    timeout: 120_000,
  });
  assert.equal(r.error, undefined, String(r.error));
  assert.equal(r.status, 0, `exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  for (const impl of ["c", "bsdsock-async", "bsdsock-sync", "node"]) {
    assert.match(r.stdout, new RegExp(`tcp-pingpong ${impl} same-core run 1: \\d+ round trips/s`), r.stdout);
    assert.match(r.stdout, new RegExp(`udp-oneway ${impl} same-core run 1: \\d+ packets/s`), r.stdout);
  }
  assert.match(r.stdout, /tcp-pingpong: .* round trips\/s/);
  assert.doesNotMatch(r.stdout, /FAILED/);
});

test("bench: the timeout-mode and UDP-server variants, the CPython peer and the idle-memory workloads run end to end", () => {
  const only = "tcp-pingpong,tcp-pingpong-timeout,udp-pingpong-connected,udp-pingpong-recvfrom,idle-memory-pending";
  const r = spawnSync(process.execPath, [runner, "--smoke", "--only", only, "--impl", "bsdsock-async,bsdsock-sync,node,python", "--pin", "same", "--no-save"], {
    encoding: "utf8",
    timeout: 180_000,
  });
  assert.equal(r.error, undefined, String(r.error));
  assert.equal(r.status, 0, `exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  const python = !/python3 is not available/.test(r.stdout);
  for (const impl of ["bsdsock-async", "bsdsock-sync", "node", ...(python ? ["python"] : [])]) {
    for (const w of ["tcp-pingpong-timeout", "udp-pingpong-connected", "udp-pingpong-recvfrom"]) {
      assert.match(r.stdout, new RegExp(`${w} ${impl} same-core run 1: \\d+ round trips/s`), r.stdout);
    }
  }
  for (const impl of ["bsdsock-async", "node"]) {
    assert.match(r.stdout, new RegExp(`idle-memory-pending ${impl} same-core run 1: [\\d.]+ KiB per connection`), r.stdout);
  }
  // A variant's ratio to its base workload, and Sync over CPython, are printed.
  assert.match(r.stdout, /same +\/ tcp-pingpong: bsdsock async \d+\.\d\d [✓✗]≥0\.97/);
  if (python) assert.match(r.stdout, /Sync\/CPython/);
  assert.doesNotMatch(r.stdout, /FAILED/);
});

test("bench: bad options are refused with the usage text", () => {
  const r = spawnSync(process.execPath, [runner, "--only", "no-such-workload"], { encoding: "utf8", timeout: 30_000 });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown "no-such-workload"/);
  assert.match(r.stderr, /usage: npm run bench/);
});
