// sendfile(): a file to a stream socket with sendfile(2), or with pread(2)
// and send(2) where the kernel cannot; from a descriptor or a FileHandle;
// offset and count; the file position afterwards (also after a failure);
// the timeout bounding the whole transfer; and bad input.
import { afterEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { open as openFile } from "node:fs/promises";
import { join } from "node:path";
import { binding, setBindingForTesting } from "../src/binding.js";
import * as socket from "../src/index.js";
import { argError, checkNoLeaks, isPending, recvAll, tempDir, trackSockets, unixPair, within, tcpPair, errno } from "./helpers.js";
import { lacks } from "./runtime.js";
import { WIN, windows } from "./platform.js";

checkNoLeaks();

const { EBADF, EINVAL, ENOSYS, EPIPE } = errno;
const track = trackSockets();
const dir = tempDir();
const sha256 = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");

// Descriptors a test opens, closed after it.
let openFds: number[] = [];
afterEach(() => {
  for (const fd of openFds) closeSync(fd);
  openFds = [];
});

let fileCount = 0;
/** A temporary file holding `data`; returns its path. */
function fileWith(data: Uint8Array): string {
  const path = join(dir, `f${fileCount++}`);
  writeFileSync(path, data);
  return path;
}

/** A descriptor open for reading on a temporary file holding `data`. */
function fdWith(data: Uint8Array): number {
  const fd = openSync(fileWith(data), "r");
  openFds.push(fd);
  return fd;
}

/** The descriptor's file position (lseek(2) SEEK_CUR). */
function position(fd: number): number {
  const r = binding.lseek(fd, 0, binding.SEEK_CUR);
  assert.ok(r >= 0, `lseek failed: ${r}`);
  return r;
}


function osErrorWith(code: string, syscall?: string): (e: unknown) => true {
  return (e) => {
    assert.ok(e instanceof socket.OSError, `expected OSError, got ${String(e)}`);
    assert.equal(e.code, code);
    if (syscall !== undefined) assert.equal(e.syscall, syscall);
    return true;
  };
}

describe("sendfile: what is sent", () => {
  test("a whole file from a descriptor: the bytes, the count, the position at the end", async () => {
    const data = randomBytes(300_000);
    const fd = fdWith(data);
    const [a, b] = await tcpPair(track);
    const [sent, received] = await within(Promise.all([a.sendfile(fd), recvAll(b, data.length)]));
    assert.equal(sent, data.length);
    assert.equal(sha256(received), sha256(data));
    assert.equal(position(fd), data.length);
  });

  test("from an fs.promises FileHandle; reading it afterwards goes on where sending stopped", async () => {
    const data = randomBytes(50_000);
    const fh = await openFile(fileWith(data), "r");
    try {
      const [a, b] = unixPair(track);
      const [sent, received] = await within(Promise.all([a.sendfile(fh, 0, 30_000), recvAll(b, 30_000)]));
      assert.equal(sent, 30_000);
      assert.ok(received.equals(data.subarray(0, 30_000)));
      // FileHandle.read with position null reads at the file position.
      const { bytesRead, buffer } = await fh.read(Buffer.alloc(10), 0, 10, null);
      assert.equal(bytesRead, 10);
      assert.ok(buffer.equals(data.subarray(30_000, 30_010)));
    } finally {
      await fh.close();
    }
  });

  test("offset and count: exactly that slice, and the position is offset + count", async () => {
    const data = randomBytes(100_000);
    const fd = fdWith(data);
    const [a, b] = unixPair(track);
    assert.equal(await within(a.sendfile(fd, 12_345, 6_789)), 6_789);
    assert.ok((await recvAll(b, 6_789)).equals(data.subarray(12_345, 12_345 + 6_789)));
    assert.equal(position(fd), 12_345 + 6_789);
  });

  test("offset is where to start whatever the position; { signal } after any argument", async () => {
    const data = randomBytes(1000);
    const fd = fdWith(data);
    binding.lseek(fd, 900, binding.SEEK_SET);
    const [a, b] = unixPair(track);
    const { signal } = new AbortController();
    assert.equal(await within(a.sendfile(fd, { signal })), 1000);
    assert.ok((await recvAll(b, 1000)).equals(data));
    assert.equal(await within(a.sendfile(fd, 990, { signal })), 10);
    assert.equal(await within(a.sendfile(fd, 0, 5, { signal })), 5);
    assert.ok((await recvAll(b, 15)).equals(Buffer.concat([data.subarray(990), data.subarray(0, 5)])));
  });

  test("count beyond the end stops at the end; offset at or beyond it sends nothing and leaves the position", async () => {
    const data = randomBytes(4096);
    const fd = fdWith(data);
    const [a, b] = unixPair(track);
    assert.equal(await within(a.sendfile(fd, 4000, 1_000_000)), 96);
    assert.ok((await recvAll(b, 96)).equals(data.subarray(4000)));
    assert.equal(position(fd), 4096);
    binding.lseek(fd, 17, binding.SEEK_SET);
    assert.equal(await within(a.sendfile(fd, 4096)), 0);
    assert.equal(await within(a.sendfile(fd, 2 ** 40, 10)), 0);
    assert.equal(position(fd), 17, "nothing sent: the position is left alone, as in CPython");
  });

  test("an empty file sends 0 bytes", async () => {
    const fd = fdWith(new Uint8Array(0));
    const [a] = unixPair(track);
    assert.equal(await within(a.sendfile(fd)), 0);
    a.settimeout(1);
    assert.equal(a.sendfileSync(fd), 0);
  });

  test("sendfileSync: the same, blocking the thread", () => {
    const data = randomBytes(40_000); // fits in the socket buffers: no reader needed
    const fd = fdWith(data);
    const [a, b] = unixPair(track);
    a.settimeout(5);
    b.settimeout(5);
    assert.equal(a.sendfileSync(fd, 100), 39_900);
    assert.equal(position(fd), 40_000);
    const parts: Buffer[] = [];
    for (let got = 0, i = 0; got < 39_900 && i < 1000; i++) {
      const part = b.recvSync(65536);
      parts.push(part);
      got += part.length;
    }
    assert.ok(Buffer.concat(parts).equals(data.subarray(100)));
  });
});

describe("sendfile: larger than the socket buffers, in timeout mode", () => {
  const big = 32 << 20;
  // SO_SNDBUF far below the file's size, but not tiny: on the loopback a
  // send buffer of a few KiB makes TCP itself crawl (delayed ACKs), for
  // sendall and for CPython's sendfile alike.

  test("32 MiB with a small SO_SNDBUF (64 KiB) completes within the timeout while the peer reads", async () => {
    const data = randomBytes(big);
    const fd = fdWith(data);
    const [a, b] = await tcpPair(track);
    a.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 65536);
    a.settimeout(20); // bounds the whole transfer
    const [sent, received] = await within(Promise.all([a.sendfile(fd), recvAll(b, big)]), 30_000);
    assert.equal(sent, big);
    assert.equal(received.length, big);
    assert.equal(sha256(received), sha256(data));
    assert.equal(position(fd), big);
  });

  test("a peer that does not read: TimeoutError, and the position tells how much was sent", async () => {
    const data = randomBytes(big);
    const fd = fdWith(data);
    const [a, b] = await tcpPair(track);
    a.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 65536);
    a.settimeout(0.3);
    const offset = 1000;
    const started = performance.now();
    await assert.rejects(within(a.sendfile(fd, offset)), (e: unknown) => {
      assert.ok(e instanceof socket.TimeoutError);
      assert.equal(e.message, "timed out");
      return true;
    });
    assert.ok(performance.now() - started < 5000, "the timeout bounds the call");
    const sent = position(fd) - offset;
    assert.ok(sent > 0 && sent < big - offset, `sent ${sent} of ${big - offset}`);
    // Exactly those bytes reach the peer, and nothing after them.
    const received = await recvAll(b, sent);
    assert.ok(received.equals(data.subarray(offset, offset + sent)));
    b.setblocking(false);
    await new Promise((r) => setTimeout(r, 50));
    assert.throws(() => b.recvSync(1), (e: unknown) => e instanceof socket.BlockingIOError);
  });

  test("sendfileSync in timeout mode: TimeoutError, and the position tells how much was sent", async () => {
    const data = randomBytes(big);
    const fd = fdWith(data);
    const [a, b] = await tcpPair(track);
    a.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 65536);
    a.settimeout(0.2);
    assert.throws(() => a.sendfileSync(fd), (e: unknown) => e instanceof socket.TimeoutError);
    const sent = position(fd);
    assert.ok(sent > 0 && sent < data.length, `sent ${sent}`);
    // Exactly those bytes reach the peer, and nothing after them.
    assert.ok((await recvAll(b, sent)).equals(data.subarray(0, sent)));
    b.setblocking(false);
    await new Promise((r) => setTimeout(r, 50));
    assert.throws(() => b.recvSync(1), (e: unknown) => e instanceof socket.BlockingIOError);
  });

  test("aborting a transfer rejects with the reason, sets the position, and leaves the socket usable", async () => {
    const data = randomBytes(8 << 20);
    const fd = fdWith(data);
    const [a, b] = unixPair(track);
    const ac = new AbortController();
    const pending = a.sendfile(fd, { signal: ac.signal });
    assert.equal(await isPending(pending), true);
    const reason = new Error("enough");
    ac.abort(reason);
    await assert.rejects(within(pending), (e: unknown) => e === reason);
    const sent = position(fd);
    assert.ok(sent > 0 && sent < data.length);
    assert.ok((await recvAll(b, sent)).equals(data.subarray(0, sent)));
    await within(a.sendall(Buffer.from("after")));
    assert.equal((await recvAll(b, 5)).toString(), "after");
  });

  test("close() during a transfer: EBADF, and the position says what was sent", async () => {
    const data = randomBytes(8 << 20);
    const fd = fdWith(data);
    const [a, b] = unixPair(track);
    const pending = a.sendfile(fd);
    assert.equal(await isPending(pending), true);
    a.close();
    await assert.rejects(within(pending), osErrorWith("EBADF"));
    const sent = position(fd);
    assert.ok(sent > 0);
    assert.ok((await recvAll(b, sent)).equals(data.subarray(0, sent)));
  });

  test("a sendfile and a sendall never interleave their bytes", async () => {
    const data = randomBytes(1 << 20);
    const fd = fdWith(data);
    const [a, b] = unixPair(track);
    const tail = Buffer.from("tail");
    const both = Promise.all([a.sendfile(fd), a.sendall(tail)]);
    const received = await recvAll(b, data.length + tail.length);
    await within(both);
    assert.ok(received.equals(Buffer.concat([data, tail])));
  });
});

describe("sendfile: the fallback to pread(2) and send(2)", () => {
  test("a file sendfile(2) refuses (/proc/self/cmdline: EINVAL) is sent with send(2)", { skip: process.platform !== "linux" && "a Linux /proc file" }, async (t) => {
    const fd = openSync("/proc/self/cmdline", "r");
    openFds.push(fd);
    // Make sure this kernel does refuse it, or the test proves nothing.
    const [x, y] = unixPair(track);
    const direct = binding.sendfile(x.fileno(), fd, 0, 100);
    if (direct !== -EINVAL) {
      t.skip(`this kernel's sendfile(2) of /proc/self/cmdline gives ${direct}, not EINVAL`);
      return;
    }
    y.close();
    const expected = readFileSync("/proc/self/cmdline");
    const [a, b] = unixPair(track);
    assert.equal(await within(a.sendfile(fd)), expected.length);
    assert.ok((await recvAll(b, expected.length)).equals(expected));
    assert.equal(position(fd), expected.length);
  });

  for (const errno of [["ENOSYS", ENOSYS], ["EINVAL", EINVAL]] as const) {
    test(`sendfile(2) failing with ${errno[0]} at once: the same bytes go out with send(2), in timeout mode`, async () => {
      const data = randomBytes(3 << 20);
      const fd = fdWith(data);
      const [a, b] = await tcpPair(track);
      a.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 65536);
      a.settimeout(20);
      let calls = 0;
      const restore = setBindingForTesting({ sendfile: () => (calls++, -errno[1]) });
      try {
        const [sent, received] = await within(Promise.all([a.sendfile(fd, 10, 2_000_000), recvAll(b, 2_000_000)]), 30_000);
        assert.equal(sent, 2_000_000);
        assert.ok(received.equals(data.subarray(10, 2_000_010)));
        assert.equal(position(fd), 2_000_010);
        assert.equal(calls, 1, "sendfile(2) is not tried again once it said no");
      } finally {
        restore();
      }
    });
  }

  test("the fallback to EOF, with the Sync twin", () => {
    const data = randomBytes(70_000);
    const fd = fdWith(data);
    const [a, b] = unixPair(track);
    const restore = setBindingForTesting({ sendfile: () => -ENOSYS });
    try {
      a.settimeout(5);
      assert.equal(a.sendfileSync(fd, 5), 69_995);
    } finally {
      restore();
    }
    assert.equal(position(fd), 70_000);
    b.settimeout(5);
    const parts: Buffer[] = [];
    for (let got = 0, i = 0; got < 69_995 && i < 1000; i++) {
      const part = b.recvSync(65536);
      parts.push(part);
      got += part.length;
    }
    assert.ok(Buffer.concat(parts).equals(data.subarray(5)));
  });

  test("a sendfile(2) failure after bytes went out is reported, not hidden by a fallback; the position says what was sent", async () => {
    const data = randomBytes(10_000);
    const fd = fdWith(data);
    const [a, b] = unixPair(track);
    let calls = 0;
    // A sendfile(2) that moves 1000 bytes (by pread and send: Windows has
    // no sendfile(2) to call) and then fails.
    const { pread, send } = binding; // `binding` is live: once swapped, it is the test's
    const chunk = Buffer.alloc(1000);
    const restore = setBindingForTesting({
      sendfile: (out, inFd, offset) => (calls++ === 0 ? send(out, chunk, 0, pread(inFd, chunk, 0, 1000, offset), 0) : -EINVAL),
    });
    try {
      await assert.rejects(within(a.sendfile(fd, 0, undefined)), osErrorWith("EINVAL", "sendfile"));
    } finally {
      restore();
    }
    assert.equal(position(fd), 1000);
    assert.ok((await recvAll(b, 1000)).equals(data.subarray(0, 1000)));
  });

  test("pread(2) failing in the fallback is an OSError naming pread", async () => {
    const fd = fdWith(randomBytes(100));
    const [a] = unixPair(track);
    const restore = setBindingForTesting({ sendfile: () => -ENOSYS, pread: () => -EBADF });
    try {
      await assert.rejects(within(a.sendfile(fd)), osErrorWith("EBADF", "pread"));
    } finally {
      restore();
    }
    assert.equal(position(fd), 0);
  });
});

describe("sendfile: errors", () => {
  test("a peer that is gone: BrokenPipeError, position untouched", { skip: lacks({ win32: WIN.pairSendsToClosed }) }, async () => {
    const fd = fdWith(randomBytes(1000));
    const [a, b] = unixPair(track);
    b.close();
    await assert.rejects(within(a.sendfile(fd)), (e: unknown) => e instanceof socket.BrokenPipeError && e.errno === EPIPE);
    assert.equal(position(fd), 0);
  });

  test("a socket shut down for writing: BrokenPipeError (EPIPE; ESHUTDOWN on Windows), position untouched", async () => {
    const fd = fdWith(randomBytes(1000));
    const [a] = unixPair(track);
    a.shutdown(socket.SHUT_WR);
    await assert.rejects(within(a.sendfile(fd)), (e: unknown) => e instanceof socket.BrokenPipeError);
    assert.throws(() => a.sendfileSync(fd), (e: unknown) => e instanceof socket.BrokenPipeError);
    assert.equal(position(fd), 0);
  });

  test("a closed socket: EBADF (rejected, never thrown); Sync throws", async () => {
    const fd = fdWith(randomBytes(10));
    const [a] = unixPair(track);
    a.close();
    const p = a.sendfile(fd);
    await assert.rejects(p, osErrorWith("EBADF"));
    assert.throws(() => a.sendfileSync(fd), osErrorWith("EBADF"));
  });

  test("a descriptor that is not open, a closed FileHandle: EBADF", async () => {
    const [a] = unixPair(track);
    const fd = openSync(fileWith(randomBytes(10)), "r");
    closeSync(fd);
    await assert.rejects(a.sendfile(fd), osErrorWith("EBADF", "fstat"));
    const fh = await openFile(fileWith(randomBytes(10)), "r");
    await fh.close();
    await assert.rejects(a.sendfile(fh), osErrorWith("EBADF"));
  });

  test("a file that is not a regular file: RangeError naming what it is", async () => {
    const [a] = unixPair(track);
    const [p, q] = unixPair(track);
    await assert.rejects(a.sendfile(p.fileno()), argError(RangeError, "sendfile", /regular file \(descriptor \d+ is a socket\)/));
    const sub = join(dir, "sub");
    mkdirSync(sub);
    const dfd = openSync(sub, "r");
    openFds.push(dfd);
    assert.throws(() => a.sendfileSync(dfd), argError(RangeError, "sendfileSync", /is a directory/));
    const nul = openSync(windows ? "\\\\.\\NUL" : "/dev/null", "r");
    openFds.push(nul);
    await assert.rejects(a.sendfile(nul), argError(RangeError, "sendfile", /character device/));
    q.close();
  });

  test("only SOCK_STREAM sockets, and not in non-blocking mode (as the reference)", { skip: lacks({ win32: WIN.unixDgram }) }, async () => {
    const fd = fdWith(randomBytes(10));
    const [d] = unixPair(track, socket.SOCK_DGRAM);
    await assert.rejects(d.sendfile(fd), argError(RangeError, "sendfile", /only SOCK_STREAM/));
    const [s] = unixPair(track, socket.SOCK_SEQPACKET);
    assert.throws(() => s.sendfileSync(fd), argError(RangeError, "sendfileSync", /only SOCK_STREAM/));
    const [a] = unixPair(track);
    a.setblocking(false);
    await assert.rejects(a.sendfile(fd), argError(RangeError, "sendfile", /non-blocking sockets are not supported/));
    assert.throws(() => a.sendfileSync(fd), argError(RangeError, "sendfileSync", /non-blocking/));
  });

  test("bad arguments: TypeError or RangeError naming sendfile, as a rejection", async () => {
    const fd = fdWith(randomBytes(10));
    const [a] = unixPair(track);
    const bad: [unknown[], typeof TypeError | typeof RangeError, RegExp][] = [
      [[], TypeError, /file must be a file descriptor or an fs.promises FileHandle, not undefined/],
      [["/etc/passwd"], TypeError, /file must be .* not a string/],
      [[{ fd: 3 }], TypeError, /file must be/],
      [[Buffer.alloc(1)], TypeError, /file must be/],
      [[-1], RangeError, /file must be 0-/],
      [[1.5], TypeError, /file must be an integer/],
      [[fd, -1], RangeError, /offset must not be negative, not -1/],
      [[fd, 0.5], TypeError, /offset must be an integer/],
      [[fd, "0"], TypeError, /offset must be an integer, not a string/],
      [[fd, 2 ** 53], RangeError, /offset must be 0-9007199254740991/],
      [[fd, 0, 0], RangeError, /count must be a positive integer, not 0/],
      [[fd, 0, -5], RangeError, /count must be a positive integer, not -5/],
      [[fd, 0, 2.5], TypeError, /count must be an integer/],
      [[fd, 0, 1, 2], TypeError, /at most 2 arguments/],
      [[fd, { signal: "no" }], TypeError, /options.signal must be an AbortSignal/],
    ];
    for (const [args, cls, detail] of bad) {
      let p: Promise<number> | undefined;
      assert.doesNotThrow(() => {
        p = (a.sendfile as (...x: unknown[]) => Promise<number>)(...args);
      }, `sendfile(${args.map(String).join(", ")}) throws instead of rejecting`);
      await assert.rejects(p!, argError(cls, "sendfile", detail), `sendfile(${args.map(String).join(", ")})`);
    }
    assert.throws(() => (a.sendfileSync as (...x: unknown[]) => number)(fd, -3), argError(RangeError, "sendfileSync", /offset/));
    assert.throws(() => (a.sendfileSync as (...x: unknown[]) => number)("x"), argError(TypeError, "sendfileSync", /file must be/));
  });

  test("an already aborted signal rejects with its reason and sends nothing", async () => {
    const fd = fdWith(randomBytes(10));
    const [a] = unixPair(track);
    const reason = new Error("no");
    await assert.rejects(a.sendfile(fd, { signal: AbortSignal.abort(reason) }), (e: unknown) => e === reason);
    assert.equal(position(fd), 0);
  });
});

describe("native sendfile, pread, lseek, fstat refuse arguments no correct caller passes", () => {
  function argumentError(e: unknown): true {
    assert.ok(e instanceof TypeError || e instanceof RangeError, `expected TypeError/RangeError, got ${String(e)}`);
    return true;
  }

  test("offsets outside 0 to 2^53-1, negative counts, ranges outside their buffer, a bad whence or out array", () => {
    const fd = fdWith(randomBytes(100));
    const [a] = unixPair(track);
    const buf = new Uint8Array(16);
    for (const offset of [-1, 2 ** 53, 1.5, Number.NaN, Infinity]) {
      assert.throws(() => binding.sendfile(a.fileno(), fd, offset, 1), argumentError, `sendfile offset ${offset}`);
      assert.throws(() => binding.pread(fd, buf, 0, 1, offset), argumentError, `pread position ${offset}`);
      assert.throws(() => binding.lseek(fd, offset, binding.SEEK_SET), argumentError, `lseek offset ${offset}`);
    }
    assert.throws(() => binding.sendfile(a.fileno(), fd, 0, -1), argumentError);
    assert.throws(() => (binding.sendfile as (...x: unknown[]) => number)(a.fileno(), fd, "0", 1), argumentError);
    for (const [offset, length] of [[0, 17], [17, 0], [8, 9], [-1, 1]]) {
      assert.throws(() => binding.pread(fd, buf, offset!, length!, 0), argumentError, `pread range ${offset},${length}`);
    }
    assert.throws(() => binding.lseek(fd, 0, 12345), argumentError);
    assert.throws(() => binding.fstat(fd, new Float64Array(1)), argumentError);
    assert.throws(() => (binding.fstat as (...x: unknown[]) => number)(fd, new Uint32Array(2)), argumentError);
    // And the plain calls work.
    assert.equal(binding.pread(fd, buf, 0, 16, 84), 16);
    assert.equal(binding.pread(fd, buf, 0, 16, 2 ** 53 - 1), 0);
    const out = new Float64Array(2);
    assert.equal(binding.fstat(fd, out), 0);
    assert.equal(out[1], 100);
    assert.equal(binding.lseek(fd, 50, binding.SEEK_SET), 50);
    assert.equal(binding.lseek(fd, 0, binding.SEEK_END), 100);
    assert.equal(binding.fstat(-1 >>> 1, out), -EBADF);
  });
});
