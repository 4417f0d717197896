// AF_PACKET addresses (Linux link layer): [ifname, proto, pkttype?,
// hatype?, addr?], as struct sockaddr_ll. The interface travels as its
// index, the protocol (an ETH_P_* number) in network byte order, the
// hardware address as up to 8 bytes.
import { AF_PACKET, PACKET_HOST } from "../constants.gen.js";
import { bytes as bytesArg, rangeError } from "../validate.js";
import { type FamilyCodec, layout, newSockaddr, registerFamily, tuple } from "./common.js";
import { readI32, readU16, writeI32, writeU16 } from "../native-endian.js";
import { interfaceIndex, interfaceName, optional, padded, u16, u8 } from "./fields.js";

export type PacketAddress = [ifname: string, proto: number, pkttype: number, hatype: number, addr: Buffer];

const ll = layout.sockaddr_ll;

const packet: FamilyCodec = {
  encode(fn, address) {
    const t = tuple(fn, address, "AF_PACKET", "[ifname, proto, pkttype?, hatype?, addr?]", 2, 5);
    const index = interfaceIndex(fn, "AF_PACKET", t[0]);
    const proto = u16(fn, "proto", t[1]);
    const pkttype = optional(t[2], PACKET_HOST ?? 0, (v) => u8(fn, "pkttype", v));
    const hatype = optional(t[3], 0, (v) => u16(fn, "hatype", v));
    const addr = t[4] === undefined ? new Uint8Array(0) : bytesArg(fn, "addr", t[4]);
    if (addr.length > ll!.sll_addr_size!) throw rangeError(fn, `hardware address must be ${ll!.sll_addr_size} bytes or less, not ${addr.length}`);
    const out = newSockaddr(ll!.size!, AF_PACKET);
    out.writeUInt16BE(proto, ll!.sll_protocol!);
    writeI32(out, index, ll!.sll_ifindex!);
    writeU16(out, hatype, ll!.sll_hatype!);
    out[ll!.sll_pkttype!] = pkttype;
    out[ll!.sll_halen!] = addr.length;
    out.set(addr, ll!.sll_addr!);
    return out;
  },
  decode(bytes, length): PacketAddress {
    const b = padded(bytes, length, ll!.size!);
    const halen = Math.min(b[ll!.sll_halen!]!, ll!.sll_addr_size!);
    return [
      interfaceName(readI32(b, ll!.sll_ifindex!)),
      b.readUInt16BE(ll!.sll_protocol!),
      b[ll!.sll_pkttype!]!,
      readU16(b, ll!.sll_hatype!),
      Buffer.from(b.subarray(ll!.sll_addr!, ll!.sll_addr! + halen)),
    ];
  },
};

if (ll !== undefined) registerFamily(AF_PACKET, packet);
