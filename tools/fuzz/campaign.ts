// Runs a fuzzing campaign: `calls` calls in children of `chunk` calls each
// (./child), `jobs` at a time, each child in network and UTS namespaces of
// its own where the machine allows (root and unshare(1)), so that nothing
// it does reaches beyond its own loopback. A child that dies is a crash; one
// that prints no progress for `hangMs` is a hang (killed).
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { CLASSES, KNOWN_ISSUES, type OutcomeClass, SEVERE } from "./classify.js";

export interface CampaignOptions {
  seed: number;
  calls: number;
  chunk?: number;
  jobs?: number;
  hangMs?: number;
  verbose?: boolean;
  /** For the fuzzer's own test: every child crashes or hangs halfway. */
  selfTest?: "crash" | "hang";
  /** Print a line per child as it ends. */
  log?: (line: string) => void;
}

export interface Sample {
  seed: number; // the child's: `--seed <it> --calls <chunk>` replays it
  call: number;
  what: string;
  signature: string;
  known: boolean;
}

export interface CampaignResult {
  seed: number;
  calls: number;
  isolated: boolean;
  counts: Record<OutcomeClass, number>;
  pendingAtEnd: number;
  samples: Sample[];
  /** Severe outcomes whose signature is not in KNOWN_ISSUES. */
  unknownSevere: number;
}

const childScript = fileURLToPath(new URL("./child.js", import.meta.url));

/** Whether children can get namespaces of their own. */
function canIsolate(): boolean {
  if (process.getuid?.() !== 0) return false;
  const r = spawnSync("unshare", ["--net", "--uts", "sh", "-c", "ip link set lo up"], { stdio: "ignore" });
  return r.status === 0;
}

/** The seed of child `i` of a campaign: child 0 has the campaign's own. */
export function childSeed(seed: number, i: number): number {
  return (seed + Math.imul(i, 0x9e3779b9)) >>> 0;
}

function runChild(cwd: string, seed: number, calls: number, isolated: boolean, hangMs: number, verbose: boolean, selfTest?: string):
  Promise<{ result?: { counts: Record<OutcomeClass, number>; pendingAtEnd: number; samples: Omit<Sample, "seed" | "known">[] }; crash?: string; hang?: string }> {
  const args = [childScript, "--seed", String(seed), "--calls", String(calls)];
  if (verbose) args.push("--verbose");
  if (selfTest !== undefined) args.push("--self-test", selfTest);
  // Node gives a child's stdio as a socketpair, which the child's fuzzed
  // calls could wrap in a Socket and close (socket(…, 1)): through `cat`,
  // its stdout and stderr are plain pipes. Its exit status comes after its
  // output, as "x <status>" (128 + n for signal n).
  const run = '{ "$@"; echo "x $?"; } 2>&1 | cat';
  const argv = isolated
    ? ["unshare", "--net", "--uts", "sh", "-c", `ip link set lo up && ${run}`, "sh", process.execPath, ...args, "--isolated"]
    : ["sh", "-c", run, "sh", process.execPath, ...args];
  return new Promise((resolve) => {
    // Its own process group, so that a hang kills the node under sh and cat.
    const child = spawn(argv[0]!, argv.slice(1), { cwd, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let progress = 0;
    let result: string | undefined;
    let status: number | undefined;
    let stderr = "";
    let hung = false;
    let timer = setTimeout(onHang, hangMs);
    function onHang(): void {
      hung = true;
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // gone already
      }
    }
    const keep = (line: string): void => {
      stderr = `${stderr}${line}\n`.slice(-4000);
      if (verbose) process.stderr.write(`${line}\n`);
    };
    child.stderr.on("data", (d: Buffer) => keep(d.toString()));
    createInterface({ input: child.stdout }).on("line", (line) => {
      clearTimeout(timer);
      timer = setTimeout(onHang, hangMs);
      if (line.startsWith("p ")) progress = Number(line.slice(2));
      else if (line.startsWith("r ")) result = line.slice(2);
      else if (/^x \d+$/.test(line)) status = Number(line.slice(2));
      else keep(line);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const how = status === undefined ? `exit ${code ?? signal}` : status > 128 ? `signal ${status - 128}` : `exit ${status}`;
      if (hung) resolve({ hang: `no progress for ${hangMs} ms after call ${progress}` });
      else if (result !== undefined && status === 0) resolve({ result: JSON.parse(result) });
      else resolve({ crash: `${how} after call ${progress}: ${stderr.trim().split("\n").slice(-6).join(" | ")}` });
    });
  });
}

export async function runCampaign(options: CampaignOptions): Promise<CampaignResult> {
  const chunk = options.chunk ?? 5000;
  const jobs = options.jobs ?? 2;
  const hangMs = options.hangMs ?? 30_000;
  const isolated = canIsolate();
  const counts = Object.fromEntries(CLASSES.map((c) => [c, 0])) as Record<OutcomeClass, number>;
  const samples: Sample[] = [];
  let pendingAtEnd = 0;
  const children = Math.ceil(options.calls / chunk);
  let next = 0;
  // The children's relative paths (an AF_UNIX name such as "localhost" is a
  // file in the working directory) land in a folder of the campaign's own,
  // removed at its end, never in the caller's.
  const cwd = mkdtempSync(join(tmpdir(), "bsdsock-fuzz-cwd-"));
  const worker = async (): Promise<void> => {
    while (next < children) {
      const i = next++;
      const seed = childSeed(options.seed, i);
      const calls = Math.min(chunk, options.calls - i * chunk);
      const r = await runChild(cwd, seed, calls, isolated, hangMs, options.verbose ?? false, options.selfTest);
      if (r.result !== undefined) {
        for (const c of CLASSES) counts[c] += r.result.counts[c] ?? 0;
        pendingAtEnd += r.result.pendingAtEnd;
        for (const s of r.result.samples) samples.push({ ...s, seed, known: KNOWN_ISSUES.some((k) => k.test(s.signature)) });
      } else {
        const kind: OutcomeClass = r.hang !== undefined ? "hang" : "crash";
        counts[kind]++;
        samples.push({ seed, call: -1, what: "(the child)", signature: `${kind} ${r.hang ?? r.crash}`, known: false });
      }
      options.log?.(`child ${i} (seed ${seed}, ${calls} calls): ${r.result !== undefined ? "done" : r.hang !== undefined ? "HANG" : "CRASH"}`);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(jobs, children) }, worker));
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
  // Samples are capped per child; a severe outcome is unknown if any of its
  // samples is, and every crash or hang is.
  const unknownSevere = SEVERE.reduce((n, c) => {
    const own = samples.filter((s) => s.signature.startsWith(`${c} `));
    return n + (counts[c] > 0 && (own.length === 0 || own.some((s) => !s.known)) ? counts[c] : 0);
  }, 0);
  return { seed: options.seed, calls: options.calls, isolated, counts, pendingAtEnd, samples, unknownSevere };
}
