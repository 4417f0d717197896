// The three modes of every call that can wait (docs/api.md "Modes", the
// reference's "Notes on socket timeouts"), for each async method and its
// Sync twin:
//   blocking      timeout null: the call settles when it completes;
//   timeout mode  settimeout(t): TimeoutError("timed out") after t, and the
//                 socket stays usable;
//   non-blocking  settimeout(0): BlockingIOError at once.
// A Sync twin really blocks its thread, so its blocking mode is tested in a
// child process (bounded, killed if it hangs) whose peer is a worker thread.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import * as socket from "../src/index.js";
import { checkNoLeaks, closedAddress, isPending, tempDir, within, trackSockets, fillSendBuffer, isEbadf, recvAll, errno, wouldBlockCode } from "./helpers.js";
import { evalArgs, lacks } from "./runtime.js";
import { WIN } from "./platform.js";

checkNoLeaks();

const { EAGAIN, EWOULDBLOCK, EINPROGRESS, ECONNREFUSED, EBADF } = errno;
/** The timeout of timeout-mode tests, in seconds: small, so the suite stays fast. */
const T = 0.05;
const dir = tempDir();
let pathCount = 0;
const unixPath = (): string => join(dir, `s${pathCount++}`);

// ---- fixtures -----------------------------------------------------------

// Every socket a test makes is tracked and closed after it, pass or fail.
const track = trackSockets();

/** A connected AF_UNIX stream pair. */
function pair(): [socket.Socket, socket.Socket] {
  const [a, b] = socket.socketpair();
  return [track(a), track(b)];
}

/** A TCP listener on 127.0.0.1 (port chosen by the kernel). */
function listener(backlog?: number): socket.Socket<socket.AddressFamily<"AF_INET">, socket.SocketKind<"SOCK_STREAM">> {
  const l = track(socket.socket(socket.AF_INET, socket.SOCK_STREAM));
  l.bind(["127.0.0.1", 0]);
  l.listen(backlog);
  return l;
}

/** Connected [listener, client, server] over TCP on 127.0.0.1. */
async function tcpPair(): Promise<[socket.Socket, socket.Socket, socket.Socket]> {
  const l = listener();
  const client = track(socket.socket(socket.AF_INET, socket.SOCK_STREAM));
  const [[server]] = await within(Promise.all([l.accept(), client.connect(l.getsockname())]));
  return [l, client, track(server)];
}

/**
 * The address of a TCP listener whose accept queue is full: listen(0)
 * holds one connection, made here and never accepted; the kernel then drops
 * the SYN of the next connect, which hangs, deterministically and without
 * leaving the machine. Connects with a timeout check that one does hang;
 * null if none did within 8 tries.
 */
async function fullListener(): Promise<[string, number] | null> {
  const l = listener(0);
  const address = l.getsockname() as [string, number];
  await within(track(socket.socket()).connect(address));
  for (let i = 0; i < 8; i++) {
    const c = track(socket.socket(socket.AF_INET, socket.SOCK_STREAM));
    c.settimeout(T);
    try {
      await within(c.connect(address)); // the queue still had room: fill on
    } catch (e) {
      if (e instanceof socket.TimeoutError) return address;
      throw e;
    }
  }
  return null;
}

const FILLER = 0x2e; // "."
const CHUNK = 65536;

/**
 * Two AF_UNIX datagram sockets bound to paths and connected to each other:
 * `tx.sendto(data, rxPath)` then waits on tx's own send buffer (as a
 * socketpair does), so a full buffer makes sendto wait.
 */
function unixDgramPair(): { tx: socket.Socket; rx: socket.Socket; rxPath: string } {
  const tx = track(socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM));
  const rx = track(socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM));
  const txPath = unixPath();
  const rxPath = unixPath();
  tx.bind(txPath);
  rx.bind(rxPath);
  tx.connectSync(rxPath);
  rx.connectSync(txPath);
  return { tx, rx, rxPath };
}

// ---- assertions -----------------------------------------------------------

/** A socket timeout: TimeoutError (an OSError) with message "timed out". */
function timedOut(e: unknown): true {
  assert.ok(e instanceof socket.TimeoutError, `expected TimeoutError, got ${String(e)}`);
  assert.ok(e instanceof socket.OSError);
  assert.equal(e.message, "timed out");
  return true;
}

/** Non-blocking mode's answer: BlockingIOError with this errno. */
function wouldBlock(errno = EAGAIN): (e: unknown) => true {
  return (e) => {
    assert.ok(e instanceof socket.BlockingIOError, `expected BlockingIOError, got ${String(e)}`);
    assert.ok(e instanceof socket.OSError);
    assert.equal(e.errno, errno);
    assert.equal(e.code, errno === EAGAIN ? wouldBlockCode : "EINPROGRESS");
    return true;
  };
}

// ---- blocking Sync twins, in a child process ----------------------------

/**
 * The child's program (serialized with toString, so it must not use
 * anything from this module's scope). Each scenario blocks the child's main
 * thread in a Sync call that a worker thread completes about 50 ms later,
 * and reports { ok, value } or { ok: false, error }.
 */
async function syncBlockingChild(lib: string): Promise<void> {
  const { Worker } = await import("node:worker_threads");
  const socket: typeof import("../src/index.js") = await import(lib);

  // A peer on another thread: after 50 ms runs `body(data)` (also
  // serialized with toString) with the library and fs in scope.
  function peer(body: (w: { socket: typeof import("../src/index.js"); fs: typeof import("node:fs"); data: any }) => unknown, data: unknown): Promise<any> {
    const code = `
      import { workerData, parentPort } from "node:worker_threads";
      import * as fs from "node:fs";
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      import(workerData.lib).then(async (socket) => (${body.toString()})({ socket, fs, data: workerData.data }))
        .then((value) => parentPort.postMessage({ ok: true, value }), (e) => parentPort.postMessage({ ok: false, error: String(e) }));`;
    // An ES module from a data: URL, which Node, Deno and Bun all load
    // (Deno refuses import() in an eval'd CommonJS worker).
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), { workerData: { lib, data } });
    return new Promise((resolve, reject) => {
      worker.once("message", (m) => (m.ok ? resolve(m.value) : reject(new Error(m.error))));
      worker.once("error", reject);
    });
  }

  // A worker-side reader of a non-blocking descriptor: reads `total` bytes
  // (stream) or datagrams until `total` bytes (dgram), bounded in time.
  const drainBody = ({ fs, data }: { fs: typeof import("node:fs"); data: any }): unknown => {
    const buf = Buffer.alloc(1 << 16);
    const counts: Record<string, number> = {};
    let got = 0;
    const deadline = Date.now() + 5000;
    while (got < data.total) {
      let n: number;
      try {
        n = fs.readSync(data.fd, buf);
      } catch (e: any) {
        if (e.code !== "EAGAIN" || Date.now() > deadline) throw e;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
        continue;
      }
      if (n === 0) break;
      for (let i = 0; i < n; i++) counts[buf[i]!] = (counts[buf[i]!] ?? 0) + 1;
      got += n;
    }
    return counts;
  };

  function fillSync(s: import("../src/index.js").Socket): number {
    const chunk = Buffer.alloc(65536, 0x2e);
    let total = 0;
    s.setblocking(false);
    for (let i = 0; i < 10_000; i++) {
      try {
        total += s.sendSync(chunk);
      } catch (e) {
        if (e instanceof socket.BlockingIOError) break;
        throw e;
      }
    }
    s.setblocking(true);
    return total;
  }

  const results: Record<string, unknown> = {};
  async function scenario(name: string, run: () => Promise<unknown>): Promise<void> {
    try {
      results[name] = { ok: true, value: await run() };
    } catch (e) {
      results[name] = { ok: false, error: `${(e as Error)?.constructor?.name}: ${(e as Error)?.message}` };
    }
  }

  const writeHello = ({ fs, data }: { fs: typeof import("node:fs"); data: any }): unknown => fs.writeSync(data.fd, "hello");
  const receivers: Record<string, (s: import("../src/index.js").Socket) => string> = {
    recvSync: (s) => s.recvSync(64).toString(),
    recvfromSync: (s) => s.recvfromSync(64)[0].toString(),
    recvIntoSync: (s) => {
      const buf = Buffer.alloc(64);
      return buf.toString("latin1", 0, s.recvIntoSync(buf));
    },
    recvfromIntoSync: (s) => {
      const buf = Buffer.alloc(64);
      return buf.toString("latin1", 0, s.recvfromIntoSync(buf)[0]);
    },
  };
  for (const [name, receive] of Object.entries(receivers)) {
    await scenario(name, async () => {
      const [a, b] = socket.socketpair();
      try {
        const done = peer(writeHello, { fd: b.fileno() });
        const got = receive(a); // blocks until the worker writes
        await done;
        return got;
      } finally {
        a.close();
        b.close();
      }
    });
  }

  await scenario("acceptSync", async () => {
    const l = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
    try {
      l.bind(["127.0.0.1", 0]);
      l.listen();
      const done = peer(({ socket, data }) => {
        const c = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
        c.connectSync(data.address);
        const name = c.getsockname();
        c.close();
        return name;
      }, { address: l.getsockname() });
      const [conn, address] = l.acceptSync(); // blocks until the worker connects
      conn.close();
      return { same: JSON.stringify(address) === JSON.stringify(await done), family: conn.family, type: conn.type };
    } finally {
      l.close();
    }
  });

  // A blocking connect waits for the handshake (EINPROGRESS, then poll).
  for (const name of ["connectSync", "connectExSync"] as const) {
    await scenario(name, async () => {
      const l = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
      const c = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
      try {
        l.bind(["127.0.0.1", 0]);
        l.listen();
        const r = c[name](l.getsockname());
        return { r: r ?? null, peer: c.getpeername() };
      } finally {
        c.close();
        l.close();
      }
    });
  }

  const payload = Buffer.alloc(1 << 20, 0x7a); // "z"
  const senders: Record<string, (s: import("../src/index.js").Socket) => unknown> = {
    sendSync: (s) => s.sendSync(payload.subarray(0, 100)),
    sendallSync: (s) => s.sendallSync(payload) ?? null,
  };
  for (const [name, send] of Object.entries(senders)) {
    await scenario(name, async () => {
      const [a, b] = socket.socketpair();
      try {
        const filled = fillSync(a);
        const size = name === "sendSync" ? 100 : payload.length;
        const done = peer(drainBody, { fd: b.fileno(), total: filled + size });
        const r = send(a); // blocks until the worker has read enough
        const counts = await done;
        return { r, dots: counts[0x2e] === filled, z: counts[0x7a] };
      } finally {
        a.close();
        b.close();
      }
    });
  }

  await scenario("sendtoSync", async () => {
    const { mkdtempSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(tmpdir() + "/bsdsock-modes-");
    const tx = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM);
    const rx = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM);
    try {
      tx.bind(dir + "/tx");
      rx.bind(dir + "/rx");
      tx.connectSync(dir + "/rx");
      rx.connectSync(dir + "/tx");
      const filled = fillSync(tx);
      const done = peer(drainBody, { fd: rx.fileno(), total: filled + 5 });
      const r = tx.sendtoSync(Buffer.from("zzzzz"), dir + "/rx"); // blocks until the worker reads
      const counts = await done;
      return { r, dots: counts[0x2e] === filled, z: counts[0x7a] };
    } finally {
      tx.close();
      rx.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  process.stdout.write(JSON.stringify(results));
}

type Outcome = { ok: true; value: any } | { ok: false; error: string };
let syncResults: Promise<Record<string, Outcome>> | undefined;

/** The child's results, run once for the whole file (killed after 15 s). */
function blockingSyncResults(): Promise<Record<string, Outcome>> {
  syncResults ??= new Promise((resolve, reject) => {
    const lib = new URL("../src/index.js", import.meta.url).href;
    const script = `(${syncBlockingChild.toString()})(${JSON.stringify(lib)});`;
    const child = spawn(process.execPath, evalArgs(script), { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`child exited with ${code ?? signal}: ${stderr}`));
      else resolve(JSON.parse(stdout) as Record<string, Outcome>);
    });
  });
  return syncResults;
}

/** The child's worker peers read and write the socket with node:fs. */
const noForeignFds = lacks({
  deno: "node:fs refuses descriptors it did not open (the worker peers use fs.readSync/fs.writeSync on a socket)",
  win32: "node:fs reads and writes C runtime descriptors, not socket handles (the worker peers use fs.readSync/fs.writeSync on a socket)",
});

async function blockingSync(name: string): Promise<any> {
  const outcome = (await blockingSyncResults())[name];
  assert.ok(outcome !== undefined, `no result for ${name}`);
  assert.ok(outcome.ok, `${name} failed in the child: ${outcome.ok ? "" : outcome.error}`);
  return outcome.value;
}

// ---- settimeout & co ------------------------------------------------------

describe("settimeout / gettimeout / setblocking / getblocking / timeout", () => {
  test("a new socket is blocking: timeout null, getblocking() true", () => {
    const s = track(socket.socket());
    assert.equal(s.timeout, null);
    assert.equal(s.gettimeout(), null);
    assert.equal(s.getblocking(), true);
  });

  test("settimeout(t) sets timeout mode; getblocking() stays true", () => {
    const s = track(socket.socket());
    s.settimeout(2.5);
    assert.equal(s.gettimeout(), 2.5);
    assert.equal(s.timeout, 2.5);
    assert.equal(s.getblocking(), true);
    s.settimeout(null);
    assert.equal(s.gettimeout(), null);
    assert.equal(s.getblocking(), true);
  });

  test("getblocking() is false only when the timeout is 0", () => {
    const s = track(socket.socket());
    s.settimeout(0);
    assert.equal(s.getblocking(), false);
    assert.equal(s.timeout, 0);
    s.settimeout(0.001);
    assert.equal(s.getblocking(), true);
  });

  test("setblocking(false) is settimeout(0), setblocking(true) is settimeout(null)", () => {
    const s = track(socket.socket());
    s.settimeout(3);
    s.setblocking(false);
    assert.equal(s.gettimeout(), 0);
    assert.equal(s.getblocking(), false);
    s.setblocking(true);
    assert.equal(s.gettimeout(), null);
    assert.equal(s.getblocking(), true);
  });

  test("bad timeouts: negative, NaN and Infinity are RangeErrors, a string a TypeError; the timeout is unchanged", () => {
    const s = track(socket.socket());
    s.settimeout(1);
    // Python: ValueError for -1 and NaN, OverflowError for inf, TypeError for a str.
    for (const bad of [-1, -0.5, NaN, Infinity, -Infinity]) {
      assert.throws(() => s.settimeout(bad), (e: unknown) => e instanceof RangeError && /settimeout\(\)/.test(e.message), String(bad));
    }
    for (const bad of ["1", {}, [1], 1n]) {
      assert.throws(() => s.settimeout(bad as never), (e: unknown) => e instanceof TypeError && /settimeout\(\)/.test(e.message), String(bad));
    }
    assert.equal(s.gettimeout(), 1);
  });

  test("SOCK_NONBLOCK in type gives a socket in non-blocking mode", { skip: socket.SOCK_NONBLOCK === undefined && "no SOCK_NONBLOCK" }, () => {
    const s = track(socket.socket(socket.AF_INET, socket.SOCK_STREAM | socket.SOCK_NONBLOCK!));
    assert.equal(s.type, socket.SOCK_STREAM);
    assert.equal(s.gettimeout(), 0);
    assert.equal(s.getblocking(), false);
  });

  test("setdefaulttimeout() is the timeout of sockets made after it", () => {
    try {
      socket.setdefaulttimeout(T);
      const s = track(socket.socket());
      assert.equal(s.gettimeout(), T);
    } finally {
      socket.setdefaulttimeout(null);
    }
    assert.equal(track(socket.socket()).gettimeout(), null);
  });
});

// ---- accept -----------------------------------------------------------------

describe("accept / acceptSync", () => {
  test("blocking: accept waits until a client connects", async () => {
    const l = listener();
    const accepted = l.accept();
    assert.equal(await isPending(accepted), true);
    const c = track(socket.socket());
    await within(c.connect(l.getsockname()));
    const [conn, address] = await within(accepted);
    track(conn);
    assert.ok(conn instanceof socket.Socket);
    assert.deepEqual(address, c.getsockname());
  });

  test("blocking: acceptSync waits until a client connects (worker thread as the client)", { skip: noForeignFds }, async () => {
    assert.deepEqual(await blockingSync("acceptSync"), { same: true, family: socket.AF_INET, type: socket.SOCK_STREAM });
  });

  test("timeout: accept rejects with TimeoutError and the listener stays usable", async () => {
    const l = listener();
    l.settimeout(T);
    await assert.rejects(within(l.accept()), timedOut);
    const c = track(socket.socket());
    await within(c.connect(l.getsockname()));
    const [conn] = await within(l.accept());
    track(conn);
    assert.deepEqual(conn.getpeername(), c.getsockname());
  });

  test("timeout: acceptSync throws TimeoutError and the listener stays usable", async () => {
    const l = listener();
    l.settimeout(T);
    assert.throws(() => l.acceptSync(), timedOut);
    const c = track(socket.socket());
    await within(c.connect(l.getsockname()));
    const [conn] = l.acceptSync();
    track(conn);
    assert.deepEqual(conn.getpeername(), c.getsockname());
  });

  test("non-blocking: accept rejects and acceptSync throws BlockingIOError (EAGAIN) at once", async () => {
    const l = listener();
    l.setblocking(false);
    await assert.rejects(within(l.accept()), wouldBlock());
    assert.throws(() => l.acceptSync(), wouldBlock());
  });
});

// ---- connect ------------------------------------------------------------------

describe("connect / connectSync / connectEx / connectExSync", () => {
  test("blocking: connect resolves with undefined once connected", async () => {
    const l = listener();
    const a = track(socket.socket());
    // TCP's connect(2) says EINPROGRESS, so this goes through the wait.
    assert.equal(await within(a.connect(l.getsockname())), undefined);
    assert.deepEqual(a.getpeername(), l.getsockname());
  });

  test("blocking: connectEx resolves 0 once connected", async () => {
    const l = listener();
    const b = track(socket.socket());
    assert.equal(await within(b.connectEx(l.getsockname())), 0);
    assert.deepEqual(b.getpeername(), l.getsockname());
  });

  test("blocking: connectSync and connectExSync wait for the handshake", async (t) => {
    const l = listener();
    const a = track(socket.socket());
    a.connectSync(l.getsockname());
    assert.deepEqual(a.getpeername(), l.getsockname());
    const b = track(socket.socket());
    assert.equal(b.connectExSync(l.getsockname()), 0);
    assert.deepEqual(b.getpeername(), l.getsockname());
    // And the same in the child, where the call is the only thing running.
    if (noForeignFds !== undefined) return t.skip(`the child's part: ${noForeignFds}`);
    for (const name of ["connectSync", "connectExSync"]) {
      const r = await blockingSync(name);
      assert.equal(r.r, name === "connectSync" ? null : 0);
      assert.equal(r.peer[0], "127.0.0.1");
    }
  });

  test("blocking: a connect that cannot complete stays pending (no timeout) until close()", async (t) => {
    const address = await fullListener();
    if (address === null) return t.skip("could not fill the listener's backlog");
    const c = track(socket.socket());
    const pending = c.connect(address);
    await sleep(3 * T * 1000);
    assert.equal(await isPending(pending), true);
    c.close();
    await assert.rejects(within(pending), isEbadf);
  });

  test("blocking: connect to a closed port rejects with ConnectionRefusedError; connectEx returns ECONNREFUSED", async () => {
    const address = closedAddress();
    await assert.rejects(within(track(socket.socket()).connect(address)), (e: unknown) => {
      assert.ok(e instanceof socket.ConnectionRefusedError);
      assert.equal(e.errno, ECONNREFUSED);
      return true;
    });
    assert.equal(await within(track(socket.socket()).connectEx(address)), ECONNREFUSED);
    assert.throws(() => track(socket.socket()).connectSync(address), socket.ConnectionRefusedError);
    assert.equal(track(socket.socket()).connectExSync(address), ECONNREFUSED);
  });

  test("timeout: connect rejects and connectSync throws TimeoutError", async (t) => {
    const address = await fullListener();
    if (address === null) return t.skip("could not fill the listener's backlog");
    const a = track(socket.socket());
    a.settimeout(T);
    await assert.rejects(within(a.connect(address)), timedOut);
    const b = track(socket.socket());
    b.settimeout(T);
    assert.throws(() => b.connectSync(address), timedOut);
  });

  test("timeout: connectEx and connectExSync return EWOULDBLOCK, as CPython's connect_ex", async (t) => {
    const address = await fullListener();
    if (address === null) return t.skip("could not fill the listener's backlog");
    const a = track(socket.socket());
    a.settimeout(T);
    assert.equal(await within(a.connectEx(address)), EWOULDBLOCK);
    const b = track(socket.socket());
    b.settimeout(T);
    assert.equal(b.connectExSync(address), EWOULDBLOCK);
  });

  test("non-blocking: connect rejects and connectSync throws BlockingIOError (EINPROGRESS)", async () => {
    const l = listener();
    const a = track(socket.socket());
    a.setblocking(false);
    await assert.rejects(within(a.connect(l.getsockname())), wouldBlock(EINPROGRESS));
    const b = track(socket.socket());
    b.settimeout(0);
    assert.throws(() => b.connectSync(l.getsockname()), wouldBlock(EINPROGRESS));
  });

  test("non-blocking: connectEx and connectExSync return EINPROGRESS", async () => {
    const l = listener();
    const a = track(socket.socket());
    a.setblocking(false);
    assert.equal(await within(a.connectEx(l.getsockname())), EINPROGRESS);
    const b = track(socket.socket());
    b.setblocking(false);
    assert.equal(b.connectExSync(l.getsockname()), EINPROGRESS);
  });

  test("non-blocking: after EINPROGRESS, SO_ERROR is 0 and getpeername works once connected", async () => {
    const l = listener();
    const c = track(socket.socket());
    c.setblocking(false);
    await assert.rejects(within(c.connect(l.getsockname())), wouldBlock(EINPROGRESS));
    // The server side completes after the client's side: once accept
    // returns, the client is connected.
    const [conn] = await within(l.accept());
    track(conn);
    assert.equal(c.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR), 0);
    assert.deepEqual(c.getpeername(), l.getsockname());
  });

  test("non-blocking: a refused connect gives SO_ERROR ECONNREFUSED", async () => {
    const c = track(socket.socket());
    c.setblocking(false);
    assert.equal(await within(c.connectEx(closedAddress())), EINPROGRESS);
    // SO_ERROR is 0 until the RST has come back; reading it clears it.
    let err = 0;
    for (let i = 0; i < 200 && err === 0; i++) {
      err = c.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) as number;
      if (err === 0) await sleep(5);
    }
    assert.equal(err, ECONNREFUSED);
  });
});

// ---- receiving ----------------------------------------------------------------

interface Receiver {
  name: string;
  call(s: socket.Socket): Promise<string>;
  callSync(s: socket.Socket): string;
}

const receivers: Receiver[] = [
  {
    name: "recv",
    call: async (s) => (await s.recv(64)).toString(),
    callSync: (s) => s.recvSync(64).toString(),
  },
  {
    name: "recvfrom",
    call: async (s) => (await s.recvfrom(64))[0].toString(),
    callSync: (s) => s.recvfromSync(64)[0].toString(),
  },
  {
    name: "recvInto",
    call: async (s) => {
      const buf = Buffer.alloc(64);
      return buf.toString("latin1", 0, await s.recvInto(buf));
    },
    callSync: (s) => {
      const buf = Buffer.alloc(64);
      return buf.toString("latin1", 0, s.recvIntoSync(buf));
    },
  },
  {
    name: "recvfromInto",
    call: async (s) => {
      const buf = Buffer.alloc(64);
      return buf.toString("latin1", 0, (await s.recvfromInto(buf))[0]);
    },
    callSync: (s) => {
      const buf = Buffer.alloc(64);
      return buf.toString("latin1", 0, s.recvfromIntoSync(buf)[0]);
    },
  },
];

for (const r of receivers) {
  describe(`${r.name} / ${r.name}Sync`, () => {
    test("blocking: the call waits until the peer sends, later", async () => {
      const [a, b] = pair();
      const got = r.call(a);
      await sleep(2 * T * 1000);
      assert.equal(await isPending(got), true);
      await within(b.sendall(Buffer.from("hello")));
      assert.equal(await within(got), "hello");
    });

    test("blocking: the Sync twin returns data already there", () => {
      const [a, b] = pair();
      b.sendallSync(Buffer.from("ready"));
      assert.equal(r.callSync(a), "ready");
    });

    test("blocking: the Sync twin waits until the peer sends (worker thread as the peer)", { skip: noForeignFds }, async () => {
      assert.equal(await blockingSync(`${r.name}Sync`), "hello");
    });

    test("timeout: data arriving before the deadline is received", async () => {
      const [a, b] = pair();
      a.settimeout(5);
      const got = r.call(a);
      await within(b.sendall(Buffer.from("in time")));
      assert.equal(await within(got), "in time");
    });

    test("timeout: rejects with TimeoutError, and the socket stays usable", async () => {
      const [a, b] = pair();
      a.settimeout(T);
      await assert.rejects(within(r.call(a)), timedOut);
      const later = r.call(a);
      await within(b.sendall(Buffer.from("after")));
      assert.equal(await within(later), "after");
    });

    test("timeout: the Sync twin throws TimeoutError, and the socket stays usable", () => {
      const [a, b] = pair();
      a.settimeout(T);
      assert.throws(() => r.callSync(a), timedOut);
      b.sendallSync(Buffer.from("after"));
      assert.equal(r.callSync(a), "after");
    });

    test("non-blocking: rejects (and the Sync twin throws) BlockingIOError EAGAIN at once", async () => {
      const [a, b] = pair();
      a.setblocking(false);
      await assert.rejects(within(r.call(a)), wouldBlock());
      assert.throws(() => r.callSync(a), wouldBlock());
      // Data already there is returned in non-blocking mode too.
      b.sendallSync(Buffer.from("now"));
      assert.equal(await within(r.call(a)), "now");
    });
  });
}

// ---- sending ------------------------------------------------------------------

interface Sender {
  name: string;
  /** tx sends to rx; `drain` reads `n` bytes of filler plus `size` from rx. */
  setup(): { tx: socket.Socket; rx: socket.Socket; target: socket.SocketAddress; drain(n: number, size: number): Promise<Buffer> };
  call(tx: socket.Socket, data: Buffer, target: socket.SocketAddress): Promise<unknown>;
  callSync(tx: socket.Socket, data: Buffer, target: socket.SocketAddress): unknown;
}

function streamSetup(): ReturnType<Sender["setup"]> {
  const [tx, rx] = pair();
  return { tx, rx, target: "", drain: (n, size) => recvAll(rx, n + size, CHUNK * 4).then((all) => all.subarray(n)) };
}

const senders: Sender[] = [
  {
    name: "send",
    setup: streamSetup,
    call: (tx, data) => tx.send(data),
    callSync: (tx, data) => tx.sendSync(data),
  },
  {
    name: "sendall",
    setup: streamSetup,
    call: (tx, data) => tx.sendall(data),
    callSync: (tx, data) => tx.sendallSync(data),
  },
  {
    name: "sendto",
    setup: () => {
      const { tx, rx, rxPath } = unixDgramPair();
      const drain = async (n: number, _size: number): Promise<Buffer> => {
        // The filler went as datagrams of CHUNK bytes; the data is the next one.
        for (let i = 0; i < n / CHUNK; i++) await within(rx.recv(CHUNK));
        return within(rx.recv(CHUNK));
      };
      return { tx, rx, target: rxPath, drain };
    },
    call: (tx, data, target) => tx.sendto(data, target),
    callSync: (tx, data, target) => tx.sendtoSync(data, target),
  },
];

for (const s of senders) {
  describe(`${s.name} / ${s.name}Sync`, { skip: s.name === "sendto" ? lacks({ win32: WIN.unixDgram }) : undefined }, () => {
    const data = Buffer.from(`data of ${s.name}`);

    test("blocking: with the send buffer full, the call waits until the peer reads", async () => {
      const { tx, target, drain } = s.setup();
      const filled = fillSendBuffer(tx, FILLER, CHUNK);
      const sent = s.call(tx, data, target);
      await sleep(2 * T * 1000);
      assert.equal(await isPending(sent), true);
      const received = await drain(filled, data.length);
      const result = await within(sent);
      assert.equal(result, s.name === "sendall" ? undefined : data.length);
      assert.deepEqual(received, data);
    });

    test("blocking: the Sync twin waits until the peer reads (worker thread as the peer)", { skip: noForeignFds }, async () => {
      const r = await blockingSync(`${s.name}Sync`);
      assert.equal(r.dots, true, "all of the filler arrived");
      const size = s.name === "send" ? 100 : s.name === "sendall" ? 1 << 20 : 5;
      assert.equal(r.z, size, "all of the data arrived");
      assert.equal(r.r, s.name === "sendall" ? null : size);
    });

    test("timeout: with the send buffer full, rejects with TimeoutError; the socket stays usable", { skip: lacks({ wine: WIN.wineSendBuffer }) }, async () => {
      const { tx, target, drain } = s.setup();
      tx.settimeout(T);
      const filled = fillSendBuffer(tx, FILLER, CHUNK);
      await assert.rejects(within(s.call(tx, data, target)), timedOut);
      // Nothing of the timed-out call was sent (the buffer had no room):
      // after the peer reads, the next call goes through.
      const later = s.call(tx, data, target);
      const received = await drain(filled, data.length);
      await within(later);
      assert.deepEqual(received, data);
    });

    test("timeout: the Sync twin throws TimeoutError", () => {
      const { tx, target } = s.setup();
      tx.settimeout(T);
      fillSendBuffer(tx, FILLER, CHUNK);
      assert.throws(() => s.callSync(tx, data, target), timedOut);
    });

    test("non-blocking: with the send buffer full, rejects (and the Sync twin throws) BlockingIOError EAGAIN", async () => {
      const { tx, target } = s.setup();
      fillSendBuffer(tx, FILLER, CHUNK);
      tx.setblocking(false);
      await assert.rejects(within(s.call(tx, data, target)), wouldBlock());
      assert.throws(() => s.callSync(tx, data, target), wouldBlock());
    });
  });
}

describe("sendall: the timeout bounds the whole call", () => {
  const big = Buffer.alloc(64 << 20, 0x61); // 64 MiB: far more than the buffers hold

  test("sendall of 64 MiB to a peer that never reads rejects with TimeoutError", async () => {
    const [, client] = await tcpPair();
    client.settimeout(0.2);
    // Each send makes progress for a while; only a deadline for the whole
    // call ends it.
    await assert.rejects(within(client.sendall(big), 10_000), timedOut);
  });

  test("sendallSync of 64 MiB to a peer that never reads throws TimeoutError", async () => {
    const [, client] = await tcpPair();
    client.settimeout(0.2);
    assert.throws(() => client.sendallSync(big), timedOut);
  });
});

describe("long timeouts", () => {
  test("a timeout longer than a Node timer can hold (~24.8 days) does not fire early", async () => {
    // setTimeout() clamps delays above 2^31-1 ms to 1 ms: a pending call
    // with settimeout(3e6) (about 35 days) must still be pending.
    const [a, b] = pair();
    a.settimeout(3e6);
    assert.equal(a.gettimeout(), 3e6);
    const got = a.recv(10);
    got.catch(() => {});
    await sleep(2 * T * 1000);
    assert.equal(await isPending(got), true, "the call is still pending");
    await within(b.sendall(Buffer.from("late")));
    assert.equal((await within(got)).toString(), "late");
  });

  test("the Sync twin with a very long timeout returns data already there", () => {
    const [a, b] = pair();
    a.settimeout(3e6);
    b.sendallSync(Buffer.from("now"));
    assert.equal(a.recvSync(10).toString(), "now");
  });
});

describe("modes apply to calls made after the change", () => {
  test("switching a socket between modes changes how the next call waits", async () => {
    const [a, b] = pair();
    a.setblocking(false);
    await assert.rejects(within(a.recv(1)), wouldBlock());
    a.settimeout(T);
    await assert.rejects(within(a.recv(1)), timedOut);
    a.settimeout(null);
    const got = a.recv(1);
    assert.equal(await isPending(got), true);
    b.sendallSync(Buffer.from("x"));
    assert.equal((await within(got)).toString(), "x");
  });
});

before(() => {
  // Start the child early: it runs while the other tests do.
  if (noForeignFds === undefined) void blockingSyncResults().catch(() => {});
});
