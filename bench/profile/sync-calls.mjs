// What the JavaScript layer adds to a Sync call that does not wait: each
// call shape run in a tight loop on sockets whose data is always there
// (MSG_PEEK on a datagram that stays queued, or a send followed by its
// receive), against the same system calls made through the addon's binding
// directly. Wall time per iteration, pinned to one CPU by the caller, the
// minimum of 7 repetitions (a loaded machine only ever adds time).
// See bench/PROFILE.md.
//   taskset -c 1 node bench/profile/sync-calls.mjs [library dist dir, default dist]
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [dist = new URL("../../dist", import.meta.url).pathname] = process.argv.slice(2);
const load = (file) => import(pathToFileURL(resolve(dist, file)).href);
const socket = await load("src/index.js");
const { binding } = await load("src/binding.js");
const N = 50_000;

function time(name, f) {
  for (let i = 0; i < 20_000; i++) f();
  let best = Infinity;
  for (let r = 0; r < 7; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) f();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / N);
  }
  console.log(`${name.padEnd(34)} ${best.toFixed(0).padStart(6)} ns`);
}

const [a, b] = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM);
const u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
const w = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
u.bind(["127.0.0.1", 0]);
w.bind(["127.0.0.1", 0]);
const to = w.getsockname();
const one = Buffer.alloc(1);
const buf = Buffer.allocUnsafe(64);
const addrOut = Buffer.alloc(128);
const lenOut = new Uint32Array(1);
const [fa, fb] = [a.fileno(), b.fileno()];
const toBytes = Buffer.alloc(16);
toBytes.writeUInt16LE(socket.AF_INET, 0); // sockaddr_in on Linux
toBytes.writeUInt16BE(to[1], 2);
toBytes.set([127, 0, 0, 1], 4);

a.sendSync(one); // stays queued: every receive below peeks at it
u.sendtoSync(one, to);
const peek = socket.MSG_PEEK;
time("binding.recv (peek)", () => binding.recv(fb, buf, 0, 64, peek));
time("recvIntoSync (peek)", () => b.recvIntoSync(buf, 0, peek));
time("binding.recvfrom (peek)", () => binding.recvfrom(w.fileno(), buf, 0, 64, peek, addrOut, lenOut));
time("recvfromIntoSync (peek)", () => w.recvfromIntoSync(buf, 0, peek));
time("recvfromSync(65536) (peek)", () => w.recvfromSync(65536, peek));
time("binding.send + recv", () => {
  binding.send(fa, one, 0, 1, 0);
  binding.recv(fb, buf, 0, 64, 0);
});
time("sendSync + recvIntoSync", () => {
  a.sendSync(one);
  b.recvIntoSync(buf);
});
time("binding.sendto + recv", () => {
  binding.sendto(u.fileno(), one, 0, 1, 0, toBytes, 16);
  binding.recv(w.fileno(), buf, 0, 64, 0);
});
time("sendtoSync + recvIntoSync", () => {
  u.sendtoSync(one, to);
  w.recvIntoSync(buf);
});
for (const s of [a, b, u, w]) s.close();
