// The package as a user gets it: scripts/pack-smoke.mjs packs a copy of the
// work tree (building dist/ and the prebuilt binary there, so this file can
// run beside the others), checks the tarball's file list, installs it into a
// fresh project where compiling is impossible, and runs an echo over a
// socketpair and over TCP loopback importing "bsdsock" by name.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { checkNoLeaks } from "./helpers.js";

checkNoLeaks();

// This file runs from dist/test/: the repository is two levels up.
const repo = fileURLToPath(new URL("../../", import.meta.url));
const script = "scripts/pack-smoke.mjs";
const SCRIPT_LIMIT_MS = 5 * 60_000;

function skipReason(): string | false {
  if (process.platform !== "linux" || process.arch !== "x64") {
    return `the package ships a prebuilt binary for linux-x64 only, not ${process.platform}-${process.arch}`;
  }
  if (!existsSync(`${repo}${script}`)) return `${script} is missing`;
  const git = spawnSync("git", ["rev-parse", "--is-inside-work-tree"], { cwd: repo, encoding: "utf8" });
  if (git.status !== 0) return "not a git checkout: the smoke test packs the files git tracks";
  return false;
}

test("npm pack: the tarball installs without compiling and works", { skip: skipReason(), timeout: SCRIPT_LIMIT_MS + 90_000 }, () => {
  const r = spawnSync(process.execPath, [script], {
    cwd: repo,
    encoding: "utf8",
    timeout: SCRIPT_LIMIT_MS + 60_000, // the script bounds itself; this is the backstop
    env: { ...process.env, PACK_SMOKE_TIMEOUT_MS: String(SCRIPT_LIMIT_MS) },
    maxBuffer: 64 << 20,
  });
  const output = `--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
  assert.equal(r.error, undefined, `${script} could not run to the end: ${r.error?.message}\n${output}`);
  assert.equal(r.status, 0, `${script} failed\n${output}`);
  assert.match(r.stdout, /^pack smoke: ok$/m, output);
});
