// Network namespaces for tests whose traffic must not touch the machine's
// own networks (raw frames, ping sockets with a changed ping_group_range).
// The test makes the namespaces, runs child node processes inside them with
// `ip netns exec`, and removes them afterwards, whatever happened.
import { after } from "node:test";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The package's built entry point, for child scripts to import. */
export const bsdsockUrl = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), "..", "src", "index.js")).href;

function run(args: string[]): { ok: boolean; err: string } {
  const r = spawnSync(args[0]!, args.slice(1), { encoding: "utf8", timeout: 10_000 });
  return { ok: r.status === 0, err: (r.error?.message ?? "") + (r.stderr ?? "") };
}

/** Why namespaces cannot be made here, or null when they can. */
export function netnsUnavailable(): string | null {
  if (process.platform !== "linux") return "network namespaces are Linux only";
  if (process.getuid?.() !== 0) return "making network namespaces needs root";
  if (spawnSync("ip", ["-V"], { encoding: "utf8" }).status !== 0) return "the ip command (iproute2) is not installed";
  const probe = `bsdsock-probe-${process.pid}`;
  const made = run(["ip", "netns", "add", probe]);
  if (!made.ok) return `ip netns add failed: ${made.err.trim()}`;
  run(["ip", "netns", "del", probe]);
  return null;
}

/** Why a child cannot run in its own mount and network namespaces made
 *  by unshare(1) (with /etc files bind-mounted), or undefined when it can. */
export function unshareUnavailable(): string | undefined {
  if (process.platform !== "linux") return "needs Linux namespaces";
  if (process.getuid?.() !== 0) return "needs root to make mount and network namespaces";
  for (const tool of ["unshare", "ip", "mount"]) {
    if (spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0) return `needs ${tool}(8)`;
  }
  return undefined;
}

let counter = 0;

/**
 * A fresh network namespace with `lo` up, deleted after the file's tests.
 * Its name is unique to this process and call.
 */
export function makeNetns(tag: string): string {
  const name = `bsdsock-${process.pid}-${tag}-${counter++}`;
  const made = run(["ip", "netns", "add", name]);
  if (!made.ok) throw new Error(`ip netns add ${name}: ${made.err}`);
  after(() => {
    run(["ip", "netns", "del", name]);
  });
  ip(name, "link", "set", "lo", "up");
  return name;
}

/** Runs `ip` inside `ns` (`ip -n ns ...`); throws with its message on failure. */
export function ip(ns: string | null, ...args: string[]): void {
  const r = run(ns === null ? ["ip", ...args] : ["ip", "-n", ns, ...args]);
  if (!r.ok) throw new Error(`ip ${args.join(" ")}: ${r.err}`);
}

/** Writes a child script (an ES module) into a temporary directory. */
export function childScript(name: string, source: string): string {
  const dir = mkdtempSync(join(tmpdir(), "bsdsock-netns-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, name);
  writeFileSync(file, source);
  return file;
}

export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node script args...` inside namespace `ns`, killed after `ms`.
 * `onLine` sees each line of its standard output as it comes.
 */
export function runInNetns(ns: string, script: string, args: string[] = [], ms = 15_000, onLine?: (line: string) => void): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("ip", ["netns", "exec", ns, process.execPath, script, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let partial = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), ms);
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      partial += chunk;
      const lines = partial.split("\n");
      partial = lines.pop()!;
      for (const line of lines) onLine?.(line);
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The last line of a child's output that is JSON, parsed. */
export function lastJson(result: ChildResult): unknown {
  const lines = result.stdout.trim().split("\n").filter((l) => l.startsWith("{"));
  if (lines.length === 0) throw new Error(`child printed no result (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  return JSON.parse(lines[lines.length - 1]!);
}
