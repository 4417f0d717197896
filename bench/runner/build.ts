// What the suite needs before it runs: the native addon (built with
// node-gyp if missing) and the C baseline (compiled with the system's cc
// into bench/build/, which git ignores).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

export function ensureAddon(root: string): void {
  if (existsSync(join(root, "build", "Release", "bsdsock.node"))) return;
  console.log("bench: the native addon is not built; running npm run build:native");
  const r = spawnSync("npm", ["run", "build:native"], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) throw new Error("bench: npm run build:native failed");
}

/** Compiles bench/c/*.c into one program unless it is newer than its sources. */
export function buildC(root: string): string {
  const src = join(root, "bench", "c");
  const outDir = join(root, "bench", "build");
  const program = join(outDir, "bench-c");
  const sources = readdirSync(src).filter((f) => f.endsWith(".c") || f.endsWith(".h")).map((f) => join(src, f));
  const built = existsSync(program) ? statSync(program).mtimeMs : 0;
  if (sources.every((f) => statSync(f).mtimeMs < built)) return program;
  mkdirSync(outDir, { recursive: true });
  const cc = process.env.CC ?? "cc";
  // Compiled under a name of its own and renamed into place: two runs
  // building at once (the suite runs two bench smoke tests side by side)
  // must never start a program the other is still writing.
  const partial = `${program}.${process.pid}`;
  const args = ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter", "-D_GNU_SOURCE", "-o", partial, ...sources.filter((f) => f.endsWith(".c"))];
  console.log(`bench: ${cc} ${args.map((a) => a.replace(root + "/", "")).join(" ")}`);
  try {
    execFileSync(cc, args, { stdio: "inherit" });
  } catch {
    rmSync(partial, { force: true });
    throw new Error(`bench: compiling the C baseline with ${cc} failed (set CC to use another compiler)`);
  }
  renameSync(partial, program);
  return program;
}

/** Whether `python` runs here (the CPython peer). */
export function hasPython(python: string): boolean {
  return spawnSync(python, ["-c", "import socket"]).status === 0;
}

/** Whether `taskset` can pin processes here. */
export function hasTaskset(): boolean {
  return spawnSync("taskset", ["-c", "0", "true"]).status === 0;
}

export function ccVersion(): string {
  const r = spawnSync(process.env.CC ?? "cc", ["--version"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.split("\n")[0]! : "unknown";
}
