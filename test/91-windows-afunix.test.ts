// Windows: AF_UNIX stream sockets (Windows 10 1803 and later, afunix.h),
// through the same calls as on POSIX: paths in UTF-8, the abstract
// namespace, the socket file that bind leaves behind. Wine 8 has no AF_UNIX
// (socket() fails with WSAEAFNOSUPPORT), so under Wine, where CI runs the
// suite, these skip by name and only that failure is tested; they run on
// a real Windows. Skipped, with the reason, on every other platform.
import assert from "node:assert/strict";
import { existsSync, unlinkSync } from "node:fs";
import * as socket from "../src/index.js";
import { binding } from "../src/binding.js";
import { decodeAddress, encodeAddress } from "../src/sockaddr/index.js";
import { checkNoLeaks, trackSockets, unixPaths, within } from "./helpers.js";
import { WIN, skipWholeFile, underWine } from "./platform.js";
import { lacks } from "./runtime.js";

const { describe, test } = skipWholeFile(process.platform === "win32" ? undefined : `${process.platform}: the Windows tests run on Windows only`);

checkNoLeaks();
const track = trackSockets();
const unixPath = unixPaths("u");
const WSAEAFNOSUPPORT = 10047;

/** A listener on a fresh path, a client connected to it, and the accepted socket. */
async function connected(path: string | Buffer = unixPath()): Promise<[socket.Socket, socket.Socket, socket.Socket]> {
  const l = track(socket.socket(socket.AF_UNIX, socket.SOCK_STREAM));
  l.bind(path);
  l.listen();
  const c = track(socket.socket(socket.AF_UNIX, socket.SOCK_STREAM));
  const [[server]] = await within(Promise.all([l.accept(), c.connect(path)]));
  return [l, c, track(server)];
}

describe("AF_UNIX stream sockets", { skip: lacks({ wine: WIN.wineUnix }) }, () => {
  test("bind to a path, listen, connect, accept; the names; data both ways, async and Sync", async () => {
    const path = unixPath();
    const [l, c, server] = await connected(path);
    assert.equal(l.family, socket.AF_UNIX);
    assert.equal(l.getsockname(), path);
    assert.equal(c.getpeername(), path);
    assert.equal(server.getsockname(), path);
    await c.sendall(Buffer.from("to the server"));
    assert.equal((await within(server.recv(100))).toString(), "to the server");
    server.sendallSync(Buffer.from("to the client"));
    c.settimeout(5); // bounds the Sync call
    assert.equal(c.recvSync(100).toString(), "to the client");
    c.shutdown(socket.SHUT_WR);
    assert.equal((await within(server.recv(100))).length, 0, "EOF after the peer's shutdown");
  });

  test("bind leaves the socket file, which only the caller removes: binding it again is EADDRINUSE until unlinked", async () => {
    const path = unixPath();
    const first = track(socket.socket(socket.AF_UNIX));
    first.bind(path);
    first.close();
    assert.ok(existsSync(path), "the socket file outlives the socket");
    const second = track(socket.socket(socket.AF_UNIX));
    assert.throws(() => second.bind(path), (e: unknown) => e instanceof socket.OSError && e.code === "EADDRINUSE" && e.winerror === 10048);
    unlinkSync(path);
    second.bind(path);
    assert.equal(second.getsockname(), path);
  });

  test("a path with characters outside ASCII travels as UTF-8 and comes back the same", async () => {
    const path = `${unixPath()}-naïve-日本`;
    const [l] = await connected(path);
    assert.equal(l.getsockname(), path);
  });

  test("createServer(path, { family: AF_UNIX }): a listener a client connects to", async () => {
    const path = unixPath();
    const s = track(socket.createServer(path, { family: socket.AF_UNIX }));
    assert.equal(s.getsockname(), path);
    const c = track(socket.socket(socket.AF_UNIX));
    await within(c.connect(path));
    track((await within(s.accept()))[0]);
  });

  test("the abstract namespace (a leading NUL): no file, the name comes back as bytes", async () => {
    const name = Buffer.from(`\0bsdsock-91-${process.pid}`);
    const [l, c] = await connected(name);
    assert.deepEqual(l.getsockname(), name);
    assert.deepEqual(c.getpeername(), name);
  });

  test("no datagram sockets: socket(AF_UNIX, SOCK_DGRAM) is an OSError with the Windows error, not a crash", () => {
    assert.throws(() => socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM), (e: unknown) =>
      e instanceof socket.OSError && typeof e.winerror === "number" && e.syscall === "socket");
  });
});

describe("the AF_UNIX address codec on Windows (afunix.h's sockaddr_un, no socket needed)", () => {
  const un = binding.layout["sockaddr_un"]!;
  const shape = { family: socket.AF_UNIX, type: socket.SOCK_STREAM, proto: 0 };
  /** A sockaddr_un as Winsock returns it: the whole struct, `name` at sun_path, NUL-padded. */
  const padded = (name: Buffer): Buffer => {
    const out = Buffer.alloc(un["size"]!);
    out.writeUInt16LE(socket.AF_UNIX, un["sun_family"]!);
    name.copy(out, un["sun_path"]!);
    return out;
  };

  test("afunix.h's layout: a 2-byte family and a 108-byte sun_path", () => {
    assert.deepEqual([un["sun_family"], un["sun_path"], un["sun_path_size"], un["size"]], [0, 2, 108, 110]);
  });

  test("a path goes out as UTF-8 with its NUL, and comes back from the padded struct", () => {
    const path = "C:\\Temp\\bsdsock-naïve.sock";
    const bytes = encodeAddress("bind", path, shape);
    assert.deepEqual(bytes.subarray(2), Buffer.concat([Buffer.from(path, "utf8"), Buffer.alloc(1)]));
    assert.equal(decodeAddress(padded(Buffer.from(path, "utf8")), un["size"]!, shape), path);
  });

  test("an abstract name (a leading NUL) goes out as its bytes and comes back without the padding", () => {
    const name = Buffer.from("\0bsdsock-91");
    assert.deepEqual(encodeAddress("bind", name, shape).subarray(2), name);
    assert.deepEqual(decodeAddress(padded(name), un["size"]!, shape), name);
  });

  test("sun_path all NUL (an unbound peer's name) is unnamed: \"\"", () => {
    assert.equal(decodeAddress(padded(Buffer.alloc(0)), un["size"]!, shape), "");
  });

  test("a path that does not fit sun_path with its NUL: OSError ENAMETOOLONG, as on Unix", () => {
    assert.throws(() => encodeAddress("bind", "x".repeat(108), shape), (e: unknown) =>
      e instanceof socket.OSError && e.code === "ENAMETOOLONG");
    assert.equal(encodeAddress("bind", "x".repeat(107), shape).length, 2 + 108);
  });
});

describe("socketpair() stays a loopback TCP pair (as CPython's on Windows)", () => {
  test("socketpair(AF_UNIX) is refused with EAFNOSUPPORT (WSAEAFNOSUPPORT, 10047), nothing left open", () => {
    assert.throws(() => socket.socketpair(socket.AF_UNIX), (e: unknown) =>
      e instanceof socket.OSError && e.code === "EAFNOSUPPORT" && e.errno === WSAEAFNOSUPPORT && e.winerror === WSAEAFNOSUPPORT);
  });
});

describe("under Wine, which has no AF_UNIX", { skip: !underWine() && "Windows has AF_UNIX stream sockets (the tests above)" }, () => {
  const refused = (syscall: string) => (e: unknown): true => {
    assert.ok(e instanceof socket.OSError, String(e));
    assert.equal(e.constructor, socket.OSError, "EAFNOSUPPORT has no subclass (PEP 3151)");
    assert.deepEqual([e.errno, e.code, e.winerror, e.syscall], [WSAEAFNOSUPPORT, "EAFNOSUPPORT", WSAEAFNOSUPPORT, syscall]);
    return true;
  };

  test("socket(AF_UNIX) is an OSError EAFNOSUPPORT with winerror 10047, not a crash", () => {
    assert.throws(() => socket.socket(socket.AF_UNIX, socket.SOCK_STREAM), refused("socket"));
  });

  test("createServer(path, { family: AF_UNIX }) fails the same way, before any file exists", () => {
    const path = unixPath();
    assert.throws(() => socket.createServer(path, { family: socket.AF_UNIX }), refused("socket"));
    assert.equal(existsSync(path), false);
  });
});
