// Which runtime runs the suite (Node, Deno or Bun), and how to start a
// child process or a worker of that same runtime. Tests that need
// something a runtime lacks skip that part with `lacks()`, which names it.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Worker, type WorkerOptions } from "node:worker_threads";
import { underWine, windows } from "./platform.js";

export const runtime: "node" | "deno" | "bun" =
  "Deno" in globalThis ? "deno" : typeof process.versions.bun === "string" ? "bun" : "node";

/** The arguments that make this runtime's executable run `code` as an ES
 *  module (Deno's `eval` subcommand; Node's and Bun's `-e`). */
export function evalArgs(code: string): string[] {
  return runtime === "deno" ? ["eval", code] : ["--input-type=module", "-e", code];
}

/**
 * A worker running `code` as an ES module (a data: URL, which all three
 * runtimes load; Deno refuses dynamic import() in an eval'd CommonJS one).
 */
export function moduleWorker(code: string, options?: WorkerOptions): Worker {
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), options);
}

/**
 * A full garbage collection, without restarting the runtime with a flag:
 * V8's gc() exposed at run time (Node, Deno), Bun.gc on Bun (JavaScriptCore).
 */
export function garbageCollector(): () => void {
  const bun = (globalThis as { Bun?: { gc(force: boolean): void } }).Bun;
  if (bun !== undefined) return () => bun.gc(true);
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

/**
 * Why the current runtime or platform cannot run a test part, or undefined
 * if it can: `gaps` maps a runtime to the feature it lacks, `win32` to what
 * cannot apply on Windows (Wine included), `wine` to what Windows has and
 * Wine lacks (those parts still run on a real Windows). For `{ skip }` and
 * `t.skip(...)`.
 */
export function lacks(gaps: Partial<Record<typeof runtime | "win32" | "wine", string>>): string | undefined {
  if (gaps.win32 !== undefined && windows) return `win32: ${gaps.win32}`;
  if (gaps.wine !== undefined && underWine()) return `Wine (not Windows): ${gaps.wine}`;
  const gap = gaps[runtime];
  return gap === undefined ? undefined : `${runtime} ${process.versions[runtime] ?? ""}: ${gap}`;
}
