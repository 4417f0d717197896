// EINTR is retried (PEP 475), zero-byte calls, very large buffers, many
// pending calls, and the rule that no call ever acts on a descriptor
// number after its socket released it.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import * as socket from "../src/index.js";
import { checkNoLeaks, isPending, within, trackSockets, fillSendBuffer, isEbadf, unixPair, errno } from "./helpers.js";
import { evalArgs, lacks } from "./runtime.js";
import { WIN } from "./platform.js";

checkNoLeaks();

const { EBADF } = errno;

// Every socket a test makes is tracked and closed after it, pass or fail.
const track = trackSockets();

/** A connected AF_UNIX pair (stream unless `type` says otherwise). */
const pair = (type?: number): [socket.Socket, socket.Socket] => unixPair(track, type);

// ---- EINTR ----------------------------------------------------------------------

/**
 * The child's program (serialized with toString: it must not use this
 * module's scope). For each phase it prints "ready", then blocks its main
 * thread in a Sync call that a worker thread completes 300 ms later, while
 * the parent sends it SIGUSR2 several times; it prints each result.
 */
async function eintrChild(lib: string): Promise<void> {
  const { Worker } = await import("node:worker_threads");
  const socket: typeof import("../src/index.js") = await import(lib);
  // Count the poll(2) calls that a signal interrupted, to show that the
  // retry path really ran (binding.ts lets tests wrap native calls).
  const { binding: real, setBindingForTesting } = await import(new URL("./binding.js", lib).href);
  const { EINTR } = (await import("node:os")).constants.errno;
  let interrupted = 0;
  setBindingForTesting({
    poll(fd: number, events: number, ms: number): number {
      const r = real.poll(fd, events, ms);
      if (r === -EINTR) interrupted++;
      return r;
    },
  });
  let signals = 0;
  process.on("SIGUSR2", () => {
    signals++; // runs only once the main thread is back in the event loop
  });

  // A worker that sleeps 300 ms, then runs `body` with fs and its data.
  function later(body: string, data: unknown): Promise<number> {
    const code = `
      import { workerData } from "node:worker_threads";
      import * as fs from "node:fs";
      const data = workerData;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
      ${body}`;
    // An ES module from a data: URL, which Node, Deno and Bun all load.
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), { workerData: data });
    return new Promise((resolve, reject) => {
      worker.once("error", reject);
      worker.once("exit", resolve);
    });
  }
  const say = (line: string): void => {
    process.stdout.write(line + "\n"); // synchronous for pipes
  };

  const results: Record<string, unknown> = {};

  // Phase 1: recvSync in blocking mode (poll(2) with no deadline).
  {
    const [a, b] = socket.socketpair();
    const done = later(`fs.writeSync(data.fd, "after the signals");`, { fd: b.fileno() });
    say("ready");
    results.blocking = a.recvSync(100).toString();
    await done;
    a.close();
    b.close();
  }

  // Phase 2: recvSync in timeout mode: each retry gets the time that remains.
  {
    const [a, b] = socket.socketpair();
    a.settimeout(10);
    const done = later(`fs.writeSync(data.fd, "within the timeout");`, { fd: b.fileno() });
    say("ready");
    results.timeout = a.recvSync(100).toString();
    await done;
    a.close();
    b.close();
  }

  // Phase 3: sendallSync on a full buffer; the worker drains the peer.
  {
    const [a, b] = socket.socketpair();
    const chunk = Buffer.alloc(65536, 0x2e);
    let filled = 0;
    a.setblocking(false);
    for (let i = 0; i < 10_000; i++) {
      try {
        filled += a.sendSync(chunk);
      } catch {
        break;
      }
    }
    a.setblocking(true);
    const payload = Buffer.alloc(256 * 1024, 0x7a);
    const done = later(`
      const buf = Buffer.alloc(65536);
      let got = 0;
      const deadline = Date.now() + 5000;
      while (got < data.total && Date.now() < deadline) {
        try { got += fs.readSync(data.fd, buf); }
        catch (e) { if (e.code !== "EAGAIN") throw e; Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1); }
      }`, { fd: b.fileno(), total: filled + payload.length });
    say("ready");
    a.sendallSync(payload);
    results.sendall = "sent";
    await done;
    a.close();
    b.close();
  }

  await new Promise((r) => setTimeout(r, 20)); // let the signal handler run
  results.signalsSeen = signals > 0;
  results.pollInterrupted = interrupted > 0;
  say(`result ${JSON.stringify(results)}`);
}

interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  signalsSent: number;
}

/** Runs eintrChild; on each "ready" line sends SIGUSR2 8 times, 25 ms apart. Killed after 15 s. */
function runEintrChild(): Promise<ChildRun> {
  const lib = new URL("../src/index.js", import.meta.url).href;
  const script = `(${eintrChild.toString()})(${JSON.stringify(lib)});`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, evalArgs(script), { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let signalsSent = 0;
    let exited = false;
    const timers = new Set<NodeJS.Timeout>();
    const pester = async (): Promise<void> => {
      for (let i = 0; i < 8 && !exited; i++) {
        await sleep(25);
        if (!exited && child.kill("SIGUSR2")) signalsSent++;
      }
    };
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      for (const line of d.split("\n")) if (line === "ready") void pester();
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    timers.add(killer);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      exited = true;
      for (const t of timers) clearTimeout(t);
      resolve({ code, signal, stdout, stderr, signalsSent });
    });
  });
}

describe("EINTR is retried (PEP 475)", () => {
  test("Sync calls blocked in poll(2) survive SIGUSR2 and complete (child process)", {
    skip: lacks({ deno: "node:fs refuses descriptors it did not open (the child's workers write to a socket with fs.writeSync)", win32: WIN.signals }),
  }, async () => {
    const run = await runEintrChild();
    assert.equal(run.signal, null, `the child was killed: ${run.stderr}`);
    assert.equal(run.code, 0, `the child failed: ${run.stderr}`);
    assert.ok(run.signalsSent > 0, "signals were sent");
    const line = run.stdout.split("\n").find((l) => l.startsWith("result "));
    assert.ok(line !== undefined, `no result in ${JSON.stringify(run.stdout)}`);
    assert.deepEqual(JSON.parse(line.slice("result ".length)), {
      blocking: "after the signals",
      timeout: "within the timeout",
      sendall: "sent",
      signalsSeen: true,
      pollInterrupted: true,
    });
  });
});

// ---- zero bytes -------------------------------------------------------------------

describe("zero bytes", () => {
  test("recv(0) returns an empty Buffer at once, data or not, and consumes nothing", async () => {
    const [a, b] = pair();
    const empty = await within(a.recv(0), 1000, "recv(0)");
    assert.ok(Buffer.isBuffer(empty));
    assert.equal(empty.length, 0);
    a.settimeout(0.5); // so that a Sync twin that waited could not hang the file
    assert.equal(a.recvSync(0).length, 0);
    a.settimeout(null);
    b.sendallSync(Buffer.from("data"));
    assert.equal((await within(a.recv(0))).length, 0);
    assert.equal((await within(a.recv(10))).toString(), "data");
  });

  test("recv(0) on TCP returns an empty Buffer", async () => {
    const l = track(socket.socket());
    l.bind(["127.0.0.1", 0]);
    l.listen();
    const c = track(socket.socket());
    const [[conn]] = await within(Promise.all([l.accept(), c.connect(l.getsockname())]));
    track(conn);
    // The kernel would wait for data here; CPython's recv makes no call
    // for 0 bytes ("If 0 bytes were requested, do nothing").
    assert.equal((await within(c.recv(0), 1000, "recv(0)")).length, 0);
    c.settimeout(0.5); // so that a Sync twin that waited could not hang the file
    assert.equal(c.recvSync(0).length, 0);
  });

  test("recvInto of a zero-length buffer returns 0", async () => {
    const [a, b] = pair();
    assert.equal(await within(a.recvInto(Buffer.alloc(0)), 1000, "recvInto(empty)"), 0);
    b.sendallSync(Buffer.from("x"));
    a.settimeout(0.5);
    assert.equal(a.recvIntoSync(new Uint8Array(0)), 0);
    assert.equal((await within(a.recv(1))).toString(), "x");
  });

  test("send and sendall of 0 bytes complete, also on a full buffer", async () => {
    const [a, b] = pair();
    assert.equal(await within(a.send(Buffer.alloc(0))), 0);
    assert.equal(await within(a.sendall(Buffer.alloc(0))), undefined);
    assert.equal(a.sendSync(new ArrayBuffer(0)), 0);
    a.sendallSync(new Uint8Array(0));
    fillSendBuffer(a);
    // Nothing to send: sendall has nothing to wait for.
    assert.equal(await within(a.sendall(Buffer.alloc(0))), undefined);
    a.settimeout(0.05);
    assert.equal(await within(a.sendall(Buffer.alloc(0))), undefined);
    assert.ok(b.fileno() >= 0);
  });
});

// ---- large buffers and many calls -----------------------------------------------------

describe("limits", () => {
  test("a very large bufsize (16 MiB) returns a small message's content", async () => {
    const [a, b] = pair();
    b.sendallSync(Buffer.from("small"));
    const got = await within(a.recv(16 << 20));
    assert.equal(got.toString(), "small");
    b.sendallSync(Buffer.from("sync"));
    assert.equal(a.recvSync(16 << 20).toString(), "sync");
    b.sendallSync(Buffer.from("from"));
    const [data] = await within(a.recvfrom(16 << 20));
    assert.equal(data.toString(), "from");
  });

  test("a pending 16 MiB recv gets a message that arrives later", async () => {
    const [a, b] = pair();
    const pending = a.recv(16 << 20);
    assert.equal(await isPending(pending), true);
    await within(b.sendall(Buffer.from("later")));
    assert.equal((await within(pending)).toString(), "later");
  });

  test("1,000 pending recv(1) resolve in order", async () => {
    const [a, b] = pair();
    const n = 1000;
    const recvs = Array.from({ length: n }, () => a.recv(1));
    const data = Buffer.from(Array.from({ length: n }, (_, i) => i % 256));
    await within(b.sendall(data));
    const got = Buffer.concat(await within(Promise.all(recvs)));
    assert.deepEqual(got, data);
  });

  test("1,000 pending recv(1) on a closed socket all reject with EBADF", async () => {
    const [a] = pair();
    const recvs = Array.from({ length: 1000 }, () => a.recv(1));
    a.close();
    const results = await within(Promise.allSettled(recvs));
    for (const r of results) {
      assert.equal(r.status, "rejected");
      isEbadf((r as PromiseRejectedResult).reason);
    }
  });
});

// ---- descriptors after close ---------------------------------------------------------

describe("no call acts on a descriptor after its socket closed it", () => {
  test("a recv pending on A, A closed, B made with the same number: A rejects EBADF, B's data is intact", async (t) => {
    const [a] = pair();
    const pending = a.recv(100);
    assert.equal(await isPending(pending), true);
    const fdA = a.fileno();
    a.close();
    const [b, bPeer] = pair();
    if (b.fileno() !== fdA && bPeer.fileno() !== fdA) t.diagnostic(`descriptor ${fdA} was not reused`);
    await within(bPeer.sendall(Buffer.from("for B only")));
    await assert.rejects(within(pending), isEbadf);
    await sleep(10); // give a stale waiter every chance to steal the data
    assert.equal((await within(b.recv(100))).toString(), "for B only");
  });

  test("stale recv, send, sendall and accept of A never touch B", { skip: lacks({ win32: WIN.unixAutobind }) }, async (t) => {
    const [a] = pair();
    fillSendBuffer(a);
    const l = track(socket.socket(socket.AF_UNIX));
    l.bind("");
    l.listen();
    const stale: Promise<unknown>[] = [a.recv(100), a.recvInto(Buffer.alloc(8)), a.send(Buffer.from("AAAA")), a.sendall(Buffer.alloc(1 << 20, 0x41)), l.accept()];
    for (const p of stale) assert.equal(await isPending(p), true);
    const numbers = [a.fileno(), l.fileno()];
    a.close();
    l.close();
    // Reuse the numbers: B is readable and writable at once.
    const [b, bPeer] = pair();
    if (!numbers.includes(b.fileno()) && !numbers.includes(bPeer.fileno())) t.diagnostic("descriptors were not reused");
    bPeer.sendallSync(Buffer.from("to B"));
    for (const p of stale) await assert.rejects(within(p), isEbadf);
    await sleep(10);
    assert.equal((await within(b.recv(100))).toString(), "to B");
    await within(b.sendall(Buffer.from("from B")));
    b.shutdown(socket.SHUT_WR);
    // Only B's bytes reach B's peer: nothing of A's sends.
    const parts: Buffer[] = [];
    for (let i = 0; i < 100; i++) {
      const part = await within(bPeer.recv(65536));
      if (part.length === 0) break;
      parts.push(part);
    }
    assert.equal(Buffer.concat(parts).toString(), "from B");
  });

  test("a waiter that timed out before close does not fire later", async () => {
    const [a] = pair();
    a.settimeout(0.02);
    const pending = a.recv(10);
    a.close();
    await assert.rejects(within(pending), isEbadf);
    const [b, bPeer] = pair();
    await sleep(40); // past the closed socket's old deadline
    bPeer.sendallSync(Buffer.from("intact"));
    assert.equal((await within(b.recv(10))).toString(), "intact");
  });
});
