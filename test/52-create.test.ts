// The two convenience constructors (docs/api.md "Creating sockets"): createConnection
// (async and Sync), which resolves a [host, port] and tries each address in
// turn, and createServer, a listening socket with SO_REUSEADDR and, when
// asked, SO_REUSEPORT or a dual-stack IPv6 socket.
//
// All traffic is on loopback or a Unix socket; the only host name is
// "localhost" (from /etc/hosts), so nothing asks a name server. A connect
// that must wait is made against a listener whose accept queue is full: the
// kernel drops the new SYNs, so the connect waits until its timeout or an
// abort.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as socket from "../src/index.js";
import { binding } from "../src/binding.js";
import { checkNoLeaks, openFdCount, rejectsWithoutThrowing, trackSockets, unixPaths, within, typeErrorOf, rangeErrorOf, argError, errno } from "./helpers.js";
import { lacks } from "./runtime.js";
import { WIN } from "./platform.js";

checkNoLeaks();
const track = trackSockets();
const unixPath = unixPaths("c");

/** Bad input on purpose: past the type checker, to reach the run-time checks. */
const bad = (value: unknown): never => value as never;

const linux = process.platform === "linux";
const { AF_INET, AF_INET6, AF_UNIX, SOCK_STREAM, SOL_SOCKET, SO_REUSEADDR, SO_ACCEPTCONN } = socket;
const { ECONNREFUSED, EADDRINUSE, EADDRNOTAVAIL } = errno;

type Inet = [string, number];
type Inet6 = [string, number, number, number];

const port = (s: socket.Socket): number => (s.getsockname() as Inet)[1];

/** A TCP listener on `host`, tracked. */
function listener(host = "127.0.0.1", family: number = AF_INET, at = 0): socket.Socket {
  const l = track(socket.socket(family));
  l.bind([host, at]);
  l.listen();
  return l;
}

/** Binds (without listening) on 127.0.0.1 and, if IPv6 works, ::1 at one
 *  port, so connects to that port on either are refused. Bounded retries
 *  when the IPv6 port happens to be taken. */
function reservedOnBoth(): { port: number; families: number } {
  for (let attempt = 0; attempt < 20; attempt++) {
    const four = track(socket.socket(AF_INET));
    four.bind(["127.0.0.1", 0]);
    const p = port(four);
    if (!socket.hasIpv6) return { port: p, families: 1 };
    const six = track(socket.socket(AF_INET6));
    try {
      six.bind(["::1", p]);
      return { port: p, families: 2 };
    } catch (e) {
      if (!(e instanceof socket.OSError && e.code === "EADDRINUSE")) throw e;
    }
  }
  throw new Error("no port free on both 127.0.0.1 and ::1 after 20 tries");
}

/**
 * A listener on `host:at` whose accept queue is full (backlog 0, one
 * connection queued, more on their way), so that the next connect to it
 * waits: the kernel drops its SYNs.
 */
async function stalledListener(host = "127.0.0.1", family: number = AF_INET, at = 0): Promise<socket.Socket> {
  const l = track(socket.socket(family));
  l.bind([host, at]);
  l.listen(0);
  const first = track(socket.socket(family));
  first.settimeout(5);
  first.connectSync(l.getsockname());
  for (let i = 0; i < 2; i++) {
    const more = track(socket.socket(family));
    more.setblocking(false);
    more.connectExSync(l.getsockname());
  }
  // Let the queued handshake land before anyone counts on the queue being full.
  await new Promise((r) => setTimeout(r, 50));
  return l;
}

/** The same, at one port on both 127.0.0.1 and ::1 (bounded retries). */
async function stalledOnBoth(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const four = await stalledListener("127.0.0.1", AF_INET);
    const p = port(four);
    try {
      await stalledListener("::1", AF_INET6, p);
      return p;
    } catch (e) {
      if (!(e instanceof socket.OSError && e.code === "EADDRINUSE")) throw e;
    }
  }
  throw new Error("no port free on both 127.0.0.1 and ::1 after 20 tries");
}

const isRefused = (e: unknown): boolean =>
  e instanceof socket.ConnectionRefusedError && e.errno === ECONNREFUSED && e.code === "ECONNREFUSED";

const isTimedOut = (e: unknown): boolean => e instanceof socket.TimeoutError && e.errno === null && e.message === "timed out";

// Loosely typed forms, so bad input can be passed.
const connectAsync = (...a: unknown[]): Promise<socket.Socket> => (socket.createConnection as (...x: unknown[]) => Promise<socket.Socket>)(...a);
const connectSync = (...a: unknown[]): socket.Socket => (socket.createConnectionSync as (...x: unknown[]) => socket.Socket)(...a);
const server = (...a: unknown[]): socket.Socket => (socket.createServer as (...x: unknown[]) => socket.Socket)(...a);

// ---- createConnection ------------------------------------------------------

describe("createConnection", () => {
  test("connects to a numeric address and to 'localhost'; the port may be a string", async () => {
    const l = listener();
    const p = port(l);
    for (const address of [["127.0.0.1", p], ["localhost", p], ["127.0.0.1", String(p)]]) {
      const c = track(await within(connectAsync(address)));
      assert.equal(c.family, AF_INET);
      assert.equal(c.type, SOCK_STREAM);
      assert.deepEqual(c.getpeername(), ["127.0.0.1", p], JSON.stringify(address));
      const [conn, from] = await within(l.accept());
      track(conn);
      assert.deepEqual(from, c.getsockname());
    }
  });

  test("Sync: the same, blocking the thread", async () => {
    const l = listener();
    const p = port(l);
    for (const address of [["127.0.0.1", p], ["localhost", p]]) {
      const c = track(connectSync(address));
      assert.deepEqual(c.getpeername(), ["127.0.0.1", p]);
      track((await within(l.accept()))[0]);
    }
  });

  test("an IPv6 address gives an AF_INET6 socket", async (t) => {
    if (!socket.hasIpv6) return t.skip("no IPv6 on this machine");
    const l = listener("::1", AF_INET6);
    const p = port(l);
    const c = track(await within(socket.createConnection(["::1", p])));
    assert.equal(c.family, AF_INET6);
    assert.deepEqual(c.getpeername(), ["::1", p, 0, 0]);
    track((await within(l.accept()))[0]);
  });

  test("the timeout stays the socket's timeout; omitted, the default timeout", async () => {
    const l = listener();
    const p = port(l);
    assert.equal(track(await within(socket.createConnection(["127.0.0.1", p], 2.5))).gettimeout(), 2.5);
    assert.equal(track(socket.createConnectionSync(["127.0.0.1", p], 3.5)).gettimeout(), 3.5);
    assert.equal(track(await within(socket.createConnection(["127.0.0.1", p], null))).gettimeout(), null);
    const saved = socket.getdefaulttimeout();
    socket.setdefaulttimeout(7);
    try {
      assert.equal(track(await within(socket.createConnection(["127.0.0.1", p]))).gettimeout(), 7);
      assert.equal(track(socket.createConnectionSync(["127.0.0.1", p])).gettimeout(), 7);
    } finally {
      socket.setdefaulttimeout(saved);
    }
    for (let i = 0; i < 5; i++) track((await within(l.accept()))[0]);
  });

  test("sourceAddress is bound before connecting (a number or a name)", async (t) => {
    const l = listener("0.0.0.0");
    const p = port(l);
    const c = track(await within(socket.createConnection(["127.0.0.1", p], undefined, ["localhost", 0])));
    assert.equal((c.getsockname() as Inet)[0], "127.0.0.1");
    track((await within(l.accept()))[0]);
    if (!linux) return t.skip("127.0.0.2 is a loopback address on Linux only");
    // All of 127.0.0.0/8 is local on Linux: the server sees the source we chose.
    for (const make of [
      () => socket.createConnection(["127.0.0.1", p], 5, ["127.0.0.2", 0]),
      async () => socket.createConnectionSync(["127.0.0.1", p], 5, ["127.0.0.2", 0]),
    ]) {
      const s = track(await within(make()));
      assert.equal((s.getsockname() as Inet)[0], "127.0.0.2");
      const [conn, from] = await within(l.accept());
      track(conn);
      assert.deepEqual(from, s.getsockname());
    }
  });

  test("a sourceAddress that cannot be bound: its OSError (EADDRNOTAVAIL), nothing left open", async () => {
    const l = listener();
    const before = openFdCount();
    const isNotAvail = (e: unknown): boolean => e instanceof socket.OSError && e.errno === EADDRNOTAVAIL && e.syscall === "bind";
    // 203.0.113.0/24 is TEST-NET-3: on no interface here.
    await rejectsWithoutThrowing(() => socket.createConnection(["127.0.0.1", port(l)], 5, ["203.0.113.7", 0]), isNotAvail);
    assert.throws(() => socket.createConnectionSync(["127.0.0.1", port(l)], 5, ["203.0.113.7", 0]), isNotAvail);
    assert.equal(openFdCount(), before);
  });

  test("refused: ConnectionRefusedError (the last attempt's error), async and Sync", async () => {
    const { port: p } = reservedOnBoth();
    const before = openFdCount();
    await rejectsWithoutThrowing(() => socket.createConnection(["127.0.0.1", p]), isRefused);
    assert.throws(() => socket.createConnectionSync(["127.0.0.1", p]), isRefused);
    // Several addresses, every one refused: the last error.
    await rejectsWithoutThrowing(() => socket.createConnection([null, p]), isRefused);
    assert.throws(() => socket.createConnectionSync([null, p]), isRefused);
    assert.equal(openFdCount(), before, "every attempt's socket is closed");
  });

  test("allErrors: an AggregateError with one error per address getaddrinfo returned", async () => {
    const { port: p, families } = reservedOnBoth();
    const before = openFdCount();
    for (const host of [null, "localhost", "127.0.0.1"]) {
      const addresses = socket.getaddrinfoSync(host, p, 0, SOCK_STREAM);
      const check = (e: unknown): boolean => {
        assert.ok(e instanceof AggregateError, `expected AggregateError, got ${String(e)}`);
        assert.equal(e.errors.length, addresses.length, `one error per address of ${String(host)}`);
        e.errors.forEach((err, i) => {
          // Refused where the family works; another OSError where it does not.
          assert.ok(err instanceof socket.OSError, String(err));
          if (addresses[i]![0] === AF_INET || families === 2) assert.ok(isRefused(err), String(err));
        });
        return true;
      };
      await rejectsWithoutThrowing(() => socket.createConnection([host, p], undefined, undefined, { allErrors: true }), check);
      assert.throws(() => socket.createConnectionSync([host, p], undefined, undefined, { allErrors: true }), check);
    }
    // Two addresses for a null host: the loopback address of each family.
    assert.equal(socket.getaddrinfoSync(null, p, 0, SOCK_STREAM).length, 2);
    // The options object may directly follow the address.
    assert.throws(() => connectSync([null, p], { allErrors: true }), (e: unknown) => e instanceof AggregateError && e.errors.length === 2);
    // allErrors false is the default behaviour: the last error.
    await rejectsWithoutThrowing(() => socket.createConnection([null, p], undefined, undefined, { allErrors: false }), isRefused);
    assert.equal(openFdCount(), before);
  });

  test("the timeout applies to each attempt: every address gets its own", async (t) => {
    if (!linux) return t.skip("relies on Linux dropping SYNs to a full accept queue");
    if (!socket.hasIpv6) return t.skip("needs IPv6 for two loopback addresses");
    const p = await stalledOnBoth();
    const before = openFdCount();
    const timeout = 0.2;
    const started = performance.now();
    await rejectsWithoutThrowing(() => socket.createConnection([null, p], timeout, null, { allErrors: true }), (e) => {
      assert.ok(e instanceof AggregateError, String(e));
      assert.equal(e.errors.length, 2);
      for (const err of e.errors) assert.ok(isTimedOut(err), String(err));
      return true;
    });
    const elapsed = (performance.now() - started) / 1000;
    // Two attempts, each waiting its whole timeout (a generous upper bound only as a sanity check).
    assert.ok(elapsed >= 2 * timeout * 0.9, `both attempts waited (${elapsed} s)`);
    assert.ok(elapsed < 10, `no attempt waited far beyond its timeout (${elapsed} s)`);
    assert.throws(() => socket.createConnectionSync([null, p], timeout), isTimedOut);
    assert.equal(openFdCount(), before);
  });

  test("a single attempt that times out: TimeoutError 'timed out'", async (t) => {
    if (!linux) return t.skip("relies on Linux dropping SYNs to a full accept queue");
    const l = await stalledListener();
    await rejectsWithoutThrowing(() => socket.createConnection(["127.0.0.1", port(l)], 0.1), isTimedOut);
    assert.throws(() => socket.createConnectionSync(["127.0.0.1", port(l)], 0.1), isTimedOut);
  });

  test("getaddrinfo's failure is the GaiError", async () => {
    const isServiceError = (e: unknown): boolean => e instanceof socket.GaiError && e.code === "EAI_SERVICE" && e.errno === socket.EAI_SERVICE;
    await rejectsWithoutThrowing(() => socket.createConnection(["127.0.0.1", "no-such-service-bsdsock"]), isServiceError);
    assert.throws(() => socket.createConnectionSync(["127.0.0.1", "no-such-service-bsdsock"]), isServiceError);
    // Not collected into an AggregateError: no address was tried.
    await rejectsWithoutThrowing(() => socket.createConnection(["127.0.0.1", "no-such-service-bsdsock"], undefined, undefined, { allErrors: true }), isServiceError);
  });

  test("{ signal }: aborted before, during the lookup, and during the connect", async (t) => {
    const l = listener();
    const reason = new Error("stop");
    await rejectsWithoutThrowing(() => socket.createConnection(["localhost", port(l)], undefined, undefined, { signal: AbortSignal.abort(reason) }), (e) => e === reason);
    // The options object may directly follow the address.
    const c = track(await within(socket.createConnection(["127.0.0.1", port(l)], bad({ signal: new AbortController().signal }))));
    assert.deepEqual(c.getpeername(), ["127.0.0.1", port(l)]);
    track((await within(l.accept()))[0]);
    const ac = new AbortController();
    const pending = socket.createConnection(["localhost", port(l)], undefined, undefined, { signal: ac.signal });
    ac.abort(reason);
    await within(rejectsWithoutThrowing(() => pending, (e) => e === reason));
    if (!linux) return t.skip("a connect that waits relies on Linux dropping SYNs to a full accept queue");
    const stalled = await stalledListener();
    const before2 = openFdCount();
    const ac2 = new AbortController();
    const connecting = socket.createConnection(["127.0.0.1", port(stalled)], null, null, { signal: ac2.signal });
    setTimeout(() => ac2.abort(reason), 50);
    await within(rejectsWithoutThrowing(() => connecting, (e) => e === reason));
    assert.equal(openFdCount(), before2, "the attempt's socket is closed");
  });

  test("bad input: async rejects, Sync throws, with errors that name the function", async () => {
    const cases: [unknown[], "type" | "range"][] = [
      [["127.0.0.1:80"], "type"],
      [[["127.0.0.1"]], "type"],
      [[["127.0.0.1", 80, 0]], "type"],
      [[[42, 80]], "type"],
      [[["127.0.0.1", true]], "type"],
      [[["127.0.0.1", null]], "type"],
      [[["127.0.0.1", 65536]], "range"],
      [[["127.0.0.1", "65536"]], "range"],
      [[["127.0.0.1\0", 80]], "range"],
      [[["127.0.0.1", 80], -1], "range"],
      [[["127.0.0.1", 80], NaN], "range"],
      [[["127.0.0.1", 80], "1"], "type"],
      [[["127.0.0.1", 80], 1, null, { allErrors: "yes" }], "type"],
      [[["127.0.0.1", 80], 1, null, null, "extra"], "type"],
      [[], "type"],
    ];
    for (const [args, kind] of cases) {
      for (const [fn, call] of [["createConnection", connectAsync], ["createConnectionSync", connectSync]] as const) {
        const check = kind === "type" ? typeErrorOf(fn) : rangeErrorOf(fn);
        if (fn === "createConnection") await rejectsWithoutThrowing(() => call(...args), check);
        else assert.throws(() => call(...args), check, JSON.stringify(args));
      }
    }
    await rejectsWithoutThrowing(() => connectAsync(["127.0.0.1", 80], { signal: "soon" }), typeErrorOf("createConnection"));
  });

  test("a sourceAddress of the wrong shape is a TypeError, and the attempt's socket is closed", async () => {
    const l = listener();
    const before = openFdCount();
    await rejectsWithoutThrowing(() => connectAsync(["127.0.0.1", port(l)], 5, 42), typeErrorOf("createConnection"));
    assert.throws(() => connectSync(["127.0.0.1", port(l)], 5, ["127.0.0.1"]), typeErrorOf("createConnectionSync"));
    assert.equal(openFdCount(), before);
  });
});

// ---- createServer ------------------------------------------------------------

describe("createServer", () => {
  test("a listening TCP socket with SO_REUSEADDR on (off on Windows, as CPython)", async () => {
    const s = track(socket.createServer(["127.0.0.1", 0]));
    assert.equal(s.family, AF_INET);
    assert.equal(s.type, SOCK_STREAM);
    if (binding.platform.os === "win32") assert.equal(s.getsockopt(SOL_SOCKET, SO_REUSEADDR), 0);
    else assert.notEqual(s.getsockopt(SOL_SOCKET, SO_REUSEADDR), 0);
    if (SO_ACCEPTCONN !== undefined) assert.equal(s.getsockopt(SOL_SOCKET, SO_ACCEPTCONN), 1);
    const c = track(socket.socket());
    await within(c.connect(s.getsockname()));
    const [conn, from] = await within(s.accept());
    track(conn);
    assert.deepEqual(from, c.getsockname());
  });

  test("a host name and a backlog", async () => {
    const s = track(socket.createServer(["localhost", 0], { backlog: 1 }));
    assert.equal((s.getsockname() as Inet)[0], "127.0.0.1");
    const t = track(socket.createServer(["127.0.0.1", 0], { backlog: null }));
    assert.equal(t.getsockopt(SOL_SOCKET, SO_ACCEPTCONN ?? SO_REUSEADDR) !== 0, true);
  });

  test("reusePort: two servers share a port; without it the second fails", (t) => {
    if (socket.SO_REUSEPORT === undefined) return t.skip("no SO_REUSEPORT on this platform");
    const a = track(socket.createServer(["127.0.0.1", 0], { reusePort: true }));
    const b = track(socket.createServer(["127.0.0.1", port(a)], { reusePort: true }));
    assert.equal(port(b), port(a));
    assert.notEqual(a.getsockopt(SOL_SOCKET, socket.SO_REUSEPORT), 0);
    assert.notEqual(b.getsockopt(SOL_SOCKET, socket.SO_REUSEPORT), 0);
    const before = openFdCount();
    assert.throws(() => socket.createServer(["127.0.0.1", port(a)]), (e: unknown) => e instanceof socket.OSError && e.code === "EADDRINUSE");
    assert.equal(openFdCount(), before, "the failed server's socket is closed");
  });

  test("EADDRINUSE: the error names the address it tried", () => {
    const a = track(socket.createServer(["127.0.0.1", 0]));
    const before = openFdCount();
    assert.throws(() => socket.createServer(["127.0.0.1", port(a)]), (e: unknown) => {
      assert.ok(e instanceof socket.OSError, String(e));
      assert.equal(e.errno, EADDRINUSE);
      assert.equal(e.code, "EADDRINUSE");
      assert.equal(e.syscall, "bind");
      assert.equal(e.strerror, binding.strerror(EADDRINUSE));
      assert.ok(e.message.startsWith(`[Errno ${EADDRINUSE}] ${e.strerror} (while attempting to bind on address `), e.message);
      assert.ok(e.message.includes("127.0.0.1") && e.message.includes(String(port(a))), e.message);
      return true;
    });
    assert.equal(openFdCount(), before);
  });

  test("EADDRNOTAVAIL for an address on no interface: named too", () => {
    const before = openFdCount();
    assert.throws(() => socket.createServer(["203.0.113.7", 0]), (e: unknown) =>
      e instanceof socket.OSError && e.errno === EADDRNOTAVAIL && e.message.includes("while attempting to bind on address") && e.message.includes("203.0.113.7"));
    assert.equal(openFdCount(), before);
  });

  test("dualstackIpv6: an AF_INET6 server that accepts an IPv4 client", async (t) => {
    if (!socket.hasDualstackIpv6()) return t.skip("this platform has no dual-stack IPv6 sockets");
    const s = track(socket.createServer(["::", 0], { family: AF_INET6, dualstackIpv6: true }));
    assert.equal(s.family, AF_INET6);
    assert.equal(s.getsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY), 0);
    const p = port(s);
    const four = track(socket.socket(AF_INET));
    await within(four.connect(["127.0.0.1", p]));
    const [c4, from4] = await within(s.accept());
    track(c4);
    assert.deepEqual(from4, ["::ffff:127.0.0.1", port(four), 0, 0]);
    const six = track(socket.socket(AF_INET6));
    await within(six.connect(["::1", p]));
    const [c6, from6] = await within(s.accept());
    track(c6);
    assert.deepEqual(from6, ["::1", port(six), 0, 0]);
  });

  test("AF_INET6 without dualstackIpv6: IPV6_V6ONLY is on", (t) => {
    if (!socket.hasIpv6) return t.skip("no IPv6 on this machine");
    const s = track(socket.createServer(["::1", 0], { family: AF_INET6 }));
    assert.equal(s.getsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY), 1);
    assert.equal((s.getsockname() as Inet6)[0], "::1");
  });

  test("dualstackIpv6 with an AF_INET family is a RangeError, and opens nothing", () => {
    const before = openFdCount();
    for (const options of [{ dualstackIpv6: true }, { family: AF_INET, dualstackIpv6: true }]) {
      assert.throws(() => socket.createServer(["", 0], options), (e: unknown) => {
        assert.ok(e instanceof RangeError && e.message.startsWith("createServer(): "), String(e));
        // Where dual-stack sockets exist, the message says what is wrong with the family.
        if (socket.hasDualstackIpv6()) assert.match(e.message, /AF_INET6/);
        return true;
      });
    }
    assert.equal(openFdCount(), before);
  });

  test("AF_UNIX: a server on a path", { skip: lacks({ wine: WIN.wineUnix }) }, async () => {
    const path = unixPath();
    const s = track(socket.createServer(path, { family: AF_UNIX }));
    assert.equal(s.family, AF_UNIX);
    assert.equal(s.getsockname(), path);
    const c = track(socket.socket(AF_UNIX));
    await within(c.connect(path));
    track((await within(s.accept()))[0]);
    // A second server on the same path: the path exists (EADDRINUSE), named in the message.
    assert.throws(() => socket.createServer(path, { family: AF_UNIX }), (e: unknown) =>
      e instanceof socket.OSError && e.code === "EADDRINUSE" && e.message.includes(path));
  });

  test("bad input: options, their fields and the address; nothing is left open", () => {
    const before = openFdCount();
    const typeCases: unknown[][] = [
      [["127.0.0.1", 0], null],
      [["127.0.0.1", 0], "fast"],
      [["127.0.0.1", 0], 42],
      [["127.0.0.1", 0], { family: "AF_INET" }],
      [["127.0.0.1", 0], { reusePort: "yes" }],
      [["127.0.0.1", 0], { dualstackIpv6: "yes" }],
    ];
    for (const args of typeCases) assert.throws(() => server(...args), typeErrorOf("createServer"), JSON.stringify(args));
    assert.throws(() => server(["127.0.0.1", 0], { family: 2 ** 40 }), rangeErrorOf("createServer"));
    // The address and the backlog, checked as bind() and listen() check them, under createServer's name.
    assert.throws(() => server(["127.0.0.1", 70000]), argError(RangeError, "createServer", /port must be 0-65535/));
    assert.throws(() => server("127.0.0.1:80"), typeErrorOf("createServer"));
    assert.throws(() => server(undefined as never), typeErrorOf("createServer"));
    assert.throws(() => server(["127.0.0.1\0", 0]), rangeErrorOf("createServer"));
    assert.throws(() => server(["127.0.0.1", 0], { backlog: "many" } as never), typeErrorOf("createServer"));
    // An unknown family: the socket cannot be made.
    assert.throws(() => server(["127.0.0.1", 0], { family: 12345 }), (e: unknown) => e instanceof socket.OSError && e.code === "EAFNOSUPPORT");
    assert.equal(openFdCount(), before);
  });
});
