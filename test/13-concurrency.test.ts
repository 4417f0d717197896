// Many calls pending on one socket (docs/api.md "Modes"): receives and
// sends are served in the order they were made, sendall never interleaves,
// accepts are FIFO, close() rejects what is pending with EBADF, sockets do
// not block each other, a socket is full duplex; AbortSignal; and async
// methods report bad input by rejecting, never by throwing.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as socket from "../src/index.js";
import { checkNoLeaks, isPending, within, trackSockets, fillSendBuffer, isEbadf, recvAll, unixPair, errno } from "./helpers.js";
import { lacks } from "./runtime.js";
import { WIN } from "./platform.js";

checkNoLeaks();

const { EBADF } = errno;

// Every socket a test makes is tracked and closed after it, pass or fail.
const track = trackSockets();

/** A connected AF_UNIX pair (stream unless `type` says otherwise). */
const pair = (type?: number): [socket.Socket, socket.Socket] => unixPair(track, type);

/** Connected [listener, client, server] over TCP on 127.0.0.1. */
async function tcpPair(): Promise<[socket.Socket, socket.Socket, socket.Socket]> {
  const l = track(socket.socket());
  l.bind(["127.0.0.1", 0]);
  l.listen();
  const client = track(socket.socket());
  const [[server]] = await within(Promise.all([l.accept(), client.connect(l.getsockname())]));
  return [l, client, track(server)];
}

/** Records the order in which promises settle. */
function settleOrder<T>(promises: Promise<T>[]): { order: number[]; all: Promise<PromiseSettledResult<T>[]> } {
  const order: number[] = [];
  promises.forEach((p, i) => p.then(() => order.push(i), () => order.push(i)));
  return { order, all: within(Promise.allSettled(promises)) };
}

// ---- FIFO -----------------------------------------------------------------------

describe("receives are served in the order they were made", () => {
  test("5 pending recv(1), then the peer sends \"abcde\": a, b, c, d, e", async () => {
    const [a, b] = pair();
    const recvs = [0, 1, 2, 3, 4].map(() => a.recv(1));
    for (const r of recvs) assert.equal(await isPending(r), true);
    const { order, all } = settleOrder(recvs);
    await within(b.sendall(Buffer.from("abcde")));
    const results = await within(Promise.all(recvs));
    assert.deepEqual(results.map(String), ["a", "b", "c", "d", "e"]);
    await all;
    assert.deepEqual(order, [0, 1, 2, 3, 4]);
  });

  test("the order holds across recv, recvInto, recvfrom and recvfromInto", { skip: lacks({ win32: WIN.unixDgram }) }, async () => {
    const [a, b] = pair(socket.SOCK_DGRAM);
    const bufs = [Buffer.alloc(8), Buffer.alloc(8)];
    const calls: Promise<string>[] = [
      a.recv(8).then(String),
      a.recvInto(bufs[0]!).then((n) => bufs[0]!.toString("latin1", 0, n)),
      a.recvfrom(8).then(([d]) => d.toString()),
      a.recvfromInto(bufs[1]!).then(([n]) => bufs[1]!.toString("latin1", 0, n)),
    ];
    assert.equal(await isPending(calls[0]!), true);
    for (const word of ["one", "two", "three", "four"]) await within(b.send(Buffer.from(word)));
    assert.deepEqual(await within(Promise.all(calls)), ["one", "two", "three", "four"]);
  });

  test("a call made while others are pending waits behind them, even if data is there", { skip: lacks({ win32: WIN.unixDgram }) }, async () => {
    const [a, b] = pair(socket.SOCK_DGRAM);
    const first = a.recv(10);
    const second = a.recv(10);
    assert.equal(await isPending(first), true);
    b.sendSync(Buffer.from("1"));
    b.sendSync(Buffer.from("2"));
    const third = a.recv(10); // made after the data arrived: still last
    b.sendSync(Buffer.from("3"));
    assert.deepEqual((await within(Promise.all([first, second, third]))).map(String), ["1", "2", "3"]);
  });
});

describe("sends are served in the order they were made", () => {
  test("sends pending on a full buffer complete in order, and their bytes arrive in order", async () => {
    const [a, b] = pair();
    const filled = fillSendBuffer(a);
    const words = ["first;", "second;", "third;", "fourth;"];
    const sends = words.map((w) => a.send(Buffer.from(w)));
    assert.equal(await isPending(sends[0]!), true);
    const { order, all } = settleOrder(sends);
    const expected = words.join("");
    const received = await recvAll(b, filled + expected.length);
    assert.deepEqual(await within(Promise.all(sends)), words.map((w) => w.length));
    await all;
    assert.deepEqual(order, [0, 1, 2, 3]);
    assert.equal(received.subarray(filled).toString(), expected);
  });

  test("two concurrent sendall of large distinct buffers never interleave", async () => {
    const [a, b] = pair();
    const size = 4 << 20; // far more than a socket buffer: each takes many sends
    const A = Buffer.alloc(size, 0x41);
    const B = Buffer.alloc(size, 0x42);
    const sending = Promise.all([a.sendall(A), a.sendall(B)]);
    const received = await recvAll(b, 2 * size);
    await within(sending);
    assert.equal(received.length, 2 * size);
    // All of A, then all of B: exactly one change of byte value.
    assert.equal(received.indexOf(0x42), size);
    assert.equal(received.lastIndexOf(0x41), size - 1);
  });

  test("a send made behind a pending sendall goes after all of it", async () => {
    const [a, b] = pair();
    const big = Buffer.alloc(1 << 20, 0x61);
    const sendall = a.sendall(big);
    const after = a.send(Buffer.from("END"));
    const received = await recvAll(b, big.length + 3);
    await within(Promise.all([sendall, after]));
    assert.equal(received.subarray(big.length).toString(), "END");
    assert.equal(received.indexOf("END"), big.length);
  });
});

describe("Sync twins and non-blocking calls never overtake pending calls", () => {
  test("a Sync twin behind async calls of its direction throws EBUSY; the other direction is free", async () => {
    const [a, b] = pair();
    const pending = a.recv(4);
    assert.ok(await isPending(pending));
    assert.throws(() => a.recvSync(4), (e: unknown) => e instanceof socket.OSError && e.code === "EBUSY" && e.syscall === "recv");
    // Sending is another queue: the Sync send goes through, and completes the recv.
    assert.equal(b.sendSync(Buffer.from("ok")), 2);
    assert.equal(a.sendSync(Buffer.from("hi")), 2);
    assert.equal((await within(pending)).toString(), "ok");
    assert.equal(b.recvSync(4).toString(), "hi");
  });

  test("a sendallSync cannot interleave with a pending sendall", async () => {
    const [a, b] = pair();
    fillSendBuffer(a);
    const big = a.sendall(Buffer.alloc(1 << 20, 0x41));
    assert.ok(await isPending(big));
    assert.throws(() => a.sendallSync(Buffer.from("B")), (e: unknown) => e instanceof socket.OSError && e.code === "EBUSY");
    a.close();
    await assert.rejects(big, isEbadf);
    b.close();
  });

  test("in non-blocking mode, a call behind waiting ones is BlockingIOError at once", async () => {
    const [a, b] = pair();
    const first = a.recv(4);
    assert.ok(await isPending(first));
    a.setblocking(false);
    await assert.rejects(a.recv(4), (e: unknown) => e instanceof socket.BlockingIOError && e.syscall === "recv");
    b.sendSync(Buffer.from("data"));
    assert.equal((await within(first)).toString(), "data");
  });
});

describe("accept queue", () => {
  test("pending accepts get the connections in the order they were made", async () => {
    const l = track(socket.socket());
    l.bind(["127.0.0.1", 0]);
    l.listen();
    const accepts = [0, 1, 2].map(() => l.accept());
    assert.equal(await isPending(accepts[0]!), true);
    const clients = [0, 1, 2].map(() => track(socket.socket()));
    for (const c of clients) await within(c.connect(l.getsockname()));
    const accepted = await within(Promise.all(accepts));
    accepted.forEach(([conn, address], i) => {
      track(conn);
      assert.deepEqual(address, clients[i]!.getsockname());
    });
  });
});

// ---- close with calls pending ---------------------------------------------------------

describe("close() with calls pending", () => {
  test("every pending call rejects with OSError EBADF; fileno() is -1", async () => {
    const [a, b] = pair();
    const l = track(socket.socket());
    l.bind(["127.0.0.1", 0]);
    l.listen();
    fillSendBuffer(a);
    const pending: Promise<unknown>[] = [
      a.recv(10),
      a.recvInto(Buffer.alloc(4)),
      a.recvfrom(10),
      a.recvfromInto(Buffer.alloc(4)),
      a.send(Buffer.from("x")),
      a.sendall(Buffer.alloc(1 << 20)),
    ];
    const accepts = [l.accept(), l.accept()];
    for (const p of [...pending, ...accepts]) assert.equal(await isPending(p), true);
    a.close();
    l.close();
    assert.equal(a.fileno(), -1);
    assert.equal(l.fileno(), -1);
    for (const p of [...pending, ...accepts]) await assert.rejects(within(p), isEbadf);
    // The descriptor really was released: the peer sees EOF.
    const rest = await recvAll(b, Infinity);
    assert.ok(rest.length > 0);
    assert.equal((await within(b.recv(1))).length, 0);
  });

  test("a connect pending on close() rejects with EBADF", async (t) => {
    // A listener whose accept queue is full (listen(0), nobody accepts):
    // the kernel drops the next SYN, so that connect stays pending.
    const l = track(socket.socket());
    l.bind(["127.0.0.1", 0]);
    l.listen(0);
    for (let i = 0; i < 8; i++) {
      const c = track(socket.socket());
      const p = c.connect(l.getsockname());
      const state = await Promise.race([p.then(() => "connected"), new Promise((r) => setTimeout(r, 100, "hanging"))]);
      if (state === "hanging") {
        c.close();
        await assert.rejects(within(p), isEbadf);
        return;
      }
    }
    t.skip("could not fill the listener's backlog");
  });

  test("close() itself settles the rejections; calls after close() reject with EBADF", async () => {
    const [a] = pair();
    const p = a.recv(1);
    let rejected = false;
    p.catch(() => (rejected = true));
    a.close();
    await Promise.resolve(); // the rejection was settled inside close()
    await Promise.resolve();
    assert.equal(rejected, true);
    await assert.rejects(a.recv(1), isEbadf);
    await assert.rejects(a.send(Buffer.from("x")), isEbadf);
    await assert.rejects(a.accept(), isEbadf);
    assert.throws(() => a.recvSync(1), isEbadf);
    a.close(); // idempotent
  });
});

// ---- independence and duplex ----------------------------------------------------------

describe("independence", () => {
  test("pending calls on one socket do not block another socket", async () => {
    const [a1] = pair();
    const [a2, b2] = pair();
    const stuck = [a1.recv(10), a1.recv(10)];
    for (let i = 0; i < 3; i++) {
      await within(b2.sendall(Buffer.from(`m${i}`)));
      assert.equal((await within(a2.recv(10))).toString(), `m${i}`);
    }
    for (const p of stuck) assert.equal(await isPending(p), true);
  });

  test("full duplex: a send completes while a recv is pending on the same socket", async () => {
    const [a, b] = pair();
    const pendingRecv = a.recv(10);
    assert.equal(await isPending(pendingRecv), true);
    assert.equal(await within(a.send(Buffer.from("out"))), 3);
    assert.equal((await within(b.recv(10))).toString(), "out");
    assert.equal(await isPending(pendingRecv), true);
    await within(b.sendall(Buffer.from("in")));
    assert.equal((await within(pendingRecv)).toString(), "in");
  });

  test("full duplex over TCP: a pending sendall and a pending recv both complete", async () => {
    const [, client, server] = await tcpPair();
    const big = Buffer.alloc(2 << 20, 0x7a);
    const pendingRecv = client.recv(10);
    const sending = client.sendall(big);
    assert.equal(await isPending(pendingRecv), true);
    await within(server.sendall(Buffer.from("hi")));
    assert.equal((await within(pendingRecv)).toString(), "hi");
    const received = await recvAll(server, big.length);
    await within(sending);
    assert.equal(received.length, big.length);
  });
});

// ---- AbortSignal ----------------------------------------------------------------

describe("AbortSignal", () => {
  test("recv(10, { signal }) and recv(10, 0, { signal }) are both accepted", async () => {
    const [a, b] = pair();
    const { signal } = new AbortController();
    const one = a.recv(2, { signal });
    const two = a.recv(2, 0, { signal });
    await within(b.sendall(Buffer.from("abcd")));
    assert.deepEqual((await within(Promise.all([one, two]))).map(String), ["ab", "cd"]);
  });

  test("aborting rejects with the signal's reason and leaves the socket usable", async () => {
    const [a, b] = pair();
    const ac = new AbortController();
    const pending = a.recv(10, { signal: ac.signal });
    assert.equal(await isPending(pending), true);
    ac.abort();
    await assert.rejects(within(pending), (e) => {
      assert.equal(e, ac.signal.reason);
      assert.equal((e as Error).name, "AbortError");
      return true;
    });
    const later = a.recv(10);
    await within(b.sendall(Buffer.from("data")));
    assert.equal((await within(later)).toString(), "data");
  });

  test("a custom reason is the rejection", async () => {
    const [a] = pair();
    const ac = new AbortController();
    const pending = a.recv(10, 0, { signal: ac.signal });
    const reason = new Error("changed my mind");
    ac.abort(reason);
    await assert.rejects(within(pending), (e) => e === reason);
    const other = new AbortController();
    const p2 = a.recvInto(Buffer.alloc(4), { signal: other.signal });
    other.abort("a string reason");
    await assert.rejects(within(p2), (e) => e === "a string reason");
  });

  test("an already-aborted signal rejects at once, without consuming data", async () => {
    const [a, b] = pair();
    b.sendallSync(Buffer.from("keep"));
    const reason = new Error("too late");
    const p = a.recv(10, { signal: AbortSignal.abort(reason) });
    assert.equal(await isPending(p), false);
    await assert.rejects(p, (e) => e === reason);
    assert.equal((await within(a.recv(10))).toString(), "keep");
  });

  test("aborting a middle waiter keeps the FIFO order of the others", async () => {
    const [a, b] = pair();
    const ac = new AbortController();
    const first = a.recv(1);
    const middle = a.recv(1, { signal: ac.signal });
    const last = a.recv(1);
    ac.abort();
    await assert.rejects(within(middle), (e) => e === ac.signal.reason);
    await within(b.sendall(Buffer.from("xy")));
    assert.equal((await within(first)).toString(), "x");
    assert.equal((await within(last)).toString(), "y");
  });

  test("aborting a pending send leaves later sends in order", async () => {
    const [a, b] = pair();
    const filled = fillSendBuffer(a);
    const ac = new AbortController();
    const s1 = a.send(Buffer.from("1"));
    const s2 = a.send(Buffer.from("2"), { signal: ac.signal });
    const s3 = a.send(Buffer.from("3"));
    ac.abort();
    await assert.rejects(within(s2), (e) => e === ac.signal.reason);
    const received = await recvAll(b, filled + 2);
    await within(Promise.all([s1, s3]));
    assert.equal(received.subarray(filled).toString(), "13");
  });

  test("signal on accept and connect", async () => {
    const l = track(socket.socket());
    l.bind(["127.0.0.1", 0]);
    l.listen();
    const ac = new AbortController();
    const p = l.accept({ signal: ac.signal });
    ac.abort();
    await assert.rejects(within(p), (e) => e === ac.signal.reason);
    const c = track(socket.socket());
    await within(c.connect(l.getsockname(), { signal: new AbortController().signal }));
    const [conn] = await within(l.accept({}));
    track(conn);
  });

  test("options.signal that is not an AbortSignal is a TypeError", async () => {
    const [a] = pair();
    await assert.rejects(a.recv(10, { signal: "nope" as never }), TypeError);
    await assert.rejects(a.recv(10, 0, { signal: {} as never }), TypeError);
    await assert.rejects(a.send(Buffer.from("x"), { signal: 1 as never }), TypeError);
    await assert.rejects(a.accept({ signal: null as never }), TypeError);
  });
});

// ---- arguments ------------------------------------------------------------------

describe("async methods report bad input by rejecting", () => {
  test("too many positional arguments is a TypeError naming the method", async () => {
    const [a] = pair();
    const loose = a as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const cases: [string, unknown[]][] = [
      ["recv", [1, 0, 0]],
      ["recvfrom", [1, 0, 0]],
      ["recvInto", [Buffer.alloc(1), 1, 0, 0]],
      ["recvfromInto", [Buffer.alloc(1), 1, 0, 0]],
      ["send", [Buffer.from("x"), 0, 0]],
      ["sendall", [Buffer.from("x"), 0, 0]],
      ["sendto", [Buffer.from("x"), 0, "", 0]],
      ["accept", [1]],
      ["connect", ["", 1]],
      ["connectEx", ["", 1]],
    ];
    for (const [name, args] of cases) {
      await assert.rejects(loose[name]!.apply(a, args), (e: unknown) => {
        assert.ok(e instanceof TypeError, `${name}: ${String(e)}`);
        assert.ok(e.message.startsWith(`${name}(): `), e.message);
        return true;
      });
    }
  });

  test("no async method throws synchronously, for bad input or a closed socket", async () => {
    const [a] = pair();
    const closed = socket.socket();
    closed.close();
    const loose = (s: socket.Socket) => s as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const cases: [string, unknown[]][] = [
      ["accept", [{ signal: 5 }]],
      ["connect", [42]],
      ["connectEx", [{}]],
      ["recv", ["10"]],
      ["recvfrom", [-1]],
      ["recvInto", ["buffer"]],
      ["recvfromInto", [Buffer.alloc(1), 2]],
      ["send", ["text"]],
      ["sendall", [null]],
      ["sendto", [Buffer.from("x")]],
    ];
    for (const s of [a, closed]) {
      for (const [name, args] of cases) {
        let p: Promise<unknown> | undefined;
        assert.doesNotThrow(() => {
          p = loose(s)[name]!.apply(s, args);
        }, name);
        assert.ok(p instanceof Promise, name);
        await assert.rejects(within(p!), name);
      }
    }
    // With good arguments on a closed socket: EBADF, by rejection.
    await assert.rejects(closed.recv(1), isEbadf);
    await assert.rejects(closed.sendto(Buffer.from("x"), ["127.0.0.1", 9]), isEbadf);
    await assert.rejects(closed.connect(["127.0.0.1", 9]), isEbadf);
  });
});
