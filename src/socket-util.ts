// Small helpers of the Socket class: argument shapes shared by several
// methods, C ints in option buffers, and descriptor flags.
import { giveBack } from "./recv-buffer.js";
import { binding } from "./binding.js";
import {
  AF_VSOCK, SOL_SOCKET, SO_DOMAIN, SO_PROTOCOL, SO_TYPE,
  SO_VM_SOCKETS_BUFFER_MAX_SIZE, SO_VM_SOCKETS_BUFFER_MIN_SIZE, SO_VM_SOCKETS_BUFFER_SIZE,
} from "./constants.gen.js";
import { EWOULDBLOCK, sys } from "./constants.js";
import { OSError } from "./errors.js";
import { readI32, readU64, writeU64 } from "./native-endian.js";
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

/** recvInto's count of bytes for its checked `view` (from v.bytes): nbytes
 *  0 or omitted means the whole buffer. Two values without a tuple: a Sync
 *  call in a loop allocates nothing it does not return. */
export function intoCount(fn: string, view: Uint8Array, nbytes: unknown): number {
  const count = nbytes === undefined || nbytes === null ? 0 : v.size(fn, "nbytes", nbytes);
  if (count > view.length) throw v.rangeError(fn, `buffer too small for requested bytes (${count} > ${view.length})`);
  return count === 0 ? view.length : count;
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
  if (SO_PROTOCOL_INFOW !== undefined) return shapeFromProtocolInfo(fd);
  const type = intOption(fd, SO_TYPE); // ENOTSOCK/EBADF for a descriptor that is no socket
  const family = SO_DOMAIN !== undefined ? intOption(fd, SO_DOMAIN) : familyFromName(fd);
  const proto = SO_PROTOCOL !== undefined ? intOption(fd, SO_PROTOCOL) : 0;
  return { family, type, proto };
}

// Windows: no SO_DOMAIN, and an unbound socket has no name; the shape is in
// the WSAPROTOCOL_INFOW Winsock keeps for every socket (CPython reads it so).
const SO_PROTOCOL_INFOW = binding.constants["SO_PROTOCOL_INFOW"] as number | undefined;

function shapeFromProtocolInfo(fd: number): { family: number; type: number; proto: number } {
  const info = binding.layout["WSAPROTOCOL_INFOW"]!;
  const buf = Buffer.alloc(info["size"]!);
  checkSync(binding.getsockopt(fd, SOL_SOCKET, SO_PROTOCOL_INFOW!, buf, lenBuf), "getsockopt");
  return { family: readI32(buf, info["iAddressFamily"]!), type: readI32(buf, info["iSocketType"]!), proto: readI32(buf, info["iProtocol"]!) };
}

// Where SO_DOMAIN is missing (macOS), the family is in the socket's name.
function familyFromName(fd: number): number {
  const addr = Buffer.alloc(SOCKADDR_MAX);
  checkSync(binding.getsockname(fd, addr, lenBuf), "getsockname");
  return sockaddrFamily(addr, lenBuf[0]!);
}

// The system call behind a method whose name is not one (the Sync twins,
// Python's variants): errors name it, as the async forms' errors do.
const SYSCALL_OF: Readonly<Record<string, string>> = {
  connectEx: "connect",
  recvInto: "recv",
  recvfromInto: "recvfrom",
  recvmsgInto: "recvmsg",
  sendall: "send",
  sendmsgAfalg: "sendmsg",
};

/** The system call an error of method `fn` names: `recvSync` → `recv`. */
export function syscallOf(fn: string): string {
  const base = fn.endsWith("Sync") ? fn.slice(0, -4) : fn;
  return SYSCALL_OF[base] ?? base;
}

// AF_VSOCK's buffer sizes are 64-bit (the kernel refuses a 4-byte value
// with EINVAL); CPython passes an AF_VSOCK socket's integer options as
// 64 bits, so getsockopt/setsockopt with a plain integer work for them.
const vsockU64Options = new Set(
  [SO_VM_SOCKETS_BUFFER_SIZE, SO_VM_SOCKETS_BUFFER_MIN_SIZE, SO_VM_SOCKETS_BUFFER_MAX_SIZE].filter((n) => n !== undefined),
);
const u64Opt = Buffer.alloc(8);

/** The buffer for an integer option's value: 8 bytes where the option is a
 *  64-bit integer, else null (a C int). */
export function u64OptionBuffer(family: number, level: number, optname: number): Buffer | null {
  return family === AF_VSOCK && level === AF_VSOCK && vsockU64Options.has(optname) ? u64Opt.fill(0) : null;
}

/** A 64-bit option's value as a number (exact up to 2^53 - 1). */
export function readU64Option(buf: Buffer): number {
  return Number(readU64(buf, 0));
}

/** Writes a 64-bit option's value: an integer 0 to 2^53 - 1. */
export function writeU64Option(fn: string, buf: Buffer, value: number | boolean): Buffer {
  const n = typeof value === "boolean" ? Number(value) : v.integer(fn, "value", value, 0, Number.MAX_SAFE_INTEGER);
  writeU64(buf, BigInt(n), 0);
  return buf;
}
