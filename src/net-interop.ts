// Moving a connection between bsdsock and node:net. A descriptor has one
// owner at a time: toNetSocket gives the socket's descriptor to a
// net.Socket (detach()), fromNetSocket takes a net.Socket's descriptor
// (a duplicate, then the net.Socket lets go of its own). A listening socket
// needs no helper: `server.listen({ fd: sock.detach() })`.
import { Socket as NetSocket } from "node:net";
import { binding } from "./binding.js";
import { AF_INET, AF_INET6, AF_UNIX, SOCK_STREAM } from "./constants.gen.js";
import { isProxy } from "node:util/types";
import { readSocketShape } from "./socket-util.js";
import { Socket } from "./socket.js";
import { checkSync } from "./waiting.js";
import { osError } from "./errors.js";
import { EBADF } from "./constants.js";
import * as v from "./validate.js";

/** The families node:net opens a descriptor of (TCP and pipes). */
const NET_FAMILIES: readonly (number | undefined)[] = [AF_INET, AF_INET6, AF_UNIX];

/** What node:net keeps of a socket's libuv handle (not in its types). */
interface HandleWithFd {
  fd?: number;
}

/**
 * A `net.Socket` on this socket's descriptor: for a connected stream socket
 * (TCP, or AF_UNIX stream), to hand it to code that speaks node:net (TLS,
 * HTTP clients, pipes). The bsdsock socket is detached (closed without
 * closing the descriptor, pending calls reject with EBADF); the net.Socket
 * owns the descriptor from then on.
 *
 * @param sock a connected SOCK_STREAM socket (AF_INET, AF_INET6 or AF_UNIX)
 * @returns a readable and writable `net.Socket` over the same connection
 * @throws {TypeError} `sock` is not a bsdsock Socket, or not a stream socket
 * @throws {OSError} EBADF: `sock` is closed
 */
export function toNetSocket(sock: Socket): NetSocket {
  const fn = "toNetSocket";
  if (!(sock instanceof Socket) || isProxy(sock)) throw v.typeError(fn, `sock must be a Socket, not ${v.describe(sock)}`);
  const fd = sock.fileno();
  if (fd < 0) throw osError(EBADF, fn);
  // What the descriptor really is (a Socket made from a number may have
  // been told another type): node:net takes TCP and Unix streams only, and
  // fails on anything else after the descriptor changed hands.
  const shape = readSocketShape(fd);
  if (shape.type !== SOCK_STREAM || !NET_FAMILIES.includes(shape.family)) {
    throw v.typeError(fn, "sock must be a SOCK_STREAM socket of AF_INET, AF_INET6 or AF_UNIX (node:net speaks those only)");
  }
  const given = sock.detach();
  try {
    return new NetSocket({ fd: given, readable: true, writable: true });
  } catch (error) {
    // The descriptor is ours since detach(): closed, not leaked.
    binding.close(given);
    throw v.typeError(fn, `node:net refused the descriptor (${error instanceof Error ? error.message : String(error)})`);
  }
}

/**
 * A bsdsock Socket on a `net.Socket`'s connection, to use calls node:net
 * lacks (recvmsg, socket options, `Sync` twins). The descriptor is
 * duplicated (close-on-exec) and the net.Socket destroyed, so that one
 * owner remains; the new socket is in blocking mode (the default timeout).
 * Data node:net already read or has yet to write would be lost, so such a
 * net.Socket is refused: consume what it read (or pause it before data
 * arrives) and let its writes drain first.
 *
 * @param netSocket a connected `net.Socket` (TCP or a Unix socket)
 * @returns a Socket of the descriptor's family and type
 * @throws {TypeError} `netSocket` is not a net.Socket, or has no descriptor (not connected, or destroyed)
 * @throws {RangeError} it holds data it read and nobody consumed, or data it has yet to write
 * @throws {OSError} from dup(2)
 */
export function fromNetSocket(netSocket: NetSocket): Socket {
  const fn = "fromNetSocket";
  if (!(netSocket instanceof NetSocket)) throw v.typeError(fn, `netSocket must be a net.Socket, not ${v.describe(netSocket)}`);
  const fd = (netSocket as unknown as { _handle?: HandleWithFd | null })._handle?.fd;
  if (netSocket.destroyed || typeof fd !== "number" || fd < 0) throw v.typeError(fn, "netSocket has no descriptor (not connected, or destroyed)");
  if (netSocket.readableLength > 0) throw v.rangeError(fn, `netSocket holds ${netSocket.readableLength} bytes it read: consume them first`);
  if (netSocket.writableLength > 0) throw v.rangeError(fn, `netSocket has ${netSocket.writableLength} bytes to write: wait for 'drain' first`);
  const copy = checkSync(binding.dup(fd), "dup");
  try {
    // The constructor reads the shape and sets O_NONBLOCK on the copy.
    const sock = new Socket(undefined, undefined, undefined, copy);
    netSocket.destroy();
    return sock;
  } catch (error) {
    binding.close(copy);
    throw error;
  }
}
