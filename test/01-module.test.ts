// The module's creation functions and its data: socket() / new Socket(),
// socketpair(), fromfd(), close(fd), dup(fd), the default timeout, and the
// constants with their frozen name→value maps (docs/api.md "Creating sockets", "Constants").
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as socket from "../src/index.js";
import { binding } from "../src/binding.js";
import { WINDOWS_ONLY_CONSTANTS } from "../src/constants-windows.js";
import { checkNoLeaks, errno, notOpen } from "./helpers.js";
import { WIN, windows } from "./platform.js";
import { lacks } from "./runtime.js";

checkNoLeaks();

const linux = process.platform === "linux";
const glibc = binding.platform.libc === "glibc";

// O_CLOEXEC as /proc/self/fdinfo/N prints it ("flags:" is octal, and Linux
// shows the descriptor's close-on-exec flag there as O_CLOEXEC).
const O_CLOEXEC_FDINFO = 0o2000000;

/** The flags of one of our descriptors, as the kernel reports them. */
function fdinfoFlags(fd: number): number {
  const match = /^flags:\s+([0-7]+)$/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, "utf8"));
  assert.ok(match, `no flags line for fd ${fd}`);
  return parseInt(match[1]!, 8);
}

/** Runs `body` with sockets and closes them all afterwards, whatever happens. */
function withSockets<T extends socket.Socket[]>(make: () => [...T], body: (...s: T) => void): void {
  const sockets = make();
  try {
    body(...sockets);
  } finally {
    for (const s of sockets) s.close();
  }
}

/** A descriptor number that was open a moment ago and is closed now. */
function closedFd(): number {
  const s = socket.socket();
  const fd = s.fileno();
  s.close();
  return fd;
}

/**
 * Expects `make` to throw. If it wrongly succeeds, the socket it made is
 * detached (not closed), because the descriptor belongs to the caller.
 */
function throwsWithoutOwning(make: () => socket.Socket, expected: (e: unknown) => boolean): void {
  let made: socket.Socket | undefined;
  try {
    assert.throws(() => {
      made = make();
    }, expected);
  } finally {
    made?.detach();
  }
}

function isOSError(code: string): (e: unknown) => boolean {
  return (e) => e instanceof socket.OSError && e.code === code;
}

describe("socket()", () => {
  test("defaults to AF_INET, SOCK_STREAM, proto 0, blocking", () => {
    withSockets(() => [socket.socket()], (s) => {
      assert.ok(s instanceof socket.Socket);
      assert.equal(s.family, socket.AF_INET);
      assert.equal(s.type, socket.SOCK_STREAM);
      assert.equal(s.proto, 0);
      assert.equal(s.timeout, null);
      assert.equal(s.gettimeout(), null);
      assert.equal(s.getblocking(), true);
      assert.ok(Number.isInteger(s.fileno()) && s.fileno() >= 0);
    });
  });

  test("new Socket() is the same as socket()", () => {
    withSockets(() => [new socket.Socket(), new socket.Socket(socket.AF_INET6, socket.SOCK_DGRAM)], (a, b) => {
      assert.deepEqual([a.family, a.type, a.proto], [socket.AF_INET, socket.SOCK_STREAM, 0]);
      assert.deepEqual([b.family, b.type, b.proto], [socket.AF_INET6, socket.SOCK_DGRAM, 0]);
    });
  });

  test("family, type and proto are kept as given", { skip: lacks({ win32: WIN.unixDgram }) }, () => {
    const shapes: [number, number, number][] = [
      [socket.AF_INET, socket.SOCK_DGRAM, 0],
      [socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP],
      [socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP],
      [socket.AF_INET6, socket.SOCK_STREAM, 0],
      [socket.AF_UNIX, socket.SOCK_STREAM, 0],
      [socket.AF_UNIX, socket.SOCK_DGRAM, 0],
      [socket.AF_UNIX, socket.SOCK_SEQPACKET, 0],
    ];
    for (const [family, type, proto] of shapes) {
      withSockets(() => [socket.socket(family, type, proto)], (s) => {
        assert.deepEqual([s.family, s.type, s.proto], [family, type, proto]);
      });
    }
  });

  test("type hides SOCK_NONBLOCK and SOCK_CLOEXEC", { skip: lacks({ win32: WIN.sockFlags }) }, () => {
    withSockets(() => [socket.socket(socket.AF_INET, socket.SOCK_STREAM | socket.SOCK_CLOEXEC)], (s) => {
      assert.equal(s.type, socket.SOCK_STREAM);
      assert.equal(s.timeout, null, "SOCK_CLOEXEC alone does not change the mode");
    });
    withSockets(() => [socket.socket(socket.AF_INET, socket.SOCK_DGRAM | socket.SOCK_NONBLOCK | socket.SOCK_CLOEXEC)], (s) => {
      assert.equal(s.type, socket.SOCK_DGRAM);
    });
  });

  test("SOCK_NONBLOCK in type gives non-blocking mode (timeout 0)", { skip: lacks({ win32: WIN.sockFlags }) }, () => {
    withSockets(() => [socket.socket(socket.AF_INET, socket.SOCK_STREAM | socket.SOCK_NONBLOCK)], (s) => {
      assert.equal(s.timeout, 0);
      assert.equal(s.gettimeout(), 0);
      assert.equal(s.getblocking(), false);
    });
  });

  test("errors of socket(2) are OSErrors", () => {
    // AF_INET has no SOCK_SEQPACKET: ESOCKTNOSUPPORT (94 on Linux).
    assert.throws(() => socket.socket(socket.AF_INET, socket.SOCK_SEQPACKET), (e: unknown) => e instanceof socket.OSError && e.syscall === "socket");
    // A family the kernel does not know at all.
    assert.throws(() => socket.socket(socket.AF_MAX ?? 12345), isOSError("EAFNOSUPPORT"));
    // TCP is no protocol of datagram sockets.
    assert.throws(() => socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_TCP), isOSError("EPROTONOSUPPORT"));
  });

  test("bad input: TypeError/RangeError naming socket()", () => {
    assert.throws(() => socket.socket("2" as unknown as number), { name: "TypeError", message: /^socket\(\): family/ });
    assert.throws(() => socket.socket(socket.AF_INET, 1.5), { name: "TypeError", message: /^socket\(\): type/ });
    assert.throws(() => socket.socket(socket.AF_INET, socket.SOCK_STREAM, {} as unknown as number), { name: "TypeError", message: /^socket\(\): proto/ });
    assert.throws(() => socket.socket(2 ** 31), { name: "RangeError", message: /^socket\(\): family/ });
    assert.throws(() => socket.socket(socket.AF_INET, socket.SOCK_STREAM, 0, -3), { name: "RangeError", message: /^socket\(\): fileno/ });
    assert.throws(() => socket.socket(socket.AF_INET, socket.SOCK_STREAM, 0, 1.5), { name: "TypeError", message: /^socket\(\): fileno/ });
    assert.throws(() => new socket.Socket(socket.AF_INET, "x" as unknown as number), { name: "TypeError", message: /^socket\(\): type/ });
  });
});

describe("socket(family, type, proto, fileno)", () => {
  /** The [family, type, proto] a socket reports when it wraps a duplicate
   *  of `source`'s descriptor with all three given as `missing`. */
  function shapeOfWrapped(source: socket.Socket, missing: undefined | null | -1, viaClass = false): number[] {
    const fd = socket.dup(source.fileno()); // the new socket owns the copy
    const m = missing as number;
    const s = viaClass ? new socket.Socket(m, m, m, fd) : socket.socket(m, m, m, fd);
    try {
      return [s.family, s.type, s.proto];
    } finally {
      s.close();
    }
  }

  test("null or -1: family/type/proto are read from a socketpair descriptor", () => {
    // Windows' pair is a loopback TCP connection, whose protocol
    // SO_PROTOCOL_INFOW names (CPython reads the shape so there).
    const shape = windows ? [socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP] : [socket.AF_UNIX, socket.SOCK_STREAM, 0];
    withSockets(() => socket.socketpair(), (a, _b) => {
      assert.deepEqual(shapeOfWrapped(a, null), shape);
      assert.deepEqual(shapeOfWrapped(a, -1), shape);
      assert.deepEqual(shapeOfWrapped(a, null, true), shape);
    });
  });

  test("undefined (omitted): family/type/proto are read from a socketpair descriptor too", { skip: lacks({ win32: WIN.unixDgram }) }, () => {
    // docs/api.md, socket(): with fileno, an undefined family/type/proto is read
    // from the descriptor, not replaced by the AF_INET/SOCK_STREAM defaults.
    withSockets(() => socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM), (a, _b) => {
      assert.deepEqual(shapeOfWrapped(a, undefined), [socket.AF_UNIX, socket.SOCK_DGRAM, 0], "socket(undefined, undefined, undefined, fd)");
      assert.deepEqual(shapeOfWrapped(a, undefined, true), [socket.AF_UNIX, socket.SOCK_DGRAM, 0], "new Socket(undefined, undefined, undefined, fd)");
    });
  });

  test("null or -1: an AF_INET6 datagram descriptor (proto from SO_PROTOCOL)", () => {
    withSockets(() => [socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)], (u) => {
      assert.deepEqual(shapeOfWrapped(u, null), [socket.AF_INET6, socket.SOCK_DGRAM, socket.IPPROTO_UDP]);
      assert.deepEqual(shapeOfWrapped(u, -1), [socket.AF_INET6, socket.SOCK_DGRAM, socket.IPPROTO_UDP]);
    });
  });

  test("undefined (omitted): an AF_INET6 datagram descriptor", () => {
    withSockets(() => [socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)], (u) => {
      assert.deepEqual(shapeOfWrapped(u, undefined), [socket.AF_INET6, socket.SOCK_DGRAM, socket.IPPROTO_UDP]);
    });
  });

  test("only the missing values are read: given ones are kept", () => {
    withSockets(() => [socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)], (u) => {
      const s = socket.socket(socket.AF_INET6, null, 0, socket.dup(u.fileno()));
      try {
        assert.deepEqual([s.family, s.type, s.proto], [socket.AF_INET6, socket.SOCK_DGRAM, 0]);
      } finally {
        s.close();
      }
    });
  });

  test("wraps the same descriptor (no duplicate) and works", async () => {
    const [a, b] = socket.socketpair();
    const fd = b.detach();
    const s = socket.socket(null, null, null, fd);
    try {
      assert.equal(s.fileno(), fd);
      await a.sendall(Buffer.from("ping"));
      assert.deepEqual(await s.recv(10), Buffer.from("ping"));
    } finally {
      a.close();
      s.close();
    }
  });

  test("a descriptor that is no socket (a file): OSError ENOTSOCK", () => {
    const fd = openSync(fileURLToPath(import.meta.url), "r");
    try {
      throwsWithoutOwning(() => socket.socket(null, null, null, fd), isOSError("ENOTSOCK"));
      throwsWithoutOwning(() => socket.socket(-1, -1, -1, fd), isOSError("ENOTSOCK"));
    } finally {
      closeSync(fd);
    }
  });

  test("a descriptor that is no socket, family/type/proto undefined: OSError ENOTSOCK", () => {
    const fd = openSync(fileURLToPath(import.meta.url), "r");
    try {
      throwsWithoutOwning(() => socket.socket(undefined, undefined, undefined, fd), isOSError("ENOTSOCK"));
    } finally {
      closeSync(fd);
    }
  });

  test("a descriptor that is no socket is refused even with family/type/proto given (as the reference)", () => {
    const fd = openSync(fileURLToPath(import.meta.url), "r");
    try {
      throwsWithoutOwning(() => socket.socket(socket.AF_INET, socket.SOCK_STREAM, 0, fd), isOSError("ENOTSOCK"));
    } finally {
      closeSync(fd);
    }
  });

  test("a closed descriptor: OSError EBADF", () => {
    const fd = closedFd();
    for (const missing of [undefined, null, -1]) {
      throwsWithoutOwning(() => socket.socket(missing as number, missing as number, missing as number, fd), isOSError(notOpen));
    }
    throwsWithoutOwning(() => socket.socket(socket.AF_INET, socket.SOCK_STREAM, 0, fd), isOSError(notOpen));
  });
});

describe("socketpair()", () => {
  test("defaults to AF_UNIX, SOCK_STREAM, and the two ends are connected", { skip: lacks({ win32: WIN.pairFamily }) }, async () => {
    const [a, b] = socket.socketpair();
    try {
      for (const s of [a, b]) assert.deepEqual([s.family, s.type, s.proto], [socket.AF_UNIX, socket.SOCK_STREAM, 0]);
      assert.notEqual(a.fileno(), b.fileno());
      await a.sendall(Buffer.from("hello"));
      assert.deepEqual(await b.recv(10), Buffer.from("hello"));
      await b.sendall(Buffer.from("back"));
      assert.deepEqual(await a.recv(10), Buffer.from("back"));
    } finally {
      a.close();
      b.close();
    }
  });

  test("SOCK_DGRAM keeps message boundaries", { skip: lacks({ win32: WIN.unixDgram }) }, async () => {
    const [a, b] = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM);
    try {
      assert.equal(a.type, socket.SOCK_DGRAM);
      await a.send(Buffer.from("one"));
      await a.send(Buffer.from("two"));
      assert.deepEqual(await b.recv(100), Buffer.from("one"));
      assert.deepEqual(await b.recv(100), Buffer.from("two"));
    } finally {
      a.close();
      b.close();
    }
  });

  test("SOCK_SEQPACKET keeps message boundaries", { skip: lacks({ win32: WIN.unixDgram }) }, async () => {
    const [a, b] = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET);
    try {
      assert.equal(b.type, socket.SOCK_SEQPACKET);
      await b.send(Buffer.from("first"));
      await b.send(Buffer.from("second"));
      assert.deepEqual(await a.recv(100), Buffer.from("first"));
      assert.deepEqual(await a.recv(100), Buffer.from("second"));
    } finally {
      a.close();
      b.close();
    }
  });

  test("SOCK_NONBLOCK gives two non-blocking sockets with the flag hidden", { skip: lacks({ win32: WIN.sockFlags }) }, () => {
    withSockets(() => socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM | socket.SOCK_NONBLOCK), (a, b) => {
      for (const s of [a, b]) {
        assert.equal(s.type, socket.SOCK_STREAM);
        assert.equal(s.timeout, 0);
      }
      assert.throws(() => a.recvSync(1), socket.BlockingIOError);
    });
  });

  test("errors: AF_INET has no socket pairs (EOPNOTSUPP)", { skip: lacks({ win32: WIN.pairFamily }) }, () => {
    assert.throws(() => socket.socketpair(socket.AF_INET), (e: unknown) =>
      e instanceof socket.OSError && e.errno === errno.EOPNOTSUPP && e.syscall === "socketpair");
  });

  test("bad input names socketpair()", () => {
    assert.throws(() => socket.socketpair("x" as unknown as number), { name: "TypeError", message: /^socketpair\(\): family/ });
    assert.throws(() => socket.socketpair(socket.AF_UNIX, 2.5), { name: "TypeError", message: /^socketpair\(\): type/ });
    assert.throws(() => socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM, 2 ** 32), { name: "RangeError", message: /^socketpair\(\): proto/ });
  });
});

describe("fromfd()", () => {
  test("duplicates: closing the original keeps the new socket working", async () => {
    const [a, b] = socket.socketpair();
    let copy: socket.Socket | undefined;
    try {
      copy = socket.fromfd(b.fileno(), socket.AF_UNIX, socket.SOCK_STREAM);
      assert.notEqual(copy.fileno(), b.fileno());
      assert.deepEqual([copy.family, copy.type, copy.proto], [socket.AF_UNIX, socket.SOCK_STREAM, 0]);
      b.close();
      await a.sendall(Buffer.from("still here"));
      assert.deepEqual(await copy.recv(100), Buffer.from("still here"));
    } finally {
      a.close();
      b.close();
      copy?.close();
    }
  });

  test("the copy is close-on-exec", { skip: lacks({ win32: "reads close-on-exec from Linux's /proc/self/fdinfo" }) }, () => {
    withSockets(() => [socket.socket()], (s) => {
      s.setInheritable(true);
      withSockets(() => [socket.fromfd(s.fileno(), socket.AF_INET, socket.SOCK_STREAM)], (copy) => {
        assert.equal(copy.getInheritable(), false);
        assert.ok(fdinfoFlags(copy.fileno()) & O_CLOEXEC_FDINFO);
      });
    });
  });

  test("errors: EBADF for a closed descriptor, with syscall dup", () => {
    assert.throws(() => socket.fromfd(closedFd(), socket.AF_INET, socket.SOCK_STREAM), (e: unknown) =>
      e instanceof socket.OSError && e.code === notOpen && e.syscall === "dup");
  });

  test("bad input names fromfd()", () => {
    assert.throws(() => socket.fromfd("3" as unknown as number, socket.AF_INET, socket.SOCK_STREAM), { name: "TypeError", message: /^fromfd\(\): fd/ });
    assert.throws(() => socket.fromfd(-1, socket.AF_INET, socket.SOCK_STREAM), { name: "RangeError", message: /^fromfd\(\): fd/ });
    assert.throws(() => socket.fromfd(0, "x" as unknown as number, socket.SOCK_STREAM), { name: "TypeError", message: /^fromfd\(\): family/ });
    assert.throws(() => socket.fromfd(0, socket.AF_INET, null as unknown as number), { name: "TypeError", message: /^fromfd\(\): type/ });
  });
});

describe("close(fd) and dup(fd)", () => {
  test("close(fd) closes a bare descriptor", { skip: lacks({ win32: "looks the descriptor up in Linux's /proc/self/fd" }) }, () => {
    const s = socket.socket();
    const fd = s.detach();
    assert.ok(existsSync(`/proc/self/fd/${fd}`));
    socket.close(fd);
    assert.equal(existsSync(`/proc/self/fd/${fd}`), false);
  });

  test("close(fd) of a closed descriptor: OSError EBADF", () => {
    assert.throws(() => socket.close(closedFd()), (e: unknown) => e instanceof socket.OSError && e.code === notOpen && e.syscall === "close");
  });

  test("dup(fd) gives a new, working, close-on-exec descriptor", { skip: lacks({ win32: "reads close-on-exec from Linux's /proc/self/fdinfo" }) }, async () => {
    const [a, b] = socket.socketpair();
    let wrapped: socket.Socket | undefined;
    try {
      b.setInheritable(true); // the copy must not inherit this
      const copy = socket.dup(b.fileno());
      assert.ok(Number.isInteger(copy) && copy >= 0 && copy !== b.fileno());
      assert.ok(fdinfoFlags(copy) & O_CLOEXEC_FDINFO, "dup() copy is close-on-exec");
      wrapped = socket.socket(null, null, null, copy);
      await a.sendall(Buffer.from("dup"));
      assert.deepEqual(await wrapped.recv(10), Buffer.from("dup"));
    } finally {
      a.close();
      b.close();
      wrapped?.close();
    }
  });

  test("dup(fd) of a closed descriptor: OSError EBADF", () => {
    assert.throws(() => socket.dup(closedFd()), (e: unknown) => e instanceof socket.OSError && e.code === notOpen && e.syscall === "dup");
  });

  test("bad input names close() and dup()", () => {
    assert.throws(() => socket.close(2 ** 31), { name: "RangeError", message: /^close\(\): fd/ });
    assert.throws(() => socket.close("3" as unknown as number), { name: "TypeError", message: /^close\(\): fd/ });
    assert.throws(() => socket.dup(null as unknown as number), { name: "TypeError", message: /^dup\(\): fd/ });
    assert.throws(() => socket.dup(2 ** 31), { name: "RangeError", message: /^dup\(\): fd/ });
    assert.throws(() => socket.dup(0.5), { name: "TypeError", message: /^dup\(\): fd/ });
  });
});

describe("getdefaulttimeout() / setdefaulttimeout()", () => {
  /** Runs `body` with a default timeout, restoring null afterwards. */
  async function withDefault(timeout: number | null, body: () => Promise<void> | void): Promise<void> {
    socket.setdefaulttimeout(timeout);
    try {
      await body();
    } finally {
      socket.setdefaulttimeout(null);
    }
  }

  test("null by default", () => {
    assert.equal(socket.getdefaulttimeout(), null);
  });

  test("returns what was set; null and undefined mean blocking", async () => {
    await withDefault(2.5, () => assert.equal(socket.getdefaulttimeout(), 2.5));
    await withDefault(0, () => assert.equal(socket.getdefaulttimeout(), 0));
    socket.setdefaulttimeout(1);
    socket.setdefaulttimeout(undefined as unknown as null);
    assert.equal(socket.getdefaulttimeout(), null);
  });

  test("new sockets pick it up: socket(), socketpair(), fromfd(), socket(…, fileno)", async () => {
    await withDefault(0.25, () => {
      withSockets(() => [socket.socket(), ...socket.socketpair()], (s, a, b) => {
        for (const x of [s, a, b]) assert.equal(x.timeout, 0.25);
        withSockets(() => [socket.fromfd(a.fileno(), socket.AF_UNIX, socket.SOCK_STREAM), socket.socket(null, null, null, socket.dup(b.fileno()))], (f, w) => {
          assert.equal(f.gettimeout(), 0.25);
          assert.equal(w.gettimeout(), 0.25);
        });
      });
    });
  });

  test("sockets made before keep their timeout", async () => {
    const s = socket.socket();
    try {
      await withDefault(3, () => assert.equal(s.timeout, null));
    } finally {
      s.close();
    }
  });

  test("SOCK_NONBLOCK wins over the default", { skip: lacks({ win32: WIN.sockFlags }) }, async () => {
    await withDefault(5, () => {
      withSockets(() => [socket.socket(socket.AF_INET, socket.SOCK_STREAM | socket.SOCK_NONBLOCK)], (s) => assert.equal(s.timeout, 0));
    });
  });

  test("accept() result picks up the default timeout", async () => {
    await withDefault(0.5, async () => {
      const listener = socket.socket();
      const client = socket.socket();
      let conn: socket.Socket | undefined;
      try {
        listener.bind(["127.0.0.1", 0]);
        listener.listen();
        await client.connect(listener.getsockname());
        [conn] = await listener.accept();
        assert.equal(conn.timeout, 0.5);
      } finally {
        listener.close();
        client.close();
        conn?.close();
      }
    });
  });

  test("accept() result is blocking when the default is null, even from a timeout-mode listener", async () => {
    const listener = socket.socket();
    const client = socket.socket();
    let conn: socket.Socket | undefined;
    try {
      listener.settimeout(2);
      listener.bind(["127.0.0.1", 0]);
      listener.listen();
      await client.connect(listener.getsockname());
      [conn] = await listener.accept();
      assert.equal(conn.timeout, null);
    } finally {
      listener.close();
      client.close();
      conn?.close();
    }
  });

  test("bad input names setdefaulttimeout()", () => {
    assert.throws(() => socket.setdefaulttimeout(-1), { name: "RangeError", message: /^setdefaulttimeout\(\)/ });
    assert.throws(() => socket.setdefaulttimeout(NaN), { name: "RangeError", message: /^setdefaulttimeout\(\)/ });
    assert.throws(() => socket.setdefaulttimeout(Infinity), { name: "RangeError", message: /^setdefaulttimeout\(\)/ });
    assert.throws(() => socket.setdefaulttimeout("1" as unknown as number), { name: "TypeError", message: /^setdefaulttimeout\(\)/ });
    assert.equal(socket.getdefaulttimeout(), null, "a refused value changes nothing");
  });
});

describe("module data", () => {
  test("hasIpv6 is a boolean that matches whether AF_INET6 sockets can be made", () => {
    assert.equal(typeof socket.hasIpv6, "boolean");
    let canMake: boolean;
    try {
      socket.socket(socket.AF_INET6, socket.SOCK_DGRAM).close();
      canMake = true;
    } catch {
      canMake = false;
    }
    assert.equal(socket.hasIpv6, canMake);
  });

  test("SocketType is Socket", () => {
    assert.equal(socket.SocketType, socket.Socket);
    withSockets(() => [socket.socket()], (s) => assert.ok(s instanceof socket.SocketType));
  });

  test("constants have the platform's values (POSIX and IANA numbers)", { skip: lacks({ win32: WIN.constants }) }, () => {
    assert.equal(socket.AF_UNSPEC, 0);
    assert.equal(socket.AF_UNIX, 1);
    assert.equal(socket.AF_INET, 2);
    assert.equal(socket.SOCK_STREAM, 1);
    assert.equal(socket.SOCK_DGRAM, 2);
    assert.equal(socket.SOCK_RAW, 3);
    assert.equal(socket.IPPROTO_TCP, 6);
    assert.equal(socket.IPPROTO_UDP, 17);
    assert.equal(socket.SHUT_RD, 0);
    assert.equal(socket.SHUT_WR, 1);
    assert.equal(socket.SHUT_RDWR, 2);
    assert.equal(socket.INADDR_ANY, 0);
    assert.equal(socket.INADDR_LOOPBACK, 0x7f000001);
    assert.equal(socket.INADDR_BROADCAST, 0xffffffff);
    assert.equal(socket.TCP_NODELAY, 1);
    assert.equal(socket.MSG_OOB, 1);
    assert.equal(socket.MSG_PEEK, 2);
    assert.ok(Number.isInteger(socket.SOMAXCONN) && socket.SOMAXCONN >= 128);
    assert.equal(socket.AF_LOCAL, socket.AF_UNIX);
  });

  test("Linux and glibc values", { skip: !linux && "Linux values" }, () => {
    assert.equal(socket.AF_INET6, 10);
    assert.equal(socket.SOL_SOCKET, 1);
    assert.equal(socket.SO_REUSEADDR, 2);
    assert.equal(socket.SO_TYPE, 3);
    assert.equal(socket.SO_RCVBUF, 8);
    assert.equal(socket.SOCK_SEQPACKET, 5);
    assert.equal(socket.SOCK_NONBLOCK, 0o4000);
    assert.equal(socket.SOCK_CLOEXEC, 0o2000000);
    assert.equal(socket.MSG_DONTWAIT, 0x40);
    assert.equal(socket.MSG_NOSIGNAL, 0x4000);
    assert.equal(socket.AF_NETLINK, 16);
    assert.equal(socket.AF_PACKET, 17);
    if (glibc) {
      assert.ok(socket.EAI_NONAME < 0, "EAI_* are negative on glibc");
      assert.equal(socket.EAI_NONAME, -2);
      assert.equal(socket.EAI_AGAIN, -3);
    }
  });

  test("the exported constants match the addon's table exactly (constants.gen.ts is in sync)", { skip: lacks({ win32: WIN.constants }) }, () => {
    const exported = socket as unknown as Record<string, unknown>;
    const table = binding.constants;
    for (const [name, value] of Object.entries(table)) {
      assert.ok(name in exported, `${name} is in the headers' table but not exported`);
      assert.equal(exported[name], value, `${name} has the headers' value`);
    }
    // Every ALL_CAPS export is a constant of the table: nothing stale,
    // nothing typed in by hand. (CMSG_LEN and CMSG_SPACE are functions
    // that keep the C macros' names.)
    for (const [name, value] of Object.entries(exported)) {
      if (!/^[A-Z][A-Z0-9_]*$/.test(name) || typeof value === "function") continue;
      // The Windows-only names are declared everywhere, undefined elsewhere.
      if (WINDOWS_ONLY_CONSTANTS.includes(name) && !Object.hasOwn(table, name)) {
        assert.equal(value, undefined, `${name} is undefined without the Windows headers`);
        continue;
      }
      assert.ok(Object.hasOwn(table, name), `${name} is exported but not in the headers' table`);
      assert.ok(typeof value === "number" || typeof value === "bigint", `${name} is a number`);
    }
  });

  test("the committed constants.gen.ts names exactly the table's constants", { skip: lacks({ win32: WIN.constants }) }, () => {
    const source = fileURLToPath(new URL("../../src/constants.gen.ts", import.meta.url));
    const text = readFileSync(source, "utf8");
    const names = [...text.matchAll(/^export const ([A-Z][A-Z0-9_]*)\b/gm)].map((m) => m[1]!);
    assert.equal(new Set(names).size, names.length, "no name is exported twice");
    assert.deepEqual([...names].sort(), Object.keys(binding.constants).sort());
  });
});

describe("AddressFamily, SocketKind, MsgFlag, AddressInfo", () => {
  const exported = socket as unknown as Record<string, unknown>;
  const exportsWith = (prefix: string): string[] => Object.keys(exported).filter((k) => k.startsWith(prefix)).sort();

  function checkMap(map: object, prefix: string): void {
    assert.ok(Object.isFrozen(map), "frozen");
    assert.throws(() => {
      (map as Record<string, unknown>)[`${prefix}NEW`] = 1;
    }, TypeError);
    for (const [name, value] of Object.entries(map)) {
      assert.ok(name.startsWith(prefix), `${name} starts with ${prefix}`);
      assert.equal(typeof value, "number");
      assert.equal(value, exported[name], `${name} has the exported value`);
    }
  }

  test("AddressFamily: every AF_ constant", { skip: lacks({ win32: WIN.constants }) }, () => {
    checkMap(socket.AddressFamily, "AF_");
    assert.deepEqual(Object.keys(socket.AddressFamily).sort(), exportsWith("AF_"));
    assert.equal(socket.AddressFamily.AF_INET, socket.AF_INET);
    assert.equal(socket.AddressFamily.AF_INET6, socket.AF_INET6);
    assert.equal(socket.AddressFamily.AF_UNIX, socket.AF_UNIX);
  });

  test("SocketKind: the socket types and nothing else", () => {
    checkMap(socket.SocketKind, "SOCK_");
    for (const name of ["SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOCK_RDM", "SOCK_SEQPACKET"]) {
      assert.equal((socket.SocketKind as unknown as Record<string, number>)[name], exported[name], name);
    }
    const kinds = new Set(["SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOCK_RDM", "SOCK_SEQPACKET", "SOCK_DCCP", "SOCK_PACKET", "SOCK_NONBLOCK", "SOCK_CLOEXEC"]);
    for (const name of Object.keys(socket.SocketKind)) assert.ok(kinds.has(name), `${name} is no socket type`);
    // The headers' other SOCK_ names (buffer locks, txrehash) are not kinds.
    for (const name of ["SOCK_SNDBUF_LOCK", "SOCK_RCVBUF_LOCK", "SOCK_BUF_LOCK_MASK", "SOCK_TXREHASH_DEFAULT", "SOCK_IOC_TYPE"]) {
      assert.equal(Object.hasOwn(socket.SocketKind, name), false, name);
    }
  });

  test("MsgFlag: every MSG_ constant", { skip: lacks({ win32: WIN.constants }) }, () => {
    checkMap(socket.MsgFlag, "MSG_");
    assert.deepEqual(Object.keys(socket.MsgFlag).sort(), exportsWith("MSG_"));
    for (const name of ["MSG_OOB", "MSG_PEEK", "MSG_DONTROUTE", "MSG_WAITALL", "MSG_TRUNC", "MSG_CTRUNC", "MSG_DONTWAIT", "MSG_EOR"]) {
      assert.equal((socket.MsgFlag as unknown as Record<string, number>)[name], exported[name], name);
    }
  });

  test("called with a value, each gives its name (Python's AddressFamily(2)); undefined for none", { skip: lacks({ win32: WIN.constants }) }, () => {
    assert.equal(socket.AddressFamily(socket.AF_INET), "AF_INET");
    assert.equal(socket.AddressFamily(socket.AF_INET6), "AF_INET6");
    assert.equal(socket.AddressFamily(socket.AF_UNIX), "AF_UNIX", "AF_UNIX, not its aliases AF_LOCAL/AF_FILE");
    assert.equal(socket.AddressFamily(socket.AF_NETLINK), "AF_NETLINK", "AF_NETLINK, not AF_ROUTE");
    assert.equal(socket.SocketKind(socket.SOCK_DGRAM), "SOCK_DGRAM");
    assert.equal(socket.MsgFlag(socket.MSG_PEEK), "MSG_PEEK");
    assert.equal(socket.AddressInfo(socket.AI_PASSIVE), "AI_PASSIVE");
    assert.equal(socket.AddressFamily(-5), undefined);
    assert.equal(socket.SocketKind(socket.SOCK_STREAM | socket.SOCK_DGRAM | 0x40000000), undefined);
  });

  test("AddressInfo: every AI_ constant", { skip: lacks({ win32: WIN.constants }) }, () => {
    checkMap(socket.AddressInfo, "AI_");
    assert.deepEqual(Object.keys(socket.AddressInfo).sort(), exportsWith("AI_"));
    for (const name of ["AI_PASSIVE", "AI_CANONNAME", "AI_NUMERICHOST", "AI_NUMERICSERV", "AI_V4MAPPED", "AI_ALL", "AI_ADDRCONFIG"]) {
      assert.equal((socket.AddressInfo as unknown as Record<string, number>)[name], exported[name], name);
    }
  });
});
