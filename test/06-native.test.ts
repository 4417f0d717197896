// The native core's own defences, and error paths reached on purpose.
//
// The TypeScript layer validates every public argument, so the addon's
// checks are the last line of defence: whatever a caller hands the native
// functions, they must throw a TypeError/RangeError, never read or write
// outside a buffer, and never crash the process. Error paths that the
// kernel will not produce on demand are driven through a binding that fails
// chosen calls (setBindingForTesting), and must not leak descriptors.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { binding, pollTableKey, setBindingForTesting } from "../src/binding.js";
import * as socket from "../src/index.js";
import { checkNoLeaks, openFdCount, errno, notOpen } from "./helpers.js";
import { windows } from "./platform.js";
import { evalArgs } from "./runtime.js";

checkNoLeaks();

const { EBADF, ENOTSOCK, EMFILE } = errno;

/** A thrown TypeError or RangeError (a programming error), not a crash. */
function argumentError(e: unknown): true {
  assert.ok(e instanceof TypeError || e instanceof RangeError, `expected TypeError/RangeError, got ${String(e)}`);
  return true;
}

describe("native functions refuse arguments no correct caller passes", () => {
  const buf = new Uint8Array(16);
  const len = new Uint32Array(1);

  test("byte ranges outside their buffer", () => {
    const [a, b] = socket.socketpair();
    try {
      const fd = a.fileno();
      for (const [offset, length] of [[0, 17], [17, 0], [8, 9], [-1, 4], [0, -1], [2 ** 31, 1], [1.5, 2]]) {
        assert.throws(() => binding.recv(fd, buf, offset!, length!, 0), argumentError, `recv ${offset},${length}`);
        assert.throws(() => binding.send(fd, buf, offset!, length!, 0), argumentError, `send ${offset},${length}`);
        assert.throws(() => binding.recvfrom(fd, buf, offset!, length!, 0, buf, len), argumentError);
        assert.throws(() => binding.sendto(fd, buf, offset!, length!, 0, buf, 0), argumentError);
      }
      // A zero-length range at the very end is fine.
      assert.equal(binding.send(fd, buf, 16, 0, 0), 0);
    } finally {
      a.close();
      b.close();
    }
  });

  test("addresses longer than their buffer", () => {
    const s = socket.socket();
    try {
      assert.throws(() => binding.bind(s.fileno(), buf, 17), argumentError);
      assert.throws(() => binding.connect(s.fileno(), buf, -1), argumentError);
      assert.throws(() => binding.sendto(s.fileno(), buf, 0, 1, 0, buf, 100), argumentError);
      assert.throws(() => binding.setsockopt(s.fileno(), 1, 2, buf, 17), argumentError);
      assert.throws(() => binding.setsockopt(s.fileno(), 1, 2, null, -1), argumentError);
    } finally {
      s.close();
    }
  });

  test("wrong types", () => {
    const values: unknown[] = [undefined, null, "3", {}, [], 1n, NaN, Infinity, 2 ** 32, -(2 ** 31) - 1];
    for (const v of values) {
      assert.throws(() => (binding.close as (fd: unknown) => number)(v), argumentError, `close(${String(v)})`);
      assert.throws(() => (binding.listen as (fd: number, b: unknown) => number)(0, v), argumentError);
    }
    // Buffers must be Uint8Arrays; out-parameters Uint32Arrays of one element at least.
    assert.throws(() => (binding.recv as (...a: unknown[]) => number)(0, new Uint16Array(4), 0, 1, 0), argumentError);
    assert.throws(() => (binding.recv as (...a: unknown[]) => number)(0, "text", 0, 1, 0), argumentError);
    assert.throws(() => (binding.getsockname as (...a: unknown[]) => number)(0, buf, new Uint32Array(0)), argumentError);
    assert.throws(() => (binding.getsockname as (...a: unknown[]) => number)(0, buf, new Int32Array(1)), argumentError);
    assert.throws(() => (binding.socketpair as (...a: unknown[]) => number)(1, 1, 0, new Int32Array(1)), argumentError);
    assert.throws(() => (binding.if_nametoindex as (n: unknown) => number)(1), argumentError);
    assert.throws(() => binding.if_indextoname(-1), argumentError);
    assert.throws(() => new binding.Poller(0, null as unknown as () => void), argumentError);
  });

  test("fcntl takes only its integer commands", () => {
    // F_GETLK (5 on Linux) takes a pointer: passing an integer as one must be refused.
    assert.throws(() => binding.fcntl(0, 5, 1234), argumentError);
  });

  test("system call failures are returned as -errno, never thrown", () => {
    assert.equal(binding.close(1 << 30), -errno[notOpen]!);
    assert.equal(binding.recv(1 << 30, buf, 0, 1, 0), -errno[notOpen]!);
    assert.equal(binding.getsockopt(0, 1, 3, buf, len) === -ENOTSOCK || binding.getsockopt(0, 1, 3, buf, len) === 0, true);
    // (WSAPoll fails the whole call for a number that is no socket.)
    assert.equal(binding.poll(1 << 30, 1, 0), windows ? -errno.ENOTSOCK! : 32 /* POLLNVAL */);
  });
});

describe("error paths driven through a failing binding", () => {
  test("socket() failing (EMFILE) raises OSError and opens nothing", () => {
    const restore = setBindingForTesting({ socket: () => -EMFILE });
    try {
      const before = openFdCount();
      assert.throws(() => socket.socket(), (e: unknown) => e instanceof socket.OSError && e.code === "EMFILE" && e.syscall === "socket");
      assert.equal(openFdCount(), before);
    } finally {
      restore();
    }
  });

  test("fromfd(): the duplicate is closed when wrapping it fails", () => {
    const [a, b] = socket.socketpair();
    const restore = setBindingForTesting({ getsockopt: () => -ENOTSOCK });
    try {
      const before = openFdCount();
      assert.throws(() => socket.fromfd(a.fileno(), socket.AF_UNIX, socket.SOCK_STREAM), (e: unknown) => e instanceof socket.OSError && e.code === "ENOTSOCK");
      assert.equal(openFdCount(), before, "the duplicated descriptor leaked");
    } finally {
      restore();
      a.close();
      b.close();
    }
  });

  test("socketpair() failing raises OSError and opens nothing", () => {
    const restore = setBindingForTesting({ socketpair: () => -EMFILE });
    try {
      const before = openFdCount();
      assert.throws(() => socket.socketpair(), (e: unknown) => e instanceof socket.OSError && e.code === "EMFILE");
      assert.equal(openFdCount(), before);
    } finally {
      restore();
    }
  });

  test("accept(): a failing accept4 rejects and leaves the listener usable", async () => {
    const l = socket.socket();
    l.bind(["127.0.0.1", 0]);
    l.listen();
    const c = socket.socket();
    try {
      await c.connect(l.getsockname());
      const restore = setBindingForTesting({ accept4: () => -EMFILE });
      try {
        await assert.rejects(l.accept(), (e: unknown) => e instanceof socket.OSError && e.code === "EMFILE" && e.syscall === "accept");
      } finally {
        restore();
      }
      const [conn] = await l.accept();
      conn.close();
    } finally {
      c.close();
      l.close();
    }
  });

  test("the poller failing to start rejects every waiting call", async () => {
    const [a, b] = socket.socketpair();
    const restore = setBindingForTesting({ [pollTableKey]: { ...binding[pollTableKey], start: () => -EBADF } });
    try {
      await assert.rejects(a.recv(1), (e: unknown) => e instanceof socket.OSError && e.code === "EBADF" && e.syscall === "poll");
    } finally {
      restore();
      a.close();
      b.close();
    }
  });

  test("close(): an error from close(2) is raised, and the socket is closed all the same", () => {
    const s = socket.socket();
    const fd = s.fileno();
    const realClose = binding.close; // `binding` is a live binding: take the real one now
    const restore = setBindingForTesting({
      close: (n: number) => {
        realClose(n);
        return -errno.EIO;
      },
    });
    try {
      assert.throws(() => s.close(), (e: unknown) => e instanceof socket.OSError && e.code === "EIO");
      assert.equal(s.fileno(), -1);
      assert.equal(realClose(fd), -errno[notOpen]!, "the descriptor was released");
    } finally {
      restore();
    }
  });
});

describe("the poller's callback", () => {
  test("an exception it throws is an uncaught exception of the process, as from a Node callback", () => {
    // In a child: the exception must reach process 'uncaughtException'.
    const bindingUrl = new URL("../src/binding.js", import.meta.url).href;
    const code = `
      import { binding } from ${JSON.stringify(bindingUrl)};
      const fds = new Int32Array(2);
      binding.socketpair(${windows ? socket.AF_INET : socket.AF_UNIX}, ${socket.SOCK_STREAM}, 0, fds);
      const p = new binding.Poller(fds[0], () => { throw new Error("thrown by the callback"); });
      process.on("uncaughtException", (e) => {
        console.log("uncaught:", e.message);
        p.close();
        binding.close(fds[0]);
        binding.close(fds[1]);
      });
      p.start(binding.POLL_READABLE);
      binding.send(fds[1], new Uint8Array(1), 0, 1, 0);
    `;
    const r = spawnSync(process.execPath, evalArgs(code), { encoding: "utf8", timeout: 20_000 });
    assert.equal(r.signal, null, r.stderr);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "uncaught: thrown by the callback\n");
  });
});

describe("buffers handed in arrays: JavaScript that runs while the array is read", () => {
  // Reading an element may run JavaScript (an index getter, or
  // Array.prototype's for a hole). Here the getter of element `at` moves the
  // memory of element `victim` to a new ArrayBuffer (detaching the old one)
  // and fills it with "Z": the call must not use that memory any more. It may
  // throw, fail with EFAULT, or succeed with the buffers as they are once
  // read; it must not write into, or send from, memory the array no longer
  // holds.
  function arrayWithMovingGetter(elements: Uint8Array[], at: number, victim: number): { array: Uint8Array[]; moved: () => Uint8Array | undefined } {
    const array = elements.slice();
    let moved: Uint8Array | undefined;
    const value = elements[at]!;
    Object.defineProperty(array, at, {
      get() {
        const was = elements[victim]!;
        moved = new Uint8Array(structuredClone(was.buffer, { transfer: [was.buffer as ArrayBuffer] }));
        assert.equal(was.byteLength, 0, "the victim is detached");
        moved.fill(0x5a); // "Z"
        return value;
      },
      enumerable: true,
    });
    return { array, moved: () => moved };
  }

  /** A thrown argument error, -EFAULT, or a count: what the call gave. */
  function outcome(call: () => number): number | "threw" {
    try {
      const r = call();
      assert.ok(r >= 0 || r === -errno.EFAULT, `unexpected result ${r}`);
      return r;
    } catch (e) {
      argumentError(e);
      return "threw";
    }
  }

  const info = new Uint32Array(2);
  const len = new Uint32Array(1);

  for (const count of [2, 20]) {
    test(`recvmsg never writes into a buffer's moved memory (${count} buffers)`, () => {
      const [a, b] = socket.socketpair();
      try {
        const elements = Array.from({ length: count }, () => new Uint8Array(4));
        const { array, moved } = arrayWithMovingGetter(elements, count - 1, 0);
        assert.equal(binding.send(b.fileno(), new Uint8Array(8).fill(0x61), 0, 8, 0), 8);
        const r = outcome(() => binding.recvmsg(a.fileno(), array, new Uint8Array(0), 0, new Uint8Array(0), len, info));
        assert.ok(moved() !== undefined, "the getter ran");
        assert.deepEqual(moved(), new Uint8Array(4).fill(0x5a), "the moved memory was written into");
        if (typeof r === "number" && r > 0) {
          const got = Buffer.concat(elements.slice(1));
          assert.equal(got.subarray(0, r).toString(), "a".repeat(r));
        }
      } finally {
        a.close();
        b.close();
      }
    });
  }

  test("sendmsg never sends from a buffer's moved memory", () => {
    const [a, b] = socket.socketpair();
    try {
      const elements = [new Uint8Array(4).fill(0x61), new Uint8Array(4).fill(0x62)];
      const { array, moved } = arrayWithMovingGetter(elements, 1, 0);
      const r = outcome(() => binding.sendmsg(a.fileno(), array, null, 0, null, 0));
      assert.ok(moved() !== undefined, "the getter ran");
      const got = new Uint8Array(16);
      const n = binding.recv(b.fileno(), got, 0, 16, 0);
      if (typeof r === "number" && r > 0) assert.equal(n, r);
      assert.ok(!got.includes(0x5a), `sent from the moved memory: ${Buffer.from(got.subarray(0, Math.max(n, 0))).toString()}`);
    } finally {
      a.close();
      b.close();
    }
  });

  test("sendmmsg never sends from a message's moved memory, whether a message or an address moves it", { skip: binding.sendmmsg === undefined && "sendmmsg is not available" }, () => {
    const sendmmsg = binding.sendmmsg!;
    const rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
    const tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
    try {
      rx.bind(["127.0.0.1", 0]);
      const addr = new Uint8Array(128);
      assert.equal(binding.getsockname(rx.fileno(), addr, len), 0);
      const to = addr.slice(0, len[0]);
      const received = (): Uint8Array[] => {
        const out: Uint8Array[] = [];
        for (;;) {
          const got = new Uint8Array(16);
          const n = binding.recv(rx.fileno(), got, 0, 16, 0);
          if (n < 0) return out;
          out.push(got.subarray(0, n));
        }
      };
      // A message's getter moves an earlier message.
      const messages = [new Uint8Array(4).fill(0x61), new Uint8Array(4).fill(0x62)];
      const byMessage = arrayWithMovingGetter(messages, 1, 0);
      outcome(() => sendmmsg(tx.fileno(), byMessage.array, [to, to], 2, 0));
      assert.ok(byMessage.moved() !== undefined, "the message getter ran");
      // An address's getter moves the message sent to it.
      const data = [new Uint8Array(4).fill(0x63)];
      const addrs = [to];
      let movedByAddress: Uint8Array | undefined;
      Object.defineProperty(addrs, 0, {
        get() {
          movedByAddress = new Uint8Array(structuredClone(data[0]!.buffer, { transfer: [data[0]!.buffer as ArrayBuffer] }));
          movedByAddress.fill(0x5a);
          return to;
        },
        enumerable: true,
      });
      outcome(() => sendmmsg(tx.fileno(), data, addrs, 1, 0));
      assert.ok(movedByAddress !== undefined, "the address getter ran");
      for (const d of received()) assert.ok(!d.includes(0x5a), `sent from moved memory: ${Buffer.from(d).toString()}`);
    } finally {
      rx.close();
      tx.close();
    }
  });
});
