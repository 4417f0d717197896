// Echo server program with the Sync twins: the reference's first example as
// a script would write it. Each call blocks the thread until it completes.
// It listens, serves one client (echoing back all it receives), and exits.
//
//   node dist/examples/echo-server-sync.js [host] [port]    (default 127.0.0.1 50007)
//
// Then, from another shell: node dist/examples/echo-client-sync.js
import * as socket from "bsdsock";

const HOST = process.argv[2] ?? "127.0.0.1";
const PORT = Number(process.argv[3] ?? 50007);

using s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
s.bind([HOST, PORT]);
s.listen(1);
const [conn, addr] = s.acceptSync();
using _conn = conn;
console.log("Connected by", addr);
for (;;) {
  const data = conn.recvSync(1024);
  if (data.length === 0) break; // the client closed its side
  conn.sendallSync(data);
}
