// `for await (const chunk of sock)`: the bytes of a stream socket until EOF;
// the recv error is thrown; leaving the loop leaves the socket open; other
// socket types cannot be iterated.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { endianness } from "node:os";
import * as socket from "../src/index.js";
import { checkNoLeaks, recvAll, trackSockets, unixPair, within, tcpPair } from "./helpers.js";
import { lacks } from "./runtime.js";
import { WIN } from "./platform.js";

checkNoLeaks();

const track = trackSockets();
const sha256 = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");


/** Every chunk of `for await` over `s` (bounded in time). */
async function chunksOf(s: socket.Socket): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  await within((async () => {
    for await (const chunk of s) chunks.push(chunk);
  })(), 20_000, "the loop");
  return chunks;
}

describe("for await over a socket", () => {
  test("yields Buffers of at most 64 KiB until EOF, then ends", async () => {
    const [a, b] = await tcpPair(track);
    const data = randomBytes(3 << 20);
    const sending = (async () => {
      await b.sendall(data);
      b.shutdown(socket.SHUT_WR);
    })();
    const chunks = await chunksOf(a);
    await within(sending);
    assert.ok(chunks.length > 1);
    assert.ok(chunks.every((c) => Buffer.isBuffer(c) && c.length > 0 && c.length <= 65536));
    assert.equal(sha256(Buffer.concat(chunks)), sha256(data));
  });

  test("at EOF straight away: no turns at all", async () => {
    const [a, b] = unixPair(track);
    b.shutdown(socket.SHUT_WR);
    assert.deepEqual(await chunksOf(a), []);
  });

  test("leaving the loop early leaves the socket open and what follows unread", async () => {
    const [a, b] = unixPair(track);
    await within(b.sendall(Buffer.from("first")));
    for await (const chunk of a) {
      assert.equal(chunk.toString(), "first");
      break;
    }
    assert.ok(a.fileno() >= 0);
    await within(b.sendall(Buffer.from("second")));
    assert.equal((await recvAll(a, 6)).toString(), "second");
    // And a new loop takes up where the first stopped.
    b.shutdown(socket.SHUT_WR);
    assert.deepEqual((await chunksOf(a)).map(String), []);
  });

  test("the recv error is thrown: a reset connection (ECONNRESET)", { skip: lacks({ wine: WIN.wineReset }) }, async () => {
    const [a, b] = await tcpPair(track);
    // SO_LINGER {on, 0 s}: close() sends a reset instead of a FIN.
    const linger = Buffer.alloc(8);
    if (endianness() === "LE") {
      linger.writeInt32LE(1, 0);
      linger.writeInt32LE(0, 4);
    } else {
      linger.writeInt32BE(1, 0);
      linger.writeInt32BE(0, 4);
    }
    b.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger);
    await within(b.sendall(Buffer.from("before")));
    const got: string[] = [];
    const loop = (async () => {
      for await (const chunk of a) {
        got.push(chunk.toString());
        b.close();
      }
    })();
    await assert.rejects(within(loop), (e: unknown) => e instanceof socket.ConnectionResetError && e.code === "ECONNRESET");
    assert.deepEqual(got, ["before"]);
  });

  test("the socket's timeout applies to each wait: TimeoutError", async () => {
    const [a] = unixPair(track);
    a.settimeout(0.05);
    await assert.rejects(chunksOf(a), (e: unknown) => e instanceof socket.TimeoutError);
  });

  test("a socket closed during the loop: OSError EBADF", async () => {
    const [a] = unixPair(track);
    const loop = chunksOf(a);
    await new Promise((r) => setImmediate(r));
    a.close();
    await assert.rejects(loop, (e: unknown) => e instanceof socket.OSError && e.code === "EBADF");
  });

  test("a socket that is not SOCK_STREAM cannot be iterated: TypeError", { skip: lacks({ win32: WIN.unixDgram }) }, async () => {
    for (const type of [socket.SOCK_DGRAM, socket.SOCK_SEQPACKET]) {
      const [a] = unixPair(track, type);
      assert.throws(() => a[Symbol.asyncIterator](), (e: unknown) => {
        assert.ok(e instanceof TypeError);
        assert.equal(e.message, `[Symbol.asyncIterator](): only SOCK_STREAM sockets can be iterated, not type ${type}`);
        return true;
      });
      await assert.rejects((async () => {
        for await (const _ of a) assert.fail("no turn");
      })(), TypeError);
    }
  });
});
