// A non-blocking echo server that serves many clients from one thread, the
// last row of the reference's socket programming model: every socket is
// non-blocking, and select tells which ones can go on without waiting.
//
//   node dist/examples/select-echo-server.js [--async] [port] [clients]
//
// Without --async the thread blocks in selectSync() (a script, a worker
// thread); with it, `await select()` waits on the event loop instead. Port 0
// picks a free port (printed). With `clients`, the server stops once that
// many clients have come and gone; without, it serves until killed.
//
// Then, from other shells: node dist/examples/echo-client.js
import * as socket from "bsdsock";

const args = process.argv.slice(2);
const useAsync = args[0] === "--async";
if (useAsync) args.shift();
const PORT = Number(args[0] ?? 50007);
const CLIENTS = Number(args[1] ?? 0); // 0: serve forever

const server = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1);
server.bind(["127.0.0.1", PORT]);
server.listen(128);
server.setblocking(false);
const [, port] = server.getsockname() as [string, number];
console.log(`Listening on port ${port} with ${useAsync ? "select" : "selectSync"}`);

const inputs: socket.Socket[] = [server];
const owed = new Map<socket.Socket, Buffer[]>(); // what each client has yet to get back
let served = 0;

function drop(client: socket.Socket): void {
  inputs.splice(inputs.indexOf(client), 1);
  owed.delete(client);
  client.close();
  served++;
}

// In non-blocking mode a Sync call never blocks: it completes, or fails
// with BlockingIOError. So both forms use them for the I/O, and differ only
// in how they wait.
while (CLIENTS === 0 || served < CLIENTS) {
  const outputs = [...owed].filter(([, queue]) => queue.length > 0).map(([s]) => s);
  const [readable, writable, exceptional] = useAsync
    ? await socket.select(inputs, outputs, inputs)
    : socket.selectSync(inputs, outputs, inputs);
  for (const s of readable) {
    if (s === server) {
      try {
        const [conn] = server.acceptSync();
        conn.setblocking(false);
        inputs.push(conn);
        owed.set(conn, []);
      } catch (error) {
        if (!(error instanceof socket.BlockingIOError)) throw error; // the client left already
      }
      continue;
    }
    if (!owed.has(s)) continue; // dropped in this round
    let data: Buffer;
    try {
      data = s.recvSync(4096);
    } catch (error) {
      if (!(error instanceof socket.ConnectionError)) throw error;
      data = Buffer.alloc(0); // reset by the peer: as good as closed
    }
    if (data.length > 0) owed.get(s)!.push(data);
    else drop(s); // the client closed its side
  }
  for (const s of writable) {
    const queue = owed.get(s);
    if (queue === undefined) continue; // dropped in this round
    const next = queue.shift()!;
    try {
      const sent = s.sendSync(next);
      if (sent < next.length) queue.unshift(next.subarray(sent));
    } catch (error) {
      if (!(error instanceof socket.ConnectionError)) throw error;
      drop(s); // the client went away
    }
  }
  for (const s of exceptional) if (s !== server && owed.has(s)) drop(s);
}
server.close();
console.log(`Served ${served} clients`);
