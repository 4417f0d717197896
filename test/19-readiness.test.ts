// The readiness machinery under the hot path (native/poller.cc, #wait and
// #arm in socket.ts): the poller stays armed while a socket is busy and
// stops lazily; a call skips a first attempt that keeps finding EAGAIN;
// calls made while the poller's own callback runs only leave what they wait
// for in shared state. None of this may change what a user observes: no
// data is lost or delayed, FIFO order holds, a pending call keeps the
// process alive and an idle socket does not.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as socket from "../src/index.js";
import { keptAlive } from "./child.js";
import { checkNoLeaks, fillSendBuffer, isPending, recvAll, trackSockets, unixPair, within } from "./helpers.js";
import { lacks } from "./runtime.js";
import { WIN } from "./platform.js";

checkNoLeaks();

const track = trackSockets();

/** A few turns of the event loop (poller callbacks run in between). */
async function turns(n = 5): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
}

/** Makes `s`'s first attempts find EAGAIN a few times in a row, so that
 *  later calls skip their first attempt. */
async function missFirstAttempts(s: socket.Socket, peer: socket.Socket, rounds = 4): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    const pending = s.recv(100);
    assert.equal(await isPending(pending), true);
    await peer.sendall(Buffer.from("w"));
    assert.equal((await within(pending)).toString(), "w");
  }
}

describe("the poller, armed while busy", () => {
  test("data that arrives while nobody waits is received by the next call", async () => {
    const [a, b] = unixPair(track);
    await missFirstAttempts(a, b);
    await b.sendall(Buffer.from("unasked"));
    await turns(); // the poller reports it to nobody, and stops
    assert.equal((await within(a.recv(100))).toString(), "unasked");
    await b.sendall(Buffer.from("again"));
    assert.equal((await within(a.recv(100))).toString(), "again");
  });

  test("a call that skips its first attempt completes when its data is already there", async () => {
    const [a, b] = unixPair(track);
    await missFirstAttempts(a, b);
    for (let i = 0; i < 40; i++) {
      await b.sendall(Buffer.from(`${i};`));
      assert.equal((await within(a.recv(100))).toString(), `${i};`);
    }
  });

  test("many calls in a row whose data is there (a bulk reader) all complete, in order", { skip: lacks({ win32: WIN.unixDgram }) }, async () => {
    const [a, b] = unixPair(track, socket.SOCK_SEQPACKET);
    await missFirstAttempts(a, b);
    for (let i = 0; i < 100; i++) b.sendSync(Buffer.from(String(i)));
    const got: string[] = [];
    for (let i = 0; i < 100; i++) got.push((await within(a.recv(10))).toString());
    assert.deepEqual(got, Array.from({ length: 100 }, (_, i) => String(i)));
  });

  test("the Sync form after missed first attempts: poll(2) first, with data there or not", async () => {
    const [a, b] = unixPair(track);
    await missFirstAttempts(a, b);
    a.settimeout(5); // bounds the Sync calls
    b.sendSync(Buffer.from("there"));
    assert.equal(a.recvSync(100).toString(), "there");
    a.settimeout(0.02);
    assert.throws(() => a.recvSync(100), socket.TimeoutError);
    a.setblocking(false);
    assert.throws(() => a.recvSync(100), socket.BlockingIOError, "non-blocking mode always tries");
  });

  test("a call made in the continuation of another keeps its place in the queue", { skip: lacks({ win32: WIN.unixDgram }) }, async () => {
    const [a, b] = unixPair(track, socket.SOCK_SEQPACKET);
    const first = a.recv(10);
    const second = first.then(() => a.recv(10));
    const third = a.recv(10);
    for (const m of ["1", "2", "3"]) await b.sendall(Buffer.from(m));
    assert.equal((await within(first)).toString(), "1");
    assert.equal((await within(third)).toString(), "2", "third was queued before second was made");
    assert.equal((await within(second)).toString(), "3");
  });

  test("a send that must wait, made in the continuation of a receive, is woken by writability", async () => {
    const [a, b] = unixPair(track);
    const got = a.recv(10);
    await b.sendall(Buffer.from("go"));
    await within(got);
    const queued = fillSendBuffer(a);
    const sending = a.sendall(Buffer.alloc(100_000, 1));
    assert.equal(await isPending(sending), true);
    assert.equal((await recvAll(b, queued + 100_000)).length, queued + 100_000);
    await within(sending);
  });

  test("a socket closed in the continuation of its own call", async () => {
    for (let i = 0; i < 200; i++) {
      const [a, b] = socket.socketpair();
      const done = a.recv(10).then((data) => {
        a.close();
        return data;
      });
      await b.sendall(Buffer.from("bye"));
      assert.equal((await within(done)).toString(), "bye");
      b.close();
    }
  });

  test("a poll error wakes the waiting calls with the real error", { skip: lacks({ wine: WIN.winePollError }) }, async () => {
    const [a, b] = unixPair(track);
    const pending = a.recv(10);
    await isPending(pending);
    b.close();
    assert.equal((await within(pending)).length, 0, "EOF");
    const again = a.sendall(Buffer.alloc(10));
    await assert.rejects(within(again), socket.BrokenPipeError);
  });
});

describe("the process stays alive exactly while a call is pending", () => {
  test("a call made in the continuation of a completed one keeps it alive", () => {
    assert.equal(keptAlive(`const [a, b] = socket.socketpair(); a.recv(10).then(() => a.recv(10)); setTimeout(() => b.send(Buffer.from("x")), 10);`), true);
  });

  test("after the last call completes in a continuation, it may exit", { skip: lacks({ win32: WIN.unixDgram }) }, () => {
    // Datagrams: two sends are two receives however late the first is read.
    assert.equal(keptAlive(`const [a, b] = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM); a.recv(10).then(() => a.recv(10)); setTimeout(() => { b.send(Buffer.from("x")); setTimeout(() => b.send(Buffer.from("y")), 10); }, 10);`), false);
  });

  test("a send that waited and completed leaves nothing keeping it alive", () => {
    const body = [
      `const [a, b] = socket.socketpair();`,
      `a.setblocking(false); const chunk = Buffer.alloc(65536); try { for (;;) a.sendSync(chunk); } catch {} a.setblocking(true);`,
      `a.sendall(Buffer.alloc(1000)).then(() => console.log("sent"));`,
      `setTimeout(function drain() { try { b.setblocking(false); for (;;) b.recvSync(1 << 20); } catch {} }, 10);`,
    ].join("\n");
    assert.equal(keptAlive(body), false);
  });

  test("unref() while a call waits in a continuation lets it exit", () => {
    assert.equal(keptAlive(`const [a, b] = socket.socketpair(); a.recv(10).then(() => { a.recv(10); a.unref(); }); setTimeout(() => b.send(Buffer.from("x")), 10);`), false);
  });
});

describe("what the readiness machinery must not change", () => {
  test("MSG_DONTWAIT never waits, also once first attempts are being skipped (recv, recvSync, recvmmsg)", { skip: lacks({ win32: WIN.unixDgram }) }, async () => {
    const [a, b] = unixPair(track, socket.SOCK_DGRAM);
    await missFirstAttempts(a, b);
    await assert.rejects(within(a.recv(8, socket.MSG_DONTWAIT)), socket.BlockingIOError);
    assert.throws(() => a.recvSync(8, socket.MSG_DONTWAIT), socket.BlockingIOError);
    a.settimeout(5);
    if (typeof socket.Socket.prototype.recvmmsg === "function") {
      await assert.rejects(within(a.recvmmsg(4, 8, socket.MSG_DONTWAIT)), (e: unknown) => e instanceof socket.BlockingIOError || (e as socket.OSError).code === "ENOSYS");
    }
  });

  test("a second Socket waiting on a descriptor the loop already watches fails with EEXIST, and the first still works", { skip: lacks({ win32: WIN.twoPollers }) }, async () => {
    const [a, b] = unixPair(track);
    const pending = a.recv(10);
    const twin = socket.socket(null, null, null, a.fileno());
    try {
      twin.settimeout(0.1);
      await assert.rejects(within(twin.recv(10)), (e: unknown) => e instanceof socket.FileExistsError && (e as socket.OSError).syscall === "poll");
    } finally {
      twin.detach();
    }
    b.sendSync(Buffer.from("still here"));
    assert.equal((await within(pending)).toString(), "still here");
  });
});
