// A socket whose error queue holds an error (IP_RECVERR) polls as readable
// (POLLERR) while recv finds no data: a pending receive must wait without
// burning the CPU, still get data when it comes, and still time out.
import assert from "node:assert/strict";
import * as socket from "../src/index.js";
import { checkNoLeaks, trackSockets, within } from "./helpers.js";
import { lacks } from "./runtime.js";
import { skipWholeFile, WIN } from "./platform.js";

const { test } = skipWholeFile(lacks({ win32: WIN.errqueue }));

const track = trackSockets();

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A UDP socket connected to a closed port, with IP_RECVERR on and an
 *  ICMP "port unreachable" waiting in its error queue. */
async function socketWithQueuedError(): Promise<[socket.Socket, socket.Socket]> {
  const peer = track(socket.socket(socket.AF_INET, socket.SOCK_DGRAM));
  peer.bind(["127.0.0.1", 0]);
  const closed = track(socket.socket(socket.AF_INET, socket.SOCK_DGRAM));
  closed.bind(["127.0.0.1", 0]);
  const port = (closed.getsockname() as [string, number])[1];
  closed.close();
  const s = track(socket.socket(socket.AF_INET, socket.SOCK_DGRAM));
  s.setsockopt(socket.IPPROTO_IP, socket.IP_RECVERR, 1);
  s.bind(["127.0.0.1", 0]);
  s.connect(["127.0.0.1", port]);
  await s.send(Buffer.from("x"));
  await sleep(50);
  // The first receive reports the error itself (sk_err); the queue keeps its copy.
  await assert.rejects(within(s.recv(10)), socket.ConnectionRefusedError);
  return [s, peer];
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1000;
}

test("a pending recv on a socket readable only for its error queue does not spin, and gets the data that comes", async () => {
  const [s, peer] = await socketWithQueuedError();
  const start = process.cpuUsage();
  const pending = s.recvfrom(10);
  await sleep(300);
  // Spinning on the poller would have used about all of these 300 ms.
  assert.ok(cpuMs(start) < 150, `used ${cpuMs(start)} ms of CPU while waiting`);
  // Datagrams from anyone but the connected peer are dropped by the kernel:
  // make the peer the connected address by reconnecting to it.
  s.connect(peer.getsockname());
  peer.sendtoSync(Buffer.from("data"), s.getsockname());
  const [data] = await within(pending, 2000);
  assert.equal(data.toString(), "data");
  // The error is still queued, for MSG_ERRQUEUE.
  const [, ancdata] = await within(s.recvmsg(64, 512, socket.MSG_ERRQUEUE));
  assert.ok(ancdata.length > 0);
  s.close();
  peer.close();
});

test("recv in timeout mode and recvSync on such a socket time out without spinning", async () => {
  const [s, peer] = await socketWithQueuedError();
  s.settimeout(0.3);
  let start = process.cpuUsage();
  await assert.rejects(s.recv(10), socket.TimeoutError);
  assert.ok(cpuMs(start) < 150, `async: used ${cpuMs(start)} ms of CPU`);
  start = process.cpuUsage();
  assert.throws(() => s.recvSync(10), socket.TimeoutError);
  assert.ok(cpuMs(start) < 150, `Sync: used ${cpuMs(start)} ms of CPU`);
  s.close();
  peer.close();
});

test("no descriptor leaks", () => {
  checkNoLeaks();
});
