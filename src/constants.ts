// The constants the library uses internally. The public constants are in
// constants.gen.ts, typed and grouped by public-constants.ts.
import { constants as osConstants } from "node:os";
import { binding } from "./binding.js";

// Windows: the addon's table, whose socket errnos are Winsock's WSAE* codes
// (native/win/layout_win.cc); Node's there holds the C runtime's numbers,
// which no socket call reports.
const errno = binding.platform.os === "win32" ? (binding.errno as typeof osConstants.errno) : osConstants.errno;
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
export const ENOTSOCK = errno.ENOTSOCK;
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
