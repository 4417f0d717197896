// The module's functions that create sockets or act on bare descriptors.
import { binding } from "./binding.js";
import { AF_INET, AF_INET6, AF_UNIX, SOCK_DGRAM, SOCK_STREAM } from "./constants.gen.js";
import { SOCK_TYPE_FLAGS } from "./constants.js";
import { Socket, adoptSocket } from "./socket.js";
import type { AddressFamily, PlainNumber, SocketKind } from "./public-constants.js";
import * as v from "./validate.js";
import { checkSync } from "./waiting.js";

/**
 * Creates a socket (socket(2)); family, type and proto default to AF_INET,
 * SOCK_STREAM and 0. With `fileno`, wraps that descriptor instead, reading
 * from it what is omitted (undefined, null or -1).
 * @param family `AF_*` (default AF_INET); its type is inferred: `Socket<AF_INET, …>`
 * @param type `SOCK_*`, with SOCK_NONBLOCK/SOCK_CLOEXEC if wanted (default SOCK_STREAM)
 * @param proto the protocol (default 0)
 * @param fileno a descriptor to wrap instead of creating one
 * @returns the Socket, in the default mode
 * @throws {OSError} from socket(2) (EAFNOSUPPORT, EPROTONOSUPPORT, EACCES, EMFILE), ENOTSOCK/EBADF for `fileno`
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function socket(): Socket<AddressFamily<"AF_INET">, SocketKind<"SOCK_STREAM">>;
export function socket<F extends AddressFamily = AddressFamily, K extends SocketKind = SocketKind>(
  family: F | PlainNumber | null | undefined, type?: K | PlainNumber | null, proto?: PlainNumber | null, fileno?: number | null): Socket<F, K>;
export function socket(family?: number | null, type?: number | null, proto?: number | null, fileno?: number | null): Socket {
  return new Socket(family as AddressFamily, type as SocketKind, proto, fileno);
}

// AF_UNIX where socketpair(2) exists; Windows builds the pair from a
// loopback TCP connection, as CPython does there, and defaults to AF_INET.
const defaultPairFamily: number = binding.platform.os === "win32" ? AF_INET : (AF_UNIX ?? AF_INET);

/**
 * A pair of connected sockets (socketpair(2)); AF_UNIX by default.
 * @param family default AF_UNIX
 * @param type default SOCK_STREAM
 * @param proto default 0
 * @returns the two connected sockets
 * @throws {OSError} from socketpair(2) (EAFNOSUPPORT, EOPNOTSUPP, EMFILE)
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function socketpair(): [Socket<AddressFamily<"AF_UNIX">, SocketKind<"SOCK_STREAM">>, Socket<AddressFamily<"AF_UNIX">, SocketKind<"SOCK_STREAM">>];
export function socketpair<F extends AddressFamily = AddressFamily, K extends SocketKind = SocketKind>(
  family: F | PlainNumber, type?: K | PlainNumber, proto?: PlainNumber): [Socket<F, K>, Socket<F, K>];
export function socketpair(family: number = defaultPairFamily, type: number = SOCK_STREAM, proto = 0): [Socket, Socket] {
  const fn = "socketpair";
  v.int32(fn, "family", family);
  v.int32(fn, "type", type);
  v.int32(fn, "proto", proto);
  const fds = new Int32Array(2);
  checkSync(binding.socketpair(family, type & ~SOCK_TYPE_FLAGS, proto, fds), fn);
  let first: Socket | undefined;
  try {
    first = adoptSocket(fds[0]!, family, type, proto);
    return [first, adoptSocket(fds[1]!, family, type, proto)];
  } catch (error) {
    if (first !== undefined) first.close();
    else binding.close(fds[0]!);
    binding.close(fds[1]!);
    throw error;
  }
}

/**
 * A socket on a duplicate of `fd` (dup(2), close-on-exec).
 * @param fd an open socket descriptor; it stays open and yours
 * @param family its `AF_*`
 * @param type its `SOCK_*`
 * @param proto its protocol (default 0)
 * @returns a Socket on the duplicate
 * @throws {OSError} EBADF, EMFILE
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function fromfd<F extends AddressFamily = AddressFamily, K extends SocketKind = SocketKind>(
  fd: number, family: F | PlainNumber, type: K | PlainNumber, proto: PlainNumber = 0): Socket<F, K> {
  const fn = "fromfd";
  v.fd(fn, fd);
  v.int32(fn, "family", family);
  v.int32(fn, "type", type);
  v.int32(fn, "proto", proto);
  const copy = checkSync(binding.dup(fd), "dup");
  try {
    return new Socket<F, K>(family, type, proto, copy);
  } catch (error) {
    binding.close(copy);
    throw error;
  }
}

/**
 * Closes a bare socket descriptor (close(2)); any C int, so close(-1) is
 * OSError EBADF, as in the reference.
 * @param fd the descriptor
 * @throws {OSError} from close(2) (EBADF)
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function close(fd: number): void {
  // Any C int, as the reference: close(-1) is the kernel's EBADF.
  checkSync(binding.close(v.int32("close", "fd", fd)), "close");
}

/**
 * Duplicates a descriptor (dup(2)); the copy is close-on-exec.
 * @param fd the descriptor
 * @returns the duplicate
 * @throws {OSError} from dup(2) (EBADF, EMFILE)
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function dup(fd: number): number {
  return checkSync(binding.dup(v.fd("dup", fd)), "dup");
}

/** Whether this system can create IPv6 sockets. */
export const hasIpv6: boolean = (() => {
  if (AF_INET6 === undefined) return false;
  const fd = binding.socket(AF_INET6, SOCK_DGRAM, 0);
  if (fd < 0) return false;
  binding.close(fd);
  return true;
})();
