// AF_UNIX addresses: a path string, or bytes for the abstract namespace
// (a leading NUL) of Linux and Windows, as struct sockaddr_un. A path is
// UTF-8 in sun_path on both (Windows 10's afunix.h says so too).
import { AF_UNIX } from "../constants.gen.js";
import { type OSError, argError } from "../errors.js";
import { bytes, isBytesLike, rangeError, typeError } from "../validate.js";
import { isUtf8 } from "node:buffer";
import { type FamilyCodec, fixedStringLength, layout, newSockaddr, readFixedString, registerFamily } from "./common.js";

export type UnixAddress = string | Buffer;

const un = layout.sockaddr_un!;
// Windows 10 (1803 and later) kept Linux's address forms for its AF_UNIX
// stream sockets, the abstract namespace included (but no autobind: bind
// to "" fails there).
const abstractNamespace = process.platform === "linux" || process.platform === "win32";
// Winsock returns a name in the whole of sun_path, padded with NULs, and an
// unnamed socket's as sun_path all NUL: so on Windows an abstract name
// ends at its last non-NUL byte, and none at all is unnamed ("").
const paddedNames = process.platform === "win32";

/** The end of an abstract name that starts at `start` (its leading NUL)
 *  and fills the bytes up to `end`: `end` itself on Linux, the byte after
 *  the last non-NUL one on Windows (`start` when every byte is NUL). */
function abstractEnd(bytes: Buffer, start: number, end: number): number {
  if (!paddedNames) return end;
  let last = end;
  while (last > start && bytes[last - 1] === 0) last--;
  return last;
}

function pathBytes(fn: string, address: unknown): Buffer {
  if (typeof address === "string") return Buffer.from(address, "utf8");
  if (isBytesLike(address)) {
    // bytes() refuses a detached buffer, which would otherwise be "" (autobind).
    const view = bytes(fn, "AF_UNIX address", address);
    return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
  }
  throw typeError(fn, `AF_UNIX address must be a string or bytes, not ${address === null ? "null" : typeof address}`);
}

// Python raises a plain OSError (no errno) here; the code says why.
function tooLong(fn: string): OSError {
  return argError(fn, "AF_UNIX path too long", "ENAMETOOLONG");
}

const unix: FamilyCodec = {
  encode(fn, address) {
    const path = pathBytes(fn, address);
    const room = un.sun_path_size!;
    let terminator = 0;
    if (abstractNamespace && (path.length === 0 || path[0] === 0)) {
      // Abstract name (or "" for autobind): every byte counts, no NUL.
      if (path.length > room) throw tooLong(fn);
    } else {
      // A path is NUL-terminated, and the length counts the NUL, as unix(7)
      // advises for portability.
      if (path.includes(0)) throw rangeError(fn, "AF_UNIX path must not contain a NUL byte");
      if (path.length >= room) throw tooLong(fn);
      terminator = 1;
    }
    const length = un.sun_path! + path.length + terminator;
    // One zero byte of room past the address: for "" (autobind) sun_path
    // has no byte at all, and checkers such as valgrind read it as a string.
    const out = newSockaddr(length, AF_UNIX, 1);
    path.copy(out, un.sun_path!);
    return out.subarray(0, length);
  },
  decode(bytes, length): UnixAddress {
    const start = un.sun_path!;
    const end = Math.min(length, start + un.sun_path_size!);
    if (abstractNamespace && end > start && bytes[start] === 0) {
      const nameEnd = abstractEnd(bytes, start, end);
      return nameEnd === start ? "" : Buffer.from(bytes.subarray(start, nameEnd));
    }
    const path = readFixedString(bytes, start, un.sun_path_size!, length);
    if (!path.includes("\uFFFD")) return path;
    // A path that is not UTF-8 comes back as its bytes, losslessly (Python
    // decodes it with surrogateescape): U+FFFD would name another path.
    const raw = bytes.subarray(start, start + fixedStringLength(bytes, start, un.sun_path_size!, length));
    return isUtf8(raw) ? path : Buffer.from(raw);
  },
};

registerFamily(AF_UNIX, unix);
