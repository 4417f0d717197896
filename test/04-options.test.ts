// Socket options (getsockopt/setsockopt), shutdown(), and descriptor
// inheritance (getInheritable/setInheritable, close-on-exec by default).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { endianness } from "node:os";
import * as socket from "../src/index.js";
import { binding } from "../src/binding.js";
import { checkNoLeaks, within, withSockets } from "./helpers.js";
import { lacks } from "./runtime.js";
import { WIN, windows } from "./platform.js";

checkNoLeaks();

const isRoot = process.getuid?.() === 0;
const le = endianness() === "LE";

/** Bad input on purpose: past the type checker, to reach the run-time checks. */
const bad = (value: unknown): never => value as never;

/** A connected TCP pair on loopback: [client, server side]. */
async function tcpPair(): Promise<[socket.Socket, socket.Socket]> {
  const listener = socket.socket();
  const client = socket.socket();
  try {
    listener.bind(["127.0.0.1", 0]);
    listener.listen(1);
    await client.connect(listener.getsockname());
    const [conn] = await within(listener.accept());
    return [client, conn];
  } catch (error) {
    client.close();
    throw error;
  } finally {
    listener.close();
  }
}

/** struct linger as bytes, with the layout the addon read from the headers
 *  (two ints on POSIX, two u_shorts on Windows). */
function linger(onoff: number, seconds: number): Buffer {
  const layout = binding.layout.linger!;
  const buf = Buffer.alloc(layout.size!);
  const size = layout.l_onoff_size ?? 4;
  buf[le ? "writeIntLE" : "writeIntBE"](onoff, layout.l_onoff!, size);
  buf[le ? "writeIntLE" : "writeIntBE"](seconds, layout.l_linger!, size);
  return buf;
}

function readLinger(buf: Buffer): [number, number] {
  const layout = binding.layout.linger!;
  const size = layout.l_onoff_size ?? 4;
  return le
    ? [buf.readIntLE(layout.l_onoff!, size), buf.readIntLE(layout.l_linger!, size)]
    : [buf.readIntBE(layout.l_onoff!, size), buf.readIntBE(layout.l_linger!, size)];
}

const isOSError = (code: string) => (e: unknown): boolean => e instanceof socket.OSError && e.code === code;

describe("getsockopt()/setsockopt() with ints", () => {
  test("SO_REUSEADDR: 0 by default, non-zero after setting 1, 0 after setting 0", async () => {
    await withSockets(() => [socket.socket()], (s) => {
      assert.equal(s.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR), 0);
      s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1);
      assert.notEqual(s.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR), 0);
      s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 0);
      assert.equal(s.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR), 0);
    });
  });

  test("a boolean value is the int 1 or 0", async () => {
    await withSockets(() => [socket.socket()], (s) => {
      s.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, true);
      assert.notEqual(s.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE), 0);
      s.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, false);
      assert.equal(s.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE), 0);
    });
  });

  test("SO_RCVBUF: the kernel's value comes back (Linux doubles it)", async () => {
    await withSockets(() => [socket.socket()], (s) => {
      const before = s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF) as number;
      assert.ok(before > 0);
      s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536);
      const after = s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF) as number;
      if (process.platform === "linux") assert.equal(after, 2 * 65536);
      else assert.ok(after >= 65536);
    });
  });

  test("TCP_NODELAY on a TCP socket", async () => {
    await withSockets(() => [socket.socket()], (s) => {
      assert.equal(s.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY), 0);
      s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1);
      assert.notEqual(s.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY), 0);
    });
  });

  test("read-only options: SO_TYPE, SO_ERROR, SO_ACCEPTCONN", async () => {
    await withSockets(() => [socket.socket(), socket.socket(socket.AF_INET, socket.SOCK_DGRAM)], (tcp, udp) => {
      assert.equal(tcp.getsockopt(socket.SOL_SOCKET, socket.SO_TYPE), socket.SOCK_STREAM);
      assert.equal(udp.getsockopt(socket.SOL_SOCKET, socket.SO_TYPE), socket.SOCK_DGRAM);
      assert.equal(tcp.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR), 0);
      assert.equal(tcp.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN), 0);
      tcp.bind(["127.0.0.1", 0]);
      tcp.listen();
      assert.equal(tcp.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN), 1);
    });
  });

  test("negative ints pass through (C int range)", async () => {
    await withSockets(() => [socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)], (s) => {
      // IPV6_UNICAST_HOPS: -1 means "the route's default".
      s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS, 7);
      assert.equal(s.getsockopt(socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS), 7);
      s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS, -1);
      assert.equal(s.getsockopt(socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS), 64);
    });
  });
});

describe("getsockopt()/setsockopt() with bytes", () => {
  test("SO_LINGER as a struct linger", async () => {
    await withSockets(() => [socket.socket()], (s) => {
      s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger(1, 7));
      const got = s.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, binding.layout.linger!.size!) as Buffer;
      assert.ok(Buffer.isBuffer(got));
      assert.deepEqual(readLinger(got), [1, 7]);
      // Any bytes-like value will do: a Uint8Array, a DataView, an ArrayBuffer.
      const bytes = linger(1, 3);
      s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, new Uint8Array(bytes));
      assert.deepEqual(readLinger(s.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 64) as Buffer), [1, 3]);
      s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, new DataView(linger(1, 4).buffer.slice(0)));
      assert.deepEqual(readLinger(s.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 64) as Buffer), [1, 4]);
      const ab = new ArrayBuffer(bytes.length);
      new Uint8Array(ab).set(linger(1, 5));
      s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, ab);
      assert.deepEqual(readLinger(s.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 64) as Buffer), [1, 5]);
    });
  });

  test("with buflen, a Buffer of the option's own length comes back", async () => {
    await withSockets(() => [socket.socket()], (s) => {
      const size = binding.layout.linger!.size!;
      assert.equal((s.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 1024) as Buffer).length, size);
      assert.equal((s.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, size) as Buffer).length, size);
      // An int option read as bytes: 4 bytes, the int in native order.
      s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1);
      const raw = s.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 16) as Buffer;
      assert.equal(raw.length, 4);
      assert.equal(le ? raw.readInt32LE(0) : raw.readInt32BE(0), 1);
    });
  });

  test("SO_BINDTODEVICE 'lo'", { skip: !isRoot && "needs root (CAP_NET_RAW)" }, async () => {
    await withSockets(() => [socket.socket(socket.AF_INET, socket.SOCK_DGRAM)], (s) => {
      s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, Buffer.from("lo\0"));
      const got = s.getsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, 16) as Buffer;
      assert.equal(got.toString("latin1").replace(/\0+$/, ""), "lo");
    });
  });

  test("(null, optlen) reaches the kernel as a NULL pointer: an OSError, not a crash", async () => {
    await withSockets(() => [socket.socket()], (s) => {
      // setsockopt(2) with optval NULL and optlen 4 must fault (EFAULT).
      assert.throws(() => s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, null, 4), (e: unknown) =>
        e instanceof socket.OSError && (e.code === "EFAULT" || e.code === "EINVAL") && e.syscall === "setsockopt");
      // optlen 0 is too short for an int option.
      // (Winsock checks the pointer first: WSAEFAULT.)
      assert.throws(() => s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, null, 0), isOSError(windows ? "EFAULT" : "EINVAL"));
      assert.equal(s.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR), 0, "the option is unchanged");
    });
  });
});

describe("getsockopt()/setsockopt() errors", () => {
  test("an unknown option: OSError ENOPROTOOPT", async () => {
    await withSockets(() => [socket.socket()], (s) => {
      assert.throws(() => s.getsockopt(socket.SOL_SOCKET, 9999), (e: unknown) => isOSError("ENOPROTOOPT")(e) && (e as socket.OSError).syscall === "getsockopt");
      assert.throws(() => s.setsockopt(socket.SOL_SOCKET, 9999, 1), (e: unknown) => isOSError("ENOPROTOOPT")(e) && (e as socket.OSError).syscall === "setsockopt");
      assert.throws(() => s.getsockopt(socket.IPPROTO_TCP, 9999), isOSError("ENOPROTOOPT"));
    });
  });

  test("a closed socket: OSError EBADF", async () => {
    const s = socket.socket();
    s.close();
    assert.throws(() => s.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR), isOSError("EBADF"));
    assert.throws(() => s.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8), isOSError("EBADF"));
    assert.throws(() => s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1), isOSError("EBADF"));
  });

  test("bad input: TypeError/RangeError naming the method", async () => {
    await withSockets(() => [socket.socket()], (s) => {
      const { SOL_SOCKET, SO_REUSEADDR } = socket;
      const get = /^getsockopt\(\): /;
      const set = /^setsockopt\(\): /;
      assert.throws(() => s.getsockopt(bad("1"), SO_REUSEADDR), { name: "TypeError", message: get });
      assert.throws(() => s.getsockopt(SOL_SOCKET, bad(null)), { name: "TypeError", message: get });
      assert.throws(() => s.getsockopt(SOL_SOCKET, SO_REUSEADDR, bad("4")), { name: "TypeError", message: get });
      for (const buflen of [0, -1, 1025]) {
        assert.throws(() => s.getsockopt(SOL_SOCKET, SO_REUSEADDR, buflen), { name: "RangeError", message: /^getsockopt\(\): buflen/ }, `buflen ${buflen}`);
      }
      assert.throws(() => s.setsockopt(bad("x"), SO_REUSEADDR, 1), { name: "TypeError", message: set });
      assert.throws(() => s.setsockopt(SOL_SOCKET, bad(1.5), 1), { name: "TypeError", message: set });
      assert.throws(() => s.setsockopt(SOL_SOCKET, SO_REUSEADDR, bad("1")), { name: "TypeError", message: set });
      assert.throws(() => s.setsockopt(SOL_SOCKET, SO_REUSEADDR, bad({})), { name: "TypeError", message: set });
      assert.throws(() => s.setsockopt(SOL_SOCKET, SO_REUSEADDR, bad(undefined)), { name: "TypeError", message: set });
      assert.throws(() => s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1, 4), { name: "TypeError", message: /^setsockopt\(\): optlen/ });
      assert.throws(() => s.setsockopt(SOL_SOCKET, SO_REUSEADDR, Buffer.alloc(4), 4), { name: "TypeError", message: /^setsockopt\(\): optlen/ });
      assert.throws(() => s.setsockopt(SOL_SOCKET, SO_REUSEADDR, null), { name: "TypeError", message: /^setsockopt\(\): optlen/ });
      assert.throws(() => s.setsockopt(SOL_SOCKET, SO_REUSEADDR, null, -1), { name: "RangeError", message: /^setsockopt\(\): optlen/ });
      assert.throws(() => s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 2 ** 31), { name: "RangeError", message: /^setsockopt\(\): value/ });
      assert.throws(() => s.setsockopt(SOL_SOCKET, SO_REUSEADDR, -(2 ** 31) - 1), { name: "RangeError", message: /^setsockopt\(\): value/ });
      assert.throws(() => s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 0.5), { name: "TypeError", message: /^setsockopt\(\): value/ });
      // Nothing was set by the refused calls.
      assert.equal(s.getsockopt(SOL_SOCKET, SO_REUSEADDR), 0);
    });
  });
});

describe("shutdown()", () => {
  test("SHUT_WR: the peer reads EOF (an empty Buffer), the other direction still works", async () => {
    const [client, server] = await tcpPair();
    try {
      await client.sendall(Buffer.from("last words"));
      client.shutdown(socket.SHUT_WR);
      assert.deepEqual(await within(server.recv(100)), Buffer.from("last words"));
      assert.deepEqual(await within(server.recv(100)), Buffer.alloc(0));
      await server.sendall(Buffer.from("reply"));
      assert.deepEqual(await within(client.recv(100)), Buffer.from("reply"));
    } finally {
      client.close();
      server.close();
    }
  });

  test("SHUT_RDWR on a Unix stream pair: both ends see EOF", { skip: lacks({ win32: WIN.shutRd }) }, async () => {
    const [a, b] = socket.socketpair();
    try {
      a.shutdown(socket.SHUT_RDWR);
      assert.deepEqual(await within(b.recv(10)), Buffer.alloc(0));
      assert.deepEqual(await within(a.recv(10)), Buffer.alloc(0));
    } finally {
      a.close();
      b.close();
    }
  });

  test("SHUT_RD: recv returns EOF at once", { skip: lacks({ win32: WIN.shutRd }) }, async () => {
    const [a, b] = socket.socketpair();
    try {
      a.shutdown(socket.SHUT_RD);
      assert.deepEqual(await within(a.recv(10)), Buffer.alloc(0));
    } finally {
      a.close();
      b.close();
    }
  });

  test("a bad how: OSError EINVAL", async () => {
    await withSockets(() => socket.socketpair(), (a, _b) => {
      assert.throws(() => a.shutdown(5), (e: unknown) => isOSError("EINVAL")(e) && (e as socket.OSError).syscall === "shutdown");
      assert.throws(() => a.shutdown(-1), isOSError("EINVAL"));
    });
  });

  test("an unconnected TCP socket: OSError ENOTCONN", async () => {
    await withSockets(() => [socket.socket()], (s) => assert.throws(() => s.shutdown(socket.SHUT_RDWR), isOSError("ENOTCONN")));
  });

  test("a closed socket: OSError EBADF", () => {
    const s = socket.socket();
    s.close();
    assert.throws(() => s.shutdown(socket.SHUT_RDWR), isOSError("EBADF"));
  });

  test("bad input names shutdown()", async () => {
    await withSockets(() => socket.socketpair(), (a, _b) => {
      assert.throws(() => a.shutdown(bad("1")), { name: "TypeError", message: /^shutdown\(\): how/ });
      assert.throws(() => a.shutdown(bad(undefined)), { name: "TypeError", message: /^shutdown\(\): how/ });
      assert.throws(() => a.shutdown(1.5), { name: "TypeError", message: /^shutdown\(\): how/ });
      assert.throws(() => a.shutdown(2 ** 31), { name: "RangeError", message: /^shutdown\(\): how/ });
    });
  });
});

describe("getInheritable()/setInheritable()", () => {
  /** Whether a child process (sh, forked from node and exec'd) sees `fd`. */
  function childSees(fd: number): boolean {
    const r = spawnSync("sh", ["-c", `test -e /proc/self/fd/${fd}`], { stdio: "ignore", timeout: 5000 });
    assert.equal(r.error, undefined);
    return r.status === 0;
  }

  test("false by default: sockets are close-on-exec", { skip: lacks({ win32: WIN.inherit }) }, async () => {
    await withSockets(() => [socket.socket(), socket.socket(socket.AF_INET6, socket.SOCK_DGRAM), socket.socket(socket.AF_UNIX)], (...all) => {
      for (const s of all) assert.equal(s.getInheritable(), false);
      assert.equal(childSees(all[0]!.fileno()), false);
    });
  });

  test("socketpair(), accept()ed, dup()ed and fromfd() sockets too", { skip: lacks({ win32: WIN.inherit }) }, async () => {
    const [client, server] = await tcpPair();
    const [a, b] = socket.socketpair();
    const d = client.dup();
    const f = socket.fromfd(a.fileno(), socket.AF_UNIX, socket.SOCK_STREAM);
    try {
      for (const s of [client, server, a, b, d, f]) {
        assert.equal(s.getInheritable(), false, String(s));
        assert.equal(childSees(s.fileno()), false, String(s));
      }
    } finally {
      for (const s of [client, server, a, b, d, f]) s.close();
    }
  });

  test("setInheritable(true): a child inherits the descriptor; false again: it does not", {
    skip: lacks({ win32: WIN.inherit, bun: "its child_process closes every descriptor beyond stdio in the child, inheritable or not" }),
  }, async () => {
    await withSockets(() => [socket.socket()], (s) => {
      s.setInheritable(true);
      assert.equal(s.getInheritable(), true);
      assert.equal(childSees(s.fileno()), true);
      s.setInheritable(true); // idempotent
      assert.equal(s.getInheritable(), true);
      s.setInheritable(false);
      assert.equal(s.getInheritable(), false);
      assert.equal(childSees(s.fileno()), false);
    });
  });

  test("a number is taken as a flag, as in Python", async () => {
    await withSockets(() => [socket.socket()], (s) => {
      s.setInheritable(bad(1));
      assert.equal(s.getInheritable(), true);
      s.setInheritable(bad(0));
      assert.equal(s.getInheritable(), false);
    });
  });

  test("a closed socket: OSError EBADF", () => {
    const s = socket.socket();
    s.close();
    assert.throws(() => s.getInheritable(), isOSError("EBADF"));
    assert.throws(() => s.setInheritable(true), isOSError("EBADF"));
  });

  test("bad input names setInheritable()", async () => {
    await withSockets(() => [socket.socket()], (s) => {
      assert.throws(() => s.setInheritable(bad("yes")), { name: "TypeError", message: /^setInheritable\(\): inheritable/ });
      assert.throws(() => s.setInheritable(bad(null)), { name: "TypeError", message: /^setInheritable\(\): inheritable/ });
      assert.equal(s.getInheritable(), false);
    });
  });
});
