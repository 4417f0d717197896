// AF_PACKET, live: two network namespaces made by the test, joined by a
// veth pair. A capturer in one (SOCK_RAW, ETH_P_ALL, bound to its end of
// the pair) must see the UDP datagram a sender in the other sends across,
// and a frame of a local experimental EtherType (0x88B5) that the sender
// writes itself with an AF_PACKET SOCK_DGRAM socket. Nothing leaves the
// namespaces; both are removed afterwards.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { checkNoLeaks } from "./helpers.js";
import { bsdsockUrl, childScript, ip, lastJson, makeNetns, netnsUnavailable, runInNetns } from "./netns.js";

checkNoLeaks();

const why = netnsUnavailable();
const EXPERIMENTAL = 0x88b5; // IEEE 802 local experimental EtherType
const marker = `bsdsock-53-${process.pid}`;

const capturer = `
  import * as socket from ${JSON.stringify(bsdsockUrl)};
  const [ifname, port, marker] = process.argv.slice(2);
  const htons = (n) => ((n & 0xff) << 8) | (n >> 8);
  const s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, htons(socket.ETH_P_ALL));
  s.bind([ifname, socket.ETH_P_ALL]);
  const out = { name: s.getsockname() };
  s.settimeout(1);
  console.log("ready");
  const deadline = Date.now() + 10000;
  while ((out.udp === undefined || out.raw === undefined) && Date.now() < deadline) {
    let data, from;
    try {
      [data, from] = await s.recvfrom(65535);
    } catch (e) {
      if (e instanceof socket.TimeoutError) continue;
      throw e;
    }
    const type = data.readUInt16BE(12);
    if (type === socket.ETH_P_IP && data[14 + 9] === socket.IPPROTO_UDP) {
      const udp = 14 + (data[14] & 0x0f) * 4;
      if (data.readUInt16BE(udp + 2) === Number(port) && data.subarray(udp + 8).toString() === marker) {
        out.udp = { from, ethertype: type, srcMac: data.subarray(6, 12).toString("hex") };
      }
    } else if (type === ${EXPERIMENTAL} && data.subarray(14, 14 + marker.length).toString() === marker) {
      out.raw = { from, dstMac: data.subarray(0, 6).toString("hex") };
    }
  }
  s.close();
  console.log(JSON.stringify(out, (k, v) => (v && v.type === "Buffer" ? Buffer.from(v.data).toString("hex") : v)));
`;

const sender = `
  import * as socket from ${JSON.stringify(bsdsockUrl)};
  const [ifname, host, port, marker] = process.argv.slice(2);
  const udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
  const htons = (n) => ((n & 0xff) << 8) | (n >> 8);
  const link = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, htons(${EXPERIMENTAL}));
  const broadcast = Buffer.alloc(6, 0xff);
  const pad = Buffer.alloc(46);
  pad.write(marker);
  // Twenty times, 100 ms apart: the first datagram may wait for ARP.
  for (let i = 0; i < 20; i++) {
    await udp.sendto(Buffer.from(marker), [host, Number(port)]);
    await link.sendto(pad, [ifname, ${EXPERIMENTAL}, 0, 0, broadcast]);
    await new Promise((r) => setTimeout(r, 100));
  }
  console.log(JSON.stringify({ sent: 20 }));
  udp.close();
  link.close();
`;

describe("AF_PACKET capture across a veth pair", () => {
  test("the capturer sees the UDP datagram and the raw frame, with their link-layer addresses", { skip: why ?? false, timeout: 60_000 }, async () => {
    const a = makeNetns("pa");
    const b = makeNetns("pb");
    const va = `bsa${process.pid % 100000}`;
    const vb = `bsb${process.pid % 100000}`;
    ip(a, "link", "add", va, "type", "veth", "peer", "name", vb, "netns", b);
    ip(a, "addr", "add", "10.253.0.1/24", "dev", va);
    ip(b, "addr", "add", "10.253.0.2/24", "dev", vb);
    ip(a, "link", "set", va, "address", "02:00:00:00:53:01", "up");
    ip(b, "link", "set", vb, "address", "02:00:00:00:53:02", "up");

    const port = "45353";
    let ready!: () => void;
    const isReady = new Promise<void>((r) => (ready = r));
    const capture = runInNetns(b, childScript("capture.mjs", capturer), [vb, port, marker], 20_000, (line) => {
      if (line === "ready") ready();
    });
    await Promise.race([isReady, capture]);
    const send = runInNetns(a, childScript("send.mjs", sender), [va, "10.253.0.2", port, marker], 20_000);
    const [captured, sent] = await Promise.all([capture, send]);
    assert.equal(sent.code, 0, sent.stderr);
    assert.equal(captured.code, 0, captured.stderr);
    const out = lastJson(captured) as {
      name: unknown[];
      udp?: { from: unknown[]; ethertype: number; srcMac: string };
      raw?: { from: unknown[]; dstMac: string };
    };
    // getsockname of the bound capturer: [ifname, proto, pkttype, hatype, addr].
    assert.equal(out.name[0], vb);
    assert.equal(out.name[1], 0x0003); // ETH_P_ALL
    assert.equal(out.name[3], 1, "hatype ARPHRD_ETHER");
    assert.equal(out.name[4], "020000005302", "its own MAC");
    assert.ok(out.udp, `the UDP datagram was not captured:\n${captured.stdout}`);
    // recvfrom's address: the interface, the EtherType, PACKET_HOST (0), ARPHRD_ETHER (1), the sender's MAC.
    assert.deepEqual(out.udp.from, [vb, 0x0800, 0, 1, "020000005301"]);
    assert.equal(out.udp.srcMac, "020000005301");
    assert.ok(out.raw, "the raw 0x88B5 frame was not captured");
    assert.deepEqual(out.raw.from, [vb, EXPERIMENTAL, 1, 1, "020000005301"], "PACKET_BROADCAST (1): it went to ff:ff:ff:ff:ff:ff");
    assert.equal(out.raw.dstMac, "ffffffffffff");
  });
});
