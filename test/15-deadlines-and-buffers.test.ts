// Timeout mode keeps one deadline timer per queue of waiting calls (not one
// per call), and recv/recvfrom take their buffer only when they attempt the
// system call, passing a missed attempt's buffer on to the next one. These
// tests check what a user sees of both: every call still times out at its
// own deadline (never earlier), and received data is never shared or
// overwritten between calls.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import * as socket from "../src/index.js";
import { checkNoLeaks, isPending, trackSockets, within } from "./helpers.js";

checkNoLeaks();
const track = trackSockets();

function pair(type: number = socket.SOCK_STREAM): [socket.Socket, socket.Socket] {
  const [a, b] = socket.socketpair(socket.AF_UNIX, type);
  return [track(a), track(b)];
}

const timedOut = (e: unknown): boolean => e instanceof socket.TimeoutError;

describe("deadlines of waiting calls", () => {
  test("a later call with a shorter timeout times out first; the earlier one still waits", async () => {
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

  test("a call that waits after another completed still gets its whole timeout", async () => {
    const [a, b] = pair();
    a.settimeout(0.2);
    const first = a.recv(10);
    b.sendallSync(Buffer.from("x"));
    assert.equal((await within(first)).toString(), "x");
    const t0 = performance.now();
    await assert.rejects(within(a.recv(10)), timedOut);
    assert.ok(performance.now() - t0 >= 200, "the timeout did not fire early");
  });

  test("deadlines keep working after one expired, in both directions", async () => {
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

  test("close() rejects timed calls with EBADF, and no deadline fires afterwards", async () => {
    const [a] = pair();
    a.settimeout(0.05);
    const pending = a.recv(10);
    a.close();
    await assert.rejects(within(pending), (e: unknown) => e instanceof socket.OSError && e.code === "EBADF");
  });
});

describe("receive buffers taken when data arrives", () => {
  test("results of recv on many sockets, after attempts that found nothing, are each their own data", async () => {
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

  test("recvfrom and recvSync results are not overwritten by later receives", async () => {
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

  test("recv with MSG_WAITALL keeps the data of earlier attempts", async () => {
    const [a, b] = pair();
    const pending = a.recv(6, socket.MSG_WAITALL);
    b.sendallSync(Buffer.from("abc"));
    assert.equal(await isPending(pending), true);
    b.sendallSync(Buffer.from("def"));
    assert.equal((await within(pending)).toString(), "abcdef");
  });
});
