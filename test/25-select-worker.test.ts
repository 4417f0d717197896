// select, selectSync and poll objects in a worker thread, and a worker
// that ends while an async select waits (its pollers, the socket's and the
// one on a duplicate of a bare descriptor, are closed with the worker). In
// a child process, so that what the ended worker leaves open is not this
// process's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { libraryUrl } from "./child.js";
import { evalArgs } from "./runtime.js";

const worker = `
import { parentPort } from "node:worker_threads";
const socket = await import(${JSON.stringify(libraryUrl)});
const [a, b] = socket.socketpair();
b.sendSync(Buffer.from("x"));
const p = socket.poll();
p.register(a, socket.POLLIN);
parentPort.postMessage(JSON.stringify([
  socket.selectSync([a], [], [], 5)[0].length,
  (await socket.select([a.fileno()], [], [], 5))[0].length,
  (await p.poll(5000)).length,
  p.pollSync(5000).length,
]));
const [c] = socket.socketpair();
socket.select([c, c.fileno()], [], []); // waits until the worker ends
parentPort.postMessage("waiting");
`;

const main = `
import { Worker } from "node:worker_threads";
const w = new Worker(new URL("data:text/javascript," + encodeURIComponent(${JSON.stringify(worker)})));
w.on("message", (m) => { console.log(m); if (m === "waiting") w.terminate(); });
w.on("error", (e) => console.log("error", String(e)));
w.on("exit", (code) => console.log("exit", code));
`;

test("select and poll work in a worker; a worker terminated while select waits ends cleanly", () => {
  const r = spawnSync(process.execPath, evalArgs(main), { encoding: "utf8", timeout: 30_000 });
  assert.equal(r.error, undefined, String(r.error));
  assert.equal(r.signal, null, `the child died of ${r.signal}: ${r.stderr}`);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split("\n"), ["[1,1,1,1]", "waiting", "exit 1"]);
});
