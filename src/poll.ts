// poll(): Python's select.poll object. Descriptors are registered with an
// event mask (POLLIN, POLLOUT, POLLPRI...); poll() waits, async on the event
// loop or pollSync() in the thread, and returns [fd, revents] for each
// registered descriptor that has events, in the order of registration.
// Timeouts are in milliseconds, as in Python (select() takes seconds).
import { constants as osConstants } from "node:os";
import { binding } from "./binding.js";
import { EBUSY } from "./constants.js";
import { POLLHUP, POLLIN, POLLOUT, POLLPRI, POLLRDBAND, POLLRDNORM } from "./constants.gen.js";
import { osError } from "./errors.js";
import { PollSet, type Target, targetOf } from "./readiness.js";
import { Socket } from "./socket.js";
import { now } from "./timeouts.js";
import * as v from "./validate.js";
import type { Selectable } from "./select.js";

/** A registration: what the descriptor was registered as, and its mask. */
interface Registration {
  target: Target;
  events: number;
}

const DEFAULT_MASK = (POLLIN ?? 0) | (POLLPRI ?? 0) | (POLLOUT ?? 0);

/** A poll mask: an unsigned short, as in Python. */
function eventMask(fn: string, value: unknown): number {
  return v.integer(fn, "eventmask", value, 0, 0xffff);
}

/** The deadline of a timeout in milliseconds: null, undefined or negative
 *  wait without limit, as in Python; a fraction of a millisecond rounds up. */
function deadlineOf(fn: string, timeout: unknown): number {
  if (timeout === null || timeout === undefined) return Infinity;
  if (typeof timeout !== "number") throw v.typeError(fn, `timeout must be a number of milliseconds or null, not ${v.describe(timeout)}`);
  if (Number.isNaN(timeout)) throw v.rangeError(fn, "timeout must not be NaN");
  if (timeout < 0) return Infinity;
  if (timeout > v.INT32_MAX) throw v.rangeError(fn, `timeout is too large (at most ${v.INT32_MAX} ms), not ${timeout}`);
  return now() + Math.ceil(timeout);
}

/**
 * A set of descriptors to wait on, as Python's `select.poll()` returns.
 * Register Sockets, descriptors, or objects with a `fileno()` method; they
 * are known by their descriptor number afterwards.
 */
export class Poll {
  #registered = new Map<number, Registration>();
  #polling = false;
  // The registrations laid out for poll(2), kept until they change (as
  // CPython keeps its pollfd array): a loop that polls the same set again
  // and again builds it once.
  #run: PollRun | null = null;

  /**
   * Registers `fd` for the events of `eventmask` (default POLLIN | POLLPRI
   * | POLLOUT; POLLHUP, POLLERR and POLLNVAL are always reported). A
   * descriptor registered already gets the new mask.
   */
  register(fd: Selectable, eventmask: number = DEFAULT_MASK): void {
    const fn = "poll.register";
    const target = targetOf(fn, fd);
    const events = eventMask(fn, eventmask);
    const key = typeof target === "number" ? target : target.fileno();
    this.#registered.set(key, { target, events });
    this.#run = null;
  }

  /** Changes the mask of a registered descriptor; OSError ENOENT if it is not registered. */
  modify(fd: Selectable, eventmask: number): void {
    const fn = "poll.modify";
    const events = eventMask(fn, eventmask);
    const key = this.#keyOf(fn, fd);
    const registration = key === undefined ? undefined : this.#registered.get(key);
    if (registration === undefined) throw osError(osConstants.errno.ENOENT, fn);
    registration.events = events;
    this.#run = null;
  }

  /** Stops watching a descriptor; a RangeError if it is not registered (Python's KeyError). */
  unregister(fd: Selectable): void {
    const fn = "poll.unregister";
    const key = this.#keyOf(fn, fd);
    if (key === undefined || !this.#registered.delete(key)) {
      throw v.rangeError(fn, `${typeof fd === "number" ? `descriptor ${fd}` : v.describe(fd)} is not registered`);
    }
    this.#run = null;
  }

  /**
   * Waits until some registered descriptors have events, or `timeout`
   * milliseconds pass (null, omitted or negative: no limit), on the event
   * loop (a Socket through its own poller, taking nothing from its pending
   * calls), then poll(2). Resolves with `[fd, revents][]`, empty on
   * timeout. A registered Socket closed meanwhile reports POLLNVAL. One
   * poll at a time per object: OSError EBUSY otherwise.
   */
  poll(timeout?: number | null, options?: v.CallOptions): Promise<[number, number][]>;
  poll(options: v.CallOptions): Promise<[number, number][]>;
  poll(...args: unknown[]): Promise<[number, number][]> {
    const fn = "poll.poll";
    let run: PollRun;
    let deadline: number;
    let options: v.CallOptions;
    try {
      let positional: unknown[];
      [positional, options] = v.splitOptions(fn, args, 1);
      deadline = deadlineOf(fn, positional[0]);
      if (options.signal?.aborted) return Promise.reject(options.signal.reason);
      run = this.#start(fn);
    } catch (error) {
      return Promise.reject(error);
    }
    return run.set.wait(deadline, options.signal, run.done).then(
      () => this.#end(run),
      (error: unknown) => {
        this.#end(run);
        throw error;
      },
    );
  }

  /** The Sync form of poll(): blocks the thread in poll(2) (EINTR retried with the time that remains). */
  pollSync(timeout?: number | null): [number, number][] {
    const fn = "poll.pollSync";
    const deadline = deadlineOf(fn, timeout);
    const run = this.#start(fn);
    try {
      run.set.waitSync(deadline, run.done);
    } finally {
      this.#polling = false;
    }
    return run.result;
  }

  /** The registrations as a PollSet (changes during a wait do not affect it). */
  #start(fn: string): PollRun {
    if (this.#polling) throw osError(EBUSY, fn);
    this.#polling = true;
    this.#run ??= new PollRun([...this.#registered]);
    this.#run.result = [];
    return this.#run;
  }

  #end(run: PollRun): [number, number][] {
    this.#polling = false;
    return run.result;
  }

  /** The registration key of `fd` (a closed Socket: the one it was registered under). */
  #keyOf(fn: string, fd: unknown): number | undefined {
    if (fd instanceof Socket && fd.fileno() < 0) {
      for (const [key, r] of this.#registered) if (r.target === fd) return key;
      return undefined;
    }
    const target = targetOf(fn, fd);
    return typeof target === "number" ? target : target.fileno();
  }
}

// Winsock numbers POLLIN as POLLRDNORM | POLLRDBAND (768), and WSAPoll
// answers in its own bits: readable data is POLLRDNORM alone (256), a peer
// that hung up often POLLHUP without it, urgent data (asked for as POLLPRI,
// which WSAPoll refuses, native/win/syscalls_win.cc) POLLRDBAND.
const WSAPOLL_BITS = binding.platform.os === "win32";
const READ_DATA = (POLLRDNORM ?? 0) | (POLLHUP ?? 0);
const BAND_DATA = POLLRDBAND ?? 0;

/**
 * What a descriptor registered for `events` reports, in the caller's terms
 * as poll(2) gives them: readable (data, or the end of the stream after a
 * hang-up) is every POLLIN bit the caller asked for, urgent data POLLPRI
 * (or POLLRDBAND) if asked for. Elsewhere poll(2) answers so already.
 */
function callersRevents(events: number, revents: number): number {
  if (!WSAPOLL_BITS) return revents;
  let out = revents & ~((POLLRDNORM ?? 0) | BAND_DATA);
  if ((revents & READ_DATA) !== 0) out |= events & ((POLLIN ?? 0) | (POLLRDNORM ?? 0));
  if ((revents & BAND_DATA) !== 0) out |= events & (BAND_DATA | (POLLPRI ?? 0));
  return out;
}

/**
 * One poll()/pollSync() call. A registered Socket that is closed reports
 * POLLNVAL (PollSet's `closedIsNval`), as its number would in Python.
 */
class PollRun {
  readonly set: PollSet;
  readonly #keys: number[];
  readonly #events: number[];
  result: [number, number][] = [];

  constructor(registrations: [number, Registration][]) {
    this.#keys = registrations.map(([key]) => key);
    this.#events = registrations.map(([, r]) => r.events);
    this.set = new PollSet("poll", registrations.map(([, r]) => r.target), registrations.map(([, r]) => r.events), true);
  }

  /** PollSet's `done`: every entry with events, in registration order. */
  done = (): boolean => {
    for (let i = 0; i < this.set.length; i++) {
      const revents = callersRevents(this.#events[i]!, this.set.revents(i));
      if (revents !== 0) this.result.push([this.#keys[i]!, revents]);
    }
    return this.result.length > 0;
  };
}

/**
 * A new poll object (Python's `select.poll()`): register descriptors with
 * `register()`, then wait with `poll(ms)` or `pollSync(ms)`.
 * @returns an empty poll object
 */
export function poll(): Poll {
  return new Poll();
}
