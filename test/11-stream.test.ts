// Stream sockets: TCP over IPv4 and IPv6, and AF_UNIX SOCK_STREAM.
// bind/listen/accept/connect, send/recv/sendall round trips, recv at EOF,
// MSG_PEEK, recvInto targets and arguments, bytes-like data, listen()
// backlogs, SO_REUSEADDR, a reset connection, and shutdown().
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { endianness } from "node:os";
import * as socket from "../src/index.js";
import { type Family, loopbackFamilies } from "./families.js";
import { argError, checkNoLeaks, isPending, unixPaths, within, trackSockets, recvAll, errno } from "./helpers.js";
import { lacks } from "./runtime.js";
import { WIN, windows } from "./platform.js";

checkNoLeaks();

const { EAGAIN, EBADF, ECONNRESET, EINVAL, ENOTCONN } = errno;
const unixPath = unixPaths("s");

// Every socket a test makes is tracked and closed after it, pass or fail.
const track = trackSockets();

const families = loopbackFamilies("stream", unixPath);
const tcp4 = families[0]!;
const unix = families[2]!;

function listener<F extends socket.AddressFamily>(f: Family<F>, backlog?: number): socket.Socket<F, socket.SocketKind<"SOCK_STREAM">> {
  const l = track(socket.socket(f.family, socket.SOCK_STREAM));
  l.bind(f.bindAddress());
  l.listen(backlog);
  return l;
}

/** Connected [listener, client, server] of family `f`, and accept's address. */
async function streamPair(f: Family = tcp4): Promise<[socket.Socket, socket.Socket, socket.Socket, socket.SocketAddress | null]> {
  const l = listener(f);
  const client = track(socket.socket(f.family, socket.SOCK_STREAM));
  const [[server, address]] = await within(Promise.all([l.accept(), client.connect(l.getsockname())]));
  return [l, client, track(server), address];
}

const sha256 = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");

function osErrorWith(errno: number): (e: unknown) => true {
  return (e) => {
    assert.ok(e instanceof socket.OSError, `expected OSError, got ${String(e)}`);
    assert.equal(e.errno, errno);
    return true;
  };
}

// ---- round trips, per family ------------------------------------------------

for (const f of families) {
  describe(`${f.name}: bind / listen / accept / connect / send / recv`, { skip: f.skip }, () => {
    test("accept returns [Socket, address] with the listener's family and type", async () => {
      const [l, client, server, address] = await streamPair(f);
      assert.ok(server instanceof socket.Socket);
      assert.equal(server.family, f.family);
      assert.equal(server.type, socket.SOCK_STREAM);
      assert.equal(client.family, f.family);
      assert.deepEqual(server.getsockname(), l.getsockname());
      assert.deepEqual(client.getpeername(), l.getsockname());
      if (f.family === socket.AF_UNIX) {
        assert.equal(address, ""); // the client is unnamed
      } else {
        assert.deepEqual(address, client.getsockname());
        assert.deepEqual(server.getpeername(), client.getsockname());
        assert.equal((address as unknown[]).length, f.family === socket.AF_INET6 ? 4 : 2);
      }
    });

    test("send returns the count; recv gets the bytes; both directions", async () => {
      const [, client, server] = await streamPair(f);
      assert.equal(await within(client.send(Buffer.from("ping"))), 4);
      assert.equal((await recvAll(server, 4)).toString(), "ping");
      assert.equal(await within(server.sendall(Buffer.from("pong!"))), undefined);
      assert.equal((await recvAll(client, 5)).toString(), "pong!");
      // And with the Sync twins (a timeout bounds them, should data be lost).
      client.settimeout(5);
      server.settimeout(5);
      assert.equal(client.sendSync(Buffer.from("sync")), 4);
      assert.equal(server.recvSync(4).toString(), "sync");
      server.sendallSync(Buffer.from("back"));
      assert.equal(client.recvSync(10).toString(), "back");
    });

    test("recv returns an empty Buffer at EOF, every time", async () => {
      const [, client, server] = await streamPair(f);
      await within(client.sendall(Buffer.from("last words")));
      client.close();
      assert.equal((await recvAll(server, 10)).toString(), "last words");
      for (let i = 0; i < 3; i++) {
        const eof = await within(server.recv(100));
        assert.ok(Buffer.isBuffer(eof));
        assert.equal(eof.length, 0);
      }
      assert.equal(server.recvSync(100).length, 0);
    });

    test("a recv pending when the peer closes resolves with an empty Buffer", async () => {
      const [, client, server] = await streamPair(f);
      const pending = server.recv(100);
      assert.equal(await isPending(pending), true);
      client.close();
      assert.equal((await within(pending)).length, 0);
    });

    test("8 MiB through sendall while the peer recv-loops arrives intact (checksum)", async () => {
      const [, client, server] = await streamPair(f);
      const data = randomBytes(8 << 20);
      const [, received] = await within(Promise.all([client.sendall(data), recvAll(server, data.length)]), 20_000);
      assert.equal(received.length, data.length);
      assert.equal(sha256(received), sha256(data));
    });
  });
}

test("accept of Unix stream: the server's name is the listener's path", { skip: lacks({ win32: WIN.unixNames }) }, async () => {
  const [l, client, server] = await streamPair(unix);
  assert.equal(typeof l.getsockname(), "string");
  assert.equal(server.getsockname(), l.getsockname());
  assert.equal(client.getsockname(), "");
});

// ---- receiving ----------------------------------------------------------------

describe("recv flags", () => {
  test("MSG_PEEK returns the data without consuming it", async () => {
    const [a, b] = socket.socketpair().map(track) as [socket.Socket, socket.Socket];
    await within(b.sendall(Buffer.from("peekaboo")));
    assert.equal((await within(a.recv(4, socket.MSG_PEEK))).toString(), "peek");
    assert.equal(a.recvSync(4, socket.MSG_PEEK).toString(), "peek");
    assert.equal((await within(a.recv(100))).toString(), "peekaboo");
  });

  test("MSG_WAITALL in blocking mode waits for bufsize bytes, as a blocking recv(2) does", async () => {
    // Python's blocking socket (timeout None) returns b"abcdefghij" here:
    // the kernel waits for all 10 bytes. Only EOF, an error or a signal
    // may cut it short.
    const [a, b] = socket.socketpair().map(track) as [socket.Socket, socket.Socket];
    const got = a.recv(10, socket.MSG_WAITALL);
    got.catch(() => {});
    await within(b.sendall(Buffer.from("abc")));
    await within(new Promise((r) => setTimeout(r, 20))); // the first part alone is there a while
    await within(b.sendall(Buffer.from("defghij")));
    assert.equal((await within(got)).toString(), "abcdefghij");
  });

  test("MSG_PEEK with recvInto and recvfrom", async () => {
    const [, client, server] = await streamPair();
    await within(client.sendall(Buffer.from("abcdef")));
    const buf = Buffer.alloc(3);
    assert.equal(await within(server.recvInto(buf, 3, socket.MSG_PEEK)), 3);
    assert.equal(buf.toString(), "abc");
    const [peeked] = await within(server.recvfrom(6, socket.MSG_PEEK));
    assert.equal(peeked.toString(), "abcdef");
    assert.equal((await recvAll(server, 6)).toString(), "abcdef");
  });
});

describe("recvInto", () => {
  function pair(): [socket.Socket, socket.Socket] {
    return socket.socketpair().map(track) as [socket.Socket, socket.Socket];
  }

  test("nbytes omitted or 0 means the whole buffer", async () => {
    const [a, b] = pair();
    b.sendallSync(Buffer.from("0123456789"));
    const buf = Buffer.alloc(4);
    assert.equal(await within(a.recvInto(buf)), 4);
    assert.equal(buf.toString(), "0123");
    assert.equal(await within(a.recvInto(buf, 0)), 4);
    assert.equal(buf.toString(), "4567");
    assert.equal(a.recvIntoSync(buf, 0), 2);
    assert.equal(buf.toString(), "8967");
  });

  test("nbytes smaller than the buffer reads at most nbytes, at the start", async () => {
    const [a, b] = pair();
    b.sendallSync(Buffer.from("abcdef"));
    const buf = Buffer.alloc(6, "-");
    assert.equal(await within(a.recvInto(buf, 2)), 2);
    assert.equal(buf.toString(), "ab----");
  });

  test("nbytes larger than the buffer is a RangeError \"buffer too small\"; negative a RangeError", async () => {
    const [a] = pair();
    await assert.rejects(a.recvInto(Buffer.alloc(4), 5), argError(RangeError, "recvInto", /buffer too small/));
    await assert.rejects(a.recvInto(Buffer.alloc(4), -1), argError(RangeError, "recvInto", /negative/));
    assert.throws(() => a.recvIntoSync(Buffer.alloc(4), 5), argError(RangeError, "recvIntoSync", /buffer too small/));
    assert.throws(() => a.recvIntoSync(Buffer.alloc(4), -1), argError(RangeError, "recvIntoSync"));
  });

  test("a string or a number as the buffer is a TypeError", async () => {
    const [a] = pair();
    await assert.rejects(a.recvInto("abc" as never), argError(TypeError, "recvInto"));
    await assert.rejects(a.recvInto(16 as never), argError(TypeError, "recvInto"));
  });

  test("works with DataView, Uint16Array, ArrayBuffer and a view at an offset", async () => {
    const [a, b] = pair();
    const dv = new DataView(new ArrayBuffer(4));
    b.sendallSync(Buffer.from("wxyz"));
    assert.equal(await within(a.recvInto(dv)), 4);
    assert.equal(Buffer.from(dv.buffer).toString(), "wxyz");

    const u16 = new Uint16Array(3); // 6 bytes
    b.sendallSync(Buffer.from("ABCDEFGH"));
    assert.equal(await within(a.recvInto(u16)), 6);
    assert.equal(Buffer.from(u16.buffer).toString(), "ABCDEF");
    assert.equal(u16[0], endianness() === "LE" ? 0x4241 : 0x4142);
    assert.equal((await within(a.recv(10))).toString(), "GH");

    const ab = new ArrayBuffer(5);
    b.sendallSync(Buffer.from("12345"));
    assert.equal(await within(a.recvInto(ab)), 5);
    assert.equal(Buffer.from(ab).toString(), "12345");

    // A view into the middle of a larger buffer: the bytes land inside it.
    const whole = Buffer.alloc(8, ".");
    b.sendallSync(Buffer.from("MID"));
    assert.equal(await within(a.recvInto(whole.subarray(2, 6))), 3);
    assert.equal(whole.toString(), "..MID...");
  });
});

describe("bufsize arguments", () => {
  test("a negative bufsize is a RangeError, a missing one a TypeError, naming the function", async () => {
    const [a] = socket.socketpair().map(track) as [socket.Socket, socket.Socket];
    await assert.rejects(a.recv(-1), argError(RangeError, "recv", /bufsize/));
    await assert.rejects(a.recvfrom(-5), argError(RangeError, "recvfrom", /bufsize/));
    assert.throws(() => a.recvSync(-1), argError(RangeError, "recvSync"));
    assert.throws(() => a.recvfromSync(-1), argError(RangeError, "recvfromSync"));
    await assert.rejects((a.recv as () => Promise<Buffer>)(), argError(TypeError, "recv", /bufsize/));
    await assert.rejects((a.recvfrom as () => Promise<unknown>)(), argError(TypeError, "recvfrom", /bufsize/));
    assert.throws(() => (a.recvSync as () => Buffer)(), argError(TypeError, "recvSync"));
  });

  test("a non-integer bufsize is a TypeError", async () => {
    const [a] = socket.socketpair().map(track) as [socket.Socket, socket.Socket];
    await assert.rejects(a.recv(1.5), argError(TypeError, "recv"));
    await assert.rejects(a.recv("10" as never), argError(TypeError, "recv"));
  });
});

// ---- sending ------------------------------------------------------------------

describe("send data: any bytes-like value, never a string", () => {
  test("DataView, ArrayBuffer, Uint8Array at an offset and Uint16Array are sent as their bytes", async () => {
    const [a, b] = socket.socketpair().map(track) as [socket.Socket, socket.Socket];
    const backing = Buffer.from("--dataview--");
    assert.equal(await within(a.send(new DataView(backing.buffer, backing.byteOffset + 2, 8))), 8);
    assert.equal((await recvAll(b, 8)).toString(), "dataview");
    assert.equal(await within(a.send(Uint8Array.from(Buffer.from("arraybuf")).buffer)), 8);
    assert.equal((await recvAll(b, 8)).toString(), "arraybuf");
    const u8 = new Uint8Array(Buffer.from("xxuint8xx")).subarray(2, 7);
    assert.equal(await within(a.send(u8)), 5);
    assert.equal((await recvAll(b, 5)).toString(), "uint8");
    await within(a.sendall(new Uint16Array([0x4241, 0x4443])));
    assert.deepEqual(await recvAll(b, 4), Buffer.from(new Uint16Array([0x4241, 0x4443]).buffer));
  });

  test("a string is a TypeError naming the function (async rejects, Sync throws)", async () => {
    const [a] = socket.socketpair().map(track) as [socket.Socket, socket.Socket];
    const text = "not bytes" as never;
    await assert.rejects(a.send(text), argError(TypeError, "send", /bytes-like/));
    await assert.rejects(a.sendall(text), argError(TypeError, "sendall", /bytes-like/));
    await assert.rejects(a.sendto(text, ""), argError(TypeError, "sendto", /bytes-like/));
    assert.throws(() => a.sendSync(text), argError(TypeError, "sendSync"));
    assert.throws(() => a.sendallSync(text), argError(TypeError, "sendallSync"));
  });

  test("empty data: send returns 0 and sendall resolves", async () => {
    const [a, b] = socket.socketpair().map(track) as [socket.Socket, socket.Socket];
    assert.equal(await within(a.send(Buffer.alloc(0))), 0);
    assert.equal(await within(a.sendall(new Uint8Array(0))), undefined);
    await within(a.sendall(Buffer.from("!")));
    assert.equal((await within(b.recv(10))).toString(), "!");
  });
});

// ---- listen -------------------------------------------------------------------

describe("listen", () => {
  /**
   * How many connections a Unix listener queues before a non-blocking
   * connect says EAGAIN. Linux queues backlog + 1.
   */
  function queued(backlog?: number): number {
    const l = listener(unix, backlog);
    for (let i = 0; i < 300; i++) {
      const c = track(socket.socket(socket.AF_UNIX, socket.SOCK_STREAM));
      c.setblocking(false);
      const err = c.connectExSync(l.getsockname());
      if (err === EAGAIN) return i;
      assert.equal(err, 0);
    }
    return Infinity;
  }

  test("listen() without a backlog uses min(SOMAXCONN, 128), as Python", { skip: lacks({ win32: WIN.unixBacklog }) }, () => {
    assert.equal(queued(), Math.min(socket.SOMAXCONN, 128) + 1);
  });

  test("listen(n) queues n connections (Linux: n + 1)", { skip: lacks({ win32: WIN.unixBacklog }) }, () => {
    assert.equal(queued(5), 6);
    assert.equal(queued(0), 1);
  });

  test("listen(-1) is treated as listen(0)", { skip: lacks({ win32: WIN.unixBacklog }) }, () => {
    assert.equal(queued(-1), 1);
  });

  test("a TCP listener accepts connections made before accept is called", async () => {
    const l = listener(tcp4);
    const clients = [0, 1, 2].map(() => track(socket.socket()));
    for (const c of clients) await within(c.connect(l.getsockname()));
    for (const c of clients) {
      const [conn, address] = await within(l.accept());
      track(conn);
      assert.deepEqual(address, c.getsockname());
    }
  });

  test("bad backlogs are TypeErrors", () => {
    const s = track(socket.socket());
    s.bind(["127.0.0.1", 0]);
    assert.throws(() => s.listen(1.5), argError(TypeError, "listen"));
    assert.throws(() => s.listen("5" as never), argError(TypeError, "listen"));
  });
});

describe("connect after a refused connect", () => {
  // The kernel leaves a socket whose background connect failed half-way
  // ("connecting"); without care the next connect(2) gives ECONNABORTED.
  // A retry loop must see the same error again, then succeed.
  for (const mode of ["async", "Sync"] as const) {
    test(`${mode}: refused again, then connects once a listener is there`, { skip: lacks({ wine: WIN.wineReconnect }) }, async () => {
      const probe = track(socket.socket());
      probe.bind(["127.0.0.1", 0]);
      const address = probe.getsockname();
      probe.close(); // a port nobody listens on (for now)
      const c = track(socket.socket());
      const connect = (): Promise<void> => (mode === "async" ? c.connect(address) : Promise.resolve().then(() => c.connectSync(address)));
      for (let i = 0; i < 2; i++) await assert.rejects(connect(), socket.ConnectionRefusedError);
      const l = track(socket.socket());
      l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1);
      l.bind(address);
      l.listen();
      await within(connect());
      assert.deepEqual(c.getpeername(), address);
    });
  }
});

describe("connect to a Unix listener whose backlog is full", () => {
  test("non-blocking mode: connect rejects with BlockingIOError EAGAIN; connectEx returns EAGAIN", { skip: lacks({ win32: WIN.unixBacklog }) }, async () => {
    const l = listener(unix, 0);
    await within(track(socket.socket(socket.AF_UNIX)).connect(l.getsockname()));
    const c = track(socket.socket(socket.AF_UNIX));
    c.setblocking(false);
    await assert.rejects(within(c.connect(l.getsockname())), (e: unknown) => {
      assert.ok(e instanceof socket.BlockingIOError);
      assert.equal(e.errno, EAGAIN);
      return true;
    });
    assert.equal(await within(c.connectEx(l.getsockname())), EAGAIN);
  });

  test("blocking mode: connect waits until the listener makes room, as in C and Python", { skip: lacks({ win32: WIN.unixBacklog }) }, async () => {
    // Python (timeout None) blocks in connect(2) until the listener
    // accepts; a blocking-mode Promise should likewise settle only once
    // connected, not reject with EAGAIN.
    const l = listener(unix, 0);
    const first = track(socket.socket(socket.AF_UNIX));
    await within(first.connect(l.getsockname()));
    const second = track(socket.socket(socket.AF_UNIX));
    second.setblocking(false);
    assert.equal(second.connectExSync(l.getsockname()), EAGAIN, "the backlog is full");
    const waiting = track(socket.socket(socket.AF_UNIX));
    const connected = waiting.connect(l.getsockname());
    connected.catch(() => {});
    const [conn] = await within(l.accept()); // makes room
    track(conn);
    await within(connected, 2000, "blocking connect");
    assert.equal(waiting.getpeername(), l.getsockname());
  });
});

// ---- options and errors ---------------------------------------------------------

describe("SO_REUSEADDR", () => {
  test("the reference's example: close a server and bind its port again at once", async () => {
    // The server side closes first, so its port is in TIME_WAIT; with
    // SO_REUSEADDR on both listeners the port can be bound again.
    const first = track(socket.socket());
    first.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1);
    assert.equal(first.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR), 1);
    first.bind(["127.0.0.1", 0]);
    first.listen();
    const address = first.getsockname();
    const client = track(socket.socket());
    const [[conn]] = await within(Promise.all([first.accept(), client.connect(address)]));
    conn.close();
    client.close();
    first.close();

    const again = track(socket.socket());
    again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1);
    again.bind(address);
    again.listen();
    assert.deepEqual(again.getsockname(), address);
    const c2 = track(socket.socket());
    await within(c2.connect(address));
  });
});

describe("a connection reset by the peer", () => {
  /** struct linger { int l_onoff; int l_linger; } in native byte order
   *  (Winsock's fields are u_shorts). */
  const field = windows ? 2 : 4;
  function linger(onoff: number, seconds: number): Buffer {
    const b = Buffer.alloc(2 * field);
    if (endianness() === "LE") {
      b.writeIntLE(onoff, 0, field);
      b.writeIntLE(seconds, field, field);
    } else {
      b.writeIntBE(onoff, 0, field);
      b.writeIntBE(seconds, field, field);
    }
    return b;
  }

  test("close() with SO_LINGER {1, 0} resets: a pending recv rejects with ConnectionResetError", { skip: lacks({ wine: WIN.wineReset }) }, async () => {
    const [, client, server] = await streamPair(tcp4);
    server.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger(1, 0));
    assert.deepEqual(server.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 2 * field), linger(1, 0));
    const pending = client.recv(10);
    assert.equal(await isPending(pending), true);
    server.close();
    await assert.rejects(within(pending), (e: unknown) => {
      assert.ok(e instanceof socket.ConnectionResetError);
      assert.ok(e instanceof socket.ConnectionError);
      assert.equal(e.errno, ECONNRESET);
      assert.equal(e.code, "ECONNRESET");
      return true;
    });
  });

  test("a recv made after the reset throws ECONNRESET too", { skip: lacks({ wine: WIN.wineReset }) }, async () => {
    const [, client, server] = await streamPair(tcp4);
    server.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger(1, 0));
    server.close();
    client.settimeout(2); // bounds the Sync call should the RST never come
    assert.throws(() => client.recvSync(10), socket.ConnectionResetError);
    // The error is reported once; then the socket is at EOF and a send is EPIPE.
    await assert.rejects(within(client.send(Buffer.from("x"))), socket.BrokenPipeError);
  });
});

describe("shutdown", () => {
  test("SHUT_WR: the peer reads EOF and can still send back", async () => {
    const [, client, server] = await streamPair(tcp4);
    await within(client.sendall(Buffer.from("request")));
    client.shutdown(socket.SHUT_WR);
    assert.equal((await recvAll(server, 100)).toString(), "request"); // ends at EOF
    await within(server.sendall(Buffer.from("response")));
    assert.equal((await recvAll(client, 8)).toString(), "response");
    await assert.rejects(within(client.send(Buffer.from("more"))), socket.BrokenPipeError);
  });

  test("SHUT_RD: recv returns EOF at once", { skip: lacks({ win32: WIN.shutRd }) }, async () => {
    const [a] = socket.socketpair().map(track) as [socket.Socket, socket.Socket];
    a.shutdown(socket.SHUT_RD);
    assert.equal((await within(a.recv(10))).length, 0);
  });

  test("SHUT_RDWR wakes a pending recv with EOF", { skip: lacks({ wine: WIN.winePollShutdown }) }, async () => {
    const [, client] = await streamPair(tcp4);
    const pending = client.recv(10);
    assert.equal(await isPending(pending), true);
    client.shutdown(socket.SHUT_RDWR);
    assert.equal((await within(pending)).length, 0);
  });

  test("errors: ENOTCONN when not connected, EINVAL for a bad `how`, EBADF when closed, TypeError for a non-integer", async () => {
    const s = track(socket.socket());
    assert.throws(() => s.shutdown(socket.SHUT_RDWR), osErrorWith(ENOTCONN));
    const [, client] = await streamPair(tcp4);
    assert.throws(() => client.shutdown(7), osErrorWith(EINVAL));
    assert.throws(() => client.shutdown("rd" as never), argError(TypeError, "shutdown"));
    client.close();
    assert.throws(() => client.shutdown(socket.SHUT_RDWR), osErrorWith(EBADF));
  });
});
