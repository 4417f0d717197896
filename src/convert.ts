// Pure conversions: IP addresses between text and packed bytes, and
// integers between host and network byte order.
import { endianness } from "node:os";
import { binding } from "./binding.js";
import { AF_INET, AF_INET6 } from "./constants.gen.js";
import { OSError, osError } from "./errors.js";
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from "./inet.js";
import * as v from "./validate.js";

const bigEndian = endianness() === "BE";

/**
 * An IPv4 address in any form the C library's inet_aton(3) accepts
 * ("127.1", "0x7f.1", "010.0.0.1"...) as 4 packed bytes.
 * @param ipString an IPv4 address in any form inet_aton(3) takes ("127.1", "0x7f.1")
 * @returns its 4 bytes
 * @throws {OSError} (no errno) for an illegal string
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function inet_aton(ipString: string): Buffer {
  const fn = "inet_aton";
  const text = v.text(fn, "ipString", ipString);
  const packed = binding.inet_aton(text);
  if (packed === null) throw new OSError(null, "illegal IP address string passed to inet_aton", { syscall: fn });
  return packed;
}

/**
 * 4 packed bytes as a dotted-quad string.
 * @param packedIp 4 bytes
 * @returns the dotted quad
 * @throws {RangeError} when not 4 bytes long
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function inet_ntoa(packedIp: v.BytesLike): string {
  const bytes = v.bytes("inet_ntoa", "packedIp", packedIp);
  if (bytes.length !== 4) throw new OSError(null, "packed IP wrong length for inet_ntoa", { syscall: "inet_ntoa" });
  return formatIPv4(bytes);
}

/**
 * An IPv4 or IPv6 address in its standard text form as packed bytes (inet_pton(3)).
 * @param addressFamily AF_INET or AF_INET6
 * @param ipString the address
 * @returns its bytes (4 or 16)
 * @throws {OSError} (no errno) for an illegal string; EAFNOSUPPORT for another family
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function inet_pton(addressFamily: number, ipString: string): Buffer {
  const fn = "inet_pton";
  const af = v.int32(fn, "addressFamily", addressFamily);
  const text = v.text(fn, "ipString", ipString);
  let packed: Uint8Array | null;
  if (af === AF_INET) packed = parseIPv4(text);
  else if (af === AF_INET6) packed = parseIPv6(text);
  else throw osError(binding.errno.EAFNOSUPPORT!, fn);
  if (packed === null) throw new OSError(null, "illegal IP address string passed to inet_pton", { syscall: fn });
  return Buffer.from(packed);
}

/**
 * Packed IPv4 (4 bytes) or IPv6 (16 bytes) as text, as inet_ntop(3) prints it.
 * @param addressFamily AF_INET or AF_INET6
 * @param packedIp 4 or 16 bytes
 * @returns the address as text
 * @throws {RangeError} for a length that does not fit the family
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function inet_ntop(addressFamily: number, packedIp: v.BytesLike): string {
  const fn = "inet_ntop";
  const af = v.int32(fn, "addressFamily", addressFamily);
  const bytes = v.bytes(fn, "packedIp", packedIp);
  const want = af === AF_INET ? 4 : af === AF_INET6 ? 16 : -1;
  if (want === -1) throw v.rangeError(fn, `unknown address family ${af}`);
  if (bytes.length !== want) throw v.rangeError(fn, "invalid length of packed IP address string");
  return af === AF_INET ? formatIPv4(bytes) : formatIPv6(bytes);
}

function swap16(x: number): number {
  return bigEndian ? x : ((x & 0xff) << 8) | (x >>> 8);
}

function swap32(x: number): number {
  return bigEndian ? x : (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;
}

/**
 * A 16-bit integer from host to network byte order.
 * @param x 0-65535
 * @returns x in network byte order
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function htons(x: number): number {
  return swap16(v.integer("htons", "x", x, 0, 0xffff));
}

/**
 * A 16-bit integer from network to host byte order.
 * @param x 0-65535
 * @returns x in host byte order
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function ntohs(x: number): number {
  return swap16(v.integer("ntohs", "x", x, 0, 0xffff));
}

/**
 * A 32-bit integer from host to network byte order.
 * @param x 0-4294967295
 * @returns x in network byte order
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function htonl(x: number): number {
  return swap32(v.integer("htonl", "x", x, 0, 0xffffffff));
}

/**
 * A 32-bit integer from network to host byte order.
 * @param x 0-4294967295
 * @returns x in host byte order
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function ntohl(x: number): number {
  return swap32(v.integer("ntohl", "x", x, 0, 0xffffffff));
}
