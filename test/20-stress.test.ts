// 1,000 rounds of random interleavings of pending recv/send/sendall/accept
// with close(): every Promise settles, nothing crashes, and the process
// ends with exactly the descriptors it started with.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as socket from "../src/index.js";
import { checkNoLeaks, openFdCount, within } from "./helpers.js";

checkNoLeaks();

/** A small seeded PRNG, so a failing round can be replayed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROUNDS = 1000;
const big = Buffer.alloc(1 << 20, 0x61); // larger than socket buffers: sends stay pending

test(`stress: ${ROUNDS} rounds of pending calls racing close()`, { timeout: 120_000 }, async () => {
  const seed = Number(process.env.BSDSOCK_STRESS_SEED ?? Date.now() % 1_000_000);
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const fdsBefore = openFdCount();
  let settled = 0;
  let rejectedWithEbadf = 0;

  for (let round = 0; round < ROUNDS; round++) {
    const [a, b] = socket.socketpair();
    const listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
    listener.bind(["127.0.0.1", 0]);
    listener.listen(8);
    const client = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
    const sockets = [a, b, listener, client];
    if (random() < 0.3) a.settimeout(0.001 + random() * 0.01);

    const pending: Promise<unknown>[] = [];
    const start = (): void => {
      const op = pick(["recv", "recvInto", "send", "sendall", "accept", "connect", "recvfrom", "abort"] as const);
      switch (op) {
        case "recv": pending.push(pick([a, b]).recv(16)); break;
        case "recvInto": pending.push(pick([a, b]).recvInto(Buffer.alloc(8))); break;
        case "recvfrom": pending.push(pick([a, b]).recvfrom(16)); break;
        case "send": pending.push(pick([a, b]).send(Buffer.from("x"))); break;
        case "sendall": pending.push(pick([a, b]).sendall(big)); break;
        case "accept": pending.push(listener.accept().then(([conn]) => conn.close())); break;
        case "connect": pending.push(client.connect(listener.getsockname())); break;
        case "abort": {
          const ac = new AbortController();
          pending.push(a.recv(4, { signal: ac.signal }));
          if (random() < 0.5) ac.abort(); else setImmediate(() => ac.abort());
          break;
        }
      }
    };
    const ops = 1 + Math.floor(random() * 6);
    for (let i = 0; i < ops; i++) start();

    // Close in a random order, at random moments: now, after a turn of
    // the loop, or after a millisecond.
    const closes = sockets.map(async (s) => {
      const when = pick(["now", "immediate", "timer"] as const);
      if (when === "immediate") await new Promise((r) => setImmediate(r));
      if (when === "timer") await new Promise((r) => setTimeout(r, 1));
      s.close();
    });
    const results = await within(Promise.allSettled([...pending, ...closes]), 10_000, `round ${round} (seed ${seed})`);
    for (const r of results) {
      settled++;
      if (r.status === "rejected" && (r.reason as socket.OSError).code === "EBADF") rejectedWithEbadf++;
    }
    for (const s of sockets) assert.equal(s.fileno(), -1);
  }
  assert.ok(settled > ROUNDS, "every round settled its promises");
  assert.ok(rejectedWithEbadf > 0, "some pending calls were cut short by close()");
  assert.equal(openFdCount(), fdsBefore, `descriptors leaked (seed ${seed})`);
});
