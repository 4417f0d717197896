// AF_NETLINK, live: rtnetlink through the same Socket. The kernel's link
// dump must list `lo` with its index; addresses are [pid, groups] both ways
// (bind, getsockname, sendto, recvfrom). Only reads the kernel's tables.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { endianness } from "node:os";
import * as socket from "../src/index.js";
import { binding } from "../src/binding.js";
import { checkNoLeaks, trackSockets, within } from "./helpers.js";

checkNoLeaks();
const track = trackSockets();

const linux = process.platform === "linux";
const LE = endianness() === "LE";
const IFINFOMSG_SIZE = 16; // struct ifinfomsg (rtnetlink(7))
const align = (n: number): number => (n + 3) & ~3;

/** An RTM_GETLINK dump request: nlmsghdr + ifinfomsg, in host byte order. */
function linkDumpRequest(seq: number): Buffer {
  const len = socket.NLMSG_HDRLEN + IFINFOMSG_SIZE;
  const msg = Buffer.alloc(len);
  const w32 = (v: number, o: number): number => (LE ? msg.writeUInt32LE(v, o) : msg.writeUInt32BE(v, o));
  const w16 = (v: number, o: number): number => (LE ? msg.writeUInt16LE(v, o) : msg.writeUInt16BE(v, o));
  w32(len, 0);
  w16(socket.RTM_GETLINK, 4);
  w16(socket.NLM_F_REQUEST | socket.NLM_F_DUMP, 6);
  w32(seq, 8);
  msg[socket.NLMSG_HDRLEN] = socket.AF_UNSPEC;
  return msg;
}

interface Link {
  index: number;
  flags: number;
  name: string;
}

/** Receives a dump until NLMSG_DONE (bounded); the links and each recvfrom's address. */
async function readLinks(s: socket.Socket, seq: number, sync: boolean): Promise<[Link[], unknown[]]> {
  const links: Link[] = [];
  const senders: unknown[] = [];
  for (let round = 0; round < 1000; round++) {
    const [buf, from] = sync ? s.recvfromSync(65536) : await within(s.recvfrom(65536), 5000, "netlink recvfrom");
    senders.push(from);
    const r32 = (o: number): number => (LE ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
    const r16 = (o: number): number => (LE ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
    for (let off = 0; off + socket.NLMSG_HDRLEN <= buf.length; ) {
      const len = r32(off);
      const type = r16(off + 4);
      assert.equal(r32(off + 8), seq, "the reply carries our sequence number");
      if (type === socket.NLMSG_DONE) return [links, senders];
      assert.notEqual(type, socket.NLMSG_ERROR, "the kernel refused the request");
      if (type === socket.RTM_NEWLINK) {
        const body = off + socket.NLMSG_HDRLEN;
        const link: Link = { index: LE ? buf.readInt32LE(body + 4) : buf.readInt32BE(body + 4), flags: r32(body + 8), name: "" };
        for (let a = body + IFINFOMSG_SIZE; a + 4 <= off + len; ) {
          const alen = r16(a);
          if (alen < 4) break;
          if (r16(a + 2) === socket.IFLA_IFNAME) link.name = buf.toString("utf8", a + 4, a + alen).replace(/\0.*$/s, "");
          a += align(alen);
        }
        links.push(link);
      }
      if (len < socket.NLMSG_HDRLEN) break;
      off += align(len);
    }
  }
  throw new Error("no NLMSG_DONE in 1000 receives");
}

describe("rtnetlink", { skip: !linux && "Linux only" }, () => {
  test("bind([0, 0]): the kernel assigns a port id; getsockname gives [pid, groups]", () => {
    const s = track(socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE));
    s.bind([0, 0]);
    const [pid, groups] = s.getsockname() as [number, number];
    assert.ok(Number.isInteger(pid) && pid !== 0, `pid ${pid}`);
    assert.equal(groups, 0);
    assert.match(String(s), /laddr=\[\d+, 0\]/);
  });

  test("bind with multicast groups: getsockname reports them", () => {
    const s = track(socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE));
    s.bind([0, socket.RTMGRP_LINK | socket.RTMGRP_IPV4_IFADDR]);
    assert.equal((s.getsockname() as number[])[1], socket.RTMGRP_LINK | socket.RTMGRP_IPV4_IFADDR);
  });

  test("RTM_GETLINK dump lists lo with its index (sendto [0, 0], recvfrom gives the kernel's [0, 0])", async () => {
    const s = track(socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE));
    s.bind([0, 0]);
    const req = linkDumpRequest(4711);
    assert.equal(await s.sendto(req, [0, 0]), req.length);
    const [links, senders] = await readLinks(s, 4711, false);
    const lo = links.find((l) => l.name === "lo");
    assert.ok(lo, `lo not among ${links.map((l) => l.name).join(", ")}`);
    assert.equal(lo.index, binding.if_nametoindex("lo"));
    assert.ok(lo.flags & socket.IFF_LOOPBACK, "lo has IFF_LOOPBACK");
    for (const from of senders) assert.deepEqual(from, [0, 0]);
  });

  test("the same with the Sync twins and send() on a connected socket", async () => {
    const s = track(socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, socket.NETLINK_ROUTE));
    s.settimeout(5);
    s.connectSync([0, 0]);
    assert.deepEqual(s.getpeername(), [0, 0]);
    s.sendSync(linkDumpRequest(99));
    const [links] = await readLinks(s, 99, true);
    assert.ok(links.some((l) => l.name === "lo"));
  });

  test("errors: a port id in use is EADDRINUSE; a wrong address shape a TypeError", () => {
    const a = track(socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE));
    a.bind([0, 0]);
    const [pid] = a.getsockname() as [number, number];
    const b = track(socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE));
    assert.throws(() => b.bind([pid, 0]), (e: unknown) => e instanceof socket.OSError && e.code === "EADDRINUSE");
    assert.throws(() => b.bind(["0", 0] as never), (e: unknown) => e instanceof TypeError && /bind\(\): pid must be an integer/.test(e.message));
  });
});
