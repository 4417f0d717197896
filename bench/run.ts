// `npm run bench`: every workload × implementation, as a server process and
// a client process pinned same-core and split-core, several runs each;
// prints medians and ratios and writes them as JSON (bench/README.md).
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, release, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildC, ccVersion, ensureAddon, hasPython, hasTaskset } from "./runner/build.js";
import { type Command, type RunSpec, runOnce } from "./runner/cell.js";
import { type Options, type Pinning, USAGE, parseOptions } from "./runner/options.js";
import { type RuntimeCommand, runtimeCommand } from "./runner/runtimes.js";
import { type CellResult, type Machine, cellKey, printTable, toJson, writeJson } from "./runner/report.js";
import { summarize } from "./runner/stats.js";
import { markdownTable } from "./runner/markdown.js";
import { type Impl, SERVER_ONLY, type Workload, WORKLOADS, processLimit } from "./workloads.js";

const here = dirname(fileURLToPath(import.meta.url)); // dist/bench
const root = resolve(here, "..", "..");
const PYTHON = process.env.PYTHON ?? "python3";

function commandFor(impl: Impl, program: string, rt: RuntimeCommand, workload: string, role: "server" | "client", params: string[]): Command {
  if (role === "client" && SERVER_ONLY.includes(impl)) impl = "c";
  if (impl === "c") return { file: program, args: [workload, role, ...params] };
  if (impl === "cpython-select") return { file: PYTHON, args: [join(root, "bench", "impl", "cpython-select.py"), workload, role, ...params] };
  if (impl === "python") return { file: PYTHON, args: [join(root, "bench", "py", "peer.py"), workload, role, ...params] };
  return { file: rt.file, args: [...rt.args, join(here, "proc.js"), impl, workload, role, ...params] };
}

function cpusFor(pinning: Pinning, pinned: boolean): [string | null, string | null] {
  if (!pinned) return [null, null];
  return pinning === "same" ? ["0", "0"] : ["0", "1"];
}

async function main(o: Options): Promise<number> {
  ensureAddon(root);
  for (const peer of ["cpython-select", "python"] as const) {
    if (o.impls.includes(peer) && !hasPython(PYTHON)) {
      console.log(`bench: ${PYTHON} is not available: the ${peer} peer is skipped`);
      o.impls = o.impls.filter((i) => i !== peer);
    }
  }
  const program = o.impls.some((i) => i === "c" || SERVER_ONLY.includes(i)) ? buildC(root) : "";
  const rt = runtimeCommand(o.runtime, root);
  const pinned = hasTaskset();
  if (!pinned) console.log("bench: taskset is not available: processes run unpinned, and same/split mean nothing");
  if (cpus().length < 2 && o.pinnings.includes("split")) {
    console.log("bench: one CPU only: split-core runs are skipped");
    o.pinnings = o.pinnings.filter((p) => p !== "split");
  }
  const machine: Machine = {
    date: new Date().toISOString(),
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    kernel: release(),
    node: o.runtime === "node" ? process.version : rt.version,
    cc: o.impls.includes("c") ? ccVersion() : "not used",
    pinned,
  };
  const workloads: Workload[] = WORKLOADS.filter((w) => o.workloads.includes(w.name));
  const cells = new Map<string, CellResult>();
  const plan: { w: Workload; impl: Impl; pinning: Pinning }[] = [];
  for (const w of workloads) {
    for (const pinning of o.pinnings) {
      if (w.sameCoreOnly === true && pinning !== "same") continue;
      for (const impl of o.impls) {
        if (!w.impls.includes(impl)) continue;
        plan.push({ w, impl, pinning });
        cells.set(cellKey(w.name, impl, pinning), { workload: w.name, impl, pinning, unit: w.unit, rates: [], summary: null, errors: [] });
      }
    }
  }
  const sockets = mkdtempSync(join(tmpdir(), "bsdsock-bench-"));
  const total = plan.length * o.runs;
  let done = 0;
  try {
    // Runs interleave: run 1 of every cell, then run 2…, so that a change in
    // the machine's load spreads over all cells instead of skewing one.
    for (let run = 1; run <= o.runs; run++) {
      for (const { w, impl, pinning } of plan) {
        const cell = cells.get(cellKey(w.name, impl, pinning))!;
        const params = w.params(o.mode);
        const limit = processLimit(params);
        const kv = [...Object.entries(params).map(([k, v]) => `${k}=${v}`), `limit=${limit}`];
        const serverKv = w.unixPath ? [...kv, `path=${join(sockets, `${w.name}-${impl}-${pinning}-${run}.sock`)}`] : kv;
        const [serverCpu, clientCpu] = cpusFor(pinning, pinned);
        const label = `${w.name} ${impl} ${pinning}-core run ${run}`;
        const spec: RunSpec = {
          label,
          server: commandFor(impl, program, rt, w.runs ?? w.name, "server", serverKv),
          client: commandFor(impl, program, rt, w.runs ?? w.name, "client", kv),
          serverCpu,
          clientCpu,
          reporter: w.reporter,
          stopServer: w.stopServer,
          limit: limit + 5,
        };
        done++;
        const prefix = `[${String(done).padStart(String(total).length)}/${total}] ${label}:`;
        try {
          const r = await runOnce(spec);
          const rate = r.ops / r.seconds;
          cell.rates.push(rate);
          const scaled = w.scale === 1 ? Math.round(rate).toString() : (rate * w.scale).toFixed(3);
          const extra = Object.entries(r.extra).map(([k, v]) => ` ${k}=${v}`).join("");
          console.log(`${prefix} ${scaled} ${w.unit}${extra}`);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          cell.errors.push(message);
          console.log(`${prefix} FAILED: ${message}`);
        }
      }
    }
  } finally {
    rmSync(sockets, { recursive: true, force: true });
  }
  for (const cell of cells.values()) cell.summary = summarize(cell.rates);
  printTable(workloads, cells, o, machine);
  if (o.out !== null) {
    const file = writeJson(o.out, toJson(workloads, cells, o, machine), o, machine);
    console.log(`\nresults: ${file.startsWith(root) ? file.slice(root.length + 1) : file}`);
  }
  return [...cells.values()].some((c) => c.errors.length > 0) ? 1 : 0;
}

let options: Options | null;
try {
  options = parseOptions(process.argv.slice(2), join(root, "bench", "results"));
} catch (error) {
  console.error(`bench: ${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (options === null) {
  console.log(USAGE);
} else if (options.markdown !== null) {
  console.log(markdownTable(options.markdown));
} else {
  process.exitCode = await main(options);
}
