// Host strings of AF_INET/AF_INET6 addresses to address bytes. The special
// forms and numeric addresses are handled here, without the resolver; a
// host *name* goes to the resolver hook, which the name-resolution layer
// installs (until then only numeric hosts are accepted).
import { AF_INET, AF_INET6, EAI_NONAME } from "../constants.gen.js";
import { argError, gaiError } from "../errors.js";
import { parseIPv4, parseIPv6 } from "../inet.js";
import { binding } from "../binding.js";

export interface HostAddress {
  /** 4 bytes for AF_INET, 16 for AF_INET6. */
  bytes: Uint8Array;
  /** The IPv6 scope id given as "%zone", else 0. */
  scopeId: number;
}

/** Resolves a host name for `family`; the first result, as the reference
 *  describes. Throws GaiError when the name cannot be resolved. */
export type HostResolver = (fn: string, host: string, family: number) => HostAddress;

let resolveName: HostResolver = () => {
  throw gaiError(EAI_NONAME);
};

/** Installed by the resolver module so that host names work everywhere. */
export function setHostResolver(resolver: HostResolver): void {
  resolveName = resolver;
}

/** The numeric form of `host` for `family`, or null if it is a name. */
export function numericHost(fn: string, host: string, family: number): HostAddress | null {
  if (family === AF_INET) {
    if (host === "") return { bytes: new Uint8Array(4), scopeId: 0 };
    if (host === "<broadcast>") return { bytes: new Uint8Array([255, 255, 255, 255]), scopeId: 0 };
    const v4 = parseIPv4(host);
    return v4 === null ? null : { bytes: v4, scopeId: 0 };
  }
  if (host === "") return { bytes: new Uint8Array(16), scopeId: 0 };
  if (host === "<broadcast>") throw argError(fn, "address family mismatched");
  const percent = host.indexOf("%");
  const v6 = parseIPv6(percent === -1 ? host : host.slice(0, percent));
  if (v6 === null) return null;
  return { bytes: v6, scopeId: percent === -1 ? 0 : scopeIdOf(host.slice(percent + 1)) };
}

/** A zone: an interface name or a number, as getaddrinfo(3) accepts. */
function scopeIdOf(zone: string): number {
  if (/^[0-9]+$/.test(zone)) {
    const n = Number(zone);
    if (n <= 0xffffffff) return n;
  }
  const index = zone === "" ? -1 : binding.if_nametoindex(zone);
  if (index <= 0) throw gaiError(EAI_NONAME);
  return index;
}

/** `host` as address bytes for `family`: numeric, special, or resolved. */
export function hostAddress(fn: string, host: string, family: number): HostAddress {
  if (family !== AF_INET && family !== AF_INET6) throw new TypeError(`${fn}(): not an IP family: ${family}`);
  return numericHost(fn, host, family) ?? resolveName(fn, host, family);
}
