// The interfaces and the routing tables, read from the kernel with
// rtnetlink (AF_NETLINK, NETLINK_ROUTE): an RTM_GETLINK dump, then an
// RTM_GETROUTE dump for IPv4 and IPv6, each parsed from its netlink
// messages and attributes. Message types, flags and attribute numbers are
// the headers' (RTM_*, NLM_F_*, IFLA_*, RTA_*); the struct sizes are those
// of rtnetlink(7).
//
//   node dist/examples/netlink-routes.js
import { endianness } from "node:os";
import * as socket from "bsdsock";

const LE = endianness() === "LE";
const IFINFOMSG = 16; // struct ifinfomsg
const RTMSG = 12; // struct rtmsg
const align = (n: number): number => (n + 3) & ~3;
const u16 = (b: Buffer, o: number): number => (LE ? b.readUInt16LE(o) : b.readUInt16BE(o));
const u32 = (b: Buffer, o: number): number => (LE ? b.readUInt32LE(o) : b.readUInt32BE(o));

/** A dump request: nlmsghdr, then the family's header (all zero but the family). */
function request(type: number, headerSize: number, family: number, seq: number): Buffer {
  const msg = Buffer.alloc(socket.NLMSG_HDRLEN + headerSize);
  const put16 = (v: number, o: number): number => (LE ? msg.writeUInt16LE(v, o) : msg.writeUInt16BE(v, o));
  const put32 = (v: number, o: number): number => (LE ? msg.writeUInt32LE(v, o) : msg.writeUInt32BE(v, o));
  put32(msg.length, 0);
  put16(type, 4);
  put16(socket.NLM_F_REQUEST | socket.NLM_F_DUMP, 6);
  put32(seq, 8);
  msg[socket.NLMSG_HDRLEN] = family;
  return msg;
}

interface Message {
  type: number;
  body: Buffer;
}

/** Sends a dump request and collects its messages until NLMSG_DONE. */
async function dump(s: socket.Socket, req: Buffer, seq: number): Promise<Message[]> {
  await s.sendto(req, [0, 0]); // [pid 0, groups 0]: the kernel
  const out: Message[] = [];
  for (let i = 0; i < 10_000; i++) {
    const buf = await s.recv(65536);
    for (let off = 0; off + socket.NLMSG_HDRLEN <= buf.length; ) {
      const len = u32(buf, off);
      const type = u16(buf, off + 4);
      if (len < socket.NLMSG_HDRLEN || u32(buf, off + 8) !== seq) break;
      if (type === socket.NLMSG_DONE) return out;
      if (type === socket.NLMSG_ERROR) throw new Error(`netlink error ${-(LE ? buf.readInt32LE(off + 16) : buf.readInt32BE(off + 16))}`);
      out.push({ type, body: buf.subarray(off + socket.NLMSG_HDRLEN, off + len) });
      off += align(len);
    }
  }
  throw new Error("the dump did not end");
}

/** The rtattr attributes after a message's fixed header: type → data. */
function attributes(body: Buffer, start: number): Map<number, Buffer> {
  const attrs = new Map<number, Buffer>();
  for (let a = start; a + 4 <= body.length; ) {
    const len = u16(body, a);
    if (len < 4) break;
    attrs.set(u16(body, a + 2), body.subarray(a + 4, a + len));
    a += align(len);
  }
  return attrs;
}

function address(family: number, data: Buffer | undefined): string {
  if (data === undefined) return "";
  if (family === socket.AF_INET) return [...data].join(".");
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push(data.readUInt16BE(i));
  // RFC 5952: the longest run of two or more zero words becomes "::".
  let best = [-1, 0];
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > best[1]! && j - i > 1) best = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = (ws: number[]): string => ws.map((w) => w.toString(16)).join(":");
  if (best[0]! < 0) return hex(words);
  return `${hex(words.slice(0, best[0]))}::${hex(words.slice(best[0]! + best[1]!))}`;
}

const s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE);
s.settimeout(5);
try {
  s.bind([0, 0]);
  console.log("netlink socket", s.getsockname());

  const names = new Map<number, string>();
  console.log("\ninterfaces:");
  for (const { body } of await dump(s, request(socket.RTM_GETLINK, IFINFOMSG, socket.AF_UNSPEC, 1), 1)) {
    const index = LE ? body.readInt32LE(4) : body.readInt32BE(4);
    const flags = u32(body, 8);
    const attrs = attributes(body, IFINFOMSG);
    const name = attrs.get(socket.IFLA_IFNAME)?.toString("utf8").replace(/\0.*$/s, "") ?? "?";
    const mtu = attrs.get(socket.IFLA_MTU);
    names.set(index, name);
    console.log(`  ${index}: ${name} ${flags & socket.IFF_UP ? "UP" : "DOWN"}${mtu ? ` mtu ${u32(mtu, 0)}` : ""}`);
  }

  for (const [family, label] of [[socket.AF_INET, "IPv4"], [socket.AF_INET6, "IPv6"]] as const) {
    console.log(`\n${label} routes (main table):`);
    const seq = family + 10;
    for (const { body } of await dump(s, request(socket.RTM_GETROUTE, RTMSG, family, seq), seq)) {
      const dstLen = body[1]!;
      const table = body[4]!;
      if (table !== socket.RT_TABLE_MAIN) continue;
      const attrs = attributes(body, RTMSG);
      const dst = attrs.has(socket.RTA_DST) ? `${address(family, attrs.get(socket.RTA_DST))}/${dstLen}` : "default";
      const gateway = attrs.has(socket.RTA_GATEWAY) ? ` via ${address(family, attrs.get(socket.RTA_GATEWAY))}` : "";
      const oif = attrs.get(socket.RTA_OIF);
      const dev = oif ? ` dev ${names.get(u32(oif, 0)) ?? u32(oif, 0)}` : "";
      console.log(`  ${dst}${gateway}${dev}`);
    }
  }
} finally {
  s.close();
}
