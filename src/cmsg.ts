// Control messages (ancillary data) as sendmsg(2) and recvmsg(2) carry
// them: `[level, type, data]` triples, laid out and read with the
// platform's CMSG_* rules. Nothing here is typed in by hand: CMSG_LEN(0),
// the alignment unit, where CMSG_DATA starts and the width of cmsg_len come
// from the headers, through the addon's layouts (native/layout.cc).
import { isProxy } from "node:util/types";
import { binding } from "./binding.js";
import { SCM_RIGHTS, SOL_SOCKET } from "./constants.gen.js";
import { argError } from "./errors.js";
import { readI32, readU32, readU64, writeI32, writeU32, writeU64 } from "./native-endian.js";
import * as v from "./validate.js";

/** A control message: `[level, type, data]` (Python's `(cmsg_level, cmsg_type, cmsg_data)`). */
export type AncillaryData = [level: number, type: number, data: Buffer];

/** A control message as sendmsg() takes it: the data may be any bytes-like value. */
export type AncillaryInput = readonly [level: number, type: number, data: v.BytesLike];

const header = binding.layout.cmsghdr!;
const facts = binding.layout.cmsg!;
const ALIGN = facts.align!; // CMSG_ALIGN's unit
const LEN0 = facts.len0!; // CMSG_LEN(0): the header and its padding
const SPACE0 = facts.space1! - ALIGN; // CMSG_SPACE(0)
const DATA = facts.data ?? LEN0; // where CMSG_DATA points, from the header's start
const LEN_SIZE = header.cmsg_len_size!; // socklen_t (4) or size_t (8)

/** A C int's size: descriptors travel in SCM_RIGHTS as arrays of them. */
export const INT_SIZE = 4;

// CPython bounds both functions so the result fits its SOCKLEN_T_LIMIT
// (INT_MAX), CMSG_SPACE a little more tightly: its check is
// length <= INT_MAX - CMSG_SPACE(1).
const LIMIT = v.INT32_MAX;
/** CMSG_LEN's largest argument. */
export const LEN_ARG_MAX = LIMIT - LEN0;
const SPACE_ARG_MAX = LIMIT - facts.space1!;

function alignUp(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

function lengthArg(fn: string, length: unknown, max: number): number {
  if (typeof length === "number" && Number.isInteger(length) && (length < 0 || length > max)) {
    throw v.rangeError(fn, `length out of range (must be 0-${max}, not ${length})`);
  }
  return v.integer(fn, "length", length, 0, max);
}

/**
 * The length of a control message with `length` bytes of data, without
 * trailing padding (the C macro CMSG_LEN). RangeError outside 0 to
 * INT_MAX - CMSG_LEN(0), where Python raises OverflowError.
 * @param length bytes of data
 * @returns the control message's length without trailing padding
 * @throws {RangeError} beyond what fits
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function CMSG_LEN(length: number): number {
  return LEN0 + lengthArg("CMSG_LEN", length, LEN_ARG_MAX);
}

/**
 * The room a control message with `length` bytes of data takes in a
 * receive buffer, padding included (the C macro CMSG_SPACE). Sum these for
 * recvmsg's `ancbufsize`. RangeError when out of range, as CMSG_LEN.
 * @param length bytes of data
 * @returns the room the control message takes, with padding
 * @throws {RangeError} beyond what fits
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function CMSG_SPACE(length: number): number {
  return SPACE0 + alignUp(lengthArg("CMSG_SPACE", length, SPACE_ARG_MAX));
}

/** cmsg_len, 4 or 8 bytes wide. Values beyond 2^53 only need to compare as huge. */
const readLength: (buf: Buffer, offset: number) => number =
  LEN_SIZE === 4 ? readU32 : (buf, offset) => Number(readU64(buf, offset));

const writeLength: (buf: Buffer, value: number, offset: number) => void =
  LEN_SIZE === 4 ? writeU32 : (buf, value, offset) => writeU64(buf, BigInt(value), offset);

/** Whether `value` is iterable (false, not a throw, for a revoked Proxy). */
export function isIterable(value: unknown): value is Iterable<unknown> {
  if (value === null || value === undefined) return false;
  try {
    return typeof (value as Iterable<unknown>)[Symbol.iterator] === "function";
  } catch {
    return false; // a revoked Proxy
  }
}

/**
 * The items of an iterable argument as an array. A string or a bytes-like
 * value is refused even though it is iterable: its items are characters or
 * numbers, never what the caller meant.
 */
export function itemsOf(fn: string, name: string, value: unknown, expected: string): unknown[] {
  if (!isIterable(value) || typeof value === "string" || v.isBytesLike(value)) {
    const hint = v.isBytesLike(value) ? " (put a single buffer in an array: [data])" : "";
    throw v.typeError(fn, `${name} must be ${expected}, not ${v.describe(value)}${hint}`);
  }
  if (v.isArray(value)) return value;
  try {
    return Array.from(value);
  } catch (error) {
    // A Proxy of a typed array is iterable but its iterator refuses it.
    if (isProxy(value)) throw v.typeError(fn, `${name} must be ${expected}, not a Proxy`);
    throw error;
  }
}

/**
 * The control buffer for sendmsg: each `[level, type, data]` item at a
 * CMSG_SPACE boundary, its cmsg_len CMSG_LEN(data length), as CPython's
 * sendmsg lays them out (the buffer is zeroed, padding included). null
 * when there are none.
 */
export function encodeAncdata(fn: string, ancdata: unknown): Buffer | null {
  if (ancdata === undefined || ancdata === null) return null;
  const items = itemsOf(fn, "ancdata", ancdata, "an iterable of [level, type, data] triples");
  if (items.length === 0) return null;
  const parts: [number, number, Uint8Array][] = [];
  let total = 0;
  // Array.from: a hole in a sparse array is visited (and refused) as undefined.
  Array.from(items).forEach((item, i) => {
    if (!Array.isArray(item) || item.length !== 3) {
      const what = Array.isArray(item) ? `an array of length ${item.length}` : v.describe(item);
      throw v.typeError(fn, `ancdata[${i}] must be a [level, type, data] triple, not ${what}`);
    }
    // Each name is built only for its error: this runs for every item of every call.
    const [l, t, d] = item as unknown[];
    const level = v.isInt32(l) ? l : v.int32(fn, `ancdata[${i}] level`, l);
    const type = v.isInt32(t) ? t : v.int32(fn, `ancdata[${i}] type`, t);
    const data = v.isPlainBytes(d) ? d : v.bytes(fn, `ancdata[${i}] data`, d);
    if (data.length > SPACE_ARG_MAX) throw argError(fn, "ancillary data item too large");
    total += CMSG_SPACE(data.length);
    if (total > LIMIT) throw argError(fn, "too much ancillary data");
    parts.push([level, type, data]);
  });
  const out = Buffer.alloc(total);
  let offset = 0;
  for (const [level, type, data] of parts) {
    writeLength(out, LEN0 + data.length, offset + header.cmsg_len!);
    writeI32(out, level, offset + header.cmsg_level!);
    writeI32(out, type, offset + header.cmsg_type!);
    out.set(data, offset + DATA);
    offset += CMSG_SPACE(data.length);
  }
  return out;
}

/**
 * Calls `visit(offset, level, type, dataStart, dataEnd)` for each control
 * message in the first `controllen` bytes of `control`, as CMSG_FIRSTHDR
 * and CMSG_NXTHDR walk them. Only what lies inside the buffer is visited:
 * an item needs its whole header there; one that claims more than is left
 * (truncated) is cut at the end; a cmsg_len shorter than a header ends the
 * walk (malformed: the kernel never writes one).
 */
function walk(control: Buffer, controllen: number, visit: (level: number, type: number, start: number, end: number) => void): void {
  const end = Math.min(controllen, control.length);
  for (let offset = 0; offset + Math.max(LEN0, DATA) <= end; ) {
    const length = readLength(control, offset + header.cmsg_len!);
    if (length < LEN0) return;
    const level = readI32(control, offset + header.cmsg_level!);
    const type = readI32(control, offset + header.cmsg_type!);
    visit(level, type, offset + DATA, Math.min(offset + length, end));
    if (length > end - offset) return;
    offset += alignUp(length);
  }
}

/** The control messages the kernel wrote into `control[0, controllen)`, each a copy. */
export function decodeAncdata(control: Buffer, controllen: number): AncillaryData[] {
  const items: AncillaryData[] = [];
  walk(control, controllen, (level, type, start, end) => {
    items.push([level, type, Buffer.from(control.subarray(start, end))]);
  });
  return items;
}

/** The descriptors an SCM_RIGHTS item holds: whole C ints only. */
function fdsOf(data: Buffer): number[] {
  const fds: number[] = [];
  for (let at = 0; at + INT_SIZE <= data.length; at += INT_SIZE) fds.push(readI32(data, at));
  return fds;
}

/** Every descriptor of the SCM_RIGHTS messages in `ancdata`. */
export function receivedFds(ancdata: readonly AncillaryData[]): number[] {
  return ancdata.filter(([level, type]) => level === SOL_SOCKET && type === SCM_RIGHTS).flatMap(([, , data]) => fdsOf(data));
}

/**
 * Closes every descriptor the kernel put in `control[0, controllen)`:
 * what a receive that cannot return its result does, so that none leaks.
 */
export function closeReceivedFds(control: Buffer, controllen: number): void {
  walk(control, controllen, (level, type, start, end) => {
    if (level !== SOL_SOCKET || type !== SCM_RIGHTS) return;
    for (const fd of fdsOf(control.subarray(start, end))) binding.close(fd);
  });
}

/** recvmsg's ancbufsize: 0 (no control data) when omitted. */
export function ancbufsizeArg(fn: string, value: unknown): number {
  return value === undefined || value === null ? 0 : v.size(fn, "ancbufsize", value);
}

/** The data of an SCM_RIGHTS message: the descriptors as C ints. */
export function fdsData(fn: string, fds: unknown): Buffer {
  const list = itemsOf(fn, "fds", fds, "an iterable of file descriptors");
  const out = Buffer.alloc(list.length * INT_SIZE);
  list.forEach((fd, i) => writeI32(out, v.isInt32(fd) ? fd : v.int32(fn, `fds[${i}]`, fd), i * INT_SIZE));
  return out;
}
