// Echo client program: the reference's first example, with the Promise API.
// It connects, sends "Hello, world", and prints what the server sends back.
//
//   node dist/examples/echo-client.js [host] [port]    (default 127.0.0.1 50007)
//
// Start node dist/examples/echo-server.js first.
import * as socket from "bsdsock";

const HOST = process.argv[2] ?? "127.0.0.1";
const PORT = Number(process.argv[3] ?? 50007);

let data: Buffer;
{
  using s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  await s.connect([HOST, PORT]);
  await s.sendall(Buffer.from("Hello, world"));
  data = await s.recv(1024);
}
console.log("Received", JSON.stringify(data.toString()));
