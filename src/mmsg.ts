// recvmmsg/sendmmsg: the argument shapes of the batched datagram calls, the
// receive area they share, and turning a received batch into
// [data, address] pairs. The Socket methods (socket.ts) make the calls.
import { isProxy } from "node:util/types";
import { isIterable } from "./cmsg.js";
import { binding } from "./binding.js";
import { ENOSYS } from "./constants.js";
import { osError } from "./errors.js";
import { type SocketAddress, type SocketShape, SOCKADDR_MAX, decodeAddress } from "./sockaddr/index.js";
import * as v from "./validate.js";

/** The most messages one call takes (the kernel's UIO_MAXIOV). */
const MAX_MESSAGES = 1024;

/** The largest receive area one recvmmsg call may ask for. */
const MAX_BATCH_BYTES = 1 << 30;

/** Receive areas up to this size are kept and reused (one at a time:
 *  every use is synchronous). Larger ones are allocated per call. */
const KEPT_BYTES = 1 << 20;

let keptData = Buffer.alloc(0);
let keptAddrs = Buffer.alloc(0);
let keptOut = new Uint32Array(0);

/** Throws ENOSYS where the platform has no recvmmsg/sendmmsg. */
export function requireMmsg(fn: string): void {
  if (binding.recvmmsg === undefined || binding.sendmmsg === undefined) throw osError(ENOSYS, fn);
}

/** recvmmsg's (count, bufsize). */
export function receiveArgs(fn: string, count: unknown, bufsize: unknown): [number, number] {
  if (count === undefined) throw v.typeError(fn, "count is required");
  if (bufsize === undefined) throw v.typeError(fn, "bufsize is required");
  const n = v.integer(fn, "count", count, 1, MAX_MESSAGES);
  const size = v.size(fn, "bufsize", bufsize);
  if (n * size > MAX_BATCH_BYTES) throw v.rangeError(fn, `count * bufsize must be at most ${MAX_BATCH_BYTES} bytes`);
  return [n, size];
}

/**
 * One recvmmsg(2) for up to `count` datagrams of up to `bufsize` bytes:
 * the received batch as [data, address] pairs, or a negative errno. The
 * data is copied out of the receive area into one Buffer of what arrived,
 * so a batch of small datagrams holds no more memory than their bytes.
 */
export function receiveBatch(fd: number, count: number, bufsize: number, flags: number, shape: SocketShape): [Buffer, SocketAddress | null][] | number {
  const dataBytes = count * bufsize;
  const addrBytes = count * SOCKADDR_MAX;
  let data = keptData;
  let addrs = keptAddrs;
  let out = keptOut;
  if (data.length < dataBytes) {
    data = Buffer.allocUnsafe(dataBytes);
    if (dataBytes <= KEPT_BYTES) keptData = data;
  }
  if (addrs.length < addrBytes) {
    addrs = Buffer.alloc(addrBytes);
    keptAddrs = addrs;
  }
  if (out.length < 3 * count) {
    out = new Uint32Array(3 * count);
    keptOut = out;
  }
  const n = binding.recvmmsg!(fd, data, bufsize, count, flags, addrs, SOCKADDR_MAX, out);
  if (n < 0) return n;
  let total = 0;
  for (let i = 0; i < n; i++) total += Math.min(out[i]!, bufsize);
  const compact = Buffer.allocUnsafe(total);
  const batch: [Buffer, SocketAddress | null][] = [];
  for (let i = 0, at = 0; i < n; i++) {
    const length = Math.min(out[i]!, bufsize); // a truncated datagram reports its full length
    data.copy(compact, at, i * bufsize, i * bufsize + length);
    const from = addrs.subarray(i * SOCKADDR_MAX, (i + 1) * SOCKADDR_MAX);
    batch.push([compact.subarray(at, at + length), decodeAddress(from, out[count + i]!, shape)]);
    at += length;
  }
  return batch;
}

/** The items of `messages`, lazily (a generator may be endless). A Proxy
 *  of a typed array is iterable, but its iterator refuses it: a TypeError
 *  that names the function, not V8's. */
function* iterate(fn: string, messages: Iterable<unknown>): Generator<unknown> {
  let iterator: Iterator<unknown>;
  try {
    iterator = messages[Symbol.iterator]();
  } catch (error) {
    if (isProxy(messages)) throw v.typeError(fn, "messages must be an iterable of bytes-like objects or [data, address] pairs, not a Proxy");
    throw error;
  }
  let done = false;
  try {
    for (let step = iterator.next(); !(done = step.done === true); step = iterator.next()) yield step.value;
  } finally {
    if (!done) iterator.return?.(); // left early (MAX_MESSAGES, an error), as for-of would
  }
}

/** What sendmmsg(2) takes: the data of each message, and their addresses
 *  (null when none has one). */
export interface SendBatch {
  datas: Uint8Array[];
  addrs: (Uint8Array | null)[] | null;
  count: number;
}

/**
 * sendmmsg's messages: each is bytes, or [data] / [data, address]. Every
 * message is checked before anything is sent. Beyond MAX_MESSAGES, only
 * the first MAX_MESSAGES are taken (the count sent says so).
 */
export function sendArgs(fn: string, messages: unknown, encode: (address: unknown) => Uint8Array): SendBatch {
  if (typeof messages !== "object" || !isIterable(messages) || v.isBytesLike(messages)) {
    throw v.typeError(fn, "messages must be an iterable of bytes-like objects or [data, address] pairs");
  }
  const datas: Uint8Array[] = [];
  let addrs: (Uint8Array | null)[] | null = null;
  let i = 0;
  for (const message of iterate(fn, messages as Iterable<unknown>)) {
    if (i === MAX_MESSAGES) break;
    let data: unknown = message;
    let address: unknown = undefined;
    if (Array.isArray(message)) {
      if (message.length < 1 || message.length > 2) {
        throw v.typeError(fn, `messages[${i}] must be a bytes-like object or a [data, address] pair`);
      }
      [data, address] = message;
    } else if (!v.isBytesLike(message)) {
      throw v.typeError(fn, `messages[${i}] must be a bytes-like object or a [data, address] pair`);
    }
    datas.push(v.isPlainBytes(data) ? data : v.bytes(fn, `messages[${i}] data`, data));
    if (address !== undefined && address !== null) {
      addrs ??= new Array<Uint8Array | null>(i).fill(null);
      addrs.push(encode(address));
    } else if (addrs !== null) {
      addrs.push(null);
    }
    i++;
  }
  return { datas, addrs, count: i };
}
