// The error hierarchy (docs/api.md "Errors", PEP 3151): the class chosen for each
// errno, the fields every OSError carries, the socket timeout, GaiError,
// Python's aliases, and real system calls that fail in each way.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import * as socket from "../src/index.js";
import { binding } from "../src/binding.js";
import { gaiError, osError, timeoutError } from "../src/errors.js";
import { checkNoLeaks, closedAddress, errno, tempDir, within, wouldBlockCode } from "./helpers.js";
import { lacks } from "./runtime.js";
import { WIN, windows } from "./platform.js";

checkNoLeaks();

const dir = tempDir();
const glibc = binding.platform.libc === "glibc";

// Linux's errno numbers where Node does not name them (os.constants.errno
// lacks ESHUTDOWN and a few other socket errnos). asm-generic/errno.h,
// which every Linux architecture but alpha, mips, parisc and sparc uses.
const genericLinux = process.platform === "linux" && !/^(mips|sparc|alpha|parisc|hppa)/.test(process.arch);
const linuxOnly: Record<string, number> = genericLinux
  ? { ESOCKTNOSUPPORT: 94, EPFNOSUPPORT: 96, ESHUTDOWN: 108, ETOOMANYREFS: 109, EHOSTDOWN: 112 }
  : {};

/** The platform's value of an errno name as the library raises it (on
 *  Windows CPython's Winsock codes, not Node's C runtime values), or
 *  undefined if it has none. */
function errnoValue(name: string): number | undefined {
  return (errno as Record<string, number | undefined>)[name] ?? linuxOnly[name];
}

// The C library's text for each errno (glibc's strerror).
const glibcText: Record<string, string> = {
  EAGAIN: "Resource temporarily unavailable",
  EWOULDBLOCK: "Resource temporarily unavailable",
  EALREADY: "Operation already in progress",
  EINPROGRESS: "Operation now in progress",
  ECHILD: "No child processes",
  EPIPE: "Broken pipe",
  ESHUTDOWN: "Cannot send after transport endpoint shutdown",
  ECONNABORTED: "Software caused connection abort",
  ECONNREFUSED: "Connection refused",
  ECONNRESET: "Connection reset by peer",
  EEXIST: "File exists",
  ENOENT: "No such file or directory",
  EISDIR: "Is a directory",
  ENOTDIR: "Not a directory",
  EINTR: "Interrupted system call",
  EACCES: "Permission denied",
  EPERM: "Operation not permitted",
  ESRCH: "No such process",
  ETIMEDOUT: "Connection timed out",
  EBADF: "Bad file descriptor",
  EINVAL: "Invalid argument",
  EADDRINUSE: "Address already in use",
  EADDRNOTAVAIL: "Cannot assign requested address",
  ENOTSOCK: "Socket operation on non-socket",
  ENOTCONN: "Transport endpoint is not connected",
  EHOSTUNREACH: "No route to host",
  EHOSTDOWN: "Host is down",
  ESOCKTNOSUPPORT: "Socket type not supported",
};

type ErrorClass = abstract new (...args: never[]) => socket.OSError;

// PEP 3151's table: errno name → class. Everything else is a plain OSError.
const table: [string, ErrorClass][] = [
  ["EAGAIN", socket.BlockingIOError],
  ["EWOULDBLOCK", socket.BlockingIOError],
  ["EALREADY", socket.BlockingIOError],
  ["EINPROGRESS", socket.BlockingIOError],
  ["ECHILD", socket.ChildProcessError],
  ["EPIPE", socket.BrokenPipeError],
  ["ESHUTDOWN", socket.BrokenPipeError],
  ["ECONNABORTED", socket.ConnectionAbortedError],
  ["ECONNREFUSED", socket.ConnectionRefusedError],
  ["ECONNRESET", socket.ConnectionResetError],
  ["EEXIST", socket.FileExistsError],
  ["ENOENT", socket.FileNotFoundError],
  ["EISDIR", socket.IsADirectoryError],
  ["ENOTDIR", socket.NotADirectoryError],
  ["EINTR", socket.InterruptedError],
  ["EACCES", socket.PermissionError],
  ["EPERM", socket.PermissionError],
  ["ESRCH", socket.ProcessLookupError],
  ["ETIMEDOUT", socket.TimeoutError],
];

const plain = ["EBADF", "EINVAL", "EADDRINUSE", "EADDRNOTAVAIL", "ENOTSOCK", "ENOTCONN", "EHOSTUNREACH", "EHOSTDOWN", "ESOCKTNOSUPPORT"];

/** The code an errno value gets: the first of its names (EAGAIN before
 *  EWOULDBLOCK where they share a value), as Python's errno.errorcode. */
function expectedCode(name: string): string {
  if ((name === "EWOULDBLOCK" || name === "EAGAIN") && errnoValue("EAGAIN") === errnoValue("EWOULDBLOCK")) return wouldBlockCode;
  return name;
}

/** Checks every field of an OSError made for `name`. */
function checkFields(e: socket.OSError, name: string, cls: ErrorClass, syscall?: string): void {
  const errno = errnoValue(name)!;
  assert.equal(e.constructor, cls, `${name} is a ${cls.name}, not a ${e.constructor.name}`);
  assert.ok(e instanceof socket.OSError, `${name}: instanceof OSError`);
  assert.ok(e instanceof Error, `${name}: instanceof Error`);
  assert.equal(e.errno, errno, `${name}: errno`);
  assert.equal(e.code, expectedCode(name), `${name}: code`);
  assert.equal(e.strerror, binding.strerror(errno), `${name}: strerror is the C library's text`);
  if (glibc && glibcText[name] !== undefined) assert.equal(e.strerror, glibcText[name], `${name}: glibc's text`);
  assert.equal(e.message, `[Errno ${errno}] ${e.strerror}`, `${name}: message`);
  assert.equal(e.name, cls.name, `${name}: name`);
  assert.equal(String(e), `${cls.name}: [Errno ${errno}] ${e.strerror}`);
  assert.equal(e.syscall, syscall);
}

describe("the errno → class table (PEP 3151)", () => {
  for (const [name, cls] of table) {
    test(`${name} → ${cls.name}`, { skip: errnoValue(name) === undefined && `no ${name} here` }, () => {
      checkFields(osError(errnoValue(name)!, "connect"), name, cls, "connect");
    });
  }

  for (const name of plain) {
    test(`${name} → plain OSError`, { skip: errnoValue(name) === undefined && `no ${name} here` }, () => {
      checkFields(osError(errnoValue(name)!, "bind"), name, socket.OSError, "bind");
    });
  }

  test("syscall is optional", () => {
    assert.equal(osError(errnoValue("EBADF")!).syscall, undefined);
  });

  test("the hierarchy: ConnectionError and its subclasses", () => {
    for (const cls of [socket.BrokenPipeError, socket.ConnectionAbortedError, socket.ConnectionRefusedError, socket.ConnectionResetError]) {
      assert.ok(cls.prototype instanceof socket.ConnectionError, cls.name);
    }
    for (const cls of [socket.BlockingIOError, socket.ChildProcessError, socket.ConnectionError, socket.FileExistsError,
      socket.FileNotFoundError, socket.InterruptedError, socket.IsADirectoryError, socket.NotADirectoryError,
      socket.PermissionError, socket.ProcessLookupError, socket.TimeoutError, socket.GaiError, socket.HError]) {
      assert.ok(cls.prototype instanceof socket.OSError, cls.name);
      assert.equal(Object.getPrototypeOf(cls), socket.OSError, `${cls.name} extends OSError directly`);
    }
    assert.ok(socket.OSError.prototype instanceof Error);
  });

  test("errnos that os.constants.errno does not list still get their C name as code", { skip: !genericLinux && "Linux numbers" }, () => {
    // Node's os.constants.errno does not list these, but the C library names them.
    for (const name of ["ESHUTDOWN", "EHOSTDOWN", "ESOCKTNOSUPPORT", "EPFNOSUPPORT", "ETOOMANYREFS"]) {
      assert.equal(osError(linuxOnly[name]!).code, name);
    }
  });
});

describe("the socket timeout", () => {
  test("timeoutError(): TimeoutError 'timed out', errno null, code ETIMEDOUT", () => {
    const e = timeoutError("recv");
    assert.ok(e instanceof socket.TimeoutError);
    assert.ok(e instanceof socket.OSError);
    assert.equal(e.message, "timed out");
    assert.equal(e.errno, null);
    assert.equal(e.code, "ETIMEDOUT");
    assert.equal(e.name, "TimeoutError");
    assert.equal(e.syscall, "recv");
    assert.equal(String(e), "TimeoutError: timed out");
  });

  test("a recv in timeout mode rejects with it", async () => {
    const [a, b] = socket.socketpair();
    try {
      a.settimeout(0.05);
      const e = await within(a.recv(10).then(() => assert.fail("recv should time out"), (err: unknown) => err));
      assert.ok(e instanceof socket.TimeoutError);
      assert.ok(e instanceof socket.timeout, "socket.timeout is TimeoutError");
      assert.equal(e.message, "timed out");
      assert.equal(e.errno, null);
      assert.equal(e.code, "ETIMEDOUT");
    } finally {
      a.close();
      b.close();
    }
  });

  test("the Sync twin throws it", () => {
    const [a, b] = socket.socketpair();
    try {
      a.settimeout(0.05);
      assert.throws(() => a.recvSync(10), (e: unknown) => e instanceof socket.TimeoutError && e.message === "timed out" && e.errno === null);
    } finally {
      a.close();
      b.close();
    }
  });
});

describe("GaiError", () => {
  test("gaiError(EAI_NONAME): errno is the EAI_ value, code its name, message as Python's", () => {
    const e = gaiError(socket.EAI_NONAME);
    assert.ok(e instanceof socket.GaiError);
    assert.ok(e instanceof socket.OSError);
    assert.equal(e.errno, socket.EAI_NONAME);
    assert.equal(e.code, "EAI_NONAME");
    assert.equal(e.strerror, binding.gai_strerror(socket.EAI_NONAME));
    assert.equal(e.message, `[Errno ${socket.EAI_NONAME}] ${e.strerror}`);
    assert.equal(e.name, "GaiError");
    assert.equal(e.syscall, "getaddrinfo");
  });

  test("glibc: negative errno and its texts", { skip: !glibc && "glibc values" }, () => {
    assert.equal(gaiError(socket.EAI_NONAME).message, "[Errno -2] Name or service not known");
    assert.equal(gaiError(socket.EAI_AGAIN).message, "[Errno -3] Temporary failure in name resolution");
    assert.equal(gaiError(socket.EAI_FAMILY).code, "EAI_FAMILY");
    assert.equal(gaiError(socket.EAI_SERVICE).code, "EAI_SERVICE");
    assert.ok(gaiError(socket.EAI_AGAIN).errno! < 0);
  });

  test("a real one: an unknown IPv6 zone in an address", async () => {
    // "%zone" must name an interface; an unknown one fails as getaddrinfo
    // does, with EAI_NONAME, without any name lookup on the network.
    const s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM);
    try {
      const e = await s.connect(["fe80::1%no-such-if0", 9]).then(() => assert.fail("should fail"), (err: unknown) => err);
      assert.ok(e instanceof socket.GaiError, String(e));
      assert.equal(e.code, "EAI_NONAME");
      assert.match(e.message, /^\[Errno -?\d+\] \S/);
      if (glibc) assert.equal(e.message, "[Errno -2] Name or service not known");
    } finally {
      s.close();
    }
  });
});

describe("Python's aliases", () => {
  test("error, gaierror, herror, timeout", () => {
    assert.equal(socket.error, socket.OSError);
    assert.equal(socket.gaierror, socket.GaiError);
    assert.equal(socket.herror, socket.HError);
    assert.equal(socket.timeout, socket.TimeoutError);
  });
});

describe("real failures", () => {
  test("connect to a closed port: ConnectionRefusedError, syscall connect", async () => {
    const address = closedAddress();
    const s = socket.socket();
    try {
      const e = await within(s.connect(address).then(() => assert.fail("should be refused"), (err: unknown) => err));
      assert.ok(e instanceof socket.ConnectionRefusedError);
      checkFields(e, "ECONNREFUSED", socket.ConnectionRefusedError, "connect");
    } finally {
      s.close();
    }
  });

  test("connectSync to a closed port: ConnectionRefusedError thrown", () => {
    const address = closedAddress();
    const s = socket.socket();
    try {
      assert.throws(() => s.connectSync(address), (e: unknown) => {
        checkFields(e as socket.OSError, "ECONNREFUSED", socket.ConnectionRefusedError, "connect");
        return true;
      });
    } finally {
      s.close();
    }
  });

  test("binding the same port twice: OSError EADDRINUSE", () => {
    const a = socket.socket();
    const b = socket.socket();
    try {
      a.bind(["127.0.0.1", 0]);
      a.listen();
      assert.throws(() => b.bind(a.getsockname()), (e: unknown) => {
        checkFields(e as socket.OSError, "EADDRINUSE", socket.OSError, "bind");
        return true;
      });
    } finally {
      a.close();
      b.close();
    }
  });

  test("send on a socket shut down for writing: BrokenPipeError (and no SIGPIPE)", async () => {
    const [a, b] = socket.socketpair();
    try {
      a.shutdown(socket.SHUT_WR);
      const e = await a.send(Buffer.from("x")).then(() => assert.fail("should fail"), (err: unknown) => err);
      // Winsock answers WSAESHUTDOWN, which PEP 3151 makes a BrokenPipeError too.
      checkFields(e as socket.OSError, windows ? "ESHUTDOWN" : "EPIPE", socket.BrokenPipeError, "send");
      assert.ok(e instanceof socket.ConnectionError);
    } finally {
      a.close();
      b.close();
    }
  });

  test("Unix connect to a missing path: FileNotFoundError", { skip: lacks({ win32: WIN.unixErrors }) }, async () => {
    const s = socket.socket(socket.AF_UNIX);
    try {
      const e = await s.connect(join(dir, "missing.sock")).then(() => assert.fail("should fail"), (err: unknown) => err);
      checkFields(e as socket.OSError, "ENOENT", socket.FileNotFoundError, "connect");
    } finally {
      s.close();
    }
  });

  test("binding a Unix path that exists: OSError EADDRINUSE", { skip: lacks({ win32: WIN.unixErrors }) }, () => {
    const path = join(dir, "exists");
    writeFileSync(path, "");
    const s = socket.socket(socket.AF_UNIX);
    try {
      assert.throws(() => s.bind(path), (e: unknown) => {
        checkFields(e as socket.OSError, "EADDRINUSE", socket.OSError, "bind");
        return true;
      });
    } finally {
      s.close();
    }
  });

  test("a non-blocking recv with nothing to read: BlockingIOError", async () => {
    const [a, b] = socket.socketpair();
    try {
      a.setblocking(false);
      const e = await a.recv(1).then(() => assert.fail("should fail"), (err: unknown) => err);
      assert.ok(e instanceof socket.BlockingIOError);
      assert.equal(e.errno, errnoValue("EAGAIN"));
      assert.equal(e.code, wouldBlockCode);
      assert.throws(() => a.recvSync(1), socket.BlockingIOError);
    } finally {
      a.close();
      b.close();
    }
  });

  test("an unsupported socket type: the errno's name as code (ESOCKTNOSUPPORT)", { skip: !genericLinux && "Linux numbers" }, () => {
    // socket(AF_INET, SOCK_SEQPACKET) fails with ESOCKTNOSUPPORT on Linux.
    assert.throws(() => socket.socket(socket.AF_INET, socket.SOCK_SEQPACKET), (e: unknown) => {
      checkFields(e as socket.OSError, "ESOCKTNOSUPPORT", socket.OSError, "socket");
      return true;
    });
  });
});

describe("building an error class by hand (the fuzzer found V8's messages)", () => {
  test("arguments of the wrong type are a TypeError naming the class", () => {
    for (const [Class, args] of [
      [socket.OSError, [Symbol("x"), null]],
      [socket.ConnectionError, [1, {}]],
      [socket.GaiError, [null, null, null]],
      [socket.TimeoutError, [null, "timed out", { syscall: 5 }]],
    ] as const) {
      assert.throws(() => new (Class as unknown as new (...a: unknown[]) => unknown)(...args),
        (e: unknown) => e instanceof TypeError && e.message.startsWith(`${Class.name}(): `), `${Class.name}(${String(args[0])})`);
    }
    const refused = errnoValue("ECONNREFUSED")!; // 111 on Linux, 10061 on Windows
    const e = new socket.ConnectionRefusedError(refused, "Connection refused", { syscall: "connect" });
    assert.deepEqual([e.errno, e.code, e.syscall, e.message], [refused, "ECONNREFUSED", "connect", `[Errno ${refused}] Connection refused`]);
  });
});
