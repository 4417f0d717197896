// The chat example (examples/chat.ts) runs end to end: its demo starts a
// server and two scripted clients on the loopback, and stops by itself.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const script = join(dirname(fileURLToPath(import.meta.url)), "..", "examples", "chat.js");

test("examples/chat: the demo's transcript, and a clean exit", () => {
  const run = spawnSync(process.execPath, [script], { encoding: "utf8", timeout: 30_000 });
  assert.equal(run.error, undefined, `the demo did not finish: ${String(run.error)}`);
  assert.equal(run.status, 0, `exit status ${run.status}; stderr:\n${run.stderr}`);
  const lines = run.stdout.trim().split("\n");
  for (const expected of [
    "alice   * welcome alice (1 online)",
    "bob     * welcome bob (2 online)",
    "alice   * bob joined",
    "bob     <alice> hello bob, over makefile() and readline",
    "alice   <bob> hi alice, and bye",
    "alice   * bob left",
    "server  stopped",
  ]) {
    assert.ok(lines.includes(expected), `missing ${JSON.stringify(expected)} in:\n${run.stdout}`);
  }
  // What each client heard came in the order it was said.
  const heard = (who: string) => lines.filter((l) => l.startsWith(`${who} `.padEnd(8)));
  assert.deepEqual(heard("alice"), ["alice   * welcome alice (1 online)", "alice   * bob joined", "alice   <bob> hi alice, and bye", "alice   * bob left"]);
});
