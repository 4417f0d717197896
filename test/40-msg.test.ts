// sendmsg, recvmsg and recvmsgInto, and the CMSG_* helpers: scatter and
// gather over several buffers, addresses, msg_flags, control messages laid
// out and parsed with the platform's rules (also when cut short), the
// modes and { signal }, closed sockets, bad input, and the native layer's
// own checks. Descriptor passing is in 41-fds, the control messages of
// the IP stack in 42-ancillary.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { binding } from "../src/binding.js";
import { sys } from "../src/constants.js";
import { closeReceivedFds, decodeAncdata, encodeAncdata } from "../src/cmsg.js";
import * as socket from "../src/index.js";
import { argError, checkNoLeaks, fillSendBuffer, isEbadf, isPending, recvAll, trackSockets, unixPair, unixPaths, within, errno } from "./helpers.js";
import { lacks } from "./runtime.js";
import { WIN, windows } from "./platform.js";

checkNoLeaks();

const { EMSGSIZE } = errno;
const track = trackSockets();
const unixPath = unixPaths("m");
const cmsg = binding.layout.cmsg!;
const cmsghdr = binding.layout.cmsghdr!;

function msgsize(e: unknown): true {
  assert.ok(e instanceof socket.OSError, `expected OSError, got ${String(e)}`);
  assert.equal(e.errno, EMSGSIZE);
  return true;
}

function udpPair(): [socket.Socket, socket.Socket] {
  const rx = track(socket.socket(socket.AF_INET, socket.SOCK_DGRAM));
  rx.bind(["127.0.0.1", 0]);
  const tx = track(socket.socket(socket.AF_INET, socket.SOCK_DGRAM));
  tx.bind(["127.0.0.1", 0]);
  rx.settimeout(5); // bounds every Sync receive, should a datagram be lost
  return [rx, tx];
}

/**
 * A connected pair for the round trips: a stream pair; on Windows, whose
 * WSASendMsg and WSARecvMsg take datagram and raw sockets only, two UDP
 * sockets connected to each other. `from(s)` is what recvmsg reports as
 * the sender `s`: no address on a stream, the peer's on a datagram socket.
 */
function msgPair(): [socket.Socket, socket.Socket] {
  if (!windows) return unixPair(track);
  const [a, b] = udpPair();
  a.connectSync(b.getsockname());
  b.connectSync(a.getsockname());
  return [a, b];
}
const from = (s: socket.Socket): unknown => (windows ? s.getsockname() : null);

// ---- CMSG_LEN / CMSG_SPACE ------------------------------------------------------

describe("CMSG_LEN and CMSG_SPACE", () => {
  test("follow the platform's rules: header, data, padding to the alignment unit", () => {
    for (const n of [0, 1, 3, 4, 7, 8, 12, 100, 1012]) {
      const len = socket.CMSG_LEN(n);
      const space = socket.CMSG_SPACE(n);
      assert.equal(len, cmsg.len0! + n, `CMSG_LEN(${n})`);
      assert.equal(space % cmsg.align!, 0, `CMSG_SPACE(${n}) is aligned`);
      assert.ok(space >= len && space < len + cmsg.align!, `CMSG_SPACE(${n}) = ${space} pads CMSG_LEN = ${len}`);
    }
    assert.equal(socket.CMSG_SPACE(1), cmsg.space1);
    assert.ok(socket.CMSG_LEN(0) >= cmsghdr.size!);
  });

  test("the largest arguments, as CPython's bounds (the result fits a C int)", () => {
    const lenMax = 0x7fffffff - socket.CMSG_LEN(0);
    assert.equal(socket.CMSG_LEN(lenMax), 0x7fffffff);
    assert.throws(() => socket.CMSG_LEN(lenMax + 1), argError(RangeError, "CMSG_LEN", /out of range/));
    const spaceMax = 0x7fffffff - socket.CMSG_SPACE(1);
    assert.ok(socket.CMSG_SPACE(spaceMax) <= 0x7fffffff);
    assert.throws(() => socket.CMSG_SPACE(spaceMax + 1), argError(RangeError, "CMSG_SPACE", /out of range/));
  });

  test("bad arguments: negative is a RangeError (OverflowError), not an integer a TypeError", () => {
    for (const fn of [socket.CMSG_LEN, socket.CMSG_SPACE]) {
      assert.throws(() => fn(-1), argError(RangeError, fn.name));
      assert.throws(() => fn(2 ** 53), argError(RangeError, fn.name));
      for (const bad of [1.5, "3", null, undefined, 1n, NaN]) {
        assert.throws(() => fn(bad as number), argError(TypeError, fn.name), `${fn.name}(${String(bad)})`);
      }
    }
  });
});

// ---- laying out and parsing control messages -------------------------------------

describe("control messages: the encoder and the parser", () => {
  const items: socket.AncillaryData[] = [
    [1, 2, Buffer.from("a")],
    [0x7fffffff, -1, Buffer.alloc(0)],
    [-5, 7, Buffer.from("exactly8")],
    [41, 50, Buffer.from("nine byte")],
  ];

  test("each item at a CMSG_SPACE boundary, cmsg_len CMSG_LEN(data), padding zeroed", () => {
    const control = encodeAncdata("t", items)!;
    assert.equal(control.length, items.reduce((n, [, , d]) => n + socket.CMSG_SPACE(d.length), 0));
    let offset = 0;
    for (const [level, type, data] of items) {
      const len = cmsghdr.cmsg_len_size === 8 ? Number(control.readBigUInt64LE(offset)) : control.readUInt32LE(offset);
      assert.equal(len, socket.CMSG_LEN(data.length));
      assert.equal(control.readInt32LE(offset + cmsghdr.cmsg_level!), level);
      assert.equal(control.readInt32LE(offset + cmsghdr.cmsg_type!), type);
      assert.deepEqual(control.subarray(offset + cmsg.data!, offset + len), data);
      const end = offset + socket.CMSG_SPACE(data.length);
      assert.ok(control.subarray(offset + len, end).every((b) => b === 0), "padding is zero");
      offset = end;
    }
  });

  test("the parser reads back what the encoder wrote", () => {
    const control = encodeAncdata("t", items)!;
    assert.deepEqual(decodeAncdata(control, control.length), items);
    // The items are copies: they do not change with the buffer.
    const [first] = decodeAncdata(control, control.length);
    control.fill(0xff);
    assert.deepEqual(first, items[0]);
  });

  test("no ancdata, or an empty list, is no control buffer", () => {
    assert.equal(encodeAncdata("t", undefined), null);
    assert.equal(encodeAncdata("t", null), null);
    assert.equal(encodeAncdata("t", []), null);
  });

  test("bounds: only what lies inside controllen is read", () => {
    const control = encodeAncdata("t", items)!;
    const second = socket.CMSG_SPACE(1); // where the second item starts
    // An item whose header is cut is not returned.
    assert.deepEqual(decodeAncdata(control, second + 4), [items[0]]);
    // An item cut inside its data returns the part inside the buffer, as CPython does.
    const third = second + socket.CMSG_SPACE(0);
    const cut = decodeAncdata(control, third + cmsg.data! + 3);
    assert.deepEqual(cut[2], [-5, 7, Buffer.from("exa")]);
    assert.equal(cut.length, 3);
    // A controllen beyond the buffer is clamped to it.
    assert.deepEqual(decodeAncdata(control, control.length + 1000), items);
    assert.deepEqual(decodeAncdata(control, 0), []);
  });

  test("malformed: a cmsg_len shorter than a header, or beyond the buffer, ends the walk", () => {
    const control = encodeAncdata("t", items)!;
    const second = socket.CMSG_SPACE(1);
    const bad = Buffer.from(control);
    bad.fill(0, second, second + cmsghdr.cmsg_len_size!); // cmsg_len 0 could loop forever
    assert.deepEqual(decodeAncdata(bad, bad.length), [items[0]]);
    const huge = Buffer.from(control);
    huge.fill(0xff, second, second + cmsghdr.cmsg_len_size!); // claims more than there is
    const parsed = decodeAncdata(huge, huge.length);
    assert.equal(parsed.length, 2);
    assert.equal(parsed[1]![2].length, huge.length - second - cmsg.data!);
  });

  test("closeReceivedFds closes the descriptors of SCM_RIGHTS items and nothing else", { skip: lacks({ win32: WIN.fds }) }, () => {
    const [a, b] = socket.socketpair();
    const fds = [binding.dup(a.fileno()), binding.dup(b.fileno())];
    try {
      const fdData = Buffer.alloc(8);
      fdData.writeInt32LE(fds[0]!, 0);
      fdData.writeInt32LE(fds[1]!, 4);
      const other = Buffer.alloc(4);
      other.writeInt32LE(a.fileno(), 0); // an int that is not a descriptor to close
      const control = encodeAncdata("t", [[socket.SOL_SOCKET, 999, other], [socket.SOL_SOCKET, socket.SCM_RIGHTS, fdData]])!;
      closeReceivedFds(control, control.length);
      for (const fd of fds) assert.equal(binding.fcntl(fd, sys.F_GETFD, 0), -errno.EBADF, `fd ${fd} closed`);
      assert.ok(binding.fcntl(a.fileno(), sys.F_GETFD, 0) >= 0, "the other item's int was left alone");
    } finally {
      a.close();
      b.close();
    }
  });
});

// ---- round trips ------------------------------------------------------------------

describe("sendmsg / recvmsg / recvmsgInto on a connected pair (stream; UDP on Windows)", () => {
  test("sendmsg gathers several buffers into one message; recvmsg returns [data, [], 0, null]", async () => {
    const [a, b] = msgPair();
    const bytes = (text: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(text);
    const parts: socket.BytesLike[] = [Buffer.from("Mary "), new Uint8Array(0), bytes("had "), new DataView(bytes("a little").buffer), bytes(" lamb").buffer];
    assert.equal(await within(a.sendmsg(parts)), 22);
    const [data, ancdata, flags, address] = await within(b.recvmsg(100));
    assert.equal(data.toString(), "Mary had a little lamb");
    assert.deepEqual(ancdata, []);
    assert.equal(flags, 0);
    assert.deepEqual(address, from(a));
  });

  test("recvmsgInto scatters into the buffers in turn (Python's example)", async () => {
    const [a, b] = msgPair();
    a.sendSync(Buffer.from("Mary had a little lamb"));
    const b1 = Buffer.from("----");
    const b2 = Buffer.from("0123456789");
    const b3 = Buffer.from("--------------");
    const [n, ancdata, flags, address] = await within(b.recvmsgInto([b1, b2.subarray(2, 9), b3]));
    assert.deepEqual([n, ancdata, flags, address], [22, [], 0, from(a)]);
    assert.equal(b1.toString(), "Mary");
    assert.equal(b2.toString(), "01 had a 9");
    assert.equal(b3.toString(), "little lamb---");
  });

  test("the Sync twins: sendmsgSync, recvmsgSync, recvmsgIntoSync", () => {
    const [a, b] = msgPair();
    b.settimeout(5);
    assert.equal(a.sendmsgSync([Buffer.from("ab"), Buffer.from("cd")], [], 0, null), 4);
    assert.deepEqual(b.recvmsgSync(10), [Buffer.from("abcd"), [], 0, from(a)]);
    a.sendmsgSync([Buffer.from("xyz")]);
    const out = [new Uint8Array(1), new Uint16Array(2)];
    const [n] = b.recvmsgIntoSync(out);
    assert.equal(n, 3);
    assert.deepEqual([...out[0]!], [0x78]);
    assert.deepEqual(Buffer.from(out[1]!.buffer).subarray(0, 2).toString(), "yz");
  });

  test("any iterables: a generator of buffers, a Set of control messages (not taken for options)", async () => {
    const [a, b] = msgPair();
    function* parts(): Generator<Buffer> {
      yield Buffer.from("gen");
      yield Buffer.from("erated");
    }
    assert.equal(await within(a.sendmsg(parts(), new Set<socket.AncillaryInput>())), 9);
    const targets = new Set([Buffer.alloc(4), Buffer.alloc(5)]);
    const [n] = await within(b.recvmsgInto(targets));
    assert.equal(n, 9);
    assert.equal(Buffer.concat([...targets]).toString(), "generated");
  });

  test("recvmsg(0, ancbufsize) still makes the call (control messages may come alone)", { skip: lacks({ win32: WIN.msgsize }) }, async () => {
    const [a, b] = unixPair(track, socket.SOCK_DGRAM);
    a.sendSync(Buffer.from("gone"));
    const [data, , flags] = await within(b.recvmsg(0));
    assert.equal(data.length, 0);
    assert.ok(flags & socket.MSG_TRUNC, "the datagram was consumed and truncated");
    b.setblocking(false);
    assert.throws(() => b.recvSync(10), socket.BlockingIOError);
  });

  test("recvmsg with MSG_PEEK leaves the data; MSG_DONTWAIT does not wait", { skip: lacks({ win32: WIN.dontwait }) }, async () => {
    const [a, b] = msgPair();
    await within(a.sendmsg([Buffer.from("peek")]));
    const [peeked] = await within(b.recvmsg(10, 0, socket.MSG_PEEK));
    assert.equal(peeked.toString(), "peek");
    assert.equal((await within(b.recvmsg(10)))[0].toString(), "peek");
    assert.throws(() => b.recvmsgSync(10, 0, socket.MSG_DONTWAIT), socket.BlockingIOError);
  });
});

describe("sendmsg / recvmsg on datagram sockets: addresses and msg_flags", () => {
  test("UDP: sendmsg to an address; recvmsg reports the sender", async () => {
    const [rx, tx] = udpPair();
    assert.equal(await within(tx.sendmsg([Buffer.from("to "), Buffer.from("you")], [], 0, rx.getsockname())), 6);
    const [data, ancdata, flags, address] = await within(rx.recvmsg(100));
    assert.equal(data.toString(), "to you");
    assert.deepEqual([ancdata, flags], [[], 0]);
    assert.deepEqual(address, tx.getsockname());
    tx.sendmsgSync([Buffer.from("sync")], null, 0, rx.getsockname());
    const [n, , , from] = rx.recvmsgIntoSync([Buffer.alloc(10)]);
    assert.equal(n, 4);
    assert.deepEqual(from, tx.getsockname());
  });

  test("a datagram larger than the buffers: MSG_TRUNC in msgFlags", { skip: lacks({ win32: WIN.msgsize }) }, async () => {
    const [rx, tx] = udpPair();
    await within(tx.sendto(Buffer.from("0123456789"), rx.getsockname()));
    const [data, , flags] = await within(rx.recvmsg(4));
    assert.equal(data.toString(), "0123");
    assert.equal(flags & socket.MSG_TRUNC, socket.MSG_TRUNC);
    await within(tx.sendto(Buffer.from("0123456789"), rx.getsockname()));
    const bufs = [Buffer.alloc(3), Buffer.alloc(3)];
    const [n, , flags2] = await within(rx.recvmsgInto(bufs));
    assert.equal(n, 6);
    assert.equal(flags2 & socket.MSG_TRUNC, socket.MSG_TRUNC);
  });

  test("Unix datagram: recvmsg reports the sender's path", { skip: lacks({ win32: WIN.unixDgram }) }, async () => {
    const rx = track(socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM));
    rx.bind(unixPath());
    const tx = track(socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM));
    const path = unixPath();
    tx.bind(path);
    await within(tx.sendmsg([Buffer.from("x")], undefined, undefined, rx.getsockname()));
    const [, , , address] = await within(rx.recvmsg(10));
    assert.equal(address, path);
  });

  test("SOCK_SEQPACKET: each sendmsg is one message", { skip: lacks({ win32: WIN.unixDgram }) }, async () => {
    const [a, b] = unixPair(track, socket.SOCK_SEQPACKET);
    await within(a.sendmsg([Buffer.from("one")]));
    await within(a.sendmsg([Buffer.from("two")]));
    assert.equal((await within(b.recvmsg(100)))[0].toString(), "one");
    assert.equal((await within(b.recvmsg(100)))[0].toString(), "two");
  });

  test("an address on a connected stream socket: the kernel's error (EISCONN)", { skip: lacks({ win32: WIN.streamMsg }) }, async () => {
    const [a] = unixPair(track);
    await assert.rejects(a.sendmsg([Buffer.from("x")], [], 0, unixPath()), (e: unknown) => e instanceof socket.OSError && e.code === "EISCONN");
  });
});

// ---- modes, signals, closing ------------------------------------------------------

describe("modes, { signal } and close()", () => {
  test("recvmsg waits for data; { signal } aborts it and leaves the socket usable", async () => {
    const [a, b] = msgPair();
    const controller = new AbortController();
    const pending = b.recvmsg(10, 0, 0, { signal: controller.signal });
    assert.ok(await isPending(pending));
    controller.abort(new Error("stop"));
    await assert.rejects(pending, /stop/);
    a.sendSync(Buffer.from("after"));
    assert.equal((await within(b.recvmsg(10, { signal: new AbortController().signal })))[0].toString(), "after");
    const into = Buffer.alloc(5);
    const c2 = new AbortController();
    const p2 = b.recvmsgInto([into], 0, { signal: c2.signal });
    c2.abort();
    await assert.rejects(p2, (e: unknown) => e instanceof Error && e.name === "AbortError");
    a.sendSync(Buffer.from("again"));
    assert.equal((await within(b.recvmsgInto([into])))[0], 5);
  });

  test("a sendmsg waiting for room: { signal } aborts it, the socket sends again afterwards", { skip: lacks({ win32: WIN.streamMsg }) }, async () => {
    const [a, b] = unixPair(track);
    const queued = fillSendBuffer(a);
    const controller = new AbortController();
    const pending = a.sendmsg([Buffer.alloc(65536, 1)], [], 0, null, { signal: controller.signal });
    assert.ok(await isPending(pending));
    controller.abort(new Error("no room"));
    await assert.rejects(pending, /no room/);
    await within(recvAll(b, queued));
    assert.equal(await within(a.sendmsg([Buffer.from("room")])), 4);
    assert.equal((await within(b.recv(10))).toString(), "room");
  });

  test("an already-aborted signal rejects at once, without a system call", async () => {
    const [a, b] = msgPair();
    const signal = AbortSignal.abort(new Error("early"));
    await assert.rejects(a.sendmsg([Buffer.from("x")], { signal }), /early/);
    await assert.rejects(b.recvmsg(10, { signal }), /early/);
    await new Promise((r) => setTimeout(r, 50)); // what was sent would have arrived by now
    b.setblocking(false);
    assert.throws(() => b.recvmsgSync(10), socket.BlockingIOError); // nothing was sent
  });

  test("timeout mode: TimeoutError; non-blocking mode: BlockingIOError", async () => {
    const [, b] = msgPair();
    b.settimeout(0.05);
    await assert.rejects(b.recvmsg(10), socket.TimeoutError);
    assert.throws(() => b.recvmsgSync(10), socket.TimeoutError);
    assert.throws(() => b.recvmsgIntoSync([Buffer.alloc(1)]), socket.TimeoutError);
    b.setblocking(false);
    await assert.rejects(b.recvmsg(10), socket.BlockingIOError);
    assert.throws(() => b.recvmsgSync(10), socket.BlockingIOError);
  });

  test("close() with a recvmsg pending rejects it with EBADF", async () => {
    const [, b] = msgPair();
    const pending = b.recvmsg(10, 64);
    assert.ok(await isPending(pending));
    b.close();
    await assert.rejects(pending, isEbadf);
  });

  test("closed sockets: EBADF from every call, rejected (async) or thrown (Sync)", async () => {
    const [a] = msgPair();
    a.close();
    await assert.rejects(a.sendmsg([Buffer.from("x")]), isEbadf);
    await assert.rejects(a.recvmsg(10), isEbadf);
    await assert.rejects(a.recvmsgInto([Buffer.alloc(1)]), isEbadf);
    assert.throws(() => a.sendmsgSync([Buffer.from("x")]), isEbadf);
    assert.throws(() => a.recvmsgSync(10), isEbadf);
    assert.throws(() => a.recvmsgIntoSync([Buffer.alloc(1)]), isEbadf);
  });
});

// ---- bad input --------------------------------------------------------------------

describe("bad input: clear errors naming the call, async never throws", () => {
  test("buffers: not an iterable, a single buffer, a string, strings inside", async () => {
    const [a, b] = unixPair(track);
    const cases: [unknown, RegExp][] = [
      [5, /buffers must be an iterable of bytes-like objects, not number 5/],
      [Buffer.from("x"), /put a single buffer in an array/],
      ["text", /not a string/],
      [["text"], /buffers\[0\] must be a bytes-like object.*encode strings first/],
      [[Buffer.from("ok"), 7], /buffers\[1\] must be a bytes-like object/],
      [null, /not null/],
    ];
    for (const [bad, pattern] of cases) {
      const p = a.sendmsg(bad as Buffer[]);
      assert.ok(p instanceof Promise, "async sendmsg returns a Promise even for bad input");
      await assert.rejects(p, argError(TypeError, "sendmsg", pattern));
      assert.throws(() => a.sendmsgSync(bad as Buffer[]), argError(TypeError, "sendmsgSync", pattern));
      if (bad !== null) await assert.rejects(b.recvmsgInto(bad as Buffer[]), argError(TypeError, "recvmsgInto"));
      assert.throws(() => b.recvmsgIntoSync(bad as Buffer[]), argError(TypeError, "recvmsgIntoSync"));
    }
  });

  test("ancdata: not an iterable, items that are not [level, type, data] triples", async () => {
    const [a] = unixPair(track);
    const data = [Buffer.from("x")];
    const cases: [unknown, typeof TypeError | typeof RangeError, RegExp][] = [
      [5, TypeError, /ancdata must be an iterable of \[level, type, data\] triples/],
      [[[1, 2]], TypeError, /ancdata\[0\] must be a \[level, type, data\] triple, not an array of length 2/],
      [[[1, 2, Buffer.alloc(1), 4]], TypeError, /not an array of length 4/],
      [[{ level: 1, type: 2, data: Buffer.alloc(0) }], TypeError, /ancdata\[0\] must be a \[level, type, data\] triple, not an object/],
      [[[1, 2, Buffer.alloc(0)], "x"], TypeError, /ancdata\[1\]/],
      [[["1", 2, Buffer.alloc(0)]], TypeError, /ancdata\[0\] level must be an integer/],
      [[[1.5, 2, Buffer.alloc(0)]], TypeError, /level must be an integer/],
      [[[1, null, Buffer.alloc(0)]], TypeError, /ancdata\[0\] type must be an integer/],
      [[[2 ** 31, 2, Buffer.alloc(0)]], RangeError, /level must be/],
      [[[1, 2, "data"]], TypeError, /ancdata\[0\] data must be a bytes-like object.*encode strings first/],
      [[[1, 2, [1, 2]]], TypeError, /data must be a bytes-like object/],
    ];
    for (const [bad, cls, pattern] of cases) {
      await assert.rejects(a.sendmsg(data, bad as socket.AncillaryInput[]), argError(cls, "sendmsg", pattern));
      assert.throws(() => a.sendmsgSync(data, bad as socket.AncillaryInput[]), argError(cls, "sendmsgSync", pattern));
    }
  });

  test("flags, address, sizes", async () => {
    const [a, b] = unixPair(track);
    const [rx] = udpPair();
    await assert.rejects(a.sendmsg([], [], "0" as unknown as number), argError(TypeError, "sendmsg", /flags/));
    await assert.rejects(rx.sendmsg([], [], 0, ["127.0.0.1", 70000]), argError(RangeError, "sendmsg", /port/));
    assert.throws(() => rx.sendmsgSync([], [], 0, "nowhere" as unknown as socket.SocketAddress), argError(TypeError, "sendmsgSync"));
    await assert.rejects(b.recvmsg(-1), argError(RangeError, "recvmsg", /bufsize must not be negative/));
    await assert.rejects(b.recvmsg(10, -1), argError(RangeError, "recvmsg", /ancbufsize must not be negative/));
    await assert.rejects(b.recvmsg(10, 2 ** 40), argError(RangeError, "recvmsg", /ancbufsize/));
    await assert.rejects(b.recvmsg(undefined as unknown as number), argError(TypeError, "recvmsg", /bufsize is required/));
    assert.throws(() => b.recvmsgSync(1.5), argError(TypeError, "recvmsgSync"));
    assert.throws(() => b.recvmsgIntoSync([Buffer.alloc(1)], -1), argError(RangeError, "recvmsgIntoSync", /ancbufsize/));
    await assert.rejects(b.recvmsgInto([Buffer.alloc(1)], 0, 0.5), argError(TypeError, "recvmsgInto", /flags/));
    await assert.rejects(b.recvmsg(1, 0, 0, 0 as unknown as socket.CallOptions), argError(TypeError, "recvmsg", /at most 3/));
  });

  test("more buffers than IOV_MAX: EMSGSIZE, as the kernel and Python say", async () => {
    const [a, b] = unixPair(track);
    const many = Array.from({ length: binding.IOV_MAX + 1 }, () => Buffer.alloc(1));
    await assert.rejects(a.sendmsg(many), msgsize);
    assert.throws(() => a.sendmsgSync(many), msgsize);
    await assert.rejects(b.recvmsgInto(many), msgsize);
    assert.throws(() => b.recvmsgIntoSync(many), msgsize);
    // IOV_MAX itself is fine.
    assert.equal(await within(a.sendmsg(many.slice(1))), binding.IOV_MAX);
    assert.equal((await within(b.recvmsgInto(many.slice(1))))[0], binding.IOV_MAX);
  });
});

// ---- the native layer's own checks -------------------------------------------------

describe("native sendmsg/recvmsg refuse what no correct caller passes", () => {
  function argumentError(e: unknown): true {
    assert.ok(e instanceof TypeError || e instanceof RangeError, `expected TypeError/RangeError, got ${String(e)}`);
    return true;
  }

  test("buffers must be an array of Uint8Arrays; addresses within their buffer; out-arrays long enough", () => {
    const [a, b] = socket.socketpair();
    try {
      const fd = a.fileno();
      const one = [new Uint8Array(1)];
      const addr = new Uint8Array(16);
      const len = new Uint32Array(1);
      const info = new Uint32Array(2);
      const send = binding.sendmsg as (...args: unknown[]) => number;
      const recv = binding.recvmsg as (...args: unknown[]) => number;
      assert.throws(() => send(fd, new Uint8Array(1), null, 0, null, 0), argumentError);
      assert.throws(() => send(fd, [new Uint16Array(1)], null, 0, null, 0), argumentError);
      assert.throws(() => send(fd, ["x"], null, 0, null, 0), argumentError);
      assert.throws(() => send(fd, one, "control", 0, null, 0), argumentError);
      assert.throws(() => send(fd, one, null, 0, addr, 17), argumentError);
      assert.throws(() => send(fd, one, null, 0, addr, -1), argumentError);
      assert.throws(() => send(fd, one, null, 0, null, 4), argumentError);
      assert.throws(() => send(fd, one, null, 2 ** 33, null, 0), argumentError);
      assert.throws(() => recv(fd, one, null, 0, addr, len, info), argumentError);
      assert.throws(() => recv(fd, one, new Uint8Array(0), 0, addr, len, new Uint32Array(1)), argumentError);
      assert.throws(() => recv(fd, one, new Uint8Array(0), 0, addr, new Int32Array(1), info), argumentError);
      assert.throws(() => recv(fd, {}, new Uint8Array(0), 0, addr, len, info), argumentError);
      // What is right works: one byte there and back.
      assert.equal(send(fd, one, null, 0, null, 0), 1);
      assert.equal(recv(b.fileno(), [new Uint8Array(4)], new Uint8Array(0), 0, addr, len, info), 1);
      assert.deepEqual([...info], [0, 0]);
    } finally {
      a.close();
      b.close();
    }
  });
});
