// Windows: the resolvers on the wide-character calls (GetAddrInfoW,
// GetNameInfoW, GetHostNameW, native/win/name_lookup_win.cc), whose names
// travel as UTF-16 between UTF-8 conversions, and the Windows error of a
// call that is not Winsock's (winerror beside the errno CPython maps it to).
// Run under Wine in CI; skipped, with the reason, on every other platform.
import assert from "node:assert/strict";
import { closeSync, openSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import * as socket from "../src/index.js";
import { binding } from "../src/binding.js";
import { osError } from "../src/errors.js";
import { tempDir, within } from "./helpers.js";
import { skipWholeFile } from "./platform.js";

const { describe, test } = skipWholeFile(process.platform === "win32" ? undefined : `${process.platform}: the Windows tests run on Windows only`);

describe("getaddrinfo on GetAddrInfoW", () => {
  test("localhost: loopback addresses, async and Sync alike", async () => {
    const looped = (rs: socket.AddrInfo[]) => rs.filter((r) => r[4][0] === "127.0.0.1" || r[4][0] === "::1");
    const async = await within(socket.getaddrinfo("localhost", 80, socket.AF_UNSPEC, socket.SOCK_STREAM));
    const sync = socket.getaddrinfoSync("localhost", 80, socket.AF_UNSPEC, socket.SOCK_STREAM);
    assert.ok(looped(async).length > 0, JSON.stringify(async));
    assert.deepEqual(sync, async);
    for (const r of async) assert.equal(r[4][1], 80);
  });

  test("numeric hosts of both families and a service given by number", () => {
    assert.deepEqual(socket.getaddrinfoSync("127.0.0.1", "8080", socket.AF_INET, socket.SOCK_DGRAM, 0, socket.AI_NUMERICHOST)
      .map((r) => [r[0], r[1], r[4]]), [[socket.AF_INET, socket.SOCK_DGRAM, ["127.0.0.1", 8080]]]);
    const v6 = socket.getaddrinfoSync("::1", 8080, socket.AF_INET6, socket.SOCK_STREAM, 0, socket.AI_NUMERICHOST);
    assert.deepEqual(v6.map((r) => r[4].slice(0, 2)), [["::1", 8080]]);
  });

  test("AI_CANONNAME: the first entry carries the canonical name as a string, the others none", async () => {
    const rs = await within(socket.getaddrinfo("localhost", null, socket.AF_INET, socket.SOCK_STREAM, 0, socket.AI_CANONNAME));
    assert.ok(rs.length > 0);
    assert.equal(typeof rs[0]![3], "string");
    assert.ok(rs[0]![3].length > 0, "a canonical name");
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(rs[0]![3], /[\x00\uFFFD]/, "no NUL or replacement character from a conversion");
    for (const r of rs.slice(1)) assert.equal(r[3], "");
  });

  test("a host name outside ASCII reaches the call in its IDNA form and fails as a GaiError, async and Sync", async () => {
    // AI_NUMERICHOST: refused without asking any name server.
    const name = "bücher-bsdsock.invalid";
    await assert.rejects(within(socket.getaddrinfo(name, 80, socket.AF_INET, 0, 0, socket.AI_NUMERICHOST)), socket.GaiError);
    assert.throws(() => socket.getaddrinfoSync(name, 80, socket.AF_INET, 0, 0, socket.AI_NUMERICHOST), socket.GaiError);
  });

  test("a service name outside ASCII reaches the call as itself (UTF-16) and is unknown: a GaiError", () => {
    assert.throws(() => socket.getaddrinfoSync("127.0.0.1", "dienst-ü", socket.AF_INET, socket.SOCK_STREAM, 0, socket.AI_NUMERICHOST),
      (e: unknown) => e instanceof socket.GaiError && typeof e.errno === "number" && e.errno !== 0);
  });
});

describe("getnameinfo on GetNameInfoW", () => {
  for (const address of ["127.0.0.1", "::1"]) {
    test(`${address}: NI_NUMERICHOST gives the address, a name otherwise; async and Sync agree`, async () => {
      const sockaddr = (address === "::1" ? [address, 8080, 0, 0] : [address, 8080]) as [string, number];
      assert.deepEqual(socket.getnameinfoSync(sockaddr, socket.NI_NUMERICHOST | socket.NI_NUMERICSERV), [address, "8080"]);
      const [host, port] = await within(socket.getnameinfo(sockaddr, socket.NI_NUMERICSERV));
      assert.equal(port, "8080");
      assert.ok(host.length > 0);
      // eslint-disable-next-line no-control-regex
      assert.doesNotMatch(host, /[\x00\uFFFD]/);
      assert.deepEqual(socket.getnameinfoSync(sockaddr, socket.NI_NUMERICSERV), [host, port]);
    });
  }
});

describe("gethostname on GetHostNameW", () => {
  test("the same name as Node's os.hostname() (libuv asks GetHostNameW too)", () => {
    assert.equal(socket.gethostname(), hostname());
  });
});

describe("winerror of Windows calls that are not Winsock's (CPython's winerror_to_errno)", () => {
  const ERROR_FILE_NOT_FOUND = 2;
  const ERROR_ACCESS_DENIED = 5;

  test("if_indextoname of an unknown index: IP Helper's ERROR_FILE_NOT_FOUND, FileNotFoundError ENOENT with the system's message", () => {
    const unused = Math.max(0, ...socket.if_nameindex().map(([i]) => i)) + 100_000;
    assert.throws(() => socket.if_indextoname(unused), (e: unknown) => {
      assert.ok(e instanceof socket.FileNotFoundError, String(e));
      assert.deepEqual([e.errno, e.code, e.winerror, e.syscall], [2, "ENOENT", ERROR_FILE_NOT_FOUND, "if_indextoname"]);
      assert.ok(e.strerror !== null && e.strerror.length > 0);
      assert.equal(e.message, `[Errno 2] ${e.strerror}`);
      return true;
    });
  });

  test("a read of a file opened for writing only (sendfile's fallback): ERROR_ACCESS_DENIED, PermissionError EACCES", () => {
    const fd = openSync(join(tempDir(), "write-only"), "w");
    try {
      const result = binding.pread(fd, Buffer.alloc(8), 0, 8, 0);
      assert.ok(result < 0, `pread gave ${result}`);
      const e = osError(-result, "pread");
      assert.ok(e instanceof socket.PermissionError, String(e));
      assert.deepEqual([e.errno, e.code, e.winerror], [13, "EACCES", ERROR_ACCESS_DENIED]);
    } finally {
      closeSync(fd);
    }
  });
});
