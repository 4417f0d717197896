// JavaScript heap per socket, by kind of object: N socket pairs are made,
// a heap snapshot taken (v8.writeHeapSnapshot) with nothing pending, then
// again after one recv(4096) is made on one socket of each pair. Objects
// are grouped by constructor (or V8's type for what has none) and their
// self sizes summed; the report gives, per group, the bytes per socket
// (idle: per socket of the 2N; pending: per pending call) and the total,
// (RSS is the bench's idle-memory workloads' to measure: parsing a
// snapshot here moves it). See bench/PROFILE.md.
//   node --expose-gc bench/profile/heap-per-socket.mjs [library entry, default dist/src/index.js] [pairs]
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { writeHeapSnapshot } from "node:v8";

const [entry = new URL("../../dist/src/index.js", import.meta.url).pathname, pairsArg = "2000"] = process.argv.slice(2);
const socket = await import(pathToFileURL(resolve(entry)).href);
const pairs = Number(pairsArg);
if (typeof globalThis.gc !== "function") throw new Error("run with node --expose-gc");
const dir = mkdtempSync(join(tmpdir(), "heap-per-socket-"));

/** Self sizes summed by group name, from a snapshot written now. */
async function snapshot(name) {
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await new Promise((r) => setTimeout(r, 20));
  }
  const file = writeHeapSnapshot(join(dir, `${name}.heapsnapshot`));
  const snap = JSON.parse(readFileSync(file, "utf8"));
  rmSync(file);
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf("type");
  const nameAt = fields.indexOf("name");
  const sizeAt = fields.indexOf("self_size");
  const groups = new Map();
  const nodes = snap.nodes;
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + typeAt]];
    const label = type === "object" || type === "closure" ? `${type} ${snap.strings[nodes[i + nameAt]]}` : `(${type})`;
    groups.set(label, (groups.get(label) ?? 0) + nodes[i + sizeAt]);
  }
  return groups;
}

/** The groups that grew between `a` and `b`, in bytes per `per`. */
function report(title, a, b, per) {
  const rows = [];
  let total = 0;
  for (const [label, size] of b) {
    const d = (size - (a.get(label) ?? 0)) / per;
    total += d;
    if (Math.abs(d) >= 4) rows.push([label, d]);
  }
  rows.sort((x, y) => y[1] - x[1]);
  console.log(`\n${title}: ${total.toFixed(0)} B of heap`);
  for (const [label, d] of rows) console.log(`  ${d.toFixed(1).padStart(8)}  ${label}`);
}

// Warm-up: the code, feedback and strings of the paths measured, made once
// (and a first snapshot's own), before the counts.
{
  const [a, b] = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM);
  const p = a.recv(4096);
  p.catch(() => {});
  await snapshot("warm-up");
  a.close();
  b.close();
}
const empty = await snapshot("empty");
const held = [];
for (let i = 0; i < pairs; i++) held.push(socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM));
// Made before the first count, so that only the calls' own objects differ.
const pending = new Array(pairs).fill(null);
const ignore = () => {};
const idle = await snapshot("idle");
for (let i = 0; i < pairs; i++) pending[i] = held[i][0].recv(4096);
const waiting = await snapshot("pending");
for (const p of pending) p.catch(ignore);
report(`per idle socket (${pairs * 2})`, empty, idle, pairs * 2);
report(`per pending recv(4096) (${pairs})`, idle, waiting, pairs);
for (const [a, b] of held) {
  a.close();
  b.close();
}
rmSync(dir, { recursive: true, force: true });
