// The public constants only Windows' headers define (CPython's socket module
// has them only there): declared on every platform, so that one program
// type-checks everywhere, and `undefined` where the headers lack them.
// Their values come from the addon's table like every other constant's
// (native/win/layout_win.cc); src/constants.gen.ts is generated on Linux and
// cannot list them.
import { binding } from "./binding.js";

const c = binding.constants as Record<string, number | undefined>;

/** SO_EXCLUSIVEADDRUSE: no other socket may bind the same address (Windows). */
export const SO_EXCLUSIVEADDRUSE: number | undefined = c["SO_EXCLUSIVEADDRUSE"];
/** sock.ioctl() controls (Windows). */
export const SIO_RCVALL: number | undefined = c["SIO_RCVALL"];
export const SIO_KEEPALIVE_VALS: number | undefined = c["SIO_KEEPALIVE_VALS"];
export const SIO_LOOPBACK_FAST_PATH: number | undefined = c["SIO_LOOPBACK_FAST_PATH"];
/** SIO_RCVALL's options (Windows). */
export const RCVALL_OFF: number | undefined = c["RCVALL_OFF"];
export const RCVALL_ON: number | undefined = c["RCVALL_ON"];
export const RCVALL_SOCKETLEVELONLY: number | undefined = c["RCVALL_SOCKETLEVELONLY"];
export const RCVALL_IPLEVEL: number | undefined = c["RCVALL_IPLEVEL"];
export const RCVALL_MAX: number | undefined = c["RCVALL_MAX"];

/** The names above, for the tests that match the exports against the table. */
export const WINDOWS_ONLY_CONSTANTS: readonly string[] = [
  "SO_EXCLUSIVEADDRUSE", "SIO_RCVALL", "SIO_KEEPALIVE_VALS", "SIO_LOOPBACK_FAST_PATH",
  "RCVALL_OFF", "RCVALL_ON", "RCVALL_SOCKETLEVELONLY", "RCVALL_IPLEVEL", "RCVALL_MAX",
];
