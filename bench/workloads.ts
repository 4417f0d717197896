// The benchmark table: workloads, the implementations that run them, their
// parameters in full and quick mode, and the targets (ratios of medians
// that bsdsock should reach).
import { PENDING_RECV } from "./impl/common.js";

export const IMPLEMENTATIONS = ["c", "bsdsock-async", "bsdsock-sync", "node", "python", "bsdsock-selectsync", "bsdsock-pollsync", "cpython-select", "own"] as const;
export type Impl = (typeof IMPLEMENTATIONS)[number];

export const IMPL_LABELS: Record<Impl, string> = {
  c: "C",
  "bsdsock-async": "bsdsock async",
  "bsdsock-sync": "bsdsock Sync",
  node: "node:net/dgram",
  python: "CPython socket",
  "bsdsock-selectsync": "bsdsock selectSync",
  "bsdsock-pollsync": "bsdsock pollSync",
  "cpython-select": "CPython select",
  own: "runtime's own API",
};

/** Implementations of a server only (tcp-select): their client is the C
 *  one, so that the row compares the servers. */
export const SERVER_ONLY: readonly Impl[] = ["bsdsock-selectsync", "bsdsock-pollsync", "cpython-select"];

export type Mode = "full" | "quick" | "smoke";

/** A ratio of medians, `of` over `to`, and the least it should be (or,
 *  for figures where less is better, the most: `atMost`). */
export type Target = { of: Impl; to: Impl } & ({ atLeast: number; atMost?: undefined } | { atMost: number; atLeast?: undefined });

/** Whether `value` meets `target`, and the target as text ("≥1.15"). */
export function meets(value: number, target: Target): boolean {
  return target.atMost === undefined ? value >= target.atLeast : value <= target.atMost;
}
export function targetText(target: Target): string {
  return target.atMost === undefined ? `≥${target.atLeast}` : `≤${target.atMost}`;
}

export interface Workload {
  name: string;
  what: string;
  /** The unit of the rate: ops/s is scaled by `scale` for display. */
  unit: string;
  scale: number;
  impls: readonly Impl[];
  /** The workload the processes are told to run, when not `name`. */
  runs?: string;
  /** The process whose RESULT line counts. */
  reporter: "client" | "server";
  /** The server runs until the runner stops it (SIGTERM) after the client. */
  stopServer: boolean;
  /** The server binds a Unix socket path (given as `path`). */
  unixPath: boolean;
  params(mode: Mode): Record<string, number>;
  targets: readonly Target[];
  /** A variant of another workload (timeout mode, an unconnected UDP
   *  server): the report gives each implementation's ratio to it, and
   *  bsdsock's should be at least `atLeast`. */
  variantOf?: { workload: string; atLeast: number };
  /** Runs same-core only (pinning means nothing to it). */
  sameCoreOnly?: boolean;
}

// CPython is a peer for the ping-pongs only; so is "own" (Deno's or Bun's
// own sockets, --runtime).
const ALL: readonly Impl[] = ["c", "bsdsock-async", "bsdsock-sync", "node"];

/** Timed workloads: `duration` seconds measured after `warmup`. */
function timed(full: [number, number], quick: [number, number], extra: Record<string, number> = {}): (mode: Mode) => Record<string, number> {
  return (mode) => {
    const [duration, warmup] = mode === "full" ? full : mode === "quick" ? quick : [0.05, 0];
    return { duration, warmup, ...extra };
  };
}

function targets(vsNode: number, asyncVsC?: number, syncVsC?: number): Target[] {
  const t: Target[] = [{ of: "bsdsock-async", to: "node", atLeast: vsNode }];
  if (asyncVsC !== undefined) t.push({ of: "bsdsock-async", to: "c", atLeast: asyncVsC });
  if (syncVsC !== undefined) t.push({ of: "bsdsock-sync", to: "c", atLeast: syncVsC });
  return t;
}

const PINGPONG_IMPLS: readonly Impl[] = [...ALL, "python", "own"];
const VARIANT_IMPLS: readonly Impl[] = ["bsdsock-async", "bsdsock-sync", "node", "python"];

/** Sync / CPython's blocking socket module, on every ping-pong. */
const SYNC_VS_PYTHON: Target = { of: "bsdsock-sync", to: "python", atLeast: 1.0 };

/**
 * A ping-pong workload. `extra` holds what makes a variant: `timeout`
 * (seconds; settimeout() on both ends, 0: blocking mode) and, for UDP,
 * `udpserver` (0: recvfromInto + sendto, 1: recvfrom + sendto, 2: the
 * server connects to its client and uses recvInto + send).
 */
function pingpong(name: string, what: string, unixPath: boolean, t: Target[], extra: Record<string, number> = {},
  variantOf?: Workload["variantOf"]): Workload {
  return {
    name,
    what,
    unit: "round trips/s",
    scale: 1,
    // The C baseline runs the plain workloads only.
    impls: Object.keys(extra).length === 0 ? PINGPONG_IMPLS : VARIANT_IMPLS,
    reporter: "client",
    stopServer: false,
    unixPath,
    params: timed([2, 0.5], [0.3, 0.1], { size: 64, ...extra }),
    targets: [...t, SYNC_VS_PYTHON],
    ...(variantOf === undefined ? {} : { variantOf }),
  };
}

// Timeout mode costs at most 3% over blocking mode; an unconnected UDP
// server at most a few percent over a connected one.
const TIMEOUT_COST = 0.97;
const UNCONNECTED_COST = 0.97;
const TCP = "64-byte request, 64-byte echo, one TCP connection, TCP_NODELAY";
const UNIX = "64-byte request, 64-byte echo, one AF_UNIX stream connection";
const UDP = "64-byte datagrams on 127.0.0.1, client connected";
const inTimeoutMode = "; both ends in timeout mode (settimeout(1))";

export const WORKLOADS: readonly Workload[] = [
  pingpong("tcp-pingpong", TCP, false, targets(1.15, 0.93, 0.95)),
  pingpong("tcp-pingpong-timeout", TCP + inTimeoutMode, false, targets(1.15), { timeout: 1 }, { workload: "tcp-pingpong", atLeast: TIMEOUT_COST }),
  pingpong("unix-pingpong", UNIX, true, targets(1.15, 0.9, 0.95)),
  pingpong("unix-pingpong-timeout", UNIX + inTimeoutMode, true, targets(1.15), { timeout: 1 }, { workload: "unix-pingpong", atLeast: TIMEOUT_COST }),
  pingpong("udp-pingpong-connected", `${UDP}, server connected to it (recvInto + send)`, false, targets(1.15), { udpserver: 2 }),
  pingpong("udp-pingpong", `${UDP}, server unconnected (recvfromInto + sendto to the sender)`, false, targets(1.15, 0.9, 0.95), {},
    { workload: "udp-pingpong-connected", atLeast: UNCONNECTED_COST }),
  pingpong("udp-pingpong-recvfrom", `${UDP}, server unconnected (recvfrom(65536) + sendto to the sender)`, false, targets(1.15), { udpserver: 1 },
    { workload: "udp-pingpong-connected", atLeast: UNCONNECTED_COST }),
  pingpong("udp-pingpong-timeout", `${UDP}, server unconnected (recvfromInto + sendto)${inTimeoutMode}`, false, targets(1.15), { timeout: 1 },
    { workload: "udp-pingpong", atLeast: TIMEOUT_COST }),
  {
    name: "tcp-bulk",
    what: "1 GiB in 64 KiB writes (after 256 MiB of warm-up), read with a 64 KiB buffer",
    unit: "GB/s",
    scale: 1e-9,
    impls: ALL,
    reporter: "server",
    stopServer: false,
    unixPath: false,
    params: (mode) =>
      mode === "full" ? { bytes: 2 ** 30, warmbytes: 2 ** 28, chunk: 65536 }
      : mode === "quick" ? { bytes: 2 ** 28, warmbytes: 2 ** 26, chunk: 65536 }
      : { bytes: 2 ** 20, warmbytes: 0, chunk: 65536 },
    targets: targets(1.3, 1.0, 1.0),
  },
  {
    name: "tcp-accept",
    what: "connect + close, one connection after another (the client waits for the server's close)",
    unit: "connections/s",
    scale: 1,
    impls: ALL,
    reporter: "client",
    stopServer: true,
    unixPath: false,
    params: timed([2, 0.3], [0.3, 0.05]),
    targets: targets(1.8),
  },
  {
    name: "tcp-concurrent",
    what: "50 connections doing 64-byte ping-pong at once",
    unit: "round trips/s",
    scale: 1,
    impls: ["c", "bsdsock-async", "node"],
    reporter: "client",
    stopServer: false,
    unixPath: false,
    params: timed([2, 0.5], [0.3, 0.1], { size: 64, conns: 50 }),
    targets: targets(1.3, 0.8),
  },
  {
    // One thread serving many connections, as a ported Python program does.
    name: "tcp-select",
    what: "tcp-concurrent's 50 connections served by one thread waiting in select/poll (the client is C's)",
    unit: "round trips/s",
    scale: 1,
    impls: ["c", "bsdsock-selectsync", "bsdsock-pollsync", "cpython-select"],
    runs: "tcp-concurrent",
    reporter: "client",
    stopServer: false,
    unixPath: false,
    params: timed([2, 0.5], [0.3, 0.1], { size: 64, conns: 50 }),
    targets: [],
  },
  {
    name: "udp-oneway",
    what: "64-byte datagrams one way, batched (sendmmsg/recvmmsg; node:dgram: 32 sends in flight)",
    unit: "packets/s",
    scale: 1,
    impls: ALL,
    reporter: "server",
    stopServer: false,
    unixPath: false,
    params: timed([2, 0.3], [0.3, 0.05], { size: 64, batch: 32, bufsize: 2048 }),
    targets: [],
  },
  idle("idle-memory", "nothing pending (node:net: paused on connect)", []),
  idle("idle-memory-pending", `a recv(${PENDING_RECV}) pending on each (node:net: reading)`, [{ of: "bsdsock-async", to: "node", atMost: 0.5 }]),
];

/** A server's resident memory per idle TCP connection (bench/impl/idle.ts). */
function idle(name: string, what: string, t: Target[]): Workload {
  return {
    name,
    what: `server RSS per idle TCP connection, with ${what}`,
    unit: "KiB per connection (less is better)",
    scale: 1 / 1024,
    impls: ["bsdsock-async", "node"],
    reporter: "server",
    stopServer: false,
    unixPath: false,
    params: (mode) => ({ conns: mode === "full" ? 10_000 : mode === "quick" ? 2000 : 50 }),
    targets: t,
    sameCoreOnly: true,
  };
}

/** How long a process may take before the runner kills it, in seconds. */
export function processLimit(params: Record<string, number>): number {
  const timed = (params.duration ?? 0) + (params.warmup ?? 0);
  const bulk = ((params.bytes ?? 0) + (params.warmbytes ?? 0)) / 50e6; // even at 50 MB/s
  const connections = (params.conns ?? 0) / 500; // even at 500 connections/s
  return Math.ceil(timed + bulk + connections + 20);
}
