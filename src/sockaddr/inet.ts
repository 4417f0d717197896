// AF_INET and AF_INET6 addresses: [host, port] and
// [host, port, flowinfo, scopeId], as struct sockaddr_in / sockaddr_in6.
import { AF_INET, AF_INET6 } from "../constants.gen.js";
import { binding } from "../binding.js";
import { formatIPv4, formatIPv6 } from "../inet.js";
import { describe, integer, rangeError, text, typeError } from "../validate.js";
import { readU32, writeU32 } from "../native-endian.js";
import { type FamilyCodec, layout, newSockaddr, registerFamily, tuple } from "./common.js";
import { hostAddress } from "./host.js";

export type InetAddress = [host: string, port: number];
export type Inet6Address = [host: string, port: number, flowinfo: number, scopeId: number];

const in4 = layout.sockaddr_in!;
const in6 = layout.sockaddr_in6!;

function checkHostPort(fn: string, address: unknown, shape: string, max: number): [string, number] {
  const t = tuple(fn, address, "", shape, 2, max);
  const host = text(fn, "host", t[0]);
  const port = t[1];
  if (typeof port !== "number" || !Number.isInteger(port)) throw typeError(fn, `port must be an integer, not ${describe(port)}`);
  if (port < 0 || port > 65535) throw rangeError(fn, "port must be 0-65535");
  return [host, port];
}

const inet4: FamilyCodec = {
  encode(fn, address) {
    const [host, port] = checkHostPort(fn, address, "a [host, port] pair", 2);
    const out = newSockaddr(in4.size!, AF_INET);
    out.writeUInt16BE(port, in4.sin_port!);
    out.set(hostAddress(fn, host, AF_INET).bytes, in4.sin_addr!);
    return out;
  },
  decode(bytes, length): InetAddress {
    if (length < in4.sin_addr! + 4) return [formatIPv4(new Uint8Array(4)), 0];
    return [hostText4(bytes.readUInt32BE(in4.sin_addr!), bytes), bytes.readUInt16BE(in4.sin_port!)];
  },
};

// The text of the last IPv4 address decoded: a server hears from the same
// few peers again and again (recvfrom on an unconnected socket), and the
// same string object also makes sendto's address cache compare at once.
let lastAddr4 = -1;
let lastHost4 = "";
function hostText4(addr: number, bytes: Uint8Array): string {
  if (addr !== lastAddr4) {
    lastHost4 = formatIPv4(bytes, in4.sin_addr!);
    lastAddr4 = addr;
  }
  return lastHost4;
}

function isLinkLocal(bytes: Uint8Array, offset: number): boolean {
  const b0 = bytes[offset]!;
  const b1 = bytes[offset + 1]!;
  return (b0 === 0xfe && (b1 & 0xc0) === 0x80) || (b0 === 0xff && (b1 & 0x0f) === 0x02);
}

const inet6: FamilyCodec = {
  encode(fn, address) {
    const [host, port] = checkHostPort(fn, address, "a [host, port, flowinfo?, scopeId?] tuple", 4);
    const t = address as unknown[];
    const flowinfo = t[2] === undefined ? 0 : integer(fn, "flowinfo", t[2], 0, 0xfffff);
    const scopeArg = t[3] === undefined ? 0 : integer(fn, "scopeId", t[3], 0, 0xffffffff);
    const resolved = hostAddress(fn, host, AF_INET6);
    const out = newSockaddr(in6.size!, AF_INET6);
    out.writeUInt16BE(port, in6.sin6_port!);
    out.writeUInt32BE(flowinfo, in6.sin6_flowinfo!);
    out.set(resolved.bytes, in6.sin6_addr!);
    writeU32(out, scopeArg !== 0 ? scopeArg : resolved.scopeId, in6.sin6_scope_id!);
    return out;
  },
  decode(bytes, length): Inet6Address {
    if (length < in6.sin6_scope_id! + 4) return ["::", 0, 0, 0];
    const addr = in6.sin6_addr!;
    const scopeId = readU32(bytes, in6.sin6_scope_id!);
    let host = formatIPv6(bytes, addr);
    // As getnameinfo(NI_NUMERICHOST) prints a scoped link-local address.
    if (scopeId !== 0 && isLinkLocal(bytes, addr)) {
      const name = binding.if_indextoname(scopeId);
      host += `%${typeof name === "string" ? name : scopeId}`;
    }
    return [host, bytes.readUInt16BE(in6.sin6_port!), bytes.readUInt32BE(in6.sin6_flowinfo!) & 0xfffff, scopeId];
  },
};

registerFamily(AF_INET, inet4);
registerFamily(AF_INET6, inet6);
