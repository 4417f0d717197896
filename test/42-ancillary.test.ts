// The control messages people use, each through a real kernel:
// SCM_CREDENTIALS (SO_PASSCRED), IP_PKTINFO and IPV6_PKTINFO (the
// destination of a datagram on receive, the source address chosen on
// send), IP_TOS / IP_TTL / IPV6_HOPLIMIT on receive (and per datagram on
// send), SO_TIMESTAMP / SO_TIMESTAMPNS, and the error queue (IP_RECVERR,
// IPV6_RECVERR with MSG_ERRQUEUE). Their data is decoded with the struct
// layouts the addon read from the headers. Traffic stays on loopback.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { endianness } from "node:os";
import { fileURLToPath } from "node:url";
import { binding } from "../src/binding.js";
import * as socket from "../src/index.js";
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from "../src/inet.js";
import { decodeAddress } from "../src/sockaddr/index.js";
import { checkNoLeaks, closedAddress, isPending, trackSockets, unixPair, within, errno } from "./helpers.js";
import { lacks } from "./runtime.js";
import { skipWholeFile, WIN } from "./platform.js";

const { describe, test } = skipWholeFile(lacks({ win32: WIN.ancillary }));

checkNoLeaks();

const { ECONNREFUSED } = errno;
const layout = binding.layout;
const track = trackSockets();
const le = endianness() === "LE";
const linux = process.platform === "linux";
const noIpv6 = !socket.hasIpv6 && "no IPv6 on this machine";

const int32 = (b: Buffer, at = 0): number => (le ? b.readInt32LE(at) : b.readInt32BE(at));
const uint32 = (b: Buffer, at = 0): number => (le ? b.readUInt32LE(at) : b.readUInt32BE(at));
/** A signed field of 4 or 8 bytes (time_t, suseconds_t, long). */
const field = (b: Buffer, at: number, size: number): number =>
  size === 8 ? Number(le ? b.readBigInt64LE(at) : b.readBigInt64BE(at)) : int32(b, at);

function intData(value: number): Buffer {
  const out = Buffer.alloc(4);
  if (le) out.writeInt32LE(value);
  else out.writeInt32BE(value);
  return out;
}

/** The data of the one control message of `level`/`type` in `ancdata`. */
function item(ancdata: socket.AncillaryData[], level: number, type: number): Buffer {
  const found = ancdata.filter(([l, t]) => l === level && t === type);
  assert.equal(found.length, 1, `one control message ${level}/${type} in ${JSON.stringify(ancdata.map(([l, t]) => [l, t]))}`);
  return found[0]![2];
}

function udp(family: number, address: socket.SocketAddress): socket.Socket {
  const s = track(socket.socket(family, socket.SOCK_DGRAM));
  s.bind(address);
  s.settimeout(5); // bounds every Sync receive, should a datagram be lost
  return s;
}

const loIndex = (): number => binding.if_nametoindex("lo");

// ---- SCM_CREDENTIALS ----------------------------------------------------------------

describe("SCM_CREDENTIALS with SO_PASSCRED", { skip: socket.SCM_CREDENTIALS === undefined && "SCM_CREDENTIALS is Linux's (BSD: SCM_CREDS, LOCAL_PEERCRED)" }, () => {
  const ucred = layout.ucred!;

  function decodeCred(data: Buffer): { pid: number; uid: number; gid: number } {
    assert.equal(data.length, ucred.size);
    return { pid: int32(data, ucred.pid), uid: uint32(data, ucred.uid), gid: uint32(data, ucred.gid) };
  }

  function encodeCred(pid: number, uid: number, gid: number): Buffer {
    const out = Buffer.alloc(ucred.size!);
    out.set(intData(pid), ucred.pid);
    out.set(intData(uid), ucred.uid);
    out.set(intData(gid), ucred.gid);
    return out;
  }

  for (const [name, type] of [["stream", socket.SOCK_STREAM], ["datagram", socket.SOCK_DGRAM]] as const) {
    test(`the receiver learns the sender's pid, uid and gid (${name})`, async () => {
      const [a, b] = unixPair(track, type);
      b.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1);
      await within(a.sendmsg([Buffer.from("who")]));
      const [data, ancdata] = await within(b.recvmsg(10, socket.CMSG_SPACE(ucred.size!)));
      assert.equal(data.toString(), "who");
      const cred = decodeCred(item(ancdata, socket.SOL_SOCKET, socket.SCM_CREDENTIALS));
      assert.deepEqual(cred, { pid: process.pid, uid: process.getuid!(), gid: process.getgid!() });
    });
  }

  test("credentials sent explicitly (sendmsgSync with SCM_CREDENTIALS)", () => {
    const [a, b] = unixPair(track, socket.SOCK_DGRAM);
    b.settimeout(5);
    b.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1);
    const mine = encodeCred(process.pid, process.getuid!(), process.getgid!());
    a.sendmsgSync([Buffer.from("me")], [[socket.SOL_SOCKET, socket.SCM_CREDENTIALS, mine]]);
    const [, ancdata] = b.recvmsgSync(10, socket.CMSG_SPACE(ucred.size!));
    assert.deepEqual(item(ancdata, socket.SOL_SOCKET, socket.SCM_CREDENTIALS), mine);
  });

  test("as root, another uid and gid may be claimed; the receiver sees them", { skip: process.getuid?.() !== 0 && "needs CAP_SETUID/CAP_SETGID" }, async () => {
    const [a, b] = unixPair(track, socket.SOCK_DGRAM);
    b.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1);
    await within(a.sendmsg([Buffer.from("x")], [[socket.SOL_SOCKET, socket.SCM_CREDENTIALS, encodeCred(process.pid, 4242, 4343)]]));
    const [, ancdata] = await within(b.recvmsg(10, socket.CMSG_SPACE(ucred.size!)));
    assert.deepEqual(decodeCred(item(ancdata, socket.SOL_SOCKET, socket.SCM_CREDENTIALS)), { pid: process.pid, uid: 4242, gid: 4343 });
  });
});

// ---- IP_PKTINFO / IPV6_PKTINFO --------------------------------------------------------

describe("IP_PKTINFO: the destination of each datagram, and the source of a reply", { skip: socket.IP_PKTINFO === undefined && "IP_PKTINFO is Linux's (BSD: IP_RECVDSTADDR, IP_SENDSRCADDR)" }, () => {
  const info = layout.in_pktinfo!;

  function encodeInfo(ifindex: number, specDst: string): Buffer {
    const out = Buffer.alloc(info.size!);
    out.set(intData(ifindex), info.ipi_ifindex);
    out.set(parseIPv4(specDst)!, info.ipi_spec_dst);
    return out;
  }

  test("a wildcard-bound socket learns which of its addresses each datagram was sent to", async () => {
    const rx = udp(socket.AF_INET, ["0.0.0.0", 0]);
    rx.setsockopt(socket.IPPROTO_IP, socket.IP_PKTINFO, 1);
    const [, port] = rx.getsockname() as [string, number];
    const tx = udp(socket.AF_INET, ["127.0.0.1", 0]);
    for (const destination of ["127.0.0.3", "127.0.0.1"]) {
      await within(tx.sendto(Buffer.from(destination), [destination, port]));
      const [data, ancdata, , from] = await within(rx.recvmsg(100, socket.CMSG_SPACE(info.size!)));
      assert.equal(data.toString(), destination);
      assert.deepEqual(from, tx.getsockname());
      const pktinfo = item(ancdata, socket.IPPROTO_IP, socket.IP_PKTINFO);
      assert.equal(formatIPv4(pktinfo, info.ipi_addr), destination, "ipi_addr: the header's destination");
      assert.equal(int32(pktinfo, info.ipi_ifindex), loIndex(), "ipi_ifindex: the loopback interface");
    }
  });

  test("sendmsg with ipi_spec_dst chooses the source address (async and Sync)", async () => {
    const rx = udp(socket.AF_INET, ["127.0.0.1", 0]);
    const tx = udp(socket.AF_INET, ["0.0.0.0", 0]);
    const [, txPort] = tx.getsockname() as [string, number];
    await within(tx.sendmsg([Buffer.from("from .2")], [[socket.IPPROTO_IP, socket.IP_PKTINFO, encodeInfo(0, "127.0.0.2")]], 0, rx.getsockname()));
    assert.deepEqual((await within(rx.recvfrom(100)))[1], ["127.0.0.2", txPort]);
    tx.sendmsgSync([Buffer.from("from .4")], [[socket.IPPROTO_IP, socket.IP_PKTINFO, encodeInfo(loIndex(), "127.0.0.4")]], 0, rx.getsockname());
    assert.deepEqual(rx.recvfromSync(100)[1], ["127.0.0.4", txPort]);
    // Without the control message the routing table picks 127.0.0.1.
    await within(tx.sendmsg([Buffer.from("plain")], [], 0, rx.getsockname()));
    assert.deepEqual((await within(rx.recvfrom(100)))[1], ["127.0.0.1", txPort]);
  });
});

describe("IPV6_PKTINFO", { skip: noIpv6 || (socket.IPV6_RECVPKTINFO === undefined && "no IPV6_RECVPKTINFO") }, () => {
  const info = layout.in6_pktinfo!;

  function encodeInfo(address: string, ifindex: number): Buffer {
    const out = Buffer.alloc(info.size!);
    out.set(parseIPv6(address)!, info.ipi6_addr);
    out.set(intData(ifindex), info.ipi6_ifindex);
    return out;
  }

  test("the destination address and interface of a datagram on receive", async () => {
    const rx = udp(socket.AF_INET6, ["::", 0]);
    rx.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_RECVPKTINFO, 1);
    const [, port] = rx.getsockname() as [string, number];
    const tx = udp(socket.AF_INET6, ["::1", 0]);
    await within(tx.sendto(Buffer.from("six"), ["::1", port]));
    const [data, ancdata, , from] = await within(rx.recvmsg(100, socket.CMSG_SPACE(info.size!)));
    assert.equal(data.toString(), "six");
    assert.deepEqual(from, tx.getsockname());
    const pktinfo = item(ancdata, socket.IPPROTO_IPV6, socket.IPV6_PKTINFO);
    assert.equal(formatIPv6(pktinfo, info.ipi6_addr), "::1");
    assert.equal(uint32(pktinfo, info.ipi6_ifindex), loIndex());
  });

  test("the source address on send: a local one is used, a foreign one refused", async () => {
    const rx = udp(socket.AF_INET6, ["::1", 0]);
    const tx = udp(socket.AF_INET6, ["::", 0]);
    const [, txPort] = tx.getsockname() as [string, number];
    await within(tx.sendmsg([Buffer.from("x")], [[socket.IPPROTO_IPV6, socket.IPV6_PKTINFO, encodeInfo("::1", loIndex())]], 0, rx.getsockname()));
    const [, from] = await within(rx.recvfrom(10));
    assert.deepEqual(from, ["::1", txPort, 0, 0]);
    // 2001:db8::/32 is for documentation: no host has it, so the kernel
    // refuses it as a source, which shows it read the control message.
    await assert.rejects(
      tx.sendmsg([Buffer.from("x")], [[socket.IPPROTO_IPV6, socket.IPV6_PKTINFO, encodeInfo("2001:db8::1", 0)]], 0, rx.getsockname()),
      (e: unknown) => e instanceof socket.OSError && (e.code === "EINVAL" || e.code === "EADDRNOTAVAIL"),
    );
  });
});

describe("the example: examples/udp-pktinfo-server", { skip: socket.IP_PKTINFO === undefined && "IP_PKTINFO is Linux's" }, () => {
  test("answers each request from the address it was sent to, end to end on loopback", () => {
    const example = fileURLToPath(new URL("../examples/udp-pktinfo-server.js", import.meta.url));
    const r = spawnSync(process.execPath, [example], { encoding: "utf8", timeout: 30_000 });
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    for (const host of ["127.0.0.1", "127.0.0.2", "127.0.0.3"]) {
      assert.match(r.stdout, new RegExp(`asked ${host.replaceAll(".", "\\.")}:\\d+, answer from ${host.replaceAll(".", "\\.")}: you asked`));
    }
  });
});

// ---- TOS, TTL, hop limit ---------------------------------------------------------------

describe("IP_TOS, IP_TTL and IPV6_HOPLIMIT on receive (and per datagram on send)", () => {
  test("IP_RECVTOS and IP_RECVTTL report the sender's IP_TOS and IP_TTL", { skip: socket.IP_RECVTOS === undefined && "no IP_RECVTOS" }, async () => {
    const rx = udp(socket.AF_INET, ["127.0.0.1", 0]);
    rx.setsockopt(socket.IPPROTO_IP, socket.IP_RECVTOS, 1);
    rx.setsockopt(socket.IPPROTO_IP, socket.IP_RECVTTL, 1);
    const tx = udp(socket.AF_INET, ["127.0.0.1", 0]);
    tx.setsockopt(socket.IPPROTO_IP, socket.IP_TOS, 0x28); // DSCP AF11, no ECN bits
    tx.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, 42);
    await within(tx.sendto(Buffer.from("t"), rx.getsockname()));
    const [, ancdata] = await within(rx.recvmsg(10, socket.CMSG_SPACE(4) * 2));
    assert.deepEqual(item(ancdata, socket.IPPROTO_IP, socket.IP_TOS), Buffer.from([0x28]), "IP_TOS: one byte");
    assert.equal(int32(item(ancdata, socket.IPPROTO_IP, socket.IP_TTL)), 42, "IP_TTL: an int");
  });

  test("IP_TTL and IP_TOS as control messages set them for one datagram", { skip: !linux && "per-datagram IP_TTL/IP_TOS is Linux's" }, () => {
    const rx = udp(socket.AF_INET, ["127.0.0.1", 0]);
    rx.setsockopt(socket.IPPROTO_IP, socket.IP_RECVTOS, 1);
    rx.setsockopt(socket.IPPROTO_IP, socket.IP_RECVTTL, 1);
    const tx = udp(socket.AF_INET, ["127.0.0.1", 0]);
    tx.sendmsgSync([Buffer.from("t")], [[socket.IPPROTO_IP, socket.IP_TTL, intData(7)], [socket.IPPROTO_IP, socket.IP_TOS, Buffer.from([0x10])]], 0, rx.getsockname());
    const [, ancdata] = rx.recvmsgSync(10, 64);
    assert.equal(int32(item(ancdata, socket.IPPROTO_IP, socket.IP_TTL)), 7);
    assert.deepEqual(item(ancdata, socket.IPPROTO_IP, socket.IP_TOS), Buffer.from([0x10]));
  });

  test("IPV6_RECVHOPLIMIT reports the hop limit; IPV6_HOPLIMIT sets it per datagram", { skip: noIpv6 }, async () => {
    const rx = udp(socket.AF_INET6, ["::1", 0]);
    rx.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_RECVHOPLIMIT, 1);
    const tx = udp(socket.AF_INET6, ["::1", 0]);
    tx.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS, 33);
    await within(tx.sendto(Buffer.from("h"), rx.getsockname()));
    const [, ancdata] = await within(rx.recvmsg(10, socket.CMSG_SPACE(4)));
    assert.equal(int32(item(ancdata, socket.IPPROTO_IPV6, socket.IPV6_HOPLIMIT)), 33);
    await within(tx.sendmsg([Buffer.from("h")], [[socket.IPPROTO_IPV6, socket.IPV6_HOPLIMIT, intData(9)]], 0, rx.getsockname()));
    const [, ancdata2] = await within(rx.recvmsg(10, socket.CMSG_SPACE(4)));
    assert.equal(int32(item(ancdata2, socket.IPPROTO_IPV6, socket.IPV6_HOPLIMIT)), 9);
  });
});

// ---- timestamps -----------------------------------------------------------------------

describe("SO_TIMESTAMP and SO_TIMESTAMPNS", () => {
  // Generous bounds: the stamp is the kernel's wall clock when the
  // datagram arrived, which is between the send and the receive.
  function assertSane(ms: number, sentAt: number): void {
    assert.ok(ms >= sentAt - 60_000 && ms <= Date.now() + 60_000, `timestamp ${new Date(ms).toISOString()} near ${new Date(sentAt).toISOString()}`);
  }

  test("SO_TIMESTAMP: a struct timeval with the arrival time", async () => {
    const tv = layout.timeval!;
    const rx = udp(socket.AF_INET, ["127.0.0.1", 0]);
    rx.setsockopt(socket.SOL_SOCKET, socket.SO_TIMESTAMP, 1);
    const tx = udp(socket.AF_INET, ["127.0.0.1", 0]);
    const sentAt = Date.now();
    await within(tx.sendto(Buffer.from("when"), rx.getsockname()));
    const [, ancdata] = await within(rx.recvmsg(10, socket.CMSG_SPACE(tv.size!)));
    const data = item(ancdata, socket.SOL_SOCKET, socket.SCM_TIMESTAMP);
    assert.equal(data.length, tv.size);
    const sec = field(data, tv.tv_sec!, tv.tv_sec_size!);
    const usec = field(data, tv.tv_usec!, tv.tv_usec_size!);
    assert.ok(usec >= 0 && usec < 1e6);
    assertSane(sec * 1000 + usec / 1000, sentAt);
  });

  test("SO_TIMESTAMPNS: a struct timespec, with nanoseconds (Sync)", { skip: socket.SO_TIMESTAMPNS === undefined && "no SO_TIMESTAMPNS" }, () => {
    const ts = layout.timespec!;
    const rx = udp(socket.AF_INET, ["127.0.0.1", 0]);
    rx.setsockopt(socket.SOL_SOCKET, socket.SO_TIMESTAMPNS, 1);
    const tx = udp(socket.AF_INET, ["127.0.0.1", 0]);
    const sentAt = Date.now();
    tx.sendtoSync(Buffer.from("when"), rx.getsockname());
    const [, ancdata] = rx.recvmsgSync(10, socket.CMSG_SPACE(ts.size!));
    const data = item(ancdata, socket.SOL_SOCKET, socket.SCM_TIMESTAMPNS);
    const sec = field(data, ts.tv_sec!, ts.tv_sec_size!);
    const nsec = field(data, ts.tv_nsec!, ts.tv_nsec_size!);
    assert.ok(nsec >= 0 && nsec < 1e9);
    assertSane(sec * 1000 + nsec / 1e6, sentAt);
  });
});

// ---- the error queue ------------------------------------------------------------------

describe("the error queue: IP_RECVERR / IPV6_RECVERR and MSG_ERRQUEUE", { skip: socket.MSG_ERRQUEUE === undefined && "MSG_ERRQUEUE is Linux's" }, () => {
  const ee = layout.sock_extended_err!;

  const cases = [
    { name: "IPv4", family: socket.AF_INET, host: "127.0.0.1", level: socket.IPPROTO_IP, option: socket.IP_RECVERR,
      origin: socket.SO_EE_ORIGIN_ICMP, icmp: [3, 3], skip: false }, // ICMP destination unreachable, port unreachable
    { name: "IPv6", family: socket.AF_INET6, host: "::1", level: socket.IPPROTO_IPV6, option: socket.IPV6_RECVERR,
      origin: socket.SO_EE_ORIGIN_ICMP6, icmp: [1, 4], skip: noIpv6 }, // ICMPv6 destination unreachable, port unreachable
  ];

  for (const c of cases) {
    test(`${c.name}: a datagram to a closed port comes back with a sock_extended_err (ECONNREFUSED)`, { skip: c.skip }, async () => {
      const s = udp(c.family, [c.host, 0]);
      s.setsockopt(c.level, c.option, 1);
      const target = closedAddress(socket.SOCK_DGRAM, c.family, c.host);
      // Waiting first: the error's arrival wakes the pending receive.
      const pending = s.recvmsg(100, 512, socket.MSG_ERRQUEUE);
      assert.ok(await isPending(pending), "the error queue is empty before the send");
      await within(s.sendto(Buffer.from("lost"), target));
      const [data, ancdata, flags, address] = await within(pending);
      assert.equal(data.toString(), "lost", "the datagram that failed");
      assert.deepEqual(address, target, "where it was sent");
      assert.equal(flags & socket.MSG_ERRQUEUE, socket.MSG_ERRQUEUE);
      const err = item(ancdata, c.level, c.option);
      assert.equal(uint32(err, ee.ee_errno!), ECONNREFUSED);
      assert.equal(err[ee.ee_origin!], c.origin);
      assert.deepEqual([err[ee.ee_type!], err[ee.ee_code!]], c.icmp);
      // SO_EE_OFFENDER: the address of the node that reported the error follows the struct.
      const offender = decodeAddress(err.subarray(ee.size!), err.length - ee.size!, { family: c.family, type: socket.SOCK_DGRAM, proto: 0 }) as unknown[];
      assert.equal(offender[0], c.host);
      // The error was taken off the queue: nothing more to read.
      s.setblocking(false);
      assert.throws(() => s.recvmsgSync(100, 512, socket.MSG_ERRQUEUE), socket.BlockingIOError);
    });
  }

  test("recvmsgSync with MSG_ERRQUEUE reads a queued error", () => {
    const s = udp(socket.AF_INET, ["127.0.0.1", 0]);
    s.setsockopt(socket.IPPROTO_IP, socket.IP_RECVERR, 1);
    s.sendtoSync(Buffer.from("lost"), closedAddress(socket.SOCK_DGRAM));
    const [data, ancdata] = s.recvmsgSync(100, 512, socket.MSG_ERRQUEUE);
    assert.equal(data.toString(), "lost");
    assert.equal(uint32(item(ancdata, socket.IPPROTO_IP, socket.IP_RECVERR), ee.ee_errno!), ECONNREFUSED);
  });
});
