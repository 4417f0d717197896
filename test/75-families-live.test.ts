// The other families, live where this kernel has them. Each test first
// creates the family's socket; where the kernel lacks the family it is
// skipped, and the skip says so by name (never passed silently). Where the
// family is there, it is used for real: VSOCK binds to VMADDR_CID_ANY and
// listens, AF_ALG hashes, CAN_RAW sends a frame over a vcan interface in a
// namespace the test makes, TIPC delivers a datagram by service name, and
// so on.
import { describe, test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import * as socket from "../src/index.js";
import { binding } from "../src/binding.js";
import { checkNoLeaks, trackSockets, within } from "./helpers.js";
import { bsdsockUrl, childScript, ip, lastJson, makeNetns, netnsUnavailable, runInNetns } from "./netns.js";

checkNoLeaks();
const track = trackSockets();

const linux = process.platform === "linux";
const bt = binding.layout.bluetooth;

/** The family's socket, or null after skipping `t` with the reason. */
function tryFamily(t: TestContext, name: string, family: number | undefined, type: number, proto = 0): socket.Socket | null {
  if (family === undefined) {
    t.skip(`${name}: this platform's headers do not define it`);
    return null;
  }
  try {
    return track(socket.socket(family, type, proto));
  } catch (e) {
    if (e instanceof socket.OSError && ["EAFNOSUPPORT", "EPROTONOSUPPORT", "ESOCKTNOSUPPORT", "EPFNOSUPPORT"].includes(e.code!)) {
      t.skip(`${name}: this kernel has no ${name} support (socket() → ${e.code})`);
      return null;
    }
    throw e;
  }
}

describe("AF_VSOCK", { skip: !linux && "Linux only" }, () => {
  test("a stream socket binds to [VMADDR_CID_ANY, VMADDR_PORT_ANY] and listens; getsockname gives [cid, port]", (t) => {
    const s = tryFamily(t, "AF_VSOCK", socket.AF_VSOCK, socket.SOCK_STREAM);
    if (s === null) return;
    assert.equal(s.family, socket.AF_VSOCK);
    s.bind([socket.VMADDR_CID_ANY, socket.VMADDR_PORT_ANY]);
    const [cid, port] = s.getsockname() as [number, number];
    assert.equal(cid, socket.VMADDR_CID_ANY);
    assert.ok(port !== socket.VMADDR_PORT_ANY && port > 1023, `an ephemeral port, not ${port}`);
    s.listen();
    assert.match(String(s), new RegExp(`laddr=\\[${socket.VMADDR_CID_ANY}, ${port}\\]`));
  });

  test("the buffer sizes are 64-bit options: getsockopt/setsockopt with plain integers, as CPython", (t) => {
    const s = tryFamily(t, "AF_VSOCK", socket.AF_VSOCK, socket.SOCK_STREAM);
    if (s === null) return;
    const level = socket.AF_VSOCK!;
    const [size, min, max] = [socket.SO_VM_SOCKETS_BUFFER_SIZE!, socket.SO_VM_SOCKETS_BUFFER_MIN_SIZE!, socket.SO_VM_SOCKETS_BUFFER_MAX_SIZE!];
    // The kernel's defaults: 256 KiB, 128 bytes, 256 KiB.
    assert.deepEqual([s.getsockopt(level, size), s.getsockopt(level, min), s.getsockopt(level, max)], [262144, 128, 262144]);
    s.setsockopt(level, max, 1 << 20);
    s.setsockopt(level, size, 300_000);
    assert.deepEqual([s.getsockopt(level, size), s.getsockopt(level, max)], [300_000, 1 << 20]);
    // The same 8 bytes as raw bytes.
    assert.equal((s.getsockopt(level, size, 8) as Buffer).length, 8);
    assert.throws(() => s.setsockopt(level, size, -1), (e: unknown) => e instanceof RangeError && /setsockopt/.test(e.message));
    assert.throws(() => s.setsockopt(level, size, 2 ** 53), (e: unknown) => e instanceof RangeError && /setsockopt/.test(e.message));
  });

  test("binding a chosen port, and the port already taken: EADDRINUSE", (t) => {
    const a = tryFamily(t, "AF_VSOCK", socket.AF_VSOCK, socket.SOCK_STREAM);
    if (a === null) return;
    a.bind([socket.VMADDR_CID_ANY, socket.VMADDR_PORT_ANY]);
    const [, port] = a.getsockname() as [number, number];
    const b = track(socket.socket(socket.AF_VSOCK, socket.SOCK_STREAM));
    assert.throws(() => b.bind([socket.VMADDR_CID_ANY, port]), (e: unknown) => e instanceof socket.OSError && e.code === "EADDRINUSE");
    assert.throws(() => b.bind([socket.VMADDR_CID_ANY] as never), (e: unknown) => e instanceof TypeError && /AF_VSOCK address must be a \[cid, port\] pair/.test(e.message));
  });

  test("loopback connection over VMADDR_CID_LOCAL", async (t) => {
    if (!existsSync("/sys/module/vsock_loopback")) return t.skip("AF_VSOCK: this kernel has no vsock_loopback transport for VMADDR_CID_LOCAL");
    const server = tryFamily(t, "AF_VSOCK", socket.AF_VSOCK, socket.SOCK_STREAM);
    if (server === null) return;
    server.bind([socket.VMADDR_CID_ANY, socket.VMADDR_PORT_ANY]);
    server.listen();
    const [, port] = server.getsockname() as [number, number];
    const client = track(socket.socket(socket.AF_VSOCK, socket.SOCK_STREAM));
    client.settimeout(5);
    await client.connect([socket.VMADDR_CID_LOCAL, port]);
    const [conn, addr] = await within(server.accept());
    track(conn);
    assert.equal((addr as number[])[0], socket.VMADDR_CID_LOCAL);
    await client.sendall(Buffer.from("vsock"));
    assert.equal((await within(conn.recv(10))).toString(), "vsock");
  });
});

describe("AF_ALG", { skip: !linux && "Linux only" }, () => {
  test("SHA-256 of a message: bind ['hash', 'sha256'], accept (no address), send, recv", async (t) => {
    const s = tryFamily(t, "AF_ALG", socket.AF_ALG, socket.SOCK_SEQPACKET);
    if (s === null) return;
    s.bind(["hash", "sha256"]);
    assert.deepEqual(s.getsockname(), ["hash", "sha256", 0, 0]);
    const [op, address] = await s.accept();
    track(op);
    assert.equal(address, null, "AF_ALG has no peer address");
    await op.sendall(Buffer.from("abc"));
    assert.equal((await op.recv(32)).toString("hex"), createHash("sha256").update("abc").digest("hex"));
    assert.throws(() => s.bind(["hash", "no-such-algorithm"]), (e: unknown) => e instanceof socket.OSError && e.code === "ENOENT");
  });
});

describe("accept4(2) without an address, as AF_ALG needs", () => {
  test("the native call passes NULL for an empty address buffer and reports length 0", async () => {
    const server = track(socket.socket(socket.AF_INET, socket.SOCK_STREAM));
    server.bind(["127.0.0.1", 0]);
    server.listen();
    const client = track(socket.socket(socket.AF_INET, socket.SOCK_STREAM));
    await client.connect(server.getsockname());
    const len = new Uint32Array([77]);
    let fd = -1;
    for (let i = 0; i < 100 && fd < 0; i++) {
      fd = binding.accept4(server.fileno(), new Uint8Array(0), len);
      if (fd < 0) await new Promise((r) => setTimeout(r, 10));
    }
    assert.ok(fd >= 0, `accept4: ${fd}`);
    binding.close(fd);
    // Given a buffer, even an empty one, the kernel would report the full
    // length (16); with NULL it reports nothing, and the length stays 0.
    assert.equal(len[0], 0);
  });
});

describe("AF_CAN", { skip: !linux && "Linux only" }, () => {
  test("CAN_RAW on a vcan interface in a namespace: a frame sent is received, with [ifname] addresses", async (t) => {
    const probe = tryFamily(t, "AF_CAN", socket.AF_CAN, socket.SOCK_RAW, socket.CAN_RAW);
    if (probe === null) return;
    const why = netnsUnavailable();
    if (why !== null) return t.skip(why);
    const ns = makeNetns("can");
    try {
      ip(ns, "link", "add", "vcan0", "type", "vcan");
    } catch (e) {
      return t.skip(`AF_CAN: this kernel cannot make a vcan interface (${String(e).trim()})`);
    }
    ip(ns, "link", "set", "vcan0", "up");
    const script = childScript("can.mjs", `
      import * as socket from ${JSON.stringify(bsdsockUrl)};
      const rx = socket.socket(socket.AF_CAN, socket.SOCK_RAW, socket.CAN_RAW);
      const tx = socket.socket(socket.AF_CAN, socket.SOCK_RAW, socket.CAN_RAW);
      rx.bind(["vcan0"]);
      tx.bind(["vcan0"]);
      rx.settimeout(5);
      const frame = Buffer.alloc(16); // struct can_frame: id, length, data[8]
      frame.writeUInt32LE(0x123, 0);
      frame[4] = 3;
      frame.write("abc", 8);
      await tx.send(frame);
      const [data, from] = await rx.recvfrom(16);
      console.log(JSON.stringify({ name: rx.getsockname(), from, id: data.readUInt32LE(0), len: data[4], payload: data.subarray(8, 11).toString() }));
      rx.close();
      tx.close();
    `);
    const result = await runInNetns(ns, script);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(lastJson(result), { name: ["vcan0"], from: ["vcan0"], id: 0x123, len: 3, payload: "abc" });
  });
});

describe("AF_TIPC", { skip: !linux && "Linux only" }, () => {
  test("a datagram by service name: bound with TIPC_ADDR_NAMESEQ, sent to TIPC_ADDR_NAME, from a TIPC_ADDR_ID", async (t) => {
    const server = tryFamily(t, "AF_TIPC", socket.AF_TIPC, socket.SOCK_RDM);
    if (server === null) return;
    const type = 18888 + (process.pid % 1000);
    server.bind([socket.TIPC_ADDR_NAMESEQ, type, 0, 0, socket.TIPC_NODE_SCOPE]);
    const client = track(socket.socket(socket.AF_TIPC, socket.SOCK_RDM));
    await client.sendto(Buffer.from("tipc"), [socket.TIPC_ADDR_NAME, type, 0, 0]);
    server.settimeout(5);
    const [data, from] = await within(server.recvfrom(16));
    assert.equal(data.toString(), "tipc");
    assert.equal((from as number[])[0], socket.TIPC_ADDR_ID);
    assert.deepEqual(from, client.getsockname());
  });
});

describe("AF_BLUETOOTH", { skip: !linux && "Linux only" }, () => {
  test("RFCOMM, L2CAP, SCO and HCI sockets can be made; an HCI socket binds to device 0 or says why not", (t) => {
    if (bt === undefined) return t.skip("AF_BLUETOOTH: no Bluetooth layouts on this platform");
    const rfcomm = tryFamily(t, "AF_BLUETOOTH", socket.AF_BLUETOOTH, socket.SOCK_STREAM, bt.BTPROTO_RFCOMM);
    if (rfcomm === null) return;
    track(socket.socket(socket.AF_BLUETOOTH!, socket.SOCK_SEQPACKET, bt.BTPROTO_L2CAP));
    track(socket.socket(socket.AF_BLUETOOTH!, socket.SOCK_SEQPACKET, bt.BTPROTO_SCO));
    const hci = track(socket.socket(socket.AF_BLUETOOTH!, socket.SOCK_RAW, bt.BTPROTO_HCI));
    try {
      hci.bind(0);
      assert.equal(hci.getsockname(), 0);
    } catch (e) {
      // No adapter here: ENODEV is the kernel's answer, not ours.
      assert.ok(e instanceof socket.OSError && e.code === "ENODEV", String(e));
    }
  });
});

describe("AF_RDS", { skip: !linux && "Linux only" }, () => {
  test("an RDS socket binds to an IPv4 [host, port] and reports it", (t) => {
    const s = tryFamily(t, "AF_RDS", socket.AF_RDS, socket.SOCK_SEQPACKET);
    if (s === null) return;
    try {
      s.bind(["127.0.0.1", 0]);
    } catch (e) {
      if (e instanceof socket.OSError && e.code === "EADDRNOTAVAIL") return t.skip("AF_RDS: no RDS transport (rds_tcp) for 127.0.0.1");
      throw e;
    }
    const [host, port] = s.getsockname() as [string, number];
    assert.equal(host, "127.0.0.1");
    assert.ok(port > 0);
  });
});

describe("AF_QIPCRTR", { skip: !linux && "Linux only" }, () => {
  test("a QIPCRTR socket has a [node, port] name", (t) => {
    const s = tryFamily(t, "AF_QIPCRTR", socket.AF_QIPCRTR, socket.SOCK_DGRAM);
    if (s === null) return;
    const [node, port] = s.getsockname() as [number, number];
    assert.ok(Number.isInteger(node) && Number.isInteger(port));
  });
});
