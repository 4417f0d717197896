// AF_TIPC addresses (Transparent Inter-Process Communication): [addrType,
// v1, v2, v3, scope?], as struct sockaddr_tipc. What v1..v3 mean depends on
// the address type, as in CPython:
//   TIPC_ADDR_NAMESEQ  [type, lower, upper]   a service range
//   TIPC_ADDR_NAME     [type, instance, (v3 ignored; decoded as instance)]
//   TIPC_ADDR_ID       [node, ref, (v3 ignored; decoded as 0)]
// scope defaults to TIPC_CLUSTER_SCOPE. The fields are in host byte order.
import { AF_TIPC, TIPC_ADDR_ID, TIPC_ADDR_NAME, TIPC_ADDR_NAMESEQ, TIPC_CLUSTER_SCOPE } from "../constants.gen.js";
import { integer, typeError } from "../validate.js";
import { readU32, writeU32 } from "../native-endian.js";
import { type FamilyCodec, layout, newSockaddr, registerFamily, SA_DATA_OFFSET, tuple } from "./common.js";
import { padded, u32 } from "./fields.js";

export type TipcAddress = [addrType: number, v1: number, v2: number, v3: number, scope: number];

const tipc = layout.sockaddr_tipc;

const tipcCodec: FamilyCodec = {
  encode(fn, address) {
    const t = tuple(fn, address, "AF_TIPC", "[addrType, v1, v2, v3, scope?]", 4, 5);
    const addrType = u32(fn, "addrType", t[0]);
    const v1 = u32(fn, "v1", t[1]);
    const v2 = u32(fn, "v2", t[2]);
    const v3 = u32(fn, "v3", t[3]);
    // The kernel's scope is a signed char (TIPC_NODE_SCOPE is 3).
    const scope = t[4] === undefined ? TIPC_CLUSTER_SCOPE! : integer(fn, "scope", t[4], -128, 127);
    const out = newSockaddr(tipc!.size!, AF_TIPC);
    out[tipc!.addrtype!] = addrType & 0xff;
    out.writeInt8(scope, tipc!.scope!);
    const at = (field: number): number => tipc!.addr! + field;
    if (addrType === TIPC_ADDR_NAMESEQ) {
      writeU32(out, v1, at(tipc!.nameseq_type!));
      writeU32(out, v2, at(tipc!.nameseq_lower!));
      writeU32(out, v3, at(tipc!.nameseq_upper!));
    } else if (addrType === TIPC_ADDR_NAME) {
      writeU32(out, v1, at(tipc!.name_type!));
      writeU32(out, v2, at(tipc!.name_instance!));
    } else if (addrType === TIPC_ADDR_ID) {
      writeU32(out, v1, at(tipc!.id_node!));
      writeU32(out, v2, at(tipc!.id_ref!));
    } else {
      throw typeError(fn, `AF_TIPC addrType must be TIPC_ADDR_NAMESEQ, TIPC_ADDR_NAME or TIPC_ADDR_ID, not ${addrType}`);
    }
    return out;
  },
  decode(bytes, length): TipcAddress | [number, Buffer] {
    const b = padded(bytes, length, tipc!.size!);
    const addrType = b[tipc!.addrtype!]!;
    const scope = b.readInt8(tipc!.scope!);
    const at = (field: number): number => readU32(b, tipc!.addr! + field);
    if (addrType === TIPC_ADDR_NAMESEQ) return [addrType, at(tipc!.nameseq_type!), at(tipc!.nameseq_lower!), at(tipc!.nameseq_upper!), scope];
    if (addrType === TIPC_ADDR_NAME) {
      const instance = at(tipc!.name_instance!);
      return [addrType, at(tipc!.name_type!), instance, instance, scope];
    }
    if (addrType === TIPC_ADDR_ID) return [addrType, at(tipc!.id_node!), at(tipc!.id_ref!), 0, scope];
    // An address type this codec does not know: the generic form, so a
    // received datagram is never lost to a decoding error.
    return [AF_TIPC!, Buffer.from(bytes.subarray(SA_DATA_OFFSET, length))];
  },
};

if (tipc !== undefined) registerFamily(AF_TIPC, tipcCodec);
