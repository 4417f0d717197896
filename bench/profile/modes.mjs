// CPU time per round trip of an async ping-pong with both ends in one
// process (an echo loop and a client loop on one event loop, so every call
// waits for readiness, as between processes), for the variants whose cost
// is compared: blocking vs timeout mode, a UDP server unconnected
// (recvfromInto/recvfrom + sendto) vs connected. CPU time (user + system of
// this process) rather than wall time, and variants interleaved in short
// slices, so a loaded machine changes the figures less. See bench/PROFILE.md.
//   node bench/profile/modes.mjs [library entry, default dist/src/index.js] [rounds]
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [entry = new URL("../../dist/src/index.js", import.meta.url).pathname, rounds = "15"] = process.argv.slice(2);
const socket = await import(pathToFileURL(resolve(entry)).href);
const SLICE_MS = 150;
const SIZE = 64;

function tcpPair() {
  const l = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  l.bind(["127.0.0.1", 0]);
  l.listen();
  const c = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  c.connectSync(l.getsockname());
  const [s] = l.acceptSync();
  l.close();
  for (const x of [c, s]) x.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1);
  return [c, s];
}

function udpPair(connectServer) {
  const s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
  s.bind(["127.0.0.1", 0]);
  const c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
  c.connectSync(s.getsockname());
  if (connectServer) s.connectSync(c.getsockname());
  return [c, s];
}

/** The server's echo loops, by how it receives and answers. */
const servers = {
  async stream(s, stop) {
    const buf = Buffer.alloc(65536);
    while (!stop.done) {
      const n = await s.recvInto(buf);
      if (n === 0) return;
      await s.sendall(buf.subarray(0, n));
    }
  },
  async connected(s, stop) {
    const buf = Buffer.alloc(65536);
    while (!stop.done) await s.send(buf.subarray(0, await s.recvInto(buf)));
  },
  async recvfromInto(s, stop) {
    const buf = Buffer.alloc(65536);
    while (!stop.done) {
      const [n, from] = await s.recvfromInto(buf);
      await s.sendto(buf.subarray(0, n), from);
    }
  },
  async recvfrom(s, stop) {
    while (!stop.done) {
      const [data, from] = await s.recvfrom(65536);
      await s.sendto(data, from);
    }
  },
};

const variants = [
  { name: "tcp blocking", make: tcpPair, server: "stream", timeout: null },
  { name: "tcp timeout", make: tcpPair, server: "stream", timeout: 1 },
  { name: "udp connected server", make: () => udpPair(true), server: "connected", timeout: null },
  { name: "udp recvfromInto+sendto", make: () => udpPair(false), server: "recvfromInto", timeout: null },
  { name: "udp recvfrom+sendto", make: () => udpPair(false), server: "recvfrom", timeout: null },
  { name: "udp recvfromInto timeout", make: () => udpPair(false), server: "recvfromInto", timeout: 1 },
];

/** One slice: round trips for SLICE_MS of wall time; CPU µs per round trip. */
async function slice(v) {
  const [c, s] = v.make();
  if (v.timeout !== null) {
    c.settimeout(v.timeout);
    s.settimeout(v.timeout);
  }
  const stop = { done: false };
  const echo = servers[v.server](s, stop).catch(() => {});
  const msg = Buffer.alloc(SIZE);
  const reply = Buffer.alloc(SIZE);
  for (let i = 0; i < 200; i++) { // warm
    await c.sendall(msg);
    await c.recvInto(reply);
  }
  const cpu0 = process.cpuUsage();
  const end = performance.now() + SLICE_MS;
  let ops = 0;
  do {
    await c.sendall(msg);
    for (let got = 0; got < SIZE;) got += await c.recvInto(got === 0 ? reply : reply.subarray(got));
  } while ((++ops & 15) !== 0 || performance.now() < end);
  const cpu = process.cpuUsage(cpu0);
  stop.done = true;
  c.close();
  s.close();
  await echo;
  return (cpu.user + cpu.system) / ops;
}

const results = new Map(variants.map((v) => [v.name, []]));
for (let r = 0; r < Number(rounds); r++) for (const v of variants) results.get(v.name).push(await slice(v));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
for (const [name, xs] of results) console.log(`${name.padEnd(26)} ${median(xs).toFixed(2)} µs CPU per round trip (median of ${xs.length})`);
console.log(`JSON ${JSON.stringify(Object.fromEntries([...results].map(([k, xs]) => [k, median(xs)])))}`);
