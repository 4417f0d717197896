// AF_CAN addresses (Controller Area Network), shaped by the socket's
// protocol as in CPython: [ifname] for CAN_RAW and CAN_BCM, [ifname, rxId,
// txId] for CAN_ISOTP, [ifname, name, pgn, addr] for CAN_J1939 (name a
// 64-bit bigint). All are a struct sockaddr_can with the interface as its
// index ("" is 0: every interface).
import { AF_CAN, CAN_BCM, CAN_ISOTP, CAN_J1939, CAN_RAW } from "../constants.gen.js";
import { argError } from "../errors.js";
import { integer, rangeError, typeError } from "../validate.js";
import { readI32, readU32, readU64, writeI32, writeU32, writeU64 } from "../native-endian.js";
import { type FamilyCodec, layout, newSockaddr, registerFamily, tuple } from "./common.js";
import { interfaceIndex, interfaceName, padded, u32, u8 } from "./fields.js";

export type CanAddress = [ifname: string];
export type CanIsotpAddress = [ifname: string, rxId: number, txId: number];
export type CanJ1939Address = [ifname: string, name: bigint, pgn: number, addr: number];

const can = layout.sockaddr_can;
const U64_MAX = (1n << 64n) - 1n;

/** A J1939 NAME: a bigint (or a safe integer) in 0..2^64-1. */
function j1939Name(fn: string, value: unknown): bigint {
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw typeError(fn, `name must be a bigint or a safe integer, not ${value}`);
    value = BigInt(value);
  }
  if (typeof value !== "bigint") throw typeError(fn, `name must be a bigint, not ${value === null ? "null" : typeof value}`);
  if (value < 0n || value > U64_MAX) throw rangeError(fn, `name must be 0-${U64_MAX}, not ${value}`);
  return value;
}

const canCodec: FamilyCodec = {
  encode(fn, address, shape) {
    const out = newSockaddr(can!.size!, AF_CAN);
    if (shape.proto === CAN_RAW || shape.proto === CAN_BCM) {
      const [ifname] = tuple(fn, address, "AF_CAN", "[ifname]", 1);
      writeI32(out, interfaceIndex(fn, "AF_CAN", ifname), can!.can_ifindex!);
    } else if (shape.proto === CAN_ISOTP && can!.tp_rx_id !== undefined) {
      const [ifname, rx, tx] = tuple(fn, address, "AF_CAN", "[ifname, rxId, txId] for CAN_ISOTP", 3);
      const rxId = u32(fn, "rxId", rx);
      const txId = u32(fn, "txId", tx);
      writeI32(out, interfaceIndex(fn, "AF_CAN", ifname), can!.can_ifindex!);
      writeU32(out, rxId, can!.tp_rx_id!);
      writeU32(out, txId, can!.tp_tx_id!);
    } else if (shape.proto === CAN_J1939 && can!.j1939_name !== undefined) {
      const [ifname, nameArg, pgnArg, addrArg] = tuple(fn, address, "AF_CAN", "[ifname, name, pgn, addr] for CAN_J1939", 4);
      const name = j1939Name(fn, nameArg);
      const pgn = u32(fn, "pgn", pgnArg);
      const addr = u8(fn, "addr", addrArg);
      writeI32(out, interfaceIndex(fn, "AF_CAN", ifname), can!.can_ifindex!);
      writeU64(out, name, can!.j1939_name!);
      writeU32(out, pgn, can!.j1939_pgn!);
      out[can!.j1939_addr!] = addr;
    } else {
      // As CPython: the address format is unknown for other protocols.
      throw argError(fn, `unsupported CAN protocol ${integer(fn, "proto", shape.proto, -0x80000000, 0x7fffffff)}`, "EPROTONOSUPPORT");
    }
    return out;
  },
  decode(bytes, length, shape): CanAddress | CanIsotpAddress | CanJ1939Address {
    const b = padded(bytes, length, can!.size!);
    const ifname = interfaceName(readI32(b, can!.can_ifindex!));
    if (shape.proto === CAN_ISOTP && can!.tp_rx_id !== undefined) {
      return [ifname, readU32(b, can!.tp_rx_id), readU32(b, can!.tp_tx_id!)];
    }
    if (shape.proto === CAN_J1939 && can!.j1939_name !== undefined) {
      const name = readU64(b, can!.j1939_name);
      return [ifname, name, readU32(b, can!.j1939_pgn!), b[can!.j1939_addr!]!];
    }
    return [ifname];
  },
};

if (can !== undefined) registerFamily(AF_CAN, canCodec);
