// Fault injection at the binding seam (binding.ts, setBindingForTesting):
// every native call of the addon is made to fail at least once, the way the
// kernel or the C library can fail (EINTR, a spurious EAGAIN, ENOMEM,
// ENOBUFS, EMFILE, ECONNRESET in the middle of a call, a resolver's
// failure code), through the public function that makes it. Each case
// checks what the caller sees, and that the process holds exactly the
// descriptors it held before (/proc/self/fd). The list of native calls is
// read from the binding itself: a native call added without a case here
// fails the first test. On Windows the binding has calls of its own
// (wsaioctl, share, fromshare) and lacks others (ThreadPoller, the mmsg
// calls); the pairs are TCP (socketpair() there), the errnos the addon's
// table (Winsock's numbers), and a case that cannot apply there says why.
import assert from "node:assert/strict";
import { closeSync, openSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as socket from "../src/index.js";
import { type NativeBinding, binding, pollTableKey, setBindingForTesting } from "../src/binding.js";
import { describe, test } from "node:test";
import { openFdCount, recvAll, tempDir, within, errno, unixPair } from "./helpers.js";
import { windows, WIN } from "./platform.js";
import { lacks } from "./runtime.js";

const E = errno;
const real = binding;
// The thread backend keeps one kernel queue per thread once it is first used:
// make it now, so that no case counts it as a leak (Windows has none).
if (!windows) {
  const [a, b] = socket.socketpair();
  new binding.ThreadPoller(a.fileno(), () => {}).close();
  a.close();
  b.close();
}
const dir = tempDir();

type Fn = (...args: never[]) => unknown;
/** The Windows addon's own calls (src/windows.ts), not in NativeBinding's type. */
type WindowsCall = "wsaioctl" | "share" | "fromshare";

/** A native function that fails `times` times with -errno, then is itself. */
function failing(name: keyof NativeBinding | WindowsCall, errno: number, times = 1): Fn {
  const fn = (real as unknown as Record<string, (...args: unknown[]) => unknown>)[name]!;
  let left = times;
  return ((...args: unknown[]) => (left-- > 0 ? -errno : fn.apply(real, args))) as Fn;
}

/** The poller table Sockets use, its start() failing with ENOSPC for any
 *  event (stopping, start(0), still works). */
function failingStart(): Partial<NativeBinding> {
  const table = real[pollTableKey];
  return { [pollTableKey]: { ...table, start: (slot: number, events: number) => (events === 0 ? table.start(slot, 0) : -E.ENOSPC) } };
}

/** An assertion: an OSError with this errno (and syscall, if given). */
function osErrorOf(errno: number, syscall?: string): (e: unknown) => true {
  return (e) => {
    assert.ok(e instanceof socket.OSError, `expected OSError, got ${String(e)}`);
    assert.equal(e.errno, errno, String(e));
    if (syscall !== undefined) assert.equal(e.syscall, syscall);
    return true;
  };
}

/** An assertion: the error a native call threw (its last line of defence). */
const injected = (e: unknown): true => {
  assert.ok(e instanceof Error && e.message === "injected native failure", String(e));
  return true;
};
function throwing(): Fn {
  return (() => {
    throw new Error("injected native failure");
  }) as Fn;
}

/** A stream socketpair (AF_UNIX; TCP on Windows), closed after `body` whatever happens. */
async function withPair(body: (a: socket.Socket, b: socket.Socket) => Promise<void> | void): Promise<void> {
  const [a, b] = unixPair((x) => x);
  try {
    await body(a, b);
  } finally {
    a.close();
    b.close();
  }
}

/** A TCP listener on the loopback, closed after `body`. */
async function withListener(body: (l: socket.Socket<socket.AddressFamily<"AF_INET">>) => Promise<void>): Promise<void> {
  const l = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  try {
    l.bind(["127.0.0.1", 0]);
    l.listen();
    await body(l);
  } finally {
    l.close();
  }
}

/** A UDP socket on the loopback, closed after `body`. */
async function withUdp(body: (s: socket.Socket) => Promise<void> | void): Promise<void> {
  const s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
  try {
    s.bind(["127.0.0.1", 0]);
    await body(s);
  } finally {
    s.close();
  }
}

interface Case {
  /** What fails, and how. */
  fault: string;
  /** The native functions replaced while `run` runs. */
  inject: () => Partial<Record<keyof NativeBinding | WindowsCall, unknown>>;
  run: () => Promise<void> | void;
  /** Why it cannot apply here (lacks()), if it cannot. */
  skip?: string | undefined;
}

const file = join(dir, "payload.bin");
const payload = Buffer.alloc(300_000, 0x5a);
writeFileSync(file, payload);

/** sendfile() of the payload over a socketpair; returns what arrived. */
async function sendPayload(call: (a: socket.Socket, fd: number) => Promise<number>): Promise<Buffer> {
  let got: Buffer = Buffer.alloc(0);
  await withPair(async (a, b) => {
    const fd = openSync(file, "r");
    try {
      const [received] = await Promise.all([recvAll(b, payload.length), call(a, fd).finally(() => a.shutdown(socket.SHUT_WR))]);
      got = received;
    } finally {
      closeSync(fd);
    }
  });
  return got;
}

const cases: Record<string, Case[]> = {
  socket: [
    { fault: "EMFILE", inject: () => ({ socket: failing("socket", E.EMFILE) }), run: () => assert.throws(() => socket.socket(), osErrorOf(E.EMFILE, "socket")) },
    { fault: "ENOBUFS", inject: () => ({ socket: failing("socket", E.ENOBUFS) }), run: () => assert.throws(() => socket.socket(socket.AF_INET, socket.SOCK_DGRAM), osErrorOf(E.ENOBUFS)) },
  ],
  socketpair: [
    { fault: "EMFILE", inject: () => ({ socketpair: failing("socketpair", E.EMFILE) }), run: () => assert.throws(() => socket.socketpair(), osErrorOf(E.EMFILE, "socketpair")) },
  ],
  bind: [
    { fault: "ENOMEM", inject: () => ({ bind: failing("bind", E.ENOMEM) }), run: () => {
      const s = socket.socket();
      try {
        assert.throws(() => s.bind(["127.0.0.1", 0]), osErrorOf(E.ENOMEM, "bind"));
      } finally {
        s.close();
      }
    } },
    { fault: "EADDRINUSE in createServer", inject: () => ({ bind: failing("bind", E.EADDRINUSE) }), run: () => assert.throws(() => socket.createServer(["127.0.0.1", 0]), osErrorOf(E.EADDRINUSE, "bind")) },
  ],
  listen: [
    { fault: "ENOBUFS in createServer", inject: () => ({ listen: failing("listen", E.ENOBUFS) }), run: () => assert.throws(() => socket.createServer(["127.0.0.1", 0]), osErrorOf(E.ENOBUFS, "listen")) },
  ],
  accept4: [
    { fault: "EMFILE, then the connection is still there", inject: () => ({ accept4: failing("accept4", E.EMFILE) }), run: () => withListener(async (l) => {
      const c = socket.socket();
      try {
        await c.connect(l.getsockname());
        await assert.rejects(l.accept(), osErrorOf(E.EMFILE, "accept"));
        const [s] = await within(l.accept());
        s.close();
      } finally {
        c.close();
      }
    }) },
    { fault: "a spurious EAGAIN (accept waits, then accepts)", inject: () => ({ accept4: failing("accept4", E.EAGAIN) }), run: () => withListener(async (l) => {
      const c = socket.socket();
      try {
        await c.connect(l.getsockname());
        const [s] = await within(l.accept());
        s.close();
      } finally {
        c.close();
      }
    }) },
    { fault: "ECONNABORTED (Sync)", inject: () => ({ accept4: failing("accept4", E.ECONNABORTED) }), run: () => withListener(async (l) => {
      l.setblocking(false);
      assert.throws(() => l.acceptSync(), osErrorOf(E.ECONNABORTED, "accept"));
    }) },
  ],
  connect: [
    { fault: "ENOBUFS", inject: () => ({ connect: failing("connect", E.ENOBUFS) }), run: () => withListener(async (l) => {
      const c = socket.socket();
      try {
        await assert.rejects(c.connect(l.getsockname()), osErrorOf(E.ENOBUFS, "connect"));
        assert.equal(await c.connectEx(l.getsockname()), 0, "a retry connects");
      } finally {
        c.close();
      }
    }) },
    { fault: "ECONNREFUSED in createConnection (every attempt's socket closed)", inject: () => ({ connect: failing("connect", E.ECONNREFUSED, 10) }), run: () => withListener(async (l) => {
      const [, port] = l.getsockname() as [string, number];
      await assert.rejects(socket.createConnection(["127.0.0.1", port]), osErrorOf(E.ECONNREFUSED));
      assert.throws(() => socket.createConnectionSync(["127.0.0.1", port]), osErrorOf(E.ECONNREFUSED));
    }) },
  ],
  recv: [
    { fault: "ECONNRESET", inject: () => ({ recv: failing("recv", E.ECONNRESET) }), run: () => withPair(async (a, b) => {
      b.sendSync(Buffer.from("x"));
      await assert.rejects(a.recv(10), osErrorOf(E.ECONNRESET, "recv"));
      assert.equal((await a.recv(10)).toString(), "x", "the data is still there");
    }) },
    { fault: "a spurious EAGAIN with data ready", inject: () => ({ recv: failing("recv", E.EAGAIN, 3) }), run: () => withPair(async (a, b) => {
      b.sendSync(Buffer.from("ready"));
      assert.equal((await within(a.recv(10))).toString(), "ready");
      b.sendSync(Buffer.from("sync"));
      assert.equal(a.recvSync(10).toString(), "sync");
    }) },
    { fault: "ENOMEM in a makefile() stream", inject: () => ({ recv: failing("recv", E.ENOMEM) }), run: () => withPair(async (a) => {
      const f = a.makefile("rb");
      const error = await within(new Promise((r) => f.once("error", r).resume()));
      osErrorOf(E.ENOMEM)(error);
    }) },
  ],
  recvfrom: [
    { fault: "ENOMEM", inject: () => ({ recvfrom: failing("recvfrom", E.ENOMEM, 2) }), run: () => withUdp(async (s) => {
      await assert.rejects(s.recvfrom(10), osErrorOf(E.ENOMEM, "recvfrom"));
      assert.throws(() => s.recvfromIntoSync(Buffer.alloc(4)), osErrorOf(E.ENOMEM, "recvfrom"));
    }) },
  ],
  send: [
    { fault: "ENOBUFS", inject: () => ({ send: failing("send", E.ENOBUFS) }), run: () => withPair(async (a) => {
      await assert.rejects(a.send(Buffer.from("x")), osErrorOf(E.ENOBUFS, "send"));
    }) },
    { fault: "ECONNRESET in the middle of sendall", inject: () => {
      let calls = 0;
      return {
        send: (fd: number, buf: Uint8Array, offset: number, length: number, flags: number) =>
          ++calls === 1 ? real.send(fd, buf, offset, Math.min(length, 1000), flags) : -E.ECONNRESET,
      };
    }, run: () => withPair(async (a, b) => {
      await assert.rejects(a.sendall(Buffer.alloc(5000)), osErrorOf(E.ECONNRESET, "send"));
      assert.equal(b.recvSync(10_000).length, 1000, "what was sent before the failure arrived");
    }) },
    { fault: "a spurious EAGAIN in sendall and in a makefile() write", inject: () => ({ send: failing("send", E.EAGAIN, 2) }), run: () => withPair(async (a, b) => {
      await within(a.sendall(Buffer.from("all")));
      const f = a.makefile("wb");
      await within(new Promise<void>((resolve, reject) => f.write(Buffer.from("file"), (e) => (e ? reject(e) : resolve()))));
      f.destroy();
      assert.equal((await recvAll(b, 7)).toString(), "allfile");
    }) },
  ],
  sendto: [
    { fault: "ENOBUFS", inject: () => ({ sendto: failing("sendto", E.ENOBUFS) }), run: () => withUdp(async (s) => {
      await assert.rejects(s.sendto(Buffer.from("x"), s.getsockname()), osErrorOf(E.ENOBUFS, "sendto"));
    }) },
  ],
  shutdown: [
    { fault: "ENOTCONN", inject: () => ({ shutdown: failing("shutdown", E.ENOTCONN) }), run: () => withPair((a) => {
      assert.throws(() => a.shutdown(socket.SHUT_RDWR), osErrorOf(E.ENOTCONN, "shutdown"));
    }) },
  ],
  close: [
    // Linux releases the descriptor even when close(2) reports an error.
    { fault: "EIO after releasing the descriptor", inject: () => ({ close: (fd: number) => {
      real.close(fd);
      return -E.EIO;
    } }), run: () => {
      const s = socket.socket();
      assert.throws(() => s.close(), osErrorOf(E.EIO, "close"));
      assert.equal(s.fileno(), -1);
    } },
  ],
  dup: [
    { fault: "EMFILE", inject: () => ({ dup: failing("dup", E.EMFILE, 2) }), run: () => withPair((a) => {
      assert.throws(() => a.dup(), osErrorOf(E.EMFILE, "dup"));
      assert.throws(() => socket.fromfd(a.fileno(), a.family, a.type), osErrorOf(E.EMFILE, "dup"));
    }) },
  ],
  getsockname: [
    { fault: "ENOBUFS", inject: () => ({ getsockname: failing("getsockname", E.ENOBUFS) }), run: () => withUdp((s) => {
      assert.throws(() => s.getsockname(), osErrorOf(E.ENOBUFS, "getsockname"));
    }) },
  ],
  getpeername: [
    { fault: "ENOBUFS while connect() checks the connection", inject: () => ({ getpeername: failing("getpeername", E.ENOBUFS) }), run: () => withListener(async (l) => {
      const c = socket.socket();
      try {
        const r = c.connect(l.getsockname());
        await r.then(() => assert.throws(() => c.getpeername(), osErrorOf(E.ENOBUFS)), osErrorOf(E.ENOBUFS, "connect"));
      } finally {
        c.close();
      }
    }) },
  ],
  getsockopt: [
    { fault: "ENOPROTOOPT", inject: () => ({ getsockopt: failing("getsockopt", E.ENOPROTOOPT) }), run: () => withUdp((s) => {
      assert.throws(() => s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF), osErrorOf(E.ENOPROTOOPT, "getsockopt"));
    }) },
    { fault: "ENOMEM while socket(fileno) reads the descriptor's shape (the copy is closed)", inject: () => ({ getsockopt: failing("getsockopt", E.ENOMEM) }), run: () => withPair((a) => {
      assert.throws(() => socket.fromfd(a.fileno(), socket.AF_UNIX, socket.SOCK_STREAM), osErrorOf(E.ENOMEM));
    }) },
  ],
  setsockopt: [
    { fault: "ENOMEM", inject: () => ({ setsockopt: failing("setsockopt", E.ENOMEM) }), run: () => withUdp((s) => {
      assert.throws(() => s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096), osErrorOf(E.ENOMEM, "setsockopt"));
    }) },
  ],
  fcntl: [
    { fault: "EBADF in setblocking", inject: () => ({ fcntl: failing("fcntl", E.EBADF) }), run: () => withUdp((s) => {
      assert.throws(() => s.setblocking(false), osErrorOf(E.EBADF, "setblocking"));
    }) },
    { fault: "ENOMEM while socket(fileno) sets O_NONBLOCK (the copy is closed)", inject: () => ({ fcntl: failing("fcntl", E.ENOMEM) }), run: () => withPair((a) => {
      assert.throws(() => socket.fromfd(a.fileno(), socket.AF_UNIX, socket.SOCK_STREAM), osErrorOf(E.ENOMEM, "fcntl"));
    }) },
  ],
  poll: [
    { fault: "EINTR, then ready (a Sync wait retries)", inject: () => ({ recv: failing("recv", E.EAGAIN), poll: failing("poll", E.EINTR) }), run: () => withPair((a, b) => {
      b.sendSync(Buffer.from("after EINTR"));
      a.settimeout(5);
      assert.equal(a.recvSync(100).toString(), "after EINTR");
    }) },
    // In timeout mode: in blocking mode a Sync call waits in recv(2) itself.
    { fault: "ENOMEM in a Sync wait", inject: () => ({ recv: failing("recv", E.EAGAIN), poll: failing("poll", E.ENOMEM) }), run: () => withPair((a) => {
      a.settimeout(5);
      assert.throws(() => a.recvSync(100), osErrorOf(E.ENOMEM, "poll"));
    }) },
  ],
  own: [
    { fault: "throws (the addon out of memory): fromfd() fails and closes its duplicate", inject: () => ({ own: () => {
      throw new Error("out of memory");
    } }), run: () => withPair((a) => {
      assert.throws(() => socket.fromfd(a.fileno(), socket.AF_UNIX, socket.SOCK_STREAM), /out of memory/);
    }) },
  ],
  disown: [
    { fault: "throws: detach() fails and the socket stays open and usable", inject: () => ({ disown: () => {
      throw new Error("out of memory");
    } }), run: () => withPair((a, b) => {
      assert.throws(() => a.detach(), /out of memory/);
      assert.ok(a.fileno() >= 0);
      b.sendSync(Buffer.from("still here"));
      assert.equal(a.recvSync(100).toString(), "still here");
    }) },
  ],
  pollfds: [
    { fault: "EINTR in selectSync, then ready (retried with the time that remains)", inject: () => ({ pollfds: failing("pollfds", E.EINTR) }), run: () => withPair((a, b) => {
      b.sendSync(Buffer.from("x"));
      const [readable] = socket.selectSync([a], [], [], 5);
      assert.deepEqual(readable, [a]);
    }) },
    { fault: "ENOMEM in selectSync and in a poll object", inject: () => ({ pollfds: failing("pollfds", E.ENOMEM, 3) }), run: () => withPair(async (a) => {
      assert.throws(() => socket.selectSync([a], [], [], 0), osErrorOf(E.ENOMEM, "poll"));
      const p = socket.poll();
      p.register(a);
      assert.throws(() => p.pollSync(0), osErrorOf(E.ENOMEM, "poll"));
      await assert.rejects(socket.select([a], [], [], 0), osErrorOf(E.ENOMEM, "poll"));
    }) },
  ],
  Poller: [
    { fault: "the poll handle cannot be made (ENOMEM): the waiting call rejects", inject: () => ({ [pollTableKey]: { ...real[pollTableKey], open: () => {
      throw Object.assign(new Error("uv_poll_init"), { errno: E.ENOMEM });
    } } }), run: () => withPair(async (a) => {
      await assert.rejects(within(a.recv(1)), osErrorOf(E.ENOMEM, "poll"));
    }) },
    { fault: "start() fails (ENOSPC): the waiting call rejects", inject: failingStart, run: () => withPair(async (a) => {
      await assert.rejects(within(a.recv(1)), osErrorOf(E.ENOSPC, "poll"));
    }) },
  ],
  ThreadPoller: [
    { fault: "the thread backend's start() failing (ENOSPC): reported, and the poller still closes", inject: () => ({ threadPoll: { ...real.threadPoll, start: () => -E.ENOSPC } }), run: () => withPair((a) => {
      const p = new binding.ThreadPoller(a.fileno(), () => {});
      try {
        assert.equal(p.start(binding.POLL_READABLE), -E.ENOSPC);
      } finally {
        p.close();
      }
    }) },
  ],
  strerror: [
    { fault: "throws while an OSError is built", inject: () => ({ strerror: throwing(), send: failing("send", E.ENOBUFS) }), run: () => withPair(async (a) => {
      await assert.rejects(a.send(Buffer.from("x")), injected);
    }) },
  ],
  gai_strerror: [
    { fault: "throws while a gaierror is built", inject: () => ({ gai_strerror: throwing(), getaddrinfo: () => ({ code: socket.EAI_FAIL, errno: 0 }) }), run: () => {
      assert.throws(() => socket.getaddrinfoSync("localhost", 80), injected);
    } },
  ],
  hstrerror: [
    { fault: "throws while an HError is built", inject: () => ({ hstrerror: throwing(), gethostbyaddr: () => ({ herrno: 2 }) }), run: () => {
      assert.throws(() => socket.gethostbyaddrSync("127.0.0.1"), injected);
    } },
  ],
  if_nametoindex: [
    { fault: "not found (0)", inject: () => ({ if_nametoindex: () => 0 }), run: () => assert.throws(() => socket.if_nametoindex("lo"), (e) => e instanceof socket.OSError) },
  ],
  if_indextoname: [
    { fault: "ENXIO", inject: () => ({ if_indextoname: () => -E.ENXIO }), run: () => assert.throws(() => socket.if_indextoname(1), osErrorOf(E.ENXIO, "if_indextoname")) },
  ],
  if_nameindex: [
    { fault: "ENOBUFS", inject: () => ({ if_nameindex: () => -E.ENOBUFS }), run: () => assert.throws(() => socket.if_nameindex(), osErrorOf(E.ENOBUFS, "if_nameindex")) },
  ],
  getaddrinfo: [
    { fault: "EAI_AGAIN (async and Sync)", inject: () => ({ getaddrinfo: (...args: unknown[]) => {
      const failure = { code: socket.EAI_AGAIN, errno: 0 };
      return args[6] === true ? Promise.resolve(failure) : failure;
    } }), run: async () => {
      await assert.rejects(socket.getaddrinfo("localhost", 80), socket.gaierror);
      assert.throws(() => socket.getaddrinfoSync("localhost", 80), socket.gaierror);
    } },
    { skip: lacks({ win32: WIN.noEaiSystem }), fault: "EAI_SYSTEM with ENOMEM during connect() to a host name", inject: () => ({ getaddrinfo: (...args: unknown[]) => {
      const failure = { code: socket.EAI_SYSTEM, errno: E.ENOMEM };
      return args[6] === true ? Promise.resolve(failure) : failure;
    } }), run: async () => {
      const c = socket.socket();
      try {
        await assert.rejects(c.connect(["localhost", 9]), osErrorOf(E.ENOMEM));
      } finally {
        c.close();
      }
      await assert.rejects(socket.createConnection(["localhost", 9]), osErrorOf(E.ENOMEM));
    } },
  ],
  getnameinfo: [
    { fault: "EAI_FAIL (async and Sync)", inject: () => ({ getnameinfo: (...args: unknown[]) => {
      const failure = { code: socket.EAI_FAIL, errno: 0 };
      return args[3] === true ? Promise.resolve(failure) : failure;
    } }), run: async () => {
      await assert.rejects(socket.getnameinfo(["127.0.0.1", 80], 0), socket.gaierror);
      assert.throws(() => socket.getnameinfoSync(["127.0.0.1", 80], 0), socket.gaierror);
    } },
  ],
  gethostbyname_ex: [
    { fault: "TRY_AGAIN", inject: () => ({ gethostbyname_ex: (...args: unknown[]) => {
      const failure = { herrno: real.herrno.TRY_AGAIN ?? 2 };
      return args[1] === true ? Promise.resolve(failure) : failure;
    } }), run: async () => {
      await assert.rejects(socket.gethostbynameEx("localhost"), (e) => e instanceof socket.OSError);
      assert.throws(() => socket.gethostbynameExSync("localhost"), (e) => e instanceof socket.OSError);
    } },
  ],
  gethostbyaddr: [
    { fault: "HOST_NOT_FOUND (getfqdn falls back to the name)", inject: () => ({ gethostbyaddr: (...args: unknown[]) => {
      const failure = { herrno: real.herrno.HOST_NOT_FOUND ?? 1 };
      return args[2] === true ? Promise.resolve(failure) : failure;
    } }), run: async () => {
      await assert.rejects(socket.gethostbyaddr("127.0.0.1"), socket.herror);
      assert.equal(await socket.getfqdn("127.0.0.1"), "127.0.0.1");
    } },
  ],
  gethostname: [
    { fault: "ENAMETOOLONG", inject: () => ({ gethostname: () => -E.ENAMETOOLONG }), run: () => assert.throws(() => socket.gethostname(), osErrorOf(E.ENAMETOOLONG, "gethostname")) },
  ],
  sethostname: [
    { fault: "EPERM", inject: () => ({ sethostname: () => -E.EPERM }), run: () => assert.throws(() => socket.sethostname("x"), osErrorOf(E.EPERM, "sethostname")) },
  ],
  getservbyname: [
    { fault: "not found (-1)", inject: () => ({ getservbyname: () => -1 }), run: () => assert.throws(() => socket.getservbyname("http", "tcp"), (e) => e instanceof socket.OSError) },
  ],
  getservbyport: [
    { fault: "not found (null)", inject: () => ({ getservbyport: () => null }), run: () => assert.throws(() => socket.getservbyport(80, "tcp"), (e) => e instanceof socket.OSError) },
  ],
  getprotobyname: [
    { fault: "not found (-1)", inject: () => ({ getprotobyname: () => -1 }), run: () => assert.throws(() => socket.getprotobyname("tcp"), (e) => e instanceof socket.OSError) },
  ],
  inet_aton: [
    { fault: "refused (null)", inject: () => ({ inet_aton: () => null }), run: () => assert.throws(() => socket.inet_aton("127.0.0.1"), (e) => e instanceof socket.OSError) },
  ],
  sendfile: [
    { fault: "EINVAL first: the pread/send fallback sends it all", inject: () => ({ sendfile: failing("sendfile", E.EINVAL) }), run: async () => {
      const got = await sendPayload((a, fd) => a.sendfile(fd));
      assert.ok(got.equals(payload));
    } },
    { fault: "EIO in the middle of the transfer", inject: () => {
      // The first call moves 1000 bytes (by pread and send: Windows has no
      // sendfile(2) to call), the next fails.
      let calls = 0;
      const chunk = Buffer.alloc(1000);
      return { sendfile: (out: number, inFd: number, offset: number) => (++calls === 1 ? real.send(out, chunk, 0, real.pread(inFd, chunk, 0, 1000, offset), 0) : -E.EIO) };
    }, run: async () => {
      await withPair(async (a, b) => {
        const fd = openSync(file, "r");
        try {
          await assert.rejects(a.sendfile(fd), osErrorOf(E.EIO, "sendfile"));
          assert.equal(b.recvSync(10_000).length, 1000);
        } finally {
          closeSync(fd);
        }
      });
    } },
  ],
  pread: [
    { fault: "EIO in the fallback", inject: () => ({ sendfile: failing("sendfile", E.EINVAL), pread: failing("pread", E.EIO) }), run: () => withPair(async (a) => {
      const fd = openSync(file, "r");
      try {
        await assert.rejects(a.sendfile(fd), osErrorOf(E.EIO, "pread"));
      } finally {
        closeSync(fd);
      }
    }) },
  ],
  lseek: [
    { fault: "ESPIPE while the file position is settled", inject: () => ({ lseek: failing("lseek", E.ESPIPE) }), run: async () => {
      await assert.rejects(sendPayload((a, fd) => a.sendfile(fd)), osErrorOf(E.ESPIPE, "lseek"));
    } },
  ],
  fstat: [
    { fault: "EIO", inject: () => ({ fstat: failing("fstat", E.EIO, 2) }), run: () => withPair(async (a) => {
      const fd = openSync(file, "r");
      try {
        await assert.rejects(a.sendfile(fd), osErrorOf(E.EIO, "fstat"));
        assert.throws(() => a.sendfileSync(fd), osErrorOf(E.EIO, "fstat"));
      } finally {
        closeSync(fd);
      }
    }) },
  ],
  sendmsg: [
    { fault: "ENOBUFS on a datagram socket", inject: () => ({ sendmsg: failing("sendmsg", E.ENOBUFS) }), run: () => withUdp(async (s) => {
      await assert.rejects(s.sendmsg([Buffer.from("x")], [], 0, s.getsockname()), osErrorOf(E.ENOBUFS, "sendmsg"));
    }) },
    { skip: lacks({ win32: WIN.fds }), fault: "ENOBUFS, and sendFds sends no descriptor", inject: () => ({ sendmsg: failing("sendmsg", E.ENOBUFS, 2) }), run: () => withPair(async (a) => {
      await assert.rejects(a.sendmsg([Buffer.from("x")]), osErrorOf(E.ENOBUFS, "sendmsg"));
      await assert.rejects(socket.sendFds(a, [Buffer.from("x")], [0]), osErrorOf(E.ENOBUFS, "sendmsg"));
    }) },
  ],
  recvmsg: [
    { fault: "ENOMEM on a datagram socket, and the datagram is still there", inject: () => ({ recvmsg: failing("recvmsg", E.ENOMEM) }), run: () => withUdp(async (s) => {
      s.sendtoSync(Buffer.from("x"), s.getsockname());
      await assert.rejects(s.recvmsg(10), osErrorOf(E.ENOMEM, "recvmsg"));
      const [data] = await within(s.recvmsg(10));
      assert.equal(data.toString(), "x");
    }) },
    { skip: lacks({ win32: WIN.fds }), fault: "ENOMEM, and recvFds leaves the descriptors queued", inject: () => ({ recvmsg: failing("recvmsg", E.ENOMEM) }), run: () => withPair(async (a, b) => {
      socket.sendFdsSync(b, [Buffer.from("x")], [0]);
      await assert.rejects(socket.recvFds(a, 10, 1), osErrorOf(E.ENOMEM, "recvmsg"));
      const [, fds] = await socket.recvFds(a, 10, 1);
      assert.equal(fds.length, 1);
      for (const fd of fds) socket.close(fd);
    }) },
  ],
  recvmmsg: [
    { fault: "ENOMEM", inject: () => ({ recvmmsg: failing("recvmmsg", E.ENOMEM) }), run: () => withUdp(async (s) => {
      await assert.rejects(s.recvmmsg(4, 100), osErrorOf(E.ENOMEM, "recvmmsg"));
    }) },
  ],
  sendmmsg: [
    { fault: "ENOBUFS", inject: () => ({ sendmmsg: failing("sendmmsg", E.ENOBUFS) }), run: () => withUdp(async (s) => {
      await assert.rejects(s.sendmmsg([[Buffer.from("x"), s.getsockname()]]), osErrorOf(E.ENOBUFS, "sendmmsg"));
    }) },
  ],
  // Windows only (src/windows.ts).
  wsaioctl: [
    { fault: "ENOBUFS", inject: () => ({ wsaioctl: failing("wsaioctl", E.ENOBUFS) }), run: () => withPair((a) => {
      assert.throws(() => a.ioctl(socket.SIO_KEEPALIVE_VALS!, [1, 10_000, 3_000]), osErrorOf(E.ENOBUFS, "ioctl"));
    }) },
  ],
  share: [
    { fault: "ENOBUFS", inject: () => ({ share: failing("share", E.ENOBUFS) }), run: () => withPair((a) => {
      assert.throws(() => a.share(process.pid), osErrorOf(E.ENOBUFS, "share"));
    }) },
  ],
  fromshare: [
    { fault: "EMFILE", inject: () => ({ fromshare: failing("fromshare", E.EMFILE) }), run: () => {
      const size = real.layout["WSAPROTOCOL_INFOW"]!["size"]!;
      assert.throws(() => socket.fromshare(Buffer.alloc(size)), osErrorOf(E.EMFILE, "fromshare"));
    } },
  ],
};

const nativeCalls = Object.keys(real).filter((k) => typeof (real as unknown as Record<string, unknown>)[k] === "function").sort();

test("every native call of the binding has a fault-injection case", () => {
  const missing = nativeCalls.filter((name) => !(name in cases) || cases[name]!.length === 0);
  assert.deepEqual(missing, [], `native calls without a fault-injection case: ${missing.join(", ")}`);
  // The list this file covers, as the report gives it.
  assert.ok(nativeCalls.length >= 40, nativeCalls.join(" "));
});

describe("every native call's error path, with no descriptor leaked", () => {
  for (const name of nativeCalls) {
    for (const c of cases[name] ?? []) {
      test(`${name}: ${c.fault}`, { skip: c.skip }, async () => {
        if (name in real === false) return;
        if ((name === "recvmmsg" || name === "sendmmsg") && real[name] === undefined) return;
        const before = openFdCount();
        const restore = setBindingForTesting(c.inject() as Partial<NativeBinding>);
        try {
          await within(Promise.resolve(c.run()), 20_000, `${name}: ${c.fault}`);
        } finally {
          restore();
        }
        await new Promise((r) => setImmediate(r));
        assert.equal(openFdCount(), before, `${name}: ${c.fault}: descriptors before and after`);
      });
    }
  }
});
