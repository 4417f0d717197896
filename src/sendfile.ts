// socket.sendfile(): the arguments, the transfer as one resumable attempt,
// and the file position afterwards. The Socket class runs the attempt with
// its usual try-then-wait machinery, so the timeout bounds the whole
// transfer (as for sendall) and no other send interleaves with it.
//
// As CPython's socket.sendfile: zero-copy sendfile(2) first; if the kernel
// cannot do it for this file or socket (EINVAL, ENOSYS, EOPNOTSUPP) before a
// byte was sent, the same transfer goes on with pread(2) and send(2). The
// file is read from `offset` without moving its position while sending; at
// the end, success or failure, the position is set to offset + bytes sent
// (if any were), so that it tells how much went out.
import { constants as fsConstants } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { binding } from "./binding.js";
import { SOCK_STREAM } from "./constants.gen.js";
import { EBADF, EINVAL, ENOSYS, ENOTSUP, EOPNOTSUPP } from "./constants.js";
import { osError } from "./errors.js";
import * as v from "./validate.js";
import { AGAIN, type Attempt, check, checkSync } from "./waiting.js";

/** What sendfile() sends from: a descriptor, or an `fs.promises` FileHandle. */
export type SendfileSource = number | FileHandle;

// One sendfile(2) call moves at most this much (CPython's limit, bpo-38319;
// Linux moves at most 0x7ffff000 bytes per call anyway).
const MAX_CHUNK = 2 ** 30;
// The fallback's read size.
const FALLBACK_CHUNK = 65536;

// errnos that mean "sendfile(2) cannot be used here": fall back to send(2).
const CANNOT_SENDFILE = new Set([EINVAL, ENOSYS, EOPNOTSUPP, ENOTSUP].filter((e) => e !== undefined));

// fstat(2)'s answer: [st_mode, st_size]; only the mode is read.
const statOut = new Float64Array(2);
// POSIX's number for a socket, which Node's fs.constants lacks on Windows
// (the addon's fstat reports it there for a socket's number).
const S_IFSOCK = fsConstants.S_IFSOCK ?? 0o140000;

function fileTypeName(mode: number): string {
  switch (mode & fsConstants.S_IFMT) {
    case fsConstants.S_IFDIR: return "a directory";
    case fsConstants.S_IFIFO: return "a pipe";
    case S_IFSOCK: return "a socket";
    case fsConstants.S_IFCHR: return "a character device";
    case fsConstants.S_IFBLK: return "a block device";
    default: return "not a regular file";
  }
}

/** The descriptor of `file` (a FileHandle closed already has none: EBADF). */
function fileDescriptor(fn: string, file: unknown): number {
  if (typeof file === "number") return v.fd(fn, file, "file");
  if (typeof file === "object" && file !== null && typeof (file as FileHandle).fd === "number" &&
      typeof (file as FileHandle).close === "function") {
    const fd = (file as FileHandle).fd;
    if (fd < 0) throw osError(EBADF, fn);
    return v.fd(fn, fd, "file.fd");
  }
  throw v.typeError(fn, `file must be a file descriptor or an fs.promises FileHandle, not ${v.describe(file)}`);
}

/** A checked sendfile() call: the file's descriptor, where to start, how much. */
export interface SendfileArgs {
  /** The file as given. Held on purpose, by whoever holds these arguments
   *  until the position is settled: Node closes a FileHandle that nobody
   *  references when it is collected, and its descriptor number could then
   *  name another file in the middle of the transfer. */
  file: SendfileSource;
  fd: number;
  offset: number;
  /** Bytes to send; Infinity: until the end of the file. */
  count: number;
}

/**
 * The arguments of sendfile(file, offset = 0, count?) on a socket of
 * `type` in mode `timeout`. As the reference: a SOCK_STREAM socket, not
 * non-blocking, a positive count; and the file must be a regular file.
 */
export function sendfileArgs(fn: string, type: number, timeout: number | null,
  file: unknown, offset: unknown, count: unknown): SendfileArgs {
  const fd = fileDescriptor(fn, file);
  if (typeof offset === "number" && Number.isInteger(offset) && offset < 0) {
    throw v.rangeError(fn, `offset must not be negative, not ${offset}`);
  }
  const start = offset === undefined || offset === null ? 0 : v.integer(fn, "offset", offset, 0, Number.MAX_SAFE_INTEGER);
  let total = Infinity;
  if (count !== undefined && count !== null) {
    if (typeof count === "number" && Number.isInteger(count) && count <= 0) {
      throw v.rangeError(fn, `count must be a positive integer, not ${count}`);
    }
    total = v.integer(fn, "count", count, 1, Number.MAX_SAFE_INTEGER);
  }
  if (type !== SOCK_STREAM) throw v.rangeError(fn, "only SOCK_STREAM type sockets are supported");
  if (timeout === 0) throw v.rangeError(fn, "non-blocking sockets are not supported");
  checkSync(binding.fstat(fd, statOut), "fstat");
  const mode = statOut[0]!;
  if ((mode & fsConstants.S_IFMT) !== fsConstants.S_IFREG) {
    throw v.rangeError(fn, `file must be a regular file (descriptor ${fd} is ${fileTypeName(mode)})`);
  }
  return { file: file as SendfileSource, fd, offset: start, count: total };
}

/** The transfer as an attempt that resumes where it stopped, and the count so far. */
export interface SendfileJob {
  attempt: Attempt<number>;
  /** Bytes sent so far (also after a failure). */
  sent(): number;
}

/**
 * sendfile(2) in a loop until `count` bytes or the end of the file; AGAIN
 * when the socket's buffer is full. `socketFd()` gives the socket's
 * descriptor or throws EBADF once it is closed.
 */
export function sendfileJob(args: SendfileArgs, socketFd: () => number): SendfileJob {
  const { fd, offset, count } = args;
  let sent = 0;
  let fallback = false;
  // The fallback's chunk read from the file and not yet sent: buf[from, to).
  let buf: Buffer | undefined;
  let from = 0;
  let to = 0;

  const viaSendfile = (): number | typeof AGAIN | null => {
    for (;;) {
      const want = Math.min(count - sent, MAX_CHUNK);
      if (want <= 0) return sent;
      const r = binding.sendfile(socketFd(), fd, offset + sent, want);
      if (r < 0 && sent === 0 && CANNOT_SENDFILE.has(-r)) return null; // use send(2)
      const n = check(r, "sendfile");
      if (n === AGAIN) return AGAIN;
      if (n === 0) return sent; // end of file
      sent += n;
    }
  };

  const viaSend = (): number | typeof AGAIN => {
    buf ??= Buffer.allocUnsafe(FALLBACK_CHUNK);
    for (;;) {
      if (from === to) {
        const want = Math.min(count - sent, FALLBACK_CHUNK);
        if (want <= 0) return sent;
        to = checkSync(binding.pread(fd, buf, 0, want, offset + sent), "pread");
        from = 0;
        if (to === 0) return sent; // end of file
      }
      const n = check(binding.send(socketFd(), buf, from, to - from, 0), "send");
      if (n === AGAIN) return AGAIN;
      from += n;
      sent += n;
    }
  };

  return {
    attempt: () => {
      if (!fallback) {
        const r = viaSendfile();
        if (r !== null) return r;
        fallback = true;
      }
      return viaSend();
    },
    sent: () => sent,
  };
}

/**
 * Leaves the file position at offset + sent, as the reference says ("file
 * position is updated on return or also in case of error"); untouched if
 * nothing was sent, as in CPython.
 */
export function settlePosition(args: SendfileArgs, sent: number): void {
  if (sent > 0) checkSync(binding.lseek(args.fd, args.offset + sent, binding.SEEK_SET), "lseek");
}

/**
 * settlePosition() after a failed transfer: the transfer's error is the one
 * to report, so an lseek(2) that fails too (the file was closed meanwhile)
 * does not replace it.
 */
export function settlePositionAfter(args: SendfileArgs, sent: number): void {
  try {
    settlePosition(args, sent);
  } catch {
    // The transfer's own error follows.
  }
}
