// select() and selectSync() (src/select.ts over src/readiness.ts): which
// objects are reported and how, timeouts, abort, Python's errors, and the
// rule that readiness seen by select and by a pending async call on the
// same socket is not taken from either.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as socket from "../src/index.js";
import { binding, setBindingForTesting } from "../src/binding.js";
import { keptAlive } from "./child.js";
import { checkNoLeaks, fillSendBuffer, isEbadf, isPending, rangeErrorOf, recvAll, rejectsWithoutThrowing, tcpPair, trackSockets, typeErrorOf, unixPair, within, errno, notOpen } from "./helpers.js";
import { lacks } from "./runtime.js";
import { WIN, windows } from "./platform.js";

checkNoLeaks();

const track = trackSockets();
const bytes = (text: string): Buffer => Buffer.from(text);

/** A few turns of the event loop (poller callbacks run in between). */
async function turns(n = 5): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
}

describe("selectSync", () => {
  test("reports the readable and writable objects, as given and in their lists' order", () => {
    const [a, b] = unixPair(track);
    const [c, d] = unixPair(track);
    b.sendallSync(bytes("x"));
    d.sendallSync(bytes("y"));
    // On Windows the pairs are TCP, whose delivery takes a moment: wait for both.
    assert.deepEqual(socket.selectSync([a], [], [], 10), [[a], [], []]);
    assert.deepEqual(socket.selectSync([c], [], [], 10), [[c], [], []]);
    const byFileno = { fileno: () => c.fileno() };
    const [r, w, x] = socket.selectSync([d, byFileno, a], [a], [a, c]);
    assert.deepEqual(r, [byFileno, a]);
    assert.equal(r[0], byFileno);
    assert.deepEqual(w, [a]);
    assert.deepEqual(x, []);
    // A descriptor as a number comes back as that number.
    assert.deepEqual(socket.selectSync([a.fileno()], [], [], 0), [[a.fileno()], [], []]);
  });

  test("timeout 0 looks and returns; a timeout that expires returns three empty lists", () => {
    const [a] = unixPair(track);
    assert.deepEqual(socket.selectSync([a], [], [], 0), [[], [], []]);
    assert.deepEqual(socket.selectSync([a], [], [a], 0.05), [[], [], []]);
    assert.deepEqual(socket.selectSync([], [], [], 0.01), [[], [], []]);
  });

  test("leaves the data where it is: recv gets it afterwards", () => {
    const [a, b] = unixPair(track);
    b.sendallSync(bytes("kept"));
    assert.deepEqual(socket.selectSync([a], [], [], null), [[a], [], []]);
    assert.deepEqual(socket.selectSync([a], [], []), [[a], [], []]);
    assert.equal(a.recvSync(10).toString(), "kept");
  });

  test("a listening socket is readable when a connection waits; a closed peer makes a socket readable", () => {
    const l = track(socket.socket(socket.AF_INET, socket.SOCK_STREAM));
    l.bind(["127.0.0.1", 0]);
    l.listen(1);
    assert.deepEqual(socket.selectSync([l], [], [], 0), [[], [], []]);
    const c = track(socket.socket(socket.AF_INET, socket.SOCK_STREAM));
    c.connectSync(l.getsockname());
    assert.deepEqual(socket.selectSync([l], [], [], 5), [[l], [], []]);
    const [conn] = l.acceptSync();
    track(conn);
    c.close();
    assert.deepEqual(socket.selectSync([conn], [], [], 5), [[conn], [], []]);
    assert.equal(conn.recvSync(10).length, 0);
  });

  test("urgent data (MSG_OOB) is an exceptional condition", async () => {
    const [client, server] = await tcpPair(track);
    assert.deepEqual(socket.selectSync([], [], [server], 0), [[], [], []]);
    client.sendSync(bytes("!"), socket.MSG_OOB);
    const [, , x] = socket.selectSync([], [], [server], 5);
    assert.deepEqual(x, [server]);
    assert.equal(server.recvSync(1, socket.MSG_OOB).toString(), "!");
  });

  test("a full send buffer is not writable; it is again once the peer reads", async () => {
    const [a, b] = unixPair(track);
    const queued = fillSendBuffer(a);
    assert.deepEqual(socket.selectSync([], [a], [], 0), [[], [], []]);
    await recvAll(b, queued);
    assert.deepEqual(socket.selectSync([], [a], [], 5), [[], [a], []]);
  });

  test("a descriptor number beyond FD_SETSIZE (1024) works: poll(2) has no such limit", () => {
    const [a, b] = unixPair(track);
    const copies: socket.Socket[] = [];
    try {
      while (copies.length < 1100 && (copies.at(-1)?.fileno() ?? 0) < 1100) copies.push(a.dup());
      const high = copies.at(-1)!;
      assert.ok(high.fileno() > 1024, `descriptor ${high.fileno()}`);
      b.sendallSync(bytes("z"));
      assert.deepEqual(socket.selectSync([high], [], [], 5), [[high], [], []]);
    } finally {
      for (const s of copies) s.close();
    }
  });

  test("errors: EBADF for a closed socket or an invalid descriptor, RangeError for a negative one", () => {
    const closed = socket.socket();
    closed.close();
    assert.throws(() => socket.selectSync([closed], [], [], 0), (e) => isEbadf(e) && /select/.test(String((e as socket.OSError).syscall)));
    const [a] = unixPair(track);
    const fd = a.dup().detach();
    socket.close(fd); // a number nothing has open
    assert.throws(() => socket.selectSync([], [fd], [], 0), (e: unknown) => e instanceof socket.OSError && e.code === notOpen);
    assert.throws(() => socket.selectSync([-1], [], [], 0), rangeErrorOf("selectSync"));
    assert.throws(() => socket.selectSync([{ fileno: () => -1 }], [], [], 0), rangeErrorOf("selectSync"));
  });

  test("bad arguments: TypeError or RangeError naming selectSync", () => {
    const [a] = unixPair(track);
    const fn = "selectSync";
    const call = (...args: unknown[]) => () => (socket.selectSync as (...a: unknown[]) => unknown)(...args);
    assert.throws(call([a], []), typeErrorOf(fn));
    assert.throws(call(a, [], []), typeErrorOf(fn));
    assert.throws(call([a], null, []), typeErrorOf(fn));
    assert.throws(call(["3"], [], []), typeErrorOf(fn));
    assert.throws(call([1.5], [], []), typeErrorOf(fn));
    assert.throws(call([{ fileno: () => "3" }], [], []), typeErrorOf(fn));
    assert.throws(call([{}], [], []), typeErrorOf(fn));
    assert.throws(call([a], [], [], "1"), typeErrorOf(fn));
    assert.throws(call([a], [], [], -1), rangeErrorOf(fn));
    assert.throws(call([a], [], [], NaN), rangeErrorOf(fn));
    assert.throws(call([a], [], [], 1, 2), typeErrorOf(fn));
  });

  test("does not disturb a pending async recv on the same socket", async () => {
    const [a, b] = unixPair(track);
    const pending = a.recv(10);
    assert.equal(await isPending(pending), true);
    b.sendallSync(bytes("one"));
    assert.deepEqual(socket.selectSync([a], [], [], 5), [[a], [], []]);
    assert.equal((await within(pending)).toString(), "one");
  });
});

describe("select (async)", () => {
  test("resolves when a socket becomes readable, and leaves the data for recv", async () => {
    const [a, b] = unixPair(track);
    const selecting = socket.select([a], [], [], 10);
    assert.equal(await isPending(selecting), true);
    b.sendallSync(bytes("later"));
    assert.deepEqual(await within(selecting), [[a], [], []]);
    assert.equal((await a.recv(10)).toString(), "later");
  });

  test("reports at once what is ready already; a timeout of 0 only looks", async () => {
    const [a, b] = unixPair(track);
    assert.deepEqual(await socket.select([a], [a], [], 0), [[], [a], []]);
    b.sendallSync(bytes("x"));
    assert.deepEqual(await socket.select([a], [], []), [[a], [], []]);
  });

  test("a timeout that expires resolves with three empty lists", async () => {
    const [a] = unixPair(track);
    assert.deepEqual(await within(socket.select([a], [], [a], 0.05)), [[], [], []]);
    assert.deepEqual(await within(socket.select([], [], [], 0.01)), [[], [], []]);
  });

  test("a pending recv gets the data first; select waits on and reports the next data, which stays", async () => {
    const [a, b] = unixPair(track);
    const receiving = a.recv(10);
    const selecting = socket.select([a], [], [], 10);
    await turns();
    b.sendallSync(bytes("first"));
    assert.equal((await within(receiving)).toString(), "first");
    await turns();
    assert.equal(await isPending(selecting), true, "select saw nothing left to read");
    b.sendallSync(bytes("second"));
    assert.deepEqual(await within(selecting), [[a], [], []]);
    assert.equal(a.recvSync(10).toString(), "second");
  });

  test("bare descriptors, also one a Socket is watching, are waited on through a duplicate", async () => {
    const [a, b] = unixPair(track);
    const [c, d] = unixPair(track);
    const receiving = c.recv(10); // c's own poller watches its number
    await turns();
    const selecting = socket.select([a.fileno(), { fileno: () => c.fileno() }], [], [], 10);
    assert.equal(await isPending(selecting), true);
    b.sendallSync(bytes("to a"));
    assert.deepEqual(await within(selecting), [[a.fileno()], [], []]);
    d.sendallSync(bytes("to c"));
    assert.equal((await within(receiving)).toString(), "to c");
  });

  test("wlist waits until the peer makes room; xlist waits for urgent data", { skip: lacks({ win32: WIN.oob }) }, async () => {
    const [a, b] = unixPair(track);
    const queued = fillSendBuffer(a);
    const writable = socket.select([], [a], [], 10);
    assert.equal(await isPending(writable), true);
    await recvAll(b, queued);
    assert.deepEqual(await within(writable), [[], [a], []]);

    const [client, server] = await tcpPair(track);
    const urgent = socket.select([], [], [server], 10);
    assert.equal(await isPending(urgent), true);
    client.sendSync(bytes("!"), socket.MSG_OOB);
    assert.deepEqual(await within(urgent), [[], [], [server]]);
  });

  test("a hang-up is readable, not exceptional: select goes on waiting without spinning", { skip: lacks({ wine: WIN.wineHangup }) }, async () => {
    // A TCP socket never connected polls as POLLOUT | POLLHUP.
    const fresh = track(socket.socket(socket.AF_INET, socket.SOCK_STREAM));
    assert.deepEqual(socket.selectSync([fresh], [], [fresh], 0), [[fresh], [], []]);
    assert.deepEqual(socket.selectSync([], [], [fresh], 0.02), [[], [], []]);
    assert.deepEqual(await within(socket.select([], [], [fresh], 0.02)), [[], [], []]);
    // A hang-up that comes while select waits on xlist only.
    const [client, server] = await tcpPair(track);
    let looks = 0;
    const real = binding; // a live binding: replaced below
    const restore = setBindingForTesting({
      pollfds(table: Int32Array, count: number, ms: number): number {
        looks++;
        return real.pollfds(table, count, ms);
      },
    });
    try {
      const selecting = socket.select([], [], [server, server.fileno()], 0.3);
      assert.equal(await isPending(selecting), true);
      server.shutdown(socket.SHUT_WR);
      client.close();
      assert.deepEqual(await within(selecting), [[], [], []]);
    } finally {
      restore();
    }
    assert.deepEqual(socket.selectSync([server], [], [], 0), [[server], [], []], "the hang-up is there");
    // Once an entry has reported only a hang-up, it is no longer watched.
    assert.ok(looks < 20, `${looks} looks`);
  });

  test("several selects on one socket all resolve", async () => {
    const [a, b] = unixPair(track);
    const all = [socket.select([a], [], []), socket.select([a], [], [], 10), socket.select([a.fileno()], [], [], 10)];
    await turns();
    b.sendallSync(bytes("x"));
    const results = await within(Promise.all(all));
    assert.deepEqual(results, [[[a], [], []], [[a], [], []], [[a.fileno()], [], []]]);
  });

  test("{ signal }: aborted before or during the wait rejects with the signal's reason", async () => {
    const [a] = unixPair(track);
    const reason = new Error("stop");
    await assert.rejects(socket.select([a], [], [], null, { signal: AbortSignal.abort(reason) }), (e) => e === reason);
    const controller = new AbortController();
    const selecting = socket.select([a, a.fileno()], [], [], { signal: controller.signal });
    assert.equal(await isPending(selecting), true);
    controller.abort(reason);
    await assert.rejects(within(selecting), (e) => e === reason);
  });

  test("a socket closed while select waits on it rejects with EBADF", async () => {
    const [a] = unixPair(track);
    const selecting = socket.select([a], [], [], 10);
    assert.equal(await isPending(selecting), true);
    a.close();
    await assert.rejects(within(selecting), isEbadf);
  });

  test("errors and bad arguments reject (never throw), naming select", async () => {
    const closed = socket.socket();
    closed.close();
    await rejectsWithoutThrowing(() => socket.select([closed], [], []), isEbadf);
    await rejectsWithoutThrowing(() => socket.select([-1], [], []), rangeErrorOf("select"));
    const [a] = unixPair(track);
    const call = (...args: unknown[]) => () => (socket.select as (...a: unknown[]) => unknown)(...args);
    await rejectsWithoutThrowing(call([a], []), typeErrorOf("select"));
    await rejectsWithoutThrowing(call([a], 5, []), typeErrorOf("select"));
    await rejectsWithoutThrowing(call([a], [], [], "1"), typeErrorOf("select"));
    await rejectsWithoutThrowing(call([a], [], [], -0.5), rangeErrorOf("select"));
    await rejectsWithoutThrowing(call([a], [], [], 1, { signal: "no" }), typeErrorOf("select"));
  });

  test("a Socket whose descriptor the loop already watches through another object: FileExistsError", { skip: lacks({ win32: WIN.twoPollers }) }, async () => {
    const [a, b] = unixPair(track);
    const pending = a.recv(10); // a's poller watches the number
    const twin = socket.socket(null, null, null, a.fileno());
    try {
      await assert.rejects(within(socket.select([twin], [], [], 5)), (e: unknown) => e instanceof socket.FileExistsError && (e as socket.OSError).syscall === "poll");
    } finally {
      twin.detach();
    }
    b.sendSync(Buffer.from("still here"));
    assert.equal((await within(pending)).toString(), "still here");
  });

  test("a bare descriptor whose duplicate or poller cannot be made: the error, and nothing left open", async () => {
    const [a] = unixPair(track);
    const { EMFILE, ENOMEM } = errno;
    let restore = setBindingForTesting({ dup: () => -EMFILE });
    try {
      await rejectsWithoutThrowing(() => socket.select([a.fileno()], [], [], 5), (e) => e instanceof socket.OSError && e.errno === EMFILE);
    } finally {
      restore();
    }
    const failing = function FailingPoller(): never {
      throw Object.assign(new Error("bsdsock native: uv_poll_init: out of memory"), { errno: ENOMEM });
    } as unknown as typeof binding.Poller;
    restore = setBindingForTesting({ Poller: failing });
    try {
      await rejectsWithoutThrowing(() => socket.select([a.fileno()], [], [], 5), (e) => e instanceof socket.OSError && e.errno === ENOMEM && e.syscall === "poll");
    } finally {
      restore();
    }
    // checkNoLeaks: the duplicate was closed.
  });

  test("a waiting select keeps the process alive; an unref'd socket does not", () => {
    // The peer stays reachable: collected, it would close and make `a`
    // readable (Bun collects early). Selecting a bare descriptor holds no
    // Socket, so `a` must stay reachable too, or its collection closes it.
    assert.equal(keptAlive(`const [a, b] = socket.socketpair(); globalThis.peer = b; socket.select([a], [], []);`), true);
    assert.equal(keptAlive(`const [a, b] = socket.socketpair(); globalThis.pair = [a, b]; socket.select([a.fileno()], [], []);`), true);
    assert.equal(keptAlive(`const [a, b] = socket.socketpair(); globalThis.pair = [a, b]; a.unref(); socket.select([a], [], []);`), false);
  });
});

describe("native pollfds (the poll(2) under select and poll objects)", () => {
  test("writes revents into the table and returns how many have events", () => {
    const [a, b] = unixPair(track);
    b.sendallSync(bytes("x"));
    const table = new Int32Array([a.fileno(), socket.POLLIN, 99, b.fileno(), socket.POLLIN, 99, -1, socket.POLLIN, 99]);
    // Waits for the byte: on Windows the pair is TCP, whose delivery takes a moment.
    assert.equal(binding.pollfds(table, 3, 10_000), 1);
    // The system's own answer: WSAPoll reports readable data as POLLRDNORM
    // (POLLIN is POLLRDNORM | POLLRDBAND there; poll objects translate it).
    const readable = windows ? socket.POLLRDNORM : socket.POLLIN;
    assert.deepEqual([...table], [a.fileno(), socket.POLLIN, readable, b.fileno(), socket.POLLIN, 0, -1, socket.POLLIN, 0]);
    assert.equal(binding.pollfds(new Int32Array(0), 0, 0), 0);
  });

  test("refuses a table too short, of another type, or a negative count", () => {
    assert.throws(() => binding.pollfds(new Int32Array(5), 2, 0), TypeError);
    assert.throws(() => binding.pollfds(new Uint32Array(6) as unknown as Int32Array, 2, 0), TypeError);
    assert.throws(() => binding.pollfds(new Int32Array(6), -1, 0), RangeError);
    assert.throws(() => binding.pollfds(new Int32Array(6), 2, 1.5), RangeError);
  });
});
