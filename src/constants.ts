// The constants the library uses internally, and the frozen name→value
// maps of Python's IntEnums (AddressFamily, SocketKind, MsgFlag,
// AddressInfo). The public constants themselves are in constants.gen.ts.
import { constants as osConstants } from "node:os";
import { binding } from "./binding.js";

const errno = osConstants.errno;
export const EAGAIN = errno.EAGAIN;
export const EWOULDBLOCK = errno.EWOULDBLOCK;
export const EINPROGRESS = errno.EINPROGRESS;
export const EINTR = errno.EINTR;
export const EBADF = errno.EBADF;
export const EBUSY = errno.EBUSY;
export const ENOTCONN = errno.ENOTCONN;
export const ECONNRESET = errno.ECONNRESET;
export const ENOSYS = errno.ENOSYS;
export const EINVAL = errno.EINVAL;
export const EOPNOTSUPP = errno.EOPNOTSUPP;
export const ENOTSUP = errno.ENOTSUP;

/** fcntl/poll values of this platform (read from its headers). */
export const sys = binding.internal as Readonly<Record<
  "F_GETFD" | "F_SETFD" | "F_GETFL" | "F_SETFL" | "FD_CLOEXEC" | "O_NONBLOCK" | "POLLIN" | "POLLOUT" | "POLLERR",
  number
>>;

function numberConstant(name: string): number {
  const v = binding.constants[name];
  return typeof v === "number" ? v : 0;
}

/** SOCK_NONBLOCK | SOCK_CLOEXEC: flags in `type`, never part of it. */
export const SOCK_TYPE_FLAGS = numberConstant("SOCK_NONBLOCK") | numberConstant("SOCK_CLOEXEC");
export const SOCK_NONBLOCK_FLAG = numberConstant("SOCK_NONBLOCK");

function enumOf(prefix: string, skip: (name: string) => boolean = () => false): Readonly<Record<string, number>> {
  const entries = Object.entries(binding.constants)
    .filter((e): e is [string, number] => e[0].startsWith(prefix) && typeof e[1] === "number" && !skip(e[0]))
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
  return Object.freeze(Object.fromEntries(entries));
}

/** Address families, as Python's `socket.AddressFamily`. */
export const AddressFamily = enumOf("AF_");
// The headers also define SOCK_ names that are not socket types (the
// SO_BUF_LOCK bits, SOCK_TXREHASH_*): the kinds are named here, their
// values still come from the headers.
const socketKinds = new Set(["STREAM", "DGRAM", "RAW", "RDM", "SEQPACKET", "DCCP", "PACKET", "NONBLOCK", "CLOEXEC"].map((k) => `SOCK_${k}`));

/** Socket types, as Python's `socket.SocketKind`. */
export const SocketKind = enumOf("SOCK_", (name) => !socketKinds.has(name));
/** recv/send flags, as Python's `socket.MsgFlag`. */
export const MsgFlag = enumOf("MSG_");
/** getaddrinfo flags, as Python's `socket.AddressInfo`. */
export const AddressInfo = enumOf("AI_");
