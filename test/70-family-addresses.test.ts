// Addresses of the families beyond IP and Unix (docs/api.md, "Addresses"), tuple → bytes
// → tuple, whether or not this kernel has the family: the codecs work on
// sockaddr bytes laid out from the system headers, so every shape is
// checked here without a socket. The bytes are checked where the kernel
// fixes their order (network-order protocol numbers, reversed Bluetooth
// addresses), and every wrong shape must give a TypeError/RangeError (or
// the OSError CPython raises) naming the function. Live use of each family
// is in tests 52-55.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { endianness } from "node:os";
import * as socket from "../src/index.js";
import { binding } from "../src/binding.js";
import { decodeAddress, encodeAddress, type SocketShape } from "../src/sockaddr/index.js";
import { sockaddrFamily } from "../src/sockaddr/common.js";
import { checkNoLeaks } from "./helpers.js";

checkNoLeaks();

const linux = process.platform === "linux";
const LE = endianness() === "LE";
const bt = binding.layout.bluetooth;
const bad = (value: unknown): never => value as never;

function shape(family: number, proto = 0, type: number = socket.SOCK_RAW): SocketShape {
  return { family, type, proto };
}

/** tuple → bytes → tuple; returns the bytes for further checks. */
function roundTrip(s: SocketShape, address: unknown, expected: unknown = address): Buffer {
  const bytes = encodeAddress("bind", address, s);
  // RDS addresses are struct sockaddr_in, family AF_INET.
  assert.equal(sockaddrFamily(bytes, bytes.length), s.family === socket.AF_RDS ? socket.AF_INET : s.family, "family field");
  assert.deepEqual(decodeAddress(bytes, bytes.length, s), expected);
  return bytes;
}

/** An error of class `cls` whose message names `fn()` and matches `re`. */
function named(cls: new (...args: never[]) => Error, re: RegExp, fn = "bind"): (e: unknown) => boolean {
  return (e) => {
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${String(e)}`);
    assert.ok(e.message.includes(`${fn}()`), `message names ${fn}(): ${e.message}`);
    assert.match(e.message, re);
    return true;
  };
}

const u32 = (b: Buffer, o: number): number => (LE ? b.readUInt32LE(o) : b.readUInt32BE(o));

describe("AF_NETLINK: [pid, groups]", { skip: !linux && "Linux only" }, () => {
  const s = shape(socket.AF_NETLINK, 0);
  test("round trip, with the fields where the header puts them", () => {
    const b = roundTrip(s, [4242, 0x80000001]);
    const nl = binding.layout.sockaddr_nl!;
    assert.equal(b.length, nl.size);
    assert.equal(u32(b, nl.nl_pid!), 4242);
    assert.equal(u32(b, nl.nl_groups!), 0x80000001);
    roundTrip(s, [0, 0]);
    roundTrip(s, [0xffffffff, 0xffffffff]);
  });
  test("wrong shapes", () => {
    assert.throws(() => encodeAddress("bind", 5, s), named(TypeError, /AF_NETLINK address must be a \[pid, groups\] pair/));
    assert.throws(() => encodeAddress("bind", [1], s), named(TypeError, /AF_NETLINK/));
    assert.throws(() => encodeAddress("bind", [1, 2, 3], s), named(TypeError, /AF_NETLINK/));
    assert.throws(() => encodeAddress("connect", ["1", 2], s), named(TypeError, /pid must be an integer/, "connect"));
    assert.throws(() => encodeAddress("bind", [-1, 0], s), named(RangeError, /pid must be 0-4294967295/));
    assert.throws(() => encodeAddress("bind", [0, 2 ** 32], s), named(RangeError, /groups/));
    assert.throws(() => encodeAddress("bind", [0.5, 0], s), named(TypeError, /pid must be an integer/));
  });
});

describe("AF_PACKET: [ifname, proto, pkttype?, hatype?, addr?]", { skip: !linux && "Linux only" }, () => {
  const s = shape(socket.AF_PACKET, 0);
  const ll = binding.layout.sockaddr_ll!;
  test("round trip; the interface travels as its index, proto in network order", () => {
    const mac = Buffer.from([0x02, 0, 0, 0, 0, 1]);
    const b = roundTrip(s, ["lo", socket.ETH_P_IP, socket.PACKET_OTHERHOST, 772, mac]);
    assert.equal(b.length, ll.size);
    assert.equal(b.readUInt16BE(ll.sll_protocol!), socket.ETH_P_IP);
    assert.equal(LE ? b.readInt32LE(ll.sll_ifindex!) : b.readInt32BE(ll.sll_ifindex!), binding.if_nametoindex("lo"));
    assert.equal(b[ll.sll_halen!], 6);
    assert.deepEqual(b.subarray(ll.sll_addr!, ll.sll_addr! + 6), mac);
  });
  test("pkttype, hatype and addr default to PACKET_HOST, 0 and none", () => {
    roundTrip(s, ["lo", socket.ETH_P_ALL], ["lo", socket.ETH_P_ALL, socket.PACKET_HOST, 0, Buffer.alloc(0)]);
    roundTrip(s, ["lo", 0x88b5, 3], ["lo", 0x88b5, 3, 0, Buffer.alloc(0)]);
    // An 8-byte hardware address (the most sll_addr holds).
    roundTrip(s, ["", 1, 0, 0, Buffer.alloc(8, 0xaa)]);
  });
  test('"" is interface index 0; an unknown index decodes to ""', () => {
    const b = roundTrip(s, ["", 0x0800, 0, 0, Buffer.alloc(0)]);
    if (LE) b.writeInt32LE(0x7ffffff0, ll.sll_ifindex!);
    else b.writeInt32BE(0x7ffffff0, ll.sll_ifindex!);
    assert.equal((decodeAddress(b, b.length, s) as unknown[])[0], "");
  });
  test("a short address decodes its missing fields as zero (no read past it)", () => {
    const b = encodeAddress("bind", ["lo", 0x0800], s);
    assert.deepEqual(decodeAddress(b, ll.sll_ifindex!, s), ["", 0x0800, 0, 0, Buffer.alloc(0)]);
  });
  test("wrong shapes and bad values", () => {
    assert.throws(() => encodeAddress("bind", "lo", s), named(TypeError, /AF_PACKET address must be \[ifname, proto/));
    assert.throws(() => encodeAddress("bind", ["lo"], s), named(TypeError, /AF_PACKET/));
    assert.throws(() => encodeAddress("bind", ["lo", 1, 0, 0, Buffer.alloc(0), 6], s), named(TypeError, /AF_PACKET/));
    assert.throws(() => encodeAddress("bind", [1, 1], s), named(TypeError, /interface name must be a string/));
    assert.throws(() => encodeAddress("bind", ["lo", 0x10000], s), named(RangeError, /proto must be 0-65535/));
    assert.throws(() => encodeAddress("bind", ["lo", 1, 256], s), named(RangeError, /pkttype must be 0-255/));
    assert.throws(() => encodeAddress("bind", ["lo", 1, 0, -1], s), named(RangeError, /hatype/));
    assert.throws(() => encodeAddress("bind", ["lo", 1, 0, 0, "aa:bb"], s), named(TypeError, /addr must be a bytes-like object/));
    assert.throws(() => encodeAddress("bind", ["lo", 1, 0, 0, Buffer.alloc(9)], s), named(RangeError, /hardware address must be 8 bytes or less/));
  });
  test("an interface that does not exist: ENODEV; a name too long: OSError", () => {
    assert.throws(() => encodeAddress("bind", ["nosuchif0", 1], s), (e: unknown) => e instanceof socket.OSError && e.code === "ENODEV");
    assert.throws(() => encodeAddress("bind", ["x".repeat(16), 1], s), named(socket.OSError, /AF_PACKET interface name too long/));
  });
});

describe("AF_VSOCK: [cid, port]", { skip: !linux && "Linux only" }, () => {
  const s = shape(socket.AF_VSOCK, 0, socket.SOCK_STREAM);
  test("round trip, VMADDR_CID_ANY and VMADDR_PORT_ANY included", () => {
    const vm = binding.layout.sockaddr_vm!;
    const b = roundTrip(s, [socket.VMADDR_CID_HOST, 1024]);
    assert.equal(b.length, vm.size);
    assert.equal(u32(b, vm.svm_cid!), socket.VMADDR_CID_HOST);
    roundTrip(s, [socket.VMADDR_CID_ANY, socket.VMADDR_PORT_ANY]);
    assert.equal(socket.VMADDR_CID_ANY, 0xffffffff);
  });
  test("wrong shapes", () => {
    assert.throws(() => encodeAddress("connect", [2], s), named(TypeError, /AF_VSOCK address must be a \[cid, port\] pair/, "connect"));
    assert.throws(() => encodeAddress("bind", [2, -1], s), named(RangeError, /port/));
    assert.throws(() => encodeAddress("bind", [2 ** 32, 1], s), named(RangeError, /cid/));
  });
});

describe("AF_CAN: by protocol", { skip: !linux && "Linux only" }, () => {
  const can = binding.layout.sockaddr_can!;
  test("CAN_RAW and CAN_BCM: [ifname]", () => {
    for (const proto of [socket.CAN_RAW, socket.CAN_BCM]) {
      const s = shape(socket.AF_CAN, proto);
      const b = roundTrip(s, ["lo"]);
      assert.equal(b.length, can.size);
      assert.equal(LE ? b.readInt32LE(can.can_ifindex!) : b.readInt32BE(can.can_ifindex!), binding.if_nametoindex("lo"));
      roundTrip(s, [""]); // every interface
    }
  });
  test("CAN_ISOTP: [ifname, rxId, txId]", () => {
    const s = shape(socket.AF_CAN, socket.CAN_ISOTP, socket.SOCK_DGRAM);
    const b = roundTrip(s, ["lo", 0x123, 0x80000456]);
    assert.equal(u32(b, can.tp_rx_id!), 0x123);
    assert.equal(u32(b, can.tp_tx_id!), 0x80000456);
    assert.throws(() => encodeAddress("bind", ["lo"], s), named(TypeError, /\[ifname, rxId, txId\] for CAN_ISOTP/));
    assert.throws(() => encodeAddress("bind", ["lo", -1, 0], s), named(RangeError, /rxId/));
  });
  test("CAN_J1939: [ifname, name: bigint, pgn, addr]", { skip: can.j1939_name === undefined && "no J1939 in these headers" }, () => {
    const s = shape(socket.AF_CAN, socket.CAN_J1939, socket.SOCK_DGRAM);
    const b = roundTrip(s, ["lo", 0xfedcba9876543210n, socket.J1939_NO_PGN, socket.J1939_NO_ADDR]);
    assert.equal(LE ? b.readBigUInt64LE(can.j1939_name!) : b.readBigUInt64BE(can.j1939_name!), 0xfedcba9876543210n);
    assert.equal(b[can.j1939_addr!], socket.J1939_NO_ADDR);
    // A safe integer is taken as a name too; out it is always a bigint.
    roundTrip(s, ["", 5, 0x12300, 0x80], ["", 5n, 0x12300, 0x80]);
    assert.throws(() => encodeAddress("bind", ["lo", 1n << 64n, 0, 0], s), named(RangeError, /name must be 0-18446744073709551615/));
    assert.throws(() => encodeAddress("bind", ["lo", -1n, 0, 0], s), named(RangeError, /name/));
    assert.throws(() => encodeAddress("bind", ["lo", "1", 0, 0], s), named(TypeError, /name must be a bigint/));
    assert.throws(() => encodeAddress("bind", ["lo", 2 ** 60, 0, 0], s), named(TypeError, /safe integer/));
    assert.throws(() => encodeAddress("bind", ["lo", 1n, 0, 256], s), named(RangeError, /addr must be 0-255/));
    assert.throws(() => encodeAddress("bind", ["lo", 1n, 0], s), named(TypeError, /for CAN_J1939/));
  });
  test("wrong shapes, unknown interfaces, unsupported protocols", () => {
    const s = shape(socket.AF_CAN, socket.CAN_RAW);
    assert.throws(() => encodeAddress("bind", "vcan0", s), named(TypeError, /AF_CAN address must be \[ifname\]/));
    assert.throws(() => encodeAddress("bind", ["vcan0", 1], s), named(TypeError, /AF_CAN/));
    assert.throws(() => encodeAddress("bind", ["nosuchcan9"], s), (e: unknown) => e instanceof socket.OSError && e.code === "ENODEV");
    assert.throws(() => encodeAddress("bind", ["c".repeat(16)], s), named(socket.OSError, /AF_CAN interface name too long/));
    assert.throws(() => encodeAddress("bind", ["lo"], shape(socket.AF_CAN, 99)), named(socket.OSError, /unsupported CAN protocol 99/));
  });
});

describe("AF_ALG: [type, name, feat?, mask?]", { skip: !linux && "Linux only" }, () => {
  const s = shape(socket.AF_ALG, 0, socket.SOCK_SEQPACKET);
  const alg = binding.layout.sockaddr_alg!;
  test("round trip: NUL-padded fixed arrays; feat and mask default to 0", () => {
    const b = roundTrip(s, ["skcipher", "cbc(aes)", 1, 0xffffffff]);
    assert.equal(b.toString("latin1", alg.salg_type!, alg.salg_type! + 9), "skcipher\0");
    assert.equal(b.toString("latin1", alg.salg_name!, alg.salg_name! + 9), "cbc(aes)\0");
    roundTrip(s, ["hash", "sha256"], ["hash", "sha256", 0, 0]);
    // The longest type and name that still leave room for the NUL.
    roundTrip(s, ["t".repeat(alg.salg_type_size! - 1), "n".repeat(alg.salg_name_size! - 1), 0, 0]);
  });
  test("too long, wrong types, wrong shapes", () => {
    assert.throws(() => encodeAddress("bind", ["t".repeat(alg.salg_type_size!), "x"], s), named(RangeError, /AF_ALG type too long/));
    assert.throws(() => encodeAddress("bind", ["hash", "n".repeat(alg.salg_name_size!)], s), named(RangeError, /AF_ALG name too long/));
    assert.throws(() => encodeAddress("bind", ["hash", "a\0b"], s), named(RangeError, /NUL/));
    assert.throws(() => encodeAddress("bind", ["hash"], s), named(TypeError, /AF_ALG address must be \[type, name, feat\?, mask\?\]/));
    assert.throws(() => encodeAddress("bind", ["hash", Buffer.from("sha256")], s), named(TypeError, /name must be a string/));
    assert.throws(() => encodeAddress("bind", ["hash", "sha256", -1], s), named(RangeError, /feat/));
  });
});

describe("AF_TIPC: [addrType, v1, v2, v3, scope?]", { skip: !linux && "Linux only" }, () => {
  const s = shape(socket.AF_TIPC, 0, socket.SOCK_RDM);
  const t = binding.layout.sockaddr_tipc!;
  test("TIPC_ADDR_NAMESEQ: [type, lower, upper]", () => {
    const b = roundTrip(s, [socket.TIPC_ADDR_NAMESEQ, 18888, 1, 0xffffffff, socket.TIPC_ZONE_SCOPE]);
    assert.equal(b[t.addrtype!], socket.TIPC_ADDR_NAMESEQ);
    assert.equal(u32(b, t.addr! + t.nameseq_upper!), 0xffffffff);
  });
  test("TIPC_ADDR_NAME: [type, instance, instance]", () => {
    roundTrip(s, [socket.TIPC_ADDR_NAME, 18888, 17, 0, socket.TIPC_NODE_SCOPE], [socket.TIPC_ADDR_NAME, 18888, 17, 17, socket.TIPC_NODE_SCOPE]);
  });
  test("TIPC_ADDR_ID: [node, ref, 0]", () => {
    const b = roundTrip(s, [socket.TIPC_ADDR_ID, 0x1001002, 5, 0, socket.TIPC_CLUSTER_SCOPE]);
    assert.equal(u32(b, t.addr! + t.id_node!), 0x1001002);
    assert.equal(u32(b, t.addr! + t.id_ref!), 5);
  });
  test("scope defaults to TIPC_CLUSTER_SCOPE", () => {
    roundTrip(s, [socket.TIPC_ADDR_NAMESEQ, 1, 2, 3], [socket.TIPC_ADDR_NAMESEQ, 1, 2, 3, socket.TIPC_CLUSTER_SCOPE]);
  });
  test("wrong shapes and an unknown address type", () => {
    assert.throws(() => encodeAddress("bind", [socket.TIPC_ADDR_NAME, 1, 2], s), named(TypeError, /AF_TIPC address must be \[addrType, v1, v2, v3, scope\?\]/));
    assert.throws(() => encodeAddress("bind", [99, 1, 2, 3], s), named(TypeError, /addrType must be TIPC_ADDR_NAMESEQ, TIPC_ADDR_NAME or TIPC_ADDR_ID, not 99/));
    assert.throws(() => encodeAddress("bind", [socket.TIPC_ADDR_NAME, -1, 2, 3], s), named(RangeError, /v1/));
    assert.throws(() => encodeAddress("bind", [socket.TIPC_ADDR_NAME, 1, 2, 3, 200], s), named(RangeError, /scope/));
  });
  test("an address type the codec does not know decodes to [family, bytes]", () => {
    const b = encodeAddress("bind", [socket.TIPC_ADDR_NAME, 1, 2, 3], s);
    b[t.addrtype!] = 0x7f;
    const out = decodeAddress(b, b.length, s) as [number, Buffer];
    assert.equal(out[0], socket.AF_TIPC);
    assert.ok(Buffer.isBuffer(out[1]));
  });
});

describe("AF_BLUETOOTH: by protocol", { skip: (!linux || bt === undefined) && "Linux only" }, () => {
  const l2 = binding.layout.sockaddr_l2!;
  test("the layouts are the kernel's (BlueZ headers or the ABI table)", () => {
    assert.deepEqual([l2.size, l2.l2_psm, l2.l2_bdaddr, l2.l2_cid, l2.l2_bdaddr_type], [14, 2, 4, 10, 12]);
    assert.deepEqual([binding.layout.sockaddr_rc!.size, binding.layout.sockaddr_hci!.size, binding.layout.sockaddr_sco!.size], [10, 6, 8]);
  });
  test("BTPROTO_L2CAP: [bdaddr, psm, cid?, bdaddrType?], short forms as CPython", () => {
    const s = shape(socket.AF_BLUETOOTH!, bt!.BTPROTO_L2CAP!, socket.SOCK_SEQPACKET);
    const b = roundTrip(s, ["01:23:45:67:89:AB", 0x1001]);
    // bdaddr_t is stored least significant byte first; psm little-endian.
    assert.deepEqual([...b.subarray(l2.l2_bdaddr!, l2.l2_bdaddr! + 6)], [0xab, 0x89, 0x67, 0x45, 0x23, 0x01]);
    assert.equal(b.readUInt16LE(l2.l2_psm!), 0x1001);
    roundTrip(s, ["01:23:45:67:89:AB", 0x1001, 0, bt!.BDADDR_BREDR], ["01:23:45:67:89:AB", 0x1001]);
    roundTrip(s, ["01:23:45:67:89:AB", 0, 4]);
    roundTrip(s, ["C0:FF:EE:00:00:01", 0, 4, 2]);
    // Lower case and single digits are accepted; out is upper case, two digits.
    roundTrip(s, ["a:b:c:d:e:f", 1], ["0A:0B:0C:0D:0E:0F", 1]);
  });
  test("BTPROTO_RFCOMM: [bdaddr, channel]", () => {
    const s = shape(socket.AF_BLUETOOTH!, bt!.BTPROTO_RFCOMM!, socket.SOCK_STREAM);
    roundTrip(s, ["00:00:00:00:00:00", 1]);
    roundTrip(s, ["FF:FF:FF:FF:FF:FF", 30]);
    assert.throws(() => encodeAddress("connect", ["00:00:00:00:00:00"], s), named(TypeError, /BTPROTO_RFCOMM address must be a \[bdaddr, channel\] pair/, "connect"));
    assert.throws(() => encodeAddress("bind", ["00:00:00:00:00:00", 256], s), named(RangeError, /channel must be 0-255/));
  });
  test("BTPROTO_HCI: deviceId, or [deviceId, channel] when not HCI_CHANNEL_RAW", () => {
    const s = shape(socket.AF_BLUETOOTH!, bt!.BTPROTO_HCI!);
    roundTrip(s, 0);
    roundTrip(s, [1], 1);
    roundTrip(s, [0, bt!.HCI_CHANNEL_RAW!], 0);
    roundTrip(s, [2, 3]);
    assert.throws(() => encodeAddress("bind", "hci0", s), named(TypeError, /BTPROTO_HCI address must be a deviceId or \[deviceId, channel\?\]/));
    assert.throws(() => encodeAddress("bind", 0x10000, s), named(RangeError, /deviceId/));
  });
  test("BTPROTO_SCO: bdaddr (a string, or ASCII bytes as CPython takes)", () => {
    const s = shape(socket.AF_BLUETOOTH!, bt!.BTPROTO_SCO!, socket.SOCK_SEQPACKET);
    roundTrip(s, "12:34:56:78:9A:BC");
    roundTrip(s, Buffer.from("12:34:56:78:9a:bc"), "12:34:56:78:9A:BC");
    assert.throws(() => encodeAddress("bind", 5, s), named(TypeError, /bdaddr must be a string/));
  });
  test("a malformed bdaddr is CPython's OSError; an unknown protocol too", () => {
    const s = shape(socket.AF_BLUETOOTH!, bt!.BTPROTO_RFCOMM!, socket.SOCK_STREAM);
    for (const bdaddr of ["01:23:45:67:89", "01:23:45:67:89:AB:CD", "01:23:45:67:89:GG", "123:23:45:67:89:AB", " 01:23:45:67:89:AB", ""]) {
      assert.throws(() => encodeAddress("bind", [bdaddr, 1], s), named(socket.OSError, /bad bluetooth address/), bdaddr);
    }
    assert.throws(() => encodeAddress("bind", ["01:23:45:67:89:AB", 1], shape(socket.AF_BLUETOOTH!, 42)), named(socket.OSError, /unknown Bluetooth protocol 42/));
  });
});

describe("AF_QIPCRTR: [node, port]", { skip: !linux && "Linux only" }, () => {
  const s = shape(socket.AF_QIPCRTR!, 0, socket.SOCK_DGRAM);
  test("round trip and wrong shapes", () => {
    const b = roundTrip(s, [1, 0xfffffffe]);
    assert.equal(b.length, binding.layout.sockaddr_qrtr!.size);
    assert.throws(() => encodeAddress("bind", [1], s), named(TypeError, /AF_QIPCRTR address must be a \[node, port\] pair/));
    assert.throws(() => encodeAddress("bind", [1, 2 ** 32], s), named(RangeError, /port/));
  });
});

describe("AF_RDS: an IPv4 [host, port], as struct sockaddr_in", { skip: !linux && "Linux only" }, () => {
  const s = shape(socket.AF_RDS!, 0, socket.SOCK_SEQPACKET);
  test("round trip, with family AF_INET in the bytes as the kernel wants", () => {
    const b = roundTrip(s, ["127.0.0.1", 4000]);
    assert.deepEqual(b, encodeAddress("bind", ["127.0.0.1", 4000], shape(socket.AF_INET)));
    assert.throws(() => encodeAddress("bind", ["127.0.0.1", 70000], s), named(RangeError, /port must be 0-65535/));
  });
});

describe("a family without a codec", () => {
  test("decodes to [family, bytes]; encoding names the function", () => {
    const s = shape(socket.AF_APPLETALK ?? 5);
    const raw = Buffer.alloc(16);
    raw.writeUInt16LE(s.family, 0);
    raw.write("hello", 2);
    const [family, data] = decodeAddress(raw, raw.length, s) as [number, Buffer];
    assert.equal(family, s.family);
    assert.equal(data.toString("latin1", 0, 5), "hello");
    assert.equal(data.length, 14);
    assert.throws(() => encodeAddress("sendto", ["x"], s), named(TypeError, /addresses of family \d+ are not supported/, "sendto"));
  });
});

describe("through the Socket methods: argument errors are thrown or rejected, never a crash", { skip: !linux && "Linux only" }, () => {
  test("bind/connect/sendto on AF_NETLINK and AF_PACKET sockets", async () => {
    const nl = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE);
    try {
      assert.throws(() => nl.bind(bad([1])), named(TypeError, /AF_NETLINK address must be a \[pid, groups\] pair/));
      await assert.rejects(nl.connect(bad("x")), named(TypeError, /AF_NETLINK/, "connect"));
      await assert.rejects(nl.sendto(Buffer.alloc(1), bad([0, -1])), named(RangeError, /groups/, "sendto"));
      assert.throws(() => nl.sendtoSync(Buffer.alloc(1), bad([0])), named(TypeError, /AF_NETLINK/, "sendtoSync"));
    } finally {
      nl.close();
    }
  });
});
