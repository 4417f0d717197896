// The name-resolution examples run as a user runs them, and do their job.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { lacks } from "./runtime.js";
import { WIN } from "./platform.js";

const example = (name: string): string => fileURLToPath(new URL(`../examples/${name}.js`, import.meta.url));

test("examples/resolve.ts prints getaddrinfo's answer, and the error for a name it cannot resolve", { skip: lacks({ win32: WIN.gaiTypes }) }, () => {
  const ok = spawnSync(process.execPath, [example("resolve"), "127.0.0.1", "80", "--numeric"], { encoding: "utf8", timeout: 20_000 });
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /^AF_INET +SOCK_STREAM +tcp +\["127\.0\.0\.1",80\]$/m);
  const bad = spawnSync(process.execPath, [example("resolve"), "not-numeric", "--numeric"], { encoding: "utf8", timeout: 20_000 });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /not-numeric: \[Errno -?\d+\] .* \(EAI_NONAME\)/);
  const usage = spawnSync(process.execPath, [example("resolve")], { encoding: "utf8", timeout: 20_000 });
  assert.equal(usage.status, 2);
});

test("examples/dualstack-echo-server.ts and -client.ts talk over whichever family resolves", async () => {
  const server = spawn(process.execPath, [example("dualstack-echo-server"), "0"], { stdio: ["ignore", "pipe", "inherit"] });
  const killer = setTimeout(() => server.kill(), 20_000);
  try {
    let out = "";
    server.stdout.setEncoding("utf8");
    while (!/Listening on .*\n/.test(out)) {
      const [chunk] = (await once(server.stdout, "data", { signal: AbortSignal.timeout(20_000) })) as [string];
      out += chunk;
    }
    const port = /(\d+) \]\n/.exec(out)?.[1];
    assert.ok(port !== undefined, out);
    const client = spawnSync(process.execPath, [example("dualstack-echo-client"), "localhost", port], { encoding: "utf8", timeout: 20_000 });
    assert.equal(client.status, 0, client.stderr);
    assert.equal(client.stdout.trim(), 'Received "Hello, world"');
    const [code] = (await once(server, "exit")) as [number];
    assert.equal(code, 0);
  } finally {
    clearTimeout(killer);
    server.kill();
  }
});
