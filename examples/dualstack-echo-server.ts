// Echo server program, the reference's second example: it listens on every
// address getaddrinfo() gives for a passive socket (AI_PASSIVE, any family),
// taking the first that works, so it serves IPv6 and IPv4 alike. It serves
// one client and exits.
//
//   node dist/examples/dualstack-echo-server.js [port]    (default 50007)
//
// Then, from another shell: node dist/examples/dualstack-echo-client.js
import * as socket from "bsdsock";

const HOST = null; // all available interfaces
const PORT = Number(process.argv[2] ?? 50007);

let s: socket.Socket | null = null;
for (const [af, socktype, proto, , sa] of await socket.getaddrinfo(HOST, PORT, socket.AF_UNSPEC, socket.SOCK_STREAM, 0, socket.AI_PASSIVE)) {
  try {
    s = socket.socket(af, socktype, proto);
  } catch {
    s = null;
    continue;
  }
  try {
    s.bind(sa);
    s.listen(1);
  } catch {
    s.close();
    s = null;
    continue;
  }
  break;
}
if (s === null) {
  console.log("could not open socket");
  process.exit(1);
}
console.log("Listening on", s.getsockname());
const [conn, addr] = await s.accept();
s.close();
using _conn = conn;
console.log("Connected by", addr);
for (;;) {
  const data = await conn.recv(1024);
  if (data.length === 0) break;
  await conn.send(data);
}
