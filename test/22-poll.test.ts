// poll objects (src/poll.ts): register/modify/unregister, poll() and
// pollSync() with timeouts in milliseconds, POLLNVAL for what is closed,
// abort, Python's errors, and the POLL* constants. On Windows (WSAPoll)
// the same cases hold: revents are reported in the caller's terms.
import assert from "node:assert/strict";
import * as socket from "../src/index.js";
import { checkNoLeaks, isPending, rangeErrorOf, rejectsWithoutThrowing, trackSockets, typeErrorOf, unixPair, within, errno } from "./helpers.js";
import { lacks } from "./runtime.js";
import { WIN, windows } from "./platform.js";
import { describe, test } from "node:test";

checkNoLeaks();

const track = trackSockets();
const { POLLIN, POLLOUT, POLLPRI, POLLHUP, POLLNVAL } = socket;

/** An OSError with `code`. */
function osErrorWith(code: string): (e: unknown) => true {
  return (e) => {
    assert.ok(e instanceof socket.OSError, `expected OSError, got ${String(e)}`);
    assert.equal(e.code, code);
    return true;
  };
}

describe("poll objects", () => {
  test("the POLL* constants are poll.h's numbers", () => {
    for (const name of ["POLLIN", "POLLPRI", "POLLOUT", "POLLERR", "POLLHUP", "POLLNVAL", "POLLRDNORM", "POLLRDBAND", "POLLWRNORM", "POLLWRBAND"] as const) {
      assert.equal(typeof socket[name], "number", name);
    }
    // Values every Unix shares (test/71-constants checks all against the
    // headers), and Winsock's (winsock2.h: POLLIN is POLLRDNORM | POLLRDBAND).
    const values = windows ? [0x300, 0x400, 0x10, 1, 2, 4] : [1, 2, 4, 8, 16, 32];
    assert.deepEqual([POLLIN, POLLPRI, POLLOUT, socket.POLLERR, POLLHUP, POLLNVAL], values);
  });

  test("pollSync: [fd, revents] for each registered descriptor with events, in registration order", () => {
    const [a, b] = unixPair(track);
    const p = socket.poll();
    p.register(a, POLLIN);
    p.register(b.fileno()); // POLLIN | POLLPRI | POLLOUT
    assert.deepEqual(p.pollSync(0), [[b.fileno(), POLLOUT]]);
    b.sendallSync(Buffer.from("x"));
    assert.deepEqual(p.pollSync(), [[a.fileno(), POLLIN], [b.fileno(), POLLOUT]]);
    assert.equal(a.recvSync(10).toString(), "x", "poll leaves the data");
  });

  test("modify changes the mask, register again replaces it, unregister forgets", () => {
    const [a, b] = unixPair(track);
    const p = socket.poll();
    p.register(a, POLLIN);
    assert.deepEqual(p.pollSync(0), []);
    p.modify(a, POLLIN | POLLOUT);
    assert.deepEqual(p.pollSync(0), [[a.fileno(), POLLOUT]]);
    p.register({ fileno: () => a.fileno() }, POLLIN);
    assert.deepEqual(p.pollSync(0), []);
    b.close();
    assert.deepEqual(p.pollSync(5000), [[a.fileno(), POLLIN | POLLHUP]]);
    p.unregister(a.fileno());
    assert.deepEqual(p.pollSync(0), []);
  });

  test("pollSync: a mask of 0 still reports a hang-up", () => {
    const [a, b] = unixPair(track);
    const p = socket.poll();
    p.register(a, 0);
    assert.deepEqual(p.pollSync(0), []);
    b.close();
    assert.deepEqual(p.pollSync(10_000), [[a.fileno(), POLLHUP]]);
  });

  test("a mask of 0 still reports a hang-up", { skip: lacks({ wine: WIN.wineDisconnect }) }, async () => {
    const [a, b] = unixPair(track);
    const p = socket.poll();
    p.register(a, 0);
    const waiting = p.poll(10_000);
    assert.equal(await isPending(waiting), true);
    b.close();
    assert.deepEqual(await within(waiting), [[a.fileno(), POLLHUP]]);
  });

  test("timeouts are in milliseconds; null, omitted or negative wait without limit", async () => {
    const [a, b] = unixPair(track);
    const p = socket.poll();
    p.register(a, POLLIN);
    assert.deepEqual(p.pollSync(20), []);
    assert.deepEqual(p.pollSync(0.5), []);
    assert.deepEqual(await within(p.poll(20)), []);
    const forever = p.poll(-1);
    assert.equal(await isPending(forever), true);
    b.sendallSync(Buffer.from("y"));
    assert.deepEqual(await within(forever), [[a.fileno(), POLLIN]]);
    assert.deepEqual(await p.poll(null), [[a.fileno(), POLLIN]]);
  });

  test("poll (async) waits on the event loop and leaves the data to a pending recv", async () => {
    const [a, b] = unixPair(track);
    const p = socket.poll();
    p.register(a, POLLIN);
    const receiving = a.recv(10);
    const polling = p.poll();
    assert.equal(await isPending(polling), true);
    b.sendallSync(Buffer.from("one"));
    assert.equal((await within(receiving)).toString(), "one");
    b.sendallSync(Buffer.from("two"));
    assert.deepEqual(await within(polling), [[a.fileno(), POLLIN]]);
    assert.equal(a.recvSync(10).toString(), "two");
  });

  test("a registered Socket that is closed reports POLLNVAL, also while poll waits", async () => {
    const [a] = unixPair(track);
    const [c] = unixPair(track);
    const p = socket.poll();
    const fdA = a.fileno();
    p.register(a, POLLIN);
    p.register(c, POLLIN);
    const polling = p.poll(10_000);
    assert.equal(await isPending(polling), true);
    a.close();
    assert.deepEqual(await within(polling), [[fdA, POLLNVAL]]);
    assert.deepEqual(p.pollSync(0), [[fdA, POLLNVAL]]);
    p.unregister(a); // a closed Socket is found by what it was registered as
    assert.deepEqual(p.pollSync(0), []);
  });

  test("an invalid descriptor reports POLLNVAL", () => {
    const [a] = unixPair(track);
    const fd = a.dup().detach();
    socket.close(fd);
    const p = socket.poll();
    p.register(fd, POLLIN);
    assert.deepEqual(p.pollSync(0), [[fd, POLLNVAL]]);
  });

  test("{ signal }: abort before or during the wait rejects with the reason", async () => {
    const [a] = unixPair(track);
    const p = socket.poll();
    p.register(a, POLLIN);
    const reason = new Error("stop");
    await assert.rejects(p.poll(null, { signal: AbortSignal.abort(reason) }), (e) => e === reason);
    const controller = new AbortController();
    const polling = p.poll({ signal: controller.signal });
    assert.equal(await isPending(polling), true);
    controller.abort(reason);
    await assert.rejects(within(polling), (e) => e === reason);
    assert.deepEqual(p.pollSync(0), [], "the object can poll again");
  });

  test("one poll at a time per object: OSError EBUSY", async () => {
    const [a, b] = unixPair(track);
    const p = socket.poll();
    p.register(a, POLLIN);
    const polling = p.poll(10_000);
    await rejectsWithoutThrowing(() => p.poll(0), osErrorWith("EBUSY"));
    assert.throws(() => p.pollSync(0), osErrorWith("EBUSY"));
    b.sendallSync(Buffer.from("z"));
    assert.deepEqual(await within(polling), [[a.fileno(), POLLIN]]);
  });

  test("errors: modify of what is not registered is ENOENT, unregister a RangeError (Python's KeyError)", () => {
    const [a] = unixPair(track);
    const p = socket.poll();
    assert.throws(() => p.modify(a, POLLIN), (e) => osErrorWith("ENOENT")(e) && (e as socket.OSError).errno === errno.ENOENT);
    assert.throws(() => p.unregister(a), rangeErrorOf("poll.unregister"));
    const closed = socket.socket();
    closed.close();
    assert.throws(() => p.register(closed), osErrorWith("EBADF"));
    assert.throws(() => p.register(-1), rangeErrorOf("poll.register"));
  });

  test("bad arguments: TypeError or RangeError naming the method", async () => {
    const [a] = unixPair(track);
    const p = socket.poll();
    const loose = p as unknown as Record<string, (...args: unknown[]) => unknown>;
    assert.throws(() => loose.register!("3"), typeErrorOf("poll.register"));
    assert.throws(() => loose.register!(a, "1"), typeErrorOf("poll.register"));
    assert.throws(() => loose.register!(a, 0x10000), rangeErrorOf("poll.register"));
    assert.throws(() => loose.register!(a, -1), rangeErrorOf("poll.register"));
    assert.throws(() => loose.modify!(a, 1.5), typeErrorOf("poll.modify"));
    assert.throws(() => loose.unregister!({}), typeErrorOf("poll.unregister"));
    assert.throws(() => loose.pollSync!("10"), typeErrorOf("poll.pollSync"));
    assert.throws(() => loose.pollSync!(NaN), rangeErrorOf("poll.pollSync"));
    assert.throws(() => loose.pollSync!(2 ** 31), rangeErrorOf("poll.pollSync"));
    await rejectsWithoutThrowing(() => loose.poll!("10"), typeErrorOf("poll.poll"));
    await rejectsWithoutThrowing(() => loose.poll!(10, 20), typeErrorOf("poll.poll"));
    await rejectsWithoutThrowing(() => loose.poll!(10, { signal: 1 }), typeErrorOf("poll.poll"));
  });
});
