// The one pattern every I/O call follows: try the system call; if it says
// EAGAIN, wait for readiness and try again, until a deadline. An
// `Attempt` is that system call: it returns a result, AGAIN, or throws
// the OSError of a failure.
import { MSG_DONTWAIT } from "./constants.gen.js";
import { EAGAIN, EWOULDBLOCK } from "./constants.js";
import { osError } from "./errors.js";
import { offAbort, onAbort } from "./abort-listeners.js";
import type { DeadlineTimer } from "./deadlines.js";

/** An attempt's answer when the call would block. */
export const AGAIN: unique symbol = Symbol("AGAIN");

/** A system call to try; `noWait` marks one that must never wait (see attemptWith). */
export type Attempt<T> = (() => T | typeof AGAIN) & { noWait?: boolean };

/** A system call's return value as an attempt's answer. */
export function check(result: number, syscall: string): number | typeof AGAIN {
  if (result >= 0) return result;
  if (result === -EAGAIN || result === -EWOULDBLOCK) return AGAIN;
  throw osError(-result, syscall);
}

const DONTWAIT = MSG_DONTWAIT ?? 0;

/**
 * An attempt made with `flags`. One with MSG_DONTWAIT never waits,
 * whatever the socket's mode (as in C and in Python): the waiting machinery
 * treats it as non-blocking, so a would-block is a BlockingIOError at once.
 */
export function attemptWith<T>(flags: number, attempt: Attempt<T>): Attempt<T> {
  if (dontWait(flags)) attempt.noWait = true;
  return attempt;
}

/** Throws the OSError of a failed call that cannot return EAGAIN. */
export function checkSync(result: number, syscall: string): number {
  if (result < 0) throw osError(-result, syscall);
  return result;
}

/** A call waiting for readiness: its attempt and the Promise to settle. */
export interface Waiter<T = unknown> {
  attempt(): T | typeof AGAIN;
  readonly syscall: string;
  resolve(value: T): void;
  reject(error: unknown): void;
  /** When the call times out (ms on the monotonic clock; Infinity: never). */
  deadline: number;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/** A waiter's settlers before its Promise exists. */
export function unsettled(): void {}

/**
 * A call that is its own waiter: the attempt is a method of a shared
 * prototype reading the call's fields, so a pending call is one object
 * instead of a waiter, a closure and the closure's context (about 100
 * bytes less per pending call). `syscall` and `noWait` come from the
 * subclass's prototype.
 */
export abstract class SelfAttempt<T> implements Waiter<T> {
  resolve: (value: T) => void = unsettled;
  reject: (error: unknown) => void = unsettled;
  deadline = Infinity;
  signal: AbortSignal | undefined = undefined;
  onAbort: (() => void) | undefined = undefined;
  abstract readonly syscall: string;
  /** A call that must never wait (see attemptWith). */
  abstract readonly noWait: boolean;
  abstract attempt(): T | typeof AGAIN;
}

/** Whether `flags` make a call that never waits (MSG_DONTWAIT). */
export function dontWait(flags: number): boolean {
  return (flags & DONTWAIT) !== 0;
}

/**
 * A FIFO of waiters. Removal from the middle (timeouts, aborts) is rare;
 * the common path is push at the tail and shift at the head. The head is
 * kept in a field of its own and an array is made only for a second
 * waiter: nearly every socket has at most one call waiting per direction,
 * and an array's first push allocates room for 16 (about 150 bytes per
 * idle connection with a pending recv).
 */
export class WaitQueue {
  #head: Waiter | undefined = undefined;
  #rest: Waiter[] | null = null; // behind the head, in order
  /** The timer of the waiters' deadlines, made by the first that has one. */
  deadlines: DeadlineTimer | null = null;
  #misses = 0;
  #skipped = 0;

  /** `event`: the poller event that wakes this queue (0: none does). */
  constructor(readonly event = 0) {}

  /**
   * Whether the next call should skip its first attempt and wait for
   * readiness at once. On a socket that is waited on (a request-response
   * peer) nearly every first attempt finds EAGAIN, a system call spent for
   * nothing; after two such misses in a row the first attempt is skipped.
   * Every 16th call still tries first, so a socket whose data is ready
   * again (a bulk transfer) goes back to trying first. Only for callers
   * whose readiness will be reported anyway (poller watching, or poll(2)).
   */
  skipFirstTry(): boolean {
    if (this.#misses < 2) return false;
    if (++this.#skipped < 16) return true;
    this.#skipped = 0;
    return false;
  }

  /** Records how a call's first attempt went (`hit`: it completed). */
  firstTry(hit: boolean): void {
    this.#misses = hit ? 0 : this.#misses + 1;
  }

  get length(): number {
    return this.#head === undefined ? 0 : 1 + (this.#rest?.length ?? 0);
  }

  head(): Waiter | undefined {
    return this.#head;
  }

  push(w: Waiter): void {
    if (this.#head === undefined) this.#head = w;
    else (this.#rest ??= []).push(w);
  }

  /** A copy of the waiters, in order. */
  list(): Waiter[] {
    if (this.#head === undefined) return [];
    return this.#rest === null ? [this.#head] : [this.#head, ...this.#rest];
  }

  shift(): Waiter | undefined {
    const w = this.#head;
    const rest = this.#rest;
    if (rest === null) {
      this.#head = undefined;
    } else {
      this.#head = rest.shift();
      if (rest.length === 0) this.#rest = null;
    }
    return w;
  }

  remove(w: Waiter): boolean {
    if (w === this.#head) {
      this.shift();
      return true;
    }
    const rest = this.#rest;
    const i = rest === null ? -1 : rest.indexOf(w);
    if (i === -1) return false;
    rest!.splice(i, 1);
    if (rest!.length === 0) this.#rest = null;
    return true;
  }

  /** Empties the queue, returning what it held (for close()). */
  takeAll(): Waiter[] {
    const all = this.list();
    this.#head = undefined;
    this.#rest = null;
    return all;
  }
}

/** Detach a settled waiter from its signal (its deadline's timer belongs
 *  to the queue: it finds the waiter gone). */
export function disarm(w: Waiter): void {
  if (w.onAbort !== undefined) offAbort(w.signal!, w.onAbort);
  w.onAbort = undefined;
}

/** Run the waiters at the head of `queue` while their calls complete. */
export function drain(queue: WaitQueue): void {
  for (let w = queue.head(); w !== undefined; w = queue.head()) {
    let result: unknown;
    try {
      result = w.attempt();
    } catch (error) {
      queue.shift();
      disarm(w);
      w.reject(error);
      continue;
    }
    if (result === AGAIN) return;
    queue.shift();
    disarm(w);
    w.resolve(result);
  }
}

/**
 * `done`, or the signal's reason as soon as it aborts: for work that cannot
 * be cancelled (a lookup on the thread pool), whose result is then dropped.
 * `done` always gets a handler, so its failure after an abort is never an
 * unhandled rejection.
 */
export function withAbort<T>(done: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return done;
  if (signal.aborted) {
    done.catch(ignore);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const aborted = (): void => reject(signal.reason);
    onAbort(signal, aborted);
    done.then(resolve, reject).finally(() => offAbort(signal, aborted));
  });
}

/** A handler for a Promise whose outcome nobody needs any more. */
export function ignore(): void {}
