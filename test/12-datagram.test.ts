// Datagram sockets: UDP over IPv4 and IPv6, AF_UNIX SOCK_DGRAM and
// SOCK_SEQPACKET. sendto/recvfrom and their addresses, recvfromInto,
// truncation and MSG_TRUNC, connected UDP, the forms of sendto's
// arguments, ECONNREFUSED from an ICMP error on loopback, and zero-length
// datagrams.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as socket from "../src/index.js";
import { type Family, boundDatagram, loopbackFamilies } from "./families.js";
import { argError, checkNoLeaks, closedAddress, isPending, unixPaths, within, trackSockets, errno } from "./helpers.js";
import { lacks } from "./runtime.js";
import { WIN } from "./platform.js";

checkNoLeaks();

const { ECONNREFUSED, EMSGSIZE } = errno;
const unixPath = unixPaths("d");

// Every socket a test makes is tracked and closed after it, pass or fail.
const track = trackSockets();

const families = loopbackFamilies("datagram", unixPath);
function bound<F extends socket.AddressFamily>(f: Family<F>): socket.Socket<F, socket.SocketKind<"SOCK_DGRAM">>;
function bound(f: Family): socket.Socket;
function bound(f: Family): socket.Socket {
  return boundDatagram(track, f);
}

function refused(e: unknown): true {
  assert.ok(e instanceof socket.ConnectionRefusedError, `expected ConnectionRefusedError, got ${String(e)}`);
  assert.equal(e.errno, ECONNREFUSED);
  assert.equal(e.code, "ECONNREFUSED");
  return true;
}

// ---- per family -----------------------------------------------------------------

for (const f of families) {
  describe(`${f.name}: sendto / recvfrom`, { skip: f.skip }, () => {
    test("recvfrom returns the data and the sender's address", async () => {
      const rx = bound(f);
      const tx = bound(f);
      assert.equal(await within(tx.sendto(Buffer.from("hello"), rx.getsockname())), 5);
      const [data, address] = await within(rx.recvfrom(100));
      assert.equal(data.toString(), "hello");
      assert.deepEqual(address, tx.getsockname());
      if (f.family === socket.AF_INET6) assert.equal((address as unknown[]).length, 4);
    });

    test("the Sync twins: sendtoSync and recvfromSync", () => {
      const rx = bound(f);
      const tx = bound(f);
      rx.settimeout(5); // bounds the Sync call, should the datagram be lost
      assert.equal(tx.sendtoSync(Buffer.from("sync"), rx.getsockname()), 4);
      const [data, address] = rx.recvfromSync(100);
      assert.equal(data.toString(), "sync");
      assert.deepEqual(address, tx.getsockname());
    });

    test("datagram boundaries are kept", async () => {
      const rx = bound(f);
      const tx = bound(f);
      for (const word of ["one", "two", "three"]) await within(tx.sendto(Buffer.from(word), rx.getsockname()));
      for (const word of ["one", "two", "three"]) assert.equal((await within(rx.recv(100))).toString(), word);
    });

    test("recvfromInto returns [count, address] and fills the buffer", { skip: lacks({ win32: WIN.msgsize }) }, async () => {
      const rx = bound(f);
      const tx = bound(f);
      await within(tx.sendto(Buffer.from("into"), rx.getsockname()));
      const buf = Buffer.alloc(10, ".");
      const [n, address] = await within(rx.recvfromInto(buf));
      assert.equal(n, 4);
      assert.equal(buf.toString(), "into......");
      assert.deepEqual(address, tx.getsockname());
      rx.settimeout(5); // bounds the Sync call, should the datagram be lost
      tx.sendtoSync(Buffer.from("again"), rx.getsockname());
      const [m, address2] = rx.recvfromIntoSync(buf, 3);
      assert.equal(m, 3);
      assert.equal(buf.toString("latin1", 0, 3), "aga");
      assert.deepEqual(address2, tx.getsockname());
    });

    test("a bufsize smaller than the datagram returns its first bytes; the rest is discarded", { skip: lacks({ win32: WIN.msgsize }) }, async () => {
      const rx = bound(f);
      const tx = bound(f);
      await within(tx.sendto(Buffer.from("abcdefgh"), rx.getsockname()));
      await within(tx.sendto(Buffer.from("next"), rx.getsockname()));
      assert.equal((await within(rx.recv(3))).toString(), "abc");
      assert.equal((await within(rx.recv(100))).toString(), "next");
    });

    test("recvInto with MSG_TRUNC returns the datagram's real length (Linux)", { skip: lacks({ win32: WIN.msgsize }) }, async () => {
      const rx = bound(f);
      const tx = bound(f);
      await within(tx.sendto(Buffer.from("abcdefgh"), rx.getsockname()));
      const buf = Buffer.alloc(3);
      assert.equal(await within(rx.recvInto(buf, 0, socket.MSG_TRUNC)), 8);
      assert.equal(buf.toString(), "abc");
      rx.settimeout(5); // bounds the Sync call, should the datagram be lost
      tx.sendtoSync(Buffer.from("0123456789"), rx.getsockname());
      const [n, address] = rx.recvfromIntoSync(buf, 0, socket.MSG_TRUNC);
      assert.equal(n, 10);
      assert.equal(buf.toString(), "012");
      assert.deepEqual(address, tx.getsockname());
    });

    test("recv with MSG_TRUNC returns no more than bufsize bytes, the datagram's first", { skip: lacks({ win32: WIN.msgsize }) }, async () => {
      // The kernel answers 8 for an 8-byte datagram; the Buffer cannot hold
      // more than was asked for (Python here returns bytes past its buffer).
      const rx = bound(f);
      const tx = bound(f);
      await within(tx.sendto(Buffer.from("abcdefgh"), rx.getsockname()));
      assert.equal((await within(rx.recv(3, socket.MSG_TRUNC))).toString(), "abc");
    });

    test("zero-length datagrams are sent and received", async () => {
      const rx = bound(f);
      const tx = bound(f);
      assert.equal(await within(tx.sendto(Buffer.alloc(0), rx.getsockname())), 0);
      const [data, address] = await within(rx.recvfrom(100));
      assert.equal(data.length, 0);
      assert.deepEqual(address, tx.getsockname());
      rx.settimeout(5); // bounds the Sync call, should the datagram be lost
      tx.sendtoSync(new Uint8Array(0), rx.getsockname());
      const [n, address2] = rx.recvfromIntoSync(Buffer.alloc(4));
      assert.equal(n, 0);
      assert.deepEqual(address2, tx.getsockname());
    });

    test("a connected socket sends with send() and receives with recv()", async () => {
      const a = bound(f);
      const b = bound(f);
      await within(a.connect(b.getsockname()));
      await within(b.connect(a.getsockname()));
      assert.deepEqual(a.getpeername(), b.getsockname());
      assert.equal(await within(a.send(Buffer.from("connected"))), 9);
      assert.equal((await within(b.recv(100))).toString(), "connected");
      await within(b.sendall(Buffer.from("reply")));
      const [data, address] = await within(a.recvfrom(100));
      assert.equal(data.toString(), "reply");
      assert.deepEqual(address, b.getsockname());
    });

    test("a recv pending before the datagram arrives resolves with it", async () => {
      const rx = bound(f);
      const tx = bound(f);
      const pending = rx.recvfrom(100);
      assert.equal(await isPending(pending), true);
      await within(tx.sendto(Buffer.from("later"), rx.getsockname()));
      const [data, address] = await within(pending);
      assert.equal(data.toString(), "later");
      assert.deepEqual(address, tx.getsockname());
    });
  });
}

// ---- UDP specifics --------------------------------------------------------------

describe("UDP", () => {
  test("a connected UDP socket receives only from its peer", async () => {
    const a = bound(families[0]!);
    const peer = bound(families[0]!);
    const stranger = bound(families[0]!);
    await within(a.connect(peer.getsockname()));
    await within(stranger.sendto(Buffer.from("stranger"), a.getsockname()));
    await within(peer.sendto(Buffer.from("peer"), a.getsockname()));
    assert.equal((await within(a.recv(100))).toString(), "peer");
  });

  test("ECONNREFUSED on a connected UDP socket after sending to a closed port", { skip: lacks({ win32: WIN.udpRefused }) }, async () => {
    const s = track(socket.socket(socket.AF_INET, socket.SOCK_DGRAM));
    await within(s.connect(closedAddress(socket.SOCK_DGRAM)));
    await within(s.send(Buffer.from("anyone?")));
    // The ICMP port unreachable comes back on loopback and is reported by
    // the next receive.
    await assert.rejects(within(s.recv(100)), refused);
  });

  test("a pending recv rejects with ECONNREFUSED when the ICMP error arrives", { skip: lacks({ win32: WIN.udpRefused }) }, async () => {
    const s = track(socket.socket(socket.AF_INET, socket.SOCK_DGRAM));
    await within(s.connect(closedAddress(socket.SOCK_DGRAM)));
    const pending = s.recv(100);
    assert.equal(await isPending(pending), true);
    await within(s.send(Buffer.from("anyone?")));
    await assert.rejects(within(pending), refused);
  });

  test("after an ICMP error fails the first pending recv, the next one still gets later data", { skip: lacks({ win32: WIN.udpRefused }) }, async () => {
    // The error wakes the poller with an error status (libuv stops the
    // handle on POLLERR); the second recv must go on waiting and receive.
    const address = closedAddress(socket.SOCK_DGRAM);
    const s = track(socket.socket(socket.AF_INET, socket.SOCK_DGRAM));
    await within(s.connect(address));
    const first = s.recv(100);
    const second = s.recv(100);
    await within(s.send(Buffer.from("anyone?")));
    await assert.rejects(within(first), refused);
    const revived = track(socket.socket(socket.AF_INET, socket.SOCK_DGRAM));
    revived.bind(address);
    await within(revived.sendto(Buffer.from("now here"), s.getsockname()));
    assert.equal((await within(second, 2000, "the second recv")).toString(), "now here");
  });

  test("a datagram larger than UDP allows is EMSGSIZE", async () => {
    const s = track(socket.socket(socket.AF_INET, socket.SOCK_DGRAM));
    await assert.rejects(within(s.sendto(Buffer.alloc(70_000), ["127.0.0.1", 9])), (e: unknown) => {
      assert.ok(e instanceof socket.OSError);
      assert.equal(e.errno, EMSGSIZE);
      return true;
    });
  });
});

// ---- AF_UNIX specifics ------------------------------------------------------------

describe("Unix datagram addresses", { skip: lacks({ win32: WIN.unixDgram }) }, () => {
  const unixDgram = families[2]!;

  test("a sender without an address gives null", async () => {
    const rx = bound(unixDgram);
    const tx = track(socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM));
    await within(tx.sendto(Buffer.from("anon"), rx.getsockname()));
    const [data, address] = await within(rx.recvfrom(10));
    assert.equal(data.toString(), "anon");
    assert.equal(address, null);
    rx.settimeout(5); // bounds the Sync call, should the datagram be lost
    tx.sendtoSync(Buffer.from("x"), rx.getsockname());
    const [, address2] = rx.recvfromIntoSync(Buffer.alloc(4));
    assert.equal(address2, null);
  });

  test("an abstract-namespace sender is reported as a Buffer", async () => {
    const rx = bound(unixDgram);
    const tx = track(socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM));
    const name = Buffer.from(`\0bsdsock-test-${process.pid}-${Date.now()}`);
    tx.bind(name);
    await within(tx.sendto(Buffer.from("abstract"), rx.getsockname()));
    const [, address] = await within(rx.recvfrom(10));
    assert.ok(Buffer.isBuffer(address));
    assert.deepEqual(address, name);
  });
});

describe("Unix SOCK_SEQPACKET", { skip: lacks({ win32: WIN.unixDgram }) }, () => {
  function seqpair(): [socket.Socket, socket.Socket] {
    return socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET).map(track) as [socket.Socket, socket.Socket];
  }

  test("message boundaries are kept; a short recv discards the rest of the message", async () => {
    const [a, b] = seqpair();
    assert.equal(a.type, socket.SOCK_SEQPACKET);
    await within(a.send(Buffer.from("abcdefgh")));
    await within(a.send(Buffer.from("next")));
    await within(a.send(Buffer.alloc(0)));
    assert.equal((await within(b.recv(3))).toString(), "abc");
    assert.equal((await within(b.recv(100))).toString(), "next");
    assert.equal((await within(b.recv(100))).length, 0);
  });

  test("recvInto with MSG_TRUNC returns the message's real length", async () => {
    const [a, b] = seqpair();
    await within(a.send(Buffer.from("abcdefgh")));
    const buf = Buffer.alloc(3);
    assert.equal(await within(b.recvInto(buf, 0, socket.MSG_TRUNC)), 8);
    assert.equal(buf.toString(), "abc");
  });

  test("listen / accept / connect on a path, then messages both ways", async () => {
    const l = track(socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET));
    l.bind(unixPath());
    l.listen();
    const c = track(socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET));
    const [[conn, address]] = await within(Promise.all([l.accept(), c.connect(l.getsockname())]));
    track(conn);
    assert.equal(conn.type, socket.SOCK_SEQPACKET);
    assert.equal(conn.family, socket.AF_UNIX);
    assert.equal(address, "");
    await within(c.send(Buffer.from("m1")));
    await within(c.send(Buffer.from("m2")));
    assert.equal((await within(conn.recv(10))).toString(), "m1");
    assert.equal((await within(conn.recv(10))).toString(), "m2");
    await within(conn.sendall(Buffer.from("reply")));
    assert.equal((await within(c.recv(10))).toString(), "reply");
    // EOF once the peer is gone.
    c.close();
    assert.equal((await within(conn.recv(10))).length, 0);
  });
});

// ---- sendto's argument forms ------------------------------------------------------

describe("sendto arguments", () => {
  const udp = families[0]!;

  test("sendto(data, address) and sendto(data, flags, address)", async () => {
    const rx = bound(udp);
    const tx = bound(udp);
    assert.equal(await within(tx.sendto(Buffer.from("two"), rx.getsockname())), 3);
    assert.equal(await within(tx.sendto(Buffer.from("three"), 0, rx.getsockname())), 5);
    assert.equal(tx.sendtoSync(Buffer.from("sync2"), rx.getsockname()), 5);
    assert.equal(tx.sendtoSync(Buffer.from("sync3"), 0, rx.getsockname()), 5);
    for (const word of ["two", "three", "sync2", "sync3"]) assert.equal((await within(rx.recv(10))).toString(), word);
  });

  test("options { signal } come last, after either form", async () => {
    const rx = bound(udp);
    const tx = bound(udp);
    const { signal } = new AbortController();
    assert.equal(await within(tx.sendto(Buffer.from("a"), rx.getsockname(), { signal })), 1);
    assert.equal(await within(tx.sendto(Buffer.from("b"), 0, rx.getsockname(), { signal })), 1);
    assert.equal(await within(tx.sendto(Buffer.from("c"), 0, rx.getsockname(), {})), 1);
    for (const word of ["a", "b", "c"]) assert.equal((await within(rx.recv(10))).toString(), word);
  });

  test("an already-aborted signal rejects with its reason and sends nothing", async () => {
    const rx = bound(udp);
    const tx = bound(udp);
    const reason = new Error("not now");
    await assert.rejects(tx.sendto(Buffer.from("x"), rx.getsockname(), { signal: AbortSignal.abort(reason) }), (e) => e === reason);
    await within(tx.sendto(Buffer.from("y"), rx.getsockname()));
    assert.equal((await within(rx.recv(10))).toString(), "y");
  });

  test("wrong arity is a TypeError naming sendto (rejected, never thrown)", async () => {
    const s = bound(udp);
    const data = Buffer.from("x");
    const loose = s.sendto as (...args: unknown[]) => Promise<number>;
    await assert.rejects(loose.call(s), argError(TypeError, "sendto"));
    await assert.rejects(loose.call(s, data), argError(TypeError, "sendto"));
    await assert.rejects(loose.call(s, data, 0, ["127.0.0.1", 9], "extra"), argError(TypeError, "sendto"));
    await assert.rejects(loose.call(s, data, { signal: new AbortController().signal }), argError(TypeError, "sendto"));
    const looseSync = s.sendtoSync as (...args: unknown[]) => number;
    assert.throws(() => looseSync.call(s, data), argError(TypeError, "sendtoSync"));
    assert.throws(() => looseSync.call(s, data, 0, ["127.0.0.1", 9], "extra"), argError(TypeError, "sendtoSync"));
  });

  test("bad addresses and flags are TypeError/RangeError naming sendto", async () => {
    const s = bound(udp);
    const data = Buffer.from("x");
    await assert.rejects(s.sendto(data, ["127.0.0.1", 70000]), argError(RangeError, "sendto"));
    await assert.rejects(s.sendto(data, ["127.0.0.1"] as never), argError(TypeError, "sendto"));
    await assert.rejects(s.sendto(data, "1.5" as never, ["127.0.0.1", 9]), argError(TypeError, "sendto"));
    assert.throws(() => s.sendtoSync(data, ["127.0.0.1", -1]), argError(RangeError, "sendtoSync"));
  });
});

test("MSG_DONTWAIT never waits, whatever the mode: recv/recvfrom/recvInto/recvfromInto with nothing queued raise BlockingIOError", { skip: lacks({ win32: WIN.dontwait }) }, async () => {
  const [a, b] = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM);
  try {
    a.settimeout(null);
    const buf = Buffer.alloc(8);
    await assert.rejects(a.recv(8, socket.MSG_DONTWAIT), socket.BlockingIOError);
    await assert.rejects(a.recvfrom(8, socket.MSG_DONTWAIT), socket.BlockingIOError);
    await assert.rejects(a.recvInto(buf, 8, socket.MSG_DONTWAIT), socket.BlockingIOError);
    await assert.rejects(a.recvfromInto(buf, 8, socket.MSG_DONTWAIT), socket.BlockingIOError);
    assert.throws(() => a.recvSync(8, socket.MSG_DONTWAIT), socket.BlockingIOError);
    a.settimeout(5);
    assert.throws(() => a.recvSync(8, socket.MSG_DONTWAIT), socket.BlockingIOError);
    b.sendSync(Buffer.from("x"));
    assert.equal((await a.recv(8, socket.MSG_DONTWAIT)).toString(), "x");
  } finally {
    a.close();
    b.close();
  }
});
