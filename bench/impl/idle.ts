// idle-memory and idle-memory-pending: how much a server's resident memory
// grows per idle connection. The client (the same for every server: bsdsock's
// Sync connect, one connection after another) opens `conns` connections and
// sends nothing; the server accepts them all, with or without a pending
// recv(4096) on each (node:net: reading, or paused on connect), collects
// garbage, and reports (RSS after − RSS before) / conns as its RESULT
// (ops = bytes per connection, seconds = 1). The client ends when the
// server does (EOF on its first connection).
import { runInNewContext } from "node:vm";
import { setFlagsFromString } from "node:v8";
import { setTimeout as sleep } from "node:timers/promises";
import * as socket from "../../src/index.js";
import { type Params, LOOPBACK, port, result, timeLimit } from "./common.js";
import type { Roles } from "./roles.js";

/** A full collection: Bun.gc on Bun (JavaScriptCore has no V8 gc()); V8's
 *  gc() exposed at run time elsewhere (the benchmark processes start
 *  without --expose-gc). */
function collector(): () => void {
  const bun = (globalThis as { Bun?: { gc(force: boolean): void } }).Bun;
  if (bun !== undefined) return () => bun.gc(true);
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

/** Resident memory after full collections, once the heap has settled. */
async function settledRss(): Promise<number> {
  const gc = collector();
  for (let i = 0; i < 3; i++) {
    gc();
    await sleep(50);
  }
  return process.memoryUsage().rss;
}

/**
 * A server's measurement: `serve` starts accepting, `accepted` resolves
 * once every connection is in (and its pending call made). Prints the
 * RESULT and ends the process, which closes every connection.
 */
export async function measureIdle(p: Params, serve: () => Promise<void>): Promise<never> {
  timeLimit(p, "server");
  const before = await settledRss();
  await serve();
  const after = await settledRss();
  result(Math.max(0, after - before) / p.conns, 1, `conns=${p.conns} rss_before=${before} rss_after=${after}`);
  process.exit(0);
}

export const idleClient: Roles["client"] = (p) => {
  const address: [string, number] = [LOOPBACK, port(p)];
  const held: socket.Socket[] = [];
  try {
    for (let i = 0; i < p.conns; i++) {
      const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
      held.push(s);
      s.connectSync(address);
    }
  } catch (error) {
    if (error instanceof socket.OSError && error.code === "EMFILE") {
      throw new Error(`the client ran out of descriptors after ${held.length} connections: raise RLIMIT_NOFILE (ulimit -n)`);
    }
    throw error;
  }
  held[0]!.settimeout(p.limit);
  held[0]!.recvSync(1); // EOF (or a reset) when the server is done
  for (const s of held) s.close();
};

/** The idle workloads of an implementation, from its server. */
export function idleRoles(server: (p: Params, pending: boolean) => Promise<void>): Record<string, Roles> {
  return {
    "idle-memory": { server: (p) => server(p, false), client: idleClient },
    "idle-memory-pending": { server: (p) => server(p, true), client: idleClient },
  };
}
