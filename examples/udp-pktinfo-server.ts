// A UDP server that answers each request from the address it was sent to.
//
// Bound to the wildcard address, a UDP socket receives datagrams sent to
// any address of the host. A plain sendto() answers from whichever address
// the routing table picks, and a client that asked another address of a
// multihomed host does not recognise the answer. With IP_PKTINFO the server
// learns, for each datagram, the address it was sent to (in_pktinfo's
// ipi_addr, from recvmsg), and sends the answer from that very address
// (ipi_spec_dst, with sendmsg). Linux; other systems use IP_RECVDSTADDR
// and IP_SENDSRCADDR for the same.
//
//   node dist/examples/udp-pktinfo-server.js              a demo on loopback: the server,
//                                                          and a client asking it at
//                                                          127.0.0.1, 127.0.0.2, 127.0.0.3
//   node dist/examples/udp-pktinfo-server.js --serve PORT  serve until interrupted
import * as socket from "bsdsock";
import { endianness } from "node:os";

// struct in_pktinfo { int ipi_ifindex; struct in_addr ipi_spec_dst; struct in_addr ipi_addr; }
const IN_PKTINFO_SIZE = 12;
const littleEndian = endianness() === "LE";

function ipv4(bytes: Buffer, offset: number): string {
  return [...bytes.subarray(offset, offset + 4)].join(".");
}

function decodePktinfo(data: Buffer): { ifindex: number; destination: string } {
  const ifindex = littleEndian ? data.readInt32LE(0) : data.readInt32BE(0);
  return { ifindex, destination: ipv4(data, 8) };
}

/** in_pktinfo that asks for `source` as the source address, out of interface `ifindex`. */
function encodePktinfo(ifindex: number, source: string): Buffer {
  const out = Buffer.alloc(IN_PKTINFO_SIZE);
  if (littleEndian) out.writeInt32LE(ifindex, 0);
  else out.writeInt32BE(ifindex, 0);
  out.set(source.split(".").map(Number), 4);
  return out;
}

/** Answers `count` requests (or forever), each from the address it was sent to. */
async function serve(server: socket.Socket, count = Infinity): Promise<void> {
  for (let i = 0; i < count; i++) {
    const [request, ancdata, , client] = await server.recvmsg(2048, socket.CMSG_SPACE(IN_PKTINFO_SIZE));
    const info = ancdata.find(([level, type]) => level === socket.IPPROTO_IP && type === socket.IP_PKTINFO);
    if (info === undefined || client === null) continue;
    const { ifindex, destination } = decodePktinfo(info[2]);
    const answer = Buffer.from(`you asked ${destination}: ${request.toString()}`);
    await server.sendmsg([answer], [[socket.IPPROTO_IP, socket.IP_PKTINFO, encodePktinfo(ifindex, destination)]], 0, client);
  }
}

function listen(port: number) {
  const server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
  server.setsockopt(socket.IPPROTO_IP, socket.IP_PKTINFO, 1);
  server.bind(["0.0.0.0", port]);
  return server;
}

async function demo(): Promise<void> {
  using server = listen(0);
  const [, port] = server.getsockname();
  const addresses = ["127.0.0.1", "127.0.0.2", "127.0.0.3"];
  const serving = serve(server, addresses.length);
  let wrong = 0;
  for (const address of addresses) {
    using client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
    client.settimeout(5); // a lost datagram ends the demo instead of hanging it
    client.bind(["127.0.0.1", 0]);
    await client.sendto(Buffer.from("hello"), [address, port]);
    const [answer, from] = await client.recvfrom(2048);
    const [host] = from;
    if (host !== address) wrong++;
    console.log(`asked ${address}:${port}, answer from ${host}: ${answer.toString()}`);
  }
  await serving;
  if (wrong > 0) {
    console.log(`${wrong} answers came from another address`);
    process.exitCode = 1;
  }
}

if (process.argv[2] === "--serve") {
  const port = Number(process.argv[3] ?? 9999);
  const server = listen(port);
  console.log(`serving on 0.0.0.0:${port}`);
  await serve(server);
} else {
  await demo();
}
