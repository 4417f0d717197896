// Windows: the addon loads in an executable that is not named node.exe (an
// Electron app, a renamed node.exe): the prebuilt DLL finds Node-API and
// libuv in whichever executable loaded it (native/win/host_binding_win.cc)
// instead of importing them from a module named "node.exe", which such a
// process does not have. Run under Wine in CI with a copy of node.exe under
// another name; skipped, with the reason, on every other platform.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { libraryUrl } from "./child.js";
import { tempDir } from "./helpers.js";
import { skipWholeFile } from "./platform.js";
import { evalArgs } from "./runtime.js";

const { describe, test } = skipWholeFile(process.platform === "win32" ? undefined : `${process.platform}: the Windows tests run on Windows only`);

describe("a host executable of another name", () => {
  test("a copy of node.exe named bsdsock-host.exe loads the addon and echoes over a socket pair", () => {
    const host = join(tempDir(), "bsdsock-host.exe");
    copyFileSync(process.execPath, host);
    const code = [
      `import * as socket from ${JSON.stringify(libraryUrl)};`,
      `const [a, b] = socket.socketpair();`,
      `a.sendallSync(Buffer.from("through bsdsock-host.exe"));`,
      `b.settimeout(30);`,
      `console.log(String(b.recvSync(100)));`,
      `a.close(); b.close();`,
    ].join("\n");
    const r = spawnSync(host, evalArgs(code), { encoding: "utf8", timeout: 120_000 });
    assert.equal(r.error, undefined, String(r.error));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), "through bsdsock-host.exe", r.stderr);
  });
});
