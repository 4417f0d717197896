// Batched datagrams: recvmmsg and sendmmsg (and their Sync twins), over
// UDP/IPv4, UDP/IPv6 and AF_UNIX datagram sockets. Success, the kernel's
// errors, the socket's modes, bad input, the native layer's own checks, and
// the ENOSYS a platform without the calls gives.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { binding, setBindingForTesting } from "../src/binding.js";
import * as socket from "../src/index.js";
import { type Family, boundDatagram, loopbackFamilies } from "./families.js";
import { argError, checkNoLeaks, isEbadf, isPending, trackSockets, unixPaths, within, errno } from "./helpers.js";

checkNoLeaks();

const { EDESTADDRREQ, EMSGSIZE, ENOSYS } = errno;
const track = trackSockets();
const unixPath = unixPaths("m");
const hasMmsg = binding.recvmmsg !== undefined;
const noMmsg = !hasMmsg && "recvmmsg/sendmmsg are not available on this platform";

const families = loopbackFamilies("datagram", unixPath, noMmsg);
function bound<F extends socket.AddressFamily>(f: Family<F>): socket.Socket<F, socket.SocketKind<"SOCK_DGRAM">>;
function bound(f: Family): socket.Socket;
function bound(f: Family): socket.Socket {
  return boundDatagram(track, f);
}

const udp = families[0]!;

const text = (batch: [Buffer, unknown][]): string[] => batch.map(([data]) => data.toString());

// ---- per family -----------------------------------------------------------------

for (const f of families) {
  describe(`${f.name}: recvmmsg / sendmmsg`, { skip: f.skip }, () => {
    test("sendmmsg sends [data, address] pairs; recvmmsg returns them with their senders", async () => {
      const rx = bound(f);
      const tx = bound(f);
      const to = rx.getsockname();
      assert.equal(await within(tx.sendmmsg([[Buffer.from("one"), to], [Buffer.from("two"), to], [new Uint8Array([51]), to]])), 3);
      const batch = await within(rx.recvmmsg(8, 100));
      assert.deepEqual(text(batch), ["one", "two", "3"]);
      for (const [, address] of batch) assert.deepEqual(address, tx.getsockname());
    });

    test("the Sync twins", () => {
      const rx = bound(f);
      const tx = bound(f);
      rx.settimeout(5); // bounds the Sync call, should a datagram be lost
      assert.equal(tx.sendmmsgSync([[Buffer.from("a"), rx.getsockname()], [Buffer.from("b"), rx.getsockname()]]), 2);
      const batch = rx.recvmmsgSync(2, 10);
      assert.deepEqual(text(batch), ["a", "b"]);
      assert.deepEqual(batch[1]![1], tx.getsockname());
    });

    test("on a connected socket, messages are plain bytes", async () => {
      const rx = bound(f);
      const tx = bound(f);
      await within(tx.connect(rx.getsockname()));
      assert.equal(await within(tx.sendmmsg([Buffer.from("x"), new Uint8Array([121]), new DataView(new ArrayBuffer(1))])), 3);
      assert.deepEqual(text(await within(rx.recvmmsg(3, 10))), ["x", "y", "\0"]);
    });
  });
}

// ---- recvmmsg -------------------------------------------------------------------

describe("recvmmsg", { skip: noMmsg }, () => {
  test("returns the datagrams that have arrived, up to count, in order", async () => {
    const rx = bound(udp);
    const tx = bound(udp);
    for (let i = 0; i < 5; i++) await within(tx.sendto(Buffer.from(`m${i}`), rx.getsockname()));
    assert.deepEqual(text(await within(rx.recvmmsg(3, 10))), ["m0", "m1", "m2"]);
    assert.deepEqual(text(await within(rx.recvmmsg(100, 10))), ["m3", "m4"]);
  });

  test("waits for the first datagram when none has arrived", async () => {
    const rx = bound(udp);
    const tx = bound(udp);
    const pending = rx.recvmmsg(4, 10);
    assert.equal(await isPending(pending), true);
    await within(tx.sendto(Buffer.from("late"), rx.getsockname()));
    assert.deepEqual(text(await within(pending)), ["late"]);
  });

  test("a datagram longer than bufsize is cut to bufsize; empty datagrams are empty Buffers", async () => {
    const rx = bound(udp);
    const tx = bound(udp);
    await within(tx.sendmmsg([[Buffer.from("abcdefgh"), rx.getsockname()], [Buffer.alloc(0), rx.getsockname()], [Buffer.from("ok"), rx.getsockname()]]));
    const batch = await within(rx.recvmmsg(3, 3));
    assert.deepEqual(text(batch), ["abc", "", "ok"]);
    assert.ok(batch.every(([data]) => Buffer.isBuffer(data)));
  });

  test("bufsize 0 consumes each datagram and returns it empty", async () => {
    const rx = bound(udp);
    const tx = bound(udp);
    await within(tx.sendto(Buffer.from("gone"), rx.getsockname()));
    await within(tx.sendto(Buffer.from("next"), rx.getsockname()));
    assert.deepEqual(text(await within(rx.recvmmsg(1, 0))), [""]);
    assert.deepEqual(text(await within(rx.recvmmsg(1, 10))), ["next"]);
  });

  test("the Buffers of a batch are independent of the next call's", async () => {
    const rx = bound(udp);
    const tx = bound(udp);
    await within(tx.sendto(Buffer.from("first"), rx.getsockname()));
    const [[kept]] = (await within(rx.recvmmsg(1, 100))) as [[Buffer, unknown]];
    await within(tx.sendto(Buffer.from("second"), rx.getsockname()));
    await within(rx.recvmmsg(1, 100));
    assert.equal(kept.toString(), "first");
  });

  test("an unnamed AF_UNIX sender gives a null address, as recvfrom does", async () => {
    const rx = bound(families[2]!);
    const tx = track(socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM));
    await within(tx.sendto(Buffer.from("anon"), rx.getsockname()));
    const [[data, address]] = (await within(rx.recvmmsg(1, 10))) as [[Buffer, unknown]];
    assert.equal(data.toString(), "anon");
    assert.equal(address, null);
  });

  test("non-blocking mode: BlockingIOError when nothing has arrived", async () => {
    const rx = bound(udp);
    rx.setblocking(false);
    await assert.rejects(rx.recvmmsg(2, 10), socket.BlockingIOError);
    assert.throws(() => rx.recvmmsgSync(2, 10), socket.BlockingIOError);
  });

  test("timeout mode: TimeoutError", async () => {
    const rx = bound(udp);
    rx.settimeout(0.02);
    await assert.rejects(within(rx.recvmmsg(2, 10)), (e: unknown) => e instanceof socket.TimeoutError && e.message === "timed out");
    assert.throws(() => rx.recvmmsgSync(2, 10), socket.TimeoutError);
  });

  test("an AbortSignal rejects the call and leaves the socket usable", async () => {
    const rx = bound(udp);
    const tx = bound(udp);
    const controller = new AbortController();
    const pending = rx.recvmmsg(2, 10, { signal: controller.signal });
    controller.abort(new Error("stop"));
    await assert.rejects(within(pending), /stop/);
    await within(tx.sendto(Buffer.from("after"), rx.getsockname()));
    assert.deepEqual(text(await within(rx.recvmmsg(2, 10, 0, { signal: new AbortController().signal }))), ["after"]);
  });

  test("close() rejects a pending call with EBADF; a closed socket gives EBADF", async () => {
    const rx = bound(udp);
    const pending = rx.recvmmsg(2, 10);
    rx.close();
    await assert.rejects(within(pending), isEbadf);
    await assert.rejects(rx.recvmmsg(2, 10), isEbadf);
    assert.throws(() => rx.recvmmsgSync(2, 10), isEbadf);
  });

  test("bad input is a TypeError or RangeError naming recvmmsg", async () => {
    const rx = bound(udp);
    const cases: [unknown[], typeof TypeError | typeof RangeError][] = [
      [[], TypeError],
      [[2], TypeError],
      [[0, 10], RangeError],
      [[1025, 10], RangeError],
      [[-1, 10], RangeError],
      [[1.5, 10], TypeError],
      [["2", 10], TypeError],
      [[2, -1], RangeError],
      [[2, "10"], TypeError],
      [[1024, 2 ** 21], RangeError], // 2 GiB of buffers
      [[2, 10, "0"], TypeError],
      [[2, 10, 2 ** 33], RangeError],
      [[2, 10, 0, 1], TypeError], // too many arguments
    ];
    const recvmmsg = rx.recvmmsg.bind(rx) as (...a: unknown[]) => Promise<unknown>;
    const recvmmsgSync = rx.recvmmsgSync.bind(rx) as (...a: unknown[]) => unknown;
    for (const [args, cls] of cases) {
      await assert.rejects(recvmmsg(...args), argError(cls, "recvmmsg"), `recvmmsg(${args.join(", ")})`);
      if (args.length <= 3) assert.throws(() => recvmmsgSync(...args), argError(cls, "recvmmsgSync"), `recvmmsgSync(${args.join(", ")})`);
    }
    await assert.rejects(recvmmsg(2, 10, { signal: "no" }), argError(TypeError, "recvmmsg"));
  });
});

// ---- sendmmsg -------------------------------------------------------------------

describe("sendmmsg", { skip: noMmsg }, () => {
  test("messages may go to different addresses in one call", async () => {
    const a = bound(udp);
    const b = bound(udp);
    const tx = bound(udp);
    assert.equal(await within(tx.sendmmsg([[Buffer.from("to a"), a.getsockname()], [Buffer.from("to b"), b.getsockname()]])), 2);
    assert.deepEqual(text(await within(a.recvmmsg(2, 10))), ["to a"]);
    assert.deepEqual(text(await within(b.recvmmsg(2, 10))), ["to b"]);
  });

  test("any iterable of messages; an empty one sends nothing and returns 0", async () => {
    const rx = bound(udp);
    const tx = bound(udp);
    await within(tx.connect(rx.getsockname()));
    function* generate(): Generator<Buffer> {
      yield Buffer.from("g1");
      yield Buffer.from("g2");
    }
    assert.equal(await within(tx.sendmmsg(generate())), 2);
    assert.deepEqual(text(await within(rx.recvmmsg(2, 10))), ["g1", "g2"]);
    assert.equal(await within(tx.sendmmsg([])), 0);
    assert.equal(tx.sendmmsgSync(new Set<Buffer>()), 0);
  });

  test("at most 1024 messages per call: the count says how many went", async () => {
    const rx = bound(udp);
    const tx = bound(udp);
    await within(tx.connect(rx.getsockname()));
    const many = Array.from({ length: 1100 }, () => Buffer.from("."));
    assert.equal(await within(tx.sendmmsg(many)), 1024);
  });

  test("a later address changed in place is honoured (the last address is not kept by reference)", async () => {
    const a = bound(udp);
    const b = bound(udp);
    const tx = bound(udp);
    const address = [...(a.getsockname() as [string, number])] as [string, number];
    await within(tx.sendto(Buffer.from("one"), address));
    address[1] = (b.getsockname() as [string, number])[1];
    await within(tx.sendmmsg([[Buffer.from("two"), address]]));
    assert.deepEqual(text(await within(a.recvmmsg(2, 10))), ["one"]);
    assert.deepEqual(text(await within(b.recvmmsg(2, 10))), ["two"]);
  });

  test("an unconnected socket without an address: EDESTADDRREQ", async () => {
    const tx = bound(udp);
    await assert.rejects(tx.sendmmsg([Buffer.from("nowhere")]), (e: unknown) => e instanceof socket.OSError && e.errno === EDESTADDRREQ && e.syscall === "sendmmsg");
    assert.throws(() => tx.sendmmsgSync([Buffer.from("nowhere")]), (e: unknown) => e instanceof socket.OSError && e.errno === EDESTADDRREQ);
  });

  test("a failure after the first message: the count so far; the error comes with the next call", async () => {
    const rx = bound(udp);
    const tx = bound(udp);
    await within(tx.connect(rx.getsockname()));
    const tooLong = Buffer.alloc(70_000);
    assert.equal(await within(tx.sendmmsg([Buffer.from("fits"), tooLong])), 1);
    await assert.rejects(tx.sendmmsg([tooLong]), (e: unknown) => e instanceof socket.OSError && e.errno === EMSGSIZE);
    assert.deepEqual(text(await within(rx.recvmmsg(2, 10))), ["fits"]);
  });

  test("a closed socket gives EBADF", async () => {
    const tx = bound(udp);
    tx.close();
    await assert.rejects(tx.sendmmsg([Buffer.from("x")]), isEbadf);
    assert.throws(() => tx.sendmmsgSync([Buffer.from("x")]), isEbadf);
  });

  test("bad input is a TypeError or RangeError naming sendmmsg; nothing is sent", async () => {
    const rx = bound(udp);
    const tx = bound(udp);
    const to = rx.getsockname();
    const cases: [unknown[], typeof TypeError | typeof RangeError][] = [
      [[], TypeError],
      [[Buffer.from("bytes, not a list")], TypeError],
      [["text"], TypeError],
      [[42], TypeError],
      [[[Buffer.from("ok"), "text"]], TypeError],
      [[[[Buffer.from("ok"), to], "text"]], TypeError],
      [[[[Buffer.from("ok"), to, 0]]], TypeError],
      [[[[]]], TypeError],
      [[[["text", to]]], TypeError],
      [[[[Buffer.from("ok"), ["127.0.0.1", 70000]]]], RangeError],
      [[[[Buffer.from("ok"), ["127.0.0.1"]]]], TypeError],
      [[[[Buffer.from("ok"), to]], "0"], TypeError],
      [[[[Buffer.from("ok"), to]], 0, 0], TypeError], // too many arguments
    ];
    const sendmmsg = tx.sendmmsg.bind(tx) as (...a: unknown[]) => Promise<unknown>;
    const sendmmsgSync = tx.sendmmsgSync.bind(tx) as (...a: unknown[]) => unknown;
    for (const [args, cls] of cases) {
      await assert.rejects(sendmmsg(...args), argError(cls, "sendmmsg"), `sendmmsg(${JSON.stringify(args)})`);
      if (args.length <= 2) assert.throws(() => sendmmsgSync(...args), argError(cls, "sendmmsgSync"));
    }
    rx.setblocking(false);
    assert.throws(() => rx.recvmmsgSync(10, 10), socket.BlockingIOError, "nothing was sent");
  });
});

// ---- the native layer and other platforms ------------------------------------------

describe("recvmmsg/sendmmsg in the native layer", { skip: noMmsg }, () => {
  function nativeError(e: unknown): true {
    assert.ok(e instanceof TypeError || e instanceof RangeError, `expected TypeError/RangeError, got ${String(e)}`);
    return true;
  }

  test("slots outside their buffers, bad counts and bad arrays are refused", () => {
    const s = bound(udp);
    const fd = s.fileno();
    const recv = binding.recvmmsg!;
    const send = binding.sendmmsg!;
    const data = new Uint8Array(64);
    const addrs = new Uint8Array(256);
    const out = new Uint32Array(12);
    assert.throws(() => recv(fd, data, 17, 4, 0, addrs, 64, out), nativeError); // 4 * 17 > 64
    assert.throws(() => recv(fd, data, 16, 4, 0, addrs, 65, out), nativeError); // 4 * 65 > 256
    assert.throws(() => recv(fd, data, -1, 4, 0, addrs, 64, out), nativeError);
    assert.throws(() => recv(fd, data, 16, 0, 0, addrs, 64, out), nativeError);
    assert.throws(() => recv(fd, data, 16, 1025, 0, addrs, 64, out), nativeError);
    assert.throws(() => recv(fd, data, 16, 4, 0, addrs, 64, new Uint32Array(11)), nativeError); // needs 3 * count
    assert.throws(() => recv(fd, data, 16, 4, 0, addrs, 64, new Int32Array(12) as unknown as Uint32Array), nativeError);
    assert.throws(() => recv(fd, new Uint16Array(32) as unknown as Uint8Array, 16, 4, 0, addrs, 64, out), nativeError);
    assert.throws(() => send(fd, [data], null, 2, 0), nativeError); // fewer messages than count
    assert.throws(() => send(fd, [data, "x" as unknown as Uint8Array], null, 2, 0), nativeError);
    assert.throws(() => send(fd, data as unknown as Uint8Array[], null, 1, 0), nativeError);
    assert.throws(() => send(fd, [data], [] as Uint8Array[], 1, 0), nativeError);
    assert.throws(() => send(fd, [data], [5 as unknown as Uint8Array], 1, 0), nativeError);
    assert.throws(() => send(fd, [data], null, 0, 0), nativeError);
    // Nothing arrived, nothing was sent: a well-formed call gives -EAGAIN / -EDESTADDRREQ.
    assert.equal(recv(fd, data, 16, 4, 0, addrs, 64, out), -errno.EAGAIN);
    assert.equal(send(fd, [data], null, 1, 0), -EDESTADDRREQ);
  });
});

describe("a platform without recvmmsg/sendmmsg", () => {
  test("the methods fail with ENOSYS", async () => {
    const s = bound({ ...udp, skip: false });
    const restore = setBindingForTesting({ recvmmsg: undefined, sendmmsg: undefined });
    try {
      const nosys = (e: unknown): boolean => e instanceof socket.OSError && e.errno === ENOSYS;
      await assert.rejects(s.recvmmsg(1, 10), nosys);
      await assert.rejects(s.sendmmsg([[Buffer.from("x"), s.getsockname()]]), nosys);
      assert.throws(() => s.recvmmsgSync(1, 10), nosys);
      assert.throws(() => s.sendmmsgSync([]), nosys);
    } finally {
      restore();
    }
  });
});

test("sendmmsg: host names in addresses, resolved off the event loop by the async form", { skip: noMmsg }, async () => {
  const rx = track(socket.socket(socket.AF_INET, socket.SOCK_DGRAM));
  rx.bind(["127.0.0.1", 0]);
  const port = (rx.getsockname() as [string, number])[1];
  const tx = track(socket.socket(socket.AF_INET, socket.SOCK_DGRAM));
  const realGetaddrinfo = binding.getaddrinfo;
  const modes: boolean[] = [];
  const restore = setBindingForTesting({
    getaddrinfo: ((...a: Parameters<typeof realGetaddrinfo>) => {
      modes.push(a[6]);
      return (realGetaddrinfo as (...x: unknown[]) => unknown)(...a);
    }) as typeof realGetaddrinfo,
  });
  try {
    const sent = await within(tx.sendmmsg([[Buffer.from("a"), ["localhost", port]], [Buffer.from("b"), ["127.0.0.1", port]], [Buffer.from("c"), ["localhost", port]]]));
    assert.equal(sent, 3);
    assert.ok(modes.length > 0 && modes.every((async) => async), `lookups made on the event loop: ${JSON.stringify(modes)}`);
    assert.equal(tx.sendmmsgSync([[Buffer.from("d"), ["localhost", port]]]), 1);
  } finally {
    restore();
  }
  const got: string[] = [];
  for (let i = 0; i < 4; i++) got.push((await within(rx.recv(8))).toString());
  assert.deepEqual(got, ["a", "b", "c", "d"]);
});
