// One "abort" listener per AbortSignal, however many calls wait on it.
// A signal shared by many pending calls would otherwise carry one listener
// per call, and Node warns (MaxListenersExceededWarning) past ten: a
// library must not put that on a user's signal. Each call registers its
// callback here; the signal's one listener runs them all, and is removed
// as soon as no call waits on that signal any more.

const waiting = new WeakMap<AbortSignal, Set<() => void>>();

function fire(event: Event): void {
  const signal = event.target as AbortSignal;
  if (!signal.aborted) return; // an "abort" event dispatched by hand aborts nothing
  const callbacks = waiting.get(signal);
  waiting.delete(signal);
  signal.removeEventListener("abort", fire);
  if (callbacks === undefined) return;
  for (const callback of callbacks) {
    try {
      callback();
    } catch (error) {
      // One failing callback must not keep the other calls waiting: the
      // error is reported as a throwing event listener's is.
      process.nextTick(() => {
        throw error;
      });
    }
  }
}

/** Runs `callback` when `signal` aborts, until offAbort(). */
export function onAbort(signal: AbortSignal, callback: () => void): void {
  let callbacks = waiting.get(signal);
  if (callbacks === undefined) {
    callbacks = new Set();
    waiting.set(signal, callbacks);
    signal.addEventListener("abort", fire);
  }
  callbacks.add(callback);
}

/** Forgets a callback of onAbort(); the last one removes the listener. */
export function offAbort(signal: AbortSignal, callback: () => void): void {
  const callbacks = waiting.get(signal);
  if (callbacks === undefined || !callbacks.delete(callback) || callbacks.size > 0) return;
  waiting.delete(signal);
  signal.removeEventListener("abort", fire);
}
