// Passing descriptors over AF_UNIX sockets (SCM_RIGHTS): Python's
// socket.send_fds and socket.recv_fds, built on Socket.sendmsg/recvmsg.
import { isProxy } from "node:util/types";
import { SCM_RIGHTS, SOL_SOCKET } from "./constants.gen.js";
import { type AncillaryData, type AncillaryInput, CMSG_LEN, INT_SIZE, LEN_ARG_MAX, fdsData, receivedFds } from "./cmsg.js";
import type { AddressInputOf, SocketAddress } from "./sockaddr/index.js";
import type { AddressFamily, MsgFlags, PlainNumber } from "./public-constants.js";
import { Socket, sendmsgAs, sendmsgSyncAs } from "./socket.js";
import { flagsArg, sizeArg } from "./socket-util.js";
import * as v from "./validate.js";
import { checkFdPassing } from "./windows.js";

/** What recvFds returns: the data, the descriptors, msg_flags, the sender's address. */
export type RecvFdsResult = [data: Buffer, fds: number[], msgFlags: number, address: SocketAddress | null];

function socketArg(fn: string, sock: unknown): Socket {
  if (!isProxy(sock) && sock instanceof Socket) return sock; // (instanceof runs a Proxy's traps)
  throw v.typeError(fn, `sock must be a Socket, not ${v.describe(sock)}`);
}

/** sendFds' arguments for Socket.sendmsg: the descriptors as one
 *  SCM_RIGHTS message; the rest is checked by sendmsg, under sendFds' name. */
function sendFdsArgs(fn: string, args: unknown[]): [Socket, unknown[], v.CallOptions] {
  checkFdPassing(fn);
  const [[sock, buffers, fds, flags, address], options] = v.asyncOptions(fn, args, 5);
  const s = socketArg(fn, sock);
  const ancdata: AncillaryInput[] = [[SOL_SOCKET, SCM_RIGHTS, fdsData(fn, fds)]];
  return [s, [buffers, ancdata, flags, address], options];
}

/**
 * Sends `fds` over an AF_UNIX socket along with the bytes of `buffers`
 * (sendmsg(2) with one SCM_RIGHTS message). Returns the bytes sent. On a
 * stream socket, send at least one byte: the descriptors travel with it.
 * @param sock an AF_UNIX socket
 * @param buffers the data sent with them (at least one byte, on stream sockets)
 * @param fds the descriptors
 * @param flags `MSG_*` flags
 * @param address where to, on an unconnected socket
 * @param options `{ signal }`
 * @returns how many bytes of data were sent
 * @throws {TimeoutError} in timeout mode, once the timeout passes
 * @throws {BlockingIOError} in non-blocking mode, when the call would wait
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function sendFds<F extends AddressFamily>(sock: Socket<F>, buffers: Iterable<v.BytesLike>, fds: Iterable<number>, flags?: MsgFlags,
  address?: AddressInputOf<F> | null, options?: v.CallOptions): Promise<number>;
export function sendFds(sock: Socket, buffers: Iterable<v.BytesLike>, fds: Iterable<number>, options?: v.CallOptions): Promise<number>;
export function sendFds(sock: Socket, buffers: Iterable<v.BytesLike>, fds: Iterable<number>, flags: MsgFlags, options?: v.CallOptions): Promise<number>;
export function sendFds(...args: unknown[]): Promise<number> {
  try {
    const [s, call, options] = sendFdsArgs("sendFds", args);
    return s[sendmsgAs]("sendFds", call, options);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * sendFds(), blocking the thread (sendmsg(2), poll(2)).
 * @param sock an AF_UNIX socket
 * @param buffers the data
 * @param fds the descriptors
 * @param flags `MSG_*` flags
 * @param address where to
 * @returns how many bytes of data were sent
 * @throws {TimeoutError} in timeout mode, once the timeout passes
 * @throws {BlockingIOError} in non-blocking mode, when the call would wait
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function sendFdsSync<F extends AddressFamily>(sock: Socket<F>, buffers: Iterable<v.BytesLike>, fds: Iterable<number>, flags?: MsgFlags,
  address?: AddressInputOf<F> | null): number {
  const [s, call] = sendFdsArgs("sendFdsSync", [sock, buffers, fds, flags, address]);
  return s[sendmsgSyncAs]("sendFdsSync", call);
}

/** recvFds' arguments, checked in order under its own name. */
function recvFdsArgs(fn: string, args: unknown[]): [Socket, number, number, number, v.CallOptions] {
  checkFdPassing(fn);
  const [[sock, bufsize, maxfds, flags], options] = v.asyncOptions(fn, args, 4);
  const s = socketArg(fn, sock);
  const size = sizeArg(fn, "bufsize", bufsize);
  const max = sizeArg(fn, "maxfds", maxfds);
  if (max * INT_SIZE > LEN_ARG_MAX) throw v.rangeError(fn, `maxfds too large (${max})`);
  return [s, size, CMSG_LEN(max * INT_SIZE), flagsArg(fn, flags), options];
}

function result([data, ancdata, msgFlags, address]: [Buffer, AncillaryData[], number, SocketAddress | null]): RecvFdsResult {
  return [data, receivedFds(ancdata), msgFlags, address];
}

/**
 * Receives up to `bufsize` bytes and up to `maxfds` descriptors over an
 * AF_UNIX socket (recvmsg(2)): `[data, fds, msgFlags, address]`. The
 * descriptors are close-on-exec and belong to the caller; descriptors
 * beyond `maxfds` are closed by the kernel (MSG_CTRUNC is set), never
 * opened in this process. Other control messages are ignored.
 * @param sock an AF_UNIX socket
 * @param bufsize the most bytes of data
 * @param maxfds the most descriptors
 * @param flags `MSG_*` flags
 * @param options `{ signal }`
 * @returns `[data, fds, msgFlags, address]`; the descriptors are close-on-exec
 * @throws {TimeoutError} in timeout mode, once the timeout passes
 * @throws {BlockingIOError} in non-blocking mode, when the call would wait
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function recvFds(sock: Socket, bufsize: PlainNumber, maxfds: PlainNumber, flags?: MsgFlags, options?: v.CallOptions): Promise<RecvFdsResult>;
export function recvFds(sock: Socket, bufsize: PlainNumber, maxfds: PlainNumber, options?: v.CallOptions): Promise<RecvFdsResult>;
export function recvFds(...args: unknown[]): Promise<RecvFdsResult> {
  try {
    const [s, size, ancbufsize, flags, options] = recvFdsArgs("recvFds", args);
    return s.recvmsg(size, ancbufsize, flags, options).then(result);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * recvFds(), blocking the thread (recvmsg(2), poll(2)).
 * @param sock an AF_UNIX socket
 * @param bufsize the most bytes of data
 * @param maxfds the most descriptors
 * @param flags `MSG_*` flags
 * @returns `[data, fds, msgFlags, address]`
 * @throws {TimeoutError} in timeout mode, once the timeout passes
 * @throws {BlockingIOError} in non-blocking mode, when the call would wait
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function recvFdsSync(sock: Socket, bufsize: PlainNumber, maxfds: PlainNumber, flags?: MsgFlags): RecvFdsResult {
  const [s, size, ancbufsize, fl] = recvFdsArgs("recvFdsSync", [sock, bufsize, maxfds, flags]);
  return result(s.recvmsgSync(size, ancbufsize, fl));
}
