// Shared test helpers: descriptor accounting, temporary paths, and bounded
// waiting. Every test file calls `checkNoLeaks()` so the suite as a whole
// proves that no descriptor leaks.
import { after, afterEach, before } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from "node:fs";
import { constants as osConstants, tmpdir } from "node:os";
import { join } from "node:path";
import * as socket from "../src/index.js";
import { binding } from "../src/binding.js";
import { garbageCollector, runtime } from "./runtime.js";
import { windows } from "./platform.js";

/** The open descriptors of this process, as "number -> what it is". Bun
 *  opens descriptors of its own event loop (epoll, eventfd, timerfd)
 *  lazily, at its first child process or worker, and closes the pipes of a
 *  finished spawnSync (or its copy of stdout) only at the next one: on Bun
 *  those are left out. On Windows a process's handles cannot be listed
 *  from JavaScript (there is no /proc/self/fd): the list is empty there, so
 *  a test's "nothing leaked" part checks nothing on Windows while the rest
 *  of it runs. */
export function openFds(): string[] {
  if (windows) return [];
  const fds: string[] = [];
  const stdio = runtime === "bun" ? [1, 2].map((fd) => readlinkSync(`/proc/self/fd/${fd}`)) : [];
  for (const fd of readdirSync("/proc/self/fd")) {
    let target: string;
    try {
      target = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue; // the one readdir opened, closed by now
    }
    if (runtime === "bun" && (target.startsWith("anon_inode:") || target.startsWith("pipe:") || stdio.includes(target))) continue;
    fds.push(`${fd} -> ${target}`);
  }
  return fds;
}

/** The number of open descriptors of this process (see openFds). */
export function openFdCount(): number {
  return openFds().length;
}

/** Asserts, after the file's tests, that they left as many descriptors
 *  open as there were before. Collected sockets are given a chance to be
 *  finalized first only if the test file asks (gc: true). Not on Windows,
 *  where the handles cannot be listed (see openFds). */
export function checkNoLeaks(): void {
  if (windows) return; // nothing to count (see openFds)
  let before_: string[] = [];
  // Bun closes the stdio of a finished child process only once its object
  // is collected, so a child run while the file loaded (a probe such as
  // netnsUnavailable's spawnSync) can close its descriptors in the middle
  // of the file's tests: there, collect until the list holds still before
  // taking it, and again before comparing.
  const gc = runtime === "bun" ? garbageCollector() : null;
  before(async () => {
    startReadiness();
    before_ = openFds();
    for (let i = 0; gc !== null && i < 50; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 10));
      const again = openFds();
      if (again.join() === before_.join()) break;
      before_ = again;
    }
  });
  after(async () => {
    // Let pending closes of the event loop settle (on Bun: collect and look
    // again, up to 50 times 10 ms).
    await new Promise((r) => setImmediate(r));
    for (let i = 0; gc !== null && i < 50 && openFds().length !== before_.length; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    const now = openFds();
    const opened = now.filter((fd) => !before_.includes(fd));
    const closed = before_.filter((fd) => !now.includes(fd));
    assert.equal(now.length, before_.length, `descriptors leaked by this test file: opened ${opened.join(", ")}; closed ${closed.join(", ")}`);
  });
}

/**
 * Starts the poller backend, so that what it keeps for the process's life
 * is open before descriptors are counted: the readiness thread
 * (BSDSOCK_POLLER=thread, native/poller_thread.cc) holds its kernel queue
 * and wake-up pipe from its first poller on; libuv's poller holds nothing.
 * Synchronous, so nothing else the test file started runs meanwhile.
 * `Poller`: the backend to start (default: the one in use).
 */
export function startReadiness(Poller = binding.Poller): void {
  const [a, b] = socket.socketpair();
  try {
    new Poller(a.fileno(), () => {}).close();
  } finally {
    a.close();
    b.close();
  }
}

/** The errno values the library raises, by name: the addon's table, which
 *  on Linux has Node's values (os.constants.errno) and more names, and on
 *  Windows CPython's (the Winsock codes: ECONNREFUSED is 10061, where
 *  Node's table has the C runtime's 107). */
export const errno: Readonly<Record<string, number>> = binding.errno;

/** The errno name a system call gives for a descriptor number that is not
 *  open: EBADF on Unix; on Windows, where Winsock looks the number up as a
 *  socket handle, WSAENOTSOCK, as CPython shows it there. */
export const notOpen = windows ? "ENOTSOCK" : "EBADF";

/** The code of a call that would block: EAGAIN on Unix (the first name of
 *  the value, as Python's errno.errorcode), EWOULDBLOCK on Windows
 *  (Winsock's WSAEWOULDBLOCK, the name CPython gives 10035). */
export const wouldBlockCode = windows ? "EWOULDBLOCK" : "EAGAIN";

/** A fresh temporary directory, removed after the file's tests. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "bsdsock-test-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Rejects if `promise` has not settled within `ms` (keeps tests bounded). */
export function within<T>(promise: Promise<T>, ms = 5000, what = "operation"): Promise<T> {
  let timer: NodeJS.Timeout;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/** Whether a promise is still pending after the current turns of the loop. */
export async function isPending(promise: Promise<unknown>): Promise<boolean> {
  const marker = Symbol("pending");
  const result = await Promise.race([promise.then(() => null, () => null), new Promise((r) => setImmediate(() => r(marker)))]);
  return result === marker;
}

// ---- sockets --------------------------------------------------------------


/**
 * Tracks the sockets a test makes and closes them after each test, pass or
 * fail. Call once at the top of a file: `const track = trackSockets();`.
 */
export function trackSockets(): <S extends socket.Socket>(s: S) => S {
  let opened: socket.Socket[] = [];
  afterEach(() => {
    for (const s of opened) s.close();
    opened = [];
  });
  return (s) => {
    opened.push(s);
    return s;
  };
}

/** A connected AF_UNIX socketpair of `type`, both ends tracked. On
 *  Windows, which has no socketpair(2), a stream pair is the loopback TCP
 *  pair socketpair() makes there (as CPython's), so that the tests that
 *  only need a connected stream run there too. */
export function unixPair(track: <S extends socket.Socket>(s: S) => S, type: number = socket.SOCK_STREAM): [socket.Socket, socket.Socket] {
  const [a, b] = windows && type === socket.SOCK_STREAM ? socket.socketpair() : socket.socketpair(socket.AF_UNIX, type);
  return [track(a), track(b)];
}

/** A connected TCP pair on the loopback, both ends tracked: [client, server]. */
export async function tcpPair(track: <S extends socket.Socket>(s: S) => S): Promise<[socket.Socket, socket.Socket]> {
  const l = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  try {
    l.bind(["127.0.0.1", 0]);
    l.listen(1);
    const client = track(socket.socket(socket.AF_INET, socket.SOCK_STREAM));
    const [[server]] = await within(Promise.all([l.accept(), client.connect(l.getsockname())]));
    return [client, track(server)];
  } finally {
    l.close();
  }
}

/** An address where nothing listens: a loopback port of `type` (IPv4
 *  unless `family` and `host` say otherwise), bound and freed at once. */
export function closedAddress(type?: number): socket.InetAddress;
export function closedAddress(type: number, family: number, host?: string): socket.SocketAddress;
export function closedAddress(type: number = socket.SOCK_STREAM, family: number = socket.AF_INET, host = "127.0.0.1"): socket.SocketAddress {
  const s = socket.socket(family, type);
  try {
    s.bind([host, 0]);
    return s.getsockname();
  } finally {
    s.close();
  }
}

/** Fresh AF_UNIX socket paths in a temporary directory of the file's own. */
export function unixPaths(prefix = "s"): () => string {
  const dir = tempDir();
  let count = 0;
  return () => join(dir, `${prefix}${count++}`);
}

/**
 * Sends filler until the kernel says EAGAIN, so that the next send on `s`
 * must wait for the peer to read. Returns how many bytes were queued.
 */
export function fillSendBuffer(s: socket.Socket, byte = 0x2e, chunk = 65536): number {
  const saved = s.gettimeout();
  const data = Buffer.alloc(chunk, byte);
  let total = 0;
  s.setblocking(false);
  try {
    for (let i = 0; i < 10_000; i++) {
      try {
        total += s.sendSync(data);
      } catch (e) {
        if (e instanceof socket.BlockingIOError) return total;
        throw e;
      }
    }
    throw new Error("the send buffer never filled");
  } finally {
    s.settimeout(saved);
  }
}

/** Receives from a stream socket until `total` bytes or EOF, each wait bounded. */
export async function recvAll(s: socket.Socket, total: number, chunk = 1 << 18): Promise<Buffer> {
  const parts: Buffer[] = [];
  let got = 0;
  for (let i = 0; got < total && i < 1_000_000; i++) {
    const part = await within(s.recv(Math.min(chunk, total - got)), 10_000, "recvAll");
    if (part.length === 0) break;
    parts.push(part);
    got += part.length;
  }
  return Buffer.concat(parts);
}

/** assert.rejects/throws predicate: an OSError EBADF. On Windows a call
 *  that reaches Winsock with a closed number fails with ENOTSOCK instead
 *  (as in CPython there), which is accepted too. */
export function isEbadf(e: unknown): true {
  assert.ok(e instanceof socket.OSError, `expected OSError, got ${String(e)}`);
  const code = windows && e.code === notOpen ? notOpen : "EBADF";
  assert.equal(e.code, code);
  assert.equal(e.errno, errno[code]);
  return true;
}

/** Runs `body` with the sockets `make` creates, and closes them all afterwards. */
export async function withSockets<T extends socket.Socket[]>(make: () => [...T], body: (...s: T) => Promise<void> | void): Promise<void> {
  const sockets: socket.Socket[] = [];
  try {
    sockets.push(...make());
    await body(...(sockets as T));
  } finally {
    for (const s of sockets) s.close();
  }
}

/** An assertion for assert.throws/rejects: a TypeError or RangeError whose
 *  message names `fn` and, if given, matches `detail`. */
export function argError(cls: typeof TypeError | typeof RangeError, fn: string, detail?: RegExp): (e: unknown) => true {
  return (e) => {
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${String(e)}`);
    assert.ok(e.message.startsWith(`${fn}(): `), `message names ${fn}: ${e.message}`);
    if (detail !== undefined) assert.match(e.message, detail);
    return true;
  };
}

/** An assertion for assert.throws/rejects: a TypeError whose message names `fn`. */
export function typeErrorOf(fn: string): (e: unknown) => true {
  return argError(TypeError, fn);
}

/** An assertion for assert.throws/rejects: a RangeError whose message names `fn`. */
export function rangeErrorOf(fn: string): (e: unknown) => true {
  return argError(RangeError, fn);
}

/** A failing async call: it returns a Promise that rejects with an error
 *  `check` accepts (within 10 s), and never throws. */
export async function rejectsWithoutThrowing(call: () => unknown, check: (e: unknown) => boolean): Promise<void> {
  let r: unknown;
  assert.doesNotThrow(() => {
    r = call();
  }, "an async function rejects instead of throwing");
  assert.ok(r instanceof Promise);
  await within(assert.rejects(r, check), 10_000);
}
