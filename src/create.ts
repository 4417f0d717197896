// The two convenience constructors of the reference: a connected client
// socket for a (host, port), trying every address the name resolves to, and
// a listening server socket.
import { AF_INET, AF_INET6, IPPROTO_IPV6, IPV6_V6ONLY, SOCK_STREAM, SOL_SOCKET, SO_REUSEADDR, SO_REUSEPORT } from "./constants.gen.js";
import { binding } from "./binding.js";
import { OSError, addressed } from "./errors.js";
import { hasIpv6 } from "./module.js";
import { type AddrInfo, getaddrinfo, getaddrinfoSync, hostArg, lookupAddress, portArg } from "./netdb.js";
import { hasDualstackIpv6 } from "./services.js";
import { Socket, bindAs } from "./socket.js";
import type { AddressInputOf, Inet6AddressInput, InetAddressInput, SocketAddress } from "./sockaddr/index.js";
import type { AddressFamily, PlainNumber, SocketKind } from "./public-constants.js";

/** What createConnection gives: a TCP socket over IPv4 or IPv6. */
type InetStreamSocket = Socket<AddressFamily<"AF_INET"> | AddressFamily<"AF_INET6">, SocketKind<"SOCK_STREAM">>;
import * as v from "./validate.js";

export interface CreateConnectionOptions extends v.CallOptions {
  /** Reject with an AggregateError of every attempt's error, not only the last. */
  allErrors?: boolean;
}

export interface CreateServerOptions<F extends AddressFamily = AddressFamily> {
  /** AF_INET (the default), AF_INET6 or AF_UNIX. */
  family?: F | PlainNumber;
  /** listen()'s backlog; its default when omitted. */
  backlog?: number | null;
  /** Set SO_REUSEPORT, so several sockets can listen on the port. */
  reusePort?: boolean;
  /** An AF_INET6 socket that also accepts IPv4 connections. */
  dualstackIpv6?: boolean;
}

interface ConnectionArgs {
  host: string | null;
  port: number | string;
  timeout: number | null | undefined;
  source: SocketAddress | null;
  allErrors: boolean;
  signal: AbortSignal | undefined;
}

function connectionArgs(fn: string, args: readonly unknown[]): ConnectionArgs {
  const [positional, options] = (fn === "createConnection" ? v.asyncOptions : v.splitOptions)(fn, args, 3);
  const [address, timeout, source] = positional;
  if (!v.isArray(address) || address.length !== 2) throw v.typeError(fn, `address must be a [host, port] pair, not ${v.show(address)}`);
  const [host, port] = address as unknown[];
  if (host !== null && typeof host !== "string") throw v.typeError(fn, `host must be a string or null, not ${typeof host}`);
  if (typeof port !== "number" && typeof port !== "string") throw v.typeError(fn, `port must be a number or a service name, not ${typeof port}`);
  // Checked here so that the errors name this function, not getaddrinfo.
  if (host !== null) hostArg(fn, host);
  portArg(fn, port);
  const { allErrors } = options as CreateConnectionOptions;
  return {
    host,
    port,
    // undefined: the sockets keep the default timeout, as the reference's
    // _GLOBAL_DEFAULT_TIMEOUT; null: blocking.
    timeout: timeout === undefined ? undefined : v.timeout(fn, timeout),
    source: source === undefined || source === null ? null : (source as SocketAddress),
    allErrors: allErrors === undefined ? false : v.boolean(fn, "allErrors", allErrors),
    signal: options.signal,
  };
}

/** What every attempt ended with: the last error, or all of them. */
function failure(errors: unknown[], allErrors: boolean): unknown {
  if (errors.length === 0) return new OSError(null, "getaddrinfo returns an empty list");
  return allErrors ? new AggregateError(errors, "createConnection failed") : errors[errors.length - 1];
}

function newAttemptSocket([family, type, proto]: AddrInfo, timeout: number | null | undefined): Socket {
  const sock = new Socket(family, type, proto);
  if (timeout !== undefined) sock.settimeout(timeout);
  return sock;
}

/**
 * A socket connected to `[host, port]`: the name is resolved (off the
 * event loop) and each address is tried in turn until one connects.
 * `timeout` (seconds, null to block) applies to each attempt and stays the
 * socket's timeout; `sourceAddress` is bound first. On failure: the last
 * attempt's error, or with `allErrors` an AggregateError of all of them.
 * @param address `[host, port]`; host a name or address, port a number or service
 * @param timeout seconds per attempt, null to block (default: the default timeout)
 * @param sourceAddress an address to bind first
 * @param options `{ allErrors, signal }`
 * @returns the connected socket (AF_INET or AF_INET6, SOCK_STREAM)
 * @throws {OSError} the last attempt's error (ConnectionRefusedError, TimeoutError…), or AggregateError with `allErrors`
 * @throws {GaiError} when the name does not resolve (EAI_NONAME, EAI_AGAIN…)
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export async function createConnection(address: readonly [host: string | null, port: number | string], timeout?: number | null,
  sourceAddress?: InetAddressInput | Inet6AddressInput | null, options?: CreateConnectionOptions): Promise<InetStreamSocket> {
  const a = connectionArgs("createConnection", [...arguments]);
  const errors: unknown[] = [];
  for (const info of await getaddrinfo(a.host, a.port, 0, SOCK_STREAM, 0, 0, { signal: a.signal })) {
    let sock: Socket | undefined;
    try {
      sock = newAttemptSocket(info, a.timeout);
      if (a.source !== null) sock[bindAs]("createConnection", (await lookupAddress("createConnection", a.source, info[0])) ?? a.source);
      await sock.connect(info[4], { signal: a.signal });
      return sock as InetStreamSocket;
    } catch (error) {
      sock?.close();
      if (!(error instanceof OSError) || a.signal?.aborted) throw error;
      errors.push(error);
    }
  }
  throw failure(errors, a.allErrors);
}

/**
 * createConnection(), blocking the thread (getaddrinfo(3), connect(2), poll(2)).
 * @param address `[host, port]`
 * @param timeout seconds per attempt, null to block
 * @param sourceAddress an address to bind first
 * @param options `{ allErrors }`
 * @returns the connected socket
 * @throws {OSError} the last attempt's error, or AggregateError with `allErrors`
 * @throws {GaiError} when the name does not resolve (EAI_NONAME, EAI_AGAIN…)
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function createConnectionSync(address: readonly [host: string | null, port: number | string], timeout?: number | null,
  sourceAddress?: InetAddressInput | Inet6AddressInput | null, options?: { allErrors?: boolean }): InetStreamSocket {
  const a = connectionArgs("createConnectionSync", [...arguments]);
  const errors: unknown[] = [];
  for (const info of getaddrinfoSync(a.host, a.port, 0, SOCK_STREAM)) {
    let sock: Socket | undefined;
    try {
      sock = newAttemptSocket(info, a.timeout);
      if (a.source !== null) sock[bindAs]("createConnectionSync", a.source);
      sock.connectSync(info[4]);
      return sock as InetStreamSocket;
    } catch (error) {
      sock?.close();
      if (!(error instanceof OSError)) throw error;
      errors.push(error);
    }
  }
  throw failure(errors, a.allErrors);
}

/**
 * A listening TCP socket bound to `address` (or an AF_UNIX one): with
 * SO_REUSEADDR off Windows, SO_REUSEPORT when asked, and with `dualstackIpv6`
 * an AF_INET6 socket that also accepts IPv4 connections.
 * @param address where to listen (`["", 8080]`: every address)
 * @param options `{ family, backlog, reusePort, dualstackIpv6 }`
 * @returns the listening socket
 * @throws {OSError} from bind(2), with `address` and `port`
 * @throws {RangeError} for `reusePort`/`dualstackIpv6` where unsupported
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function createServer<F extends AddressFamily = AddressFamily<"AF_INET">>(address: AddressInputOf<F>,
  options: CreateServerOptions<F> = {}): Socket<F, SocketKind<"SOCK_STREAM">> {
  const fn = "createServer";
  if (typeof options !== "object" || options === null) throw v.typeError(fn, "options must be an object");
  const family = options.family === undefined ? AF_INET : v.int32(fn, "family", options.family);
  const backlog = options.backlog === undefined || options.backlog === null ? undefined : v.int32(fn, "backlog", options.backlog);
  const reusePort = options.reusePort === undefined ? false : v.boolean(fn, "reusePort", options.reusePort);
  const dualstack = options.dualstackIpv6 === undefined ? false : v.boolean(fn, "dualstackIpv6", options.dualstackIpv6);
  if (reusePort && SO_REUSEPORT === undefined) throw v.rangeError(fn, "SO_REUSEPORT not supported on this platform");
  if (dualstack) {
    if (!hasDualstackIpv6()) throw v.rangeError(fn, "dualstackIpv6 not supported on this platform");
    if (family !== AF_INET6) throw v.rangeError(fn, "dualstackIpv6 requires the AF_INET6 family");
  }
  const sock = new Socket<F, SocketKind<"SOCK_STREAM">>(family, SOCK_STREAM);
  try {
    // On Windows SO_REUSEADDR lets a second socket bind a port already in
    // use (not just one in TIME_WAIT), so CPython sets it only off Windows.
    if (binding.platform.os !== "win32") {
      try {
        sock.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1);
      } catch {
        // Not every family has it (the reference ignores this failure too).
      }
    }
    if (reusePort) sock.setsockopt(SOL_SOCKET, SO_REUSEPORT, 1);
    if (hasIpv6 && family === AF_INET6) sock.setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, dualstack ? 0 : 1);
    try {
      sock[bindAs](fn, address);
    } catch (error) {
      if (!(error instanceof OSError) || error.errno === null) throw error;
      // The reference names the address in the message.
      const message = `[Errno ${error.errno}] ${error.strerror} (while attempting to bind on address ${v.show(address)})`;
      const Class = error.constructor as new (e: number, s: string | null, o: object) => OSError;
      throw addressed(new Class(error.errno, error.strerror, { syscall: "bind", message }), address);
    }
    sock.listen(backlog);
    return sock;
  } catch (error) {
    sock.close();
    throw error;
  }
}
