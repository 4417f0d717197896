// Passing descriptors (SCM_RIGHTS): sendFds/recvFds and raw sendmsg/recvmsg
// on Unix stream, datagram and seqpacket sockets, both ways; received
// descriptors are close-on-exec; a too-small control buffer (MSG_CTRUNC)
// and a receive that fails after the kernel handed descriptors over leak
// nothing; 253 descriptors (SCM_MAX_FD) in one message; descriptors passed
// between two processes; bad input.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { closeSync, openSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { binding, setBindingForTesting } from "../src/binding.js";
import { sys } from "../src/constants.js";
import * as socket from "../src/index.js";
import { encodeAddress } from "../src/sockaddr/index.js";
import { argError, checkNoLeaks, isEbadf, isPending, openFdCount, tempDir, trackSockets, unixPair, within, errno } from "./helpers.js";
import { lacks } from "./runtime.js";
import { skipWholeFile, WIN } from "./platform.js";

const { describe, test } = skipWholeFile(lacks({ win32: WIN.fds }));

checkNoLeaks();

// Deno's node:fs keeps its own table of the descriptors it opened: it
// refuses one that came over a socket, and its own files go wrong once
// numbers it tracks are closed and reused underneath it.
const fsGap = lacks({ deno: "node:fs refuses descriptors it did not open, and these tests mix its files with received descriptors" });

const { EBADF, EINVAL } = errno;
const track = trackSockets();
const dir = tempDir();
const INT = 4;

let files = 0;
/** A fresh temporary file holding `text`, opened for reading. The caller closes it. */
function openFile(text: string): number {
  const path = join(dir, `f${files++}`);
  writeFileSync(path, text);
  return openSync(path, "r");
}

// Received descriptors are read, compared and closed through the addon and
// /proc, not node:fs: Deno's node:fs refuses descriptors it did not open.
function readAll(fd: number): string {
  const buf = Buffer.alloc(4096);
  const n = binding.pread(fd, buf, 0, buf.length, 0);
  assert.ok(n >= 0, `pread: errno ${-n}`);
  return buf.toString("utf8", 0, n);
}

/** The inode of the file open on `fd`. */
function inode(fd: number): number {
  return statSync(`/proc/self/fd/${fd}`).ino;
}

/** Closes received descriptors (the test's own files close with node:fs,
 *  which opened them). */
function closeAll(fds: readonly number[]): void {
  for (const fd of fds) assert.equal(binding.close(fd), 0, `close(${fd})`);
}

function fdArray(fds: readonly number[]): Buffer {
  const out = Buffer.alloc(fds.length * INT);
  fds.forEach((fd, i) => out.writeInt32LE(fd, i * INT));
  return out;
}

function fdsIn(ancdata: socket.AncillaryData[]): number[] {
  const fds: number[] = [];
  for (const [level, type, data] of ancdata) {
    assert.equal(level, socket.SOL_SOCKET);
    assert.equal(type, socket.SCM_RIGHTS);
    assert.equal(data.length % INT, 0);
    for (let i = 0; i < data.length; i += INT) fds.push(data.readInt32LE(i));
  }
  return fds;
}

function isCloexec(fd: number): boolean {
  const flags = binding.fcntl(fd, sys.F_GETFD, 0);
  assert.ok(flags >= 0, `fcntl(${fd}) failed: ${flags}`);
  return (flags & sys.FD_CLOEXEC) !== 0;
}

// ---- sendFds / recvFds ----------------------------------------------------------

describe("sendFds / recvFds", { skip: fsGap }, () => {
  test("a file's descriptor crosses a stream socket pair, both ways", async () => {
    const [a, b] = unixPair(track);
    const fd = openFile("across");
    try {
      assert.equal(await within(socket.sendFds(a, [Buffer.from("file")], [fd])), 4);
      const [data, fds, flags, address] = await within(socket.recvFds(b, 100, 4));
      assert.deepEqual([data.toString(), fds.length, flags, address], ["file", 1, 0, null]);
      try {
        assert.notEqual(fds[0], fd, "a new descriptor number");
        assert.equal(inode(fds[0]!), inode(fd), "for the same file");
        assert.equal(readAll(fds[0]!), "across");
        // And back, from b to a.
        await within(socket.sendFds(b, [Buffer.from("back")], fds, 0));
        const [, back] = await within(socket.recvFds(a, 100, 1, 0));
        assert.equal(inode(back[0]!), inode(fd));
        closeAll(back);
      } finally {
        closeAll(fds);
      }
    } finally {
      closeSync(fd);
    }
  });

  test("the Sync twins, on a datagram pair, with several descriptors", () => {
    const [a, b] = unixPair(track, socket.SOCK_DGRAM);
    b.settimeout(5);
    const sent = [openFile("one"), openFile("two"), openFile("three")];
    try {
      assert.equal(socket.sendFdsSync(a, [Buffer.from("three")], sent), 5);
      const [data, fds, flags] = socket.recvFdsSync(b, 100, 3);
      assert.equal(data.toString(), "three");
      assert.equal(flags, 0);
      assert.deepEqual(fds.map(readAll), ["one", "two", "three"]);
      closeAll(fds);
    } finally {
      closeAll(sent);
    }
  });

  test("to an address: sendFds on an unconnected Unix datagram socket", async () => {
    const rx = track(socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM));
    rx.bind(join(dir, "rx.sock"));
    const tx = track(socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM));
    const fd = openFile("addressed");
    try {
      await within(socket.sendFds(tx, [Buffer.from("x")], [fd], 0, rx.getsockname()));
      const [, fds] = await within(socket.recvFds(rx, 10, 1));
      assert.equal(readAll(fds[0]!), "addressed");
      closeAll(fds);
    } finally {
      closeSync(fd);
    }
  });

  test("{ signal } aborts a waiting recvFds and leaves the socket usable", async () => {
    const [a, b] = unixPair(track);
    const controller = new AbortController();
    const pending = socket.recvFds(b, 10, 1, { signal: controller.signal });
    assert.ok(await isPending(pending));
    controller.abort(new Error("enough"));
    await assert.rejects(pending, /enough/);
    const fd = openFile("still works");
    try {
      await within(socket.sendFds(a, [Buffer.from("x")], [fd], { signal: new AbortController().signal }));
      const [, fds] = await within(socket.recvFds(b, 10, 1, 0, { signal: new AbortController().signal }));
      assert.equal(readAll(fds[0]!), "still works");
      closeAll(fds);
    } finally {
      closeSync(fd);
    }
  });

  test("a descriptor number that is not open: the kernel's EBADF", async () => {
    const [a] = unixPair(track);
    const fd = openFile("x");
    closeSync(fd); // now certainly not open (nothing else runs in between)
    await assert.rejects(socket.sendFds(a, [Buffer.from("x")], [fd]), (e: unknown) => e instanceof socket.OSError && e.errno === EBADF);
    assert.throws(() => socket.sendFdsSync(a, [Buffer.from("x")], [-1]), (e: unknown) => e instanceof socket.OSError && e.errno === EBADF);
  });

  test("closed sockets: EBADF", async () => {
    const [a, b] = unixPair(track);
    a.close();
    b.close();
    await assert.rejects(socket.sendFds(a, [Buffer.from("x")], [0]), isEbadf);
    await assert.rejects(socket.recvFds(b, 10, 1), isEbadf);
    assert.throws(() => socket.sendFdsSync(a, [Buffer.from("x")], [0]), isEbadf);
    assert.throws(() => socket.recvFdsSync(b, 10, 1), isEbadf);
  });

  test("bad input: clear errors naming the function; the async forms reject", async () => {
    const [a, b] = unixPair(track);
    const data = [Buffer.from("x")];
    const sendCases: [unknown[], typeof TypeError | typeof RangeError, RegExp][] = [
      [[{}, data, [0]], TypeError, /sock must be a Socket, not an object/],
      [[a.fileno(), data, [0]], TypeError, /sock must be a Socket/],
      [[a, "x", [0]], TypeError, /buffers must be an iterable of bytes-like objects/],
      [[a, data, 3], TypeError, /fds must be an iterable of file descriptors, not number 3/],
      [[a, data, ["3"]], TypeError, /fds\[0\] must be an integer/],
      [[a, data, [0, 1.5]], TypeError, /fds\[1\] must be an integer/],
      [[a, data, [2 ** 31]], RangeError, /fds\[0\] must be/],
      [[a, data, [0], "0"], TypeError, /flags/],
      [[a, data, [0], 0, 42], TypeError, /AF_UNIX address must be a string or bytes/],
    ];
    for (const [args, cls, pattern] of sendCases) {
      const p = (socket.sendFds as (...a: unknown[]) => Promise<number>)(...args);
      assert.ok(p instanceof Promise);
      await assert.rejects(p, argError(cls, "sendFds", pattern));
      assert.throws(() => (socket.sendFdsSync as (...a: unknown[]) => number)(...args), argError(cls, "sendFdsSync", pattern));
    }
    const recvCases: [unknown[], typeof TypeError | typeof RangeError, RegExp][] = [
      [[null, 10, 1], TypeError, /sock must be a Socket, not null/],
      [[b, -1, 1], RangeError, /bufsize must not be negative/],
      [[b, 10, -1], RangeError, /maxfds must not be negative/],
      [[b, 10, 2 ** 30], RangeError, /maxfds too large/],
      [[b, 10], TypeError, /maxfds is required/],
      [[b, 10, "1"], TypeError, /maxfds must be an integer/],
      [[b, 10, 1, 0.5], TypeError, /flags/],
    ];
    for (const [args, cls, pattern] of recvCases) {
      await assert.rejects((socket.recvFds as (...a: unknown[]) => Promise<unknown>)(...args), argError(cls, "recvFds", pattern));
      assert.throws(() => (socket.recvFdsSync as (...a: unknown[]) => unknown)(...args), argError(cls, "recvFdsSync", pattern));
    }
  });
});

// ---- raw SCM_RIGHTS with sendmsg / recvmsg ----------------------------------------

for (const [name, type] of [["stream", socket.SOCK_STREAM], ["datagram", socket.SOCK_DGRAM], ["seqpacket", socket.SOCK_SEQPACKET]] as const) {
  describe(`SCM_RIGHTS with sendmsg/recvmsg on a Unix ${name} pair`, { skip: fsGap }, () => {
    test("both ways, async and Sync; the descriptors are the caller's, close-on-exec", async () => {
      const [a, b] = unixPair(track, type);
      b.settimeout(5);
      a.settimeout(5);
      const files = [openFile(`${name} 1`), openFile(`${name} 2`)];
      try {
        const before = openFdCount();
        const rights: socket.AncillaryInput = [socket.SOL_SOCKET, socket.SCM_RIGHTS, fdArray(files)];
        assert.equal(await within(a.sendmsg([Buffer.from("ab")], [rights])), 2);
        const [data, ancdata, flags] = await within(b.recvmsg(10, socket.CMSG_SPACE(2 * INT)));
        assert.equal(data.toString(), "ab");
        assert.equal(flags, 0, "no MSG_CTRUNC, and MSG_CMSG_CLOEXEC is not reported when the caller did not ask");
        const got = fdsIn(ancdata);
        assert.equal(got.length, 2);
        assert.equal(openFdCount(), before + 2, "exactly the received descriptors are new");
        assert.ok(got.every(isCloexec), "received descriptors are close-on-exec");
        assert.deepEqual(got.map(readAll), [`${name} 1`, `${name} 2`]);
        // b -> a, the Sync way, one of them.
        assert.equal(b.sendmsgSync([Buffer.from("c")], [[socket.SOL_SOCKET, socket.SCM_RIGHTS, fdArray([got[1]!])]]), 1);
        const bufs = [Buffer.alloc(4)];
        const [n, ancdata2] = a.recvmsgIntoSync(bufs, socket.CMSG_SPACE(INT));
        assert.equal(n, 1);
        const back = fdsIn(ancdata2);
        assert.equal(readAll(back[0]!), `${name} 2`);
        closeAll([...got, ...back]);
        assert.equal(openFdCount(), before);
      } finally {
        closeAll(files);
      }
    });
  });
}

describe("close-on-exec and msg_flags", { skip: fsGap }, () => {
  test("MSG_CMSG_CLOEXEC asked for explicitly is reported in msgFlags, as Linux does", { skip: process.platform !== "linux" && "Linux echoes the flag" }, async () => {
    const [a, b] = unixPair(track);
    const fd = openFile("x");
    try {
      await within(socket.sendFds(a, [Buffer.from("x")], [fd]));
      const [, ancdata, flags] = await within(b.recvmsg(10, socket.CMSG_SPACE(INT), socket.MSG_CMSG_CLOEXEC));
      assert.equal(flags, socket.MSG_CMSG_CLOEXEC);
      const got = fdsIn(ancdata);
      assert.ok(isCloexec(got[0]!));
      closeAll(got);
    } finally {
      closeSync(fd);
    }
  });
});

// ---- truncation and failures: nothing leaks ------------------------------------------

describe("nothing leaks: MSG_CTRUNC, and a receive that cannot return", { skip: fsGap }, () => {
  test("a too-small ancbufsize: MSG_CTRUNC, the descriptors that fit are returned, the rest never opened", async () => {
    const [a, b] = unixPair(track);
    const file = openFile("ten");
    const ten = Array.from({ length: 10 }, () => file);
    try {
      const before = openFdCount();
      await within(socket.sendFds(a, [Buffer.from("1")], ten));
      const [, ancdata, flags] = await within(b.recvmsg(10, socket.CMSG_SPACE(2 * INT)));
      assert.equal(flags & socket.MSG_CTRUNC, socket.MSG_CTRUNC);
      const got = fdsIn(ancdata);
      assert.equal(got.length, 2);
      assert.equal(openFdCount(), before + 2, "only the two that fit were opened");
      closeAll(got);

      // No control buffer at all: nothing is opened.
      await within(socket.sendFds(a, [Buffer.from("2")], ten));
      const [data, none, flags2] = await within(b.recvmsg(10));
      assert.equal(data.toString(), "2");
      assert.deepEqual(none, []);
      assert.equal(flags2 & socket.MSG_CTRUNC, socket.MSG_CTRUNC);
      assert.equal(openFdCount(), before);

      // recvFds with a smaller maxfds, and with none.
      await within(socket.sendFds(a, [Buffer.from("3")], ten));
      const [, one, flags3] = await within(socket.recvFds(b, 10, 1));
      assert.equal(one.length, 1);
      assert.equal(flags3 & socket.MSG_CTRUNC, socket.MSG_CTRUNC);
      closeAll(one);
      await within(socket.sendFds(a, [Buffer.from("4")], ten));
      const [, zero, flags4] = socket.recvFdsSync(b, 10, 0);
      assert.deepEqual(zero, []);
      assert.equal(flags4 & socket.MSG_CTRUNC, socket.MSG_CTRUNC);
      assert.equal(openFdCount(), before);
    } finally {
      closeSync(file);
    }
  });

  test("if decoding the answer fails after the kernel handed descriptors over, each is closed", async () => {
    const [a, b] = unixPair(track);
    const file = openFile("x");
    const real = binding.recvmsg;
    // A link-local IPv6 sender whose zone name cannot be looked up: the
    // address decoder calls if_indextoname, made to fail here.
    const odd = encodeAddress("t", ["fe80::1", 0, 0, 7], { family: socket.AF_INET6, type: socket.SOCK_DGRAM, proto: 0 });
    const restore = setBindingForTesting({
      recvmsg(fd, buffers, control, flags, addrOut, lenOut, info) {
        const r = real(fd, buffers, control, flags, addrOut, lenOut, info);
        if (r >= 0) {
          addrOut.set(odd);
          lenOut[0] = odd.length;
        }
        return r;
      },
      if_indextoname() {
        throw new Error("injected failure");
      },
    });
    try {
      const before = openFdCount();
      await within(socket.sendFds(a, [Buffer.from("x")], [file, file, file]));
      await assert.rejects(b.recvmsg(10, socket.CMSG_SPACE(3 * INT)), /injected failure/);
      assert.equal(openFdCount(), before, "the three received descriptors were closed");
      await within(socket.sendFds(a, [Buffer.from("y")], [file, file]));
      assert.throws(() => socket.recvFdsSync(b, 10, 2), /injected failure/);
      assert.equal(openFdCount(), before);
    } finally {
      restore();
      closeSync(file);
    }
  });
});

// ---- many descriptors ---------------------------------------------------------------

describe("hundreds of descriptors in one message", { skip: fsGap }, () => {
  const SCM_MAX_FD = 253; // Linux's limit per message (include/net/scm.h)

  test(`${SCM_MAX_FD} descriptors (SCM_MAX_FD) in one message, and all of them back`, async () => {
    const [a, b] = unixPair(track);
    const file = openFile("many");
    const many = Array.from({ length: SCM_MAX_FD }, () => file);
    try {
      const before = openFdCount();
      await within(socket.sendFds(a, [Buffer.from("m")], many));
      const [, fds, flags] = await within(socket.recvFds(b, 10, SCM_MAX_FD));
      assert.equal(flags, 0);
      assert.equal(fds.length, SCM_MAX_FD);
      assert.equal(new Set(fds).size, SCM_MAX_FD, "each a descriptor of its own");
      assert.equal(openFdCount(), before + SCM_MAX_FD);
      const ino = inode(file);
      assert.ok(fds.every((fd) => inode(fd) === ino && isCloexec(fd)));
      closeAll(fds);
      assert.equal(openFdCount(), before);
    } finally {
      closeSync(file);
    }
  });

  test("one more than SCM_MAX_FD: the kernel refuses (EINVAL) and nothing is sent", { skip: process.platform !== "linux" && "SCM_MAX_FD is Linux's limit" }, async () => {
    const [a, b] = unixPair(track);
    const file = openFile("too many");
    try {
      await assert.rejects(socket.sendFds(a, [Buffer.from("m")], Array.from({ length: SCM_MAX_FD + 1 }, () => file)),
        (e: unknown) => e instanceof socket.OSError && e.errno === EINVAL);
      b.setblocking(false);
      assert.throws(() => b.recvmsgSync(10, 64), socket.BlockingIOError);
    } finally {
      closeSync(file);
    }
  });
});

// ---- between two processes --------------------------------------------------------

describe("descriptors passed between two processes", { skip: fsGap }, () => {
  // The example's child role: it receives a descriptor on its fd 3, reads
  // the file, and answers with what it read and the descriptor.
  const example = fileURLToPath(new URL("../examples/pass-fd.js", import.meta.url));

  function run(args: string[], stdio: (number | "ignore" | "pipe")[]): Promise<{ code: number | null; out: string; err: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [example, ...args], { stdio: stdio as never, timeout: 30_000 });
      let out = "";
      let err = "";
      child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
      child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
      child.once("error", reject);
      child.once("close", (code) => resolve({ code, out, err }));
    });
  }

  test("this process sends a file's descriptor to a child, which reads it and hands it back", async () => {
    const [mine, theirs] = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM);
    track(mine);
    mine.settimeout(20);
    const done = run(["--child"], ["ignore", "pipe", "pipe", theirs.fileno()]);
    theirs.close(); // the child has its own copy
    const fd = openFile("from the test process\n");
    try {
      await socket.sendFds(mine, [Buffer.from("note")], [fd]);
      const [answer, fds] = await socket.recvFds(mine, 1024, 1);
      assert.equal(answer.toString(), "from the test process\n");
      assert.equal(fds.length, 1);
      assert.equal(inode(fds[0]!), inode(fd), "the child handed back the same open file");
      closeAll(fds);
      const { code, out, err } = await done;
      assert.equal(code, 0, err);
      assert.match(out, /child: {2}got descriptor \d+ with "note", read 22 characters/);
    } finally {
      closeSync(fd);
    }
  });

  test("the example end to end: parent and child processes", async () => {
    const { code, out, err } = await run([], ["ignore", "pipe", "pipe"]);
    assert.equal(code, 0, `${out}\n${err}`);
    assert.match(out, /parent: sent descriptor \d+/);
    assert.match(out, /child: {2}got descriptor \d+/);
    assert.match(out, /the same file, 0 bytes left to read/);
  });
});
