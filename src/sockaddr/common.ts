// What every family's codec shares: the generic sockaddr header, the
// family registry, the layouts the addon read from the system headers, the
// tuple shape check and NUL-padded strings.
import { binding } from "../binding.js";
import { readU16, writeU16 } from "../native-endian.js";
import { isArray, show, typeError } from "../validate.js";

export const layout = binding.layout;
const sockaddr = layout.sockaddr!;

/** Room for any address the kernel can return (sockaddr_storage). */
export const SOCKADDR_MAX = layout.sockaddr_storage!.size!;

/** A socket's identity, which some families need to shape an address. */
export interface SocketShape {
  family: number;
  type: number;
  proto: number;
}

/** Turns a family's address value into sockaddr bytes and back. */
export interface FamilyCodec {
  /** Checks `address` (naming `fn` in errors) and returns the sockaddr
   *  bytes, exactly as long as the address. Host names are resolved by
   *  `resolveHost`. */
  encode(fn: string, address: unknown, shape: SocketShape): Buffer;
  /** Decodes `length` bytes of `bytes` (never more). */
  decode(bytes: Buffer, length: number, shape: SocketShape): unknown;
}

const codecs = new Map<number, FamilyCodec>();

export function registerFamily(family: number | bigint | undefined, codec: FamilyCodec): void {
  if (typeof family === "number") codecs.set(family, codec);
}

export function codecFor(family: number): FamilyCodec | undefined {
  return codecs.get(family);
}

/** A zeroed sockaddr of `size` bytes with its family field set (and its
 *  length field, where the platform has one), followed by `spare` zero
 *  bytes that are not part of it. */
export function newSockaddr(size: number, family: number, spare = 0): Buffer {
  const out = Buffer.alloc(size + spare);
  if (sockaddr.sa_len !== undefined) out[sockaddr.sa_len] = size;
  if (sockaddr.sa_family_size === 1) out[sockaddr.sa_family!] = family;
  else writeU16(out, family, sockaddr.sa_family!);
  return out;
}

/** The family field of a sockaddr, or -1 when too short to have one. */
export function sockaddrFamily(bytes: Buffer, length: number): number {
  const offset = sockaddr.sa_family!;
  const size = sockaddr.sa_family_size!;
  if (length < offset + size) return -1;
  if (size === 1) return bytes[offset]!;
  return readU16(bytes, offset);
}

/** Where the family-specific data starts (sa_data). */
export const SA_DATA_OFFSET = sockaddr.sa_family! + sockaddr.sa_family_size!;

/** `address` as an array of `min`..`max` elements, else a TypeError that
 *  shows the expected shape (`bind(): AF_NETLINK address must be [pid, groups], not 5`;
 *  `family` "" leaves the family's name out, as AF_INET's messages do). */
export function tuple(fn: string, address: unknown, family: string, shape: string, min: number, max = min): unknown[] {
  if (!isArray(address) || address.length < min || address.length > max) {
    throw typeError(fn, `${family === "" ? "" : `${family} `}address must be ${shape}, not ${show(address)}`);
  }
  return address;
}

/** A NUL-padded fixed array as a string (strnlen, then UTF-8). */
export function readFixedString(bytes: Buffer, offset: number, size: number, length: number): string {
  return bytes.toString("utf8", offset, offset + fixedStringLength(bytes, offset, size, length));
}

/** How many bytes readFixedString() decodes: up to the NUL or the end. */
export function fixedStringLength(bytes: Buffer, offset: number, size: number, length: number): number {
  const end = Math.min(offset + size, length);
  if (end <= offset) return 0;
  const nul = bytes.indexOf(0, offset);
  return (nul === -1 || nul > end ? end : nul) - offset;
}
