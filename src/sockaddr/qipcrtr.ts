// AF_QIPCRTR addresses (Qualcomm IPC router): [node, port], as struct
// sockaddr_qrtr.
import { AF_QIPCRTR } from "../constants.gen.js";
import { type FamilyCodec, layout, newSockaddr, readU32, registerFamily, writeU32 } from "./common.js";
import { padded, tuple, u32 } from "./fields.js";

export type QipcrtrAddress = [node: number, port: number];

const sq = layout.sockaddr_qrtr;

const qipcrtr: FamilyCodec = {
  encode(fn, address) {
    const [node, port] = tuple(fn, address, "AF_QIPCRTR", "a [node, port] pair", 2);
    const out = newSockaddr(sq!.size!, AF_QIPCRTR);
    writeU32(out, u32(fn, "node", node), sq!.sq_node!);
    writeU32(out, u32(fn, "port", port), sq!.sq_port!);
    return out;
  },
  decode(bytes, length): QipcrtrAddress {
    const b = padded(bytes, length, sq!.size!);
    return [readU32(b, sq!.sq_node!), readU32(b, sq!.sq_port!)];
  },
};

if (sq !== undefined) registerFamily(AF_QIPCRTR, qipcrtr);
