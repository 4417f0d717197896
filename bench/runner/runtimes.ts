// `--runtime deno|bun`: the executable that runs the TypeScript
// implementations' processes, and how it is called. Deno and Bun come from
// PATH, else from the pinned copies CI installs (scripts/ci/runtimes).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export const RUNTIMES = ["node", "deno", "bun"] as const;
export type Runtime = (typeof RUNTIMES)[number];

/** Where scripts/ci/runtimes.sh installs each runtime, below the package root. */
const PINNED: Record<Exclude<Runtime, "node">, string> = {
  deno: "scripts/ci/runtimes/node_modules/@deno/linux-x64-glibc/deno",
  bun: "scripts/ci/runtimes/node_modules/@oven/bun-linux-x64/bin/bun",
};

export interface RuntimeCommand {
  file: string;
  /** Before the script: Deno needs `run` and its permissions
   *  (--unstable-net for Deno.listenDatagram). */
  args: string[];
  version: string;
}

export function runtimeCommand(runtime: Runtime, root: string): RuntimeCommand {
  if (runtime === "node") return { file: process.execPath, args: [], version: `node ${process.version}` };
  const pinned = join(root, PINNED[runtime]);
  const file = existsSync(pinned) ? pinned : runtime;
  const v = spawnSync(file, ["--version"], { encoding: "utf8" });
  if (v.status !== 0) throw new Error(`--runtime ${runtime}: no ${runtime} on PATH or in ${PINNED[runtime]} (scripts/ci/runtimes.sh installs it)`);
  const version = `${runtime} ${/\d+\.\d+\.\d+/.exec(v.stdout)?.[0] ?? v.stdout.trim()}`;
  return { file, args: runtime === "deno" ? ["run", "-A", "--unstable-net"] : [], version };
}
