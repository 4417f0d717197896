// sendmsgAfalg's control messages: the operation, the initialization
// vector and the AEAD associated-data length of a Linux AF_ALG (kernel
// crypto) socket, as CPython's sock_sendmsg_afalg builds them.
import { binding } from "./binding.js";
import { ALG_SET_AEAD_ASSOCLEN, ALG_SET_IV, ALG_SET_OP, SOL_ALG } from "./constants.gen.js";
import type { AncillaryInput } from "./cmsg.js";
import { type OSError, argError } from "./errors.js";
import { writeU32 } from "./native-endian.js";
import { flagsArg } from "./socket-util.js";
import * as v from "./validate.js";

/** sendmsgAfalg's options (keyword arguments in Python). */
export interface AfalgOptions extends v.CallOptions {
  /** ALG_OP_ENCRYPT or ALG_OP_DECRYPT (required). */
  op?: number;
  /** The initialization vector. */
  iv?: v.BytesLike | null;
  /** The length of the associated data (AEAD ciphers). */
  assoclen?: number | null;
  /** sendmsg flags. */
  flags?: number;
}

/** A native-endian u32, as the kernel reads these fields. */
function u32(value: number): Buffer {
  const out = Buffer.alloc(4);
  writeU32(out, value, 0);
  return out;
}

/** The error CPython raises for a socket of another family (no errno). */
export function afalgOnly(fn: string): OSError {
  return argError(fn, "algset is only supported for AF_ALG");
}

/**
 * The control messages for `{ op, iv, assoclen }`: ALG_SET_OP (a u32),
 * ALG_SET_IV (struct af_alg_iv: a u32 length, then the bytes) when `iv` is
 * given, ALG_SET_AEAD_ASSOCLEN (a u32) when `assoclen` is. Errors are
 * Python's classes: TypeError for a missing or negative `op` and a
 * negative `assoclen`, RangeError (OverflowError) for one too large.
 */
export function afalgAncdata(fn: string, options: AfalgOptions): AncillaryInput[] {
  const { op, iv, assoclen } = options;
  if (typeof op !== "number" || !Number.isInteger(op) || op < 0 || op > v.INT32_MAX) {
    throw v.typeError(fn, `invalid or missing argument 'op' (a non-negative integer such as ALG_OP_ENCRYPT), not ${v.describe(op)}`);
  }
  const items: AncillaryInput[] = [[SOL_ALG, ALG_SET_OP, u32(op)]];
  if (iv !== undefined && iv !== null) {
    const bytes = v.bytes(fn, "iv", iv);
    const layout = binding.layout.af_alg_iv!;
    const data = Buffer.alloc(layout.iv! + bytes.length);
    writeU32(data, bytes.length, layout.ivlen!);
    data.set(bytes, layout.iv!);
    items.push([SOL_ALG, ALG_SET_IV, data]);
  }
  if (assoclen !== undefined && assoclen !== null) {
    if (typeof assoclen !== "number" || !Number.isInteger(assoclen)) {
      throw v.typeError(fn, `assoclen must be an integer, not ${v.describe(assoclen)}`);
    }
    if (assoclen < 0) throw v.typeError(fn, `assoclen must be positive, not ${assoclen}`);
    if (assoclen > v.INT32_MAX) throw v.rangeError(fn, `assoclen must be 0-${v.INT32_MAX}, not ${assoclen}`);
    items.push([SOL_ALG, ALG_SET_AEAD_ASSOCLEN, u32(assoclen)]);
  }
  return items;
}

/** sendmsgAfalg's flags option. */
export function afalgFlags(fn: string, options: AfalgOptions): number {
  return flagsArg(fn, options.flags);
}
