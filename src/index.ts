// bsdsock: the BSD socket interface for TypeScript. This file only
// gathers the public names; each lives in the module that implements it.
export * from "./public-constants.js";
export {
  OSError,
  BlockingIOError,
  ChildProcessError,
  ConnectionError,
  BrokenPipeError,
  ConnectionAbortedError,
  ConnectionRefusedError,
  ConnectionResetError,
  FileExistsError,
  FileNotFoundError,
  InterruptedError,
  IsADirectoryError,
  NotADirectoryError,
  PermissionError,
  ProcessLookupError,
  TimeoutError,
  GaiError,
  HError,
  OSError as error,
  GaiError as gaierror,
  HError as herror,
  TimeoutError as timeout,
} from "./errors.js";
export { Socket, Socket as SocketType } from "./socket.js";
export { socket, socketpair, fromfd, close, dup, hasIpv6 } from "./module.js";
export { getdefaulttimeout, setdefaulttimeout } from "./timeouts.js";
export type { BytesLike, CallOptions } from "./validate.js";
export type {
  SocketAddress,
  SocketAddressInput,
  UnknownAddress,
  InetAddress,
  Inet6Address,
  UnixAddress,
  InetAddressInput,
  Inet6AddressInput,
  UnixAddressInput,
  PacketAddressInput,
  AlgAddressInput,
  TipcAddressInput,
  CanAddressInput,
  BluetoothAddressInput,
  AddressOf,
  AddressInputOf,
  ReceivedAddress,
  AcceptedAddress,
} from "./sockaddr/index.js";
export {
  getaddrinfo,
  getaddrinfoSync,
  getnameinfo,
  getnameinfoSync,
  gethostbyname,
  gethostbynameSync,
  gethostbynameEx,
  gethostbynameExSync,
  gethostbyaddr,
  gethostbyaddrSync,
  getfqdn,
  getfqdnSync,
  gethostname,
  sethostname,
  type AddrInfo,
  type ResolvedFamily,
  type HostEntry,
} from "./netdb.js";
export { getservbyname, getservbyport, getprotobyname, if_nameindex, if_nametoindex, if_indextoname, hasDualstackIpv6 } from "./services.js";
export { inet_aton, inet_ntoa, inet_pton, inet_ntop, htons, htonl, ntohs, ntohl } from "./convert.js";
export { createConnection, createConnectionSync, createServer, type CreateConnectionOptions, type CreateServerOptions } from "./create.js";
export type {
  NetlinkAddress,
  PacketAddress,
  VsockAddress,
  CanAddress,
  CanIsotpAddress,
  CanJ1939Address,
  AlgAddress,
  TipcAddress,
  L2capAddress,
  RfcommAddress,
  HciAddress,
  ScoAddress,
  QipcrtrAddress,
} from "./sockaddr/index.js";
export type { MakefileOptions, ReadMode, WriteMode, DuplexMode } from "./makefile.js";
export type { SendfileSource } from "./sendfile.js";
export { CMSG_LEN, CMSG_SPACE } from "./cmsg.js";
export type { AncillaryData, AncillaryInput } from "./cmsg.js";
export { sendFds, sendFdsSync, recvFds, recvFdsSync } from "./fds.js";
export { toNetSocket, fromNetSocket } from "./net-interop.js";
export type { RecvFdsResult } from "./fds.js";
export type { AfalgOptions } from "./afalg.js";
export { select, selectSync, type Selectable } from "./select.js";
export { poll, type Poll } from "./poll.js";
export { fromshare, type KeepaliveValues } from "./windows.js";
export {
  SO_EXCLUSIVEADDRUSE, SIO_RCVALL, SIO_KEEPALIVE_VALS, SIO_LOOPBACK_FAST_PATH,
  RCVALL_OFF, RCVALL_ON, RCVALL_SOCKETLEVELONLY, RCVALL_IPLEVEL, RCVALL_MAX,
} from "./constants-windows.js";
