// Finds and loads the native addon for this machine. The candidates, in
// order: the prebuilt binary shipped for this platform, architecture and C
// library (prebuilds/<platform>-<arch>/bsdsock.napi[.<libc>].node), then a
// local build (build/Release/bsdsock.node, what `npm rebuild bsdsock`
// makes). A candidate that is missing or fails to load (a C library too old,
// the wrong libc) hands over to the next; when none loads, one error lists
// every candidate with its reason, and what to do on this machine.
import { closeSync, existsSync, openSync, readSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

export type Libc = "glibc" | "musl";

/** What the loader knows of the machine; tests pass their own. */
export interface Machine {
  platform: string;
  arch: string;
  /** The C library on Linux; null elsewhere. */
  libc: Libc | null;
}

export interface Candidate {
  kind: "prebuilt" | "local build";
  path: string;
}

/**
 * The program interpreter named in an ELF executable's PT_INTERP header
 * (/lib64/ld-linux-x86-64.so.2, /lib/ld-musl-aarch64.so.1), or null when
 * the file is not a dynamically linked 64-bit little-endian ELF file.
 */
export function elfInterpreter(file: string): string | null {
  let fd: number | undefined;
  try {
    fd = openSync(file, "r");
    const head = Buffer.alloc(64);
    // e_ident: "\x7fELF", class 2 (64-bit), data 1 (little-endian).
    if (readSync(fd, head, 0, 64, 0) < 64 || head.readUInt32BE(0) !== 0x7f454c46 || head[4] !== 2 || head[5] !== 1) return null;
    const phoff = Number(head.readBigUInt64LE(32));
    const phentsize = head.readUInt16LE(54);
    const phnum = head.readUInt16LE(56);
    const table = Buffer.alloc(phentsize * phnum);
    readSync(fd, table, 0, table.length, phoff);
    for (let i = 0; i < phnum; i++) {
      const entry = i * phentsize;
      if (table.readUInt32LE(entry) !== 3) continue; // PT_INTERP
      const offset = Number(table.readBigUInt64LE(entry + 8));
      const size = Number(table.readBigUInt64LE(entry + 32));
      const name = Buffer.alloc(Math.min(size, 4096));
      readSync(fd, name, 0, name.length, offset);
      return name.toString("latin1").replace(/\0.*$/s, "");
    }
    return null;
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The C library the running process uses on Linux: from the dynamic loader
 * the runtime's own executable names (ld-musl-* is musl), else from Node's
 * diagnostic report (which names a glibc version only under glibc).
 */
export function detectLibc(): Libc {
  const interpreter = elfInterpreter("/proc/self/exe");
  if (interpreter !== null) return /ld-musl/.test(interpreter) ? "musl" : "glibc";
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  return header?.glibcVersionRuntime === undefined ? "musl" : "glibc";
}

export function thisMachine(): Machine {
  return { platform: process.platform, arch: process.arch, libc: process.platform === "linux" ? detectLibc() : null };
}

/** Where the addon may be for `machine`, in the order they are tried. */
export function candidates(packageRoot: string, machine: Machine): Candidate[] {
  const file = machine.libc === null ? "bsdsock.napi.node" : `bsdsock.napi.${machine.libc}.node`;
  return [
    { kind: "prebuilt", path: join(packageRoot, "prebuilds", `${machine.platform}-${machine.arch}`, file) },
    { kind: "local build", path: join(packageRoot, "build", "Release", "bsdsock.node") },
  ];
}

/** What to do on `machine` when nothing loads: build from source. */
export function remedy(machine: Machine): string {
  const compiler =
    machine.platform === "darwin" ? "Xcode's command line tools (xcode-select --install)"
    : machine.libc === "musl" ? "a C++17 compiler, make and python3 (Alpine: apk add build-base python3)"
    : machine.platform === "linux" ? "a C++17 compiler, make and python3 (Debian/Ubuntu: apt-get install g++ make python3; RHEL/Fedora: dnf install gcc-c++ make python3)"
    : "a C++17 compiler, make and python3";
  return [
    `Build it from source: install ${compiler}, then run "npm rebuild bsdsock" in your project.`,
    "If your package manager does not run dependencies' install scripts, allow bsdsock's first:",
    'npm 11: "npm approve-scripts bsdsock" (or "npm install -g --allow-scripts=bsdsock" for a global install);',
    'pnpm: "pnpm approve-builds"; Bun: add "bsdsock" to "trustedDependencies" in package.json.',
  ].join("\n  ");
}

/** Loads the first candidate that loads; throws one error naming them all. */
export function loadAddon(packageRoot: string, machine: Machine = thisMachine(), load: (path: string) => unknown = createRequire(import.meta.url)): unknown {
  const failures: string[] = [];
  for (const candidate of candidates(packageRoot, machine)) {
    if (!existsSync(candidate.path)) {
      failures.push(`${candidate.kind} ${candidate.path}: not there`);
      continue;
    }
    try {
      return load(candidate.path);
    } catch (error) {
      const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
      failures.push(`${candidate.kind} ${candidate.path}: failed to load: ${reason}`);
    }
  }
  const libc = machine.libc === null ? "" : ` (${machine.libc})`;
  throw new Error(
    `bsdsock: no native addon loads on ${machine.platform}-${machine.arch}${libc}. Tried:\n  ` +
      failures.join("\n  ") + "\n  " + remedy(machine),
  );
}
