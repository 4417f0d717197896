// The module-wide default timeout and the monotonic clock that deadlines
// are measured on.
import { performance } from "node:perf_hooks";
import { timeout as checkTimeout } from "./validate.js";

let defaultTimeout: number | null = null;

/**
 * The timeout new sockets get, in seconds; null means blocking.
 * @returns seconds, or null (blocking)
 */
export function getdefaulttimeout(): number | null {
  return defaultTimeout;
}

/**
 * Sets the timeout new sockets get (seconds, 0 non-blocking, null blocking).
 * @param timeout seconds, null to block, 0 for non-blocking
 * @throws {TypeError|RangeError} for a negative, NaN or infinite timeout
 */
export function setdefaulttimeout(timeout: number | null): void {
  defaultTimeout = checkTimeout("setdefaulttimeout", timeout);
}

/** Milliseconds on a monotonic clock. */
export function now(): number {
  return performance.now();
}

/** poll(2)'s timeout for a deadline: -1 for none, else ms left (≥ 0). */
export function pollTimeout(deadline: number): number {
  if (deadline === Infinity) return -1;
  const left = Math.ceil(deadline - now());
  return left <= 0 ? 0 : Math.min(left, 0x7fffffff);
}
