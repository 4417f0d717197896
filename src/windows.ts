// What only Windows has, as CPython's socket module offers it there:
// sock.ioctl(control, option) (WSAIoctl with SIO_RCVALL, SIO_KEEPALIVE_VALS
// or SIO_LOOPBACK_FAST_PATH), sock.share(pid) and socket.fromshare(data)
// (WSADuplicateSocketW), on native/win/share_win.cc; and what Windows lacks
// that must be refused by name: descriptor passing. Elsewhere CPython has
// no such attributes; here the functions exist everywhere (one set of
// types) and throw a TypeError that says they are Windows-only.
import { binding } from "./binding.js";
import { SIO_KEEPALIVE_VALS, SIO_LOOPBACK_FAST_PATH, SIO_RCVALL } from "./constants-windows.js";
import { writeU32 } from "./native-endian.js";
import type { Socket } from "./socket.js";
import { adoptSocket } from "./socket.js";
import * as v from "./validate.js";
import { checkSync } from "./waiting.js";

/** SIO_KEEPALIVE_VALS's option: [onoff, keepalivetime ms, keepaliveinterval ms]. */
export type KeepaliveValues = readonly [onoff: number, keepalivetime: number, keepaliveinterval: number];

/** The native calls, present only in the Windows addon. */
interface WindowsBinding {
  wsaioctl(fd: number, control: number, option: Uint8Array): number;
  share(fd: number, pid: number): Buffer | number;
  fromshare(data: Uint8Array): [number, number, number, number] | number;
}

/** The Windows calls, or a TypeError naming `fn` where there are none. */
function windowsOnly(fn: string): WindowsBinding {
  const native = binding as unknown as Partial<WindowsBinding>;
  if (native.wsaioctl === undefined || native.share === undefined || native.fromshare === undefined) {
    throw v.typeError(fn, `not available on this platform (${process.platform}): Windows only, as in CPython`);
  }
  return native as WindowsBinding;
}

/** Winsock reports no readiness for a socket's own shutdown (Linux's epoll
 *  does): on Windows, shutdown() wakes the calls waiting on the socket, which
 *  then meet what Winsock answers (WSAESHUTDOWN after SD_RECEIVE, as CPython
 *  raises there) instead of waiting for ever. */
export const shutdownWakesNoOne: boolean = binding.platform.os === "win32";

/** Windows passes no descriptors (no SCM_RIGHTS): sendFds/recvFds are a
 *  TypeError naming the call `fn`, before anything else, as CPython lacks
 *  send_fds/recv_fds there. */
export function checkFdPassing(fn: string): void {
  if (binding.platform.os === "win32") {
    throw v.typeError(fn, "not available on this platform (win32): Windows passes no descriptors, as in CPython");
  }
}

const u32 = (fn: string, name: string, value: unknown): number => v.integer(fn, name, value, 0, 0xffffffff);

/** The option bytes for `control`, as CPython's sock.ioctl() reads them. */
function ioctlOption(fn: string, control: number, option: unknown): Uint8Array {
  if (control === SIO_KEEPALIVE_VALS) {
    if (!v.isArray(option) || option.length !== 3) {
      throw v.typeError(fn, `option for SIO_KEEPALIVE_VALS must be [onoff, keepalivetime, keepaliveinterval], not ${v.describe(option)}`);
    }
    const layout = binding.layout["tcp_keepalive"]!;
    const out = Buffer.alloc(layout["size"]!);
    writeU32(out, u32(fn, "onoff", option[0]), layout["onoff"]!);
    writeU32(out, u32(fn, "keepalivetime", option[1]), layout["keepalivetime"]!);
    writeU32(out, u32(fn, "keepaliveinterval", option[2]), layout["keepaliveinterval"]!);
    return out;
  }
  const out = Buffer.alloc(4);
  if (control === SIO_LOOPBACK_FAST_PATH) writeU32(out, v.boolean(fn, "option", option) ? 1 : 0, 0);
  else writeU32(out, u32(fn, "option", option), 0);
  return out;
}

/** sock.ioctl(): see Socket.ioctl. */
export function socketIoctl(fd: number, control: number, option: unknown): void {
  const fn = "ioctl";
  const native = windowsOnly(fn);
  const c = u32(fn, "control", control);
  if (c !== SIO_RCVALL && c !== SIO_KEEPALIVE_VALS && c !== SIO_LOOPBACK_FAST_PATH) {
    throw v.rangeError(fn, `control must be SIO_RCVALL, SIO_KEEPALIVE_VALS or SIO_LOOPBACK_FAST_PATH, not ${v.show(control)}`);
  }
  checkSync(native.wsaioctl(fd, c, ioctlOption(fn, c, option)), "ioctl");
}

/** sock.share(): see Socket.share. */
export function socketShare(fd: number, processId: number): Buffer {
  const fn = "share";
  const native = windowsOnly(fn);
  const pid = u32(fn, "processId", processId);
  const data = native.share(fd, pid);
  if (typeof data === "number") checkSync(data, "share");
  return data as Buffer;
}

/**
 * A socket from the bytes another process's `sock.share(pid)` returned
 * (Windows only, WSASocketW with FROM_PROTOCOL_INFO): the same connection,
 * as CPython's `socket.fromshare(data)`.
 * @param data what `share()` returned, unchanged
 * @returns a Socket of the shared socket's family, type and protocol
 * @throws {TypeError} on another platform, or for data that is not bytes
 * @throws {RangeError} for bytes of the wrong length
 * @throws {OSError} from WSASocketW (WSAEINVAL for data of another process)
 */
export function fromshare(data: Uint8Array): Socket {
  const fn = "fromshare";
  const native = windowsOnly(fn);
  const bytes = v.bytes(fn, "data", data);
  if (bytes.length !== binding.layout["WSAPROTOCOL_INFOW"]?.["size"]) {
    throw v.rangeError(fn, `data must be the ${binding.layout["WSAPROTOCOL_INFOW"]?.["size"]} bytes share() returns, not ${bytes.length}`);
  }
  const out = native.fromshare(bytes);
  if (typeof out === "number") checkSync(out, "fromshare");
  const [fd, family, type, proto] = out as [number, number, number, number];
  return adoptSocket(fd, family, type, proto);
}
