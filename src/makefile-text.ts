// The text side of makefile(): Python's TextIOWrapper on a socket, in
// Node's terms. Bytes received become strings through a streaming decoder
// (a character split across two recv() calls is put together), strings
// written become bytes through an encoder, and `newline` translates line
// endings the way Python's does. `errors` is Python's: "strict" (the
// default) fails on bytes that are not valid in the encoding, "replace"
// puts U+FFFD (decoding) or "?" (encoding) in their place.
import { TextDecoder } from "node:util";
import * as v from "./validate.js";

/** The encodings a text-mode file supports (Python's names and aliases). */
export type TextEncoding = "utf-8" | "utf-16-le" | "latin-1" | "ascii";
export type TextErrors = "strict" | "replace";
/** Python's `newline`: null = universal newlines. */
export type Newline = null | "" | "\n" | "\r" | "\r\n";

const aliases: Readonly<Record<string, TextEncoding>> = {
  "utf-8": "utf-8", "utf8": "utf-8", "u8": "utf-8",
  "utf-16-le": "utf-16-le", "utf-16le": "utf-16-le", "utf16le": "utf-16-le",
  "latin-1": "latin-1", "latin1": "latin-1", "iso-8859-1": "latin-1", "iso8859-1": "latin-1", "l1": "latin-1",
  "ascii": "ascii", "us-ascii": "ascii", "646": "ascii",
};

/** An encoding name as Python spells it (any case, "_" or "-"), or a RangeError. */
export function textEncoding(fn: string, name: unknown): TextEncoding {
  if (name === undefined || name === null) return "utf-8";
  const found = aliases[v.string(fn, "encoding", name).toLowerCase().replace(/_/g, "-")];
  if (found === undefined) {
    throw v.rangeError(fn, `unknown encoding: ${name} (supported: utf-8, utf-16-le, latin-1, ascii)`);
  }
  return found;
}

export function textErrors(fn: string, value: unknown): TextErrors {
  if (value === undefined || value === null || value === "strict") return "strict";
  if (value === "replace") return "replace";
  throw v.rangeError(fn, `errors must be "strict" or "replace", not ${typeof value === "string" ? JSON.stringify(value) : v.describe(value)}`);
}

export function newlineOption(fn: string, value: unknown): Newline {
  if (value === undefined || value === null) return null;
  if (value === "" || value === "\n" || value === "\r" || value === "\r\n") return value;
  throw v.rangeError(fn, `illegal newline value: ${typeof value === "string" ? JSON.stringify(value) : v.describe(value)}`);
}

/** A decoding failure with errors "strict" (Python's UnicodeDecodeError is a ValueError). */
function decodeError(encoding: TextEncoding): RangeError {
  return new RangeError(`makefile(): received bytes that are not valid ${encoding} (errors: "strict")`);
}

/** Bytes to text, chunk by chunk. `end()` flushes what an incomplete character left. */
export class TextDecoderStream {
  readonly #encoding: TextEncoding;
  readonly #strict: boolean;
  readonly #decoder: TextDecoder | null;
  readonly #universal: boolean;
  #pendingCR = false;

  constructor(encoding: TextEncoding, errors: TextErrors, newline: Newline) {
    this.#encoding = encoding;
    this.#strict = errors === "strict";
    this.#universal = newline === null;
    this.#decoder = encoding === "utf-8" || encoding === "utf-16-le"
      ? new TextDecoder(encoding === "utf-8" ? "utf-8" : "utf-16le", { fatal: this.#strict })
      : null;
  }

  write(bytes: Buffer): string {
    return this.#translate(this.#decode(bytes, true), false);
  }

  end(): string {
    return this.#translate(this.#decode(Buffer.alloc(0), false), true);
  }

  #decode(bytes: Buffer, more: boolean): string {
    if (this.#decoder !== null) {
      try {
        return this.#decoder.decode(bytes, { stream: more });
      } catch {
        throw decodeError(this.#encoding);
      }
    }
    if (this.#encoding === "latin-1") return bytes.toString("latin1");
    // ASCII: Node's own "ascii" decoding drops the high bit; Python refuses
    // (strict) or replaces bytes from 0x80 up.
    const high = bytes.findIndex((b) => b >= 0x80);
    if (high === -1) return bytes.toString("latin1");
    if (this.#strict) throw decodeError(this.#encoding);
    return Array.from(bytes, (b) => (b >= 0x80 ? "\ufffd" : String.fromCharCode(b))).join("");
  }

  /** Universal newlines (newline null): "\r\n" and "\r" read as "\n". A
   *  "\r" at the end of a chunk waits for the next one, which may start
   *  with "\n". Other newline values leave the text as it came. */
  #translate(text: string, last: boolean): string {
    if (!this.#universal) return text;
    if (this.#pendingCR) text = `\r${text}`;
    this.#pendingCR = !last && text.endsWith("\r");
    if (this.#pendingCR) text = text.slice(0, -1);
    return text.replace(/\r\n?/g, "\n");
  }
}

// Characters an encoding cannot represent. With the `u` flag a surrogate
// pair is one character, so only lone surrogates match \p{Surrogate}.
const unencodable: Readonly<Record<TextEncoding, RegExp>> = {
  "utf-8": /\p{Surrogate}/gu,
  "utf-16-le": /\p{Surrogate}/gu,
  "latin-1": /[^\u0000-\u00ff]/gu,
  "ascii": /[^\u0000-\u007f]/gu,
};

const nodeEncoding: Readonly<Record<TextEncoding, BufferEncoding>> = {
  "utf-8": "utf8", "utf-16-le": "utf16le", "latin-1": "latin1", "ascii": "latin1",
};

/** Text to bytes: "\n" written as `newline` ("\r" or "\r\n"), then encoded. */
export function encodeText(text: string, encoding: TextEncoding, errors: TextErrors, newline: Newline): Buffer {
  if (newline === "\r" || newline === "\r\n") text = text.replace(/\n/g, newline);
  const bad = unencodable[encoding];
  bad.lastIndex = 0;
  const found = bad.exec(text);
  if (found !== null) {
    if (errors === "strict") {
      const code = found[0].codePointAt(0)!.toString(16).padStart(4, "0");
      throw new RangeError(`makefile(): '${encoding}' cannot encode the character U+${code.toUpperCase()} (errors: "strict")`);
    }
    text = text.replace(bad, "?");
  }
  return Buffer.from(text, nodeEncoding[encoding]);
}
