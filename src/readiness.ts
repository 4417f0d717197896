// Waiting until some of several descriptors are ready: the machinery under
// select() and poll objects (src/select.ts, src/poll.ts).
//
// poll(2) is the only judge of readiness. The Sync forms block in it for
// the time that remains (EINTR retried with what is left). The async forms
// ask it without waiting, and between two such looks they wait on the
// event loop for a hint that something changed:
//
// - a Socket is watched through its own poller (libuv watches a descriptor
//   once: a second uv_poll_t on it fails with EEXIST). The socket's pending
//   calls have their turn first, then this call only looks again; it never
//   receives, so it takes no readiness from them, and a socket it reports
//   readable still holds its data;
// - a bare descriptor is watched through a poller of this call's own, on a
//   duplicate of the descriptor (dup(2)): the number is then this call's,
//   so closing that poller can never unregister a number that someone else
//   has meanwhile reused, and a descriptor already watched on the loop (a
//   node:net socket, a Socket's descriptor passed as a number) is no
//   EEXIST. The duplicate and its poller are closed when the call ends.
//
// Both go through the JavaScript poller interface of src/binding.ts, so any
// backend behind it serves them.
import { binding, type NativePoller } from "./binding.js";
import { EBADF, EINTR, ENOTSOCK } from "./constants.js";
import { POLLIN, POLLNVAL, POLLOUT, POLLPRI, POLLRDBAND, POLLRDHUP, POLLRDNORM, POLLWRBAND, POLLWRNORM } from "./constants.gen.js";
import { OSError, osError } from "./errors.js";
import { Socket, watchReadiness } from "./socket.js";
import { now, pollTimeout } from "./timeouts.js";
import * as v from "./validate.js";

/** What select() and poll objects watch: a Socket, or a descriptor. */
export type Target = Socket | number;

const READ_BITS = (POLLIN ?? 0) | (POLLRDNORM ?? 0) | (POLLRDBAND ?? 0) | (POLLRDHUP ?? 0);
const WRITE_BITS = (POLLOUT ?? 0) | (POLLWRNORM ?? 0) | (POLLWRBAND ?? 0);
// Urgent data. Also the hint for a descriptor that waits for no event at
// all (a poll mask of 0, or only POLLHUP): epoll reports a hang-up or an
// error on any registration, and libuv passes them on as PRIORITIZED when
// that is what is watched, while a readable hint would fire on every byte.
// libuv on Windows has no PRIORITIZED (nor urgent data): there the hint
// for nothing but a hang-up is its DISCONNECT.
const PRIORITIZED = binding.POLL_PRIORITIZED ?? binding.POLL_READABLE;
const HANGUP_ONLY = binding.POLL_DISCONNECT ?? PRIORITIZED;

/** The poller's events (READABLE, WRITABLE, PRIORITIZED) that hint at the poll(2) bits `events`. */
function hintEvents(events: number): number {
  let hint = 0;
  if ((events & READ_BITS) !== 0) hint |= binding.POLL_READABLE;
  if ((events & WRITE_BITS) !== 0) hint |= binding.POLL_WRITABLE;
  if ((events & (POLLPRI ?? 0)) !== 0) hint |= PRIORITIZED;
  if ((hint & (binding.POLL_READABLE | binding.POLL_WRITABLE)) === 0) hint |= HANGUP_ONLY;
  return hint;
}

/**
 * A descriptor given as a number or by an object with a `fileno()` method,
 * as Python's select module takes it: a negative one is a RangeError, a
 * closed Socket OSError EBADF.
 */
export function targetOf(fn: string, value: unknown): Target {
  if (value instanceof Socket) {
    if (value.fileno() < 0) throw osError(EBADF, fn);
    return value;
  }
  let fd = value;
  if (typeof value === "object" && value !== null && typeof (value as { fileno?: unknown }).fileno === "function") {
    fd = (value as { fileno(): unknown }).fileno();
    if (typeof fd !== "number" || !Number.isInteger(fd)) {
      throw v.typeError(fn, `fileno() returned ${v.describe(fd)}, not an integer`);
    }
  } else if (typeof value !== "number" || !Number.isInteger(value)) {
    throw v.typeError(fn, `expected a Socket, a file descriptor or an object with a fileno() method, not ${v.describe(value)}`);
  }
  const n = fd as number;
  if (n < 0) throw v.rangeError(fn, `file descriptor cannot be a negative integer (${n})`);
  if (n > v.INT32_MAX) throw v.rangeError(fn, `file descriptor ${n} is out of range`);
  return n;
}

/** The descriptor a target stands for now; EBADF once a Socket is closed. */
export function fdOf(fn: string, target: Target): number {
  if (typeof target === "number") return target;
  const fd = target.fileno();
  if (fd < 0) throw osError(EBADF, fn);
  return fd;
}

/**
 * The descriptors of one call and the events asked for each, laid out as
 * poll(2)'s array ([fd, events, revents] per entry, native pollfds()).
 */
export class PollSet {
  readonly #table: Int32Array;
  #ignored: Uint8Array;

  /** `closedIsNval`: a Socket closed meanwhile reports POLLNVAL (poll
   *  objects) instead of failing with EBADF (select). Its old number is
   *  never passed to poll(2): it may be another descriptor's by now. */
  constructor(readonly fn: string, readonly targets: readonly Target[], readonly events: readonly number[], readonly closedIsNval = false) {
    this.#table = new Int32Array(targets.length * 3);
    this.#ignored = new Uint8Array(targets.length);
  }

  get length(): number {
    return this.targets.length;
  }

  /** The events poll(2) reported for entry `i` at the last look. */
  revents(i: number): number {
    return this.#table[3 * i + 2]!;
  }

  /** Leave entry `i` out of the rest of this call (poll(2) skips a
   *  negative descriptor): it reported only what the caller never reports. */
  ignore(i: number): void {
    this.#ignored[i] = 1;
  }

  /** One poll(2) for at most `ms` (-1: no limit): the number of entries
   *  with events, or -EINTR. A Socket closed meanwhile: see the constructor. */
  poll(ms: number): number {
    const table = this.#table;
    let closed = 0;
    for (let i = 0; i < this.targets.length; i++) {
      const target = this.targets[i]!;
      let fd = -1; // poll(2) skips a negative descriptor
      if (this.#ignored[i] === 1) {
        // left out of this call
      } else if (!this.closedIsNval || typeof target === "number") {
        fd = fdOf(this.fn, target);
      } else if ((fd = target.fileno()) < 0) {
        closed++;
      }
      table[3 * i] = fd;
      table[3 * i + 1] = this.events[i]!;
      table[3 * i + 2] = 0;
    }
    let r = binding.pollfds(table, this.targets.length, closed > 0 ? 0 : ms);
    if (r === -ENOTSOCK && this.closedIsNval) {
      const invalid = this.#leaveOutNonSockets();
      if (invalid > 0) {
        closed += invalid;
        r = binding.pollfds(table, this.targets.length, 0);
      }
    }
    if (r < 0 && r !== -EINTR) throw osError(-r, "poll");
    if (closed === 0) return r;
    for (let i = 0; i < this.targets.length; i++) {
      if (table[3 * i] === -1 && this.#ignored[i] === 0) table[3 * i + 2] = POLLNVAL ?? 0;
    }
    return Math.max(r, 0) + closed;
  }

  /**
   * WSAPoll fails the whole call with WSAENOTSOCK when one handle is no
   * socket (Wine does; Windows documents POLLNVAL in its revents), where
   * poll(2) reports POLLNVAL for that entry: the entries that fail alone
   * are left out of the table (to report POLLNVAL). Returns how many.
   */
  #leaveOutNonSockets(): number {
    const table = this.#table;
    let invalid = 0;
    for (let i = 0; i < this.targets.length; i++) {
      const fd = table[3 * i]!;
      if (fd >= 0 && binding.poll(fd, 0, 0) === -ENOTSOCK) {
        table[3 * i] = -1;
        invalid++;
      }
    }
    return invalid;
  }

  /**
   * Blocks in poll(2) until `done()` accepts what it reported, or until
   * `deadline` (a monotonic time in ms; Infinity waits). EINTR is retried
   * with the time that remains. `done()` is called after every look that
   * found something; the caller reads the outcome from revents().
   */
  waitSync(deadline: number, done: () => boolean): void {
    for (;;) {
      const r = this.poll(pollTimeout(deadline));
      if (r > 0) {
        if (done()) return;
      } else if (r === 0) {
        return; // the time is up
      }
      // EINTR, or only events the caller ignores: wait for what is left.
    }
  }

  /**
   * The async form of waitSync(): looks at once, and then after each hint
   * from the event loop, until `done()` accepts, the deadline passes (the
   * Promise then resolves as well, and `done()` has accepted nothing), or
   * `signal` aborts (rejects with its reason).
   */
  wait(deadline: number, signal: AbortSignal | undefined, done: () => boolean): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    try {
      if (this.lookFinds(done) || deadline <= now()) return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<void>((resolve, reject) => new Wait(this, deadline, signal, done, resolve, reject).start());
  }

  /** One look without waiting (EINTR: look again): whether `done()` accepted it. */
  lookFinds(done: () => boolean): boolean {
    let r: number;
    do r = this.poll(0);
    while (r === -EINTR);
    return r > 0 && done();
  }

  /** Whether entry `i` is still watched. */
  watched(i: number): boolean {
    return this.#ignored[i] === 0;
  }
}

// setTimeout's longest delay (2^31 - 1 ms); longer deadlines are waited in steps.
const MAX_TIMER_MS = 0x7fffffff;

/** A bare descriptor watched by this call: its duplicate and the poller on it. */
interface OwnPoller {
  fd: number;
  poller: NativePoller | null;
  events: number;
}

/** One async wait of a PollSet: the hints it listens to, until it settles. */
class Wait {
  #settled = false;
  // Per entry, what stops watching it (null: not watched).
  #stops: ((() => void) | null)[] = [];
  #own = new Set<OwnPoller>();
  #timer: NodeJS.Timeout | undefined;
  #onAbort: (() => void) | undefined;

  constructor(
    readonly set: PollSet,
    readonly deadline: number,
    readonly signal: AbortSignal | undefined,
    readonly done: () => boolean,
    readonly resolve: () => void,
    readonly reject: (error: unknown) => void,
  ) {}

  start(): void {
    try {
      for (let i = 0; i < this.set.length && !this.#settled; i++) {
        this.#stops.push(null);
        if (!this.set.watched(i)) continue;
        const target = this.set.targets[i]!;
        const hint = hintEvents(this.set.events[i]!);
        this.#stops[i] = typeof target === "number" ? this.#watchOwn(target, hint) : target[watchReadiness](this.set.fn, hint, this.#wake);
      }
    } catch (error) {
      this.#finish(error);
      return;
    }
    if (this.#settled) return;
    if (this.signal !== undefined) {
      this.#onAbort = () => this.#finish(this.signal!.reason);
      this.signal.addEventListener("abort", this.#onAbort, { once: true });
    }
    if (this.deadline !== Infinity) this.#startTimer();
  }

  /** A poller of this call's own on a duplicate of `fd`; returns what closes both. */
  #watchOwn(fd: number, hint: number): () => void {
    const copy = binding.dup(fd);
    if (copy < 0) throw osError(-copy, this.set.fn);
    const own: OwnPoller = { fd: copy, poller: null, events: hint };
    const stop = (): void => {
      this.#own.delete(own);
      own.poller?.close(); // before close(2): see native/poller.cc
      binding.close(own.fd);
    };
    this.#own.add(own);
    try {
      own.poller = new binding.Poller(copy, this.#onHint);
      const r = own.poller.start(hint);
      if (r < 0) throw osError(-r, "poll");
    } catch (error) {
      stop();
      // The addon's errors carry the errno (uv_poll_init): an OSError, as a Socket reports it.
      const errno = (error as { errno?: unknown }).errno;
      throw typeof errno === "number" && !(error instanceof OSError) ? osError(errno, "poll") : error;
    }
    return stop;
  }

  /** The deadline's timer, in steps setTimeout allows. It keeps the
   *  process alive: a select() with a timeout returns after it. */
  #startTimer(): void {
    const left = this.deadline - now();
    if (left <= 0) {
      this.#wake();
      if (!this.#settled) this.#finish(undefined);
      return;
    }
    this.#timer = setTimeout(() => this.#startTimer(), Math.min(Math.max(1, Math.ceil(left)), MAX_TIMER_MS));
  }

  /** A hint from a poller of our own: look again. */
  #onHint = (): void => this.#wake();

  /** A hint (or a failure of a socket's poller): look again. */
  #wake = (error?: unknown): void => {
    if (this.#settled) return;
    if (error !== undefined) {
      this.#finish(error);
      return;
    }
    try {
      if (this.set.lookFinds(this.done)) {
        this.#finish(undefined);
        return;
      }
      // An entry the caller now ignores (it reported only what is never
      // reported, such as a hang-up in select's wlist) would wake us
      // again and again: stop watching it.
      for (let i = 0; i < this.#stops.length; i++) {
        const stop = this.#stops[i];
        if (stop === null || this.set.watched(i)) continue;
        this.#stops[i] = null;
        stop!();
      }
      // A poller of our own stops itself after a poll error: start it again.
      for (const own of this.#own) {
        const r = own.poller!.start(own.events);
        if (r < 0) throw osError(-r, "poll");
      }
    } catch (e) {
      this.#finish(e);
    }
  };

/** Settle once, and let go of everything this wait holds. */
  #finish(error: unknown): void {
    if (this.#settled) return;
    this.#settled = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    if (this.#onAbort !== undefined) this.signal!.removeEventListener("abort", this.#onAbort);
    const stops = this.#stops;
    this.#stops = [];
    for (const stop of stops) stop?.();
    if (error === undefined) this.resolve();
    else this.reject(error);
  }
}
