// The JavaScript half of a poller table (native/poller_table.h): a socket's
// poller is a slot, a small integer, and readiness arrives at ONE function
// per table, the dispatcher, which finds the waiting socket by slot. A
// socket therefore costs no poller object, no callback and no Node-API
// reference of its own.
//
// Lifetime. `#waiting[slot]` holds a socket strongly only while some call
// waits on it (the events it last asked for are not 0), as the poller's
// callback used to: an idle, unreferenced Socket can be collected, and its
// FinalizationRegistry entry then closes its slot and its descriptor
// (src/socket.ts). The native side holds nothing of JavaScript's.
//
// The state words of every slot are one Int32Array (`words`), three per
// slot (ARMED, IN_CALLBACK, WANTED: native/poller_core.h); slot 0 is never
// given out and always reads 0, the state of a socket with no poller.
import type { PollCallback } from "./binding.js";

/** The native side of a table: one per environment and backend. */
export interface NativePollTable {
  /** A poller for `fd`; its slot. Throws (with `errno`) when the
   *  descriptor cannot be watched (EEXIST: the loop already watches it). */
  open(fd: number): number;
  /** The events calls wait for (0: none, the poller goes idle and stops
   *  lazily); 0 or -errno. */
  start(slot: number, events: number): number;
  /** Stop for good and free the slot (before the descriptor is closed). */
  close(slot: number): void;
  /** Keep the event loop alive while a call waits (true, the default), or not. */
  ref(slot: number, refed: boolean): void;
  /** The state words of every slot (fetched again when the table grows). */
  words(): Int32Array;
  /** The function readiness is delivered to. */
  dispatch(fn: (slot: number, status: number, events: number) => void): void;
}

/** What a slot delivers readiness to: a Socket, or a Poller below. */
export const pollReady: unique symbol = Symbol("pollReady");
export interface PollTarget {
  [pollReady](status: number, events: number): void;
}

const ARMED = 0;
const IN_CALLBACK = 1;
const WANTED = 2;

export class PollerTable {
  /** Every slot's state words; slot 0's are always 0. */
  words: Int32Array = new Int32Array(3);
  readonly #waiting: (PollTarget | undefined)[] = [];

  /** `real`: the native table, whose readiness comes here; `native()`: the
   *  one calls go to, looked up on each call (tests swap it). */
  constructor(real: NativePollTable, readonly native: () => NativePollTable) {
    const waiting = this.#waiting;
    real.dispatch((slot, status, events) => {
      const target = waiting[slot];
      if (target === undefined) return; // no call waits any more
      // After a poll error the poller waits for nothing (poller_core.cc):
      // the target asks again if calls still wait.
      if (status < 0) waiting[slot] = undefined;
      target[pollReady](status, events);
    });
  }

  /** A poller for `fd`: its slot (see NativePollTable.open). */
  open(fd: number): number {
    const slot = this.native().open(fd);
    if (slot * 3 + 3 > this.words.length) this.words = this.native().words();
    return slot;
  }

  /** The events the poller of `slot` watches now. */
  armed(slot: number): number {
    return this.words[slot * 3 + ARMED]!;
  }

  /**
   * `target`'s calls now wait for `events` (0: none); 0 or -errno. While
   * the slot is in the batch being delivered and nothing new is to be
   * watched, the words carry it (the poller applies it when the batch
   * ends: no native call).
   */
  want(slot: number, events: number, target: PollTarget): number {
    const words = this.words;
    const i = slot * 3;
    this.#waiting[slot] = events !== 0 ? target : undefined;
    if (events === words[i + WANTED]) return 0;
    if (words[i + IN_CALLBACK] === 1 && (events & ~words[i + ARMED]!) === 0) {
      words[i + WANTED] = events;
      return 0;
    }
    return this.start(slot, events, target);
  }

  /** start() itself, without the batch's shortcut. */
  start(slot: number, events: number, target: PollTarget): number {
    const r = this.native().start(slot, events);
    this.#waiting[slot] = r === 0 && events !== 0 ? target : undefined;
    return r;
  }

  ref(slot: number, refed: boolean): void {
    this.native().ref(slot, refed);
  }

  /** Close the poller of `slot` (once: the slot then serves another). */
  close(slot: number): void {
    this.#waiting[slot] = undefined;
    this.native().close(slot);
  }
}

/**
 * One poller as an object, over a table: for the few that are not a
 * Socket's (select()'s pollers of its own, tests). `state` is its three
 * words.
 */
export class Poller implements PollTarget {
  readonly #table: PollerTable;
  readonly #callback: PollCallback;
  #slot: number;

  constructor(table: PollerTable, fd: number, callback: PollCallback) {
    if (typeof callback !== "function") throw new TypeError(`bsdsock: Poller needs a callback, got ${typeof callback}`);
    this.#table = table;
    this.#callback = callback;
    this.#slot = table.open(fd);
  }

  /** 0 or -errno (EBADF once closed: slot 0 has no poller). */
  start(events: number): number {
    return this.#table.start(this.#slot, events, this);
  }

  close(): void {
    if (this.#slot === 0) return;
    this.#table.close(this.#slot);
    this.#slot = 0;
  }

  ref(): void {
    if (this.#slot !== 0) this.#table.ref(this.#slot, true);
  }

  unref(): void {
    if (this.#slot !== 0) this.#table.ref(this.#slot, false);
  }

  get state(): Int32Array {
    return this.#table.words.subarray(this.#slot * 3, this.#slot * 3 + 3);
  }

  [pollReady](status: number, events: number): void {
    this.#callback(status, events);
  }
}
