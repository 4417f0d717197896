// The fast paths, and that a user sees nothing of them but speed: timeout
// mode keeps one deadline timer per queue of waiting calls (not one per
// call), and every call still times out at its own deadline, never
// earlier; recv/recvfrom take their buffer only when they attempt the
// system call, passing a missed attempt's buffer on, and received data is
// never shared or overwritten between calls; a Sync call in blocking mode
// blocks in the system call itself, and the descriptor is non-blocking
// again before any other call (async, timeout mode, a duplicate) uses it.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import * as socket from "../src/index.js";
import { checkNoLeaks, isPending, openFdCount, trackSockets, within } from "./helpers.js";
import { garbageCollector, lacks } from "./runtime.js";
import { WIN } from "./platform.js";

checkNoLeaks();
const track = trackSockets();

function pair(type: number = socket.SOCK_STREAM): [socket.Socket, socket.Socket] {
  const [a, b] = socket.socketpair(socket.AF_UNIX, type);
  return [track(a), track(b)];
}

const timedOut = (e: unknown): boolean => e instanceof socket.TimeoutError;

describe("deadlines of waiting calls", () => {
  test("a later call with a shorter timeout times out first; the earlier one still waits", { skip: lacks({ win32: WIN.unixPair }) }, async () => {
    const [a, b] = pair();
    a.settimeout(30);
    const first = a.recv(10);
    a.settimeout(0.05);
    const second = a.recv(10);
    await assert.rejects(within(second), timedOut);
    assert.equal(await isPending(first), true, "the call with 30 s left is still pending");
    b.sendallSync(Buffer.from("late"));
    assert.equal((await within(first)).toString(), "late");
  });

  test("a call that waits after another completed still gets its whole timeout", { skip: lacks({ win32: WIN.unixPair }) }, async () => {
    const [a, b] = pair();
    a.settimeout(0.2);
    const first = a.recv(10);
    b.sendallSync(Buffer.from("x"));
    assert.equal((await within(first)).toString(), "x");
    const t0 = performance.now();
    await assert.rejects(within(a.recv(10)), timedOut);
    assert.ok(performance.now() - t0 >= 200, "the timeout did not fire early");
  });

  test("deadlines keep working after one expired, in both directions", { skip: lacks({ win32: WIN.unixPair }) }, async () => {
    const [a, b] = pair();
    a.settimeout(0.03);
    for (let i = 0; i < 3; i++) await assert.rejects(within(a.recv(10)), timedOut);
    b.sendallSync(Buffer.from("ok"));
    assert.equal((await within(a.recv(10))).toString(), "ok");
    // Writers have their own deadlines: fill the send buffer, then time out.
    a.setblocking(false);
    const chunk = Buffer.alloc(65536);
    for (let i = 0; i < 10_000; i++) {
      try {
        a.sendSync(chunk);
      } catch (e) {
        if (e instanceof socket.BlockingIOError) break;
        throw e;
      }
    }
    a.settimeout(0.03);
    await assert.rejects(within(a.send(chunk)), timedOut);
    await assert.rejects(within(a.recv(10)), timedOut);
  });

  test("a socket in timeout mode that was used (its deadline timer armed) is collected and closed", async () => {
    const gc = garbageCollector();
    const before = openFdCount();
    await (async () => {
      const [a, b] = socket.socketpair();
      a.settimeout(600); // a timer that would fire only in 10 minutes
      const got = a.recv(10);
      assert.equal(await isPending(got), true);
      b.sendallSync(Buffer.from("x"));
      assert.equal((await within(got)).toString(), "x");
    })();
    for (let round = 0; round < 50 && openFdCount() > before; round++) {
      gc();
      await new Promise((r) => setImmediate(r));
    }
    assert.equal(openFdCount(), before);
  });

  test("close() rejects timed calls with EBADF, and no deadline fires afterwards", { skip: lacks({ win32: WIN.unixPair }) }, async () => {
    const [a] = pair();
    a.settimeout(0.05);
    const pending = a.recv(10);
    a.close();
    await assert.rejects(within(pending), (e: unknown) => e instanceof socket.OSError && e.code === "EBADF");
  });
});

describe("receive buffers taken when data arrives", () => {
  test("results of recv on many sockets, after attempts that found nothing, are each their own data", { skip: lacks({ win32: WIN.unixPair }) }, async () => {
    const pairs = Array.from({ length: 4 }, () => pair());
    const got: Buffer[] = [];
    for (let round = 0; round < 8; round++) {
      // Every socket waits first (its attempt finds EAGAIN and gives its buffer back) ...
      const pending = pairs.map(([a]) => a.recv(16));
      for (const p of pending) assert.equal(await isPending(p), true);
      // ... and then gets its own message.
      pairs.forEach(([, b], i) => b.sendallSync(Buffer.from(`r${round}s${i}`)));
      got.push(...(await within(Promise.all(pending))));
    }
    got.forEach((data, k) => assert.equal(data.toString(), `r${Math.floor(k / 4)}s${k % 4}`));
  });

  test("recvfrom and recvSync results are not overwritten by later receives", { skip: lacks({ win32: WIN.unixDgram }) }, async () => {
    const [a, b] = pair(socket.SOCK_DGRAM);
    const results: Buffer[] = [];
    for (let i = 0; i < 6; i++) {
      const pending = a.recvfrom(32);
      assert.equal(await isPending(pending), true);
      b.sendSync(Buffer.from(`dgram ${i}`));
      results.push((await within(pending))[0]);
      a.setblocking(false);
      assert.throws(() => a.recvSync(32), (e: unknown) => e instanceof socket.BlockingIOError);
      a.setblocking(true);
      b.sendSync(Buffer.from(`sync ${i}`));
      results.push(a.recvSync(32));
    }
    results.forEach((data, k) => assert.equal(data.toString(), `${k % 2 === 0 ? "dgram" : "sync"} ${k >> 1}`));
  });

  test("recv with MSG_WAITALL keeps the data of earlier attempts", { skip: lacks({ win32: WIN.unixPair }) }, async () => {
    const [a, b] = pair();
    const pending = a.recv(6, socket.MSG_WAITALL);
    b.sendallSync(Buffer.from("abc"));
    assert.equal(await isPending(pending), true);
    b.sendallSync(Buffer.from("def"));
    assert.equal((await within(pending)).toString(), "abcdef");
  });
});

// fdinfo's "flags:" is octal; O_NONBLOCK is 04000 on Linux (generic ABI).
function nonBlockingFd(fd: number): boolean {
  const match = /^flags:\s+([0-7]+)$/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, "utf8"));
  assert.ok(match);
  return (parseInt(match[1]!, 8) & 0o4000) !== 0;
}
const nonBlocking = (s: socket.Socket): boolean => nonBlockingFd(s.fileno());

/** SO_RCVTIMEO of 2 s: should a regression leave the descriptor blocking,
 *  an async call's first attempt returns after 2 s instead of never (the
 *  test then fails on the descriptor's flag instead of hanging). */
function bounded<S extends socket.Socket>(s: S): S {
  const tv = Buffer.alloc(16); // struct timeval on LP64: tv_sec, tv_usec
  if (os.endianness() === "LE") tv.writeBigInt64LE(2n, 0);
  else tv.writeBigInt64BE(2n, 0);
  s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, tv);
  return s;
}

/** Whether the event loop turns while `call` is pending (a blocking
 *  descriptor would stop it inside the call's first attempt). */
async function loopTurnsWhilePending(call: Promise<unknown>): Promise<boolean> {
  call.catch(() => {});
  await sleep(20);
  return isPending(call);
}

describe("Sync calls in blocking mode block in the kernel", { skip: (process.platform !== "linux" || process.arch === "ia32" || process.arch === "arm") && "reads /proc/self/fdinfo; a 64-bit timeval" }, () => {
  test("recvSync and sendSync make the descriptor blocking; an async call makes it non-blocking again first", async () => {
    const [a, b] = pair();
    bounded(a);
    // An async call that waits first: its poller exists from then on (libuv
    // makes a descriptor non-blocking when a poller is made for it).
    const first = a.recv(10);
    assert.equal(await loopTurnsWhilePending(first), true);
    b.sendallSync(Buffer.from("zero"));
    assert.equal((await within(first)).toString(), "zero");
    b.sendallSync(Buffer.from("one"));
    assert.equal(a.recvSync(10).toString(), "one");
    assert.equal(nonBlocking(a), false, "blocking at the OS level after a blocking-mode Sync call");
    assert.equal(a.sendSync(Buffer.from("two")), 3);
    assert.equal(b.recvSync(10).toString(), "two");
    const pending = a.recv(10);
    assert.equal(await loopTurnsWhilePending(pending), true);
    assert.equal(nonBlocking(a), true);
    b.sendallSync(Buffer.from("three"));
    assert.equal((await within(pending)).toString(), "three");
  });

  test("timeout and non-blocking modes wait in poll(2) on a non-blocking descriptor", () => {
    const [a, b] = pair();
    b.sendallSync(Buffer.from("x"));
    a.recvSync(10);
    a.settimeout(0.03);
    assert.throws(() => a.recvSync(10), (e: unknown) => e instanceof socket.TimeoutError);
    assert.equal(nonBlocking(a), true);
    a.setblocking(true);
    b.sendallSync(Buffer.from("y"));
    a.recvSync(10);
    a.setblocking(false);
    assert.throws(() => a.recvSync(10), (e: unknown) => e instanceof socket.BlockingIOError);
  });

  test("a Sync call with an async call pending on the socket waits in poll(2), and both complete", async () => {
    const [a, b] = pair();
    const reader = a.recv(10); // pending: readers wait
    assert.equal(await loopTurnsWhilePending(reader), true);
    assert.equal(a.sendSync(Buffer.from("to b")), 4);
    assert.equal(nonBlocking(a), true, "not made blocking while an async call waits");
    assert.equal(b.recvSync(10).toString(), "to b");
    b.sendallSync(Buffer.from("to a"));
    assert.equal((await within(reader)).toString(), "to a");
  });

  test("a duplicate shares O_NONBLOCK, so neither blocks in the kernel afterwards", async () => {
    const [a, b] = pair();
    bounded(a);
    const first = a.recv(1); // its poller exists from then on
    assert.equal(await loopTurnsWhilePending(first), true);
    b.sendallSync(Buffer.from("012"));
    assert.equal((await within(first)).toString(), "0");
    assert.equal(a.recvSync(1).toString(), "1");
    assert.equal(nonBlocking(a), false);
    const copy = track(a.dup());
    assert.equal(nonBlocking(a), true, "dup() makes the shared descriptor non-blocking");
    assert.equal(a.recvSync(1).toString(), "2");
    assert.equal(nonBlocking(a), true, "a duplicated socket's Sync call waits in poll(2)");
    const pending = copy.recv(10);
    assert.equal(await loopTurnsWhilePending(pending), true);
    b.sendallSync(Buffer.from("3"));
    assert.equal((await within(pending)).toString(), "3");
  });

  test("detach() and connect() leave the descriptor as the mode says", async () => {
    const [a, b] = pair();
    b.sendallSync(Buffer.from("x"));
    a.recvSync(1);
    a.settimeout(1);
    const fd = a.detach();
    try {
      assert.equal(nonBlockingFd(fd), true, "timeout mode: non-blocking");
    } finally {
      socket.close(fd);
    }
    const l = track(socket.socket());
    l.bind(["127.0.0.1", 0]);
    l.listen();
    const c = bounded(track(socket.socket()));
    const peerAddress = l.getsockname();
    const [server] = await Promise.all([l.accept(), c.connect(peerAddress)]);
    track(server[0]);
    server[0].sendallSync(Buffer.from("hi"));
    assert.equal(c.recvSync(2).toString(), "hi");
    assert.equal(nonBlocking(c), false);
    const accepted = c.recv(1);
    assert.equal(await loopTurnsWhilePending(accepted), true);
    server[0].close();
    assert.equal((await within(accepted)).length, 0);
  });
});
