// A socket's lifetime (docs/api.md "The Socket object", worker threads): close(),
// detach(), dup(), Symbol.dispose, toString()/inspect, closing on garbage
// collection, keeping the process alive (ref/unref), and moving a
// descriptor between threads.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readlinkSync } from "node:fs";
import { inspect } from "node:util";
import { Worker } from "node:worker_threads";
import * as socket from "../src/index.js";
import { keptAlive, libraryUrl } from "./child.js";
import { checkNoLeaks, isPending, openFdCount, within, errno } from "./helpers.js";
import { garbageCollector, lacks } from "./runtime.js";
import { WIN } from "./platform.js";

checkNoLeaks();

// fdinfo's "flags:" is octal; O_NONBLOCK is 04000 on Linux (generic ABI).
const O_NONBLOCK_FDINFO = 0o4000;

function fdinfoFlags(fd: number): number {
  const match = /^flags:\s+([0-7]+)$/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, "utf8"));
  assert.ok(match, `no flags line for fd ${fd}`);
  return parseInt(match[1]!, 8);
}

const EBADF = errno.EBADF;

const isOpen = (fd: number): boolean => existsSync(`/proc/self/fd/${fd}`);

const isEbadf = (e: unknown): boolean => e instanceof socket.OSError && e.code === "EBADF" && e.errno !== null;

/** A bound, listening TCP socket on loopback and its address. */
function listening(): [socket.Socket, [string, number]] {
  const l = socket.socket();
  l.bind(["127.0.0.1", 0]);
  l.listen();
  return [l, l.getsockname() as [string, number]];
}

describe("close()", () => {
  test("is idempotent and makes fileno() -1", { skip: lacks({ win32: WIN.procFd }) }, () => {
    const s = socket.socket();
    const fd = s.fileno();
    assert.ok(fd >= 0 && isOpen(fd));
    s.close();
    assert.equal(s.fileno(), -1);
    assert.equal(isOpen(fd), false, "the descriptor is released at once");
    s.close();
    s.close();
    assert.equal(s.fileno(), -1);
  });

  test("frees the port at once for the next bind", () => {
    const [l, address] = listening();
    l.close();
    const again = socket.socket();
    try {
      again.bind(address);
      assert.deepEqual(again.getsockname(), address);
    } finally {
      again.close();
    }
  });

  test("pending calls reject with OSError EBADF", async () => {
    const [a, b] = socket.socketpair();
    try {
      const pending: Promise<unknown>[] = [a.recv(10), a.recvfrom(10), a.recvInto(Buffer.alloc(4))];
      for (const p of pending) assert.ok(await isPending(p));
      a.close();
      for (const p of pending) await assert.rejects(within(p), isEbadf);
    } finally {
      a.close();
      b.close();
    }
  });

  test("async methods after close reject with EBADF, and never throw", async () => {
    const s = socket.socket();
    s.close();
    const calls: [string, () => Promise<unknown>][] = [
      ["accept", () => s.accept()],
      ["connect", () => s.connect(["127.0.0.1", 9])],
      ["recv", () => s.recv(10)],
      ["recvfrom", () => s.recvfrom(10)],
      ["recvInto", () => s.recvInto(Buffer.alloc(4))],
      ["recvfromInto", () => s.recvfromInto(Buffer.alloc(4))],
      ["send", () => s.send(Buffer.from("x"))],
      ["sendall", () => s.sendall(Buffer.from("x"))],
      ["sendto", () => s.sendto(Buffer.from("x"), ["127.0.0.1", 9])],
    ];
    for (const [name, call] of calls) {
      let result: Promise<unknown> | undefined;
      assert.doesNotThrow(() => {
        result = call();
      }, `${name}() threw synchronously`);
      assert.ok(result instanceof Promise, name);
      await assert.rejects(result, isEbadf, name);
    }
    // connectEx reports the connect error as its value, EBADF included,
    // as CPython's connect_ex does on a closed socket.
    assert.equal(await s.connectEx(["127.0.0.1", 9]), EBADF);
    // Bad arguments on a closed socket: still a rejection, not a throw.
    let bad: Promise<unknown> | undefined;
    assert.doesNotThrow(() => {
      bad = s.recv(-1);
    });
    await assert.rejects(bad!, RangeError);
  });

  test("sync methods after close throw OSError EBADF", () => {
    const s = socket.socket();
    s.close();
    const calls: [string, () => unknown][] = [
      ["bind", () => s.bind(["127.0.0.1", 0])],
      ["listen", () => s.listen()],
      ["getsockname", () => s.getsockname()],
      ["getpeername", () => s.getpeername()],
      ["getsockopt", () => s.getsockopt(socket.SOL_SOCKET, socket.SO_TYPE)],
      ["setsockopt", () => s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)],
      ["shutdown", () => s.shutdown(socket.SHUT_RDWR)],
      ["dup", () => s.dup()],
      ["getInheritable", () => s.getInheritable()],
      ["setInheritable", () => s.setInheritable(true)],
      ["acceptSync", () => s.acceptSync()],
      ["connectSync", () => s.connectSync(["127.0.0.1", 9])],
      ["recvSync", () => s.recvSync(10)],
      ["recvfromSync", () => s.recvfromSync(10)],
      ["recvIntoSync", () => s.recvIntoSync(Buffer.alloc(4))],
      ["recvfromIntoSync", () => s.recvfromIntoSync(Buffer.alloc(4))],
      ["sendSync", () => s.sendSync(Buffer.from("x"))],
      ["sendallSync", () => s.sendallSync(Buffer.from("x"))],
      ["sendtoSync", () => s.sendtoSync(Buffer.from("x"), ["127.0.0.1", 9])],
    ];
    for (const [name, call] of calls) assert.throws(call, isEbadf, name);
    assert.equal(s.connectExSync(["127.0.0.1", 9]), EBADF);
    assert.equal(s.fileno(), -1);
    assert.equal(s.detach(), -1);
  });
});

describe("detach()", () => {
  test("returns the descriptor, still open; the socket is closed", { skip: lacks({ win32: WIN.procFd }) }, () => {
    const s = socket.socket();
    const fd = s.fileno();
    const got = s.detach();
    try {
      assert.equal(got, fd);
      assert.equal(s.fileno(), -1);
      assert.ok(isOpen(fd), "detach() does not close the descriptor");
      assert.match(String(s), /^<socket \[closed\] fd=-1,/);
      assert.equal(s.detach(), -1, "a second detach() has nothing to give");
      s.close(); // a no-op: the descriptor is not the socket's any more
      assert.ok(isOpen(fd));
      assert.throws(() => s.getsockname(), isEbadf);
    } finally {
      socket.close(fd);
    }
  });

  test("a blocking-mode socket's descriptor has O_NONBLOCK cleared", { skip: lacks({ win32: "reads O_NONBLOCK from Linux's /proc/self/fdinfo (Windows cannot read a socket's non-blocking mode back)" }) }, () => {
    const s = socket.socket();
    assert.equal(s.timeout, null);
    const fd = s.detach();
    try {
      assert.equal(fdinfoFlags(fd) & O_NONBLOCK_FDINFO, 0);
    } finally {
      socket.close(fd);
    }
  });

  test("timeout and non-blocking modes leave O_NONBLOCK set (as the reference does)", { skip: lacks({ win32: "reads O_NONBLOCK from Linux's /proc/self/fdinfo (Windows cannot read a socket's non-blocking mode back)" }) }, () => {
    for (const timeout of [0, 1.5]) {
      const s = socket.socket();
      s.settimeout(timeout);
      const fd = s.detach();
      try {
        assert.notEqual(fdinfoFlags(fd) & O_NONBLOCK_FDINFO, 0, `timeout ${timeout}`);
      } finally {
        socket.close(fd);
      }
    }
  });

  test("pending calls reject with EBADF; the descriptor keeps working elsewhere", async () => {
    const [a, b] = socket.socketpair();
    let wrapped: socket.Socket | undefined;
    try {
      const pending = b.recv(10);
      assert.ok(await isPending(pending));
      const fd = b.detach();
      await assert.rejects(within(pending), isEbadf);
      wrapped = socket.socket(null, null, null, fd);
      await a.sendall(Buffer.from("after"));
      assert.deepEqual(await within(wrapped.recv(10)), Buffer.from("after"), "the data was not consumed by the abandoned call");
    } finally {
      a.close();
      b.close();
      wrapped?.close();
    }
  });
});

describe("dup()", () => {
  test("a working socket on a new descriptor, same family/type/proto/timeout", { skip: lacks({ win32: WIN.unixDgram }) }, async () => {
    const [a, b] = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM);
    b.settimeout(2);
    const copy = b.dup();
    try {
      assert.notEqual(copy.fileno(), b.fileno());
      assert.deepEqual([copy.family, copy.type, copy.proto, copy.timeout], [b.family, b.type, b.proto, 2]);
      b.close(); // the copy lives on
      await a.send(Buffer.from("to the copy"));
      assert.deepEqual(await within(copy.recv(100)), Buffer.from("to the copy"));
    } finally {
      a.close();
      b.close();
      copy.close();
    }
  });

  test("keeps blocking and non-blocking modes", () => {
    const s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM);
    const blocking = s.dup();
    s.setblocking(false);
    const nonblocking = s.dup();
    try {
      assert.deepEqual([blocking.family, blocking.type, blocking.proto], [socket.AF_INET6, socket.SOCK_DGRAM, 0]);
      assert.equal(blocking.timeout, null);
      assert.equal(nonblocking.timeout, 0);
    } finally {
      for (const x of [s, blocking, nonblocking]) x.close();
    }
  });

  test("a closed socket: OSError EBADF", () => {
    const s = socket.socket();
    s.close();
    assert.throws(() => s.dup(), isEbadf);
  });
});

describe("Symbol.dispose", () => {
  test("closes the socket (what `using` calls)", () => {
    const s = socket.socket();
    const fd = s.fileno();
    assert.equal(typeof s[Symbol.dispose], "function");
    s[Symbol.dispose]();
    assert.equal(s.fileno(), -1);
    assert.equal(isOpen(fd), false);
    s[Symbol.dispose](); // idempotent, like close()
  });
});

describe("toString() and util.inspect", () => {
  test("a Proxy of a Socket is described without its private fields (the fuzzer found a TypeError)", () => {
    const s = socket.socket();
    try {
      const proxy = new Proxy(s, {});
      assert.equal(String(proxy), "[object Object]");
      assert.equal(typeof inspect(proxy), "string");
    } finally {
      s.close();
    }
  });

  test("a bound socket shows its local address", () => {
    const [l, [host, port]] = listening();
    try {
      const expected = `<socket fd=${l.fileno()}, family=AF_INET, type=SOCK_STREAM, proto=0, laddr=['${host}', ${port}]>`;
      assert.equal(String(l), expected);
      assert.equal(l.toString(), expected);
      assert.equal(`${l}`, expected);
      assert.equal(inspect(l), expected);
      assert.ok(inspect([l]).includes(expected), "inside other values too");
    } finally {
      l.close();
    }
  });

  test("a connected socket shows raddr too", async () => {
    const [l, address] = listening();
    const c = socket.socket();
    try {
      await c.connect(address);
      const [lhost, lport] = c.getsockname() as [string, number];
      assert.equal(String(c), `<socket fd=${c.fileno()}, family=AF_INET, type=SOCK_STREAM, proto=0, laddr=['${lhost}', ${lport}], raddr=['127.0.0.1', ${address[1]}]>`);
    } finally {
      c.close();
      l.close();
    }
  });

  test("an unbound AF_INET socket shows laddr=['0.0.0.0', 0]", { skip: lacks({ win32: WIN.unboundName }) }, () => {
    const s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
    try {
      assert.equal(String(s), `<socket fd=${s.fileno()}, family=AF_INET, type=SOCK_DGRAM, proto=0, laddr=['0.0.0.0', 0]>`);
    } finally {
      s.close();
    }
  });

  test("IPv6: four elements", () => {
    const s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM);
    try {
      s.bind(["::1", 0]);
      const port = (s.getsockname() as [string, number, number, number])[1];
      assert.equal(String(s), `<socket fd=${s.fileno()}, family=AF_INET6, type=SOCK_DGRAM, proto=0, laddr=['::1', ${port}, 0, 0]>`);
    } finally {
      s.close();
    }
  });

  test("an unbound Unix socket has no laddr", { skip: lacks({ wine: WIN.wineUnix }) }, () => {
    const s = socket.socket(socket.AF_UNIX);
    try {
      assert.equal(String(s), `<socket fd=${s.fileno()}, family=AF_UNIX, type=SOCK_STREAM, proto=0>`);
      assert.equal(inspect(s), String(s));
    } finally {
      s.close();
    }
  });

  test("a Unix socket pair shows neither address (both are unnamed)", { skip: lacks({ win32: WIN.unixPair }) }, () => {
    const [a, b] = socket.socketpair();
    try {
      assert.equal(String(a), `<socket fd=${a.fileno()}, family=AF_UNIX, type=SOCK_STREAM, proto=0>`);
    } finally {
      a.close();
      b.close();
    }
  });

  test("a Unix client of a named server shows only raddr", { skip: lacks({ win32: WIN.unixAbstract }) }, async () => {
    const path = `\0bsdsock-05-${process.pid}`; // abstract: no file to clean up
    const server = socket.socket(socket.AF_UNIX);
    const client = socket.socket(socket.AF_UNIX);
    try {
      server.bind(path);
      server.listen();
      await client.connect(path);
      const text = String(client);
      assert.match(text, new RegExp(`^<socket fd=${client.fileno()}, family=AF_UNIX, type=SOCK_STREAM, proto=0, raddr=`));
      assert.doesNotMatch(text, /laddr=/);
    } finally {
      server.close();
      client.close();
    }
  });

  test('a closed socket: "[closed] fd=-1"', () => {
    const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
    s.close();
    assert.equal(String(s), "<socket [closed] fd=-1, family=AF_INET, type=SOCK_STREAM, proto=0>");
    assert.equal(inspect(s), "<socket [closed] fd=-1, family=AF_INET, type=SOCK_STREAM, proto=0>");
  });
});

describe("garbage collection", () => {
  const gc = garbageCollector();

  test("an unclosed socket that becomes unreachable has its descriptor closed", { skip: lacks({ win32: WIN.unixDgram }) }, async () => {
    const before = openFdCount();
    // Sockets made and dropped in a scope of their own.
    (() => {
      for (let i = 0; i < 8; i++) {
        const s = socket.socket();
        s.bind(["127.0.0.1", 0]);
      }
      socket.socketpair();
      socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).dup();
    })();
    assert.ok(openFdCount() >= before + 12, "the sockets are open before collection");
    for (let round = 0; round < 50 && openFdCount() > before; round++) {
      gc();
      await new Promise((r) => setImmediate(r));
    }
    assert.equal(openFdCount(), before, "every dropped socket was closed");
  });

  test("a socket that was used (its poller started) is collected too", async () => {
    const before = openFdCount();
    await (async () => {
      const [a, b] = socket.socketpair();
      const got = a.recv(10); // parks: starts the poller
      await b.send(Buffer.from("x"));
      assert.deepEqual(await within(got), Buffer.from("x"));
    })();
    for (let round = 0; round < 50 && openFdCount() > before; round++) {
      gc();
      await new Promise((r) => setImmediate(r));
    }
    assert.equal(openFdCount(), before);
  });
});

describe("keeping the process alive: ref()/unref()", () => {
  test("a socket with no pending call does not keep the process alive", () => {
    assert.equal(keptAlive(`const s = socket.socket(); s.bind(["127.0.0.1", 0]); s.listen(); const [a, b] = socket.socketpair();`), false);
  });

  test("a pending recv keeps it alive", () => {
    // The peer stays reachable: collected, it would close (Bun collects early).
    assert.equal(keptAlive(`const [a, b] = socket.socketpair(); globalThis.peer = b; a.recv(10);`), true);
  });

  test("a pending accept keeps it alive", () => {
    assert.equal(keptAlive(`const s = socket.socket(); s.bind(["127.0.0.1", 0]); s.listen(); s.accept();`), true);
  });

  test("after unref() a pending recv does not keep it alive", () => {
    assert.equal(keptAlive(`const [a, b] = socket.socketpair(); a.unref(); a.recv(10);`), false);
    assert.equal(keptAlive(`const [a, b] = socket.socketpair(); a.recv(10); a.unref();`), false);
  });

  test("ref() again makes it keep the process alive", () => {
    assert.equal(keptAlive(`const [a, b] = socket.socketpair(); globalThis.peer = b; a.unref(); a.recv(10); a.ref();`), true);
    assert.equal(keptAlive(`const [a, b] = socket.socketpair(); globalThis.peer = b; a.unref(); a.ref(); a.recv(10);`), true);
  });

  test("once the call completes, the process may exit", () => {
    assert.equal(keptAlive(`const [a, b] = socket.socketpair(); a.recv(10).then(() => console.log("got it")); setTimeout(() => b.send(Buffer.from("x")), 10);`), false);
  });

  test("ref() and unref() return the socket", () => {
    const s = socket.socket();
    try {
      assert.equal(s.unref(), s);
      assert.equal(s.ref(), s);
    } finally {
      s.close();
    }
  });
});

describe("worker_threads", () => {
  /** Starts a worker running `body` (an ES module) with the library
   *  imported as `socket`, and collects its messages. */
  function startWorker(body: string, workerData: unknown): { worker: Worker; next: () => Promise<Record<string, unknown>>; exited: Promise<number> } {
    const code = `import { parentPort, workerData } from "node:worker_threads";\nconst socket = await import(${JSON.stringify(libraryUrl)});\n${body}`;
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), { workerData });
    const inbox: Record<string, unknown>[] = [];
    const waiting: ((m: Record<string, unknown>) => void)[] = [];
    let failure: unknown;
    worker.on("message", (m: Record<string, unknown>) => {
      const w = waiting.shift();
      if (w) w(m);
      else inbox.push(m);
    });
    worker.on("error", (e) => {
      failure = e;
    });
    const exited = new Promise<number>((r) => worker.once("exit", r));
    const next = (): Promise<Record<string, unknown>> => {
      if (failure !== undefined) return Promise.reject(failure);
      const m = inbox.shift();
      if (m) return Promise.resolve(m);
      return within(Promise.race([
        new Promise<Record<string, unknown>>((r) => waiting.push(r)),
        exited.then((code) => Promise.reject(new Error(`worker exited (${code}): ${String(failure)}`))),
      ]), 10_000, "a message from the worker");
    };
    return { worker, next, exited };
  }

  test("the addon loads in a worker and a socket works there", async () => {
    const { next, exited } = startWorker(`
      const [a, b] = socket.socketpair();
      await a.sendall(Buffer.from("in a worker"));
      const got = await b.recv(100);
      a.close(); b.close();
      parentPort.postMessage({ got: got.toString(), closed: a.fileno() });
    `, null);
    assert.deepEqual(await next(), { got: "in a worker", closed: -1 });
    assert.equal(await within(exited), 0);
  });

  test("a descriptor moves between threads with detach() and socket(…, fileno)", { skip: lacks({ win32: WIN.procFd }) }, async () => {
    const [mine, theirs] = socket.socketpair();
    const { worker, next, exited } = startWorker(`
      // The Sync forms block only this worker's thread.
      const s = socket.socket(null, null, null, workerData.fd);
      parentPort.postMessage({ shape: [s.family, s.type, s.proto] });
      const data = s.recvSync(100);
      s.sendallSync(Buffer.concat([Buffer.from("echo:"), data]));
      s.close();
      // And one the other way, plus a call still pending when the worker ends.
      const [x, y] = socket.socketpair();
      y.recv(100);
      parentPort.postMessage({ fd: x.detach(), pendingFd: y.fileno() });
    `, { fd: theirs.detach() });
    let back: socket.Socket | undefined;
    let pendingFd = -1;
    try {
      assert.deepEqual(await next(), { shape: [socket.AF_UNIX, socket.SOCK_STREAM, 0] });
      await mine.sendall(Buffer.from("ping"));
      assert.deepEqual(await within(mine.recv(100)), Buffer.from("echo:ping"));
      const { fd, pendingFd: pfd } = (await next()) as { fd: number; pendingFd: number };
      pendingFd = pfd;
      back = socket.socket(null, null, null, fd);
      assert.deepEqual([back.family, back.type], [socket.AF_UNIX, socket.SOCK_STREAM]);
      // The worker ends with a recv pending: the process goes on, and the
      // socket the worker left open is closed as the worker ends (it owned
      // it), so the end that came back reads end-of-file.
      const pendingTarget = readlinkSync(`/proc/self/fd/${pendingFd}`);
      await worker.terminate();
      await within(exited);
      const stillOpen = (): boolean => {
        try {
          return readlinkSync(`/proc/self/fd/${pendingFd}`) === pendingTarget;
        } catch {
          return false;
        }
      };
      // Deno's terminate() and "exit" come before the worker's Node-API
      // environment has run its cleanup hooks: wait for them, bounded.
      for (let i = 0; i < 250 && stillOpen(); i++) await new Promise((r) => setTimeout(r, 20));
      assert.ok(!stillOpen(), "the worker's socket is closed");
      pendingFd = -1;
      assert.deepEqual(await within(back.recv(100)), Buffer.alloc(0));
    } finally {
      mine.close();
      theirs.close();
      back?.close();
      if (pendingFd >= 0 && isOpen(pendingFd)) socket.close(pendingFd);
    }
  });
});
