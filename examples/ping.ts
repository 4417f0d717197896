// ping: ICMP echo requests and their replies. It uses Linux's unprivileged
// ping sockets (SOCK_DGRAM + IPPROTO_ICMP/ICMPV6: the kernel fills in the
// identifier and the checksum), and falls back to a raw socket (SOCK_RAW,
// root only) where ping_group_range does not admit this process.
//
//   node dist/examples/ping.js [host] [count]      (default 127.0.0.1 3; "::1" for IPv6)
import * as socket from "bsdsock";

const host = process.argv[2] ?? "127.0.0.1";
const count = Math.max(1, Math.min(Number(process.argv[3] ?? 3) || 3, 100));
const v6 = host.includes(":");
const family = v6 ? socket.AF_INET6 : socket.AF_INET;
const proto = v6 ? socket.IPPROTO_ICMPV6 : socket.IPPROTO_ICMP;
const [REQUEST, REPLY] = v6 ? [128, 129] : [8, 0];

/** The Internet checksum (RFC 1071); ICMPv6's is always the kernel's. */
function checksum(data: Buffer): number {
  let sum = 0;
  for (let i = 0; i < data.length; i += 2) sum += (data[i]! << 8) + (data[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

let s: socket.Socket;
let raw = false;
try {
  s = socket.socket(family, socket.SOCK_DGRAM, proto);
} catch (e) {
  if (!(e instanceof socket.PermissionError)) throw e;
  // ping_group_range (/proc/sys/net/ipv4/ping_group_range) leaves us out.
  try {
    s = socket.socket(family, socket.SOCK_RAW, proto);
    raw = true;
  } catch (e2) {
    if (!(e2 instanceof socket.PermissionError)) throw e2;
    console.error("ping: ping sockets are not allowed for this group (see /proc/sys/net/ipv4/ping_group_range), and raw sockets need root");
    process.exit(1);
  }
}

const id = raw ? process.pid & 0xffff : 0; // a ping socket's id is the kernel's
s.settimeout(2);
console.log(`PING ${host} with ${raw ? "a raw socket" : "a ping socket"}`);
let received = 0;
try {
  for (let seq = 1; seq <= count; seq++) {
    const msg = Buffer.alloc(8 + 32);
    msg[0] = REQUEST;
    msg.writeUInt16BE(id, 4);
    msg.writeUInt16BE(seq, 6);
    msg.write("bsdsock ping", 8);
    if (!v6) msg.writeUInt16BE(checksum(msg), 2);
    const sent = performance.now();
    await s.sendto(msg, [host, 0]);
    // A raw socket sees every ICMP message of the host: wait for ours.
    for (let tries = 0; tries < 50; tries++) {
      let data: Buffer;
      let from: socket.SocketAddress | null;
      try {
        [data, from] = await s.recvfrom(1500);
      } catch (e) {
        if (e instanceof socket.TimeoutError) {
          console.log(`seq=${seq}: no reply within 2 s`);
          break;
        }
        throw e;
      }
      const icmp = raw && !v6 ? data.subarray((data[0]! & 0x0f) * 4) : data; // raw IPv4 includes the IP header
      if (icmp[0] !== REPLY || icmp.readUInt16BE(6) !== seq || (raw && icmp.readUInt16BE(4) !== id)) continue;
      received++;
      const ms = (performance.now() - sent).toFixed(3);
      console.log(`${icmp.length} bytes from ${(from as [string])[0]}: icmp_seq=${seq} time=${ms} ms`);
      break;
    }
    if (seq < count) await new Promise((r) => setTimeout(r, 200));
  }
} finally {
  s.close();
}
console.log(`${count} sent, ${received} received`);
process.exitCode = received > 0 ? 0 : 1;
