// Argument checks for the public entry points. Each error names the
// function and the argument and says what was expected, as in
// `bind(): port must be 0-65535`. TypeError for a wrong type, RangeError
// for a value out of range (Python's ValueError/OverflowError).
import { inspect } from "node:util";
import { isAnyArrayBuffer, isDataView, isProxy, isTypedArray } from "node:util/types";

/** Bytes as the native core takes them: a Uint8Array over the same memory. */
export type Bytes = Uint8Array;

/** What a caller may pass where bytes are expected. */
export type BytesLike = ArrayBufferView | ArrayBuffer;

/** How an error message shows a value it did not expect. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  // A Proxy's traps may throw (a revoked one throws on anything).
  if (isProxy(value)) return "a Proxy";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return `an object (${(value as object).constructor?.name ?? "Object"})`;
  // A string shows its quotes, so "9" never reads as the number 9.
  return typeof value === "string" ? `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})` : `${typeof value} ${String(value)}`;
}

/**
 * A value as util.inspect shows it, for an error message about a caller's
 * value. inspect reads getters and views (a detached DataView's byteLength,
 * a Proxy of a typed array's length), and Deno's throws for a revoked Proxy
 * (Node's shows "<Revoked Proxy>"): then the value is only described, and
 * the message is still the TypeError that names the function.
 */
export function show(value: unknown): string {
  try {
    return inspect(value, { depth: 2, breakLength: Infinity });
  } catch {
    return describe(value);
  }
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

/** Array.isArray that answers false for a revoked Proxy instead of throwing. */
export function isArray(value: unknown): value is unknown[] {
  try {
    return Array.isArray(value);
  } catch {
    return false;
  }
}

export function isBytesLike(value: unknown): value is BytesLike {
  // isAnyArrayBuffer, not instanceof: it never runs a Proxy's traps.
  return ArrayBuffer.isView(value) || isAnyArrayBuffer(value);
}

// The intrinsic accessors of typed arrays, DataViews and ArrayBuffers: they
// read a value's real memory whatever its class overrides (a subclass whose
// `length` lies), and throw on a value that only looks like one (a Proxy).
const typedArrayProto = Object.getPrototypeOf(Uint8Array.prototype) as object;
function intrinsic(proto: object, name: string): (this: unknown) => unknown {
  return Object.getOwnPropertyDescriptor(proto, name)!.get!;
}
const taBuffer = intrinsic(typedArrayProto, "buffer");
const taOffset = intrinsic(typedArrayProto, "byteOffset");
const taLength = intrinsic(typedArrayProto, "byteLength");
const dvBuffer = intrinsic(DataView.prototype, "buffer");
const dvOffset = intrinsic(DataView.prototype, "byteOffset");
const dvLength = intrinsic(DataView.prototype, "byteLength");
const bufferProto: object = Buffer.prototype;
const uint8Proto: object = Uint8Array.prototype;

/** Whether an ArrayBuffer's memory was transferred away (Node 20 has no
 *  `detached` getter; only a detached buffer refuses a new view). */
function isDetached(buffer: ArrayBufferLike): boolean {
  if (buffer.byteLength !== 0 || buffer instanceof SharedArrayBuffer) return false;
  try {
    new Uint8Array(buffer);
    return false;
  } catch {
    return true;
  }
}

function notBytes(fn: string, name: string, value: unknown): TypeError {
  if (isProxy(value)) return typeError(fn, `${name} must be a bytes-like object, not a Proxy (pass the object itself)`);
  const hint = typeof value === "string" ? " (encode strings first, e.g. Buffer.from(text))" : "";
  return typeError(fn, `${name} must be a bytes-like object (Buffer, TypedArray, DataView or ArrayBuffer), not ${describe(value)}${hint}`);
}

function detached(fn: string, name: string): TypeError {
  return typeError(fn, `${name} is a detached buffer (its memory was transferred)`);
}

/**
 * Any bytes-like value as a Uint8Array over the same memory (no copy). A
 * string is a TypeError, as in Python: bytes are not text. So is a value
 * whose memory was detached (it is never sent as 0 bytes), and a Proxy.
 * A plain Buffer or Uint8Array is returned as it is; anything else as a
 * new Uint8Array over the memory its intrinsic accessors report.
 */
export function bytes(fn: string, name: string, value: unknown): Bytes {
  return isPlainBytes(value) ? value : bytesOf(fn, name, value);
}

/** bytes()'s fast path: a plain, non-empty Buffer or Uint8Array that is
 *  what it claims to be (callers in loops build argument names only when
 *  this is false). */
export function isPlainBytes(value: unknown): value is Bytes {
  let n: number;
  try {
    // instanceof and getPrototypeOf run a Proxy's traps, which may throw
    // (a revoked Proxy); the intrinsic length throws for any Proxy.
    if (!(value instanceof Uint8Array)) return false;
    const proto = Object.getPrototypeOf(value) as object;
    if (proto !== bufferProto && proto !== uint8Proto) return false;
    n = taLength.call(value) as number;
  } catch {
    return false;
  }
  // `length` as the memory says (no own property overriding it), and not detached.
  return n !== 0 && value.length === n;
}

function bytesOf(fn: string, name: string, value: unknown): Bytes {
  let buffer: ArrayBufferLike;
  let offset = 0;
  let length: number;
  if (isTypedArray(value)) {
    buffer = taBuffer.call(value) as ArrayBufferLike;
    offset = taOffset.call(value) as number;
    length = taLength.call(value) as number;
  } else if (isDataView(value)) {
    buffer = dvBuffer.call(value) as ArrayBufferLike;
    if (isDetached(buffer)) throw detached(fn, name);
    offset = dvOffset.call(value) as number;
    length = dvLength.call(value) as number;
  } else if (isAnyArrayBuffer(value)) {
    buffer = value;
    length = value.byteLength;
  } else {
    throw notBytes(fn, name, value);
  }
  if (length === 0 && isDetached(buffer)) throw detached(fn, name);
  return new Uint8Array(buffer, offset, length);
}

/**
 * A pending call's bytes must still be all there when it tries again: a
 * buffer detached (transferred) or shrunk while the call waited fails the
 * call, naming what it had done, instead of sending or receiving less.
 * Callers whose `done` text is built per call test `view.byteLength <
 * length` first, so that the hot path builds no string.
 */
export function checkHeld(fn: string, name: string, view: Uint8Array, length: number, done = ""): void {
  if (view.byteLength < length) {
    throw typeError(fn, `${name} was detached or shrunk while the call was pending${done === "" ? "" : ` (${done})`}`);
  }
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
  let proto: unknown;
  try {
    proto = Object.getPrototypeOf(value);
  } catch {
    return false; // a revoked Proxy: an argument, refused where it is checked
  }
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

/**
 * splitOptions() for an async call: a signal that has already aborted
 * fails the call (its reason is thrown, for the caller to reject with)
 * before any other argument is checked or anything is started. Every async
 * function checks its signal this way, first.
 */
export function asyncOptions(fn: string, args: readonly unknown[], maxPositional: number): [unknown[], CallOptions] {
  const split = splitOptions(fn, args, maxPositional);
  const signal = split[1].signal;
  if (signal?.aborted) throw signal.reason;
  return split;
}
