// The report: a table on the terminal (medians with min–max, and the ratios
// the issue's targets are about), and the same figures as JSON.
import { mkdirSync, writeFileSync, copyFileSync } from "node:fs";
import { join } from "node:path";
import { IMPL_LABELS, type Impl, type Target, type Workload, meets, targetText } from "../workloads.js";
import type { Options, Pinning } from "./options.js";
import { type Summary, ratio } from "./stats.js";

export interface CellResult {
  workload: string;
  impl: Impl;
  pinning: Pinning;
  unit: string;
  /** ops/s of each run, in the order they ran. */
  rates: number[];
  summary: Summary | null;
  errors: string[];
}

export interface Machine {
  date: string;
  cpus: number;
  cpuModel: string;
  kernel: string;
  node: string;
  cc: string;
  pinned: boolean;
}

export function cellKey(workload: string, impl: Impl, pinning: Pinning): string {
  return `${workload}/${impl}/${pinning}`;
}

function formatRate(value: number, w: Workload): string {
  const v = value * w.scale;
  if (w.scale !== 1) return v.toFixed(2);
  if (v >= 1e6) return `${(v / 1e6).toPrecision(3)}M`;
  if (v >= 1e3) return `${(v / 1e3).toPrecision(3)}k`;
  return v.toFixed(0);
}

function formatCell(s: Summary | null, w: Workload, failed: boolean): string {
  if (s === null) return failed ? "failed" : "—";
  const spread = s.n > 1 ? ` (${formatRate(s.min, w)}–${formatRate(s.max, w)})` : "";
  return `${formatRate(s.median, w)}${spread}${failed ? " !" : ""}`;
}

function pad(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - [...text].length));
}

interface RatioColumn {
  label: string;
  of: Impl;
  to: Impl;
}

const RATIOS: RatioColumn[] = [
  { label: "async/node", of: "bsdsock-async", to: "node" },
  { label: "async/C", of: "bsdsock-async", to: "c" },
  { label: "Sync/C", of: "bsdsock-sync", to: "c" },
  { label: "Sync/node", of: "bsdsock-sync", to: "node" },
  { label: "selectSync/CPython", of: "bsdsock-selectsync", to: "cpython-select" },
  { label: "pollSync/CPython", of: "bsdsock-pollsync", to: "cpython-select" },
  { label: "selectSync/C", of: "bsdsock-selectsync", to: "c" },
  { label: "async/own", of: "bsdsock-async", to: "own" },
  { label: "Sync/CPython", of: "bsdsock-sync", to: "python" },
];

/** Whose ratio to a variant's base workload has a target. */
const VARIANT_TARGETED: readonly Impl[] = ["bsdsock-async", "bsdsock-sync"];

/** A variant's ratio to its base workload, per implementation and pinning. */
function variantRatios(w: Workload, cells: Map<string, CellResult>, o: Options): { impl: Impl; pinning: Pinning; value: number; target: Target | null }[] {
  const out = [];
  if (w.variantOf === undefined) return [];
  for (const pinning of o.pinnings) {
    for (const impl of o.impls.filter((i) => w.impls.includes(i))) {
      const value = ratio(cells.get(cellKey(w.name, impl, pinning))?.summary, cells.get(cellKey(w.variantOf.workload, impl, pinning))?.summary);
      const target: Target | null = VARIANT_TARGETED.includes(impl) ? { of: impl, to: impl, atLeast: w.variantOf.atLeast } : null;
      if (value !== null) out.push({ impl, pinning, value, target });
    }
  }
  return out;
}

function withTarget(value: number, target: Target | null | undefined): string {
  const text = value.toFixed(2);
  if (target === null || target === undefined) return text;
  return `${text} ${meets(value, target) ? "✓" : "✗"}${targetText(target)}`;
}

/** A ratio's target as JSON: its bound as text ("≥1.15"), and whether it is met. */
function targetJson(value: number, target: Target | null | undefined): { target: string | null; met: boolean | null } {
  return target === null || target === undefined ? { target: null, met: null } : { target: targetText(target), met: meets(value, target) };
}

export function printTable(workloads: readonly Workload[], cells: Map<string, CellResult>, o: Options, m: Machine): void {
  console.log("");
  console.log(`bsdsock benchmarks, ${o.mode} mode, ${o.runs} run${o.runs === 1 ? "" : "s"} per cell; ${m.date}`);
  console.log(`${m.cpus} CPUs (${m.cpuModel}), Linux ${m.kernel}, ${o.runtime === "node" ? "Node " : ""}${m.node}, ${m.cc}${m.pinned ? "" : "; NOT pinned (no taskset)"}`);
  console.log("medians (min–max) of the rate; ratios of medians, with the issue's target where it has one (✓ met, ✗ missed)");
  for (const w of workloads) {
    console.log("");
    console.log(`${w.name}: ${w.what} — ${w.unit}`);
    const impls = o.impls.filter((i) => w.impls.includes(i));
    const ratios = RATIOS.filter((r) => impls.includes(r.of) && impls.includes(r.to));
    const header = [pad("pinning", 8), ...impls.map((i) => pad(IMPL_LABELS[i], 24)), ...ratios.map((r) => pad(r.label, 14))];
    console.log("  " + header.join(" "));
    for (const pinning of o.pinnings) {
      if (w.sameCoreOnly === true && pinning !== "same") continue;
      const row = [pad(pinning, 8)];
      for (const impl of impls) {
        const c = cells.get(cellKey(w.name, impl, pinning));
        row.push(pad(formatCell(c?.summary ?? null, w, (c?.errors.length ?? 0) > 0), 24));
      }
      for (const r of ratios) {
        const value = ratio(cells.get(cellKey(w.name, r.of, pinning))?.summary, cells.get(cellKey(w.name, r.to, pinning))?.summary);
        const target = w.targets.find((t) => t.of === r.of && t.to === r.to);
        row.push(pad(value === null ? "—" : withTarget(value, target), 14));
      }
      console.log("  " + row.join(" "));
    }
    const variants = variantRatios(w, cells, o);
    for (const pinning of o.pinnings) {
      const mine = variants.filter((v) => v.pinning === pinning);
      if (mine.length === 0) continue;
      const parts = mine.map((v) => `${IMPL_LABELS[v.impl]} ${withTarget(v.value, v.target)}`);
      console.log(`  ${pad(pinning, 8)} / ${w.variantOf!.workload}: ${parts.join(", ")}`);
    }
  }
  const failures = [...cells.values()].flatMap((c) => c.errors);
  if (failures.length > 0) {
    console.log("");
    console.log(`${failures.length} run${failures.length === 1 ? "" : "s"} failed (cells marked "!" or "failed"):`);
    for (const f of failures) console.log(`- ${f}`);
  }
}

export function toJson(workloads: readonly Workload[], cells: Map<string, CellResult>, o: Options, m: Machine): unknown {
  const ratios = [];
  for (const w of workloads) {
    for (const pinning of o.pinnings) {
      for (const r of RATIOS) {
        const value = ratio(cells.get(cellKey(w.name, r.of, pinning))?.summary, cells.get(cellKey(w.name, r.to, pinning))?.summary);
        if (value === null) continue;
        const target = w.targets.find((t) => t.of === r.of && t.to === r.to);
        ratios.push({ workload: w.name, pinning, of: r.of, to: r.to, value, ...targetJson(value, target) });
      }
    }
  }
  return {
    machine: m,
    mode: o.mode,
    runs: o.runs,
    workloads: workloads.map((w) => ({ name: w.name, what: w.what, unit: w.unit, scale: w.scale, params: w.params(o.mode) })),
    cells: [...cells.values()].map((c) => ({ ...c, scaledMedian: c.summary === null ? null : c.summary.median * (workloads.find((w) => w.name === c.workload)?.scale ?? 1) })),
    ratios,
    variants: workloads.flatMap((w) => variantRatios(w, cells, o).map((v) => ({
      workload: w.name, of: w.variantOf!.workload, impl: v.impl, pinning: v.pinning, value: v.value, ...targetJson(v.value, v.target),
    }))),
  };
}

/** Writes `<date>-<mode>.json` and copies it to latest.json (full mode) or latest-<mode>.json. */
export function writeJson(dir: string, data: unknown, o: Options, m: Machine): string {
  mkdirSync(dir, { recursive: true });
  // Another runtime's results go beside Node's: latest-deno.json, latest-bun-quick.json.
  const suffix = [...(o.runtime === "node" ? [] : [o.runtime]), ...(o.mode === "full" ? [] : [o.mode])].map((s) => `-${s}`).join("");
  const file = join(dir, `${m.date.replace(/[:.]/g, "-")}-${o.runtime === "node" ? "" : `${o.runtime}-`}${o.mode}.json`);
  writeFileSync(file, JSON.stringify(data, null, 2) + "\n");
  copyFileSync(file, join(dir, `latest${suffix}.json`));
  return file;
}
