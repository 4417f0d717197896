// AF_ALG addresses (the kernel's crypto API): [type, name, feat?, mask?],
// as struct sockaddr_alg, whose type and name are NUL-padded fixed arrays.
import { AF_ALG } from "../constants.gen.js";
import { rangeError, text } from "../validate.js";
import { readU32, writeU32 } from "../native-endian.js";
import { type FamilyCodec, layout, newSockaddr, readFixedString, registerFamily, tuple } from "./common.js";
import { optional, padded, u32 } from "./fields.js";

export type AlgAddress = [type: string, name: string, feat: number, mask: number];

const alg = layout.sockaddr_alg;

/** `value` NUL-terminated in a field of `size` bytes; too long is an error. */
function fixedString(fn: string, name: string, value: unknown, size: number): Buffer {
  const bytes = Buffer.from(text(fn, `AF_ALG ${name}`, value), "utf8");
  if (bytes.length >= size) throw rangeError(fn, `AF_ALG ${name} too long (at most ${size - 1} bytes)`);
  return bytes;
}

const algCodec: FamilyCodec = {
  encode(fn, address) {
    const t = tuple(fn, address, "AF_ALG", "[type, name, feat?, mask?]", 2, 4);
    const type = fixedString(fn, "type", t[0], alg!.salg_type_size!);
    const name = fixedString(fn, "name", t[1], alg!.salg_name_size!);
    const feat = optional(t[2], 0, (v) => u32(fn, "feat", v));
    const mask = optional(t[3], 0, (v) => u32(fn, "mask", v));
    const out = newSockaddr(alg!.size!, AF_ALG);
    type.copy(out, alg!.salg_type!);
    name.copy(out, alg!.salg_name!);
    writeU32(out, feat, alg!.salg_feat!);
    writeU32(out, mask, alg!.salg_mask!);
    return out;
  },
  decode(bytes, length): AlgAddress {
    const b = padded(bytes, length, alg!.size!);
    return [
      readFixedString(b, alg!.salg_type!, alg!.salg_type_size!, alg!.size!),
      readFixedString(b, alg!.salg_name!, alg!.salg_name_size!, alg!.size!),
      readU32(b, alg!.salg_feat!),
      readU32(b, alg!.salg_mask!),
    ];
  },
};

if (alg !== undefined) registerFamily(AF_ALG, algCodec);
