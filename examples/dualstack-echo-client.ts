// Echo client program, the reference's second example: it resolves the
// server's name for any family (AF_UNSPEC) and tries each address in turn
// until one connects, then sends "Hello, world" and prints the echo.
//
//   node dist/examples/dualstack-echo-client.js [host] [port]    (default localhost 50007)
//
// Start node dist/examples/dualstack-echo-server.js first.
import * as socket from "bsdsock";

const HOST = process.argv[2] ?? "localhost";
const PORT = Number(process.argv[3] ?? 50007);

let s: socket.Socket | null = null;
for (const [af, socktype, proto, , sa] of await socket.getaddrinfo(HOST, PORT, socket.AF_UNSPEC, socket.SOCK_STREAM)) {
  try {
    s = socket.socket(af, socktype, proto);
  } catch {
    s = null;
    continue;
  }
  try {
    await s.connect(sa);
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
await s.sendall(Buffer.from("Hello, world"));
const data = await s.recv(1024);
s.close();
console.log("Received", JSON.stringify(data.toString()));
