// select() and selectSync(): Python's select.select, over poll(2) so that
// no descriptor number is too large (select(2) stops at FD_SETSIZE). What
// select(2) would report is rebuilt from poll(2)'s bits as the kernel does
// it: readable is POLLIN, POLLHUP or POLLERR; writable is POLLOUT or
// POLLERR; exceptional is POLLPRI; POLLNVAL is select(2)'s EBADF.
import { EBADF } from "./constants.js";
import { POLLERR, POLLHUP, POLLIN, POLLNVAL, POLLOUT, POLLPRI, POLLRDBAND, POLLRDNORM, POLLWRBAND, POLLWRNORM } from "./constants.gen.js";
import { osError } from "./errors.js";
import { PollSet, type Target, targetOf } from "./readiness.js";
import type { Socket } from "./socket.js";
import { now } from "./timeouts.js";
import * as v from "./validate.js";

/** What select() takes in its lists: a Socket, a descriptor, or an object with a `fileno()` method. */
export type Selectable = Socket | number | { fileno(): number };

const IN = POLLIN ?? 0;
const OUT = POLLOUT ?? 0;
const PRI = POLLPRI ?? 0;
const NVAL = POLLNVAL ?? 0;
/** The poll(2) bits that select(2) counts as readable, writable, exceptional. */
const READABLE = IN | (POLLRDNORM ?? 0) | (POLLRDBAND ?? 0) | (POLLHUP ?? 0) | (POLLERR ?? 0);
const WRITABLE = OUT | (POLLWRNORM ?? 0) | (POLLWRBAND ?? 0) | (POLLERR ?? 0);
// WSAPoll refuses POLLPRI: it is asked as POLLRDBAND there
// (native/win/syscalls_win.cc), which is then what reports urgent data.
// poll(2) reports no bit that was not asked for, so this changes nothing
// elsewhere.
const EXCEPTIONAL = PRI | (POLLRDBAND ?? 0);

const LIST_NAMES = ["rlist", "wlist", "xlist"] as const;
const LIST_EVENTS = [IN, OUT, PRI] as const;
const LIST_REPORTS = [READABLE, WRITABLE, EXCEPTIONAL] as const;

/**
 * One select() call: an entry of one PollSet per item of its lists, in
 * their order (poll(2) takes a descriptor twice as well as once, and a
 * call needs no table of what it has seen).
 */
class Selection {
  readonly set: PollSet;
  readonly #items: unknown[] = [];
  readonly #lists: number[] = []; // each item's list: 0 rlist, 1 wlist, 2 xlist
  result: [unknown[], unknown[], unknown[]] = [[], [], []];

  constructor(readonly fn: string, lists: readonly unknown[]) {
    const targets: Target[] = [];
    const events: number[] = [];
    for (let l = 0; l < 3; l++) {
      const list = lists[l];
      if (typeof list !== "object" || list === null || typeof (list as Iterable<unknown>)[Symbol.iterator] !== "function") {
        throw v.typeError(fn, `${LIST_NAMES[l]} must be an iterable (an array), not ${v.describe(list)}`);
      }
      for (const item of itemsOf(fn, LIST_NAMES[l]!, list as Iterable<unknown>)) {
        targets.push(targetOf(fn, item));
        events.push(LIST_EVENTS[l]!);
        this.#items.push(item);
        this.#lists.push(l);
      }
    }
    this.set = new PollSet(fn, targets, events);
  }

  /**
   * PollSet's `done`: whether poll(2) reported something select(2) would,
   * and then the result. An entry that reported only bits select(2) never
   * reports for its list (a hang-up of a descriptor in wlist or xlist) is
   * left out of the rest of the call, as select(2) would go on sleeping.
   */
  done = (): boolean => {
    const set = this.set;
    let found = false;
    for (let i = 0; i < set.length; i++) {
      const revents = set.revents(i);
      if (revents === 0) continue;
      if ((revents & NVAL) !== 0) throw osError(EBADF, this.fn);
      const l = this.#lists[i]!;
      if ((revents & LIST_REPORTS[l]!) === 0) {
        set.ignore(i);
        continue;
      }
      if (!found) {
        found = true;
        this.result = [[], [], []];
      }
      this.result[l]!.push(this.#items[i]);
    }
    return found;
  };
}

/** The deadline of a timeout in seconds (null: none), on the monotonic clock. */
function deadlineOf(fn: string, timeout: unknown): number {
  const seconds = v.timeout(fn, timeout);
  return seconds === null ? Infinity : now() + seconds * 1000;
}

/** The items of a list. An iterable that V8 refuses to iterate (a Proxy of
 *  a typed array: "this is not a typed array") is a TypeError naming the
 *  function; what the iterable's own code throws passes through. */
function itemsOf(fn: string, name: string, list: Iterable<unknown>): unknown[] {
  try {
    return [...list];
  } catch (error) {
    if (error instanceof TypeError && !error.message.startsWith(`${fn}(): `)) {
      throw v.typeError(fn, `${name} could not be iterated (${error.message})`);
    }
    throw error;
  }
}

/** Positional arguments: the three lists, then the timeout. */
function checkArity(fn: string, positional: readonly unknown[]): void {
  if (positional.length < 3) throw v.typeError(fn, `takes rlist, wlist and xlist (${positional.length} given)`);
}

/**
 * Waits until some of the objects are ready, as Python's `select.select`:
 * readable (`rlist`), writable (`wlist`) or with an exceptional condition,
 * urgent data (`xlist`). Items are Sockets, descriptors or objects with a
 * `fileno()` method; the result holds the same objects, in their lists'
 * order. `timeout` is in seconds (`null` or omitted: wait; `0`: look and
 * return); on timeout the three lists are empty. Waits on the event loop
 * (a Socket through its own poller, taking nothing from its pending
 * calls), then poll(2).
 * @param rlist the objects to watch for reading
 * @param wlist the objects to watch for writing
 * @param xlist the objects to watch for an exceptional condition (urgent data)
 * @param timeout seconds; `null` or omitted waits without limit, `0` only looks
 * @param options `{ signal }` to abort the wait
 * @returns a Promise of the ready objects of each list, as they were given
 * @throws (rejects with) `OSError` EBADF for a closed Socket or a descriptor that is not open; `RangeError` for a negative descriptor or timeout; `TypeError` naming `select()` for bad arguments
 */
export function select<R extends Selectable = Selectable, W extends Selectable = Selectable, X extends Selectable = Selectable>(
  rlist: Iterable<R>, wlist: Iterable<W>, xlist: Iterable<X>, timeout?: number | null, options?: v.CallOptions): Promise<[R[], W[], X[]]>;
export function select<R extends Selectable = Selectable, W extends Selectable = Selectable, X extends Selectable = Selectable>(
  rlist: Iterable<R>, wlist: Iterable<W>, xlist: Iterable<X>, options: v.CallOptions): Promise<[R[], W[], X[]]>;
export function select(...args: unknown[]): Promise<[unknown[], unknown[], unknown[]]> {
  const fn = "select";
  let selection: Selection;
  let deadline: number;
  let options: v.CallOptions;
  try {
    let positional: unknown[];
    [positional, options] = v.splitOptions(fn, args, 4);
    checkArity(fn, positional);
    selection = new Selection(fn, positional);
    deadline = deadlineOf(fn, positional[3]);
  } catch (error) {
    return Promise.reject(error);
  }
  return selection.set.wait(deadline, options.signal, selection.done).then(() => selection.result);
}

/**
 * The Sync form of select(): blocks the thread in poll(2) until some of
 * the objects are ready or `timeout` seconds pass (EINTR is retried with
 * the time that remains). Pending async calls on the same sockets are not
 * disturbed: poll(2) only looks.
 * @param rlist the objects to watch for reading
 * @param wlist the objects to watch for writing
 * @param xlist the objects to watch for an exceptional condition (urgent data)
 * @param timeout seconds; `null` or omitted waits without limit, `0` only looks
 * @returns the ready objects of each list, as they were given
 * @throws `OSError` EBADF for a closed Socket or a descriptor that is not open; `RangeError` for a negative descriptor or timeout; `TypeError` naming `selectSync()` for bad arguments
 */
export function selectSync<R extends Selectable = Selectable, W extends Selectable = Selectable, X extends Selectable = Selectable>(
  rlist: Iterable<R>, wlist: Iterable<W>, xlist: Iterable<X>, timeout?: number | null): [R[], W[], X[]];
export function selectSync(...args: unknown[]): [unknown[], unknown[], unknown[]] {
  const fn = "selectSync";
  let positional = args;
  while (positional.length > 0 && positional[positional.length - 1] === undefined) positional = positional.slice(0, -1);
  checkArity(fn, positional);
  if (positional.length > 4) throw v.typeError(fn, `takes at most 4 arguments (${positional.length} given)`);
  const selection = new Selection(fn, positional);
  selection.set.waitSync(deadlineOf(fn, positional[3]), selection.done);
  return selection.result as [unknown[], unknown[], unknown[]];
}
