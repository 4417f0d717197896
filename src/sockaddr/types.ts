// The types of addresses, family by family: what the codecs accept (the
// `…Input` forms, with the optional elements the codecs fill in) and what
// they return, and the maps from a socket's family (and type) to them,
// which make `Socket<AF_INET>`'s getsockname() a `[string, number]`.
// Types only: the codecs next to this file check the values at run time.
import type { AddressFamily, SocketKind } from "../public-constants.js";
import type { BytesLike } from "../validate.js";
import type { InetAddress, Inet6Address } from "./inet.js";
import type { UnixAddress } from "./unix.js";
import type { NetlinkAddress } from "./netlink.js";
import type { PacketAddress } from "./packet.js";
import type { VsockAddress } from "./vsock.js";
import type { CanAddress, CanIsotpAddress, CanJ1939Address } from "./can.js";
import type { AlgAddress } from "./alg.js";
import type { TipcAddress } from "./tipc.js";
import type { L2capAddress, RfcommAddress, HciAddress, ScoAddress } from "./bluetooth.js";
import type { QipcrtrAddress } from "./qipcrtr.js";

/** An address of any family, as returned: `[host, port]` (AF_INET),
 *  `[host, port, flowinfo, scopeId]` (AF_INET6), a path or abstract name
 *  (AF_UNIX), the other families' tuples, and `[family, bytes]` for a
 *  family without a codec. */
export type SocketAddress =
  | InetAddress
  | Inet6Address
  | UnixAddress
  | NetlinkAddress
  | PacketAddress
  | VsockAddress
  | CanAddress
  | CanIsotpAddress
  | CanJ1939Address
  | AlgAddress
  | TipcAddress
  | L2capAddress
  | RfcommAddress
  | HciAddress
  | ScoAddress
  | QipcrtrAddress
  | UnknownAddress;

/** An address the library has no codec for, as returned: its family and
 *  the bytes after the family field (a family without a codec, an AF_TIPC
 *  address type or a Bluetooth protocol it does not know). Not accepted as
 *  input: no codec could encode it. */
export type UnknownAddress = [family: number, data: Buffer];

/** An AF_INET (and AF_RDS) address as accepted: `[host, port]`; host `""` is any, `"<broadcast>"` the broadcast address, a name is resolved. */
export type InetAddressInput = readonly [host: string, port: number];
/** An AF_INET6 address as accepted: flowinfo and scopeId default to 0 (a `%zone` in host gives the scope). */
export type Inet6AddressInput = readonly [host: string, port: number, flowinfo?: number, scopeId?: number];
/** An AF_UNIX address as accepted: a path, or bytes (a leading NUL: Linux's abstract namespace). */
export type UnixAddressInput = string | BytesLike;
/** An AF_PACKET address as accepted: `[ifname, proto]` and optionally pkttype, hatype and the hardware address. */
export type PacketAddressInput = readonly [ifname: string, proto: number, pkttype?: number, hatype?: number, addr?: BytesLike];
/** An AF_ALG address as accepted: `[type, name]`, feat and mask default to 0. */
export type AlgAddressInput = readonly [type: string, name: string, feat?: number, mask?: number];
/** An AF_TIPC address as accepted: scope defaults to 0. */
export type TipcAddressInput = readonly [addrType: number, v1: number, v2: number, v3: number, scope?: number];
/** An AF_CAN address as accepted, by protocol: `[ifname]`, ISO-TP `[ifname, rxId, txId]`, J1939 `[ifname, name, pgn, addr]` (name a bigint, or a number that is a safe integer). */
export type CanAddressInput = readonly [ifname: string] | readonly [ifname: string, rxId: number, txId: number] | readonly [ifname: string, name: bigint | number, pgn: number, addr: number];
/** A Bluetooth address as accepted, by protocol (a bdaddr is `"XX:XX:XX:XX:XX:XX"` or its bytes). */
export type BluetoothAddressInput =
  | readonly [bdaddr: string | BytesLike, psm: number, cid?: number, bdaddrType?: number]
  | readonly [bdaddr: string | BytesLike, channel: number]
  | number
  | readonly [deviceId: number, channel?: number]
  | string
  | BytesLike;

/** An address of any family, as accepted. */
export type SocketAddressInput =
  | InetAddressInput
  | Inet6AddressInput
  | UnixAddressInput
  | PacketAddressInput
  | AlgAddressInput
  | TipcAddressInput
  | CanAddressInput
  | BluetoothAddressInput
  | readonly [number, number];

/** What a socket of family `F` returns as an address (getsockname, recvfrom…);
 *  for a union of families, the union of their addresses. */
export type AddressOf<F extends AddressFamily> =
  F extends AddressFamily<"AF_INET" | "AF_RDS"> ? InetAddress
  : F extends AddressFamily<"AF_INET6"> ? Inet6Address
  : F extends AddressFamily<"AF_UNIX"> ? UnixAddress
  : F extends AddressFamily<"AF_NETLINK"> ? NetlinkAddress
  : F extends AddressFamily<"AF_PACKET"> ? PacketAddress
  : F extends AddressFamily<"AF_VSOCK"> ? VsockAddress
  : F extends AddressFamily<"AF_QIPCRTR"> ? QipcrtrAddress
  : F extends AddressFamily<"AF_TIPC"> ? TipcAddress | UnknownAddress
  : F extends AddressFamily<"AF_ALG"> ? AlgAddress
  : F extends AddressFamily<"AF_CAN"> ? CanAddress | CanIsotpAddress | CanJ1939Address
  : F extends AddressFamily<"AF_BLUETOOTH"> ? L2capAddress | RfcommAddress | HciAddress | ScoAddress | UnknownAddress
  : SocketAddress;

/**
 * What a socket of family `F` accepts as an address (bind, connect,
 * sendto…): exactly its family's forms, those its codec takes at run time
 * (an `AF_INET` socket rejects `5`, `"x"` or `["::1", 80, 0, 0]` at compile
 * time, as the codec would at run time). For a socket of unknown family
 * (plain `Socket`, `F` = `AddressFamily`) or a family without a codec: any
 * family's form, and any address a socket returned (`SocketAddress`), which
 * the codec of the socket's real family checks at run time.
 */
// The branches mirror AddressOf's one for one, so that in generic code (F a
// type parameter) an AddressOf<F> is an AddressInputOf<F>: TypeScript
// relates two conditional types branch by branch when their tests are the
// same. That is also why AF_TIPC and AF_BLUETOOTH take UnknownAddress: their
// decoders fall back to it (an AF_TIPC address type or a Bluetooth protocol
// the codec does not know, which the kernel does not give today), so the type
// lets it be passed back as returned, and the codec rejects it at run time.
export type AddressInputOf<F extends AddressFamily> =
  F extends AddressFamily<"AF_INET" | "AF_RDS"> ? InetAddressInput
  : F extends AddressFamily<"AF_INET6"> ? Inet6AddressInput
  : F extends AddressFamily<"AF_UNIX"> ? UnixAddressInput
  : F extends AddressFamily<"AF_NETLINK"> ? readonly [pid: number, groups: number]
  : F extends AddressFamily<"AF_PACKET"> ? PacketAddressInput
  : F extends AddressFamily<"AF_VSOCK"> ? readonly [cid: number, port: number]
  : F extends AddressFamily<"AF_QIPCRTR"> ? readonly [node: number, port: number]
  : F extends AddressFamily<"AF_TIPC"> ? TipcAddressInput | UnknownAddress
  : F extends AddressFamily<"AF_ALG"> ? AlgAddressInput
  : F extends AddressFamily<"AF_CAN"> ? CanAddressInput
  : F extends AddressFamily<"AF_BLUETOOTH"> ? BluetoothAddressInput | UnknownAddress
  : SocketAddressInput | SocketAddress;

/**
 * The sender's address that a socket of family `F` and type `K` receives
 * (recvfrom, recvmsg, recvmmsg): never null for an IP datagram or raw
 * socket, which always learns the sender; null is possible elsewhere (a
 * stream socket, an unbound Unix sender).
 */
// AddressOf<F> stands outside the conditional, so that generic code (F a
// type parameter) that rules out null has an AddressOf<F>, which sendto takes.
export type ReceivedAddress<F extends AddressFamily, K extends SocketKind> = AddressOf<F> | NullUnlessAlwaysKnown<F, K>;

/** null where the sender's address may be missing, never for an IP datagram or raw socket. */
type NullUnlessAlwaysKnown<F extends AddressFamily, K extends SocketKind> =
  F extends AddressFamily<"AF_INET" | "AF_INET6"> ? K extends SocketKind<"SOCK_DGRAM" | "SOCK_RAW"> ? never : null : null;

/** The peer's address that accept() gives: always there for IP and Unix
 *  sockets, null for AF_ALG (the kernel reports none). */
export type AcceptedAddress<F extends AddressFamily> =
  AddressOf<F> | (F extends AddressFamily<"AF_INET" | "AF_INET6" | "AF_UNIX"> ? never : null);
