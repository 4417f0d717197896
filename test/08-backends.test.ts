// The two poller backends: which one src/binding.ts chooses, and the
// readiness-thread backend (native/poller_thread.cc) driven directly, on
// whatever runtime runs the suite: its events, what it drops, its errors,
// and processes that load the addon and exit (Deno's exit used to abort).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { type NativePoller, binding, choosePollerBackend, pollerBackend } from "../src/binding.js";
import * as socket from "../src/index.js";
import { checkNoLeaks, trackSockets, unixPair, within, errno } from "./helpers.js";
import { libraryUrl } from "./child.js";
import { evalArgs, lacks, runtime } from "./runtime.js";
import { skipWholeFile, windows } from "./platform.js";

const { describe, test } = skipWholeFile(lacks({ win32: "the readiness-thread backend is not built on Windows, where libuv's poller serves every runtime (56-windows-only checks the choice)" }));

// This file drives the readiness thread whatever the backend in use: it is
// started before descriptors are counted (its queue and pipe stay open).
if (!windows) {
  const [a, b] = socket.socketpair();
  new binding.ThreadPoller(a.fileno(), () => {}).close();
  a.close();
  b.close();
}
checkNoLeaks();
const { EBADF, EEXIST } = errno;
const track = trackSockets();
const { POLL_READABLE: READABLE, POLL_WRITABLE: WRITABLE } = binding;

describe("choosing the backend", () => {
  test("Node keeps uv_poll; Deno and Bun get the readiness thread", () => {
    assert.equal(choosePollerBackend({}, { deno: false, bun: false }), "uv");
    assert.equal(choosePollerBackend({}, { deno: true, bun: false }), "thread");
    assert.equal(choosePollerBackend({}, { deno: false, bun: true }), "thread");
  });

  test("BSDSOCK_POLLER forces either; empty means unset", () => {
    assert.equal(choosePollerBackend({ BSDSOCK_POLLER: "thread" }, { deno: false, bun: false }), "thread");
    assert.equal(choosePollerBackend({ BSDSOCK_POLLER: "uv" }, { deno: true, bun: false }), "uv");
    assert.equal(choosePollerBackend({ BSDSOCK_POLLER: "" }, { deno: false, bun: true }), "thread");
  });

  test("any other value is a RangeError naming the variable and the value", () => {
    assert.throws(() => choosePollerBackend({ BSDSOCK_POLLER: "epoll" }, { deno: false, bun: false }), (e: unknown) =>
      e instanceof RangeError && /BSDSOCK_POLLER/.test(e.message) && /"epoll"/.test(e.message));
  });

  test("this process uses the backend its runtime and environment call for", () => {
    const forced = process.env["BSDSOCK_POLLER"];
    assert.equal(pollerBackend, forced === "uv" || forced === "thread" ? forced : runtime === "node" ? "uv" : "thread");
    assert.equal(binding.Poller === binding.ThreadPoller, pollerBackend === "thread");
  });
});

/** A readiness-thread poller on `fd` whose callback records its calls and,
 *  like a call that completed, then waits for nothing. */
function threadPoller(fd: number): { p: NativePoller; calls: [number, number][]; next(): Promise<[number, number]> } {
  const calls: [number, number][] = [];
  let wake: (() => void) | null = null;
  const p: NativePoller = new binding.ThreadPoller(fd, (status, events) => {
    calls.push([status, events]);
    p.start(0);
    wake?.();
  });
  const next = async (): Promise<[number, number]> => {
    const seen = calls.length;
    await within(new Promise<void>((resolve) => {
      if (calls.length > seen) resolve();
      else wake = resolve;
    }), 5000, "a readiness event");
    return calls[seen]!;
  };
  return { p, calls, next };
}

describe("the readiness-thread poller, driven directly", () => {
  test("reports readable once per start(); the state words say what it watches", async () => {
    const [a, b] = unixPair(track);
    const { p, calls, next } = threadPoller(a.fileno());
    try {
      assert.equal(p.start(READABLE), 0);
      assert.equal(p.state![0], READABLE, "armed");
      assert.equal(p.state![2], READABLE, "wanted");
      b.sendSync(Buffer.from("x"));
      assert.deepEqual(await next(), [0, READABLE]);
      // Nothing more while no call waits, though the byte is still unread.
      await new Promise((r) => setTimeout(r, 20));
      assert.equal(calls.length, 1);
      assert.equal(p.state![0], 0, "disarmed");
      assert.equal(p.start(READABLE), 0);
      assert.deepEqual(await next(), [0, READABLE], "the unread byte is reported again");
      assert.equal(a.recvSync(1).toString(), "x");
    } finally {
      p.close();
    }
  });

  test("writable, and both at once", async () => {
    const [a] = unixPair(track);
    const { p, next } = threadPoller(a.fileno());
    try {
      assert.equal(p.start(WRITABLE), 0);
      assert.deepEqual(await next(), [0, WRITABLE]);
      assert.equal(p.start(READABLE | WRITABLE), 0);
      assert.deepEqual(await next(), [0, WRITABLE], "only what happened is reported");
    } finally {
      p.close();
    }
  });

  test("an event for a poller closed before it is delivered is dropped", async () => {
    const [a, b] = unixPair(track);
    const { p, calls } = threadPoller(a.fileno());
    const other = threadPoller(b.fileno());
    try {
      assert.equal(p.start(READABLE), 0);
      assert.equal(other.p.start(READABLE), 0);
      b.sendSync(Buffer.from("x"));
      p.close(); // the event may already be on its way
      a.sendSync(Buffer.from("y"));
      await other.next(); // delivered after anything queued for p
      assert.equal(calls.length, 0);
      assert.equal(p.start(READABLE), -EBADF);
    } finally {
      other.p.close();
    }
  });

  test("close() inside its own callback, and twice", async () => {
    const [a, b] = unixPair(track);
    let p: NativePoller | null = null;
    const called = new Promise<void>((resolve) => {
      p = new binding.ThreadPoller(a.fileno(), () => {
        p!.close();
        p!.close();
        resolve();
      });
    });
    assert.equal(p!.start(READABLE), 0);
    b.sendSync(Buffer.from("x"));
    await within(called);
    assert.equal(p!.start(READABLE), -EBADF);
  });

  test("a second poller on a watched descriptor: EEXIST, as libuv says; free again after close()", () => {
    const [a] = unixPair(track);
    const first = new binding.ThreadPoller(a.fileno(), () => {});
    try {
      assert.throws(() => new binding.ThreadPoller(a.fileno(), () => {}), (e: unknown) => (e as { errno?: number }).errno === EEXIST);
    } finally {
      first.close();
    }
    new binding.ThreadPoller(a.fileno(), () => {}).close();
  });

  test("a descriptor epoll cannot watch: start() gives the errno", () => {
    const { p } = threadPoller(0x7ffffff0);
    try {
      assert.equal(p.start(READABLE), -EBADF);
    } finally {
      p.close();
    }
  });

  test("bad input: TypeError/RangeError, never a crash", () => {
    assert.throws(() => new binding.ThreadPoller("3" as unknown as number, () => {}), TypeError);
    assert.throws(() => new binding.ThreadPoller(1.5, () => {}), RangeError);
    assert.throws(() => new binding.ThreadPoller(3, null as unknown as () => void), TypeError);
    const [a] = unixPair(track);
    const p = new binding.ThreadPoller(a.fileno(), () => {});
    try {
      assert.throws(() => p.start("1" as unknown as number), TypeError);
    } finally {
      p.close();
    }
  });
});

/** Runs `code` (an ES module) in a child of this runtime; its result. */
function child(code: string, env: Record<string, string> = {}): ReturnType<typeof spawnSync> {
  const r = spawnSync(process.execPath, evalArgs(code), { encoding: "utf8", timeout: 20_000, env: { ...process.env, ...env } });
  assert.equal(r.error, undefined, String(r.error));
  return r;
}

describe("processes that load the addon", () => {
  test("one that only loads it exits cleanly (Deno used to abort with a double free)", () => {
    const r = child(`import * as socket from ${JSON.stringify(libraryUrl)}; console.log(typeof socket.socket);`);
    assert.equal(r.signal, null, String(r.stderr));
    assert.equal(r.status, 0, String(r.stderr));
    assert.equal(String(r.stdout).trim(), "function");
  });

  for (const backend of ["uv", "thread"] as const) {
    test(`one that waited on the ${backend} backend and left a poller open exits cleanly`, (t) => {
      if (backend === "uv" && runtime !== "node") return t.skip(`${runtime} has no real uv_poll (the reason for the thread backend)`);
      const r = child(
        `import * as socket from ${JSON.stringify(libraryUrl)};
        const [a, b] = socket.socketpair();
        const got = a.recv(1);
        b.sendSync(Buffer.from("x"));
        console.log((await got).toString());
        a.recv(1); // still waiting at exit, on purpose
        setTimeout(() => process.exit(0), 20);`,
        { BSDSOCK_POLLER: backend },
      );
      assert.equal(r.signal, null, String(r.stderr));
      assert.equal(r.status, 0, String(r.stderr));
      assert.equal(String(r.stdout).trim(), "x");
    });
  }
});
