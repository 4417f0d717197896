// Every public constant: the generated values (constants.gen.ts, the
// platform's headers), with the typed face of four groups: Python's IntEnums AddressFamily,
// SocketKind, MsgFlag and AddressInfo. The values come from
// constants.gen.ts (the platform's headers); this file only gives them
// types, so that a family cannot be passed where a socket type is expected
// (`socket(SOCK_STREAM, AF_INET)` does not compile), and builds the enum
// objects: name → value, and called with a value, its name (as Python's
// `AddressFamily(2)` gives `AF_INET`).
//
// A name exported here takes precedence over the same name of
// `export * from "./constants.gen.js"`, which brings all the others.
import * as gen from "./constants.gen.js";

export * from "./constants.gen.js";

declare const group: unique symbol;

/** A number that is one constant of the group `G` (named `N`): only the
 *  type knows it, at run time it is the plain number. */
export type Tagged<G extends string, N extends string> = number & { readonly [group]: { readonly group: G; readonly name: N } };

/**
 * A plain number that is no tagged constant: what a parameter typed
 * `AddressFamily | PlainNumber` accepts besides a family (a number from
 * elsewhere, `AF_INET | 0`), while a `SocketKind` or `MsgFlag` is rejected.
 */
export type PlainNumber = number & { readonly [group]?: never };

/** An address family (`AF_INET`…); `AddressFamily<"AF_INET">` is AF_INET's own type. */
export type AddressFamily<N extends string = string> = Tagged<"AddressFamily", N>;
/** A socket type (`SOCK_STREAM`…); `SocketKind<"SOCK_DGRAM">` is SOCK_DGRAM's own type. */
export type SocketKind<N extends string = string> = Tagged<"SocketKind", N>;
/** A flag of recv/send (`MSG_PEEK`…). Flags or'ed together are a plain number. */
export type MsgFlag = Tagged<"MsgFlag", string>;
/** A getaddrinfo flag (`AI_PASSIVE`…). */
export type AddressInfo = Tagged<"AddressInfo", string>;

/** recv/send flags as a parameter takes them: one `MSG_*` flag, several
 *  or'ed together (a plain number), or 0; not a family or a socket type. */
export type MsgFlags = MsgFlag | PlainNumber;

/** One enum object: its names with their values, and, called with a
 *  number, the name of that value (undefined when none has it). */
export type EnumObject<T extends Record<string, number>> = { readonly [K in keyof T]: T[K] } & {
  /** The name of `value` in this group, or undefined (Python's `AddressFamily(2)` → AF_INET). */
  (value: number): string | undefined;
};

// Where several names share a value, the one Python's enum shows.
const ALIASES = new Set(["AF_LOCAL", "AF_FILE", "AF_ROUTE", "MSG_TRYHARD"]);

function enumObject<T extends Record<string, number>>(name: string, members: T): EnumObject<T> {
  const entries = Object.entries(members)
    .filter((e) => typeof e[1] === "number")
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
  const names = new Map<number, string>();
  for (const [key, value] of entries) if (!ALIASES.has(key) || !names.has(value)) names.set(value, key);
  for (const [key, value] of entries) if (!names.has(value)) names.set(value, key);
  const lookup = (value: number): string | undefined => names.get(value);
  Object.defineProperty(lookup, "name", { value: name });
  return Object.freeze(Object.assign(lookup, Object.fromEntries(entries))) as unknown as EnumObject<T>;
}

// Address families. AF_LOCAL and AF_FILE are AF_UNIX, AF_ROUTE is AF_NETLINK.
export const AF_ALG = gen.AF_ALG as AddressFamily<"AF_ALG">;
export const AF_APPLETALK = gen.AF_APPLETALK as AddressFamily<"AF_APPLETALK">;
export const AF_ASH = gen.AF_ASH as AddressFamily<"AF_ASH">;
export const AF_ATMPVC = gen.AF_ATMPVC as AddressFamily<"AF_ATMPVC">;
export const AF_ATMSVC = gen.AF_ATMSVC as AddressFamily<"AF_ATMSVC">;
export const AF_AX25 = gen.AF_AX25 as AddressFamily<"AF_AX25">;
export const AF_BLUETOOTH = gen.AF_BLUETOOTH as AddressFamily<"AF_BLUETOOTH">;
export const AF_BRIDGE = gen.AF_BRIDGE as AddressFamily<"AF_BRIDGE">;
export const AF_CAIF = gen.AF_CAIF as AddressFamily<"AF_CAIF">;
export const AF_CAN = gen.AF_CAN as AddressFamily<"AF_CAN">;
export const AF_ECONET = gen.AF_ECONET as AddressFamily<"AF_ECONET">;
export const AF_FILE = gen.AF_FILE as AddressFamily<"AF_UNIX">;
export const AF_IB = gen.AF_IB as AddressFamily<"AF_IB">;
export const AF_IEEE802154 = gen.AF_IEEE802154 as AddressFamily<"AF_IEEE802154">;
export const AF_INET = gen.AF_INET as AddressFamily<"AF_INET">;
export const AF_INET6 = gen.AF_INET6 as AddressFamily<"AF_INET6">;
export const AF_IPX = gen.AF_IPX as AddressFamily<"AF_IPX">;
export const AF_IRDA = gen.AF_IRDA as AddressFamily<"AF_IRDA">;
export const AF_ISDN = gen.AF_ISDN as AddressFamily<"AF_ISDN">;
export const AF_IUCV = gen.AF_IUCV as AddressFamily<"AF_IUCV">;
export const AF_KCM = gen.AF_KCM as AddressFamily<"AF_KCM">;
export const AF_KEY = gen.AF_KEY as AddressFamily<"AF_KEY">;
export const AF_LLC = gen.AF_LLC as AddressFamily<"AF_LLC">;
export const AF_LOCAL = gen.AF_LOCAL as AddressFamily<"AF_UNIX">;
export const AF_MAX = gen.AF_MAX as AddressFamily<"AF_MAX">;
export const AF_MCTP = gen.AF_MCTP as AddressFamily<"AF_MCTP">;
export const AF_MPLS = gen.AF_MPLS as AddressFamily<"AF_MPLS">;
export const AF_NETBEUI = gen.AF_NETBEUI as AddressFamily<"AF_NETBEUI">;
export const AF_NETLINK = gen.AF_NETLINK as AddressFamily<"AF_NETLINK">;
export const AF_NETROM = gen.AF_NETROM as AddressFamily<"AF_NETROM">;
export const AF_NFC = gen.AF_NFC as AddressFamily<"AF_NFC">;
export const AF_PACKET = gen.AF_PACKET as AddressFamily<"AF_PACKET">;
export const AF_PHONET = gen.AF_PHONET as AddressFamily<"AF_PHONET">;
export const AF_PPPOX = gen.AF_PPPOX as AddressFamily<"AF_PPPOX">;
export const AF_QIPCRTR = gen.AF_QIPCRTR as AddressFamily<"AF_QIPCRTR">;
export const AF_RDS = gen.AF_RDS as AddressFamily<"AF_RDS">;
export const AF_ROSE = gen.AF_ROSE as AddressFamily<"AF_ROSE">;
export const AF_ROUTE = gen.AF_ROUTE as AddressFamily<"AF_NETLINK">;
export const AF_RXRPC = gen.AF_RXRPC as AddressFamily<"AF_RXRPC">;
export const AF_SECURITY = gen.AF_SECURITY as AddressFamily<"AF_SECURITY">;
export const AF_SMC = gen.AF_SMC as AddressFamily<"AF_SMC">;
export const AF_SNA = gen.AF_SNA as AddressFamily<"AF_SNA">;
export const AF_TIPC = gen.AF_TIPC as AddressFamily<"AF_TIPC">;
export const AF_UNIX = gen.AF_UNIX as AddressFamily<"AF_UNIX">;
export const AF_UNSPEC = gen.AF_UNSPEC as AddressFamily<"AF_UNSPEC">;
export const AF_VSOCK = gen.AF_VSOCK as AddressFamily<"AF_VSOCK">;
export const AF_WANPIPE = gen.AF_WANPIPE as AddressFamily<"AF_WANPIPE">;
export const AF_X25 = gen.AF_X25 as AddressFamily<"AF_X25">;
export const AF_XDP = gen.AF_XDP as AddressFamily<"AF_XDP">;

// Socket types (SOCK_NONBLOCK and SOCK_CLOEXEC are flags or'ed into one).
export const SOCK_CLOEXEC = gen.SOCK_CLOEXEC as SocketKind<"SOCK_CLOEXEC">;
export const SOCK_DCCP = gen.SOCK_DCCP as SocketKind<"SOCK_DCCP">;
export const SOCK_DGRAM = gen.SOCK_DGRAM as SocketKind<"SOCK_DGRAM">;
export const SOCK_NONBLOCK = gen.SOCK_NONBLOCK as SocketKind<"SOCK_NONBLOCK">;
export const SOCK_PACKET = gen.SOCK_PACKET as SocketKind<"SOCK_PACKET">;
export const SOCK_RAW = gen.SOCK_RAW as SocketKind<"SOCK_RAW">;
export const SOCK_RDM = gen.SOCK_RDM as SocketKind<"SOCK_RDM">;
export const SOCK_SEQPACKET = gen.SOCK_SEQPACKET as SocketKind<"SOCK_SEQPACKET">;
export const SOCK_STREAM = gen.SOCK_STREAM as SocketKind<"SOCK_STREAM">;

// recv/send flags.
export const MSG_BATCH = gen.MSG_BATCH as MsgFlag;
export const MSG_CMSG_CLOEXEC = gen.MSG_CMSG_CLOEXEC as MsgFlag;
export const MSG_CONFIRM = gen.MSG_CONFIRM as MsgFlag;
export const MSG_CTRUNC = gen.MSG_CTRUNC as MsgFlag;
export const MSG_DONTROUTE = gen.MSG_DONTROUTE as MsgFlag;
export const MSG_DONTWAIT = gen.MSG_DONTWAIT as MsgFlag;
export const MSG_EOR = gen.MSG_EOR as MsgFlag;
export const MSG_ERRQUEUE = gen.MSG_ERRQUEUE as MsgFlag;
export const MSG_FASTOPEN = gen.MSG_FASTOPEN as MsgFlag;
export const MSG_FIN = gen.MSG_FIN as MsgFlag;
export const MSG_MORE = gen.MSG_MORE as MsgFlag;
export const MSG_NOSIGNAL = gen.MSG_NOSIGNAL as MsgFlag;
export const MSG_OOB = gen.MSG_OOB as MsgFlag;
export const MSG_PEEK = gen.MSG_PEEK as MsgFlag;
export const MSG_PROXY = gen.MSG_PROXY as MsgFlag;
export const MSG_RST = gen.MSG_RST as MsgFlag;
export const MSG_SYN = gen.MSG_SYN as MsgFlag;
export const MSG_TRUNC = gen.MSG_TRUNC as MsgFlag;
export const MSG_TRYHARD = gen.MSG_TRYHARD as MsgFlag;
export const MSG_WAITALL = gen.MSG_WAITALL as MsgFlag;
export const MSG_WAITFORONE = gen.MSG_WAITFORONE as MsgFlag;
export const MSG_ZEROCOPY = gen.MSG_ZEROCOPY as MsgFlag;

// getaddrinfo flags.
export const AI_ADDRCONFIG = gen.AI_ADDRCONFIG as AddressInfo;
export const AI_ALL = gen.AI_ALL as AddressInfo;
export const AI_CANONIDN = gen.AI_CANONIDN as AddressInfo;
export const AI_CANONNAME = gen.AI_CANONNAME as AddressInfo;
export const AI_IDN = gen.AI_IDN as AddressInfo;
export const AI_NUMERICHOST = gen.AI_NUMERICHOST as AddressInfo;
export const AI_NUMERICSERV = gen.AI_NUMERICSERV as AddressInfo;
export const AI_PASSIVE = gen.AI_PASSIVE as AddressInfo;
export const AI_V4MAPPED = gen.AI_V4MAPPED as AddressInfo;

/** Address families, as Python's `socket.AddressFamily`: `AddressFamily.AF_INET`, `AddressFamily(2)` → `"AF_INET"`. */
export const AddressFamily = enumObject("AddressFamily", { AF_ALG, AF_APPLETALK, AF_ASH, AF_ATMPVC, AF_ATMSVC, AF_AX25, AF_BLUETOOTH, AF_BRIDGE, AF_CAIF, AF_CAN, AF_ECONET, AF_FILE, AF_IB, AF_IEEE802154, AF_INET, AF_INET6, AF_IPX, AF_IRDA, AF_ISDN, AF_IUCV, AF_KCM, AF_KEY, AF_LLC, AF_LOCAL, AF_MAX, AF_MCTP, AF_MPLS, AF_NETBEUI, AF_NETLINK, AF_NETROM, AF_NFC, AF_PACKET, AF_PHONET, AF_PPPOX, AF_QIPCRTR, AF_RDS, AF_ROSE, AF_ROUTE, AF_RXRPC, AF_SECURITY, AF_SMC, AF_SNA, AF_TIPC, AF_UNIX, AF_UNSPEC, AF_VSOCK, AF_WANPIPE, AF_X25, AF_XDP });

/** Socket types, as Python's `socket.SocketKind` (only the types, not the headers' other SOCK_ names). */
export const SocketKind = enumObject("SocketKind", { SOCK_CLOEXEC, SOCK_DCCP, SOCK_DGRAM, SOCK_NONBLOCK, SOCK_PACKET, SOCK_RAW, SOCK_RDM, SOCK_SEQPACKET, SOCK_STREAM });

/** recv/send flags, as Python's `socket.MsgFlag`. */
export const MsgFlag = enumObject("MsgFlag", { MSG_BATCH, MSG_CMSG_CLOEXEC, MSG_CONFIRM, MSG_CTRUNC, MSG_DONTROUTE, MSG_DONTWAIT, MSG_EOR, MSG_ERRQUEUE, MSG_FASTOPEN, MSG_FIN, MSG_MORE, MSG_NOSIGNAL, MSG_OOB, MSG_PEEK, MSG_PROXY, MSG_RST, MSG_SYN, MSG_TRUNC, MSG_TRYHARD, MSG_WAITALL, MSG_WAITFORONE, MSG_ZEROCOPY });

/** getaddrinfo flags, as Python's `socket.AddressInfo`. */
export const AddressInfo = enumObject("AddressInfo", { AI_ADDRCONFIG, AI_ALL, AI_CANONIDN, AI_CANONNAME, AI_IDN, AI_NUMERICHOST, AI_NUMERICSERV, AI_PASSIVE, AI_V4MAPPED });
