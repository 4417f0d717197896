// AF_BLUETOOTH addresses (Linux), shaped by the socket's protocol as in
// CPython:
//   BTPROTO_L2CAP   [bdaddr, psm, cid?, bdaddrType?]   struct sockaddr_l2
//   BTPROTO_RFCOMM  [bdaddr, channel]                  struct sockaddr_rc
//   BTPROTO_HCI     deviceId or [deviceId, channel?]   struct sockaddr_hci
//   BTPROTO_SCO     bdaddr                             struct sockaddr_sco
// A bdaddr is "XX:XX:XX:XX:XX:XX", stored least significant byte first as
// BlueZ does. The protocol numbers and layouts come from BlueZ's headers or,
// where those are missing, from the kernel ABI (native/bluetooth_abi.h).
import { inspect } from "node:util";
import { AF_BLUETOOTH } from "../constants.gen.js";
import { argError } from "../errors.js";
import { isBytesLike, show, typeError } from "../validate.js";
import { type FamilyCodec, layout, newSockaddr, registerFamily, SA_DATA_OFFSET, tuple } from "./common.js";
import { readU16, writeU16 } from "../native-endian.js";
import { optional, padded, u16, u8 } from "./fields.js";

export type L2capAddress = [bdaddr: string, psm: number] | [bdaddr: string, psm: number, cid: number] | [bdaddr: string, psm: number, cid: number, bdaddrType: number];
export type RfcommAddress = [bdaddr: string, channel: number];
export type HciAddress = number | [deviceId: number, channel: number];
export type ScoAddress = string;

const bt = layout.bluetooth;
const l2 = layout.sockaddr_l2;
const rc = layout.sockaddr_rc;
const hci = layout.sockaddr_hci;
const sco = layout.sockaddr_sco;

const BDADDR = /^[0-9A-Fa-f]{1,2}(?::[0-9A-Fa-f]{1,2}){5}$/;

/** Writes "XX:XX:XX:XX:XX:XX" at `offset`, reversed (bdaddr_t order). */
function writeBdaddr(fn: string, value: unknown, out: Buffer, offset: number): void {
  // CPython takes bytes (ASCII) as well as a string for SCO.
  const text = isBytesLike(value) ? Buffer.from(value as Uint8Array).toString("latin1") : value;
  if (typeof text !== "string") throw typeError(fn, `bdaddr must be a string "XX:XX:XX:XX:XX:XX", not ${show(value)}`);
  if (!BDADDR.test(text)) throw argError(fn, `bad bluetooth address ${inspect(text)}`, "EINVAL");
  text.split(":").forEach((part, i) => {
    out[offset + 5 - i] = parseInt(part, 16);
  });
}

function readBdaddr(bytes: Buffer, offset: number): string {
  const parts: string[] = [];
  for (let i = 5; i >= 0; i--) parts.push(bytes[offset + i]!.toString(16).toUpperCase().padStart(2, "0"));
  return parts.join(":");
}

function encodeL2cap(fn: string, address: unknown): Buffer {
  const t = tuple(fn, address, "BTPROTO_L2CAP", "[bdaddr, psm, cid?, bdaddrType?]", 2, 4);
  const out = newSockaddr(l2!.size!, AF_BLUETOOTH);
  writeBdaddr(fn, t[0], out, l2!.l2_bdaddr!);
  // psm and cid are little-endian in the kernel's ABI (__le16).
  out.writeUInt16LE(u16(fn, "psm", t[1]), l2!.l2_psm!);
  out.writeUInt16LE(optional(t[2], 0, (v) => u16(fn, "cid", v)), l2!.l2_cid!);
  out[l2!.l2_bdaddr_type!] = optional(t[3], bt!.BDADDR_BREDR!, (v) => u8(fn, "bdaddrType", v));
  return out;
}

function decodeL2cap(b: Buffer): L2capAddress {
  const bdaddr = readBdaddr(b, l2!.l2_bdaddr!);
  const psm = b.readUInt16LE(l2!.l2_psm!);
  const cid = b.readUInt16LE(l2!.l2_cid!);
  const type = b[l2!.l2_bdaddr_type!]!;
  // As CPython: the short forms when the extra fields are at their defaults.
  if (type !== bt!.BDADDR_BREDR) return [bdaddr, psm, cid, type];
  if (cid !== 0) return [bdaddr, psm, cid];
  return [bdaddr, psm];
}

function encodeRfcomm(fn: string, address: unknown): Buffer {
  const [bdaddr, channel] = tuple(fn, address, "BTPROTO_RFCOMM", "a [bdaddr, channel] pair", 2);
  const out = newSockaddr(rc!.size!, AF_BLUETOOTH);
  writeBdaddr(fn, bdaddr, out, rc!.rc_bdaddr!);
  out[rc!.rc_channel!] = u8(fn, "channel", channel);
  return out;
}

function encodeHci(fn: string, address: unknown): Buffer {
  const t = typeof address === "number" ? [address] : tuple(fn, address, "BTPROTO_HCI", "a deviceId or [deviceId, channel?]", 1, 2);
  const out = newSockaddr(hci!.size!, AF_BLUETOOTH);
  writeU16(out, u16(fn, "deviceId", t[0]), hci!.hci_dev!);
  writeU16(out, optional(t[1], bt!.HCI_CHANNEL_RAW!, (v) => u16(fn, "channel", v)), hci!.hci_channel!);
  return out;
}

function decodeHci(b: Buffer): HciAddress {
  const dev = readU16(b, hci!.hci_dev!);
  const channel = readU16(b, hci!.hci_channel!);
  return channel === bt!.HCI_CHANNEL_RAW ? dev : [dev, channel];
}

function encodeSco(fn: string, address: unknown): Buffer {
  const out = newSockaddr(sco!.size!, AF_BLUETOOTH);
  writeBdaddr(fn, address, out, sco!.sco_bdaddr!);
  return out;
}

const bluetooth: FamilyCodec = {
  encode(fn, address, shape) {
    switch (shape.proto) {
      case bt!.BTPROTO_L2CAP: return encodeL2cap(fn, address);
      case bt!.BTPROTO_RFCOMM: return encodeRfcomm(fn, address);
      case bt!.BTPROTO_HCI: return encodeHci(fn, address);
      case bt!.BTPROTO_SCO: return encodeSco(fn, address);
      default:
        throw argError(fn, `unknown Bluetooth protocol ${shape.proto}`, "EPROTONOSUPPORT");
    }
  },
  decode(bytes, length, shape) {
    switch (shape.proto) {
      case bt!.BTPROTO_L2CAP: return decodeL2cap(padded(bytes, length, l2!.size!));
      case bt!.BTPROTO_RFCOMM: {
        const b = padded(bytes, length, rc!.size!);
        return [readBdaddr(b, rc!.rc_bdaddr!), b[rc!.rc_channel!]!] as RfcommAddress;
      }
      case bt!.BTPROTO_HCI: return decodeHci(padded(bytes, length, hci!.size!));
      case bt!.BTPROTO_SCO: return readBdaddr(padded(bytes, length, sco!.size!), sco!.sco_bdaddr!);
      default:
        // Unknown protocol: the generic form, so no received data is lost.
        return [AF_BLUETOOTH!, Buffer.from(bytes.subarray(SA_DATA_OFFSET, length))];
    }
  },
};

if (bt !== undefined) registerFamily(AF_BLUETOOTH, bluetooth);
