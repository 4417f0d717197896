// The argument shapes the functions expect, so that half the calls get past
// argument checking and reach the system calls and their waits: each shape
// is a list of generators, and each argument is still replaced by any value
// now and then. Functions without a shape get arguments of any kind.
import * as socket from "../../src/index.js";
import { type Context, address, bytes, constant, host, liveSocket, options, port } from "./values.js";

type Gen = (ctx: Context) => unknown;

const size: Gen = (ctx) => ctx.rng.pick([0, 1, 16, 1024, 65536]);
const flags: Gen = (ctx) => ctx.rng.pick([0, 0, socket.MSG_PEEK, socket.MSG_DONTWAIT, socket.MSG_WAITALL, constant(ctx)]);
const sock: Gen = (ctx) => liveSocket(ctx);
const fd: Gen = (ctx) => liveSocket(ctx)?.fileno() ?? -1;
const buffers: Gen = (ctx) => [bytes(ctx), Buffer.from("x")];
const timeout: Gen = (ctx) => ctx.rng.pick([0, 0.01, 0.05, null]);
const level: Gen = (ctx) => ctx.rng.pick([socket.SOL_SOCKET, socket.IPPROTO_TCP, socket.IPPROTO_IP, socket.IPPROTO_IPV6, socket.AF_VSOCK]);
const optname: Gen = (ctx) => ctx.rng.pick([socket.SO_REUSEADDR, socket.SO_RCVBUF, socket.SO_SNDBUF, socket.SO_LINGER,
  socket.SO_ERROR, socket.SO_TYPE, socket.TCP_NODELAY, socket.SO_VM_SOCKETS_BUFFER_SIZE, socket.IP_TTL, constant(ctx)]);
const family: Gen = (ctx) => ctx.rng.pick([socket.AF_INET, socket.AF_INET6, socket.AF_UNIX, socket.AF_UNSPEC]);
const type: Gen = (ctx) => ctx.rng.pick([socket.SOCK_STREAM, socket.SOCK_DGRAM, socket.SOCK_SEQPACKET, 0]);
const message: Gen = (ctx) => [bytes(ctx), address(ctx)];

export const SHAPES: Record<string, Gen[]> = {
  // Socket methods (the Sync twins take the same, without options).
  bind: [address], connect: [address, options], connectEx: [address, options], listen: [size],
  accept: [options], recv: [size, flags, options], recvfrom: [size, flags, options],
  recvInto: [bytes, size, flags, options], recvfromInto: [bytes, size, flags, options],
  recvmsg: [size, size, flags, options], recvmsgInto: [buffers, size, flags, options],
  send: [bytes, flags, options], sendall: [bytes, flags, options], sendto: [bytes, flags, address],
  sendmsg: [buffers, () => [], flags, address], sendmmsg: [(ctx) => [message(ctx), message(ctx)], flags, options],
  recvmmsg: [size, size, flags, options], sendfile: [fd, size, size, options],
  getsockopt: [level, optname, (ctx) => ctx.rng.pick([undefined, 4, 8, 16])],
  setsockopt: [level, optname, (ctx) => ctx.rng.pick([0, 1, 65536, Buffer.alloc(8), true])],
  shutdown: [(ctx) => ctx.rng.pick([socket.SHUT_RD, socket.SHUT_WR, socket.SHUT_RDWR])],
  settimeout: [timeout], setblocking: [(ctx) => ctx.rng.chance(0.5)], makefile: [(ctx) => ctx.rng.pick(["rb", "wb", "rwb", "r", "w"])],
  // Module functions.
  socket: [family, type, () => 0], socketpair: [(ctx) => ctx.rng.pick([socket.AF_UNIX, undefined]), type],
  fromfd: [fd, family, type], dup: [fd], close: [fd],
  getaddrinfo: [host, port, family, type, () => 0, (ctx) => ctx.rng.pick([0, socket.AI_CANONNAME, socket.AI_NUMERICHOST])],
  getnameinfo: [(ctx) => [host(ctx), port(ctx)], (ctx) => ctx.rng.pick([0, socket.NI_NUMERICHOST])],
  gethostbyname: [host], gethostbynameEx: [host], gethostbyaddr: [host], getfqdn: [host],
  createConnection: [address, timeout], createServer: [address, options],
  sendFds: [sock, buffers, (ctx) => [fd(ctx)], flags], recvFds: [sock, size, (ctx) => ctx.rng.pick([1, 4]), flags],
  inet_pton: [family, host], inet_ntop: [family, bytes], inet_aton: [host], inet_ntoa: [bytes],
};

/** The shape for `name` (a Sync twin has its async form's), if there is one. */
export function shapeOf(name: string): Gen[] | undefined {
  const base = name.replace(/Sync$/, "");
  return Object.hasOwn(SHAPES, name) ? SHAPES[name] : Object.hasOwn(SHAPES, base) ? SHAPES[base] : undefined;
}
