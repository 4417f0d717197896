// makefile(): the socket as a Node stream. Modes and the stream each gives,
// text (encodings, errors, newlines) and binary data, backpressure both
// ways, stream.pipeline, readline on a peer that writes slowly, TLS over a
// bsdsock socket, and the descriptor's lifetime shared between the socket
// and its files.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import { createReadStream, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { Duplex, Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import * as tls from "node:tls";
import { binding } from "../src/binding.js";
import { sys } from "../src/constants.js";
import * as socket from "../src/index.js";
import { argError, checkNoLeaks, isPending, openFdCount, recvAll, tempDir, trackSockets, unixPair, within, errno, notOpen } from "./helpers.js";
import { garbageCollector, lacks } from "./runtime.js";
import { WIN } from "./platform.js";

checkNoLeaks();

const { EBADF } = errno;
const track = trackSockets();
const dir = tempDir();
const sha256 = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");

/** Every chunk a Readable gives until its end (bounded in time). */
async function readAll<T = Buffer | string>(r: Readable, ms = 10_000): Promise<T[]> {
  const chunks: T[] = [];
  const done = (async () => {
    for await (const chunk of r) chunks.push(chunk as T);
  })();
  await within(done, ms, "reading the file");
  return chunks;
}

/** The error a stream emits (bounded in time). */
async function streamError(s: Readable | Writable): Promise<Error> {
  const [error] = (await within(once(s, "error"), 5000, "the stream's error")) as [Error];
  return error;
}

/** Whether a descriptor number is open (fcntl F_GETFD). */
function isOpen(fd: number): boolean {
  const r = binding.fcntl(fd, sys.F_GETFD, 0);
  if (r === -errno[notOpen]!) return false;
  assert.ok(r >= 0, `fcntl: ${r}`);
  return true;
}

async function closed(s: Readable | Writable): Promise<void> {
  if (!s.closed) await within(once(s, "close"), 5000, "the stream's close");
}

describe("makefile: modes and options", () => {
  test('"r", "rb", "br", "" and "b" give a Readable; "w", "wb", "bw" a Writable; "rw", "wr", "rwb"… a Duplex', async () => {
    const [a] = unixPair(track);
    for (const mode of ["r", "rb", "br", "", "b"]) {
      const f = a.makefile(mode);
      assert.ok(f instanceof Readable && !(f instanceof Writable) && !(f instanceof Duplex), mode);
      f.destroy();
    }
    for (const mode of ["w", "wb", "bw"]) {
      const f = a.makefile(mode);
      assert.ok(f instanceof Writable && !(f instanceof Readable), mode);
      f.destroy();
    }
    for (const mode of ["rw", "wr", "rwb", "wrb", "brw", "rrw"]) {
      const f = a.makefile(mode);
      assert.ok(f instanceof Duplex, mode);
      f.destroy();
    }
    const f = a.makefile();
    assert.ok(f instanceof Readable && !(f instanceof Writable), "the default mode is r");
    f.destroy();
  });

  test("bad modes and options: RangeError or TypeError naming makefile", () => {
    const [a] = unixPair(track);
    const fdsBefore = openFdCount();
    for (const mode of ["x", "r+", "a", "rt", "R"]) {
      assert.throws(() => a.makefile(mode), argError(RangeError, "makefile", /invalid mode .* \(only r, w, b allowed\)/), mode);
    }
    const call = a.makefile.bind(a) as (...x: unknown[]) => unknown;
    assert.throws(() => call(1), argError(TypeError, "makefile", /mode must be a string/));
    assert.throws(() => call("r", "utf-8"), argError(TypeError, "makefile", /options must be an object/));
    assert.throws(() => call("r", { encoding: "klingon" }), argError(RangeError, "makefile", /unknown encoding: klingon/));
    assert.throws(() => call("r", { encoding: 8 }), argError(TypeError, "makefile", /encoding must be a string/));
    assert.throws(() => call("r", { errors: "ignore" }), argError(RangeError, "makefile", /errors must be "strict" or "replace", not "ignore"/));
    assert.throws(() => call("r", { newline: "\n\n" }), argError(RangeError, "makefile", /illegal newline value/));
    assert.throws(() => call("r", { buffering: 0 }), argError(RangeError, "makefile", /unbuffered streams must be binary/));
    assert.throws(() => call("rb", { buffering: 1.5 }), argError(TypeError, "makefile", /buffering must be an integer/));
    assert.throws(() => call("rb", { buffering: "8" }), argError(TypeError, "makefile", /buffering must be an integer/));
    assert.throws(() => call("rb", { encoding: "utf-8" }), argError(RangeError, "makefile", /binary mode doesn't take an encoding argument/));
    assert.throws(() => call("wb", { newline: "\n" }), argError(RangeError, "makefile", /binary mode doesn't take a?n? ?newline argument/));
    // Accepted spellings, as Python's codec names.
    for (const encoding of ["UTF-8", "utf8", "utf_8", "Latin-1", "iso8859-1", "ASCII", "utf-16-le", "UTF_16_LE"]) {
      (call("r", { encoding }) as Readable).destroy();
    }
    assert.equal(openFdCount(), fdsBefore);
  });

  test("makefile on a closed socket: OSError EBADF", () => {
    const [a] = unixPair(track);
    a.close();
    assert.throws(() => a.makefile("rb"), (e: unknown) => e instanceof socket.OSError && e.code === "EBADF");
  });
});

describe("makefile: reading", () => {
  test("binary: Buffers, as the peer sent them, then the end", async () => {
    const [a, b] = unixPair(track);
    const f = a.makefile("rb");
    await within(b.sendall(Buffer.from("abc")));
    await within(b.sendall(Buffer.from([0, 255, 10])));
    b.shutdown(socket.SHUT_WR);
    const chunks = await readAll<Buffer>(f);
    assert.ok(chunks.every((c) => Buffer.isBuffer(c)));
    assert.deepEqual([...Buffer.concat(chunks)], [...Buffer.from("abc"), 0, 255, 10]);
    await closed(f); // ended files close themselves
  });

  test("text (utf-8 by default): strings; a character split across recv() calls is put together", async () => {
    const [a, b] = unixPair(track);
    const f = a.makefile("r", { buffering: 1 }); // one byte per recv(): every character is split
    const text = "héllo wörld € 😀\n";
    await within(b.sendall(Buffer.from(text)));
    b.shutdown(socket.SHUT_WR);
    const chunks = await readAll<string>(f);
    assert.ok(chunks.every((c) => typeof c === "string"));
    assert.equal(chunks.join(""), text);
  });

  test("universal newlines by default: \\r\\n and \\r read as \\n, also when \\r and \\n come apart", async () => {
    const [a, b] = unixPair(track);
    const f = a.makefile("r", { buffering: 1 });
    await within(b.sendall(Buffer.from("a\r\nb\rc\nd\r")));
    b.shutdown(socket.SHUT_WR);
    assert.equal((await readAll<string>(f)).join(""), "a\nb\nc\nd\n");
  });

  for (const newline of ["", "\n", "\r", "\r\n"] as const) {
    test(`newline ${JSON.stringify(newline)}: line endings are read as they came`, async () => {
      const [a, b] = unixPair(track);
      const f = a.makefile("r", { newline });
      await within(b.sendall(Buffer.from("a\r\nb\rc\n")));
      b.shutdown(socket.SHUT_WR);
      assert.equal((await readAll<string>(f)).join(""), "a\r\nb\rc\n");
    });
  }

  test("latin-1, ascii and utf-16-le decode as Python's codecs", async () => {
    const cases: [string, number[], string][] = [
      ["latin-1", [0x63, 0x61, 0x66, 0xe9, 0x80], "café\u0080"],
      ["ascii", [0x61, 0x62, 0x7f], "ab\u007f"],
      ["utf-16-le", [...Buffer.from("h€😀", "utf16le")], "h€😀"],
    ];
    for (const [encoding, bytes, expected] of cases) {
      const [a, b] = unixPair(track);
      const f = a.makefile("r", { encoding, buffering: 1 });
      await within(b.sendall(Buffer.from(bytes)));
      b.shutdown(socket.SHUT_WR);
      assert.equal((await readAll<string>(f)).join(""), expected, encoding);
    }
  });

  test('errors "strict" (the default): invalid bytes fail the stream with a RangeError', async () => {
    const cases: [string, number[]][] = [["utf-8", [0x61, 0xff, 0x62]], ["ascii", [0x61, 0x80]], ["utf-16-le", [0x00, 0xd8, 0x41, 0x00]]];
    for (const [encoding, bytes] of cases) {
      const [a, b] = unixPair(track);
      const f = a.makefile("r", { encoding });
      f.resume();
      await within(b.sendall(Buffer.from(bytes)));
      const error = await streamError(f);
      assert.ok(error instanceof RangeError, encoding);
      assert.match(error.message, new RegExp(`not valid ${encoding}`));
      await closed(f);
    }
  });

  test("an incomplete character at the end: an error when strict, U+FFFD with errors \"replace\"", async () => {
    {
      const [a, b] = unixPair(track);
      const f = a.makefile("r");
      f.resume();
      await within(b.sendall(Buffer.from([0x61, 0xc3])));
      b.shutdown(socket.SHUT_WR);
      assert.ok((await streamError(f)) instanceof RangeError);
    }
    {
      const [a, b] = unixPair(track);
      const f = a.makefile("r", { errors: "replace" });
      await within(b.sendall(Buffer.from([0x61, 0xc3])));
      b.shutdown(socket.SHUT_WR);
      assert.equal((await readAll<string>(f)).join(""), "a\ufffd");
    }
  });

  test('errors "replace": U+FFFD for each invalid sequence, as Python', async () => {
    const cases: [string, number[], string][] = [
      ["utf-8", [0x61, 0xff, 0x62, 0xe2, 0x82, 0x63], "a\ufffdb\ufffdc"],
      ["ascii", [0x61, 0x80, 0xff, 0x62], "a\ufffd\ufffdb"],
    ];
    for (const [encoding, bytes, expected] of cases) {
      const [a, b] = unixPair(track);
      const f = a.makefile("r", { encoding, errors: "replace" });
      await within(b.sendall(Buffer.from(bytes)));
      b.shutdown(socket.SHUT_WR);
      assert.equal((await readAll<string>(f)).join(""), expected, encoding);
    }
  });

  test("a timeout fails the stream with TimeoutError (non-blocking mode waits: 62-cpython-parity)", async () => {
    const [a] = unixPair(track);
    a.settimeout(0.05);
    const f = a.makefile("rb");
    f.resume();
    const error = await streamError(f);
    assert.ok(error instanceof socket.TimeoutError);
  });
});

describe("makefile: writing", () => {
  test("binary: Buffers, any Uint8Array, and strings (UTF-8, as every Node byte stream) are sent as they are", async () => {
    const [a, b] = unixPair(track);
    const f = a.makefile("wb");
    f.write(Buffer.from("one "));
    f.write(new Uint8Array([0x74, 0x77, 0x6f, 0x20]));
    f.write("thrée");
    f.end();
    await within(once(f, "finish"));
    const got = await recvAll(b, 100);
    assert.equal(got.toString(), "one two thrée");
  });

  test("end() sends EOF (shutdown SHUT_WR); a Duplex can still read after it (half-close)", async () => {
    const [a, b] = unixPair(track);
    const f = a.makefile("rwb");
    f.end(Buffer.from("bye"));
    await within(once(f, "finish"));
    assert.equal((await recvAll(b, 100)).toString(), "bye");
    assert.equal((await within(b.recv(10))).length, 0, "the peer sees EOF");
    await within(b.sendall(Buffer.from("still here")));
    b.shutdown(socket.SHUT_WR);
    assert.equal(Buffer.concat(await readAll<Buffer>(f)).toString(), "still here");
    await closed(f);
  });

  test("text: encoded with the encoding; newline \"\\r\\n\" or \"\\r\" translates \\n on the way out", async () => {
    const cases: [Record<string, unknown>, string, number[]][] = [
      [{}, "é\n", [0xc3, 0xa9, 0x0a]],
      [{ encoding: "latin-1" }, "é\n", [0xe9, 0x0a]],
      [{ encoding: "utf-16-le" }, "€", [0xac, 0x20]],
      [{ newline: "\r\n" }, "a\nb\n", [...Buffer.from("a\r\nb\r\n")]],
      [{ newline: "\r" }, "a\nb", [...Buffer.from("a\rb")]],
      [{ newline: "" }, "a\r\nb\n", [...Buffer.from("a\r\nb\n")]],
      [{ encoding: "ascii", errors: "replace" }, "café", [...Buffer.from("caf?")]],
      [{ encoding: "latin-1", errors: "replace" }, "€1 😀", [...Buffer.from("?1 ?")]],
      [{ errors: "replace" }, "a\ud800b", [...Buffer.from("a?b")]],
    ];
    for (const [options, text, bytes] of cases) {
      const [a, b] = unixPair(track);
      const f = a.makefile("w", options);
      f.end(text);
      await within(once(f, "finish"));
      assert.deepEqual([...(await recvAll(b, 100))], bytes, JSON.stringify(options));
    }
  });

  test("text: a character the encoding cannot hold fails the write (strict); bytes into a text file are a TypeError", async () => {
    for (const [options, text] of [[{ encoding: "latin-1" }, "€"], [{ encoding: "ascii" }, "é"], [{}, "\udc00"]] as const) {
      const [a] = unixPair(track);
      const f = a.makefile("w", options);
      f.write(text);
      const error = await streamError(f);
      assert.ok(error instanceof RangeError, JSON.stringify(options));
      assert.match(error.message, /cannot encode the character U\+/);
    }
    const [a] = unixPair(track);
    const f = a.makefile("w");
    f.write(Buffer.from("bytes"));
    const error = await streamError(f);
    assert.ok(error instanceof TypeError);
    assert.match(error.message, /text-mode file takes strings/);
  });

  test("a peer that is gone: the stream fails with BrokenPipeError", { skip: lacks({ wine: WIN.winePollError }) }, async () => {
    const [a, b] = unixPair(track);
    b.close();
    const f = a.makefile("wb");
    f.write(Buffer.from("x"));
    assert.ok((await streamError(f)) instanceof socket.BrokenPipeError);
  });
});

describe("makefile: backpressure", () => {
  test("a reader that does not read: the file stops receiving (bounded buffer) and the peer's sendall waits", async () => {
    const [a, b] = unixPair(track);
    const f = a.makefile("rb");
    f.pause();
    f.on("readable", () => {}); // wants data, reads none of it
    const total = 16 << 20;
    const data = randomBytes(total);
    const sending = b.sendall(data);
    sending.catch(() => {});
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(await isPending(sending), true, "the peer's sendall waits for the reader");
    const bound = f.readableHighWaterMark + 65536; // what may be buffered: up to the mark, plus one recv()
    assert.ok(f.readableLength <= bound, `buffered ${f.readableLength} > ${bound}`);
    f.removeAllListeners("readable");
    // Now read it all: nothing lost, nothing repeated.
    const parts: Buffer[] = [];
    let got = 0;
    f.on("data", (chunk: Buffer) => {
      parts.push(chunk);
      got += chunk.length;
      assert.ok(f.readableLength <= bound);
    });
    f.resume();
    await within(sending, 20_000);
    for (let i = 0; got < total && i < 1000; i++) await new Promise((r) => setTimeout(r, 5));
    assert.equal(got, total);
    assert.equal(sha256(Buffer.concat(parts)), sha256(data));
    f.destroy();
  });

  test("a peer that does not read: write() returns false, 'drain' waits, and the buffered amount stays bounded", async () => {
    const [a, b] = unixPair(track);
    const f = a.makefile("wb");
    const chunk = randomBytes(4096);
    let written = 0;
    let stalled = false;
    for (let i = 0; i < 100_000 && !stalled; i++) {
      if (!f.write(chunk)) {
        // An honest producer waits for 'drain'; while the peer reads nothing it stops coming.
        const drained = await Promise.race([once(f, "drain").then(() => true), new Promise((r) => setTimeout(() => r(false), 200))]);
        stalled = !drained;
      }
      written += chunk.length;
      assert.ok(f.writableLength <= f.writableHighWaterMark + chunk.length, `buffered ${f.writableLength}`);
    }
    assert.ok(stalled, "the writer had to stop");
    assert.ok(written < 64 << 20, `wrote ${written} bytes into a socket nobody reads`);
    // The peer reads: everything arrives, in order, and 'drain' comes.
    const drain = once(f, "drain");
    const received = await recvAll(b, written);
    await within(drain);
    assert.equal(received.length, written);
    for (let off = 0; off < written; off += chunk.length) {
      assert.ok(received.subarray(off, off + chunk.length).equals(chunk), `chunk at ${off}`);
    }
    f.destroy();
  });

  test("buffering 0: nothing read ahead, and the write buffer holds nothing", async () => {
    const [a, b] = unixPair(track);
    const f = a.makefile("rwb", { buffering: 0 });
    assert.equal(f.readableHighWaterMark, 0);
    assert.equal(f.writableHighWaterMark, 0);
    assert.equal(f.write(Buffer.from("x")), false, "with no buffer, every write asks the writer to wait");
    assert.equal((await recvAll(b, 1)).toString(), "x");
    f.destroy();
  });
});

describe("makefile: with Node's stream tools", () => {
  test("stream.pipeline: a file through a socket pair into a hash, EOF ending the pipeline", async () => {
    const data = randomBytes(4 << 20);
    const path = join(dir, "in.bin");
    writeFileSync(path, data);
    const [a, b] = unixPair(track);
    const hash = createHash("sha256");
    await within(Promise.all([
      pipeline(createReadStream(path), a.makefile("wb")),
      pipeline(b.makefile("rb"), hash),
    ]), 20_000);
    assert.equal(hash.digest("hex"), sha256(data));
    assert.equal(sha256(readFileSync(path)), sha256(data));
  });

  test("readline reads line by line while the peer writes slowly, each line in pieces", async () => {
    const [a, b] = unixPair(track);
    const lines = ["first line", "second: ünïcødé", "", "a much longer fourth line ".repeat(20), "last"];
    const seen: (() => void)[] = [];
    const seenLine = lines.map((_, i) => new Promise<void>((r) => (seen[i] = r)));
    // The peer sends each line in three pieces with pauses, and the next
    // one only once the reader has had this one: line by line, not at the end.
    const writer = (async () => {
      for (let i = 0; i < lines.length; i++) {
        const bytes = Buffer.from(`${lines[i]}\n`);
        const cuts = [0, Math.floor(bytes.length / 3), Math.floor((2 * bytes.length) / 3), bytes.length];
        for (let k = 0; k < 3; k++) {
          await b.sendall(bytes.subarray(cuts[k], cuts[k + 1]));
          await new Promise((r) => setTimeout(r, 10));
        }
        await within(seenLine[i]!, 5000, `the reader getting line ${i}`);
      }
      b.shutdown(socket.SHUT_WR);
    })();
    const rl = createInterface({ input: a.makefile("r"), crlfDelay: Infinity });
    const got: string[] = [];
    await within((async () => {
      for await (const line of rl) {
        got.push(line);
        seen[got.length - 1]?.();
      }
    })(), 20_000);
    await within(writer);
    assert.deepEqual(got, lines);
  });

  test("TLS: tls.connect({ socket: duplex }) over a bsdsock socket, against a local tls server", async (t) => {
    if (spawnSync("openssl", ["version"]).status !== 0) {
      t.skip("the openssl command is not installed, so no certificate can be made for the test");
      return;
    }
    const key = join(dir, "key.pem");
    const cert = join(dir, "cert.pem");
    const made = spawnSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
      "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"]);
    assert.equal(made.status, 0, `openssl failed: ${made.stderr}`);
    const server = tls.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (conn) => {
      conn.pipe(conn); // echo
      conn.on("error", () => {});
    });
    try {
      await within(new Promise<void>((r) => server.listen(0, "127.0.0.1", r)));
      const port = (server.address() as { port: number }).port;
      const s = track(socket.socket(socket.AF_INET, socket.SOCK_STREAM));
      await within(s.connect(["127.0.0.1", port]));
      const duplex = s.makefile("rwb");
      s.close(); // the file holds the descriptor: TLS goes on
      const client = tls.connect({ socket: duplex, ca: readFileSync(cert), servername: "localhost" });
      await within(once(client, "secureConnect"));
      assert.equal(client.authorized, true);
      assert.ok(client.getProtocol()?.startsWith("TLS"));
      client.write("hello over TLS");
      const [reply] = (await within(once(client, "data"))) as [Buffer];
      assert.equal(reply.toString(), "hello over TLS");
      // 1 MiB both ways through the same Duplex.
      const big = randomBytes(1 << 20);
      const echoed: Buffer[] = [];
      let got = 0;
      const all = new Promise<void>((resolve) => client.on("data", (d: Buffer) => {
        echoed.push(d);
        got += d.length;
        if (got >= big.length) resolve();
      }));
      client.write(big);
      await within(all, 20_000);
      assert.equal(sha256(Buffer.concat(echoed)), sha256(big));
      // TLS's end() ends the Duplex: close_notify, then EOF (shutdown) to the server.
      client.end();
      await within(once(client, "close"));
      await closed(duplex);
      assert.equal(s.fileno(), -1, "socket and file both closed: the descriptor is released");
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe("makefile: the descriptor closes when the socket and all its files are closed", () => {
  test("socket closed first: the file keeps working, and closing it releases the descriptor", { skip: lacks({ win32: WIN.procFd }) }, async () => {
    const [a, b] = unixPair(track);
    const fd = a.fileno();
    const f = a.makefile("rb");
    const before = openFdCount();
    a.close();
    assert.equal(openFdCount(), before, "close() with a file open keeps the descriptor");
    assert.ok(isOpen(fd));
    assert.equal(a.fileno(), fd);
    await within(b.sendall(Buffer.from("still readable")));
    const [chunk] = (await within(once(f, "data"))) as [Buffer];
    assert.equal(chunk.toString(), "still readable");
    f.destroy();
    await closed(f);
    assert.equal(openFdCount(), before - 1);
    assert.equal(isOpen(fd), false);
    assert.equal(a.fileno(), -1);
  });

  test("file closed first: the socket still owns the descriptor until close()", async () => {
    const [a] = unixPair(track);
    const fd = a.fileno();
    const f = a.makefile("w");
    f.destroy();
    await closed(f);
    assert.ok(isOpen(fd));
    a.close();
    assert.equal(isOpen(fd), false);
  });

  test("several files: the last one to close releases it", async () => {
    const [a] = unixPair(track);
    const fd = a.fileno();
    const r = a.makefile("r");
    const w = a.makefile("wb");
    const rw = a.makefile("rw");
    a.close();
    for (const f of [r, w]) {
      f.destroy();
      await closed(f);
      assert.ok(isOpen(fd));
    }
    rw.destroy();
    await closed(rw);
    assert.equal(isOpen(fd), false);
  });

  test("a file that reached its end (or failed) closes itself and lets go", async () => {
    const [a, b] = unixPair(track);
    const fd = a.fileno();
    const f = a.makefile("rb");
    b.shutdown(socket.SHUT_WR);
    assert.deepEqual(await readAll(f), []);
    await closed(f);
    a.close();
    assert.equal(isOpen(fd), false);
  });

  test("destroying a file with a recv() pending cancels it: the socket keeps the peer's next bytes", async () => {
    const [a, b] = unixPair(track);
    const f = a.makefile("rb");
    f.resume(); // a recv() is now pending
    await new Promise((r) => setImmediate(r));
    f.destroy();
    await closed(f);
    await within(b.sendall(Buffer.from("for the socket")));
    assert.equal((await within(a.recv(100))).toString(), "for the socket");
  });

  test("a file dropped without being closed lets go when it is garbage-collected", async () => {
    const gc = garbageCollector();
    const [a] = unixPair(track);
    const fd = a.fileno();
    ((): void => {
      a.makefile("rb"); // dropped at once
    })();
    a.close();
    assert.ok(isOpen(fd), "the file still holds it");
    for (let i = 0; i < 100 && isOpen(fd); i++) {
      gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(isOpen(fd), false, "the collected file gave the descriptor back");
  });
});
