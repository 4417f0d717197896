// bsdsock demo: an echo server and its client in one process, first over
// TCP on 127.0.0.1 (any free port), then over a Unix socket in a temporary
// directory. It prints what they exchange and exits.
//
//   npm run demo        (or: node dist/examples/demo.js)
import * as socket from "bsdsock";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";

/** An address as console.log shows it; an unbound Unix socket has none. */
function show(address: socket.SocketAddress | null): string {
  return address === "" ? "(unnamed)" : inspect(address);
}

/** Serves one client: echoes what it receives until the client is done. */
async function serveOne(server: socket.Socket): Promise<void> {
  const [conn] = await server.accept();
  using _conn = conn;
  for (;;) {
    const data = await conn.recv(1024);
    if (data.length === 0) return;
    await conn.sendall(data);
  }
}

async function echo(label: string, family: number, address: socket.SocketAddress, message: string): Promise<void> {
  const say = (text: string) => console.log(`${label.padEnd(4)} ${text}`);

  using server = socket.socket(family, socket.SOCK_STREAM);
  server.bind(address);
  server.listen();
  say(`server listening on ${show(server.getsockname())}`);
  const serving = serveOne(server);

  using client = socket.socket(family, socket.SOCK_STREAM);
  await client.connect(server.getsockname());
  say(`client ${show(client.getsockname())} connected to ${show(client.getpeername())}`);

  await client.sendall(Buffer.from(message));
  say(`client -> server: ${JSON.stringify(message)}`);
  client.shutdown(socket.SHUT_WR); // "that's all": the server sees EOF

  const chunks: Buffer[] = [];
  for (let data; (data = await client.recv(1024)).length > 0; ) chunks.push(data);
  say(`server -> client: ${JSON.stringify(Buffer.concat(chunks).toString())}`);
  await serving;
}

console.log("bsdsock demo: an echo server and a client, in one process\n");

await echo("tcp", socket.AF_INET, ["127.0.0.1", 0], "Hello, world");
console.log();

const dir = mkdtempSync(join(tmpdir(), "bsdsock-demo-"));
try {
  await echo("unix", socket.AF_UNIX, join(dir, "echo.sock"), "Hello, Unix world");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
