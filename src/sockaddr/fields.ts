// Checks and field access shared by the codecs of the families beyond IP
// and Unix: unsigned fields, interface names and indexes.
import { binding } from "../binding.js";
import { argError, osError } from "../errors.js";
import { integer, string } from "../validate.js";
import { readU32, writeU32 } from "../native-endian.js";
import { layout, newSockaddr, registerFamily, tuple } from "./common.js";

export function u8(fn: string, name: string, value: unknown): number {
  return integer(fn, name, value, 0, 0xff);
}

export function u16(fn: string, name: string, value: unknown): number {
  return integer(fn, name, value, 0, 0xffff);
}

export function u32(fn: string, name: string, value: unknown): number {
  return integer(fn, name, value, 0, 0xffffffff);
}

/** An optional unsigned field: `fallback` when omitted. */
export function optional(value: unknown, fallback: number, check: (v: unknown) => number): number {
  return value === undefined ? fallback : check(value);
}

const IFNAMSIZ = (binding.constants.IFNAMSIZ as number | undefined) ?? 16;

/**
 * The index of the interface `name`, as the kernel wants it in AF_PACKET
 * and AF_CAN addresses (if_nametoindex(3)). "" is index 0 (any interface).
 * A name that cannot fit is an OSError, as in CPython; one that does not
 * exist is the C library's error (ENODEV).
 */
export function interfaceIndex(fn: string, family: string, value: unknown): number {
  const name = string(fn, "interface name", value);
  if (name === "") return 0;
  if (Buffer.byteLength(name) >= IFNAMSIZ || name.includes("\0")) {
    throw argError(fn, `${family} interface name too long`, "ENAMETOOLONG");
  }
  const index = binding.if_nametoindex(name);
  if (index < 0) throw osError(-index, fn);
  return index;
}

/** The name of interface `index` (if_indextoname(3)); "" for 0 or an
 *  index that no longer exists, as CPython gives. */
export function interfaceName(index: number): string {
  if (index <= 0) return "";
  const name = binding.if_indextoname(index);
  return typeof name === "string" ? name : "";
}

/** The sockaddr bytes that are there, zero-padded to `size` so every field
 *  of a short address reads as 0 instead of past the end. */
export function padded(bytes: Buffer, length: number, size: number): Buffer {
  if (length >= size) return bytes;
  const out = Buffer.alloc(size);
  bytes.copy(out, 0, 0, length);
  return out;
}

/**
 * The codec of a family whose address is two native-endian 32-bit fields
 * (AF_NETLINK [pid, groups], AF_VSOCK [cid, port], AF_QIPCRTR [node, port]),
 * registered when the platform has its struct.
 */
export function registerU32Pair(family: number | undefined, familyName: string, structName: string,
  [first, second]: [name: string, field: string][]): void {
  const struct = layout[structName];
  if (struct === undefined || family === undefined) return;
  const shape = `a [${first[0]}, ${second[0]}] pair`;
  registerFamily(family, {
    encode(fn, address) {
      const [a, b] = tuple(fn, address, familyName, shape, 2);
      const out = newSockaddr(struct.size!, family);
      writeU32(out, u32(fn, first[0], a), struct[first[1]]!);
      writeU32(out, u32(fn, second[0], b), struct[second[1]]!);
      return out;
    },
    decode(bytes, length): [number, number] {
      const b = padded(bytes, length, struct.size!);
      return [readU32(b, struct[first[1]]!), readU32(b, struct[second[1]]!)];
    },
  });
}
