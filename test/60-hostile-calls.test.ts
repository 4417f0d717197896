// Calls a hostile or careless caller makes (issue 10): Promises the library
// starts internally and must never abandon, a signal that aborted before
// the call, one signal shared by many pending calls, buffers detached while
// a call waits, and bytes-like values that are not what they claim.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { getEventListeners } from "node:events";
import * as socket from "../src/index.js";
import { binding, setBindingForTesting } from "../src/binding.js";
import { checkNoLeaks, fillSendBuffer, isPending, trackSockets, typeErrorOf, unixPair, within } from "./helpers.js";
import { lacks } from "./runtime.js";
import { WIN, windows } from "./platform.js";

checkNoLeaks();

const track = trackSockets();
const pair = (type?: number): [socket.Socket, socket.Socket] => unixPair(track, type);

const turns = async (n = 5): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

/** Runs `body` and returns the reasons of every unhandled rejection seen
 *  while it ran and for a few turns of the loop after. */
async function unhandledDuring(body: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const record = (reason: unknown): void => {
    seen.push(reason);
  };
  process.on("unhandledRejection", record);
  try {
    await body();
    await turns();
  } finally {
    process.off("unhandledRejection", record);
  }
  return seen;
}

/**
 * Replaces the thread-pool lookup by one that settles within the same turn
 * (so a test knows when an abandoned lookup would have failed): "localhost"
 * resolves to 127.0.0.1, every other name fails with EAI_NONAME.
 */
function instantLookups(): () => void {
  const real = binding.getaddrinfo.bind(binding) as (...a: unknown[]) => unknown;
  return setBindingForTesting({
    getaddrinfo: ((host: string | null, port: string | null, family: number, type: number, proto: number, flags: number, async: boolean) => {
      if (!async) return real(host, port, family, type, proto, flags, false);
      if (host === "localhost") return Promise.resolve(real("127.0.0.1", port, family, type, proto, flags, false));
      return Promise.resolve({ code: socket.EAI_NONAME, errno: 0 });
    }) as typeof binding.getaddrinfo,
  });
}

/** Asserts that `body`, run on a UDP socket with instantLookups(), leaves
 *  no unhandled rejection behind. */
async function noneUnhandled(body: (s: socket.Socket) => Promise<void>): Promise<void> {
  const restore = instantLookups();
  try {
    const s = track(socket.socket(socket.AF_INET, socket.SOCK_DGRAM));
    assert.deepEqual(await unhandledDuring(() => body(s)), []);
  } finally {
    restore();
  }
}

const noSendmmsg = "sendmmsg(2) is Linux's: on Windows it fails with ENOSYS, not with what these cases provoke";
const aborted = (): AbortSignal => AbortSignal.abort(new Error("aborted before the call"));

describe("no internal Promise is left without a handler", () => {
  test("sendFds with an already-aborted signal and a host name", { skip: lacks({ win32: WIN.fds }) }, () => noneUnhandled(async (s) => {
    await assert.rejects(socket.sendFds(s, [Buffer.from("x")], [0], 0, ["localhost", 9], { signal: aborted() }), /aborted before the call/);
  }));

  test("sendmmsg whose later message is bad, after a host name", () => noneUnhandled(async (s) => {
    const messages = [[Buffer.from("x"), ["no-such-host.invalid", 9]], "bad"] as never;
    await assert.rejects(s.sendmmsg(messages), typeErrorOf("sendmmsg"));
  }));

  test("sendto, sendmsg and connect with a host name and a signal that aborts during the lookup", () => noneUnhandled(async (s) => {
    for (const call of [
      (signal: AbortSignal) => s.sendto(Buffer.from("x"), ["no-such-host.invalid", 9], { signal }),
      (signal: AbortSignal) => s.sendmsg([Buffer.from("x")], null, 0, ["no-such-host.invalid", 9], { signal }),
      (signal: AbortSignal) => s.connect(["no-such-host.invalid", 9], { signal }),
      (signal: AbortSignal) => socket.getaddrinfo("no-such-host.invalid", 9, { signal }),
    ]) {
      const controller = new AbortController();
      const p = call(controller.signal);
      controller.abort(new Error("aborted during the lookup"));
      await assert.rejects(p, /aborted during the lookup/);
    }
  }));

  // The fuzzer once saw an unhandled GaiError: sendmmsg had started a
  // lookup for one address when reading a later one threw.
  test("sendmmsg whose later address reads differently each time leaves no lookup behind", { skip: lacks({ win32: noSendmmsg }) }, () => noneUnhandled(async (s) => {
    for (let honest = 0; honest < 8; honest++) {
      let reads = 0;
      const lying: unknown[] = [];
      Object.defineProperty(lying, 0, {
        enumerable: true,
        get: () => {
          if (++reads > honest) throw new Error("a lying address");
          return "second.invalid";
        },
      });
      lying[1] = 9;
      const messages = [[Buffer.from("x"), ["first.invalid", 9]], [Buffer.from("y"), lying]] as never;
      await assert.rejects(s.sendmmsg(messages), (e: unknown) => e instanceof socket.GaiError || (e instanceof Error && e.message === "a lying address"));
    }
  }));

  test("sendmmsg whose second lookup cannot start leaves the first handled", { skip: lacks({ win32: noSendmmsg }) }, () => noneUnhandled(async (s) => {
    let started = 0;
    const fail = binding.getaddrinfo.bind(binding) as (...a: unknown[]) => unknown;
    const restore = setBindingForTesting({
      getaddrinfo: ((...args: unknown[]) => {
        if (args[6] === true && ++started === 2) throw new Error("no thread-pool slot");
        return fail(...args);
      }) as typeof binding.getaddrinfo,
    });
    try {
      const messages = [[Buffer.from("x"), ["first.invalid", 9]], [Buffer.from("y"), ["second.invalid", 9]]] as const;
      await assert.rejects(s.sendmmsg(messages), /no thread-pool slot/);
      assert.equal(started, 2);
    } finally {
      restore();
    }
  }));

  test("sendto and sendmsg with a host that turns numeric on a second read", () => noneUnhandled(async (s) => {
    const shifty = (): unknown[] => {
      let reads = 0;
      const address: unknown[] = [];
      Object.defineProperty(address, 0, { enumerable: true, get: () => (++reads <= 2 ? "shifty.invalid" : "127.0.0.1") });
      address[1] = 9;
      return address;
    };
    assert.equal(await s.sendto(Buffer.from("x"), shifty() as never), 1);
    assert.equal(await s.sendmsg([Buffer.from("x")], null, 0, shifty() as never), 1);
  }));

  test("sendto with bad data and a host name is refused before any lookup", async () => {
    let lookups = 0;
    const real = binding.getaddrinfo.bind(binding) as (...a: unknown[]) => unknown;
    const restore = setBindingForTesting({
      getaddrinfo: ((...args: unknown[]) => {
        if (args[6] === true) lookups++;
        return real(...args);
      }) as typeof binding.getaddrinfo,
    });
    try {
      const s = track(socket.socket(socket.AF_INET, socket.SOCK_DGRAM));
      await assert.rejects(s.sendto("text" as never, ["localhost", 9]), typeErrorOf("sendto"));
      await assert.rejects(s.sendmsg(["text"] as never, null, 0, ["localhost", 9]), typeErrorOf("sendmsg"));
      await assert.rejects(s.sendmmsg([[Buffer.from("x"), ["localhost", 9]]], -1.5), typeErrorOf("sendmmsg"));
      assert.equal(lookups, 0);
    } finally {
      restore();
    }
  });
});

describe("every async call checks its signal first", () => {
  test("sendFds with an already-aborted signal sends nothing", { skip: lacks({ win32: WIN.fds }) }, async () => {
    const [a, b] = pair();
    await assert.rejects(socket.sendFds(a, [Buffer.from("x")], [0], { signal: aborted() }), /aborted before the call/);
    b.setblocking(false);
    assert.throws(() => b.recvSync(10), socket.BlockingIOError);
  });

  test("an aborted signal wins over bad arguments, alike everywhere", { skip: lacks({ win32: WIN.fds }) }, async () => {
    const [a] = pair();
    const signal = aborted();
    const calls: [string, () => Promise<unknown>][] = [
      ["recv", () => a.recv(-1, { signal })],
      ["send", () => a.send("bad" as never, { signal })],
      ["sendFds", () => socket.sendFds(a, "bad" as never, [0], { signal })],
      ["recvFds", () => socket.recvFds(a, -1, 1, { signal })],
      ["getaddrinfo", () => socket.getaddrinfo(5 as never, null, { signal })],
      ["getfqdn", () => socket.getfqdn(5 as never, { signal })],
      ["createConnection", () => socket.createConnection(["localhost", "bad port\0"], undefined, null, { signal })],
    ];
    for (const [fn, call] of calls) {
      await assert.rejects(call(), /aborted before the call/, fn);
    }
  });
});

describe("one AbortSignal shared by many pending calls", () => {
  test("no MaxListenersExceededWarning, and no listener left once they settle", async () => {
    const warnings: Error[] = [];
    const record = (w: Error): void => {
      warnings.push(w);
    };
    process.on("warning", record);
    try {
      const controller = new AbortController();
      const { signal } = controller;
      const [a, b] = pair();
      const calls = Array.from({ length: 25 }, () => a.recv(1, { signal }));
      await turns();
      assert.equal(await isPending(calls[0]!), true);
      assert.ok(getEventListeners(signal, "abort").length <= 1, "one listener at most on the caller's signal");
      b.sendSync(Buffer.from("0123456789"));
      const first = await within(Promise.all(calls.slice(0, 10)));
      assert.equal(Buffer.concat(first).toString(), "0123456789");
      controller.abort(new Error("enough"));
      for (const p of calls.slice(10)) await assert.rejects(p, /enough/);
      assert.equal(getEventListeners(signal, "abort").length, 0);

      // The same for lookups that share a signal (withAbort).
      const shared = new AbortController();
      const lookups = Array.from({ length: 25 }, () => socket.getaddrinfo("127.0.0.1", 80, { signal: shared.signal }));
      await within(Promise.all(lookups));
      assert.equal(getEventListeners(shared.signal, "abort").length, 0);
      await turns();
      assert.deepEqual(warnings.filter((w) => w.name === "MaxListenersExceededWarning"), []);
    } finally {
      process.off("warning", record);
    }
  });
});

/** Moves `buffer`'s memory away, as postMessage with a transfer list does. */
function detach(buffer: ArrayBuffer): void {
  structuredClone(buffer, { transfer: [buffer] });
}

describe("a buffer detached while its call waits", () => {
  test("sendall rejects, saying how many bytes were sent", async () => {
    const [a, b] = pair();
    fillSendBuffer(a);
    const data = new Uint8Array(1 << 20);
    const p = a.sendall(data);
    await turns();
    assert.equal(await isPending(p), true);
    detach(data.buffer);
    b.setblocking(false);
    for (let i = 0; i < 1000; i++) {
      try {
        b.recvSync(1 << 16);
      } catch {
        break;
      }
    }
    await assert.rejects(within(p), (e: unknown) => {
      assert.ok(e instanceof TypeError, String(e));
      assert.match(e.message, /^sendall\(\): data was detached or shrunk while the call was pending \(\d+ of 1048576 bytes were sent\)$/);
      return true;
    });
  });

  test("send, sendmsg and sendmmsg reject instead of sending 0 bytes", { skip: lacks({ win32: WIN.unixDgram }) }, async () => {
    const [a, b] = pair(socket.SOCK_DGRAM);
    a.setblocking(false);
    for (let i = 0; i < 100_000; i++) {
      try {
        a.sendSync(Buffer.alloc(512));
      } catch {
        break;
      }
    }
    a.setblocking(true);
    const one = new Uint8Array(16);
    const two = new Uint8Array(16);
    const three = new Uint8Array(16);
    const pending = [
      a.send(one).then(() => "sent", (e: unknown) => e),
      a.sendmsg([new Uint8Array(4), two]).then(() => "sent", (e: unknown) => e),
      a.sendmmsg([three]).then(() => "sent", (e: unknown) => e),
    ];
    await turns();
    detach(one.buffer);
    detach(two.buffer);
    detach(three.buffer);
    b.setblocking(false);
    for (let i = 0; i < 100_000; i++) {
      try {
        b.recvSync(512);
      } catch {
        break;
      }
    }
    const [send, sendmsg, sendmmsg] = await within(Promise.all(pending));
    assert.match(String(send), /^TypeError: send\(\): data was detached/);
    assert.match(String(sendmsg), /^TypeError: sendmsg\(\): buffers\[1\] was detached/);
    assert.match(String(sendmmsg), /^TypeError: sendmmsg\(\): messages\[0\] was detached/);
  });

  test("recvInto, recvfromInto and recvmsgInto reject", { skip: lacks({ win32: WIN.unixDgram }) }, async () => {
    const [a, b] = pair(socket.SOCK_DGRAM);
    const one = new Uint8Array(16);
    const two = new Uint8Array(16);
    const three = new Uint8Array(16);
    const pending = [
      a.recvInto(one).then(() => "received", (e: unknown) => e),
      a.recvfromInto(two).then(() => "received", (e: unknown) => e),
      a.recvmsgInto([three]).then(() => "received", (e: unknown) => e),
    ];
    await turns();
    detach(one.buffer);
    detach(two.buffer);
    detach(three.buffer);
    for (let i = 0; i < 3; i++) b.sendSync(Buffer.from("datagram"));
    const [recvInto, recvfromInto, recvmsgInto] = await within(Promise.all(pending));
    assert.match(String(recvInto), /^TypeError: recvInto\(\): buffer was detached/);
    assert.match(String(recvfromInto), /^TypeError: recvfromInto\(\): buffer was detached/);
    assert.match(String(recvmsgInto), /^TypeError: recvmsgInto\(\): buffers\[0\] was detached/);
  });
});

describe("bytes-like values that are not what they claim", () => {
  const detachedBuffer = (): ArrayBuffer => {
    const ab = new ArrayBuffer(8);
    detach(ab);
    return ab;
  };
  const hostile: [string, () => unknown][] = [
    ["a detached ArrayBuffer", detachedBuffer],
    ["a Uint8Array detached after it was made", () => {
      const u = new Uint8Array(8);
      detach(u.buffer);
      return u;
    }],
    ["a Buffer detached after it was made", () => {
      const u = Buffer.from(new ArrayBuffer(8));
      detach(u.buffer);
      return u;
    }],
    ["a DataView over a detached buffer", () => {
      const ab = new ArrayBuffer(8);
      const view = new DataView(ab);
      detach(ab);
      return view;
    }],
    ["a Float64Array detached after it was made", () => {
      const f = new Float64Array(2);
      detach(f.buffer);
      return f;
    }],
    ["a Proxy of a Uint8Array", () => new Proxy(new Uint8Array(8), {})],
    ["a Proxy of a Buffer", () => new Proxy(Buffer.alloc(8), {})],
    ["a revoked Proxy", () => {
      const { proxy, revoke } = Proxy.revocable(new Uint8Array(8), {});
      revoke();
      return proxy;
    }],
  ];

  for (const [what, make] of hostile) {
    test(`${what}: a TypeError naming the function and the argument`, async () => {
      const [a] = pair();
      const udp = track(socket.socket(socket.AF_INET, socket.SOCK_DGRAM));
      const expect = (fn: string, arg: string) => (e: unknown): true => {
        typeErrorOf(fn)(e);
        assert.ok((e as Error).message.includes(arg), `${fn}: names ${arg}: ${(e as Error).message}`);
        return true;
      };
      await assert.rejects(a.send(make() as never), expect("send", "data"));
      assert.throws(() => a.sendSync(make() as never), expect("sendSync", "data"));
      await assert.rejects(a.sendall(make() as never), expect("sendall", "data"));
      await assert.rejects(udp.sendto(make() as never, ["127.0.0.1", 9]), expect("sendto", "data"));
      await assert.rejects(a.recvInto(make() as never), expect("recvInto", "buffer"));
      assert.throws(() => a.recvfromIntoSync(make() as never), expect("recvfromIntoSync", "buffer"));
      await assert.rejects(a.sendmsg([make()] as never), expect("sendmsg", "buffers[0]"));
      await assert.rejects(a.recvmsgInto([make()] as never), expect("recvmsgInto", "buffers[0]"));
      // Any message type: its data is refused first (Windows has no SCM_RIGHTS).
      await assert.rejects(a.sendmsg([Buffer.from("x")], [[socket.SOL_SOCKET, socket.SCM_RIGHTS ?? 1, make()]] as never), expect("sendmsg", "ancdata[0] data"));
      await assert.rejects(udp.sendmmsg([[make(), ["127.0.0.1", 9]]] as never), expect("sendmmsg", "messages[0]"));
      // (Windows passes no descriptors and has no AF_UNIX datagram sockets: WIN.fds, WIN.unixDgram.)
      if (!windows) await assert.rejects(socket.sendFds(a, [make()] as never, [0]), expect("sendFds", "buffers[0]"));
      assert.throws(() => a.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, make() as never), /^TypeError: setsockopt\(\): value/);
      assert.throws(() => socket.inet_ntoa(make() as never), expect("inet_ntoa", "packedIp"));
      if (windows) return;
      const unix = track(socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM));
      assert.throws(() => unix.bind(make() as never), expect("bind", "AF_UNIX address"));
    });
  }

  test("Proxies where an iterable, an address or a socket is expected", async () => {
    const [a] = pair();
    const udp = track(socket.socket(socket.AF_INET, socket.SOCK_DGRAM));
    const revoked = (): unknown => {
      const { proxy, revoke } = Proxy.revocable([], {});
      revoke();
      return proxy;
    };
    const ofBytes = (): unknown => new Proxy(new Uint8Array(4), {});
    for (const make of [revoked, ofBytes]) {
      await assert.rejects(udp.sendmmsg(make() as never), typeErrorOf("sendmmsg"));
      assert.throws(() => udp.sendmmsgSync(make() as never), typeErrorOf("sendmmsgSync"));
      await assert.rejects(a.sendmsg(make() as never), typeErrorOf("sendmsg"));
      await assert.rejects(a.sendmsg([Buffer.from("x")], make() as never), typeErrorOf("sendmsg"));
      await assert.rejects(udp.sendto(Buffer.from("x"), make() as never), typeErrorOf("sendto"));
      await assert.rejects(udp.connect(make() as never), typeErrorOf("connect"));
      await assert.rejects(socket.recvFds(make() as never, 1, 1), typeErrorOf("recvFds"));
      assert.throws(() => socket.getnameinfoSync(make() as never, 0), typeErrorOf("getnameinfoSync"));
    }
  });

  test("sparse arrays: each hole is refused by its index", async () => {
    const [a] = pair();
    const udp = track(socket.socket(socket.AF_INET, socket.SOCK_DGRAM));
    // eslint-disable-next-line no-sparse-arrays
    const holes = [, Buffer.from("x")] as unknown[];
    await assert.rejects(a.sendmsg(holes as never), (e: unknown) => typeErrorOf("sendmsg")(e) && /buffers\[0\]/.test((e as Error).message));
    await assert.rejects(a.recvmsgInto(holes as never), (e: unknown) => typeErrorOf("recvmsgInto")(e) && /buffers\[0\]/.test((e as Error).message));
    await assert.rejects(udp.sendmmsg(holes as never), (e: unknown) => typeErrorOf("sendmmsg")(e) && /messages\[0\]/.test((e as Error).message));
    const ancHoles = [, [socket.SOL_SOCKET, socket.SCM_RIGHTS, Buffer.alloc(4)]] as unknown[];
    await assert.rejects(a.sendmsg([Buffer.from("x")], ancHoles as never), (e: unknown) => typeErrorOf("sendmsg")(e) && /ancdata\[0\]/.test((e as Error).message));
  });

  test("a Uint8Array subclass whose length lies: its real bytes are used", async () => {
    class Liar extends Uint8Array {
      override get length(): number {
        return 1 << 30;
      }
    }
    const [a, b] = pair();
    const liar = new Liar(Buffer.from("hello"));
    assert.equal(await a.send(liar), 5);
    assert.equal(b.recvSync(100).toString(), "hello");
    await a.sendall(liar);
    assert.equal(b.recvSync(100).toString(), "hello");
    const into = new Liar(3);
    a.sendSync(Buffer.from("abc"));
    assert.equal(await b.recvInto(into), 3);
    assert.equal(Buffer.from(into.buffer).toString(), "abc");
    const own = Buffer.from("own");
    Object.defineProperty(own, "length", { value: 1 << 30 });
    assert.equal(a.sendSync(own), 3);
    assert.equal(b.recvSync(100).toString(), "own");
  });
});

describe("what the fuzzer found after the branches met", () => {
  test("a Proxy of a typed array as a select() list is a TypeError naming select", async () => {
    const list = new Proxy(new Uint8Array(2), {});
    await assert.rejects(socket.select(list as unknown as number[], [], [], 0), typeErrorOf("select"));
    assert.throws(() => socket.selectSync([], list as unknown as number[], [], 0), typeErrorOf("selectSync"));
  });

  test("getfqdn's argument errors name getfqdn, not the lookup it makes", async () => {
    assert.throws(() => socket.getfqdnSync("\ud800"), (e: unknown) => e instanceof RangeError && e.message.startsWith("getfqdnSync(): "));
    await assert.rejects(socket.getfqdn("\ud800"), (e: unknown) => e instanceof RangeError && e.message.startsWith("getfqdn(): "));
  });
});

describe("what the long fuzz run found after the branches met", () => {
  test("toNetSocket of a socket that is not a TCP or Unix stream, whatever it was told, or of a Proxy: a TypeError, the socket kept", { skip: lacks({ win32: WIN.unixDgram }) }, () => {
    const [a, b] = pair(socket.SOCK_DGRAM);
    const liar = new socket.Socket(socket.AF_UNIX, socket.SOCK_STREAM, 0, a.fileno()); // told SOCK_STREAM, is a datagram socket
    assert.throws(() => socket.toNetSocket(liar), typeErrorOf("toNetSocket"));
    assert.ok(liar.fileno() >= 0);
    liar.detach();
    assert.throws(() => socket.toNetSocket(new Proxy(b, {})), typeErrorOf("toNetSocket"));
  });

  test("argument errors that show a value survive values util.inspect cannot show", async () => {
    const buffer = new ArrayBuffer(8);
    const view = new DataView(buffer);
    structuredClone(buffer, { transfer: [buffer] });
    assert.throws(() => socket.createConnectionSync(["127.0.0.1", 1], 0.05, [view, 0] as unknown as [string, number]), typeErrorOf("createConnectionSync"));
    assert.throws(() => socket.createServer([view, 0] as unknown as [string, number]), typeErrorOf("createServer"));
    assert.throws(() => socket.createServer(new Proxy(new Uint8Array(4), {}) as unknown as [string, number]), typeErrorOf("createServer"));
  });
});
