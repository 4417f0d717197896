// Echo client program with the Sync twins: the reference's first example as
// a script would write it. It connects, sends "Hello, world", and prints
// what the server sends back.
//
//   node dist/examples/echo-client-sync.js [host] [port]    (default 127.0.0.1 50007)
//
// Start node dist/examples/echo-server-sync.js (or echo-server.js) first.
import * as socket from "bsdsock";

const HOST = process.argv[2] ?? "127.0.0.1";
const PORT = Number(process.argv[3] ?? 50007);

let data: Buffer;
{
  using s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  s.connectSync([HOST, PORT]);
  s.sendallSync(Buffer.from("Hello, world"));
  data = s.recvSync(1024);
}
console.log("Received", JSON.stringify(data.toString()));
