// Timeout mode's deadlines: one timer per queue of waiting calls, not one
// per call. A call that waits only records its deadline; the timer is
// armed for the earliest one, and when it fires it expires the calls whose
// deadline has passed and re-arms itself for the next. A call that
// completes leaves the timer alone. So a busy socket in timeout mode sets
// about one timer per timeout period instead of one per call (setTimeout
// and clearTimeout cost more than the rest of a waiting call's own work).
import { now } from "./timeouts.js";
import type { WaitQueue, Waiter } from "./waiting.js";

// setTimeout's longest delay (2^31 - 1 ms); longer deadlines are waited in steps.
const MAX_TIMER_MS = 0x7fffffff;

// The timer holds its DeadlineTimer weakly: a timer left armed after the
// last call completed must not keep an unreferenced socket (and its
// descriptor) alive until it fires. A call that waits keeps its socket
// reachable anyway (through the poller, or the backoff timer).
function fire(timer: WeakRef<DeadlineTimer>): void {
  timer.deref()?.fire();
}

export class DeadlineTimer {
  #self = new WeakRef(this);
  #timer: NodeJS.Timeout | undefined;
  // When the timer fires (ms on the monotonic clock): never later than the
  // deadline of any waiter in the queue, so a new waiter whose deadline is
  // no earlier needs nothing.
  #at = Infinity;

  /** `expire` is called for a waiter of `queue` whose deadline passed. */
  constructor(private readonly queue: WaitQueue, private readonly expire: (w: Waiter) => void) {}

  /** A waiter with this deadline joined the queue. */
  watch(deadline: number): void {
    if (deadline < this.#at) this.#arm(deadline);
  }

  /** Forgets every deadline (the socket lets go of its descriptor). */
  stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#at = Infinity;
  }

  #arm(deadline: number): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    const t = now();
    const delay = Math.min(Math.max(1, Math.ceil(deadline - t)), MAX_TIMER_MS);
    this.#at = Math.min(deadline, t + delay);
    this.#timer = setTimeout(fire, delay, this.#self);
    this.#timer.unref(); // the poller keeps the process alive, not the timer
  }

  /** The timer fired: expire what is due, re-arm for what is left. */
  fire(): void {
    this.#timer = undefined;
    this.#at = Infinity;
    const t = now();
    // Expiring one call may complete or cancel others: walk a copy, in
    // queue order, and look at what is left afterwards.
    for (const w of this.queue.list()) if (w.deadline <= t) this.expire(w);
    let next = Infinity;
    for (const w of this.queue.list()) if (w.deadline < next) next = w.deadline;
    if (next !== Infinity) this.#arm(next);
  }
}
