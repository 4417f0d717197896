// sendmsgAfalg: the control messages it builds for an AF_ALG (Linux
// kernel crypto) socket, checked byte by byte through the pure builder and
// the encoder; its argument errors, which follow CPython's classes; and,
// where the kernel has AF_ALG, a live AES-CBC encryption compared with
// node:crypto.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createCipheriv, randomBytes } from "node:crypto";
import { endianness } from "node:os";
import { afalgAncdata } from "../src/afalg.js";
import { binding } from "../src/binding.js";
import { encodeAncdata } from "../src/cmsg.js";
import * as socket from "../src/index.js";
import { newSockaddr } from "../src/sockaddr/common.js";
import { argError, checkNoLeaks, trackSockets, unixPair, within } from "./helpers.js";

checkNoLeaks();

const track = trackSockets();
const le = endianness() === "LE";
const onLinux = process.platform === "linux" ? false : "AF_ALG is Linux's";

function u32(value: number): Buffer {
  const out = Buffer.alloc(4);
  if (le) out.writeUInt32LE(value);
  else out.writeUInt32BE(value);
  return out;
}

describe("sendmsgAfalg's control messages", { skip: onLinux }, () => {
  test("op alone: one ALG_SET_OP with a u32", () => {
    assert.deepEqual(afalgAncdata("t", { op: socket.ALG_OP_ENCRYPT }), [[socket.SOL_ALG, socket.ALG_SET_OP, u32(socket.ALG_OP_ENCRYPT)]]);
    assert.deepEqual(afalgAncdata("t", { op: socket.ALG_OP_DECRYPT, iv: null, assoclen: null }), [[socket.SOL_ALG, socket.ALG_SET_OP, u32(socket.ALG_OP_DECRYPT)]]);
  });

  test("op, iv (struct af_alg_iv: a u32 length, then the bytes) and assoclen, in CPython's order", () => {
    const iv = Buffer.from("0123456789abcdef");
    const items = afalgAncdata("t", { op: socket.ALG_OP_DECRYPT, iv: new Uint8Array(iv), assoclen: 20 });
    assert.deepEqual(items, [
      [socket.SOL_ALG, socket.ALG_SET_OP, u32(socket.ALG_OP_DECRYPT)],
      [socket.SOL_ALG, socket.ALG_SET_IV, Buffer.concat([u32(16), iv])],
      [socket.SOL_ALG, socket.ALG_SET_AEAD_ASSOCLEN, u32(20)],
    ]);
    // And as the control buffer sendmsg(2) gets: each at a CMSG_SPACE boundary.
    const control = encodeAncdata("t", items)!;
    const sizes = [4, 4 + 16, 4];
    assert.equal(control.length, sizes.reduce((n, s) => n + socket.CMSG_SPACE(s), 0));
    const data = binding.layout.cmsg!.data!;
    const second = socket.CMSG_SPACE(4);
    assert.deepEqual(control.subarray(second + data, second + data + 20), Buffer.concat([u32(16), iv]));
    const third = second + socket.CMSG_SPACE(20);
    assert.equal(control.readInt32LE(third + binding.layout.cmsghdr!.cmsg_type!), socket.ALG_SET_AEAD_ASSOCLEN);
  });

  test("an empty iv is still sent (length 0); assoclen 0 is allowed", () => {
    const items = afalgAncdata("t", { op: 0, iv: new ArrayBuffer(0), assoclen: 0 });
    assert.deepEqual(items[1], [socket.SOL_ALG, socket.ALG_SET_IV, u32(0)]);
    assert.deepEqual(items[2], [socket.SOL_ALG, socket.ALG_SET_AEAD_ASSOCLEN, u32(0)]);
  });

  test("argument errors, with Python's classes", () => {
    const cases: [object, typeof TypeError | typeof RangeError, RegExp][] = [
      [{}, TypeError, /invalid or missing argument 'op'/],
      [{ op: -1 }, TypeError, /invalid or missing argument 'op'.*not number -1/],
      [{ op: "1" }, TypeError, /invalid or missing argument 'op'.*not a string/],
      [{ op: 1.5 }, TypeError, /'op'/],
      [{ op: 2 ** 31 }, TypeError, /'op'/], // CPython turns the overflow into this TypeError too
      [{ op: 0, iv: "0123" }, TypeError, /iv must be a bytes-like object/],
      [{ op: 0, iv: [1, 2] }, TypeError, /iv must be a bytes-like object/],
      [{ op: 0, assoclen: -1 }, TypeError, /assoclen must be positive/],
      [{ op: 0, assoclen: "4" }, TypeError, /assoclen must be an integer/],
      [{ op: 0, assoclen: 2 ** 31 }, RangeError, /assoclen must be 0-2147483647/],
    ];
    for (const [options, cls, pattern] of cases) assert.throws(() => afalgAncdata("sendmsgAfalg", options), argError(cls, "sendmsgAfalg", pattern));
  });
});

describe("sendmsgAfalg on a socket", () => {
  test("a socket of another family: OSError 'algset is only supported for AF_ALG' (no errno), as CPython", async () => {
    const [a] = unixPair(track);
    const check = (fn: string) => (e: unknown) => {
      assert.ok(e instanceof socket.OSError, `expected OSError, got ${String(e)}`);
      assert.equal(e.errno, null);
      assert.equal(e.strerror, "algset is only supported for AF_ALG");
      assert.equal(e.message, `${fn}(): algset is only supported for AF_ALG`);
      return true;
    };
    const p = a.sendmsgAfalg([Buffer.from("x")], { op: 0 });
    assert.ok(p instanceof Promise);
    await assert.rejects(p, check("sendmsgAfalg"));
    // The family is checked first, as in CPython: even without op.
    await assert.rejects(a.sendmsgAfalg(), check("sendmsgAfalg"));
    assert.throws(() => a.sendmsgAfalgSync({ op: 0 }), check("sendmsgAfalgSync"));
  });

  test("bad shapes of the arguments themselves", async () => {
    const [a] = unixPair(track);
    await assert.rejects(a.sendmsgAfalg([], 5 as never), argError(TypeError, "sendmsgAfalg", /at most 1 argument/));
    assert.throws(() => a.sendmsgAfalgSync([], { op: 0, signal: 5 as never }), argError(TypeError, "sendmsgAfalgSync", /signal/));
  });
});

/** An AF_ALG socket bound to `type`/`name`, or the reason there is none. */
function algSocket(type: string, name: string): socket.Socket | string {
  if (socket.AF_ALG === undefined) return "no AF_ALG on this platform";
  const fd = binding.socket(socket.AF_ALG, socket.SOCK_SEQPACKET, 0);
  if (fd < 0) return `socket(AF_ALG, SOCK_SEQPACKET) failed: ${binding.strerror(-fd)}`;
  const s = socket.socket(socket.AF_ALG, socket.SOCK_SEQPACKET, 0, fd);
  // struct sockaddr_alg from the layout (no address codec is needed here).
  const alg = binding.layout.sockaddr_alg!;
  const addr = newSockaddr(alg.size!, socket.AF_ALG);
  addr.write(type, alg.salg_type!);
  addr.write(name, alg.salg_name!);
  const r = binding.bind(s.fileno(), addr, addr.length);
  if (r < 0) {
    s.close();
    return `bind(AF_ALG ${type} ${name}) failed: ${binding.strerror(-r)}`;
  }
  return s;
}

/** Why the live test cannot run here, or false. */
function noKernelCrypto(): string | false {
  if (process.platform !== "linux") return "AF_ALG is Linux's";
  const s = algSocket("skcipher", "cbc(aes)");
  if (typeof s === "string") return s;
  s.close();
  return false;
}

describe("accept on an AF_ALG socket asks for no address", () => {
  test("native accept4 with an empty address buffer passes NULL and reports length 0", async () => {
    const l = track(socket.socket(socket.AF_INET, socket.SOCK_STREAM));
    l.bind(["127.0.0.1", 0]);
    l.listen();
    const c = track(socket.socket(socket.AF_INET, socket.SOCK_STREAM));
    await within(c.connect(l.getsockname()));
    const len = new Uint32Array([99]);
    let fd = -1;
    for (let i = 0; i < 1000 && fd < 0; i++) {
      fd = binding.accept4(l.fileno(), new Uint8Array(0), len);
      if (fd < 0) await new Promise((r) => setTimeout(r, 5));
    }
    assert.ok(fd >= 0, `accept4: ${fd}`);
    assert.equal(len[0], 0);
    binding.close(fd);
  });
});

describe("sendmsgAfalg live: AES-CBC in the kernel", { skip: noKernelCrypto() }, () => {
  test("encrypts as node:crypto does, async and Sync", async () => {
    const tfm = track(algSocket("skcipher", "cbc(aes)") as socket.Socket);
    const key = randomBytes(16);
    const iv = randomBytes(16);
    const plain = randomBytes(64);
    tfm.setsockopt(socket.SOL_ALG, socket.ALG_SET_KEY, key);
    const [op, address] = await within(tfm.accept());
    track(op);
    assert.equal(address, null);
    const expected = createCipheriv("aes-128-cbc", key, iv).setAutoPadding(false).update(plain);
    assert.equal(await within(op.sendmsgAfalg([plain], { op: socket.ALG_OP_ENCRYPT, iv })), plain.length);
    assert.deepEqual(await within(op.recv(plain.length)), expected);
    op.settimeout(5);
    assert.equal(op.sendmsgAfalgSync([expected], { op: socket.ALG_OP_DECRYPT, iv }), expected.length);
    assert.deepEqual(op.recvSync(plain.length), plain);
  });
});
