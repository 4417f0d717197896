// The package as others see it: require("bsdsock") from CommonJS on the
// Node versions `engines` admits (require of ES modules: 20.19+, 22.12+),
// the LICENSE that package.json names, and declaration maps that lead
// "go to definition" to the TypeScript sources the package ships.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const pkg = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as {
  license: string;
  engines: { node: string };
  files: string[];
  repository: { url: string };
  homepage: string;
  bugs: { url: string };
};

/** Whether `version` (x.y.z) satisfies an engines range made of `^a.b.c` and `>=a.b.c` terms joined by `||`. */
function admits(range: string, version: string): boolean {
  const v = version.replace(/^v/, "").split(".").map(Number);
  const atLeast = (min: number[]): boolean => v[0]! !== min[0]! ? v[0]! > min[0]! : v[1]! !== min[1]! ? v[1]! > min[1]! : v[2]! >= min[2]!;
  return range.split("||").some((term) => {
    const m = /^\s*(\^|>=)(\d+)\.(\d+)\.(\d+)\s*$/.exec(term);
    assert.ok(m, `engines term ${term} is ^x.y.z or >=x.y.z`);
    const min = [Number(m[2]), Number(m[3]), Number(m[4])];
    return m[1] === ">=" ? atLeast(min) : v[0] === min[0] && atLeast(min);
  });
}

test("engines admits only Node versions that can require() an ES module", () => {
  assert.equal(admits(pkg.engines.node, "20.18.3"), false);
  assert.equal(admits(pkg.engines.node, "20.19.0"), true);
  assert.equal(admits(pkg.engines.node, "21.7.0"), false);
  assert.equal(admits(pkg.engines.node, "22.11.0"), false);
  assert.equal(admits(pkg.engines.node, "22.12.0"), true);
  assert.equal(admits(pkg.engines.node, "24.0.0"), true);
});

test('require("bsdsock") from CommonJS gives the module', (t) => {
  if (!admits(pkg.engines.node, process.version)) {
    t.skip(`Node ${process.version} is outside engines (${pkg.engines.node})`);
    return;
  }
  // A package may require itself by name (its "exports"): what a user's
  // CommonJS file does once bsdsock is installed.
  const script = 'const s = require("bsdsock"); const [a, b] = s.socketpair(); a.sendallSync(Buffer.from("hi")); process.stdout.write(String(b.recvSync(2)) + " " + typeof s.Socket + " " + s.AddressFamily(s.AF_INET)); a.close(); b.close();';
  const r = spawnSync(process.execPath, ["--no-warnings", "-e", script], { cwd: repo, encoding: "utf8", timeout: 30_000 });
  assert.equal(r.stderr, "");
  assert.equal(r.status, 0);
  assert.equal(r.stdout, "hi function AF_INET");
});

test("LICENSE is the MIT license package.json names, and ships", () => {
  assert.equal(pkg.license, "MIT");
  assert.match(readFileSync(join(repo, "LICENSE"), "utf8"), /^MIT License\n/);
  assert.ok(pkg.files.includes("LICENSE"));
  for (const url of [pkg.repository.url, pkg.homepage, pkg.bugs.url]) assert.match(url, /github\.com\/bsdsock\/bsdsock/);
});

test("declaration maps point at the shipped TypeScript sources", () => {
  assert.ok(pkg.files.includes("src") && pkg.files.includes("dist/src"));
  for (const name of ["index", "socket", "module", "netdb"]) {
    const mapFile = join(repo, "dist", "src", `${name}.d.ts.map`);
    const map = JSON.parse(readFileSync(mapFile, "utf8")) as { sources: string[] };
    assert.equal(map.sources.length, 1);
    const source = resolve(dirname(mapFile), map.sources[0]!);
    assert.equal(source, join(repo, "src", `${name}.ts`));
    assert.ok(existsSync(source));
  }
});
