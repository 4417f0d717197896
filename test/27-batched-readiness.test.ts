// One entry into JavaScript per turn (native/ready_batch.h): the readiness
// events of one event-loop turn reach JavaScript in one call, on both
// poller backends. Driven through the native pollers directly (a Socket
// makes one per descriptor) and, where a whole process must be watched
// (an uncaught exception, what keeps the loop alive, a worker ending in
// the middle of a batch), in child processes of the backend under test.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { constants as osConstants } from "node:os";
import { type NativePoller, binding, pollerBackend } from "../src/binding.js";
import * as socket from "../src/index.js";
import { libraryUrl } from "./child.js";
import { checkNoLeaks, trackSockets, unixPair, within } from "./helpers.js";
import { evalArgs, lacks, runtime } from "./runtime.js";

// The readiness thread's queue and pipe stay open once started: start it
// before descriptors are counted.
// (Windows has no readiness thread: libuv's backend only.)
if (binding.ThreadPoller !== undefined) {
  const [a, b] = socket.socketpair();
  new binding.ThreadPoller(a.fileno(), () => {}).close();
  a.close();
  b.close();
}
checkNoLeaks();
const track = trackSockets();
const { EBADF } = osConstants.errno;
const READABLE = binding.POLL_READABLE;
const IN_CALLBACK = 1;
const bindingUrl = new URL("../src/binding.js", import.meta.url).href;

type PollerClass = new (fd: number, callback: (status: number, events: number) => void) => NativePoller;
// The thread backend runs everywhere; libuv's only where this process uses it.
const backends: [string, PollerClass, string][] = binding.ThreadPoller === undefined ? [] : [["thread", binding.ThreadPoller, "thread"]];
if (pollerBackend === "uv") backends.push(["uv", binding.Poller, "uv"]);

/** A poller whose callback lives as long as the poller, as a Socket's
 *  does (the Socket holds its callback): a poller holds its callback
 *  weakly while no call waits, so a callback held by nothing else may be
 *  collected, and a later event would then reach no one. */
function pollerOf(P: PollerClass, fd: number, callback: (status: number, events: number) => void): NativePoller {
  const p = new P(fd, callback);
  callbacks.set(p, callback);
  return p;
}
const callbacks = new WeakMap<object, unknown>();

/** Resolves once `done()` holds, looking after each turn; bounded. */
function until(done: () => boolean, what: string): Promise<void> {
  return within(new Promise<void>((resolve) => {
    const look = (): void => {
      if (done()) resolve();
      else setTimeout(look, 2);
    };
    look();
  }), 5000, what);
}

/** Runs `code` (an ES module, `binding` and `socket` imported) in a child of
 *  this runtime with BSDSOCK_POLLER=`backend`; returns its last line as JSON. */
function runChild(backend: string, code: string): unknown {
  const full = [
    `const { binding } = await import(${JSON.stringify(bindingUrl)});`,
    `const socket = await import(${JSON.stringify(libraryUrl)});`,
    code,
  ].join("\n");
  const r = spawnSync(process.execPath, evalArgs(full), {
    encoding: "utf8",
    timeout: 30_000,
    env: { ...process.env, BSDSOCK_POLLER: backend },
  });
  assert.equal(r.error, undefined, String(r.error));
  assert.equal(r.signal, null, `the child died of ${r.signal}: ${r.stderr.slice(-2000)}`);
  assert.equal(r.status, 0, r.stderr.slice(-2000));
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!);
}

// Seen with Bun 1.4.5, before and after the batched delivery: a process
// whose only work is a waiting recv exits (the readiness thread's ref'd
// thread-safe function does not keep Bun's loop alive). In the README.
const bunKeepAlive = "Bun 1.4 does not keep the process alive for a waiting call (a ref'd thread-safe function is not counted)";

// Children of both backends need the uv backend's runtime (Node) for "uv".
const childBackends = (runtime === "node" ? ["uv", "thread"] : ["thread"]).filter((b) => b === "uv" || binding.ThreadPoller !== undefined);

test("uv: the events of one turn are one call: every callback runs before the microtasks of any", async () => {
  if (pollerBackend !== "uv") return;
  const pairs = Array.from({ length: 6 }, () => unixPair(track));
  const calls: number[] = [];
  const seenByMicrotasks: number[] = [];
  const inBatch: boolean[] = [];
  const pollers: NativePoller[] = [];
  try {
    for (const [i, [a]] of pairs.entries()) {
      const p = pollerOf(binding.Poller, a.fileno(), () => {
        calls.push(i);
        // Every poller of the batch is in it for the whole delivery.
        inBatch.push(pollers.every((q) => q.state![IN_CALLBACK] === 1));
        p.start(0);
        queueMicrotask(() => seenByMicrotasks.push(calls.length));
      });
      pollers.push(p);
    }
    // All readable before the loop turns: one poll phase reports them all.
    for (const [, b] of pairs) b.sendSync(Buffer.from("x"));
    for (const p of pollers) assert.equal(p.start(READABLE), 0);
    await until(() => calls.length === pairs.length, "the six callbacks");
    assert.deepEqual([...calls].sort(), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(seenByMicrotasks, [6, 6, 6, 6, 6, 6], "the microtasks ran once, after the whole batch");
    assert.deepEqual(inBatch, [true, true, true, true, true, true]);
    assert.ok(pollers.every((p) => p.state![IN_CALLBACK] === 0), "out of the batch once it was delivered");
  } finally {
    for (const p of pollers) p.close();
  }
});

describe("a batch, on each backend", () => {
  for (const [name, Poller] of backends) {
    test(`${name}: a poller closed by an earlier callback of the batch gets no call`, async () => {
      const pairs = Array.from({ length: 4 }, () => unixPair(track));
      const calls: number[] = [];
      const pollers: NativePoller[] = [];
      try {
        for (const [i, [a]] of pairs.entries()) {
          pollers.push(pollerOf(Poller, a.fileno(), () => {
            calls.push(i);
            for (const q of pollers) q.close(); // itself included, and twice for some
          }));
        }
        for (const [, b] of pairs) b.sendSync(Buffer.from("x"));
        for (const p of pollers) assert.equal(p.start(READABLE), 0);
        await until(() => calls.length > 0, "the first callback");
        // A later event (a later turn, or a later delivery) as a fence.
        const [c, d] = unixPair(track);
        let fenced = false;
        const fence = pollerOf(Poller, c.fileno(), () => {
          fenced = true;
          fence.close();
        });
        d.sendSync(Buffer.from("y"));
        assert.equal(fence.start(READABLE), 0);
        await until(() => fenced, "the fence's callback");
        assert.equal(calls.length, 1, `one callback only, got ${JSON.stringify(calls)}`);
        for (const p of pollers) assert.equal(p.start(READABLE), -EBADF);
      } finally {
        for (const p of pollers) p.close();
      }
    });

    test(`${name}: calls made during the batch for what is watched are applied after it`, async () => {
      const [a, b] = unixPair(track);
      let calls = 0;
      let wantedInside = -1;
      const p = pollerOf(Poller, a.fileno(), () => {
        calls++;
        // As src/socket.ts does: inside the batch, a call for an event
        // already watched only writes what it waits for.
        queueMicrotask(() => {
          if (p.state![IN_CALLBACK] === 1) {
            p.state![2] = 0;
            wantedInside = p.state![2]!;
          } else {
            p.start(0);
          }
        });
      });
      try {
        b.sendSync(Buffer.from("x"));
        assert.equal(p.start(READABLE), 0);
        await until(() => calls === 1, "the callback");
        await new Promise((r) => setTimeout(r, 20));
        assert.equal(calls, 1, "nobody waits any more: no second call though the byte is unread");
        assert.equal(p.state![2], 0);
        assert.equal(p.state![IN_CALLBACK], 0);
        // On libuv's loop the callback's microtasks run inside the batch's
        // one callback scope. The thread backend's batch runs inside the
        // thread-safe function's call, whose scope runs them afterwards.
        if (name === "uv") assert.equal(wantedInside, 0, "the callback's microtasks ran inside the batch");
        // And it reports again once a call waits.
        assert.equal(p.start(READABLE), 0);
        await until(() => calls === 2, "the second callback");
      } finally {
        p.close();
      }
    });
  }
});

describe("whole processes, on each backend", () => {
  for (const backend of childBackends) {
    test(`${backend}: a callback that throws: the exception is uncaught once, every other socket gets its event, the batch is finished`, () => {
      const outcome = runChild(backend, `
        const N = 5;
        const pairs = Array.from({ length: N }, () => socket.socketpair());
        const calls = [];
        const errors = [];
        process.on("uncaughtException", (e) => errors.push(e.message));
        let threw = false;
        const pollers = pairs.map(([a], i) => {
          const p = new binding.Poller(a.fileno(), () => {
            calls.push(i);
            p.start(0);
            if (!threw) {
              threw = true;
              throw new Error("boom");
            }
          });
          return p;
        });
        for (const [, b] of pairs) b.sendSync(Buffer.from("x"));
        for (const p of pollers) p.start(binding.POLL_READABLE);
        const deadline = Date.now() + 10000;
        while (calls.length < N && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
        const finished = pollers.every((p) => p.state[1] === 0);
        // Every poller works after the batch: the unread bytes are reported again.
        for (const p of pollers) p.start(binding.POLL_READABLE);
        while (calls.length < 2 * N && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
        for (const p of pollers) p.close();
        for (const [a, b] of pairs) { a.close(); b.close(); }
        console.log(JSON.stringify({ calls: calls.length, distinct: new Set(calls).size, errors, finished }));
      `);
      assert.deepEqual(outcome, { calls: 10, distinct: 5, errors: ["boom"], finished: true });
    });

    test(`${backend}: what keeps the process alive: a waiting call on a ref'd socket, nothing else`, { skip: lacks({ bun: bunKeepAlive }) }, () => {
      const kept = (body: string): boolean => {
        const r = runChild(backend, `
          setTimeout(() => { console.log(JSON.stringify("kept alive")); process.exit(0); }, 300).unref();
          ${body}
          console.log(JSON.stringify("started"));
        `);
        return r === "kept alive";
      };
      assert.equal(kept(`const [a] = socket.socketpair(); a.recv(1);`), true, "a waiting recv");
      assert.equal(kept(`const [a] = socket.socketpair(); a.unref(); a.recv(1);`), false, "an unref'd socket");
      // A batch was delivered (the check handle was started and stopped),
      // and the sockets stay open with nothing waiting.
      assert.equal(kept(`
        const [a, b] = socket.socketpair();
        const got = a.recv(1);
        setTimeout(() => b.send(Buffer.from("x")), 5);
        await got;
        globalThis.open = [a, b];
      `), false, "after a delivered batch");
    });

    test(`${backend}: workers ended in the middle of a batch (terminate(), process.exit()): no abort, the process goes on`, () => {
      const outcome = runChild(backend, `
        const { Worker } = await import("node:worker_threads");
        const code = [
          "import { parentPort, workerData } from 'node:worker_threads';",
          "const { binding } = await import(" + JSON.stringify(${JSON.stringify(bindingUrl)}) + ");",
          "const socket = await import(" + JSON.stringify(${JSON.stringify(libraryUrl)}) + ");",
          "const pairs = Array.from({ length: 8 }, () => socket.socketpair());",
          "let first = true;",
          "const pollers = pairs.map(([a]) => new binding.Poller(a.fileno(), () => {",
          "  if (!first) return;",
          "  first = false;",
          "  if (workerData.exit) process.exit(3);",
          "  parentPort.postMessage('in batch');",
          "  const end = Date.now() + 10000;",
          "  while (Date.now() < end) {}",
          "}));",
          "for (const [, b] of pairs) b.sendSync(Buffer.from('x'));",
          "for (const p of pollers) p.start(binding.POLL_READABLE);",
        ].join("\\n");
        const ended = [];
        for (let i = 0; i < 6; i++) {
          const exit = i % 2 === 1;
          const w = new Worker(new URL("data:text/javascript," + encodeURIComponent(code)), { workerData: { exit } });
          if (!exit) w.once("message", () => w.terminate());
          ended.push(await new Promise((resolve, reject) => { w.once("exit", resolve); w.once("error", reject); }));
        }
        // The main thread's own sockets still work.
        const [a, b] = socket.socketpair();
        const got = a.recv(1);
        await b.send(Buffer.from("z"));
        const data = (await got).toString();
        a.close(); b.close();
        console.log(JSON.stringify({ ended, data }));
      `) as { ended: number[]; data: string };
      assert.equal(outcome.data, "z");
      // process.exit(3)'s code; terminate()'s is the runtime's (Node: 1).
      assert.deepEqual(outcome.ended.filter((_, i) => i % 2 === 1), [3, 3, 3]);
      assert.equal(outcome.ended.length, 6);
    });
  }
});
