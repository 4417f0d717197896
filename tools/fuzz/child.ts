// One fuzzing child: makes `--calls` calls chosen by `--seed` to every
// public function of bsdsock and every Socket method, with arguments from
// ./values, interleaved with close() of its sockets and aborts of its
// signals, and classifies each outcome (./classify). It prints "p <calls>"
// as it goes (the parent's hang detector) and, at the end, "r <json>" with
// the counts and the first samples of each severe class. A crash kills it:
// the parent sees that. `--verbose` prints each call to stderr (replay).
import { readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as socket from "../../src/index.js";
import { CLASSES, type OutcomeClass, SEVERE, classify, signature } from "./classify.js";
import { Rng } from "./rng.js";
import { shapeOf } from "./shapes.js";
import { type Context, value } from "./values.js";

const argv = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1]! : fallback;
};
const seed = Number(option("--seed", "1")) >>> 0;
const calls = Number(option("--calls", "1000"));
const isolated = argv.includes("--isolated");
const verbose = argv.includes("--verbose");
// For the fuzzer's own test: die or stop at this call, so that the parent's
// crash and hang detection is seen to work.
const selfTest = option("--self-test", "");
const selfTestAt = Math.floor(calls / 2);

const ctx: Context = {
  rng: new Rng(seed),
  sockets: [],
  controllers: [],
  unixPath: join(tmpdir(), `bsdsock-fuzz-${process.pid}-`),
  isolated,
};
const { rng } = ctx;
const counts = Object.fromEntries(CLASSES.map((c) => [c, 0])) as Record<OutcomeClass, number>;
const samples: { call: number; what: string; signature: string }[] = [];
let current = 0;
let currentWhat = "";
let pending = 0;
const streams: { destroy(): void }[] = [];

const sampled = new Map<string, number>();

/** Counts an outcome; keeps a few samples of each severe signature. */
function record(kind: OutcomeClass, what: string, error?: unknown, call = current): void {
  counts[kind]++;
  if (!SEVERE.includes(kind)) return;
  const sig = signature(kind, error);
  const key = sig.slice(0, 60);
  const seen = sampled.get(key) ?? 0;
  sampled.set(key, seen + 1);
  if (seen < 2 && samples.length < 60) samples.push({ call, what, signature: sig });
}

process.on("unhandledRejection", (reason) => record("unhandled-rejection", `after call ${current}: ${currentWhat}`, reason));
process.on("uncaughtException", (error) => record(classify("(uncaught)", error) === "user-error" ? "user-error" : "internal-error", `uncaught, after call ${current}: ${currentWhat}`, error));

// ---- the targets ----------------------------------------------------------

interface Target {
  name: string;
  arity: number;
  call(args: unknown[]): unknown;
}

const isClass = (f: Function): boolean => /^class\b/.test(Function.prototype.toString.call(f));
// sethostname changes the machine's name: only in a UTS namespace of our own.
const excluded = new Set(isolated ? [] : ["sethostname"]);
// Lookups that may ask a name server: only in a network namespace of our own.
const needsNetns = /^(gethostbyaddr|getnameinfo|getfqdn|gethostbyname)/;

type AnyFunction = (...args: unknown[]) => unknown;
const moduleTargets: Target[] = (Object.entries(socket) as [string, unknown][])
  .filter((e): e is [string, AnyFunction] => typeof e[1] === "function" && !excluded.has(e[0]))
  .filter(([name]) => isolated || !needsNetns.test(name))
  .map(([name, f]) => {
    const Ctor = f as unknown as new (...args: unknown[]) => unknown;
    return isClass(f)
      ? { name: `new ${f.name === name ? name : `${name}:${f.name}`}`, arity: Math.max(f.length, 2), call: (args: unknown[]) => new Ctor(...args) }
      : { name, arity: Math.max(f.length, 3), call: (args: unknown[]) => f(...args) };
  });

const methodNames: (string | symbol)[] = [
  ...Object.getOwnPropertyNames(socket.Socket.prototype).filter((n) => n !== "constructor" && n !== "timeout"),
  // The well-known symbols only (asyncIterator, dispose, inspect's): the
  // others are the library's internal hooks, not public.
  ...Object.getOwnPropertySymbols(socket.Socket.prototype).filter((s) => s.description?.startsWith("Symbol.") || Symbol.keyFor(s) !== undefined),
];

function methodTarget(name: string | symbol): Target {
  return {
    name: String(name).replace(/^Symbol\((.*)\)$/, "[$1]"),
    arity: 4,
    call: (args) => {
      const s = ctx.sockets.length > 0 && rng.chance(0.95) ? rng.pick(ctx.sockets) : closedSocket();
      return (s as unknown as Record<string | symbol, (...a: unknown[]) => unknown>)[name]!(...args);
    },
  };
}
const methodTargets = methodNames.map(methodTarget);

let closed: socket.Socket | undefined;
function closedSocket(): socket.Socket {
  if (closed === undefined) {
    closed = socket.socket();
    closed.close();
  }
  return closed;
}

// ---- the sockets ----------------------------------------------------------

/** The fuzzer's own close of a pool socket: the module's close() may have
 *  closed its descriptor by number, and then close() raises EBADF, as in
 *  the reference. That is the library's answer, not a fault of the loop. */
function closeQuietly(s: socket.Socket): void {
  try {
    s.close();
  } catch (error) {
    if (!(error instanceof socket.OSError)) throw error;
  }
}

function adopt(s: socket.Socket): void {
  try {
    s.settimeout(0.05);
  } catch {
    // closed already by a trap: it stays in the pool as a closed socket
  }
  ctx.sockets.push(s);
  while (ctx.sockets.length > 24) closeQuietly(ctx.sockets.shift()!);
}

function freshSocket(): void {
  switch (rng.int(6)) {
    case 0: {
      const type = rng.pick([socket.SOCK_STREAM, socket.SOCK_DGRAM, socket.SOCK_SEQPACKET]);
      for (const s of socket.socketpair(socket.AF_UNIX, type)) adopt(s);
      break;
    }
    case 1: {
      const listener = socket.socket();
      listener.bind(["127.0.0.1", 0]);
      listener.listen(8);
      const client = socket.socket();
      client.settimeout(0.05);
      client.connectSync(listener.getsockname());
      adopt(listener);
      adopt(client);
      adopt(listener.acceptSync()[0]);
      break;
    }
    case 2: {
      const udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
      udp.bind(["127.0.0.1", 0]);
      adopt(udp);
      break;
    }
    case 3: {
      const udp6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM);
      udp6.bind(["::1", 0]);
      adopt(udp6);
      break;
    }
    case 4:
      adopt(socket.socket(rng.pick([socket.AF_INET, socket.AF_INET6, socket.AF_UNIX])));
      break;
    default: {
      const listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM);
      listener.bind(`${ctx.unixPath}${rng.int(4)}`);
      listener.listen(4);
      adopt(listener);
    }
  }
}

function refill(): void {
  ctx.sockets = ctx.sockets.filter((s) => s.fileno() >= 0);
  for (let tries = 0; ctx.sockets.length < 10 && tries < 20; tries++) {
    try {
      freshSocket();
    } catch {
      // a unix path in use, or descriptors short: the next kind
    }
  }
}

function resetAll(): void {
  for (const s of ctx.sockets) closeQuietly(s);
  ctx.sockets = [];
  for (const f of streams.splice(0)) f.destroy();
  for (const c of ctx.controllers.splice(0)) c.abort();
}

// ---- what a call returned -------------------------------------------------

function absorb(result: unknown, depth = 0): void {
  if (result instanceof socket.Socket) {
    adopt(result);
    return;
  }
  if (Array.isArray(result) && depth < 2) {
    for (const item of result) absorb(item, depth + 1);
    return;
  }
  if (result !== null && typeof result === "object") {
    const o = result as { on?: unknown; destroy?: unknown; next?: unknown; return?: unknown };
    if (typeof o.on === "function" && typeof o.destroy === "function") {
      // A makefile() stream: errors are its user's to handle.
      (o.on as (e: string, f: (e: unknown) => void) => void).call(result, "error", () => {});
      streams.push(result as { destroy(): void });
    } else if (typeof o.next === "function" && typeof o.return === "function") {
      // The async iterator of a socket: take one step.
      settle("[asyncIterator].next", (o.next as () => unknown).call(result));
    }
  }
}

function settle(name: string, result: unknown, what = name): void {
  if (result instanceof Promise) {
    pending++;
    const call = current;
    result.then(
      (v) => {
        pending--;
        record("result", what);
        absorb(v);
      },
      (e) => {
        pending--;
        record(classify(name, e), `${what} (settled later)`, e, call);
      },
    );
    return;
  }
  record("result", name);
  absorb(result);
}

function describe(args: unknown[]): string {
  return args.map((a) => {
    try {
      if (typeof a === "symbol") return "Symbol()";
      if (typeof a === "string") return JSON.stringify(a.slice(0, 40));
      if (a instanceof socket.Socket) return `Socket(${a.fileno()})`;
      if (ArrayBuffer.isView(a)) return `${a.constructor.name}(${a.byteLength})`;
      return Object.prototype.toString.call(a);
    } catch {
      return "?";
    }
  }).join(", ");
}

/** A pool socket whose number the module's close() took: out of the pool,
 *  detached (so neither its close() nor its finalizer touches the number). */
function forgetClosedNumber(s: socket.Socket): void {
  ctx.sockets = ctx.sockets.filter((t) => t !== s);
  try {
    s.detach();
  } catch {
    // a fuzzed value's trap: the socket is out of the pool all the same
  }
}

function invoke(target: Target): void {
  const shape = shapeOf(target.name);
  const args = shape !== undefined && rng.chance(0.5)
    ? shape.slice(0, rng.int(shape.length + 1)).map((gen) => (rng.chance(0.9) ? gen(ctx) : value(ctx)))
    : Array.from({ length: rng.int(target.arity + 2) }, () => value(ctx));
  // The module's close() takes any number: only the fuzzer's own sockets'
  // (or numbers no descriptor has), never the process's stdout or loop.
  // A socket whose number it closes leaves the pool, detached: its number is
  // free for the next descriptor made (by node:net too), and a close() or
  // finalizer of the old Socket would then close that one, as a double
  // close(2) does in C: libuv aborts the process when a descriptor it
  // watches is closed under it. That is the caller's bug in any runtime,
  // not one the library can catch, so the fuzzer does not commit it.
  let numberOf: socket.Socket | undefined;
  if (target.name === "close") {
    numberOf = ctx.sockets.length > 0 && rng.chance(0.7) ? rng.pick(ctx.sockets) : undefined;
    args[0] = numberOf !== undefined ? numberOf.fileno() : rng.pick([-1, 1 << 20, NaN, "3"]);
  }
  // A connection's own timeout bounds a Sync call: keep it short (null is
  // blocking, and a listener whose backlog is full never answers).
  if (target.name.startsWith("createConnection") && (args[1] === null || (typeof args[1] === "number" && args[1] > 0.1))) args[1] = 0.05;
  currentWhat = `${target.name}(${describe(args)})`;
  if (verbose) process.stderr.write(`${current} ${currentWhat}\n`);
  let result: unknown;
  try {
    result = target.call(args);
  } catch (e) {
    record(classify(target.name, e), currentWhat, e);
    return;
  } finally {
    if (numberOf !== undefined) forgetClosedNumber(numberOf);
  }
  // dup() returns a raw descriptor: close it, as its caller would.
  if (target.name === "dup" && typeof result === "number") socket.close(result);
  settle(target.name, result, currentWhat);
}

/** Keeps the fuzzer's own state bounded: no blocking call may block long. */
function sanitize(): void {
  socket.setdefaulttimeout(0.05);
  for (const s of ctx.sockets) {
    try {
      if (s.timeout === null || s.timeout > 0.05) s.settimeout(0.05);
    } catch {
      // closed: nothing can block on it
    }
  }
}

const openFds = (): number => readdirSync("/proc/self/fd").length;

sanitize();
refill();
const targets = [...moduleTargets, ...methodTargets];
// An exception of the fuzzer's own loop is a bug of the fuzzer: it ends the
// child with status 2 and its stack, instead of being counted as the
// library's uncaught exception.
try {
for (current = 0; current < calls; current++) {
  const roll = rng.next();
  if (roll < 0.04 && ctx.sockets.length > 0) closeQuietly(rng.pick(ctx.sockets));
  else if (roll < 0.08 && ctx.controllers.length > 0) ctx.controllers.splice(rng.int(ctx.controllers.length), 1)[0]!.abort();
  if (current === selfTestAt && selfTest === "crash") process.abort();
  if (current === selfTestAt && selfTest === "hang") for (;;);
  invoke(rng.chance(0.3) ? rng.pick(moduleTargets) : rng.pick(targets));
  sanitize();
  if (current % 16 === 0) refill();
  if (current % 64 === 63) await new Promise((r) => setImmediate(r));
  if (current % 256 === 255) {
    process.stdout.write(`p ${current + 1}\n`);
    if (pending > 256 || openFds() > 600) resetAll();
    await new Promise((r) => setTimeout(r, 1));
  }
  if (ctx.controllers.length > 64) ctx.controllers.splice(0, 32).forEach((c) => c.abort());
}
} catch (error) {
  process.stderr.write(`fuzzer error at call ${current} (${currentWhat}): ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(2);
}
currentWhat = "(the end)";
resetAll();
// Let the calls settle that closing and aborting rejected.
for (let i = 0; i < 200 && pending > 0; i++) await new Promise((r) => setTimeout(r, 10));
process.stdout.write(`r ${JSON.stringify({ seed, calls, counts, pendingAtEnd: pending, samples })}\n`);
process.exit(0);
