// Echo server program: the reference's first example, with the Promise API.
// It listens, serves one client (echoing back all it receives), and exits.
//
//   node dist/examples/echo-server.js [host] [port]    (default 127.0.0.1 50007)
//
// Then, from another shell: node dist/examples/echo-client.js
import * as socket from "bsdsock";

const HOST = process.argv[2] ?? "127.0.0.1";
const PORT = Number(process.argv[3] ?? 50007);

using s = socket.socket(socket.AF_INET, socket.SOCK_STREAM); // closed at the end, like Python's `with`
s.bind([HOST, PORT]);
s.listen(1);
const [conn, addr] = await s.accept();
using _conn = conn;
console.log("Connected by", addr);
for (;;) {
  const data = await conn.recv(1024);
  if (data.length === 0) break; // the client closed its side
  await conn.sendall(data);
}
