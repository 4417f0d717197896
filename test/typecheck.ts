// Type-checks TypeScript sources against the built declarations of this
// package (dist/src/*.d.ts), as a user's strict project sees them: each
// source imports "bsdsock" by name. Used by the tests of the types and of
// the snippets in the documentation.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
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
 * Type-checks `sources` (file name → text) in a temporary project where
 * "bsdsock" is this package's built declarations. Returns tsc's
 * diagnostics, which name the files as given.
 */
export function typecheck(sources: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), "bsdsock-types-"));
  try {
    for (const [name, text] of Object.entries(sources)) writeFileSync(join(dir, name), text);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
    const compilerOptions = {
      ...strictOptions,
      typeRoots: [join(repo, "node_modules", "@types")],
      paths: { bsdsock: [join(repo, "dist", "src", "index.d.ts")] },
    };
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: Object.keys(sources) }));
    return runTsc(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
