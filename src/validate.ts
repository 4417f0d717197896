// Argument checks for the public entry points. Each error names the
// function and the argument and says what was expected, as in
// `bind(): port must be 0-65535`. TypeError for a wrong type, RangeError
// for a value out of range (Python's ValueError/OverflowError).

/** Bytes as the native core takes them: a Uint8Array over the same memory. */
export type Bytes = Uint8Array;

/** What a caller may pass where bytes are expected. */
export type BytesLike = ArrayBufferView | ArrayBuffer;

/** How an error message shows a value it did not expect. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return `an object (${(value as object).constructor?.name ?? "Object"})`;
  // A string shows its quotes, so "9" never reads as the number 9.
  return typeof value === "string" ? `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})` : `${typeof value} ${String(value)}`;
}

export function typeError(fn: string, message: string): TypeError {
  return new TypeError(`${fn}(): ${message}`);
}

export function rangeError(fn: string, message: string): RangeError {
  return new RangeError(`${fn}(): ${message}`);
}

/** An integer in [min, max]. */
export function integer(fn: string, name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number") throw typeError(fn, `${name} must be an integer, not ${describe(value)}`);
  if (!Number.isInteger(value)) throw typeError(fn, `${name} must be an integer, not ${value}`);
  if (value < min || value > max) throw rangeError(fn, `${name} must be ${min}-${max}, not ${value}`);
  return value;
}

export const INT32_MIN = -0x80000000;
export const INT32_MAX = 0x7fffffff;

/** A C `int`. */
export function int32(fn: string, name: string, value: unknown): number {
  return integer(fn, name, value, INT32_MIN, INT32_MAX);
}

/** Whether `value` is a C `int` as it is: the fast path of a check in a
 *  loop, which builds the argument's name for int32() only on failure. */
export function isInt32(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX;
}

/** A set of flags: any 32-bit pattern, signed or unsigned. */
export function flags(fn: string, name: string, value: unknown): number {
  return integer(fn, name, value, INT32_MIN, 0xffffffff) | 0;
}

/** A size or count: a non-negative C `int`. */
export function size(fn: string, name: string, value: unknown): number {
  if (typeof value === "number" && Number.isInteger(value) && value < 0) {
    throw rangeError(fn, `${name} must not be negative, not ${value}`);
  }
  return integer(fn, name, value, 0, INT32_MAX);
}

/** A file descriptor: a non-negative C `int`. */
export function fd(fn: string, value: unknown, name = "fd"): number {
  return integer(fn, name, value, 0, INT32_MAX);
}

export function isBytesLike(value: unknown): value is BytesLike {
  return ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof SharedArrayBuffer;
}

/**
 * Any bytes-like value as a Uint8Array over the same memory (no copy). A
 * string is a TypeError, as in Python: bytes are not text.
 */
export function bytes(fn: string, name: string, value: unknown): Bytes {
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer || value instanceof SharedArrayBuffer) return new Uint8Array(value);
  const hint = typeof value === "string" ? " (encode strings first, e.g. Buffer.from(text))" : "";
  throw typeError(fn, `${name} must be a bytes-like object (Buffer, TypedArray, DataView or ArrayBuffer), not ${describe(value)}${hint}`);
}

export function string(fn: string, name: string, value: unknown): string {
  if (typeof value !== "string") throw typeError(fn, `${name} must be a string, not ${describe(value)}`);
  return value;
}

/**
 * A string the C library reads as a C string. A NUL in it is a RangeError
 * (Python's ValueError "embedded null character"), where C would stop at it.
 */
export function text(fn: string, name: string, value: unknown): string {
  const s = string(fn, name, value);
  if (s.includes("\0")) throw rangeError(fn, `${name} must not contain a NUL character`);
  return s;
}

/** A timeout in seconds: null (blocking), 0 (non-blocking) or positive. */
export function timeout(fn: string, value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== "number") throw typeError(fn, `timeout must be a number of seconds or null, not ${describe(value)}`);
  if (Number.isNaN(value)) throw rangeError(fn, "timeout must not be NaN");
  if (value < 0) throw rangeError(fn, "timeout value out of range (must be non-negative)");
  if (!Number.isFinite(value)) throw rangeError(fn, "timeout must be finite; use null to block");
  return value;
}

export function boolean(fn: string, name: string, value: unknown): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0;
  throw typeError(fn, `${name} must be a boolean, not ${describe(value)}`);
}

/** Options every async method accepts after its last positional argument. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** The options of a call that was given none (shared: never written). */
export const NO_OPTIONS: CallOptions = Object.freeze({});

/** Whether a trailing argument is the options object: a plain object
 *  (`{ signal }`), not an array, bytes, or another iterable such as a Set
 *  or a generator, which are data (sendmmsg's messages). */
export function isOptions(value: unknown): value is CallOptions {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Split the trailing `{ signal }` options object off an argument list, so
 * that `recv(10, { signal })` and `recv(10, 0, { signal })` both work.
 */
export function splitOptions(fn: string, args: readonly unknown[], maxPositional: number): [unknown[], CallOptions] {
  let positional = args as unknown[];
  let options: CallOptions = {};
  const last = args[args.length - 1];
  if (args.length > 0 && isOptions(last)) {
    positional = args.slice(0, -1);
    options = last;
    const signal = options.signal;
    if (signal !== undefined && !(signal instanceof AbortSignal)) {
      throw typeError(fn, `options.signal must be an AbortSignal, not ${describe(signal)}`);
    }
  }
  while (positional.length > 0 && positional[positional.length - 1] === undefined) positional = positional.slice(0, -1);
  if (positional.length > maxPositional) {
    throw typeError(fn, `takes at most ${maxPositional} argument${maxPositional === 1 ? "" : "s"} before the options (${positional.length} given)`);
  }
  return [positional, options];
}
