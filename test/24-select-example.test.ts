// examples/select-echo-server.ts serves many clients at once from one
// thread, with selectSync() and with async select(), and stops by itself
// once they have all come and gone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import * as socket from "../src/index.js";
import { within } from "./helpers.js";

const script = fileURLToPath(new URL("../examples/select-echo-server.js", import.meta.url));
const CLIENTS = 20;

/** One client: connects, and has three messages echoed, then closes. */
async function client(port: number, n: number): Promise<string[]> {
  const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  s.settimeout(20);
  try {
    await s.connect(["127.0.0.1", port]);
    const heard: string[] = [];
    for (let i = 0; i < 3; i++) {
      const message = `client ${n} message ${i}`;
      await s.sendall(Buffer.from(message));
      let reply = "";
      for (let k = 0; k < 100 && reply.length < message.length; k++) reply += (await s.recv(1024)).toString();
      heard.push(reply);
    }
    return heard;
  } finally {
    s.close();
  }
}

for (const mode of [[], ["--async"]]) {
  test(`examples/select-echo-server ${mode.join(" ") || "(selectSync)"}: ${CLIENTS} clients at once, then it stops`, async () => {
    const server = spawn(process.execPath, [script, ...mode, "0", String(CLIENTS)], { stdio: ["ignore", "pipe", "pipe"] });
    const killer = setTimeout(() => server.kill(), 30_000);
    let stderr = "";
    server.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    try {
      let out = "";
      server.stdout.setEncoding("utf8");
      while (!/Listening on port \d+/.test(out)) {
        const [chunk] = (await once(server.stdout, "data", { signal: AbortSignal.timeout(20_000) })) as [string];
        out += chunk;
      }
      const port = Number(/Listening on port (\d+)/.exec(out)![1]);
      const clients = Array.from({ length: CLIENTS }, (_, n) => client(port, n));
      const heard = await within(Promise.all(clients), 25_000, "the clients");
      heard.forEach((replies, n) => assert.deepEqual(replies, [0, 1, 2].map((i) => `client ${n} message ${i}`)));
      server.stdout.on("data", (d: string) => (out += d));
      const [code] = (await once(server, "exit")) as [number];
      assert.equal(code, 0, stderr);
      assert.match(out, new RegExp(`Served ${CLIENTS} clients`));
    } finally {
      clearTimeout(killer);
      server.kill();
    }
  });
}
