// What every TypeScript benchmark process shares with the C baseline: the
// key=value parameters, the READY/RESULT lines the runner reads, and the
// measuring window (warm-up, then a fixed duration, the clock read every 16
// operations). bench/README.md describes the protocol.
import { writeSync } from "node:fs";
import { performance } from "node:perf_hooks";

export interface Params {
  /** Client: the server's port (inet) or path (unix). */
  addr: string;
  /** Unix server: where to bind. */
  path: string;
  size: number;
  /** tcp-bulk: bytes measured, after `warmbytes` not measured. */
  bytes: number;
  warmbytes: number;
  chunk: number;
  conns: number;
  batch: number;
  bufsize: number;
  duration: number;
  warmup: number;
  limit: number;
  /** Ping-pongs: timeout mode with this many seconds (0: blocking mode). */
  timeout: number;
  /** udp-pingpong's server: 0 recvfromInto + sendto, 1 recvfrom + sendto,
   *  2 connected to its client (recvInto + send). */
  udpserver: number;
}

export const UDP_SERVER_RECVFROM_INTO = 0;
export const UDP_SERVER_RECVFROM = 1;
export const UDP_SERVER_CONNECTED = 2;

/** idle-memory-pending: the size of the receive pending on each connection. */
export const PENDING_RECV = 4096;

const defaults: Params = {
  addr: "", path: "", size: 64, bytes: 0, warmbytes: 0, chunk: 65536, conns: 50, batch: 32, bufsize: 2048, duration: 1, warmup: 0, limit: 60, timeout: 0, udpserver: 0,
};

export function parseParams(args: readonly string[]): Params {
  const p: Record<string, string | number> = { ...defaults };
  for (const arg of args) {
    const eq = arg.indexOf("=");
    if (eq < 0) throw new Error(`arguments after the role are key=value, not ${arg}`);
    const key = arg.slice(0, eq);
    const value = arg.slice(eq + 1);
    if (!(key in defaults)) throw new Error(`unknown parameter ${key}`);
    if (typeof defaults[key as keyof Params] === "number") {
      const n = Number(value);
      if (value === "" || !Number.isFinite(n)) throw new Error(`${key} must be a number, not "${value}"`);
      p[key] = n;
    } else {
      p[key] = value;
    }
  }
  return p as unknown as Params;
}

/** The port number of a client's `addr`. */
export function port(p: Params): number {
  const n = Number(p.addr);
  if (!Number.isInteger(n) || n <= 0 || n > 65535) throw new Error(`addr must be a port, not "${p.addr}"`);
  return n;
}

// Written with writeSync: the runner waits for these lines, and a process
// may block the thread (Sync calls) or exit right after writing them.
export function ready(addr: string | number): void {
  writeSync(1, `READY ${addr}\n`);
}

export function result(ops: number, seconds: number, extra = ""): void {
  writeSync(1, `RESULT ops=${ops} seconds=${seconds.toFixed(9)}${extra === "" ? "" : ` ${extra}`}\n`);
}

/** Every implementation's servers and clients use IPv4's loopback. */
export const LOOPBACK = "127.0.0.1";

/** Every implementation's servers listen with this backlog (the kernel
 *  caps it at net.core.somaxconn). */
export const BACKLOG = 4096;

export const now = (): number => performance.now() / 1000;

/** The measuring window, as the C baseline's meter. Several loops may
 *  share one (tcp-concurrent): once it is over, every count() says so, and
 *  operations after the end are not counted. */
export class Meter {
  readonly #warm: number;
  #end: number;
  #t0: number;
  #ops = 0;
  #ops0 = 0;
  #opsEnd = 0;
  #measuring: boolean;
  #cpu0 = process.cpuUsage();
  #cpu: NodeJS.CpuUsage | null = null;
  done = false;

  constructor(p: Params) {
    const t = now();
    this.#t0 = t;
    this.#warm = t + p.warmup;
    this.#end = this.#warm + p.duration;
    this.#measuring = p.warmup <= 0;
  }

  /** Counts `n` operations; true once the window is over. */
  count(n = 1): boolean {
    if (this.done) return true;
    const before = this.#ops;
    this.#ops += n;
    if (before >> 4 === this.#ops >> 4) return false;
    return this.check();
  }

  /** Reads the clock now; true once the window is over. */
  check(): boolean {
    if (this.done) return true;
    const t = now();
    if (!this.#measuring) {
      if (t >= this.#warm) {
        this.#measuring = true;
        this.#t0 = t;
        this.#ops0 = this.#ops;
        this.#cpu0 = process.cpuUsage();
      }
      return false;
    }
    if (t >= this.#end) {
      this.#end = t;
      this.#opsEnd = this.#ops;
      this.#cpu = process.cpuUsage(this.#cpu0);
      this.done = true;
    }
    return this.done;
  }

  /** The RESULT line, with this process's CPU time per operation in the
   *  window (cpu_us: user + system µs), steadier than rates on a busy machine. */
  report(extra = ""): void {
    const ops = this.#opsEnd - this.#ops0;
    const cpu = this.#cpu === null || ops === 0 ? "" : `cpu_us=${((this.#cpu.user + this.#cpu.system) / ops).toFixed(3)}`;
    result(ops, this.#end - this.#t0, [cpu, extra].filter((x) => x !== "").join(" "));
  }
}

/**
 * The receiving side of udp-oneway: counts packets, and measures from the
 * end of the warm-up (counted from the first packet) to the last one.
 */
export class ReceiveCounter {
  #count = 0;
  #count0 = 0;
  #first = 0;
  #t0 = 0;
  #last = 0;

  constructor(private readonly warmup: number) {}

  /** Counts `n` packets that arrived together. */
  add(n: number): void {
    if (n === 0) return;
    const t = now();
    if (this.#count === 0) this.#first = this.#t0 = t;
    this.#count += n;
    if (t - this.#first < this.warmup) {
      this.#count0 = this.#count;
      this.#t0 = t;
    }
    this.#last = t;
  }

  report(): void {
    result(this.#count - this.#count0, this.#last - this.#t0, `received=${this.#count}`);
  }
}

/** The receiving side of tcp-bulk: bytes after the first `warmbytes`, over
 *  the time from then to the end. */
export class BulkCounter {
  #total = 0;
  #total0 = 0;
  #t0 = now();
  #measuring: boolean;

  constructor(private readonly p: Params) {
    this.#measuring = p.warmbytes <= 0;
  }

  add(n: number): void {
    this.#total += n;
    if (!this.#measuring && this.#total >= this.p.warmbytes) {
      this.#measuring = true;
      this.#t0 = now();
      this.#total0 = this.#total;
    }
  }

  /** Reports at EOF; the answer the sender waits for ("K": every byte came). */
  finish(): string {
    result(this.#total - this.#total0, now() - this.#t0);
    return this.#total === this.p.warmbytes + this.p.bytes ? "K" : "E";
  }
}

/** Stops the process when its time limit passes (the timer does not keep it alive). */
export function timeLimit(p: Params, role: string): void {
  setTimeout(() => {
    process.stderr.write(`${role}: time limit of ${p.limit} s reached\n`);
    process.exit(3);
  }, p.limit * 1000).unref();
}
