// Fairness on the event loop. A call that completes at once resolves its
// Promise at once, and the caller's continuation runs in the same
// microtask queue: a loop of such calls (a ping-pong over a socketpair, a
// reader that always finds data) would never let the event loop turn, so
// timers, other sockets and I/O would starve. After a run of RUN_LIMIT
// calls that completed at once, one call's result is handed over from
// setImmediate instead, which lets the loop turn (as node:net, whose data
// arrives from the loop, does by construction). The cost is one
// setImmediate per RUN_LIMIT calls; the call itself is still one system
// call. A call that had to wait was woken by the loop, so it ends a run.

/** Calls completing at once in a row before one yields to the event loop. */
export const RUN_LIMIT = 1024;

let run = 0;

/** The Promise of a call that completed at once with `value`. */
export function completedAt<T>(value: T): Promise<T> {
  if (++run < RUN_LIMIT) return Promise.resolve(value);
  run = 0;
  return new Promise((resolve) => setImmediate(resolve, value));
}

/** The Promise of a call that failed at once with `error`. */
export function failedAt<T>(error: unknown): Promise<T> {
  if (++run < RUN_LIMIT) return Promise.reject(error);
  run = 0;
  return new Promise((_, reject) => setImmediate(reject, error));
}

/** A call waits for the event loop: the run of immediate completions ends. */
export function waited(): void {
  run = 0;
}
