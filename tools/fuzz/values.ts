// The value pools: plausible arguments (live sockets, loopback addresses,
// constants, buffers, options) mixed with nasty ones (detached buffers,
// Proxies, subclasses whose length lies, sparse arrays, huge, negative and
// NaN numbers, lone surrogates, symbols, getters that close the socket or
// throw). Nothing here reaches beyond the loopback: the names and addresses
// are local, and without a network namespace of its own the fuzzer leaves
// out the names a resolver would ask a name server for.
import * as socket from "../../src/index.js";
import { FuzzAbort, FuzzThrow } from "./classify.js";
import type { Rng } from "./rng.js";

/** What the values may refer to: the fuzzer's sockets and signals. */
export interface Context {
  rng: Rng;
  sockets: socket.Socket[];
  controllers: AbortController[];
  unixPath: string;
  isolated: boolean;
}

export function liveSocket(ctx: Context): socket.Socket | undefined {
  return ctx.sockets.length === 0 ? undefined : ctx.rng.pick(ctx.sockets);
}

function closeSome(ctx: Context): void {
  liveSocket(ctx)?.close();
}

function detached(kind: number): ArrayBufferView | ArrayBuffer {
  const buffer = new ArrayBuffer(16);
  const view = kind === 0 ? new Uint8Array(buffer) : kind === 1 ? new DataView(buffer) : new Uint32Array(buffer);
  structuredClone(buffer, { transfer: [buffer] });
  return kind === 3 ? buffer : view;
}

class LyingArray extends Uint8Array {
  override get length(): number {
    return 1 << 20;
  }
}

const NUMBERS = [0, 1, -1, 2, 7, 64, 1024, 65535, 65536, 0x7fffffff, -0x80000000, 2 ** 32, 2 ** 53, -(2 ** 53),
  Number.MAX_VALUE, NaN, Infinity, -Infinity, -0, 0.5, 1e-9, 3.7];

// Numeric or local names, and names refused before any lookup.
const HOSTS_LOCAL = ["127.0.0.1", "::1", "localhost", "", "0.0.0.0", "::", "::ffff:127.0.0.1", "fe80::1%lo",
  "\uD800", "a\0b", "127.0.0.1\0"];
// Names the C library would ask a name server for, and an address beyond
// the machine (1.2.3 is 1.2.0.3): only in a namespace of the fuzzer's own,
// where nothing but its loopback is reachable.
const HOSTS_RESOLVED = ["no-such-host.invalid", "xn--bcher-kva.invalid", "bücher.invalid", "ab--cd.invalid",
  "x".repeat(300), "256.1.1.1", "::1%999", "1.2.3"];

const CONSTANTS = [socket.AF_INET, socket.AF_INET6, socket.AF_UNIX, socket.AF_PACKET, socket.AF_NETLINK,
  socket.AF_VSOCK, socket.AF_ALG, socket.AF_UNSPEC, socket.SOCK_STREAM, socket.SOCK_DGRAM, socket.SOCK_RAW,
  socket.SOCK_SEQPACKET, socket.SOL_SOCKET, socket.SO_REUSEADDR, socket.SO_RCVBUF, socket.SO_LINGER,
  socket.IPPROTO_TCP, socket.IPPROTO_UDP, socket.TCP_NODELAY, socket.MSG_PEEK, socket.MSG_DONTWAIT,
  socket.MSG_WAITALL, socket.MSG_TRUNC, socket.SHUT_RD, socket.SHUT_WR, socket.SHUT_RDWR, socket.SCM_RIGHTS,
  socket.AI_CANONNAME, socket.AI_NUMERICHOST, socket.NI_NUMERICHOST, socket.IPPROTO_ICMP].filter(
  (n): n is number => typeof n === "number");

export function host(ctx: Context): string {
  const { rng } = ctx;
  return ctx.isolated && rng.chance(0.2) ? rng.pick(HOSTS_RESOLVED) : rng.pick(HOSTS_LOCAL);
}

// Packet and raw sockets see and send on the real interfaces outside a
// namespace of the fuzzer's own.
const OUTSIDE_ONLY = new Set<number>([socket.AF_PACKET, socket.SOCK_RAW]);
export function constant(ctx: Context): number {
  const n = ctx.rng.pick(CONSTANTS);
  return ctx.isolated || !OUTSIDE_ONLY.has(n) ? n : 0;
}

/** A port: of a live socket's own address now and then, else any. */
export function port(ctx: Context): unknown {
  const s = liveSocket(ctx);
  if (s !== undefined && ctx.rng.chance(0.5)) {
    try {
      const name = s.getsockname();
      if (Array.isArray(name) && typeof name[1] === "number") return name[1];
    } catch {
      // closed meanwhile: any port will do
    }
  }
  return ctx.rng.pick([0, 1, 80, 65535, 65536, -1, "80", "http", "\uD800", NaN]);
}

export function address(ctx: Context): unknown {
  const { rng } = ctx;
  switch (rng.int(7)) {
    case 0: return [host(ctx), port(ctx)];
    case 1: return [host(ctx), port(ctx), rng.pick([0, 1, -1, 2 ** 32]), rng.pick([0, 1, -1, 2 ** 32])];
    case 2: return ctx.unixPath + rng.int(4);
    case 3: return rng.pick(["\0fuzz-abstract", Buffer.from([0x2f, 0x74, 0xff]), "", "/nonexistent/x", "a\0b"]);
    case 4: return rng.pick([[], [1], [1, 2, 3, 4, 5], [0, 0], ["", 0], [host(ctx)]]);
    case 5: return [rng.pick([0, 1, 2, 0xffffffff, -1]), rng.pick([0, 1, 1024, 0xffffffff])]; // vsock, netlink
    default: return [host(ctx), port(ctx), 0];
  }
}

export function bytes(ctx: Context): unknown {
  const { rng } = ctx;
  switch (rng.int(12)) {
    case 0: return Buffer.alloc(0);
    case 1: return Buffer.from("hello");
    case 2: return Buffer.alloc(rng.pick([1, 64, 4096, 65536, 300_000]));
    case 3: return detached(rng.int(4));
    case 4: return new Proxy(new Uint8Array(8), {});
    case 5: return new LyingArray(4);
    case 6: return new DataView(new ArrayBuffer(8), 2, 4);
    case 7: return new Float64Array(3);
    case 8: return new SharedArrayBuffer(8);
    case 9: return new Uint8Array(new ArrayBuffer(32), 8, 8);
    case 10: return "text is not bytes";
    default: return new ArrayBuffer(12);
  }
}

function signal(ctx: Context): AbortSignal {
  const controller = new AbortController();
  if (ctx.rng.chance(0.3)) controller.abort(new FuzzAbort("fuzz abort"));
  else ctx.controllers.push(controller); // aborted later, between calls
  return controller.signal;
}

/** An object whose property reads have side effects: close a socket, throw. */
function trap(ctx: Context, inner: unknown): unknown {
  const mode = ctx.rng.int(3);
  return new Proxy(typeof inner === "object" && inner !== null ? inner : {}, {
    get(target, key, receiver) {
      if (mode === 0) closeSome(ctx);
      if (mode === 1 && typeof key === "string") throw new FuzzThrow(`fuzz getter ${key}`);
      return Reflect.get(target, key, receiver);
    },
  });
}

export function options(ctx: Context): unknown {
  const { rng } = ctx;
  const o: Record<string, unknown> = {};
  if (rng.chance(0.6)) o["signal"] = rng.chance(0.9) ? signal(ctx) : rng.pick([null, 1, {}]);
  if (rng.chance(0.3)) o["timeout"] = rng.pick([0, 0.001, 0.05, -1, NaN, null, "1"]);
  if (rng.chance(0.2)) o["flags"] = constant(ctx);
  if (rng.chance(0.1)) Object.defineProperty(o, "signal", { get: () => { closeSome(ctx); return undefined; }, enumerable: true });
  return o;
}

function sparse(ctx: Context): unknown {
  const a: unknown[] = [];
  a[ctx.rng.pick([1, 3, 1000])] = bytes(ctx);
  return a;
}

/** One argument: plausible most of the time, nasty the rest. */
export function value(ctx: Context, depth = 0): unknown {
  const { rng } = ctx;
  const plausible = rng.chance(0.6);
  if (plausible) {
    switch (rng.int(9)) {
      case 0: return constant(ctx);
      case 1: return rng.pick([0, 1, 2, 16, 64, 1024, 65536]);
      case 2: return address(ctx);
      case 3: return bytes(ctx);
      case 4: return liveSocket(ctx) ?? 0;
      case 5: return liveSocket(ctx)?.fileno() ?? -1;
      case 6: return options(ctx);
      case 7: return depth < 2 ? [bytes(ctx), bytes(ctx)] : bytes(ctx);
      default: return host(ctx);
    }
  }
  switch (rng.int(16)) {
    case 0: return rng.pick(NUMBERS);
    case 1: return rng.pick([undefined, null, true, false, "", "0", {}, [], 0n, 2n ** 70n]);
    case 2: return Symbol("fuzz");
    case 3: return rng.pick(["\uD800", "\uDFFF", "a\0", "x".repeat(70_000), "💥"]);
    case 4: return sparse(ctx);
    case 5: return trap(ctx, depth < 2 ? value(ctx, depth + 1) : {});
    case 6: return { valueOf: () => { closeSome(ctx); return 1; } };
    case 7: return { [Symbol.iterator]: () => { throw new FuzzThrow("fuzz iterator"); } };
    case 8: return () => 0;
    case 9: return depth < 2 ? [value(ctx, depth + 1), value(ctx, depth + 1)] : [];
    case 10: return depth < 2 ? [[bytes(ctx), address(ctx)], value(ctx, depth + 1)] : [];
    case 11: return new Proxy([bytes(ctx)], {});
    case 12: return Object.create(null);
    case 13: return new Date(NaN);
    case 14: return bytes(ctx);
    default: return signal(ctx);
  }
}
