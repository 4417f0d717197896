// Windows: what the "done when" asks of the library on Winsock,
// each through real sockets on the loopback (run under Wine in CI,
// scripts/ci/test-wine.mjs): TCP and UDP echoes over 127.0.0.1 and ::1,
// async and Sync; socketpair(), which Windows builds from a loopback TCP
// pair (as CPython); the resolvers; socket options; Winsock's errors as
// CPython raises them; SIO_RCVALL. Skipped, with the reason, on every
// other platform. ioctl's other controls, share/fromshare and
// SO_EXCLUSIVEADDRUSE are in 56-windows-only.
import assert from "node:assert/strict";
import * as socket from "../src/index.js";
import { loopbackFamilies } from "./families.js";
import { checkNoLeaks, closedAddress, errno, trackSockets, unixPaths, within } from "./helpers.js";
import { skipWholeFile } from "./platform.js";

const { describe, test } = skipWholeFile(process.platform === "win32" ? undefined : `${process.platform}: the Windows tests run on Windows only`);

checkNoLeaks();
const track = trackSockets();
const unixPath = unixPaths("w");
// TCP, then UDP, over IPv4 and IPv6 (the AF_UNIX entries are other files').
const stream = loopbackFamilies("stream", unixPath).slice(0, 2);
const datagram = loopbackFamilies("datagram", unixPath).slice(0, 2);

const payload = Buffer.from("bsdsock on Winsock");

for (const f of stream) {
  describe(`${f.name}: echo`, { skip: f.skip }, () => {
    test("async: connect, accept, sendall, recv both ways, EOF after shutdown", async () => {
      const l = track(socket.socket(f.family, socket.SOCK_STREAM));
      l.bind(f.bindAddress());
      l.listen();
      const client = track(socket.socket(f.family, socket.SOCK_STREAM));
      const [[server, peer]] = await within(Promise.all([l.accept(), client.connect(l.getsockname())]));
      track(server);
      assert.deepEqual(peer, client.getsockname());
      assert.deepEqual(server.getpeername(), client.getsockname());
      await client.sendall(payload);
      const got = await within(server.recv(1024));
      await server.sendall(got);
      assert.deepEqual(await within(client.recv(1024)), payload);
      client.shutdown(socket.SHUT_WR);
      assert.equal((await within(server.recv(1024))).length, 0);
    });

    test("Sync: connectSync, acceptSync, sendallSync, recvSync", () => {
      const l = track(socket.socket(f.family, socket.SOCK_STREAM));
      l.bind(f.bindAddress());
      l.listen();
      const client = track(socket.socket(f.family, socket.SOCK_STREAM));
      client.connectSync(l.getsockname());
      const [server, peer] = l.acceptSync();
      track(server);
      assert.deepEqual(peer, client.getsockname());
      client.sendallSync(payload);
      const got = server.recvSync(1024);
      server.sendallSync(got);
      assert.deepEqual(client.recvSync(1024), payload);
    });

    test("timeout mode: a recv with nothing to read times out, and the socket stays usable", async () => {
      const l = track(socket.socket(f.family, socket.SOCK_STREAM));
      l.bind(f.bindAddress());
      l.listen();
      const client = track(socket.socket(f.family, socket.SOCK_STREAM));
      const [[server]] = await within(Promise.all([l.accept(), client.connect(l.getsockname())]));
      track(server);
      client.settimeout(0.05);
      await assert.rejects(client.recv(16), socket.TimeoutError);
      assert.throws(() => client.recvSync(16), socket.TimeoutError);
      server.sendallSync(payload);
      assert.deepEqual(await within(client.recv(1024)), payload);
    });
  });
}

for (const f of datagram) {
  describe(`${f.name}: echo`, { skip: f.skip }, () => {
    test("async: sendto, recvfrom with the sender's address, and back", async () => {
      const a = track(socket.socket(f.family, socket.SOCK_DGRAM));
      const b = track(socket.socket(f.family, socket.SOCK_DGRAM));
      a.bind(f.bindAddress());
      b.bind(f.bindAddress());
      await a.sendto(payload, b.getsockname());
      const [data, from] = await within(b.recvfrom(1024));
      assert.deepEqual(data, payload);
      assert.deepEqual(from, a.getsockname());
      await b.sendto(data, from);
      assert.deepEqual((await within(a.recvfrom(1024)))[0], payload);
    });

    test("Sync: sendtoSync, recvfromSync; connected send and recv", () => {
      const a = track(socket.socket(f.family, socket.SOCK_DGRAM));
      const b = track(socket.socket(f.family, socket.SOCK_DGRAM));
      a.bind(f.bindAddress());
      b.bind(f.bindAddress());
      a.sendtoSync(payload, b.getsockname());
      const [data, from] = b.recvfromSync(1024);
      assert.deepEqual(data, payload);
      assert.deepEqual(from, a.getsockname());
      b.connectSync(from);
      b.sendSync(data);
      assert.deepEqual(a.recvSync(1024), payload);
    });
  });
}

describe("socketpair()", () => {
  test("AF_INET by default on Windows (as CPython): a connected TCP pair on the loopback", async () => {
    const [a, b] = socket.socketpair().map(track) as [socket.Socket, socket.Socket];
    assert.equal(a.family, socket.AF_INET);
    assert.equal(a.type, socket.SOCK_STREAM);
    assert.deepEqual(a.getpeername(), b.getsockname());
    assert.equal((a.getsockname() as [string, number])[0], "127.0.0.1");
    await a.sendall(payload);
    assert.deepEqual(await within(b.recv(1024)), payload);
    b.sendallSync(payload);
    assert.deepEqual(a.recvSync(1024), payload);
  });

  test("AF_INET6 on ::1", { skip: !socket.hasIpv6 && "no IPv6 on this machine" }, () => {
    const [a, b] = socket.socketpair(socket.AF_INET6).map(track) as [socket.Socket, socket.Socket];
    assert.equal(a.family, socket.AF_INET6);
    assert.equal((a.getsockname() as [string, number])[0], "::1");
    a.sendallSync(payload);
    assert.deepEqual(b.recvSync(1024), payload);
  });

  test("a type the emulation cannot make: OSError EOPNOTSUPP (CPython: ValueError)", () => {
    assert.throws(() => socket.socketpair(socket.AF_INET, socket.SOCK_DGRAM), (e: unknown) =>
      e instanceof socket.OSError && e.code === "EOPNOTSUPP" && e.syscall === "socketpair");
  });
});

describe("resolvers", () => {
  test("getaddrinfo: numeric hosts of both families, async and Sync", async () => {
    const v4 = await within(socket.getaddrinfo("127.0.0.1", 80, socket.AF_INET, socket.SOCK_STREAM, 0, socket.AI_NUMERICHOST));
    assert.deepEqual(v4.map((r) => [r[0], r[1], r[4]]), [[socket.AF_INET, socket.SOCK_STREAM, ["127.0.0.1", 80]]]);
    const v6 = socket.getaddrinfoSync("::1", "80", socket.AF_INET6, socket.SOCK_DGRAM, 0, socket.AI_NUMERICHOST);
    assert.equal(v6.length, 1);
    assert.equal(v6[0]![0], socket.AF_INET6);
    assert.deepEqual(v6[0]![4].slice(0, 2), ["::1", 80]);
  });

  test("getaddrinfo of localhost lists a loopback address", async () => {
    const rs = await within(socket.getaddrinfo("localhost", 0, socket.AF_UNSPEC, socket.SOCK_STREAM));
    assert.ok(rs.some((r) => r[4][0] === "127.0.0.1" || r[4][0] === "::1"), JSON.stringify(rs));
  });

  test("getaddrinfo of a malformed numeric host is a GaiError", async () => {
    await assert.rejects(socket.getaddrinfo("300.1.1.1", 0, socket.AF_INET, 0, 0, socket.AI_NUMERICHOST), socket.GaiError);
  });

  test("getnameinfo: numeric host and service", () => {
    assert.deepEqual(socket.getnameinfoSync(["127.0.0.1", 8080], socket.NI_NUMERICHOST | socket.NI_NUMERICSERV), ["127.0.0.1", "8080"]);
  });

  test("gethostname names this machine", () => {
    assert.ok(socket.gethostname().length > 0);
  });
});

describe("socket options", () => {
  test("SO_REUSEADDR, SO_KEEPALIVE, TCP_NODELAY and the buffer sizes, set and read back", () => {
    const s = track(socket.socket(socket.AF_INET, socket.SOCK_STREAM));
    for (const [level, name] of [[socket.SOL_SOCKET, socket.SO_REUSEADDR], [socket.SOL_SOCKET, socket.SO_KEEPALIVE], [socket.IPPROTO_TCP, socket.TCP_NODELAY]] as const) {
      s.setsockopt(level, name, 1);
      assert.notEqual(s.getsockopt(level, name), 0);
      s.setsockopt(level, name, 0);
      assert.equal(s.getsockopt(level, name), 0);
    }
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32768);
    assert.equal(s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF), 32768);
    assert.equal(s.getsockopt(socket.SOL_SOCKET, socket.SO_TYPE), socket.SOCK_STREAM);
  });

  test("an option Winsock does not know is an OSError, not a crash", () => {
    const s = track(socket.socket(socket.AF_INET, socket.SOCK_STREAM));
    assert.throws(() => s.getsockopt(socket.SOL_SOCKET, 0x7ff1), socket.OSError);
  });
});

describe("Winsock's errors, as CPython raises them on Windows", () => {
  test("a refused connection: ConnectionRefusedError with errno WSAECONNREFUSED (10061), async and Sync", async () => {
    assert.equal(errno.ECONNREFUSED, 10061);
    const refused = (e: unknown) => e instanceof socket.ConnectionRefusedError && e.errno === 10061 && e.winerror === 10061 && e.code === "ECONNREFUSED" && e.syscall === "connect";
    await assert.rejects(track(socket.socket()).connect(closedAddress()), refused);
    assert.throws(() => track(socket.socket()).connectSync(closedAddress()), refused);
    assert.equal(track(socket.socket()).connectExSync(closedAddress()), 10061);
  });

  test("a second bind of a listening port: EADDRINUSE (WSAEADDRINUSE, 10048)", () => {
    const a = track(socket.socket());
    a.bind(["127.0.0.1", 0]);
    a.listen();
    assert.throws(() => track(socket.socket()).bind(a.getsockname()), (e: unknown) => e instanceof socket.OSError && e.errno === 10048 && e.winerror === 10048 && e.code === "EADDRINUSE");
  });

  test("winerror: the WSAE* code also for the six errno values Winsock copied (WSAEINVAL is errno 22, winerror 10022); none on the socket's own timeout", async () => {
    const s = track(socket.socket());
    s.bind(["127.0.0.1", 0]);
    assert.throws(() => s.bind(["127.0.0.1", 0]), (e: unknown) => e instanceof socket.OSError && e.errno === 22 && e.winerror === 10022);
    const [a] = socket.socketpair().map(track) as [socket.Socket, socket.Socket];
    a.settimeout(0.05);
    await assert.rejects(a.recv(16), (e: unknown) => e instanceof socket.TimeoutError && e.errno === null && !("winerror" in e));
  });

  test("a non-blocking recv with nothing to read: BlockingIOError, WSAEWOULDBLOCK (10035)", () => {
    const [a] = socket.socketpair().map(track) as [socket.Socket, socket.Socket];
    a.setblocking(false);
    assert.throws(() => a.recvSync(1), (e: unknown) => e instanceof socket.BlockingIOError && e.errno === 10035);
  });
});

describe("SIO_RCVALL", () => {
  test("on a TCP socket an OSError: it needs a raw IPv4 socket bound to an interface, and the administrator", () => {
    const s = track(socket.socket(socket.AF_INET, socket.SOCK_STREAM));
    assert.throws(() => s.ioctl(socket.SIO_RCVALL!, socket.RCVALL_ON!), socket.OSError);
  });
});
