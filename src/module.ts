// The module's functions that create sockets or act on bare descriptors.
import { binding } from "./binding.js";
import { AF_INET, AF_INET6, AF_UNIX, SOCK_DGRAM, SOCK_STREAM } from "./constants.gen.js";
import { SOCK_TYPE_FLAGS } from "./constants.js";
import { Socket, adoptSocket } from "./socket.js";
import * as v from "./validate.js";
import { checkSync } from "./waiting.js";

/**
 * Creates a socket (socket(2)); family, type and proto default to AF_INET,
 * SOCK_STREAM and 0. With `fileno`, wraps that descriptor instead, reading
 * from it what is omitted (undefined, null or -1).
 */
export function socket(family?: number | null, type?: number | null, proto?: number | null, fileno?: number | null): Socket {
  return new Socket(family, type, proto, fileno);
}

/** A pair of connected sockets (socketpair(2)); AF_UNIX by default. */
export function socketpair(family: number = AF_UNIX ?? AF_INET, type: number = SOCK_STREAM, proto = 0): [Socket, Socket] {
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

/** A socket on a duplicate of `fd` (dup(2), close-on-exec). */
export function fromfd(fd: number, family: number, type: number, proto = 0): Socket {
  const fn = "fromfd";
  v.fd(fn, fd);
  v.int32(fn, "family", family);
  v.int32(fn, "type", type);
  v.int32(fn, "proto", proto);
  const copy = checkSync(binding.dup(fd), "dup");
  try {
    return new Socket(family, type, proto, copy);
  } catch (error) {
    binding.close(copy);
    throw error;
  }
}

/** Closes a bare socket descriptor (close(2)); any C int, so close(-1) is OSError EBADF. */
export function close(fd: number): void {
  // Any C int, as the reference: close(-1) is the kernel's EBADF.
  checkSync(binding.close(v.int32("close", "fd", fd)), "close");
}

/** Duplicates a descriptor (dup(2)); the copy is close-on-exec. */
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
