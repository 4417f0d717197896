// Behaviours issue 10 found to differ from CPython's, now as CPython's:
// close() of a descriptor closed elsewhere, close(-1), setblocking() and
// settimeout() on a dead descriptor, a lone surrogate in a service name,
// makefile() on a non-blocking socket and unbuffered, and AF_UNIX names
// that are not UTF-8.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";
import * as socket from "../src/index.js";
import { checkNoLeaks, isEbadf, recvAll, tempDir, trackSockets, unixPair, within } from "./helpers.js";
import { lacks } from "./runtime.js";
import { WIN } from "./platform.js";

checkNoLeaks();

const track = trackSockets();

describe("closing", () => {
  test("close() after the descriptor was closed elsewhere: OSError EBADF, and the socket is closed", () => {
    const s = socket.socket();
    socket.close(s.fileno());
    assert.throws(() => s.close(), (e: unknown) => isEbadf(e) && (e as socket.OSError).syscall === "close");
    assert.equal(s.fileno(), -1);
    s.close(); // closing a closed socket object stays a no-op
  });

  test("close(-1): OSError EBADF", () => {
    assert.throws(() => socket.close(-1), (e: unknown) => isEbadf(e) && (e as socket.OSError).syscall === "close");
  });
});

describe("setblocking() and settimeout() on a dead descriptor", () => {
  test("closed elsewhere: OSError EBADF, the mode unchanged", () => {
    const s = socket.socket();
    const fd = s.fileno();
    socket.close(fd);
    assert.throws(() => s.setblocking(false), (e: unknown) => isEbadf(e) && (e as socket.OSError).syscall === "setblocking");
    assert.throws(() => s.settimeout(1), (e: unknown) => isEbadf(e) && (e as socket.OSError).syscall === "settimeout");
    assert.equal(s.gettimeout(), null);
    assert.throws(() => s.close(), isEbadf);
  });

  test("on a closed socket: OSError EBADF; bad input is still a TypeError first", () => {
    const s = socket.socket();
    s.close();
    assert.throws(() => s.setblocking(true), isEbadf);
    assert.throws(() => s.settimeout(null), isEbadf);
    assert.throws(() => s.settimeout("1" as never), TypeError);
  });
});

describe("getaddrinfo: a lone surrogate in the service", () => {
  test("a RangeError before the C library sees it", async () => {
    for (const service of ["\uD800", "http\uDC00"]) {
      assert.throws(() => socket.getaddrinfoSync("localhost", service), { name: "RangeError", message: /^getaddrinfoSync\(\): port must not contain a lone surrogate/ });
      await assert.rejects(socket.getaddrinfo("localhost", service), { name: "RangeError", message: /^getaddrinfo\(\): port must not contain a lone surrogate/ });
    }
    // A well-formed pair is not a lone surrogate: it reaches the C library (no such service).
    assert.throws(() => socket.getaddrinfoSync("localhost", "\uD83D\uDE00"), socket.gaierror);
  });
});

describe("AF_UNIX names that are not UTF-8", () => {
  const dir = tempDir();

  test("getsockname(), recvfrom() and accept() return them as the bytes they are", { skip: lacks({ win32: WIN.unixDgram }) }, async () => {
    const name = Buffer.concat([Buffer.from(join(dir, "t")), Buffer.from([0xff, 0xfe])]);
    const server = track(socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM));
    server.bind(Buffer.concat([Buffer.from(join(dir, "srv"))]));
    const client = track(socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM));
    client.bind(name);
    assert.deepEqual(client.getsockname(), name);
    client.sendtoSync(Buffer.from("x"), server.getsockname());
    const [, from] = await within(server.recvfrom(10));
    assert.deepEqual(from, name);

    const listener = track(socket.socket(socket.AF_UNIX, socket.SOCK_STREAM));
    listener.bind(Buffer.concat([Buffer.from(join(dir, "l")), Buffer.from([0x80])]));
    listener.listen();
    const peer = track(socket.socket(socket.AF_UNIX, socket.SOCK_STREAM));
    const peerName = Buffer.concat([Buffer.from(join(dir, "p")), Buffer.from([0xc3, 0x28])]);
    peer.bind(peerName);
    const [[conn, address]] = await within(Promise.all([listener.accept(), peer.connect(listener.getsockname())]));
    track(conn);
    assert.deepEqual(address, peerName);
    assert.deepEqual(peer.getpeername(), listener.getsockname());
  });

  test("a valid UTF-8 name stays a string", { skip: lacks({ win32: WIN.unixDgram }) }, () => {
    const s = track(socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM));
    const path = join(dir, "naïve-\uFFFD");
    s.bind(path);
    assert.equal(s.getsockname(), path);
  });
});

/** The next chunk read() gives, waiting for "readable" (bounded). */
async function readSome(f: Readable, n?: number): Promise<Buffer> {
  for (let i = 0; i < 100; i++) {
    const chunk = f.read(n) as Buffer | null;
    if (chunk !== null) return chunk;
    await within(new Promise((r) => f.once("readable", r)), 5000, "readable");
  }
  throw new Error("no data");
}

describe("makefile on a non-blocking socket", () => {
  test("read() returns null while no data is there, and the stream stays usable", async () => {
    const [a, b] = unixPair(track);
    a.setblocking(false);
    const f = a.makefile("rb");
    const errors: unknown[] = [];
    f.on("error", (e) => errors.push(e));
    assert.equal(f.read(), null);
    await new Promise((r) => setImmediate(r));
    assert.equal(f.destroyed, false);
    b.sendSync(Buffer.from("later"));
    assert.equal((await readSome(f)).toString(), "later");
    assert.deepEqual(errors, []);
    f.destroy();
  });

  test("a write to a full buffer returns false, and everything arrives", async () => {
    const [a, b] = unixPair(track);
    a.setblocking(false);
    const f = a.makefile("wb") as Writable;
    const errors: unknown[] = [];
    f.on("error", (e) => errors.push(e));
    const data = Buffer.alloc(8 << 20, 0x61);
    assert.equal(f.write(data), false);
    const received = await recvAll(b, data.length);
    assert.equal(received.length, data.length);
    assert.deepEqual(errors, []);
    f.destroy();
  });
});

describe("makefile unbuffered", () => {
  test("buffering 0 reads nothing ahead: a second file reads the rest", async () => {
    const [a, b] = unixPair(track);
    b.sendSync(Buffer.from("first line\nsecond line\n"));
    const f = a.makefile("rb", { buffering: 0 });
    const line: number[] = [];
    while (line[line.length - 1] !== 0x0a && line.length < 100) line.push((await readSome(f, 1))[0]!);
    assert.equal(Buffer.from(line).toString(), "first line\n");
    f.destroy();
    const g = a.makefile("rb");
    const rest = await readSome(g);
    assert.equal(rest.toString(), "second line\n");
    g.destroy();
  });

  test("buffering 0: a flowing reader and for await get every byte", async () => {
    const [a, b] = unixPair(track);
    const f = a.makefile("rb", { buffering: 0 });
    const chunks: Buffer[] = [];
    f.on("data", (c: Buffer) => chunks.push(c));
    b.sendSync(Buffer.from("flowing"));
    b.shutdown(socket.SHUT_WR);
    await within(new Promise((r) => f.once("end", r)));
    assert.equal(Buffer.concat(chunks).toString(), "flowing");
    const [c, d] = unixPair(track);
    d.sendSync(Buffer.from("iterated"));
    d.shutdown(socket.SHUT_WR);
    const got: Buffer[] = [];
    for await (const chunk of c.makefile("rb", { buffering: 0 })) got.push(chunk as Buffer);
    assert.equal(Buffer.concat(got).toString(), "iterated");
  });
});
