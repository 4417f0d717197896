// socket.makefile(): the socket as a Node stream, as Python's makefile gives
// a file object. "r" a Readable, "w" a Writable, "rw" a Duplex; with "b"
// they carry Buffers, without it strings (see makefile-text.ts).
//
// The streams use the socket's own async recv() and sendall(), so the
// socket's mode and timeout apply, and close() works as for any call.
// Backpressure both ways: a recv() is made only when the stream's reader
// wants data (Node calls read() while the buffer is below its high-water
// mark), and a write completes only once sendall() has handed every byte to
// the kernel, so write() returns false while the socket cannot keep up.
//
// Lifetime, as the reference: each file holds the descriptor open (the
// socket counts its files, CPython's _io_refs), and the descriptor is
// released when the socket and all its files are closed, in either order.
// A file is closed when its stream is destroyed: by destroy(), after an
// error, or by itself once it has ended (autoDestroy).
import { Duplex, Readable, Writable } from "node:stream";
import { SHUT_WR } from "./constants.gen.js";
import { ENOTCONN } from "./constants.js";
import { OSError } from "./errors.js";
import {
  type Newline, type TextEncoding, type TextErrors, TextDecoderStream,
  encodeText, newlineOption, textEncoding, textErrors,
} from "./makefile-text.js";
import { type Socket, streamCall } from "./socket.js";
import * as v from "./validate.js";

/** makefile()'s options, as Python's (buffering, encoding, errors, newline). */
export interface MakefileOptions {
  /** Text modes: "utf-8" (default), "utf-16-le", "latin-1" or "ascii". */
  encoding?: string | null;
  /** Text modes: "strict" (default) or "replace". */
  errors?: "strict" | "replace" | null;
  /** Text modes: null (universal newlines, default), "", "\n", "\r" or "\r\n". */
  newline?: Newline;
  /**
   * Bytes read per recv() and the streams' high-water mark. Omitted, null or
   * negative: 64 KiB per recv() and Node's default high-water mark. 0:
   * unbuffered (binary modes only), nothing read ahead or held back.
   */
  buffering?: number | null;
}

/** Modes that give a Readable. */
export type ReadMode = "r" | "rb" | "br";
/** Modes that give a Writable. */
export type WriteMode = "w" | "wb" | "bw";
/** Modes that give a Duplex. */
export type DuplexMode = "rw" | "wr" | "rwb" | "wrb" | "rbw" | "wbr" | "brw" | "bwr";

// What one recv() asks for, unless `buffering` says otherwise.
const DEFAULT_CHUNK = 65536;

interface Spec {
  reading: boolean;
  writing: boolean;
  text: { encoding: TextEncoding; errors: TextErrors; newline: Newline } | null;
  /** The streams' high-water mark (undefined: Node's default). */
  highWaterMark: number | undefined;
  chunk: number;
}

/** makefile()'s arguments, checked as Python's makefile() and open() check them. */
export function makefileSpec(mode: unknown, options: unknown): Spec {
  const fn = "makefile";
  const m = mode === undefined ? "r" : v.string(fn, "mode", mode);
  if (![...m].every((c) => c === "r" || c === "w" || c === "b")) {
    throw v.rangeError(fn, `invalid mode ${JSON.stringify(m)} (only r, w, b allowed)`);
  }
  if (options !== undefined && (typeof options !== "object" || options === null || Array.isArray(options))) {
    throw v.typeError(fn, `options must be an object, not ${v.describe(options)}`);
  }
  const o = (options ?? {}) as MakefileOptions;
  const writing = m.includes("w");
  const reading = m.includes("r") || !writing;
  const binary = m.includes("b");

  let highWaterMark: number | undefined;
  let chunk = DEFAULT_CHUNK;
  if (o.buffering !== undefined && o.buffering !== null) {
    const b = v.integer(fn, "buffering", o.buffering, -(2 ** 31), v.INT32_MAX);
    if (b === 0 && !binary) throw v.rangeError(fn, "unbuffered streams must be binary");
    if (b >= 0) {
      highWaterMark = b;
      // Unbuffered: one byte per recv(), as Python's raw file reads a line,
      // so nothing past what the reader took leaves the socket.
      chunk = b > 0 ? b : 1;
    }
  }

  if (binary) {
    for (const name of ["encoding", "errors", "newline"] as const) {
      if (o[name] !== undefined && o[name] !== null) throw v.rangeError(fn, `binary mode doesn't take an ${name} argument`);
    }
    return { reading, writing, text: null, highWaterMark, chunk };
  }
  const text = { encoding: textEncoding(fn, o.encoding), errors: textErrors(fn, o.errors), newline: newlineOption(fn, o.newline) };
  return { reading, writing, text, highWaterMark, chunk };
}

// A file dropped without being destroyed still gives its hold on the
// descriptor back when it is collected, as a Python file object's finalizer
// closes it.
const dropped = new FinalizationRegistry<() => void>((release) => release());

/**
 * The stream of makefile(). `release` gives back the file's hold on the
 * socket's descriptor (calls after the first do nothing; the socket then
 * closes the descriptor if close() was called already).
 */
export function makeFile(sock: Socket, spec: Spec, release: () => void): Readable | Writable | Duplex {
  const abort = new AbortController();
  const { signal } = abort;
  const text = spec.text;
  const hwm = spec.highWaterMark;

  // ---- reading: one recv() at a time, only when the reader wants more ----
  const decoder = text === null ? null : new TextDecoderStream(text.encoding, text.errors, text.newline);
  let receiving = false;
  // Unbuffered (buffering 0), a recv() is made only for a read() that found
  // nothing: Node calls _read() ahead of the reader (when it takes a chunk,
  // or probes with read(0)), which would take bytes that a later file or
  // recv() of the socket should get. Those calls are put off (`asked`) until
  // the reader's own read() comes back empty.
  const unbuffered = spec.reading && spec.highWaterMark === 0;
  let asked = false;
  function read(this: Readable): void {
    if (unbuffered) {
      asked = true;
      return;
    }
    receive1.call(this);
  }
  function receive1(this: Readable): void {
    if (receiving) return;
    receiving = true;
    const receive = (): void => {
      sock[streamCall](() => sock.recv(spec.chunk, { signal })).then((data) => {
        if (data.length === 0) {
          receiving = false;
          const tail = decoder?.end() ?? "";
          if (tail.length > 0) this.push(tail, "utf8");
          this.push(null);
          return;
        }
        if (decoder === null) {
          receiving = false;
          this.push(data);
          return;
        }
        const chars = decoder.write(data);
        // Only part of a character came: it takes another recv() to push anything.
        if (chars.length === 0) return receive();
        receiving = false;
        this.push(chars, "utf8");
      }).catch((error: unknown) => {
        receiving = false;
        this.destroy(error as Error);
      });
    };
    receive();
  }

  // ---- writing: sendall() per write; end() sends EOF (shutdown SHUT_WR) --
  const toBytes = (chunk: unknown): Buffer => {
    if (text === null) return chunk as Buffer; // decodeStrings: Node made it a Buffer
    if (typeof chunk !== "string") {
      throw v.typeError("makefile", "a text-mode file takes strings; use a binary mode (\"wb\") for bytes");
    }
    return encodeText(chunk, text.encoding, text.errors, text.newline);
  };
  const send = (data: Buffer, callback: (error?: Error | null) => void): void => {
    sock[streamCall](() => sock.sendall(data, { signal })).then(() => callback(), callback);
  };
  function write(chunk: unknown, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    let data: Buffer;
    try {
      data = toBytes(chunk);
    } catch (error) {
      callback(error as Error);
      return;
    }
    send(data, callback);
  }
  function writev(chunks: { chunk: unknown }[], callback: (error?: Error | null) => void): void {
    let data: Buffer;
    try {
      data = Buffer.concat(chunks.map((c) => toBytes(c.chunk)));
    } catch (error) {
      callback(error as Error);
      return;
    }
    send(data, callback);
  }
  function final(callback: (error?: Error | null) => void): void {
    try {
      sock.shutdown(SHUT_WR);
    } catch (error) {
      // A peer that is gone already (or a socket never connected) needs no EOF.
      if (!(error instanceof OSError && error.errno === ENOTCONN)) {
        callback(error as Error);
        return;
      }
    }
    callback();
  }

  // ---- closing: pending calls are cancelled, the hold is given back ------
  function destroy(this: Readable | Writable, error: Error | null, callback: (error?: Error | null) => void): void {
    dropped.unregister(this);
    abort.abort();
    release();
    callback(error);
  }

  let stream: Readable | Writable | Duplex;
  if (spec.reading && spec.writing) {
    stream = new Duplex({
      read, write, writev, final, destroy,
      readableHighWaterMark: hwm, writableHighWaterMark: hwm,
      encoding: text === null ? undefined : "utf8",
      decodeStrings: text === null,
    });
  } else if (spec.reading) {
    stream = new Readable({ read, destroy, highWaterMark: hwm, encoding: text === null ? undefined : "utf8" });
  } else {
    stream = new Writable({ write, writev, final, destroy, highWaterMark: hwm, decodeStrings: text === null });
  }
  if (unbuffered) {
    const readable = stream as Readable;
    const nodeRead = readable.read;
    readable.read = function (this: Readable, n?: number): unknown {
      const chunk: unknown = nodeRead.call(this, n);
      // read(0) is Node probing, unless the stream flows (its reader takes everything).
      if (chunk === null && (n !== 0 || this.readableFlowing === true) && asked && !this.destroyed) {
        asked = false;
        receive1.call(this);
      }
      return chunk;
    };
  }
  // `release` is the socket's, and holds nothing of the stream.
  dropped.register(stream, release, stream);
  return stream;
}
