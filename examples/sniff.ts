// A packet sniffer: the reference's raw-socket example, done on Linux the
// Linux way, with an AF_PACKET socket that receives every frame of one
// interface (default lo). It sends itself a UDP datagram so there is
// something to see, then prints up to `count` frames, for at most 5 s.
// Needs root (CAP_NET_RAW).
//
//   node dist/examples/sniff.js [interface] [count]     (default lo 10)
import * as socket from "bsdsock";

const ifname = process.argv[2] ?? "lo";
const count = Math.max(1, Math.min(Number(process.argv[3] ?? 10) || 10, 10_000));

let s: socket.Socket;
try {
  // The protocol argument is in network byte order, as packet(7) says.
  s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(socket.ETH_P_ALL));
} catch (e) {
  if (e instanceof socket.PermissionError) {
    console.log("sniff: AF_PACKET sockets need root (CAP_NET_RAW)");
    process.exit(0);
  }
  throw e;
}

const names: Record<number, string> = { [socket.ETH_P_IP]: "IPv4", [socket.ETH_P_IPV6]: "IPv6", [socket.ETH_P_ARP]: "ARP" };
const protocols: Record<number, string> = { [socket.IPPROTO_TCP]: "TCP", [socket.IPPROTO_UDP]: "UDP", [socket.IPPROTO_ICMP]: "ICMP" };

function describe(frame: Buffer, proto: number): string {
  const kind = names[proto] ?? `ethertype 0x${proto.toString(16).padStart(4, "0")}`;
  if (proto !== socket.ETH_P_IP || frame.length < 34) return kind;
  const ip = frame.subarray(14);
  const src = [...ip.subarray(12, 16)].join(".");
  const dst = [...ip.subarray(16, 20)].join(".");
  return `${kind} ${protocols[ip[9]!] ?? `proto ${ip[9]}`} ${src} -> ${dst}`;
}

try {
  s.bind([ifname, socket.ETH_P_ALL]);
  console.log("listening on", s.getsockname());
  s.settimeout(0.5);
  // Something to capture: one UDP datagram to ourselves over loopback.
  if (ifname === "lo") {
    const udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
    await udp.sendto(Buffer.from("hello, sniffer"), ["127.0.0.1", 9]);
    udp.close();
  }
  const deadline = Date.now() + 5000;
  let seen = 0;
  while (seen < count && Date.now() < deadline) {
    let frame: Buffer;
    let from: socket.SocketAddress | null;
    try {
      [frame, from] = await s.recvfrom(65535);
    } catch (e) {
      if (e instanceof socket.TimeoutError) continue;
      throw e;
    }
    const [, proto, pkttype, , mac] = from as socket.PacketAddress;
    seen++;
    console.log(`${seen}: ${frame.length} bytes, ${describe(frame, proto)} (pkttype ${pkttype}, from ${mac.toString("hex").replace(/(..)(?!$)/g, "$1:") || "-"})`);
  }
  console.log(`${seen} frame(s) captured`);
} finally {
  s.close();
}
