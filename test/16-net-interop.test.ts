// bsdsock and node:net/node:http together: a bsdsock listening socket with
// options node:net cannot set handed to http.Server.listen({ fd }); a
// connected bsdsock socket turned into a net.Socket (toNetSocket); a
// net.Socket's connection taken into bsdsock (fromNetSocket); and the
// example of an HTTP server on SO_REUSEPORT listeners in worker threads.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { once } from "node:events";
import http from "node:http";
import net from "node:net";
import { fileURLToPath } from "node:url";
import * as socket from "../src/index.js";
import { checkNoLeaks, trackSockets, within } from "./helpers.js";
import { lacks, runtime } from "./runtime.js";
import { skipWholeFile } from "./platform.js";

// Node on Windows adopts a descriptor ({ fd }) as a C runtime descriptor
// or a pipe, never as a Winsock handle: net.Socket cannot take a socket
// bsdsock made, nor hand its own over.
const { test } = skipWholeFile(lacks({ win32: "node:net and node:http take no Winsock handle as { fd } (Node adopts C runtime descriptors and pipes there)" }));

checkNoLeaks();
const track = trackSockets();

// Bun's node:net and node:http do not adopt a descriptor.
const noListenFd = lacks({ bun: "http.Server.listen({ fd }) ignores the descriptor and listens on a new socket of its own (port 0, ::)" });
const noSocketFd = lacks({ bun: "new net.Socket({ fd }) ignores the descriptor: no handle, and every write fails with ERR_SOCKET_CLOSED" });

/** Sets `name` at `level` if this platform has it (and the kernel takes it). */
function trySet(s: socket.Socket, level: number, name: number | undefined, value: number): boolean {
  if (name === undefined) return false;
  s.setsockopt(level, name, value);
  return true;
}

function listener(): socket.Socket<socket.AddressFamily<"AF_INET">, socket.SocketKind<"SOCK_STREAM">> {
  const s = track(socket.socket(socket.AF_INET, socket.SOCK_STREAM));
  s.bind(["127.0.0.1", 0]);
  s.listen();
  return s;
}

test("http.Server.listen({ fd }) serves on a bsdsock socket with SO_REUSEPORT, IP_FREEBIND, TCP_DEFER_ACCEPT, SO_BINDTODEVICE", { skip: noListenFd }, async () => {
  const s = track(socket.socket(socket.AF_INET, socket.SOCK_STREAM));
  const set = [
    trySet(s, socket.SOL_SOCKET, socket.SO_REUSEPORT, 1),
    trySet(s, socket.IPPROTO_IP, socket.IP_FREEBIND, 1),
    trySet(s, socket.IPPROTO_TCP, socket.TCP_DEFER_ACCEPT, 1),
  ];
  if (process.platform === "linux") assert.deepEqual(set, [true, true, true]);
  // SO_BINDTODEVICE needs CAP_NET_RAW: as root, the listener takes only what arrives on lo.
  if (socket.SO_BINDTODEVICE !== undefined && process.getuid?.() === 0) s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, Buffer.from("lo"));
  s.bind(["127.0.0.1", 0]);
  s.listen();
  const [, port] = s.getsockname();
  const server = http.createServer((_req, res) => res.end("from bsdsock"));
  server.listen({ fd: s.detach() });
  try {
    await within(once(server, "listening"));
    const body = await within(new Promise<string>((resolve, reject) => {
      http.get({ host: "127.0.0.1", port, agent: false }, (res) => {
        let text = "";
        res.setEncoding("utf8").on("data", (c: string) => (text += c)).on("end", () => resolve(text)).on("error", reject);
      }).on("error", reject);
    }));
    assert.equal(body, "from bsdsock");
    assert.equal(s.fileno(), -1, "detached: the server owns the descriptor");
  } finally {
    server.close();
    server.closeAllConnections();
    await once(server, "close");
  }
});

test("toNetSocket: a connected bsdsock socket becomes a net.Socket over the same connection", { skip: noSocketFd }, async () => {
  const l = listener();
  const client = track(socket.socket(socket.AF_INET, socket.SOCK_STREAM));
  const [[peer]] = await within(Promise.all([l.accept(), client.connect(l.getsockname())]));
  track(peer);
  const fd = client.fileno();
  const ns = socket.toNetSocket(client);
  try {
    assert.equal(client.fileno(), -1, "the bsdsock socket let go of the descriptor");
    // Deno's net.Socket handles show no fd; the round trips below are over the same connection.
    if (runtime !== "deno") assert.equal((ns as unknown as { _handle: { fd: number } })._handle.fd, fd);
    ns.write("to bsdsock");
    assert.equal(String(await within(peer.recv(100))), "to bsdsock");
    await peer.sendall(Buffer.from("to net"));
    const [chunk] = (await within(once(ns, "data"))) as [Buffer];
    assert.equal(String(chunk), "to net");
  } finally {
    ns.destroy();
  }
});

test("toNetSocket: bad input", () => {
  assert.throws(() => socket.toNetSocket({} as socket.Socket), (e: unknown) => e instanceof TypeError && /^toNetSocket\(\): sock must be a Socket/.test(e.message));
  const udp = track(socket.socket(socket.AF_INET, socket.SOCK_DGRAM));
  assert.throws(() => socket.toNetSocket(udp), (e: unknown) => e instanceof TypeError && /SOCK_STREAM/.test(e.message));
  assert.notEqual(udp.fileno(), -1, "a refused socket is left as it was");
  const closed = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  closed.close();
  assert.throws(() => socket.toNetSocket(closed), (e: unknown) => e instanceof socket.OSError && e.code === "EBADF");
});

/** Runs `body` with a node:net connection on the loopback: the client's
 *  net.Socket, the server's, and the port; the server closes after. */
async function withNetConnection(body: (client: net.Socket, accepted: net.Socket, port: number) => Promise<void>): Promise<void> {
  const server = net.createServer();
  server.listen(0, "127.0.0.1");
  await within(once(server, "listening"));
  try {
    const { port } = server.address() as net.AddressInfo;
    const client = net.connect(port, "127.0.0.1");
    const [[accepted]] = (await within(Promise.all([once(server, "connection"), once(client, "connect")]))) as [[net.Socket], unknown];
    await body(client, accepted, port);
  } finally {
    server.close();
  }
}

test("fromNetSocket: a net.Socket's connection is taken into bsdsock; the net.Socket lets go", { skip: lacks({ deno: "its net.Socket handle has no descriptor (_handle.fd is undefined: a Deno resource, not an fd)" }) }, async () => {
  await withNetConnection(async (ns, accepted, port) => {
    const s = track(socket.fromNetSocket(ns));
    assert.equal(ns.destroyed, true);
    assert.equal(s.family, socket.AF_INET);
    assert.equal(s.type, socket.SOCK_STREAM);
    assert.deepEqual(s.getpeername(), ["127.0.0.1", port]);
    assert.equal(s.gettimeout(), socket.getdefaulttimeout());
    accepted.write("to bsdsock");
    assert.equal(String(await within(s.recv(100))), "to bsdsock");
    s.sendallSync(Buffer.from("to net"));
    const [chunk] = (await within(once(accepted, "data"))) as [Buffer];
    assert.equal(String(chunk), "to net");
    accepted.destroy();
  });
});

test("fromNetSocket: refuses a net.Socket without a descriptor or with data it would lose", async (t) => {
  assert.throws(() => socket.fromNetSocket({} as net.Socket), (e: unknown) => e instanceof TypeError && /^fromNetSocket\(\): netSocket must be a net.Socket/.test(e.message));
  assert.throws(() => socket.fromNetSocket(new net.Socket()), (e: unknown) => e instanceof TypeError && /no descriptor/.test(e.message));
  const gap = lacks({ deno: "its net.Socket handle has no descriptor (_handle.fd is undefined), so the rest cannot be reached" });
  if (gap !== undefined) return t.skip(gap);
  await withNetConnection(async (ns, accepted) => {
    ns.pause();
    accepted.write("unread");
    // Bounded: wait until node:net has read the bytes into its buffer.
    for (let i = 0; i < 200 && ns.readableLength === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(ns.readableLength > 0);
    assert.throws(() => socket.fromNetSocket(ns), (e: unknown) => e instanceof RangeError && /holds 6 bytes it read/.test(e.message));
    assert.equal(ns.destroyed, false, "a refused net.Socket is left as it was");
    ns.destroy();
    accepted.destroy();
  });
});

test("examples/http-reuseport.ts: workers share the port and the program stops by itself", { skip: noListenFd }, () => {
  const example = fileURLToPath(new URL("../examples/http-reuseport.js", import.meta.url));
  const r = spawnSync(process.execPath, [example, "2", "6"], { encoding: "utf8", timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^2 workers listening on 127\.0\.0\.1:\d+$/m);
  const counts = [...r.stdout.matchAll(/^worker \d+: (\d+) requests$/gm)].map((m) => Number(m[1]));
  assert.equal(counts.reduce((a, b) => a + b, 0), 6);
});
