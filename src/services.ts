// The system's tables, read synchronously: services, protocols and network
// interfaces, and whether IPv6 sockets can also take IPv4.
import { binding } from "./binding.js";
import { AF_INET6, IPPROTO_IPV6, IPV6_V6ONLY, SOCK_STREAM } from "./constants.gen.js";
import { OSError, osError } from "./errors.js";
import { hasIpv6 } from "./module.js";
import * as v from "./validate.js";

function protoArg(fn: string, value: unknown): string | null {
  return value === undefined || value === null ? null : v.text(fn, "protocolname", value);
}

/**
 * The port of a service, e.g. `getservbyname("http", "tcp")` → 80 (getservbyname(3)).
 * @param servicename "https"…
 * @param protocolname "tcp" or "udp" (default: any)
 * @returns the port
 * @throws {OSError} (no errno) when not found
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function getservbyname(servicename: string, protocolname?: string | null): number {
  const fn = "getservbyname";
  const port = binding.getservbyname(v.text(fn, "servicename", servicename), protoArg(fn, protocolname));
  if (port < 0) throw new OSError(null, "service/proto not found", { syscall: fn });
  return port;
}

/**
 * The service name of a port, e.g. `getservbyport(443)` → "https" (getservbyport(3)).
 * @param port 0-65535
 * @param protocolname "tcp" or "udp" (default: any)
 * @returns the service name
 * @throws {OSError} (no errno) when not found
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function getservbyport(port: number, protocolname?: string | null): string {
  const fn = "getservbyport";
  const p = v.integer(fn, "port", port, 0, 65535);
  const name = binding.getservbyport(p, protoArg(fn, protocolname));
  if (name === null) throw new OSError(null, "port/proto not found", { syscall: fn });
  return name;
}

/**
 * The number of a protocol, e.g. `getprotobyname("udp")` → 17 (getprotobyname(3)).
 * @param name "tcp", "udp", "icmp"…
 * @returns the protocol number
 * @throws {OSError} (no errno) when not found
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function getprotobyname(name: string): number {
  const fn = "getprotobyname";
  const proto = binding.getprotobyname(v.text(fn, "name", name));
  if (proto < 0) throw new OSError(null, "protocol not found", { syscall: fn });
  return proto;
}

/**
 * Every network interface as `[index, name]` (if_nameindex(3)).
 * @returns `[index, name][]` of every interface
 * @throws {OSError} from if_nameindex(3)
 */
export function if_nameindex(): [number, string][] {
  const list = binding.if_nameindex();
  if (typeof list === "number") throw osError(-list, "if_nameindex");
  return list;
}

/**
 * The index of a network interface (if_nametoindex(3)).
 * @param ifname an interface name
 * @returns its index
 * @throws {OSError} (no errno) when there is no such interface
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function if_nametoindex(ifname: string): number {
  const fn = "if_nametoindex";
  const index = binding.if_nametoindex(v.text(fn, "ifname", ifname));
  if (index <= 0) throw new OSError(null, "no interface with this name", { syscall: fn });
  return index;
}

/**
 * The name of a network interface (if_indextoname(3)).
 * @param ifindex an interface index
 * @returns its name
 * @throws {OSError} ENXIO when there is no such interface
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function if_indextoname(ifindex: number): string {
  const fn = "if_indextoname";
  const name = binding.if_indextoname(v.integer(fn, "ifindex", ifindex, 0, 0xffffffff));
  if (typeof name === "number") throw osError(-name, fn);
  return name;
}

/**
 * Whether an AF_INET6 stream socket can also accept IPv4 (IPV6_V6ONLY off).
 * @returns whether an AF_INET6 socket can also accept IPv4 connections
 */
export function hasDualstackIpv6(): boolean {
  if (!hasIpv6 || IPPROTO_IPV6 === undefined || IPV6_V6ONLY === undefined) return false;
  const fd = binding.socket(AF_INET6, SOCK_STREAM, 0);
  if (fd < 0) return false;
  try {
    return binding.setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, Buffer.alloc(4), 4) === 0;
  } finally {
    binding.close(fd);
  }
}
