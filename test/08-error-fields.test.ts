// Errors that read well: a failed bind, connect or sendto carries Node's
// `address` and `port`; an argument error shows the value it got with its
// type; a Sync twin's error names the system call (recv, not recvSync);
// toString shows constants by name.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import * as socket from "../src/index.js";
import { checkNoLeaks, tempDir, trackSockets, within, errno } from "./helpers.js";
import { lacks } from "./runtime.js";
import { WIN } from "./platform.js";

checkNoLeaks();
const track = trackSockets();

/** A loopback TCP port where nothing listens (bound, then closed). */
function closedPort(): number {
  using s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  s.bind(["127.0.0.1", 0]);
  return s.getsockname()[1];
}

test("connect refused: ConnectionRefusedError with address and port, async and Sync", async () => {
  const port = closedPort();
  const a = track(socket.socket(socket.AF_INET, socket.SOCK_STREAM));
  const e = await within(a.connect(["127.0.0.1", port]).then(() => assert.fail("connected"), (err: unknown) => err));
  assert.ok(e instanceof socket.ConnectionRefusedError);
  assert.equal(e.syscall, "connect");
  assert.equal(e.address, "127.0.0.1");
  assert.equal(e.port, port);
  const b = track(socket.socket(socket.AF_INET, socket.SOCK_STREAM));
  assert.throws(() => b.connectSync(["127.0.0.1", port]), (err: unknown) =>
    err instanceof socket.ConnectionRefusedError && err.address === "127.0.0.1" && err.port === port && err.syscall === "connect");
});

test("winerror: the Winsock code on Windows (as CPython's OSError.winerror), absent elsewhere", async () => {
  const a = track(socket.socket(socket.AF_INET, socket.SOCK_STREAM));
  const e = await within(a.connect(["127.0.0.1", closedPort()]).then(() => assert.fail("connected"), (err: unknown) => err));
  assert.ok(e instanceof socket.ConnectionRefusedError);
  if (process.platform === "win32") assert.equal(e.winerror, 10061);
  else assert.ok(!("winerror" in e), `winerror is ${String(e.winerror)} on ${process.platform}`);
});

test("connectEx still gives the errno, not an error", async () => {
  const s = track(socket.socket(socket.AF_INET, socket.SOCK_STREAM));
  assert.equal(await within(s.connectEx(["127.0.0.1", closedPort()])), errno.ECONNREFUSED);
});

test("bind to a port in use: the error has address and port; a Unix path is the address", { skip: lacks({ win32: WIN.unixErrors }) }, () => {
  const a = track(socket.socket(socket.AF_INET, socket.SOCK_STREAM));
  a.bind(["127.0.0.1", 0]);
  a.listen();
  const [, port] = a.getsockname();
  const b = track(socket.socket(socket.AF_INET, socket.SOCK_STREAM));
  assert.throws(() => b.bind(["127.0.0.1", port]), (e: unknown) =>
    e instanceof socket.OSError && e.code === "EADDRINUSE" && e.syscall === "bind" && e.address === "127.0.0.1" && e.port === port);
  const path = join(tempDir(), "missing-dir", "s");
  const u = track(socket.socket(socket.AF_UNIX, socket.SOCK_STREAM));
  assert.throws(() => u.bind(path), (e: unknown) =>
    e instanceof socket.FileNotFoundError && e.address === path && e.port === undefined);
});

test("sendto that fails: address and port (broadcast without SO_BROADCAST is EACCES)", async () => {
  const s = track(socket.socket(socket.AF_INET, socket.SOCK_DGRAM));
  const check = (e: unknown): true => {
    assert.ok(e instanceof socket.PermissionError, String(e));
    assert.equal(e.syscall, "sendto");
    assert.equal(e.address, "255.255.255.255");
    assert.equal(e.port, 9);
    return true;
  };
  await within(assert.rejects(s.sendto(Buffer.from("x"), ["255.255.255.255", 9]), check));
  assert.throws(() => s.sendtoSync(Buffer.from("x"), ["255.255.255.255", 9]), check);
});

test("an error that is not about an address has neither field", async () => {
  const [a, b] = socket.socketpair();
  track(a);
  track(b);
  a.settimeout(0);
  const e = await a.recv(1).catch((err: unknown) => err);
  assert.ok(e instanceof socket.BlockingIOError);
  assert.equal("address" in e, false);
  assert.equal("port" in e, false);
});

test("an argument error shows the value it got and its type: the string \"9\" is not the number 9", () => {
  const s = track(socket.socket(socket.AF_INET, socket.SOCK_DGRAM));
  assert.throws(() => s.bind(["127.0.0.1", "9" as unknown as number]), (e: unknown) =>
    e instanceof TypeError && e.message === 'bind(): port must be an integer, not a string ("9")');
  assert.throws(() => s.bind(["127.0.0.1", 1.5]), (e: unknown) =>
    e instanceof TypeError && e.message === "bind(): port must be an integer, not number 1.5");
  assert.throws(() => s.recvSync("9" as unknown as number), (e: unknown) =>
    e instanceof TypeError && /recvSync\(\): bufsize must be an integer, not a string \("9"\)/.test(e.message));
});

test("a Sync twin's errors name the system call, as the async form's do", async () => {
  const [a, b] = socket.socketpair();
  track(a);
  track(b);
  a.settimeout(0);
  for (const [call, syscall] of [
    [() => a.recvSync(1), "recv"],
    [() => a.recvIntoSync(Buffer.alloc(1)), "recv"],
    [() => a.recvfromSync(1), "recvfrom"],
    [() => a.recvmsgSync(1), "recvmsg"],
  ] as const) {
    assert.throws(call, (e: unknown) => e instanceof socket.BlockingIOError && e.syscall === syscall, syscall);
  }
  const asyncError = await a.recv(1).catch((err: unknown) => err);
  assert.ok(asyncError instanceof socket.OSError);
  assert.equal(asyncError.syscall, "recv");
  a.settimeout(0.01);
  assert.throws(() => a.recvSync(1), (e: unknown) => e instanceof socket.TimeoutError && e.syscall === "recv");
  a.close();
  assert.throws(() => a.recvSync(1), (e: unknown) => e instanceof socket.OSError && e.code === "EBADF" && e.syscall === "recv");
  assert.throws(() => a.sendallSync(Buffer.from("x")), (e: unknown) => e instanceof socket.OSError && e.syscall === "send");
});

test("toString and inspect name the family and type; an unknown value stays a number", () => {
  const s = track(socket.socket(socket.AF_INET6, socket.SOCK_DGRAM));
  s.bind(["::1", 0]); // an unbound socket has no name on Windows (WIN.unboundName)
  assert.match(String(s), /^<socket fd=\d+, family=AF_INET6, type=SOCK_DGRAM, proto=0, laddr=\['::1', \d+/);
  assert.equal(socket.AddressFamily(12345), undefined);
});

test("toString names a Unix socket's family and type", { skip: lacks({ win32: WIN.unixPair }) }, () => {
  const [u, v] = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET);
  track(u);
  track(v);
  assert.match(String(u), /family=AF_UNIX, type=SOCK_SEQPACKET/);
});
