// The address families that the stream, datagram and batched-datagram
// tests run over: IPv4 and IPv6 on the loopback, and AF_UNIX at a fresh
// path for every bind. Like helpers.ts, loading it only defines things.
import * as socket from "../src/index.js";
import { lacks } from "./runtime.js";
import { WIN } from "./platform.js";

export interface Family<F extends socket.AddressFamily = socket.AddressFamily> {
  name: string;
  family: F;
  skip: string | false;
  /** An address to bind to (a fresh path for AF_UNIX). */
  bindAddress(): socket.AddressInputOf<F>;
}

type Inet = socket.AddressFamily<"AF_INET">;
type Inet6 = socket.AddressFamily<"AF_INET6">;
type Unix = socket.AddressFamily<"AF_UNIX">;

// Windows has AF_UNIX stream sockets (Windows 10 1803+), which Wine lacks,
// and no AF_UNIX datagram ones (test/platform.ts).
const unixGaps = {
  stream: { wine: WIN.wineUnix },
  datagram: { win32: WIN.unixDgram },
};

/**
 * TCP (stream) or UDP (datagram) over IPv4 and IPv6, then the Unix socket
 * of that kind, in this order. `skip` skips all three; IPv6 is also
 * skipped on a machine without it. `unixPath` gives fresh paths
 * (helpers.ts's unixPaths).
 */
export function loopbackFamilies(kind: "stream" | "datagram", unixPath: () => string, skip: string | false = false): [Family<Inet>, Family<Inet6>, Family<Unix>] {
  const inet = kind === "stream" ? "TCP" : "UDP";
  return [
    { name: `${inet}/IPv4`, family: socket.AF_INET, skip, bindAddress: () => ["127.0.0.1", 0] },
    { name: `${inet}/IPv6`, family: socket.AF_INET6, skip: skip || (!socket.hasIpv6 && "no IPv6 on this machine"), bindAddress: () => ["::1", 0] },
    { name: `Unix ${kind}`, family: socket.AF_UNIX, skip: skip || (lacks(unixGaps[kind]) ?? false), bindAddress: unixPath },
  ];
}

type Track = <S extends socket.Socket>(s: S) => S;
type Datagram<F extends socket.AddressFamily> = socket.Socket<F, socket.SocketKind<"SOCK_DGRAM">>;

/** A datagram socket of family `f`, tracked, bound to a fresh local address
 *  (typed by family for one family, plain for the loops over all three). */
export function boundDatagram<F extends socket.AddressFamily>(track: Track, f: Family<F>): Datagram<F>;
export function boundDatagram(track: Track, f: Family): Datagram<socket.AddressFamily>;
export function boundDatagram(track: Track, f: Family): Datagram<socket.AddressFamily> {
  const s = track(socket.socket(f.family, socket.SOCK_DGRAM));
  s.bind(f.bindAddress());
  return s;
}
