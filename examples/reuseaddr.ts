// SO_REUSEADDR: the reference's last example. A server that closes its end
// of a connection first leaves the connection in TIME_WAIT, and binding its
// address again at once fails with "[Errno 98] Address already in use" —
// unless SO_REUSEADDR is set before bind().
//
//   node dist/examples/reuseaddr.js [host] [port]    (default 127.0.0.1, any free port)
import * as socket from "bsdsock";

const HOST = process.argv[2] ?? "127.0.0.1";
let PORT = Number(process.argv[3] ?? 0);

function server(reuse: boolean) {
  const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  try {
    if (reuse) s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1);
    s.bind([HOST, PORT]);
    s.listen();
    return s;
  } catch (error) {
    s.close();
    throw error;
  }
}

// 1. Bind, listen, accept a connection, and close the server's end first:
//    the connection on [HOST, PORT] is left in TIME_WAIT.
{
  using s = server(true);
  PORT = s.getsockname()[1];
  console.log("listening on", s.getsockname(), "with SO_REUSEADDR =", s.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR));
  using client = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  client.connectSync([HOST, PORT]);
  const [conn] = s.acceptSync();
  conn.close(); // the server closes first: TIME_WAIT is on its side
  client.recvSync(1); // wait for the server's FIN
}
console.log("closed; the connection is now in TIME_WAIT");

// 2. Binding the same address again at once, without SO_REUSEADDR, fails.
try {
  server(false).close();
  console.log("without SO_REUSEADDR: bound (this system let it through)");
} catch (error) {
  if (!(error instanceof socket.OSError)) throw error;
  console.log("without SO_REUSEADDR:", `${error.name}: ${error.message}`);
}

// 3. With SO_REUSEADDR set before bind(), it works at once.
{
  using s = server(true);
  console.log("with SO_REUSEADDR: bound again to", s.getsockname());
}
