// The error hierarchy of Python's socket module (PEP 3151), and the one
// place where errors are built from an errno.
import { constants as osConstants } from "node:os";
import { binding } from "./binding.js";

// errno names: Node's table first (its order makes EAGAIN win over
// EWOULDBLOCK, as in Python's errno.errorcode), then every other name the
// platform's errno.h defines (ESHUTDOWN, ESOCKTNOSUPPORT, ... are not in
// Node's table).
// On Windows the addon's table wins: its E* names carry Winsock's codes,
// Node's the C runtime's (native/win/layout_win.cc).
const windows = binding.platform.os === "win32";
const errnoValues: Readonly<Record<string, number>> = windows
  ? { ...osConstants.errno, ...binding.errno }
  : { ...binding.errno, ...osConstants.errno };

/** value → name, built once; where several names share a value, the first wins. */
function namesByValue(entries: [string, unknown][]): ReadonlyMap<number, string> {
  const names = new Map<number, string>();
  for (const [name, value] of entries) {
    if (typeof value === "number" && !names.has(value)) names.set(value, name);
  }
  return names;
}

const errnoNames = namesByValue(windows
  ? [...Object.entries(binding.errno), ...Object.entries(osConstants.errno)]
  : [...Object.entries(osConstants.errno), ...Object.entries(binding.errno)]);
const gaiNames = namesByValue(Object.entries(binding.constants).filter(([name]) => name.startsWith("EAI_")));
const herrnoNames = namesByValue(Object.entries(binding.herrno));

/**
 * An error reported by the operating system (Python's `OSError`).
 * `errno` is positive, as in C; `code` is its name, as in Node.
 */
export class OSError extends Error {
  /** The C `errno` value, or `null` for errors that have none (timeouts). */
  readonly errno: number | null;
  /** The errno's name (`"ECONNREFUSED"`), or another stable code. */
  readonly code: string | undefined;
  /** The C library's message for the errno. */
  readonly strerror: string | null;
  /** The system call that failed, when there was one. */
  readonly syscall: string | undefined;
  /** The host (or Unix path) of the address a failed bind, connect or sendto used, as in Node's errors. */
  declare address?: string;
  /** The port of that address (AF_INET, AF_INET6). */
  declare port?: number;
  /** On Windows, the Windows error code of a failed call, as CPython's
   *  `OSError.winerror`: Winsock's for a socket call (10061 for a refused
   *  connection), the system's for another Windows call (2,
   *  ERROR_FILE_NOT_FOUND, for if_indextoname of an unknown index, whose
   *  `errno` is then ENOENT, as CPython maps it); absent elsewhere and on
   *  errors without one (the socket's own timeout). */
  declare winerror?: number;

  constructor(errno: number | null, strerror: string | null, options: { syscall?: string; code?: string; message?: string } = {}) {
    checkErrorArgs(new.target.name, errno, strerror, options);
    super(options.message ?? (errno === null ? (strerror ?? "") : `[Errno ${errno}] ${strerror}`));
    this.errno = errno;
    this.strerror = strerror;
    this.code = options.code ?? (errno === null ? undefined : errnoNames.get(errno));
    this.syscall = options.syscall;
  }

  override get name(): string {
    return this.constructor.name;
  }
}

/** The constructor's arguments as typed, so that a caller without types
 *  gets a TypeError naming the class, not V8's message for a Symbol or an
 *  object without a string form. */
function checkErrorArgs(name: string, errno: unknown, strerror: unknown, options: unknown): void {
  const fail = (what: string, value: unknown): never => {
    throw new TypeError(`${name}(): ${what}, not ${value === null ? "null" : typeof value}`);
  };
  if (errno !== null && !Number.isInteger(errno)) fail("errno must be an integer or null", errno);
  if (strerror !== null && typeof strerror !== "string") fail("strerror must be a string or null", strerror);
  if (typeof options !== "object" || options === null) fail("options must be an object", options);
  const o = options as Record<string, unknown>;
  for (const key of ["syscall", "code", "message"]) {
    if (o[key] !== undefined && typeof o[key] !== "string") fail(`options.${key} must be a string`, o[key]);
  }
}

export class BlockingIOError extends OSError {}
export class ChildProcessError extends OSError {}
export class ConnectionError extends OSError {}
export class BrokenPipeError extends ConnectionError {}
export class ConnectionAbortedError extends ConnectionError {}
export class ConnectionRefusedError extends ConnectionError {}
export class ConnectionResetError extends ConnectionError {}
export class FileExistsError extends OSError {}
export class FileNotFoundError extends OSError {}
export class InterruptedError extends OSError {}
export class IsADirectoryError extends OSError {}
export class NotADirectoryError extends OSError {}
export class PermissionError extends OSError {}
export class ProcessLookupError extends OSError {}
export class TimeoutError extends OSError {}

/** An error of `getaddrinfo`/`getnameinfo`: `errno` is the `EAI_*` value. */
export class GaiError extends OSError {}
/** An error of the `gethostby*` functions: `errno` is the `h_errno` value. */
export class HError extends OSError {}

type OSErrorClass = new (errno: number | null, strerror: string | null, options?: { syscall?: string; code?: string; message?: string }) => OSError;

// PEP 3151's table, by errno name: each platform brings its own numbers.
const classByName: Record<string, OSErrorClass> = {
  EAGAIN: BlockingIOError,
  EWOULDBLOCK: BlockingIOError,
  EALREADY: BlockingIOError,
  EINPROGRESS: BlockingIOError,
  ECHILD: ChildProcessError,
  EPIPE: BrokenPipeError,
  ESHUTDOWN: BrokenPipeError,
  ECONNABORTED: ConnectionAbortedError,
  ECONNREFUSED: ConnectionRefusedError,
  ECONNRESET: ConnectionResetError,
  EEXIST: FileExistsError,
  ENOENT: FileNotFoundError,
  EISDIR: IsADirectoryError,
  ENOTDIR: NotADirectoryError,
  EINTR: InterruptedError,
  EACCES: PermissionError,
  EPERM: PermissionError,
  ENOTCAPABLE: PermissionError,
  ESRCH: ProcessLookupError,
  ETIMEDOUT: TimeoutError,
};

const classByErrno: ReadonlyMap<number, OSErrorClass> = new Map(
  Object.entries(classByName).flatMap(([name, cls]) => {
    const value = errnoValues[name];
    return value === undefined ? [] : [[value, cls] as const];
  }),
);

// The six C errno values Winsock copied as WSAE* codes (WSAEINTR,
// WSAEBADF, WSAEACCES, WSAEFAULT, WSAEINVAL, WSAEMFILE): the native layer
// reports those as the C value, as CPython's errno does (native/win/wsa.cc).
const winsockCopiesOfErrno: ReadonlySet<number> = new Set([4, 9, 13, 14, 22, 24]);
const WSABASEERR = 10000;

/** The Winsock code an errno of the Windows native layer came from, or
 *  undefined for one that has none (ENOSYS of sendfile). */
function winerrorOf(errno: number): number | undefined {
  if (errno >= WSABASEERR) return errno;
  return winsockCopiesOfErrno.has(errno) ? errno + WSABASEERR : undefined;
}

// A failed Windows call that is not Winsock's (IP Helper's, a file call of
// sendfile's fallback, a handle's flags) reports both numbers CPython's
// OSError carries as one: winerror * 65536 + errno (native/win/wsa.h's
// SystemFailure), above every errno of the native layer.
const WINERROR_UNIT = 65536;

/** The error a failing system call raises: the PEP 3151 class for `errno`;
 *  on Windows also its `winerror`, as CPython (and for a Windows error that
 *  is not Winsock's, the errno CPython maps it to, its message the
 *  system's). */
export function osError(errno: number, syscall?: string): OSError {
  const split = windows && errno >= WINERROR_UNIT;
  const plain = split ? errno % WINERROR_UNIT : errno;
  const cls = classByErrno.get(plain) ?? OSError;
  const error = new cls(plain, binding.strerror(errno), { syscall });
  const winerror = !windows ? undefined : split ? Math.floor(errno / WINERROR_UNIT) : winerrorOf(errno);
  if (winerror !== undefined) error.winerror = winerror;
  return error;
}

/** The socket timeout (Python's `socket.timeout`): "timed out", no errno. */
export function timeoutError(syscall?: string): TimeoutError {
  return new TimeoutError(null, "timed out", { syscall, code: "ETIMEDOUT" });
}

/** An `EAI_*` failure, with the C library's message. */
export function gaiError(code: number, syscall = "getaddrinfo"): GaiError {
  return new GaiError(code, binding.gai_strerror(code), { syscall, code: gaiNames.get(code) });
}

/** A failure of the `gethostby*` functions, with the C library's message for its `h_errno`. */
export function hError(herrno: number, syscall: string): HError {
  return new HError(herrno, binding.hstrerror(herrno), { syscall, code: herrnoNames.get(herrno) });
}

/**
 * A bad argument that CPython reports as a plain OSError, without an errno:
 * the message names the function (`bind(): AF_UNIX path too long`), and
 * `code`, when given, says why.
 */
export function argError(fn: string, what: string, code?: string): OSError {
  return new OSError(null, what, { message: `${fn}(): ${what}`, code });
}

/**
 * `error` with Node's `address` and `port` fields set from the address of
 * the bind/connect/sendto that failed (`[host, port, …]`, or a Unix path);
 * other errors and addresses are left as they are.
 */
export function addressed(error: unknown, address: unknown): unknown {
  if (!(error instanceof OSError)) return error;
  if (typeof address === "string") error.address = address;
  else if (Array.isArray(address) && typeof address[0] === "string" && typeof address[1] === "number") {
    error.address = address[0];
    error.port = address[1];
  }
  return error;
}
