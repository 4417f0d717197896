// Workers that use bsdsock, terminated in every state (issue 10): busy in
// round trips, idle with calls pending, with lookups in flight, with
// sockets left open. No termination may abort the process (a C++ exception
// out of the addon during the worker's teardown is std::terminate), and
// every descriptor a worker owned is closed when it ends, so the process
// returns to its count. The terminations run in a child process, so that
// an abort is seen as a failure instead of killing the test runner.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { checkNoLeaks } from "./helpers.js";
import { lacks } from "./runtime.js";
import { WIN, windows } from "./platform.js";

checkNoLeaks();

const script = fileURLToPath(new URL("./fixtures/worker-terminations.js", import.meta.url));

test("200 workers terminated while busy, idle, looking up or holding sockets: no abort, no descriptor left", (t) => {
  // A bound, not a speed check: under Wine a worker's start and end are slow
  // enough that 200 take about 110 s on a quiet machine.
  const r = spawnSync(process.execPath, [script, "200"], { encoding: "utf8", timeout: windows ? 240_000 : 120_000 });
  assert.equal(r.error, undefined, String(r.error));
  assert.equal(r.signal, null, `the child died of ${r.signal}: ${r.stderr.slice(-2000)}`);
  assert.equal(r.status, 0, r.stderr.slice(-2000));
  const outcome = JSON.parse(r.stdout.trim().split("\n").at(-1)!) as
    { terminated: number; before: number; after: number; extra: string[] };
  assert.equal(outcome.terminated, 200);
  // Seen with a worker that only loaded build/Release/bsdsock.node and
  // called nothing: each one terminated left an eventpoll and an eventfd.
  const gap = lacks({ deno: "a terminated worker that loaded a Node-API addon leaves an epoll and an eventfd of its own open, so the count does not return" });
  if (gap !== undefined) return t.skip(gap);
  assert.deepEqual(outcome.extra, [], "descriptors the workers left open");
  assert.equal(outcome.after, outcome.before);
});

test("a descriptor a worker's Socket adopted is closed when the worker ends; one it detached is not", { skip: lacks({ win32: WIN.procFd }) }, async () => {
  const { Worker } = await import("node:worker_threads");
  // Through /proc, not fstatSync: Deno's node:fs refuses descriptors it did not open.
  const { readlinkSync } = await import("node:fs");
  const target = (fd: number): string | undefined => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      return undefined;
    }
  };
  const socket = await import("../src/index.js");
  const { libraryUrl } = await import("./child.js");
  const given = socket.socket().detach(); // the main thread's no longer: handed to the worker
  const givenTarget = target(given);
  assert.match(givenTarget ?? "closed", /^socket:/);
  const code = [
    `import { parentPort, workerData } from "node:worker_threads";`,
    `const socket = await import(${JSON.stringify(libraryUrl)});`,
    `globalThis.adopted = new socket.Socket(null, null, null, workerData.given);`,
    `const kept = socket.socket(socket.AF_INET, socket.SOCK_DGRAM).detach();`,
    `parentPort.postMessage(kept);`,
  ].join("\n");
  const w = new Worker(new URL("data:text/javascript," + encodeURIComponent(code)), { workerData: { given } });
  const kept = await new Promise<number>((resolve, reject) => {
    w.once("message", resolve);
    w.once("error", reject);
  });
  await w.terminate();
  try {
    // Deno's terminate() resolves before the worker's Node-API cleanup hooks
    // have run: wait for them, bounded.
    for (let i = 0; i < 250 && target(given) === givenTarget; i++) await new Promise((r) => setTimeout(r, 20));
    assert.notEqual(target(given), givenTarget, "the adopted descriptor is closed");
    assert.match(target(kept) ?? "closed", /^socket:/, "the detached descriptor is still open");
  } finally {
    socket.close(kept);
  }
});
