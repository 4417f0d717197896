// The README's table, from a results file: one row per workload and
// pinning, medians with the ratios the issue's targets are about.
import { readFileSync } from "node:fs";

interface ResultsFile {
  machine: { date: string; cpus: number; cpuModel: string; kernel: string; node: string };
  mode: string;
  runs: number;
  workloads: { name: string; unit: string; scale: number }[];
  cells: { workload: string; impl: string; pinning: string; summary: { median: number } | null }[];
  ratios: { workload: string; pinning: string; of: string; to: string; value: number; target: string | number | null; met: boolean | null }[];
  /** A variant's ratio to its base workload (absent in older files). */
  variants?: { workload: string; of: string; impl: string; pinning: string; value: number; target: string | null; met: boolean | null }[];
}

const IMPLS = ["c", "bsdsock-async", "bsdsock-sync", "node", "python"];
const RATIOS: [string, string][] = [["bsdsock-async", "node"], ["bsdsock-async", "c"], ["bsdsock-sync", "c"], ["bsdsock-sync", "python"]];

/** A ratio with its target: "1.21 ✓ ≥1.15" (older files give the bound as a number: "at least"). */
function withTarget(x: { value: number; target: string | number | null; met: boolean | null } | undefined): string {
  if (x === undefined) return "—";
  if (x.target === null) return x.value.toFixed(2);
  return `${x.value.toFixed(2)} ${x.met ? "✓" : "✗"} ${typeof x.target === "number" ? `≥${x.target}` : x.target}`;
}

function rate(value: number, scale: number): string {
  const v = value * scale;
  if (scale !== 1) return v.toFixed(2);
  if (v >= 1e6) return `${(v / 1e6).toPrecision(3)}M`;
  if (v >= 1e3) return `${(v / 1e3).toPrecision(3)}k`;
  return v.toFixed(0);
}

export function markdownTable(file: string): string {
  const r = JSON.parse(readFileSync(file, "utf8")) as ResultsFile;
  const m = r.machine;
  const lines = [
    `Medians of ${r.runs} run${r.runs === 1 ? "" : "s"} (${r.mode} mode), ${m.date.slice(0, 10)}, ${m.cpus}-vCPU ${m.cpuModel} VM, Linux ${m.kernel}, Node ${m.node}. ` +
      "same: both processes on one CPU; split: one each. Ratios are bsdsock / node:net (or node:dgram), bsdsock / C and bsdsock / CPython, " +
      "with the target: ✓ met, ✗ missed; \"/ base\" is a variant's rate over its base workload's (async, Sync).",
    "",
    "| workload | pinning | C | bsdsock async | bsdsock Sync | node | CPython | async/node | async/C | Sync/C | Sync/CPython | / base |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const w of r.workloads) {
    for (const pinning of ["same", "split"]) {
      const cells = IMPLS.map((impl) => r.cells.find((c) => c.workload === w.name && c.impl === impl && c.pinning === pinning));
      if (cells.every((c) => c === undefined)) continue;
      const row = [w.name, pinning, ...cells.map((c) => (c?.summary == null ? "—" : rate(c.summary.median, w.scale)))];
      for (const [of, to] of RATIOS) {
        row.push(withTarget(r.ratios.find((q) => q.workload === w.name && q.pinning === pinning && q.of === of && q.to === to)));
      }
      const variant = (impl: string): string => withTarget(r.variants?.find((q) => q.workload === w.name && q.pinning === pinning && q.impl === impl));
      const base = r.variants?.find((q) => q.workload === w.name)?.of;
      row.push(base === undefined ? "—" : `${variant("bsdsock-async")}, ${variant("bsdsock-sync")} (/ ${base})`);
      lines.push(`| ${row.join(" | ")} |`);
    }
  }
  lines.push("", `Units: ${r.workloads.map((w) => `${w.name} ${w.unit}`).join("; ")}.`);
  return lines.join("\n");
}
