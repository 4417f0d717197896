// The sockaddr bytes of the address a socket last sent to. A datagram
// server answering the same peer again and again, or a batch of messages to
// one address, encodes it once. Only addresses that need no resolver are
// kept (numeric hosts, Unix paths), so a host name is still resolved on
// every call, as in the reference.
import { AF_INET, AF_INET6, AF_UNIX } from "./constants.gen.js";
import { type SocketShape, encodeAddress } from "./sockaddr/index.js";
import { numericHost } from "./sockaddr/host.js";
import { isArray } from "./validate.js";

type Key = string | readonly (string | number)[];

function sameKey(address: unknown, key: Key | null): boolean {
  if (key === null) return false;
  if (typeof key === "string") return address === key;
  if (!isArray(address) || address.length !== key.length) return false;
  for (let i = 0; i < key.length; i++) if (address[i] !== key[i]) return false;
  return true;
}

/** A copy of `address` to compare later calls with, or null if it must
 *  not be kept (a host name, bytes that could change, another family). */
function keyOf(fn: string, address: unknown, shape: SocketShape): Key | null {
  if (shape.family === AF_UNIX) return typeof address === "string" ? address : null;
  if (shape.family !== AF_INET && shape.family !== AF_INET6) return null;
  if (!isArray(address) || !address.every((e) => typeof e === "string" || typeof e === "number")) return null;
  const host = address[0];
  if (typeof host !== "string" || numericHost(fn, host, shape.family) === null) return null;
  return [...(address as (string | number)[])];
}

export class AddressCache {
  #key: Key | null = null;
  #bytes: Buffer | null = null;

  /** Whether `address` is the numeric address last encoded (no lookup needed). */
  has(address: unknown): boolean {
    return sameKey(address, this.#key);
  }

  /** encodeAddress(), remembering the last numeric address. The bytes are
   *  shared: callers only pass them to system calls. */
  encode(fn: string, address: unknown, shape: SocketShape): Buffer {
    if (sameKey(address, this.#key)) return this.#bytes!;
    const bytes = encodeAddress(fn, address, shape);
    this.#key = keyOf(fn, address, shape);
    this.#bytes = this.#key === null ? null : bytes;
    return bytes;
  }
}
