// An HTTP server on SO_REUSEPORT listeners in several worker threads: each
// worker makes its own listening socket with bsdsock (an option node:net
// cannot set), binds the same port, and hands it to http.Server with
// `listen({ fd })`; the kernel spreads the connections over them. The
// main thread then sends requests, prints which worker answered each, and
// stops the workers: the program ends by itself.
//
//   node dist/examples/http-reuseport.js [workers] [requests]    (default 3 and 12)
import { once } from "node:events";
import http from "node:http";
import { Worker, isMainThread, parentPort, threadId, workerData } from "node:worker_threads";
import * as socket from "bsdsock";

/** A listening TCP socket on 127.0.0.1:`port` with SO_REUSEPORT set. */
function reusePortListener(port: number): socket.Socket<socket.AddressFamily<"AF_INET">> {
  const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  try {
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1);
    s.bind(["127.0.0.1", port]);
    s.listen();
    return s;
  } catch (error) {
    s.close();
    throw error;
  }
}

async function worker(port: number): Promise<void> {
  const server = http.createServer((req, res) => {
    res.end(`worker ${threadId}\n`);
  });
  // The server owns the descriptor from here on, and closes it.
  server.listen({ fd: reusePortListener(port).detach() });
  await once(server, "listening");
  parentPort!.postMessage("listening");
  await once(parentPort!, "message"); // "stop"
  server.close();
  server.closeAllConnections();
}

function get(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path: "/", agent: false, timeout: 10_000 }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve(body.trim()));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("request timed out")));
    req.on("error", reject);
  });
}

async function main(): Promise<void> {
  const workers = Math.max(1, Number(process.argv[2] ?? 3));
  const requests = Math.max(1, Number(process.argv[3] ?? 12));
  if (socket.SO_REUSEPORT === undefined) {
    console.log("SO_REUSEPORT is not available on this platform");
    return;
  }
  // A free port: bound here (with SO_REUSEPORT, so the workers may bind it
  // too) and closed once they listen on it. It never listens itself.
  const probe = reusePortListener(0);
  const [, port] = probe.getsockname();
  const threads = Array.from({ length: workers }, () => new Worker(new URL(import.meta.url), { workerData: port }));
  try {
    await Promise.all(threads.map((t) => once(t, "message")));
    probe.close();
    console.log(`${workers} workers listening on 127.0.0.1:${port}`);
    const answers = new Map<string, number>();
    for (let i = 0; i < requests; i++) {
      const who = await get(port);
      answers.set(who, (answers.get(who) ?? 0) + 1);
    }
    for (const [who, count] of [...answers].sort()) console.log(`${who}: ${count} requests`);
  } finally {
    probe.close();
    for (const t of threads) t.postMessage("stop");
    await Promise.all(threads.map((t) => once(t, "exit")));
  }
}

if (isMainThread) await main();
else await worker(workerData as number);
