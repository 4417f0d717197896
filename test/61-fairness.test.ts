// Fairness on the event loop (issue 10): an async loop whose calls all
// complete at once must still let the loop turn (timers, other sockets,
// I/O), after a bounded run of immediate completions. No figure of speed
// is asserted: only that other work gets its turn within a bounded count.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as socket from "../src/index.js";
import { RUN_LIMIT } from "../src/fairness.js";
import { checkNoLeaks, trackSockets, unixPair } from "./helpers.js";

checkNoLeaks();

const track = trackSockets();

/** Runs `step` until `done()` or `max` steps; returns the steps it took. */
async function loopUntil(step: () => Promise<unknown>, done: () => boolean, max: number): Promise<number> {
  let n = 0;
  while (!done() && n < max) {
    await step();
    n++;
  }
  return n;
}

test("a socketpair ping-pong lets setImmediate and timers run", async () => {
  const [a, b] = unixPair(track);
  const ping = Buffer.from("ping");
  let immediate = false;
  setImmediate(() => {
    immediate = true;
  });
  // Four calls complete at once per round trip.
  const roundTrips = await loopUntil(async () => {
    await a.send(ping);
    await b.recv(4);
    await b.send(ping);
    await a.recv(4);
  }, () => immediate, 100_000);
  assert.ok(immediate, "setImmediate never ran during 100,000 round trips");
  assert.ok(roundTrips * 4 <= RUN_LIMIT, `the loop yielded after ${roundTrips} round trips`);

  let timer = false;
  setTimeout(() => {
    timer = true;
  }, 1);
  await loopUntil(async () => {
    await a.send(ping);
    await b.recv(4);
  }, () => timer, 1_000_000);
  assert.ok(timer, "a 1 ms timer never fired during 1,000,000 round trips");
});

test("a reader that always finds data lets the loop turn", async () => {
  const [a, b] = unixPair(track);
  a.sendSync(Buffer.alloc(RUN_LIMIT * 2, 0x61));
  let immediate = false;
  setImmediate(() => {
    immediate = true;
  });
  const reads = await loopUntil(() => b.recv(1), () => immediate, RUN_LIMIT * 2);
  assert.ok(immediate, "setImmediate never ran while the reader found data");
  assert.ok(reads <= RUN_LIMIT, `the loop yielded after ${reads} reads`);
});

test("a loop of calls that fail at once lets the loop turn", async () => {
  const [a] = unixPair(track);
  a.setblocking(false);
  let immediate = false;
  setImmediate(() => {
    immediate = true;
  });
  const tries = await loopUntil(() => a.recv(1).catch((e: unknown) => {
    assert.ok(e instanceof socket.BlockingIOError);
  }), () => immediate, RUN_LIMIT * 2);
  assert.ok(immediate, "setImmediate never ran during a loop of BlockingIOErrors");
  assert.ok(tries <= RUN_LIMIT, `the loop yielded after ${tries} calls`);
});

test("the order of results is kept when a call yields", async () => {
  const [a, b] = unixPair(track);
  const sent: number[] = [];
  const received: number[] = [];
  for (let i = 0; i < RUN_LIMIT * 2; i++) {
    const byte = Buffer.of(i & 0xff);
    sent.push(i & 0xff);
    await a.send(byte);
    received.push((await b.recv(1))[0]!);
  }
  assert.deepEqual(received, sent);
});
