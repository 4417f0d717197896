#!/usr/bin/env node
// Pack smoke test: the package as a user gets it.
//
//   node scripts/pack-smoke.mjs
//
// 1. Copies the work tree (the files git tracks or would track) into a
//    temporary directory, with node_modules linked, and runs `npm pack` there:
//    its "prepack" script builds dist/ and the eight prebuilt binaries (from
//    the cache scripts/prebuild.mjs keeps when their inputs are unchanged). Working on a
//    copy leaves the repository's own dist/ and build/ alone while other tests
//    use them.
// 2. Checks the tarball's file list.
// 3. Installs the tarball into a fresh project with npm's default settings
//    and --offline (its dependencies come from the cache `npm ci` filled;
//    when they are not there, it says "pack smoke: skipped: <why>" and exits 0),
//    in an environment where compiling is impossible (CXX=false, CC=false, no
//    Node headers), and checks that the prebuilt binary is there and nothing
//    was built.
// 4. Runs an echo over a socketpair and over TCP loopback in that project,
//    importing "bsdsock" by name.
//
// Everything happens in one temporary directory, removed at the end
// (PACK_SMOKE_KEEP=1 keeps it on failure). PACK_SMOKE_OUT=<dir> keeps the
// tarball (<dir>/bsdsock.tgz) and the project (<dir>/project) for the tests
// that go on from them (test/30-pack.test.ts). Bounded by
// PACK_SMOKE_TIMEOUT_MS (default 5 minutes). Exit 0 and "pack smoke: ok" on
// success.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const limitMs = Number(process.env.PACK_SMOKE_TIMEOUT_MS ?? 5 * 60_000);
const deadline = Date.now() + limitMs;
const platformDir = `${process.platform}-${process.arch}`;

const work = mkdtempSync(join(tmpdir(), "bsdsock-pack-"));
let step = "start";
let current = null; // the running child, killed on a signal
let failed = false;

function log(text) {
  console.log(`pack smoke: ${text}`);
}

function tail(text, lines = 60) {
  const all = String(text ?? "").trimEnd().split("\n");
  return (all.length > lines ? ["…", ...all.slice(-lines)] : all).join("\n");
}

function cleanup() {
  if (failed && process.env.PACK_SMOKE_KEEP === "1") {
    console.error(`pack smoke: kept ${work} for inspection`);
    return;
  }
  rmSync(work, { recursive: true, force: true });
}

function fail(message, detail = "") {
  failed = true;
  console.error(`pack smoke: FAILED at step "${step}": ${message}`);
  if (detail) console.error(detail);
  cleanup();
  process.exit(1);
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (current?.pid) {
      try {
        process.kill(-current.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    fail(`interrupted by ${signal}`);
  });
}

/**
 * The environment for npm and node children: ours without the npm_* variables
 * that a parent `npm test` sets (npm_config_local_prefix would point nested
 * npm commands at the repository), keeping those that say how to reach the
 * registry.
 */
function childEnv(extra) {
  const keep = /^npm_config_(registry|@.+:registry|cafile|ca|strict_ssl|proxy|https_proxy|noproxy|userconfig|globalconfig|cache|nodedir)$/i;
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) && !keep.test(key)) continue;
    if (key === "INIT_CWD") continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/** Runs a command to completion within the remaining time; its whole
 *  process group is killed when time runs out. */
function run(command, args, options) {
  const left = deadline - Date.now();
  if (left <= 0) fail(`time limit of ${limitMs} ms exceeded`);
  return new Promise((resolvePromise) => {
    const { mayFail, ...spawnOptions } = options;
    const child = spawn(command, args, { ...spawnOptions, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    current = child;
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }, left);
    child.on("error", (error) => {
      clearTimeout(timer);
      current = null;
      fail(`could not start ${command}: ${error.message}`);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      current = null;
      const what = `${command} ${args.join(" ")}`;
      if (signal !== null) fail(`${what} was killed by ${signal} (time limit ${limitMs} ms?)`, `--- stdout\n${tail(stdout)}\n--- stderr\n${tail(stderr)}`);
      if (code !== 0 && options.mayFail) return resolvePromise({ code, stdout, stderr });
      if (code !== 0) fail(`${what} exited with ${code}`, `--- stdout\n${tail(stdout)}\n--- stderr\n${tail(stderr)}`);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

process.on("uncaughtException", (error) => fail(`unexpected error: ${error?.stack ?? error}`));
process.on("unhandledRejection", (error) => fail(`unexpected error: ${error?.stack ?? error}`));

// ---- 1. a copy of the work tree, packed ----------------------------------

step = "copy the work tree";
const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: repo, encoding: "utf8", maxBuffer: 64 << 20 });
if (listed.error || listed.status !== 0) fail("git ls-files failed (is this a git checkout?)", listed.error?.message ?? listed.stderr);
if (!existsSync(join(repo, "node_modules"))) fail("no node_modules in the repository: run npm install first");
const tree = join(work, "repo");
let copied = 0;
for (const file of listed.stdout.split("\0")) {
  if (file === "" || file === "node_modules" || file.startsWith("node_modules/")) continue;
  const from = join(repo, file);
  let stat;
  try {
    stat = lstatSync(from);
  } catch {
    continue; // tracked but deleted in the work tree
  }
  if (!stat.isFile() && !stat.isSymbolicLink()) continue;
  mkdirSync(dirname(join(tree, file)), { recursive: true });
  cpSync(from, join(tree, file), { verbatimSymlinks: true });
  copied++;
}
symlinkSync(join(repo, "node_modules"), join(tree, "node_modules"), "dir");
log(`copied ${copied} files to a temporary tree`);

step = "npm pack";
const scratch = join(work, "tmp"); // temporary files of the nested builds go here, not in /tmp
mkdirSync(scratch);
const packEnv = childEnv({ TMPDIR: scratch });
const packDir = join(work, "pack");
mkdirSync(packDir);
const packed = await run("npm", ["pack", "--json", "--pack-destination", packDir], { cwd: tree, env: packEnv });
// The prepack build prints to stdout too; npm's JSON comes last.
const jsonStart = packed.stdout.search(/^\[\s*\{/m);
let info;
try {
  info = JSON.parse(packed.stdout.slice(jsonStart))[0];
} catch (error) {
  fail(`could not read npm pack's JSON: ${error.message}`, tail(packed.stdout));
}
const tarball = join(packDir, info.filename);
if (!existsSync(tarball)) fail(`npm pack reported ${info.filename}, which is not in ${packDir}`);
log(`packed ${info.filename}: ${info.files.length} files, ${info.size} bytes`);

// ---- 2. the tarball's file list ------------------------------------------

step = "check the file list";
const files = new Set(info.files.map((f) => f.path));
const list = [...files];
const problems = [];
const need = (ok, what) => {
  if (!ok) problems.push(what);
};
for (const file of ["package.json", "README.md", "binding.gyp", "tools/gen-constants.mjs", "dist/src/index.js", "dist/src/index.d.ts", "dist/src/socket.js", "dist/src/socket.d.ts"]) {
  need(files.has(file), `missing ${file}`);
}
for (const js of list.filter((f) => /^dist\/src\/.*\.js$/.test(f))) {
  need(files.has(js.replace(/\.js$/, ".d.ts")), `missing the types of ${js}`);
}
// The eight binaries, and no other (scripts/prebuild-targets.mjs).
const binaries = ["linux-x64/bsdsock.napi.glibc.node", "linux-x64/bsdsock.napi.musl.node",
  "linux-arm64/bsdsock.napi.glibc.node", "linux-arm64/bsdsock.napi.musl.node",
  "darwin-x64/bsdsock.napi.node", "darwin-arm64/bsdsock.napi.node",
  "win32-x64/bsdsock.napi.node", "win32-arm64/bsdsock.napi.node"].map((f) => `prebuilds/${f}`);
for (const binary of binaries) need(files.has(binary), `missing ${binary}`);
for (const file of list.filter((f) => f.startsWith("prebuilds/") && !binaries.includes(f))) need(false, `unexpected ${file}`);
const nativeSources = readdirSync(join(tree, "native")).filter((f) => /\.(cc|h)$/.test(f));
need(nativeSources.some((f) => f.endsWith(".cc")), "the tree has no native/*.cc");
for (const source of nativeSources) need(files.has(`native/${source}`), `missing native/${source}`);
for (const prefix of ["test/", "build/", "dist/test/", "dist/examples/", "dist/bench/", "node_modules/"]) {
  const found = list.filter((f) => f.startsWith(prefix));
  need(found.length === 0, `must not contain ${prefix} (${found.slice(0, 3).join(", ")})`);
}
if (problems.length > 0) fail("the tarball's contents are wrong", `${problems.join("\n")}\n--- files\n${list.join("\n")}`);
log("file list ok");

// ---- 3. install into a fresh project, with compiling made impossible ------

step = "install the tarball";
const project = join(work, "project");
mkdirSync(project);
const noCompile = childEnv({ CXX: "false", CC: "false", npm_config_nodedir: "/nonexistent", TMPDIR: scratch });
await run("npm", ["init", "-y"], { cwd: project, env: noCompile });
const pkgFile = join(project, "package.json");
writeFileSync(pkgFile, JSON.stringify({ ...JSON.parse(readFileSync(pkgFile, "utf8")), type: "module" }, null, 2));
const install = await run("npm", ["install", "--offline", "--foreground-scripts", tarball], { cwd: project, env: noCompile, mayFail: true });
if (install.code !== 0) {
  if (/ENOTCACHED/.test(install.stderr)) {
    console.log("pack smoke: skipped: installing needs the registry: the tarball's dependencies are not in npm's cache (run npm ci first)");
    cleanup();
    process.exit(0);
  }
  fail(`npm install exited with ${install.code}`, tail(install.stderr));
}
const installed = join(project, "node_modules", "bsdsock");
if (!existsSync(installed)) fail("node_modules/bsdsock is missing after npm install");
if (existsSync(join(installed, "build"))) fail("node_modules/bsdsock/build exists: the install compiled instead of using the prebuilt binary");
const prebuilt = join(installed, "prebuilds", platformDir);
if (!existsSync(prebuilt) || !readdirSync(prebuilt).some((f) => f.endsWith(".node"))) fail(`no ${platformDir}/*.node in node_modules/bsdsock/prebuilds`);
if (process.env.PACK_SMOKE_OUT) {
  copyFileSync(tarball, join(process.env.PACK_SMOKE_OUT, "bsdsock.tgz"));
}
log("installed with the prebuilt binary, nothing compiled");

// ---- 4. use it ------------------------------------------------------------

step = "run an echo in the project";
writeFileSync(join(project, "smoke.mjs"), `
import * as socket from "bsdsock";

console.log("resolved", import.meta.resolve("bsdsock"));

// Over a socketpair.
{
  const [a, b] = socket.socketpair();
  await a.sendall(Buffer.from("ping"));
  await b.sendall(await b.recv(1024));
  console.log("socketpair", JSON.stringify((await a.recv(1024)).toString()));
  a.close();
  b.close();
}

// Over TCP on the loopback.
{
  const server = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  server.bind(["127.0.0.1", 0]);
  server.listen();
  const client = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  const [[conn]] = await Promise.all([server.accept(), client.connect(server.getsockname())]);
  await client.sendall(Buffer.from("Hello, world"));
  await conn.sendall(await conn.recv(1024));
  console.log("tcp", JSON.stringify((await client.recv(1024)).toString()));
  for (const s of [conn, client, server]) s.close();
}
`);
const used = await run(process.execPath, ["smoke.mjs"], { cwd: project, env: childEnv({}) });
const expected = [
  `resolved ${pathToFileURL(join(realpathSync(installed), "dist", "src", "index.js")).href}`,
  'socketpair "ping"',
  'tcp "Hello, world"',
];
const got = used.stdout.trim().split("\n");
if (JSON.stringify(got) !== JSON.stringify(expected)) {
  fail("unexpected output from the project's script", `--- expected\n${expected.join("\n")}\n--- got\n${used.stdout}\n--- stderr\n${tail(used.stderr)}`);
}
log("echo over a socketpair and over TCP ok");

step = "clean up";
if (process.env.PACK_SMOKE_OUT) {
  cpSync(project, join(process.env.PACK_SMOKE_OUT, "project"), { recursive: true, verbatimSymlinks: true });
}
cleanup();
log("ok");
