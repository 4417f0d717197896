// Small helpers of the Socket class: argument shapes shared by several
// methods, C ints in option buffers, and descriptor flags.
import { giveBack } from "./recv-buffer.js";
import { binding } from "./binding.js";
import { SOL_SOCKET, SO_DOMAIN, SO_PROTOCOL, SO_TYPE } from "./constants.gen.js";
import { EWOULDBLOCK, sys } from "./constants.js";
import { OSError } from "./errors.js";
import { readI32 } from "./native-endian.js";
import { SOCKADDR_MAX } from "./sockaddr/index.js";
import { sockaddrFamily } from "./sockaddr/common.js";
import * as v from "./validate.js";
import { checkSync } from "./waiting.js";

/** Python's default backlog: min(SOMAXCONN, 128). */
export function defaultBacklog(): number {
  const somaxconn = binding.constants.SOMAXCONN;
  return typeof somaxconn === "number" ? Math.min(somaxconn, 128) : 128;
}

/** recv's bufsize: Python's "negative buffersize in recv" is a RangeError. */
export function sizeArg(fn: string, name: string, value: unknown): number {
  if (value === undefined) throw v.typeError(fn, `${name} is required`);
  return v.size(fn, name, value);
}

export function flagsArg(fn: string, value: unknown): number {
  return value === undefined || value === null ? 0 : v.flags(fn, "flags", value);
}

/** recvInto's (buffer, nbytes): nbytes 0 or omitted means the whole buffer. */
export function intoArgs(fn: string, buffer: unknown, nbytes: unknown): [Uint8Array, number] {
  const view = v.bytes(fn, "buffer", buffer);
  const count = nbytes === undefined || nbytes === null ? 0 : v.size(fn, "nbytes", nbytes);
  if (count > view.length) throw v.rangeError(fn, `buffer too small for requested bytes (${count} > ${view.length})`);
  return [view, count === 0 ? view.length : count];
}

/**
 * The first `n` bytes of a receive buffer. A buffer of its own (4 KiB and
 * more: smaller ones are slices of Node's shared pool) that is mostly
 * unused is copied, so a small message does not pin a large allocation,
 * and the buffer goes to the next receive (src/recv-buffer.ts).
 */
export function shrink(buf: Buffer, n: number): Buffer {
  if (n === buf.length) return buf;
  if (buf.length >= 4096 && n < buf.length >> 2) {
    const copy = Buffer.from(buf.subarray(0, n));
    giveBack(buf);
    return copy;
  }
  return buf.subarray(0, n);
}

/** The errno of an OSError (connectEx's return value). */
export function errnoOf(error: unknown): number {
  if (error instanceof OSError) {
    // The socket's own timeout has no errno: EWOULDBLOCK, as CPython's connect_ex.
    return error.errno ?? EWOULDBLOCK;
  }
  throw error;
}

/** Sets or clears O_NONBLOCK on a descriptor. */
export function setNonBlocking(fd: number, on: boolean): void {
  const flags = checkSync(binding.fcntl(fd, sys.F_GETFL, 0), "fcntl");
  const next = on ? flags | sys.O_NONBLOCK : flags & ~sys.O_NONBLOCK;
  if (next !== flags) checkSync(binding.fcntl(fd, sys.F_SETFL, next), "fcntl");
}

const intBuf = Buffer.alloc(4);
const lenBuf = new Uint32Array(1);

function intOption(fd: number, name: number): number {
  intBuf.fill(0);
  checkSync(binding.getsockopt(fd, SOL_SOCKET, name, intBuf, lenBuf), "getsockopt");
  return readI32(intBuf, 0);
}

/** family, type and protocol of an open socket descriptor (SO_DOMAIN,
 *  SO_TYPE, SO_PROTOCOL), for socket(…, fileno). */
export function readSocketShape(fd: number): { family: number; type: number; proto: number } {
  const type = intOption(fd, SO_TYPE); // ENOTSOCK/EBADF for a descriptor that is no socket
  const family = SO_DOMAIN !== undefined ? intOption(fd, SO_DOMAIN) : familyFromName(fd);
  const proto = SO_PROTOCOL !== undefined ? intOption(fd, SO_PROTOCOL) : 0;
  return { family, type, proto };
}

// Where SO_DOMAIN is missing (macOS), the family is in the socket's name.
function familyFromName(fd: number): number {
  const addr = Buffer.alloc(SOCKADDR_MAX);
  checkSync(binding.getsockname(fd, addr, lenBuf), "getsockname");
  return sockaddrFamily(addr, lenBuf[0]!);
}
