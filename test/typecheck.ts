// Type-checks TypeScript sources against the built declarations of this
// package (dist/src/*.d.ts), as a user's strict project sees them: each
// source imports "bsdsock" by name, resolved as an installed package. Used by the tests of the types and of
// the snippets in the documentation.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const tsc = join(repo, "node_modules", "typescript", "bin", "tsc");

/** The compiler options of a user's strict ESM project. */
export const strictOptions = {
  target: "ES2022",
  module: "nodenext",
  moduleResolution: "nodenext",
  lib: ["ES2022", "ESNext.Disposable"],
  types: ["node"],
  strict: true,
  noEmit: true,
};

/** Runs tsc on the project in directory `project`; its diagnostics ("" when clean). */
export function runTsc(project: string): string {
  // Run in the project, so diagnostics name its files relative to it.
  const r = spawnSync(process.execPath, [tsc, "-p", ".", "--pretty", "false"], { cwd: project, encoding: "utf8", timeout: 120_000 });
  if (r.error) throw r.error;
  return `${r.stdout}${r.stderr}`.trim();
}

/**
 * A temporary project where "bsdsock" is this package, installed as a user
 * installs it (node_modules/bsdsock links to the repository, so its
 * "exports" and "types" are what resolve), holding `sources` (file name →
 * text). tsc type-checks them and, with `emit`, writes their JavaScript to
 * `out/`, where node can run it. Returns the directory and the
 * diagnostics; remove the directory with `dispose()`.
 */
export function project(sources: Readonly<Record<string, string>>, emit = false): { dir: string; diagnostics: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), "bsdsock-types-"));
  try {
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(repo, join(dir, "node_modules", "bsdsock"), "dir");
    symlinkSync(join(repo, "node_modules", "@types"), join(dir, "node_modules", "@types"), "dir");
    for (const [name, text] of Object.entries(sources)) writeFileSync(join(dir, name), text);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
    const compilerOptions = emit ? { ...strictOptions, noEmit: false, outDir: "out", rootDir: "." } : strictOptions;
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: Object.keys(sources) }));
    return { dir, diagnostics: runTsc(dir), dispose: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Type-checks `sources` in a temporary project (see project()); tsc's diagnostics, "" when clean. */
export function typecheck(sources: Readonly<Record<string, string>>): string {
  const p = project(sources);
  p.dispose();
  return p.diagnostics;
}
