// The tcp-select benchmark row's plumbing, not its figures: the one-thread
// servers (selectSync, pollSync) serve the C client's 50 connections with
// tiny counts, and the table gets their row. CPython's server is left out:
// the tests do not need Python.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const runner = fileURLToPath(new URL("../bench/run.js", import.meta.url));
const hasCc = spawnSync(process.env.CC ?? "cc", ["--version"]).status === 0;

test("bench: tcp-select runs its one-thread servers end to end", { skip: !hasCc && "no C compiler (cc) for the C client" }, () => {
  const r = spawnSync(process.execPath, [runner, "--smoke", "--only", "tcp-select", "--impl", "c,bsdsock-selectsync,bsdsock-pollsync", "--pin", "same", "--no-save"], {
    encoding: "utf8",
    timeout: 120_000,
  });
  assert.equal(r.error, undefined, String(r.error));
  assert.equal(r.status, 0, `exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  for (const impl of ["c", "bsdsock-selectsync", "bsdsock-pollsync"]) {
    assert.match(r.stdout, new RegExp(`tcp-select ${impl} same-core run 1: \\d+ round trips/s`), r.stdout);
  }
  assert.match(r.stdout, /selectSync\/C/);
  assert.doesNotMatch(r.stdout, /FAILED/);
});
