// Addresses of every family: tuple ⇄ sockaddr bytes. Each family's codec
// lives in its own file and registers itself here; a family without a
// codec decodes to [family, bytes] instead of failing.
import "./inet.js";
import "./unix.js";
import "./netlink.js";
import "./packet.js";
import "./vsock.js";
import "./can.js";
import "./alg.js";
import "./tipc.js";
import "./bluetooth.js";
import "./qipcrtr.js";
import "./rds.js";
import { typeError } from "../validate.js";
import { type SocketShape, codecFor, sockaddrFamily, SA_DATA_OFFSET, SOCKADDR_MAX } from "./common.js";

export type { SocketShape } from "./common.js";
import type { InetAddress, Inet6Address } from "./inet.js";
import type { UnixAddress } from "./unix.js";
export type { InetAddress, Inet6Address, UnixAddress };
export type { NetlinkAddress } from "./netlink.js";
export type { PacketAddress } from "./packet.js";
export type { VsockAddress } from "./vsock.js";
export type { CanAddress, CanIsotpAddress, CanJ1939Address } from "./can.js";
export type { AlgAddress } from "./alg.js";
export type { TipcAddress } from "./tipc.js";
export type { L2capAddress, RfcommAddress, HciAddress, ScoAddress } from "./bluetooth.js";
export type { QipcrtrAddress } from "./qipcrtr.js";
export { SOCKADDR_MAX } from "./common.js";
import type { SocketAddress } from "./types.js";
export type * from "./types.js";
export { setHostResolver, type HostResolver, type HostAddress } from "./host.js";

/** The sockaddr bytes of `address` for a socket of this shape. */
export function encodeAddress(fn: string, address: unknown, shape: SocketShape): Buffer {
  const codec = codecFor(shape.family);
  if (codec === undefined) throw typeError(fn, `addresses of family ${shape.family} are not supported`);
  return codec.encode(fn, address, shape);
}

/** The address value of `length` sockaddr bytes; null when there are none
 *  (a sender without an address). */
export function decodeAddress(bytes: Buffer, length: number, shape: SocketShape): SocketAddress | null {
  if (length <= 0) return null;
  const len = Math.min(length, bytes.length, SOCKADDR_MAX);
  const family = sockaddrFamily(bytes, len);
  const codec = codecFor(family);
  if (codec === undefined) return [family, Buffer.from(bytes.subarray(SA_DATA_OFFSET, len))];
  return codec.decode(bytes, len, shape) as SocketAddress;
}
