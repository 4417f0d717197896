#!/usr/bin/env node
// Generates bsdsock_constants.h: the list of integer constants that the
// platform's headers define, so that no constant value is ever typed in by
// hand. Run by binding.gyp as `node tools/gen-constants.mjs <output.h>`, and
// by scripts/prebuild.mjs once per cross target as
// `node tools/gen-constants.mjs <output.h> -- <compiler> <args...>` (e.g.
// `zig c++ -target aarch64-linux-musl`), so that each target's list comes
// from that target's own headers.
//
// For each group of headers the compiler is asked which names exist (macros
// from `-dM -E`, enum members from `-E`); a probe file then keeps only the
// names that are integer constant expressions. The header only lists names:
// the values are computed by the compiler when the addon is built, from the
// same headers. The groups and their prefixes are in tools/constants-spec.mjs,
// which test/71-constants.test.ts reads too.
//
// Output format (one file, so the declared build output covers everything):
//
//   #if defined(BSDSOCK_CONSTANTS_UNIT_LINUX_TCP)   // an isolated unit
//   #if __has_include(<linux/tcp.h>)
//   #include <linux/tcp.h>
//   #endif
//   #define BSDSOCK_CONSTANTS_LINUX_TCP(C) \
//     C(TCP_MD5SIG_FLAG_IFINDEX) \
//     ...
//   #else                                           // the default unit
//   ...includes of the "libc" group...
//   #define BSDSOCK_CONSTANTS_LIBC(C) \
//     C(AF_ALG) \
//     ...
//   ...includes of the "can_bcm" group...
//   #define BSDSOCK_CONSTANTS_CAN_BCM(C) \
//     C(CAN_BCM_CAN_FD_FRAME, CAN_FD_FRAME) \
//     ...                                   (exported name, header's name)
//   ...includes and BSDSOCK_CONSTANTS_INTERNAL(C) of the "internal" group...
//   #endif
//
// A translation unit includes the header once; one that defines
// BSDSOCK_CONSTANTS_UNIT_<UNIT> gets that unit's groups instead of the default
// ones. Groups whose headers conflict live in different units.

import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GROUPS } from "./constants-spec.mjs";

const MAX_PROBE_ROUNDS = 5;

// Constants are upper case; this also keeps out mixed-case enum members such
// as linux/tcp.h's TCP_CA_Open.
const CONSTANT_NAME = /^[A-Z][A-Z0-9_]*$/;

class GeneratorError extends Error {}

// The compiler: the words after "--" on the command line, else CXX, which
// may carry a launcher or flags ("ccache g++", "clang++ -m32").
function compilerCommand() {
  const dashes = process.argv.indexOf("--");
  const words = dashes > 0 ? process.argv.slice(dashes + 1) : (process.env.CXX || "c++").trim().split(/\s+/);
  return { file: words[0], args: [...words.slice(1), "-x", "c++", "-std=c++17", "-D_GNU_SOURCE"] };
}

// Runs the compiler on `source`; resolves with its exit code and output.
function runCompiler(extraArgs, source) {
  const { file, args } = compilerCommand();
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args, ...extraArgs], { stdio: ["pipe", "pipe", "pipe"] });
    const stdout = [];
    const stderr = [];
    child.stdout.on("data", (chunk) => stdout.push(chunk));
    child.stderr.on("data", (chunk) => stderr.push(chunk));
    child.on("error", (err) => {
      const hint = "set CXX to choose another";
      reject(new GeneratorError(`cannot run the C++ compiler "${file}" (${hint}): ${err.message}`));
    });
    child.on("close", (code) =>
      resolve({ code, stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString() }));
    child.stdin.on("error", () => {}); // the compiler may exit before reading everything
    child.stdin.end(source);
  });
}

function includeLines(headers) {
  return headers.flatMap((h) => [`#if __has_include(<${h}>)`, `#include <${h}>`, "#endif"]);
}

async function preprocess(group, flag) {
  const source = includeLines(group.headers).join("\n") + "\n";
  const result = await runCompiler([flag, "-E", "-"].filter(Boolean), source);
  if (result.code !== 0) {
    const what = `preprocessing the "${group.id}" headers failed (exit ${result.code})`;
    throw new GeneratorError(`${what}:\n${result.stderr}`);
  }
  return result.stdout;
}

// Object-like macros with a body that can be a number: no strings, no
// braced initialisers.
function macroNames(defines) {
  const names = [];
  for (const line of defines.split("\n")) {
    const m = /^#define ([A-Za-z_]\w*)(?=\s|$)(.*)$/.exec(line);
    if (m && m[2].trim() !== "" && !/["{]/.test(m[2])) names.push(m[1]);
  }
  return names;
}

// Some constants exist only as enum members (glibc's IPPORT_RESERVED), so the
// members of every enum body in the preprocessed text are candidates too.
function enumMemberNames(text) {
  const code = text.split("\n").filter((line) => !line.startsWith("#")).join("\n");
  const names = [];
  for (const m of code.matchAll(/\benum\b[^{};()]*\{([^}]*)\}/g)) {
    for (const item of splitTopLevel(m[1])) {
      const id = /^\s*([A-Za-z_]\w*)\s*(=|$)/.exec(item);
      if (id) names.push(id[1]);
    }
  }
  return names;
}

// Splits an enum body at the commas that are not inside parentheses.
function splitTopLevel(body) {
  const items = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (ch === "," && depth === 0) {
      items.push(body.slice(start, i));
      start = i + 1;
    }
  }
  items.push(body.slice(start));
  return items;
}

// A prefix is a RegExp, a string ending in "_" (every name that starts
// with it), or one exact name.
function matchesPrefixes(name, prefixes) {
  return prefixes.some((p) =>
    p instanceof RegExp ? p.test(name) : p.endsWith("_") ? name.startsWith(p) : name === p);
}

async function candidateNames(group) {
  const [defines, text] = await Promise.all([preprocess(group, "-dM"), preprocess(group, null)]);
  const all = new Set([...macroNames(defines), ...enumMemberNames(text)]);
  const names = [...all].filter((n) => CONSTANT_NAME.test(n) && matchesPrefixes(n, group.prefixes)).sort();
  return { names, isClang: /^#define __clang__ /m.test(defines) };
}

// One probe line per name. It fails to compile unless the name is an integer
// constant expression: a template argument must be constant, and a pointer,
// floating or class type does not pass is_integral (or is no valid
// non-type template parameter at all).
function probeSource(group, names) {
  const head = [
    ...includeLines(group.headers),
    "#include <type_traits>",
    "template <typename T, T V> struct bsdsock_probe : std::is_integral<T> {};",
  ];
  const lines = names.map((n) => `static_assert(bsdsock_probe<decltype(+(${n})), +(${n})>::value, "");`);
  return { source: [...head, ...lines].join("\n") + "\n", firstLine: head.length + 1 };
}

// Line numbers of the probe file named by any diagnostic. An error inside a
// macro expansion is reported at the header's line, with the probe line only
// in an "in expansion of macro" note, so notes count as well.
function failingLines(stderr, probePath) {
  const lines = new Set();
  const escaped = probePath.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  for (const m of stderr.matchAll(new RegExp(`^${escaped}:(\\d+):`, "gm"))) lines.add(Number(m[1]));
  return lines;
}

async function verifiedNames(group, names, isClang, workDir) {
  const probePath = join(workDir, `probe_${group.id}.cc`);
  // A real compile into a scratch object rather than -fsyntax-only, which
  // zig's C++ driver does not accept.
  const object = join(workDir, `probe_${group.id}.o`);
  const flags = ["-c", "-o", object, "-w", isClang ? "-ferror-limit=0" : "-fmax-errors=0", probePath];
  let kept = names;
  for (let round = 0; round < MAX_PROBE_ROUNDS; round++) {
    const { source, firstLine } = probeSource(group, kept);
    await writeFile(probePath, source);
    const result = await runCompiler(flags, "");
    if (result.code === 0) return kept;
    const bad = failingLines(result.stderr, probePath);
    const survivors = kept.filter((_, i) => !bad.has(firstLine + i));
    if (survivors.length === kept.length) {
      const what = `the "${group.id}" headers do not compile (exit ${result.code})`;
      throw new GeneratorError(`${what}:\n${result.stderr}`);
    }
    kept = survivors;
  }
  throw new GeneratorError(
    `probing the "${group.id}" constants did not settle in ${MAX_PROBE_ROUNDS} rounds`);
}

// The group's constants as { exported, name }: the name a table holds and the
// one the headers define (they differ only for groups with an exportPrefix).
async function probeGroup(group, workDir) {
  const { names, isClang } = await candidateNames(group);
  const verified = await verifiedNames(group, names, isClang, workDir);
  return verified.map((name) => ({ exported: (group.exportPrefix ?? "") + name, name }));
}

// Applies "first group wins" per table, in GROUPS order.
function dedupe(groups, entryLists) {
  const seen = new Map();
  return entryLists.map((entries, i) => {
    const table = groups[i].table;
    if (!seen.has(table)) seen.set(table, new Set());
    const taken = seen.get(table);
    const fresh = entries.filter((e) => !taken.has(e.exported));
    fresh.forEach((e) => taken.add(e.exported));
    return fresh;
  });
}

function listMacro(group, entries) {
  const macro = `#define BSDSOCK_CONSTANTS_${group.id.toUpperCase()}(C)`;
  const item = (e) => (group.exportPrefix ? `C(${e.exported}, ${e.name})` : `C(${e.name})`);
  const lines = entries.map((e, i) => `  ${item(e)}${i < entries.length - 1 ? " \\" : ""}`);
  return lines.length === 0 ? macro : [`${macro} \\`, ...lines].join("\n");
}

function groupSection(group, entries) {
  return [
    `// Group "${group.id}": ${entries.length} names, table "${group.table}".`,
    ...includeLines(group.headers),
    listMacro(group, entries),
  ].join("\n");
}

function renderHeader(groups, entryLists) {
  const sections = (unit) =>
    groups.flatMap((g, i) => (g.unit === unit ? [groupSection(g, entryLists[i])] : []));
  const isolated = [...new Set(groups.map((g) => g.unit).filter((u) => u !== null))];
  const out = [
    "// Generated by tools/gen-constants.mjs from the platform's headers. Do not edit.",
    "// BSDSOCK_CONSTANTS_<GROUP>(C) expands to C(NAME) for every integer constant",
    "// of the group, or to C(EXPORTED_NAME, NAME) for a group that renames.",
    "// Define BSDSOCK_CONSTANTS_UNIT_<UNIT> before including this file to get an",
    "// isolated unit's groups instead of the default unit's.",
  ];
  isolated.forEach((unit, i) => {
    const keyword = i === 0 ? "#if" : "#elif";
    out.push(`${keyword} defined(BSDSOCK_CONSTANTS_UNIT_${unit.toUpperCase()})`, ...sections(unit));
  });
  if (isolated.length > 0) out.push("#else");
  out.push(...sections(null));
  if (isolated.length > 0) out.push("#endif");
  return out.join("\n") + "\n";
}

async function writeIfChanged(path, content) {
  const old = await readFile(path, "utf8").catch(() => null);
  if (old !== content) await writeFile(path, content);
}

async function main() {
  const output = process.argv[2];
  if (!output || output === "--") {
    throw new GeneratorError("usage: node tools/gen-constants.mjs <output.h> [-- <compiler> <args...>]");
  }
  const workDir = await mkdtemp(join(tmpdir(), "bsdsock-constants-"));
  try {
    const entryLists = await Promise.all(GROUPS.map((g) => probeGroup(g, workDir)));
    await writeIfChanged(output, renderHeader(GROUPS, dedupe(GROUPS, entryLists)));
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`gen-constants: ${err instanceof GeneratorError ? err.message : err.stack}`);
  process.exit(1);
});
