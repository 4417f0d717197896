// What sendmsg/recvmsg/recvmsgInto share outside the Socket class: their
// buffer arguments, and turning recvmsg(2)'s answer into values without
// leaking a received descriptor.
import { type AncillaryData, closeReceivedFds, decodeAncdata, itemsOf } from "./cmsg.js";
import { type SocketAddress, type SocketShape, decodeAddress } from "./sockaddr/index.js";
import * as v from "./validate.js";

/**
 * sendmsg's buffers (gathered into one message) or recvmsgInto's (filled
 * in turn): views over the caller's memory, in order.
 */
export function bufferList(fn: string, buffers: unknown, writable: boolean): Uint8Array[] {
  const expected = writable ? "an iterable of writable bytes-like objects" : "an iterable of bytes-like objects";
  const items = itemsOf(fn, "buffers", buffers, expected);
  // An index loop, not map(): a hole in a sparse array is checked (and
  // refused) as undefined, where map() would pass it over.
  const views = new Array<Uint8Array>(items.length);
  for (let i = 0; i < items.length; i++) views[i] = v.isPlainBytes(items[i]) ? items[i] as Uint8Array : v.bytes(fn, `buffers[${i}]`, items[i]);
  return views;
}

/**
 * recvmsg's answer besides the data: [ancdata, msgFlags, address]. The
 * descriptors in the control data become the caller's once this returns;
 * if it cannot return (decoding failed), each one is closed first.
 */
export function receivedMessage(control: Buffer, info: Uint32Array, addr: Buffer, addrlen: number,
  shape: SocketShape): [AncillaryData[], number, SocketAddress | null] {
  const controllen = info[0]!;
  try {
    return [decodeAncdata(control, controllen), info[1]! | 0, decodeAddress(addr, addrlen, shape)];
  } catch (error) {
    closeReceivedFds(control, controllen);
    throw error;
  }
}
