// Raw IP and ICMP through the same Socket (issue: "Raw IP and ICMP"):
// SOCK_RAW ICMP echo to 127.0.0.1 and ::1, a raw socket of an arbitrary
// protocol, IP_HDRINCL, SO_BINDTODEVICE, and Linux's unprivileged ping
// sockets (SOCK_DGRAM + IPPROTO_ICMP/ICMPV6), which ping_group_range
// governs: they are tried in a network namespace the test makes, where it
// may set the range without touching the machine's own.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as socket from "../src/index.js";
import { checkNoLeaks, trackSockets, within } from "./helpers.js";
import { bsdsockUrl, childScript, lastJson, makeNetns, netnsUnavailable, runInNetns } from "./netns.js";

checkNoLeaks();
const track = trackSockets();

const linux = process.platform === "linux";
const root = process.getuid?.() === 0;
const noRaw = !root ? "raw sockets need root (CAP_NET_RAW)" : false;
const ECHO_REQUEST = 8;
const ECHO_REPLY = 0;
const ECHO6_REQUEST = 128;
const ECHO6_REPLY = 129;

/** The Internet checksum (RFC 1071). */
function checksum(data: Buffer): number {
  let sum = 0;
  for (let i = 0; i < data.length; i += 2) sum += (data[i]! << 8) + (i + 1 < data.length ? data[i + 1]! : 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function echo(type: number, id: number, seq: number, payload: Buffer): Buffer {
  const msg = Buffer.concat([Buffer.alloc(8), payload]);
  msg[0] = type;
  msg.writeUInt16BE(id, 4);
  msg.writeUInt16BE(seq, 6);
  if (type === ECHO_REQUEST) msg.writeUInt16BE(checksum(msg), 2); // ICMPv6's is the kernel's
  return msg;
}

/** Receives until a message `match` accepts (bounded in count and time). */
async function recvUntil(s: socket.Socket, match: (data: Buffer, from: unknown) => boolean): Promise<[Buffer, unknown]> {
  s.settimeout(5);
  for (let i = 0; i < 100; i++) {
    const [data, from] = await within(s.recvfrom(65535), 6000, "recvfrom");
    if (match(data, from)) return [data, from];
  }
  throw new Error("no matching message in 100 received");
}

const payload = Buffer.from(`bsdsock-52-${process.pid}`);

describe("raw ICMP", { skip: !linux && "Linux only" }, () => {
  test("echo to 127.0.0.1 through SOCK_RAW/IPPROTO_ICMP: the reply comes with its IP header and the sender's address", { skip: noRaw }, async () => {
    const s = track(socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP));
    assert.equal(s.type, socket.SOCK_RAW);
    assert.equal(s.proto, socket.IPPROTO_ICMP);
    const id = process.pid & 0xffff;
    assert.equal(await s.sendto(echo(ECHO_REQUEST, id, 1, payload), ["127.0.0.1", 0]), payload.length + 8);
    const [data, from] = await recvUntil(s, (d) => d[(d[0]! & 0x0f) * 4] === ECHO_REPLY && d.readUInt16BE((d[0]! & 0x0f) * 4 + 4) === id);
    const ihl = (data[0]! & 0x0f) * 4;
    assert.equal(data[0]! >> 4, 4, "an IPv4 header first");
    assert.equal(data[9], socket.IPPROTO_ICMP);
    assert.deepEqual(data.subarray(ihl + 8), payload);
    assert.deepEqual(from, ["127.0.0.1", 0]);
  });

  test("echo to ::1 through SOCK_RAW/IPPROTO_ICMPV6 (no IP header; the kernel sums ICMPv6)", { skip: noRaw || (!socket.hasIpv6 && "no IPv6") }, async () => {
    const s = track(socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6));
    const id = (process.pid + 1) & 0xffff;
    await s.sendto(echo(ECHO6_REQUEST, id, 1, payload), ["::1", 0]);
    const [data, from] = await recvUntil(s, (d) => d[0] === ECHO6_REPLY && d.readUInt16BE(4) === id);
    assert.deepEqual(data.subarray(8), payload);
    assert.deepEqual(from, ["::1", 0, 0, 0]);
  });

  test("Sync twins: sendtoSync/recvfromSync on a raw socket", { skip: noRaw }, () => {
    const s = track(socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP));
    s.settimeout(5);
    const id = (process.pid + 2) & 0xffff;
    s.sendtoSync(echo(ECHO_REQUEST, id, 7, payload), ["127.0.0.1", 0]);
    for (let i = 0; i < 100; i++) {
      const [d, from] = s.recvfromSync(65535);
      const ihl = (d[0]! & 0x0f) * 4;
      if (d[ihl] === ECHO_REPLY && d.readUInt16BE(ihl + 4) === id) {
        assert.equal(d.readUInt16BE(ihl + 6), 7);
        assert.deepEqual(from, ["127.0.0.1", 0]);
        return;
      }
    }
    assert.fail("no echo reply");
  });

  test("a raw socket of any protocol: IP protocol 253 (experimental) from one raw socket to another", { skip: noRaw }, async () => {
    const rx = track(socket.socket(socket.AF_INET, socket.SOCK_RAW, 253));
    const tx = track(socket.socket(socket.AF_INET, socket.SOCK_RAW, 253));
    rx.bind(["127.0.0.1", 0]);
    await tx.sendto(payload, ["127.0.0.1", 0]);
    const [data, from] = await recvUntil(rx, (d) => d.subarray((d[0]! & 0x0f) * 4).equals(payload));
    assert.equal(data[9], 253);
    assert.deepEqual(from, ["127.0.0.1", 0]);
  });

  test("IP_HDRINCL: the caller writes the IPv4 header, and the echo is answered", { skip: noRaw }, async () => {
    const s = track(socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP));
    s.setsockopt(socket.IPPROTO_IP, socket.IP_HDRINCL, 1);
    assert.equal(s.getsockopt(socket.IPPROTO_IP, socket.IP_HDRINCL), 1);
    const id = (process.pid + 3) & 0xffff;
    const icmp = echo(ECHO_REQUEST, id, 1, payload);
    const ip = Buffer.alloc(20);
    ip[0] = 0x45; // version 4, 5 words
    ip.writeUInt16BE(20 + icmp.length, 2); // the kernel fills it in anyway
    ip[8] = 64; // TTL
    ip[9] = socket.IPPROTO_ICMP;
    Buffer.from([127, 0, 0, 1]).copy(ip, 12);
    Buffer.from([127, 0, 0, 1]).copy(ip, 16);
    ip.writeUInt16BE(checksum(ip), 10);
    assert.equal(await s.sendto(Buffer.concat([ip, icmp]), ["127.0.0.1", 0]), 20 + icmp.length);
    const [data] = await recvUntil(s, (d) => d[(d[0]! & 0x0f) * 4] === ECHO_REPLY && d.readUInt16BE((d[0]! & 0x0f) * 4 + 4) === id);
    assert.deepEqual(data.subarray(28), payload);
  });

  test("SO_BINDTODEVICE takes the interface name as bytes (a string is a TypeError, as in Python)", { skip: noRaw }, async () => {
    const s = track(socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP));
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, Buffer.from("lo"));
    const name = s.getsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, 16) as Buffer;
    assert.equal(name.toString("latin1").replace(/\0+$/, ""), "lo");
    const id = (process.pid + 4) & 0xffff;
    await s.sendto(echo(ECHO_REQUEST, id, 1, payload), ["127.0.0.1", 0]);
    await recvUntil(s, (d) => d[(d[0]! & 0x0f) * 4] === ECHO_REPLY && d.readUInt16BE((d[0]! & 0x0f) * 4 + 4) === id);
    assert.throws(() => s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, "lo" as never), (e: unknown) => e instanceof TypeError && /setsockopt\(\)/.test(e.message));
    assert.throws(() => s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, Buffer.from("nosuchif0")), (e: unknown) => e instanceof socket.OSError && e.code === "ENODEV");
  });

  test("without CAP_NET_RAW a raw socket is a PermissionError", { skip: root && "running as root: the kernel allows raw sockets" }, () => {
    assert.throws(() => socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP), socket.PermissionError);
  });
});

// ---- ping sockets -----------------------------------------------------------

function pingRange(): [number, number] {
  const [lo, hi] = readFileSync("/proc/sys/net/ipv4/ping_group_range", "utf8").trim().split(/\s+/).map(Number);
  return [lo!, hi!];
}

describe("ping sockets (SOCK_DGRAM + IPPROTO_ICMP)", { skip: !linux && "Linux only" }, () => {
  test("outside ping_group_range: PermissionError (EACCES)", (t) => {
    const [lo, hi] = pingRange();
    const gid = process.getgid!();
    if (gid >= lo && gid <= hi) return t.skip(`this process's group ${gid} is inside ping_group_range ${lo}-${hi}`);
    assert.throws(() => socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_ICMP), (e: unknown) => e instanceof socket.PermissionError && e.code === "EACCES");
  });

  const why = netnsUnavailable();
  test("echo to 127.0.0.1 and ::1 in a namespace whose ping_group_range admits us", { skip: why ?? false }, async () => {
    const ns = makeNetns("ping");
    const script = childScript("ping.mjs", `
      import { writeFileSync } from "node:fs";
      import * as socket from ${JSON.stringify(bsdsockUrl)};
      // Only this namespace's range changes.
      writeFileSync("/proc/sys/net/ipv4/ping_group_range", "0 2147483647");
      const out = {};
      for (const [family, proto, host, type, replyType] of [
        [socket.AF_INET, socket.IPPROTO_ICMP, "127.0.0.1", 8, 0],
        [socket.AF_INET6, socket.IPPROTO_ICMPV6, "::1", 128, 129],
      ]) {
        const s = socket.socket(family, socket.SOCK_DGRAM, proto);
        try {
          s.settimeout(5);
          s.bind(family === socket.AF_INET ? ["127.0.0.1", 0] : ["::1", 0]);
          const id = s.getsockname()[1]; // the kernel uses the local "port" as the echo id
          const msg = Buffer.concat([Buffer.from([type, 0, 0, 0, 0, 0, 0, 9]), Buffer.from("ping-${process.pid}")]);
          await s.sendto(msg, [host, 0]);
          const [data, from] = await s.recvfrom(1024);
          out[host] = { type: data[0], replyType, id, echoedId: data.readUInt16BE(4), seq: data.readUInt16BE(6), payload: data.subarray(8).toString(), from };
        } finally {
          s.close();
        }
      }
      console.log(JSON.stringify(out));
    `);
    const result = await runInNetns(ns, script);
    assert.equal(result.code, 0, result.stderr);
    const out = lastJson(result) as Record<string, { type: number; replyType: number; id: number; echoedId: number; seq: number; payload: string; from: unknown }>;
    for (const [host, from] of [["127.0.0.1", ["127.0.0.1", 0]], ["::1", ["::1", 0, 0, 0]]] as const) {
      const r = out[host]!;
      assert.equal(r.type, r.replyType, `${host}: an echo reply`);
      assert.equal(r.echoedId, r.id, `${host}: the kernel's echo id`);
      assert.equal(r.seq, 9);
      assert.equal(r.payload, `ping-${process.pid}`);
      assert.deepEqual(r.from, from);
    }
  });
});
