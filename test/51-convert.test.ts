// The pure conversions (docs/api.md "Conversions"): inet_aton/inet_ntoa,
// inet_pton/inet_ntop and the byte-order functions. Expected values come
// from the C library's manual pages: inet_aton(3) for the numbers-and-dots
// forms, inet_pton(3)/inet_ntop(3) for the standard text forms (RFC 4291
// input, RFC 5952 output as glibc prints it), byteorder(3) for htons & co.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { endianness } from "node:os";
import * as socket from "../src/index.js";
import { binding } from "../src/binding.js";
import { checkNoLeaks, typeErrorOf, rangeErrorOf, errno } from "./helpers.js";

checkNoLeaks();

/** Bad input on purpose: past the type checker, to reach the run-time checks. */
const bad = (value: unknown): never => value as never;

const glibc = binding.platform.libc === "glibc";

/** The OSError (errno null) Python raises for a string the parser refuses. */
function illegal(fn: "inet_aton" | "inet_pton"): (e: unknown) => true {
  return (e) => {
    assert.ok(e instanceof socket.OSError, `expected OSError, got ${String(e)}`);
    assert.equal(e.errno, null);
    assert.equal(e.message, `illegal IP address string passed to ${fn}`);
    return true;
  };
}

const bytesOf = (b: Uint8Array): number[] => [...b];

describe("inet_aton", () => {
  test("every numbers-and-dots form of inet_aton(3): a.b.c.d, a.b.c, a.b, a", () => {
    const cases: [string, number[]][] = [
      ["127.0.0.1", [127, 0, 0, 1]],
      ["255.255.255.255", [255, 255, 255, 255]],
      ["0.0.0.0", [0, 0, 0, 0]],
      // a.b.c: c fills the last two bytes (16 bits).
      ["1.2.3", [1, 2, 0, 3]],
      ["1.2.65535", [1, 2, 255, 255]],
      ["1.2.0x1234", [1, 2, 0x12, 0x34]],
      // a.b: b fills the last three bytes (24 bits).
      ["127.1", [127, 0, 0, 1]],
      ["1.0xffffff", [1, 255, 255, 255]],
      ["10.65536", [10, 1, 0, 0]],
      // a: one 32-bit number.
      ["0", [0, 0, 0, 0]],
      ["2130706433", [127, 0, 0, 1]],
      ["4294967295", [255, 255, 255, 255]],
      ["0xffffffff", [255, 255, 255, 255]],
      ["0x7f000001", [127, 0, 0, 1]],
      // Each part in decimal, octal (leading 0) or hexadecimal (0x or 0X).
      ["0x7f.1", [127, 0, 0, 1]],
      ["0X7F.0X0.0x0.0X1", [127, 0, 0, 1]],
      ["010.0.0.1", [8, 0, 0, 1]],
      ["0377.0377.0377.0377", [255, 255, 255, 255]],
      ["017700000001", [127, 0, 0, 1]],
      ["00.00.00.00", [0, 0, 0, 0]],
    ];
    for (const [text, expected] of cases) {
      const packed = socket.inet_aton(text);
      assert.ok(Buffer.isBuffer(packed), text);
      assert.deepEqual(bytesOf(packed), expected, text);
    }
  });

  test("strings inet_aton(3) refuses: OSError 'illegal IP address string passed to inet_aton'", () => {
    const refused = [
      "",
      "abc",
      "localhost",
      "256.0.0.1", // a byte part over 255
      "1.2.3.256",
      "0x100.0.0.1",
      "1.2.65536", // the 16-bit part overflows
      "1.16777216", // the 24-bit part overflows
      "4294967296", // over 32 bits
      "1.2.3.4.5", // five parts
      "1..2.3",
      ".1.2.3",
      "08", // 8 is no octal digit
      "09.1.1.1",
      "0xg",
      " 1.2.3.4", // leading white space
      "1.2.3.4x", // junk right after the number
      "-1",
      "+1.2.3.4",
      "::1",
    ];
    for (const text of refused) assert.throws(() => socket.inet_aton(text), illegal("inet_aton"), JSON.stringify(text));
  });

  test("glibc: white space ends the address, and whatever follows it is ignored", (t) => {
    if (!glibc) return t.skip("glibc's inet_aton only; other C libraries refuse trailing junk");
    for (const text of ["1.2.3.4 junk", "1.2.3.4\tx", "1.2.3.4\n", "127.1 ", "0x7f.1  rest of line"]) {
      const expected = text.startsWith("1.2.3.4") ? [1, 2, 3, 4] : [127, 0, 0, 1];
      assert.deepEqual(bytesOf(socket.inet_aton(text)), expected, JSON.stringify(text));
    }
  });

  test("a NUL character is a RangeError (Python: ValueError 'embedded null character')", () => {
    assert.throws(() => socket.inet_aton("1.2.3.4\0"), rangeErrorOf("inet_aton"));
    assert.throws(() => socket.inet_aton("\0"), rangeErrorOf("inet_aton"));
  });

  test("bad input: not a string is a TypeError", () => {
    for (const value of [0x7f000001, null, undefined, Buffer.from("1.2.3.4"), ["1.2.3.4"], 1n]) {
      assert.throws(() => socket.inet_aton(bad(value)), typeErrorOf("inet_aton"), String(value));
    }
  });
});

describe("inet_ntoa", () => {
  test("4 packed bytes as a dotted quad, from every bytes-like type", () => {
    const packed = [192, 0, 2, 255];
    const forms: unknown[] = [
      Buffer.from(packed),
      new Uint8Array(packed),
      new Uint8Array(packed).buffer,
      new DataView(new Uint8Array(packed).buffer),
      new Int8Array(new Uint8Array(packed).buffer),
      new Uint8Array([9, ...packed, 9]).subarray(1, 5), // a view with an offset
    ];
    for (const form of forms) assert.equal(socket.inet_ntoa(bad(form)), "192.0.2.255", String(form));
    assert.equal(socket.inet_ntoa(Buffer.from([0, 0, 0, 0])), "0.0.0.0");
  });

  test("inet_ntoa(inet_aton(x)) gives the dotted quad of every form", () => {
    assert.equal(socket.inet_ntoa(socket.inet_aton("127.1")), "127.0.0.1");
    assert.equal(socket.inet_ntoa(socket.inet_aton("0x7f.1")), "127.0.0.1");
    assert.equal(socket.inet_ntoa(socket.inet_aton("010.0.0.1")), "8.0.0.1");
    assert.equal(socket.inet_ntoa(socket.inet_aton("4294967295")), "255.255.255.255");
  });

  test("a length other than 4: OSError 'packed IP wrong length for inet_ntoa'", () => {
    for (const length of [0, 3, 5, 16]) {
      assert.throws(() => socket.inet_ntoa(Buffer.alloc(length)), (e: unknown) =>
        e instanceof socket.OSError && e.errno === null && e.message === "packed IP wrong length for inet_ntoa", `length ${length}`);
    }
  });

  test("bad input: a string or a number is a TypeError", () => {
    for (const value of ["1.2.3.4", 0x01020304, null, [1, 2, 3, 4]]) {
      assert.throws(() => socket.inet_ntoa(bad(value)), typeErrorOf("inet_ntoa"), String(value));
    }
  });
});

describe("inet_pton", () => {
  test("AF_INET: only the dotted-decimal form ddd.ddd.ddd.ddd", () => {
    assert.deepEqual(bytesOf(socket.inet_pton(socket.AF_INET, "192.0.2.1")), [192, 0, 2, 1]);
    assert.deepEqual(bytesOf(socket.inet_pton(socket.AF_INET, "255.255.255.255")), [255, 255, 255, 255]);
    assert.deepEqual(bytesOf(socket.inet_pton(socket.AF_INET, "0.0.0.0")), [0, 0, 0, 0]);
    assert.ok(Buffer.isBuffer(socket.inet_pton(socket.AF_INET, "1.2.3.4")));
  });

  test("AF_INET: the other inet_aton forms, leading zeros and junk are refused", () => {
    const refused = ["127.1", "0x7f.0.0.1", "010.0.0.1", "1.2.3", "4294967295", "256.1.1.1", "1.2.3.4 ", " 1.2.3.4",
      "1.2.3.4.5", "1..2.3", "", "::1", "1.2.3.-4", "1.2.3.0400"];
    for (const text of refused) assert.throws(() => socket.inet_pton(socket.AF_INET, text), illegal("inet_pton"), JSON.stringify(text));
  });

  test("AF_INET6: the RFC 4291 text forms", () => {
    const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
    const cases: [string, string][] = [
      ["::", "00000000000000000000000000000000"],
      ["::1", "00000000000000000000000000000001"],
      ["1::", "00010000000000000000000000000000"],
      ["2001:db8::8:800:200c:417a", "20010db80000000000080800200c417a"],
      ["1:2:3:4:5:6:7:8", "00010002000300040005000600070008"],
      ["1:2:3:4:5:6:7::", "00010002000300040005000600070000"],
      ["::2:3:4:5:6:7:8", "00000002000300040005000600070008"],
      ["FE80::ABCD", "fe80000000000000000000000000abcd"],
      ["0000:0000:0000:0000:0000:0000:0000:0001", "00000000000000000000000000000001"],
      ["::ffff:1.2.3.4", "00000000000000000000ffff01020304"],
      ["::1.2.3.4", "00000000000000000000000001020304"],
      ["1:2:3:4:5:6:1.2.3.4", "00010002000300040005000601020304"],
    ];
    for (const [text, bytes] of cases) {
      const packed = socket.inet_pton(socket.AF_INET6, text);
      assert.equal(packed.length, 16, text);
      assert.equal(hex(packed), bytes, text);
    }
  });

  test("AF_INET6: malformed text is refused, and so is a %zone", () => {
    const refused = [":::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "1::2::3", ":1", "1:", "1:2:3:4:5:6:7:8::",
      "::1%lo", "fe80::1%1", "1.2.3.4", "", "g::", "::ffff:1.2.3", "::ffff:1.2.3.4.5", "::1.2.3.4:5", "[::1]"];
    for (const text of refused) assert.throws(() => socket.inet_pton(socket.AF_INET6, text), illegal("inet_pton"), JSON.stringify(text));
  });

  test("an unknown address family: OSError EAFNOSUPPORT, as inet_pton(3) documents", () => {
    for (const family of [socket.AF_UNIX, socket.AF_UNSPEC, 12345]) {
      assert.throws(() => socket.inet_pton(family, "1.2.3.4"), (e: unknown) =>
        e instanceof socket.OSError && e.errno === errno.EAFNOSUPPORT && e.code === "EAFNOSUPPORT", String(family));
    }
  });

  test("a NUL character is a RangeError (Python: ValueError 'embedded null character')", () => {
    assert.throws(() => socket.inet_pton(socket.AF_INET, "1.2.3.4\0"), rangeErrorOf("inet_pton"));
    assert.throws(() => socket.inet_pton(socket.AF_INET6, "::1\0"), rangeErrorOf("inet_pton"));
  });

  test("bad input: family not an integer, text not a string", () => {
    assert.throws(() => socket.inet_pton(bad("AF_INET"), "1.2.3.4"), typeErrorOf("inet_pton"));
    assert.throws(() => socket.inet_pton(bad(2.5), "1.2.3.4"), typeErrorOf("inet_pton"));
    assert.throws(() => socket.inet_pton(bad(2 ** 40), "1.2.3.4"), rangeErrorOf("inet_pton"));
    for (const value of [null, undefined, 0x01020304, Buffer.from("1.2.3.4")]) {
      assert.throws(() => socket.inet_pton(socket.AF_INET, bad(value)), typeErrorOf("inet_pton"), String(value));
    }
  });
});

describe("inet_ntop", () => {
  test("AF_INET: 4 bytes as a dotted quad, from every bytes-like type", () => {
    const packed = [10, 20, 30, 40];
    for (const form of [Buffer.from(packed), new Uint8Array(packed), new Uint8Array(packed).buffer, new DataView(new Uint8Array(packed).buffer)]) {
      assert.equal(socket.inet_ntop(socket.AF_INET, bad(form)), "10.20.30.40");
    }
  });

  test("AF_INET6: zero compression as the C library prints it (RFC 5952)", () => {
    const cases: [string, string][] = [
      ["00000000000000000000000000000000", "::"],
      ["00000000000000000000000000000001", "::1"],
      ["00010000000000000000000000000000", "1::"],
      ["20010db8000000000000000000000001", "2001:db8::1"],
      // A single zero group is not compressed.
      ["00010000000200030004000500060007", "1:0:2:3:4:5:6:7"],
      // The longest run wins...
      ["00010000000000020000000000000003", "1:0:0:2::3"],
      // ...and the first one on a tie.
      ["00010000000000020000000000030004", "1::2:0:0:3:4"],
      // Lower case, no leading zeros.
      ["fe80000000000000abcd00ef0a0b0c0d", "fe80::abcd:ef:a0b:c0d"],
      ["ffffffffffffffffffffffffffffffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"],
      // Embedded IPv4: v4-mapped and v4-compatible addresses.
      ["00000000000000000000ffff01020304", "::ffff:1.2.3.4"],
      ["00000000000000000000000001020304", "::1.2.3.4"],
      // Not embedded IPv4: the run is not exactly the first 6 (or 5 + ffff) groups.
      ["00000000000000000000fffe01020304", "::fffe:102:304"],
      ["00010000000000000000ffff01020304", "1::ffff:102:304"],
    ];
    for (const [hex, text] of cases) assert.equal(socket.inet_ntop(socket.AF_INET6, Buffer.from(hex, "hex")), text, hex);
  });

  test("inet_ntop(inet_pton(x)) is the canonical form of x", () => {
    const pairs: [string, string][] = [
      ["0:0:0:0:0:0:0:1", "::1"],
      ["2001:DB8:0:0:0:0:0:1", "2001:db8::1"],
      ["0:0:0:0:0:ffff:7f00:1", "::ffff:127.0.0.1"],
      ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
      ["fe80::0001", "fe80::1"],
    ];
    for (const [given, canonical] of pairs) {
      assert.equal(socket.inet_ntop(socket.AF_INET6, socket.inet_pton(socket.AF_INET6, given)), canonical, given);
    }
    assert.equal(socket.inet_ntop(socket.AF_INET, socket.inet_pton(socket.AF_INET, "203.0.113.9")), "203.0.113.9");
  });

  test("a length that does not fit the family: RangeError", () => {
    assert.throws(() => socket.inet_ntop(socket.AF_INET, Buffer.alloc(16)), rangeErrorOf("inet_ntop"));
    assert.throws(() => socket.inet_ntop(socket.AF_INET, Buffer.alloc(3)), rangeErrorOf("inet_ntop"));
    assert.throws(() => socket.inet_ntop(socket.AF_INET6, Buffer.alloc(4)), rangeErrorOf("inet_ntop"));
    assert.throws(() => socket.inet_ntop(socket.AF_INET6, Buffer.alloc(17)), rangeErrorOf("inet_ntop"));
  });

  test("an unknown address family: RangeError (Python: ValueError)", () => {
    assert.throws(() => socket.inet_ntop(socket.AF_UNIX, Buffer.alloc(4)), rangeErrorOf("inet_ntop"));
    assert.throws(() => socket.inet_ntop(12345, Buffer.alloc(16)), rangeErrorOf("inet_ntop"));
  });

  test("bad input: family not an integer, packed not bytes", () => {
    assert.throws(() => socket.inet_ntop(bad("2"), Buffer.alloc(4)), typeErrorOf("inet_ntop"));
    for (const value of ["1.2.3.4", null, [1, 2, 3, 4], 0x01020304]) {
      assert.throws(() => socket.inet_ntop(socket.AF_INET, bad(value)), typeErrorOf("inet_ntop"), String(value));
    }
  });
});

describe("htons, ntohs, htonl, ntohl", () => {
  // byteorder(3): network byte order is big-endian. The value whose bytes
  // in host memory are x's big-endian bytes.
  const le = endianness() === "LE";
  const net16 = (x: number): number => {
    const b = Buffer.alloc(2);
    b.writeUInt16BE(x);
    return le ? b.readUInt16LE() : b.readUInt16BE();
  };
  const net32 = (x: number): number => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(x);
    return le ? b.readUInt32LE() : b.readUInt32BE();
  };

  test("16 bits: htons and ntohs put the value's bytes in network order", () => {
    for (const x of [0, 1, 0x1234, 0x00ff, 0xff00, 0xfffe, 0xffff, 80, 443]) {
      assert.equal(socket.htons(x), net16(x), `htons(${x})`);
      assert.equal(socket.ntohs(x), net16(x), `ntohs(${x})`);
      assert.equal(socket.ntohs(socket.htons(x)), x);
    }
    if (le) assert.equal(socket.htons(0x1234), 0x3412);
  });

  test("32 bits: htonl and ntohl, results unsigned", () => {
    for (const x of [0, 1, 0x12345678, 0x7f000001, 0x80000000, 0xfffffffe, 0xffffffff, 0xff]) {
      const h = socket.htonl(x);
      assert.equal(h, net32(x), `htonl(${x})`);
      assert.ok(h >= 0, "unsigned");
      assert.equal(socket.ntohl(x), net32(x), `ntohl(${x})`);
      assert.equal(socket.ntohl(h), x);
    }
    if (le) {
      assert.equal(socket.htonl(0x12345678), 0x78563412);
      assert.equal(socket.htonl(0xff), 0xff000000);
    }
  });

  test("out of range: RangeError (Python: OverflowError)", () => {
    for (const fn of ["htons", "ntohs"] as const) {
      for (const x of [-1, 65536, 2 ** 32, -(2 ** 31)]) assert.throws(() => socket[fn](x), rangeErrorOf(fn), `${fn}(${x})`);
    }
    for (const fn of ["htonl", "ntohl"] as const) {
      for (const x of [-1, 2 ** 32, 2 ** 53]) assert.throws(() => socket[fn](x), rangeErrorOf(fn), `${fn}(${x})`);
    }
  });

  test("bad input: not an integer is a TypeError", () => {
    for (const fn of ["htons", "ntohs", "htonl", "ntohl"] as const) {
      for (const x of [1.5, NaN, Infinity, "80", null, undefined, 80n]) {
        assert.throws(() => socket[fn](bad(x)), typeErrorOf(fn), `${fn}(${String(x)})`);
      }
    }
  });
});
