// The poller tables (native/poller_table.h, src/poller-table.ts): a
// socket's poller is a slot, its state words are part of one Int32Array
// that grows as slots are taken, and readiness reaches one dispatcher per
// table. What must hold: the table's calls refuse bad arguments, a slot
// with no poller is harmless, sockets keep getting their own events after
// the words have grown, and a slot freed by close() serves the next poller
// without handing it the previous one's events.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { binding, pollTableKey } from "../src/binding.js";
import type { NativePollTable } from "../src/poller-table.js";
import { checkNoLeaks, errno, startReadiness, trackSockets, unixPair, within } from "./helpers.js";

// The readiness thread's queue and pipe stay open once started: start it
// before descriptors are counted (Windows has no readiness thread).
if (binding.ThreadPoller !== undefined) startReadiness(binding.ThreadPoller);
checkNoLeaks();
const track = trackSockets();
const READABLE = binding.POLL_READABLE;

// Both tables where both exist; the one in use first.
const tables: [string, NativePollTable][] = [[pollTableKey, binding[pollTableKey]]];
if (pollTableKey === "uvPoll" && binding.threadPoll !== undefined) tables.push(["threadPoll", binding.threadPoll]);

/** A thrown TypeError or RangeError (a programming error), not a crash. */
function argumentError(e: unknown): true {
  assert.ok(e instanceof TypeError || e instanceof RangeError, `expected TypeError/RangeError, got ${String(e)}`);
  return true;
}

describe("a poller table's native calls", () => {
  for (const [name, table] of tables) {
    test(`${name}: arguments no correct caller passes are TypeError/RangeError`, () => {
      const loose = table as unknown as Record<string, (...args: unknown[]) => unknown>;
      assert.throws(() => loose["open"]!("3"), argumentError);
      assert.throws(() => loose["open"]!(1.5), argumentError);
      assert.throws(() => loose["start"]!(0.5, READABLE), argumentError);
      assert.throws(() => loose["start"]!(1, "readable"), argumentError);
      assert.throws(() => loose["close"]!(null), argumentError);
      assert.throws(() => loose["ref"]!(1, "yes"), argumentError);
      assert.throws(() => loose["dispatch"]!(null), argumentError);
    });

    test(`${name}: a slot with no poller: start() is EBADF, close() and ref() do nothing`, () => {
      for (const slot of [0, -1, 0x3fffffff]) {
        assert.equal(table.start(slot, READABLE), -errno.EBADF!);
        table.close(slot);
        table.ref(slot, false);
      }
      // Slot 0 is never given out: its words read 0, a socket with no poller.
      assert.deepEqual([...table.words().subarray(0, 3)], [0, 0, 0]);
    });
  }
});

describe("the slots of a table", () => {
  test("more sockets waiting than the first buffer of words holds: each gets its own data", async () => {
    // 300 waiting sockets take slots past the first 256: the words move to
    // a larger buffer while earlier slots wait.
    const pairs = Array.from({ length: 300 }, () => unixPair(track));
    const pending = pairs.map(([a]) => a.recv(8));
    pairs.forEach(([, b], i) => b.sendSync(Buffer.from([i & 0xff, i >> 8])));
    const got = await within(Promise.all(pending), 20_000, "300 receives");
    got.forEach((data, i) => assert.deepEqual([...data], [i & 0xff, i >> 8], `pair ${i}`));
  });

  for (const [name, Poller] of [["in use", binding.Poller], ["thread", binding.ThreadPoller]] as const) {
    if (Poller === undefined) continue;
    test(`${name}: a slot closed and taken again does not hand the new poller the old one's events`, async () => {
      const [a, b] = unixPair(track);
      const [c, d] = unixPair(track);
      const first: number[] = [];
      const p1 = new Poller(a.fileno(), (_status, events) => first.push(events));
      assert.equal(p1.start(READABLE), 0);
      b.sendSync(Buffer.from("x")); // readable now: an event may be on its way
      p1.close();
      let woken!: () => void;
      const second = new Promise<void>((resolve) => (woken = resolve));
      const p2 = new Poller(c.fileno(), () => woken());
      try {
        assert.deepEqual([...p2.state!], [0, 0, 0], "a slot taken again starts from zeroed words");
        assert.equal(p2.start(READABLE), 0);
        d.sendSync(Buffer.from("y"));
        await within(second, 5000, "the new poller's event");
        assert.deepEqual(first, [], "the closed poller got no call");
        assert.equal(p1.start(READABLE), -errno.EBADF!, "a closed Poller's start() is EBADF");
      } finally {
        p2.close();
      }
    });
  }
});
