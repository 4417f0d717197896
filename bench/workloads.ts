// The benchmark table: workloads, the implementations that run them, their
// parameters in full and quick mode, and the targets of issue 5 (ratios of
// medians that bsdsock should reach).

export const IMPLEMENTATIONS = ["c", "bsdsock-async", "bsdsock-sync", "node", "bsdsock-selectsync", "bsdsock-pollsync", "cpython-select", "own"] as const;
export type Impl = (typeof IMPLEMENTATIONS)[number];

export const IMPL_LABELS: Record<Impl, string> = {
  c: "C",
  "bsdsock-async": "bsdsock async",
  "bsdsock-sync": "bsdsock Sync",
  node: "node:net/dgram",
  "bsdsock-selectsync": "bsdsock selectSync",
  "bsdsock-pollsync": "bsdsock pollSync",
  "cpython-select": "CPython select",
  own: "runtime's own API",
};

/** Implementations of a server only (tcp-select): their client is the C
 *  one, so that the row compares the servers. */
export const SERVER_ONLY: readonly Impl[] = ["bsdsock-selectsync", "bsdsock-pollsync", "cpython-select"];

export type Mode = "full" | "quick" | "smoke";

/** A ratio of medians, `of` over `to`, and the least it should be. */
export interface Target {
  of: Impl;
  to: Impl;
  atLeast: number;
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
}

// "own" (Deno's or Bun's own sockets, --runtime) runs the ping-pongs only.
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

const pingpong = (name: string, transport: string, unixPath: boolean, t: Target[]): Workload => ({
  name,
  what: `64-byte request, 64-byte echo, one ${transport}`,
  unit: "round trips/s",
  scale: 1,
  impls: [...ALL, "own"],
  reporter: "client",
  stopServer: false,
  unixPath,
  params: timed([2, 0.5], [0.3, 0.1], { size: 64 }),
  targets: t,
});

export const WORKLOADS: readonly Workload[] = [
  pingpong("tcp-pingpong", "TCP connection, TCP_NODELAY", false, targets(1.15, 0.93, 0.95)),
  pingpong("unix-pingpong", "AF_UNIX stream connection", true, targets(1.35, 0.9, 0.95)),
  pingpong("udp-pingpong", "UDP socket pair on 127.0.0.1", false, targets(1.45, 0.9, 0.95)),
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
    targets: targets(1.0, 1.0, 1.0),
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
    targets: targets(1.0),
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
    targets: targets(1.2, 0.8),
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
];

/** How long a process may take before the runner kills it, in seconds. */
export function processLimit(params: Record<string, number>): number {
  const timed = (params.duration ?? 0) + (params.warmup ?? 0);
  const bulk = ((params.bytes ?? 0) + (params.warmbytes ?? 0)) / 50e6; // even at 50 MB/s
  return Math.ceil(timed + bulk + 20);
}
