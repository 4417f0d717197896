// What a fuzzed call came to, by class. The four severe classes are the
// ones the fuzzer exists to find: a crash of the process, a hang (the
// event loop stopped making progress), an unhandled rejection, and an
// internal error (an exception no caller should see: a TypeError or
// RangeError that does not name the function, V8's raw messages, a plain
// Error).
import * as socket from "../../src/index.js";

export const CLASSES = [
  "result", // returned, or its Promise resolved (or was still pending at the end)
  "argument-error", // TypeError/RangeError naming the function
  "oserror", // an OSError subclass
  "aborted", // rejected with the reason of a signal the fuzzer aborted
  "user-error", // an exception the fuzzer's own values threw, passed through
  "crash",
  "hang",
  "unhandled-rejection",
  "internal-error",
] as const;
export type OutcomeClass = (typeof CLASSES)[number];
export const SEVERE: readonly OutcomeClass[] = ["crash", "hang", "unhandled-rejection", "internal-error"];

/** What the fuzzer's values throw (getters, valueOf, iterators). */
export class FuzzThrow extends Error {}
/** The reason the fuzzer aborts its signals with. */
export class FuzzAbort extends Error {}

// Severe outcomes the in-suite run tolerates, by signature: none. A defect
// found and not yet fixed may be listed here, with its issue, until it is.
export const KNOWN_ISSUES: readonly RegExp[] = [];

/** The names a function's argument errors may start with ("name(): "). */
function namesOf(fn: string): string[] {
  // "new error:OSError": an alias of a class, whose errors name the class.
  const names = fn.replace(/^new /, "").split(":");
  const base = names[0]!;
  if (base === "Socket" || base === "SocketType") names.push("socket");
  return names;
}

export function classify(fn: string, error: unknown): OutcomeClass {
  if (error instanceof FuzzThrow) return "user-error";
  if (error instanceof FuzzAbort || (error instanceof Error && error.name === "AbortError")) return "aborted";
  if (error instanceof socket.OSError) return "oserror";
  if (error instanceof TypeError || error instanceof RangeError) {
    return namesOf(fn).some((n) => error.message.startsWith(`${n}(): `)) ? "argument-error" : "internal-error";
  }
  return "internal-error";
}

/** One line naming an outcome, for samples and known-issue matching. */
export function signature(kind: OutcomeClass, error: unknown): string {
  const text = error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
  return `${kind} ${text.split("\n")[0]!.slice(0, 200)}`;
}
