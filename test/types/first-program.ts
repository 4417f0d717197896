// A first program, as a new user writes it with strict TypeScript: it must
// compile with no cast. test/15-types.test.ts type-checks this file against
// the built declarations ("bsdsock" is this package itself).
import * as socket from "bsdsock";

// A UDP echo server: recvfrom's address goes straight back to sendto.
const udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
udp.bind(["127.0.0.1", 0]);
const [host, port] = udp.getsockname();
const bound: string = `${host}:${port.toFixed(0)}`;
const [data, from] = await udp.recvfrom(2048);
await udp.sendto(data, from);
udp.sendtoSync(data, 0, from);

// Batched datagrams: recvmmsg's output is what sendmmsg takes.
const batch = await udp.recvmmsg(32, 2048);
await udp.sendmmsg(batch.map(([d, address]) => [d, address]));
await udp.sendmmsg(batch);

// A TCP client: createConnection, a timeout, the peer's address.
using tcp = await socket.createConnection(["localhost", 8080], 5);
tcp.settimeout(2.5);
const [peerHost, peerPort] = tcp.getpeername();
console.log(bound, peerHost, peerPort);

// Options: a number without buflen, bytes with it.
const rcvbuf: number = tcp.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF);
const info: Buffer = tcp.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 104);
console.log(rcvbuf + info.readUInt8(0));

// Descriptors over a Unix socket pair.
const [a, b] = socket.socketpair();
await socket.sendFds(a, [Buffer.from("fd")], [0]);
const [msg, fds, flags, address] = await socket.recvFds(b, 16, 4);
const fd: number | undefined = fds[0];
console.log(msg.length, fd, flags, address);

// getaddrinfo: each sockaddr destructures; AF_INET narrows it to [host, port].
for (const [family, type, proto, canonname, [h, p]] of await socket.getaddrinfo("localhost", 80)) {
  console.log(socket.AddressFamily(family), socket.SocketKind(type), proto, canonname, h, p);
}
for (const [, , , , [h4, p4]] of socket.getaddrinfoSync("localhost", 80, socket.AF_INET)) {
  const pair: [string, number] = [h4, p4];
  console.log(pair);
}

// IPv6: four elements out, two to four in.
const s6 = socket.socket(socket.AF_INET6, socket.SOCK_STREAM);
s6.bind(["::1", 8080]);
const [h6, p6, flowinfo, scopeId] = s6.getsockname();
console.log(h6, p6, flowinfo, scopeId);

// Unix sockets: a path, or bytes (abstract namespace).
const u = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM);
u.bind(Buffer.from("\0bsdsock-types"));
const name: string | Buffer = u.getsockname();
console.log(name);

// The short forms the other families accept.
const packet = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(socket.ETH_P_ALL));
packet.bind(["eth0", socket.ETH_P_ALL]);
const alg = socket.socket(socket.AF_ALG, socket.SOCK_SEQPACKET);
alg.bind(["hash", "sha256"]);

// A plain Socket still works, with any address.
function describe(s: socket.Socket): string {
  return `${String(s)} ${JSON.stringify(s.getsockname())}`;
}
console.log(describe(udp), describe(u));
const [conn, peer] = await s6.accept();
conn.close();
console.log(peer[0]);

// Flags combine; a number from elsewhere is still accepted.
await tcp.recv(10, socket.MSG_PEEK | socket.MSG_DONTWAIT);
const familyFromConfig: number = 2;
socket.socket(familyFromConfig, socket.SOCK_STREAM).close();

// Errors: instanceof narrows, with Node's fields.
try {
  await tcp.connect(["127.0.0.1", 9]);
} catch (error) {
  if (error instanceof socket.TimeoutError) console.log("timed out", error.errno === null);
  else if (error instanceof socket.OSError) console.log(error.code, error.syscall, error.address, error.port);
}

// Readonly tuples (`as const`) are accepted wherever an address is.
const target = ["127.0.0.1", 8080] as const;
await tcp.connect(target);
using again = await socket.createConnection(target);
const [nameHost, service] = await socket.getnameinfo(target, socket.NI_NUMERICHOST);
console.log(again.fileno(), nameHost, service);

// Generic code keeps the family: the address one socket of family F returns,
// another of the same family takes.
async function relay<F extends socket.AddressFamily>(from: socket.Socket<F>, to: socket.Socket<F>): Promise<void> {
  const [payload, sender] = await from.recvfrom(1500);
  if (sender !== null) await to.sendto(payload, sender);
  to.bind(from.getsockname());
  const [c, peerOf] = await from.accept();
  c.close();
  if (peerOf !== null) await to.connect(peerOf);
}
await relay(udp, socket.socket(socket.AF_INET, socket.SOCK_DGRAM));
