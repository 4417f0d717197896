// Child node processes that import the library: whether something keeps a
// process alive can only be seen from outside it. Like helpers.ts, loading
// it only defines things.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { evalArgs } from "./runtime.js";

/** The built library's entry point, for code run in a child or a worker. */
export const libraryUrl = new URL("../src/index.js", import.meta.url).href;

/**
 * Runs `body` in a child process that has imported the library as
 * `socket`, and returns whether something kept the child alive for 300 ms.
 * The child arms an unref'd timer: it fires (and prints "kept alive") only
 * if something else keeps the loop running, so the answer does not depend
 * on how fast the machine is.
 */
export function keptAlive(body: string): boolean {
  const code = [
    `import * as socket from ${JSON.stringify(libraryUrl)};`,
    `setTimeout(() => { console.log("kept alive"); process.exit(0); }, 300).unref();`,
    body,
    `console.log("started");`,
  ].join("\n");
  const r = spawnSync(process.execPath, evalArgs(code), { encoding: "utf8", timeout: 20_000 });
  assert.equal(r.error, undefined, String(r.error));
  assert.equal(r.signal, null, `the child was killed: ${r.stderr}`);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /started/, r.stderr);
  return r.stdout.includes("kept alive");
}
