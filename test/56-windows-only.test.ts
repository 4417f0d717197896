// What only Windows has (CPython offers it only there): sock.ioctl(),
// sock.share(), fromshare() and the SIO_*/RCVALL_*/SO_EXCLUSIVEADDRUSE
// constants. Elsewhere the functions fail with a TypeError that names them
// and says "Windows only" (CPython has no such attributes), before any
// system call, and the constants are undefined. On Windows (under Wine in
// CI) they work on real sockets; Wine answers WSAEOPNOTSUPP to
// SIO_LOOPBACK_FAST_PATH and SIO_RCVALL, so those two are checked there
// only for failing as OSError, never for a crash.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as socket from "../src/index.js";
import { binding, choosePollerBackend } from "../src/binding.js";
import { Worker } from "node:worker_threads";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

// This file runs from dist/test/: the repository is two levels up.
const repo = fileURLToPath(new URL("../../", import.meta.url));

const windows = process.platform === "win32";

function tcpPair(): Promise<[socket.Socket, socket.Socket, socket.Socket]> {
  const server = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  server.bind(["127.0.0.1", 0]);
  server.listen(1);
  const client = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  return Promise.all([server.accept(), client.connect(server.getsockname())]).then(([[conn]]) => [server, client, conn]);
}

describe("off Windows: absent as in CPython", { skip: windows && "Windows has them" }, () => {
  test("sock.ioctl, sock.share and fromshare throw a TypeError naming the call and the platform", () => {
    const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
    try {
      assert.throws(() => s.ioctl(0x98000004, [1, 1000, 1000]), { name: "TypeError", message: /^ioctl\(\): not available on this platform \(\w+\): Windows only/ });
      assert.throws(() => s.share(process.pid), { name: "TypeError", message: /^share\(\): not available on this platform/ });
      assert.throws(() => socket.fromshare(Buffer.alloc(628)), { name: "TypeError", message: /^fromshare\(\): not available on this platform/ });
    } finally {
      s.close();
    }
  });

  test("a closed socket is EBADF first, as for every method", () => {
    const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
    s.close();
    assert.throws(() => s.share(1), { name: "OSError" }, "a closed socket is EBADF, as every method");
  });

  test("the Windows-only constants are undefined", () => {
    for (const name of ["SO_EXCLUSIVEADDRUSE", "SIO_RCVALL", "SIO_KEEPALIVE_VALS", "SIO_LOOPBACK_FAST_PATH",
      "RCVALL_OFF", "RCVALL_ON", "RCVALL_SOCKETLEVELONLY", "RCVALL_IPLEVEL", "RCVALL_MAX"] as const) {
      assert.equal(socket[name], undefined, name);
      assert.ok(name in socket, `${name} is exported`);
    }
  });
});

describe("the poller backend on Windows", () => {
  test("uv, unless forced to the readiness thread, which Windows lacks", () => {
    const runtime = { deno: false, bun: false, windows: true };
    assert.equal(choosePollerBackend({}, runtime), "uv");
    assert.equal(choosePollerBackend({ BSDSOCK_POLLER: "uv" }, runtime), "uv");
    assert.throws(() => choosePollerBackend({ BSDSOCK_POLLER: "thread" }, runtime), { name: "RangeError", message: /not available on Windows/ });
    assert.throws(() => choosePollerBackend({ BSDSOCK_POLLER: "epoll" }, runtime), RangeError);
  });
});

test("binding.gyp builds on Windows what scripts/prebuild.mjs does: native/win/*.cc instead of the POSIX-only files", async () => {
  const gyp = JSON.parse(readFileSync(join(repo, "binding.gyp"), "utf8").replace(/#.*$/gm, "")) as {
    targets: { sources: string[]; conditions: [string, { sources: string[]; "sources!": string[] }][] }[];
  };
  const target = gyp.targets[0]!;
  const windows = target.conditions.find(([condition]) => condition === "OS=='win'")![1];
  const { POSIX_ONLY_SOURCES } = (await import(pathToFileURL(join(repo, "scripts", "prebuild-targets.mjs")).href)) as { POSIX_ONLY_SOURCES: string[] };
  const winSources = readdirSync(join(repo, "native", "win")).filter((f) => f.endsWith(".cc")).map((f) => `native/win/${f}`);
  assert.deepEqual([...windows.sources].sort(), winSources.sort());
  assert.deepEqual([...windows["sources!"]].sort(), POSIX_ONLY_SOURCES.map((f) => `native/${f}`).sort());
  const shared = readdirSync(join(repo, "native")).filter((f) => f.endsWith(".cc")).map((f) => `native/${f}`);
  assert.deepEqual([...target.sources].sort(), shared.sort(), "the POSIX build compiles every native/*.cc");
});

describe("on Windows", { skip: !windows && "Windows only" }, () => {
  test("SO_EXCLUSIVEADDRUSE: set, read back, and a second bind of the address refused", () => {
    const a = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
    const b = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
    try {
      a.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE!, 1);
      assert.equal(a.getsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE!), 1);
      a.bind(["127.0.0.1", 0]);
      a.listen(1);
      b.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1);
      assert.throws(() => b.bind(a.getsockname()), (e: unknown) => e instanceof socket.OSError && e.errno !== null);
    } finally {
      a.close();
      b.close();
    }
  });

  test("ioctl: SIO_KEEPALIVE_VALS succeeds; bad controls and options are refused by name", () => {
    const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
    try {
      s.ioctl(socket.SIO_KEEPALIVE_VALS!, [1, 10_000, 3_000]);
      assert.throws(() => s.ioctl(5, 1), { name: "RangeError", message: /^ioctl\(\): control must be SIO_RCVALL/ });
      assert.throws(() => s.ioctl(socket.SIO_KEEPALIVE_VALS!, 1), { name: "TypeError", message: /^ioctl\(\): option for SIO_KEEPALIVE_VALS/ });
      assert.throws(() => s.ioctl(socket.SIO_KEEPALIVE_VALS!, [1, -1, 0]), { name: "RangeError", message: /keepalivetime/ });
      assert.throws(() => s.ioctl(socket.SIO_LOOPBACK_FAST_PATH!, "yes" as unknown as boolean), TypeError);
      // Wine: WSAEOPNOTSUPP; Windows: success on a fresh socket. Either way no crash.
      try {
        s.ioctl(socket.SIO_LOOPBACK_FAST_PATH!, true);
      } catch (error) {
        assert.ok(error instanceof socket.OSError, String(error));
      }
    } finally {
      s.close();
    }
  });

  test("sendFds/recvFds are TypeErrors naming the call: Windows passes no descriptors", async () => {
    const [a, b] = socket.socketpair();
    try {
      const notHere = (fn: string) => ({ name: "TypeError", message: new RegExp(`^${fn}\\(\\): not available on this platform \\(win32\\)`) });
      await assert.rejects(socket.recvFds(b, 10, 1), notHere("recvFds"));
      assert.throws(() => socket.recvFdsSync(b, 10, 1), notHere("recvFdsSync"));
      await assert.rejects(socket.sendFds(a, [Buffer.from("x")], [a.fileno()]), notHere("sendFds"));
      assert.throws(() => socket.sendFdsSync(a, [Buffer.from("x")], [a.fileno()]), notHere("sendFdsSync"));
    } finally {
      a.close();
      b.close();
    }
  });

  test("sendmsg/recvmsg on UDP through WSASendMsg/WSARecvMsg: gathered data, the sender's address, IP_PKTINFO", async () => {
    const rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
    const tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
    try {
      rx.bind(["127.0.0.1", 0]);
      tx.bind(["127.0.0.1", 0]);
      assert.equal(tx.sendmsgSync([Buffer.from("gath"), Buffer.from("ered")], [], 0, rx.getsockname()), 8);
      const [data, ancdata, , address] = await rx.recvmsg(64);
      assert.equal(String(data), "gathered");
      assert.deepEqual(ancdata, []);
      assert.deepEqual(address, tx.getsockname());
      rx.setsockopt(socket.IPPROTO_IP, socket.IP_PKTINFO, 1);
      await tx.sendto(Buffer.from("where to"), rx.getsockname());
      const [, control] = rx.recvmsgSync(64, socket.CMSG_SPACE(64));
      assert.ok(control.some(([level, type]) => level === socket.IPPROTO_IP && type === socket.IP_PKTINFO), "an IP_PKTINFO message");
      assert.throws(() => rx.sendmsgSync([Buffer.from("x")], [], 0, ["127.0.0.1", 0, 0] as never), TypeError);
    } finally {
      rx.close();
      tx.close();
    }
  });

  test("shutdown() wakes a pending recv, which meets Winsock's WSAESHUTDOWN (BrokenPipeError), as CPython there", async () => {
    const [server, client, conn] = await tcpPair();
    try {
      const pending = client.recv(10);
      client.shutdown(socket.SHUT_RDWR);
      await assert.rejects(pending, (e: unknown) => e instanceof socket.BrokenPipeError && e.code === "ESHUTDOWN");
      assert.equal((await conn.recv(10)).length, 0, "the peer sees EOF");
    } finally {
      server.close();
      client.close();
      conn.close();
    }
  });

  test("an adopted descriptor's family, type and protocol come from SO_PROTOCOL_INFOW (an unbound socket has no name)", () => {
    for (const [family, type] of [[socket.AF_INET, socket.SOCK_STREAM], [socket.AF_INET6, socket.SOCK_DGRAM]] as const) {
      const s = socket.socket(family, type);
      try {
        const copy = socket.fromfd(s.fileno(), family, type);
        const adopted = new socket.Socket(null, null, null, copy.detach());
        assert.deepEqual([adopted.family, adopted.type], [family, type]);
        adopted.close();
      } finally {
        s.close();
      }
    }
  });

  test("a worker's sockets are closed when it ends, also once bound (the handle's identity is its kind)", async () => {
    const index = new URL("../src/index.js", import.meta.url).href;
    const worker = new Worker(`
      import(${JSON.stringify(index)}).then((bs) => {
        const server = bs.socket(bs.AF_INET, bs.SOCK_STREAM);
        server.bind(["127.0.0.1", 0]);
        server.listen(1);
        server.accept().catch(() => {});
        require("node:worker_threads").parentPort.postMessage(server.getsockname()[1]);
      });`, { eval: true });
    const port = await new Promise<number>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
    const probe = (): Promise<number> => {
      const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
      return s.connectEx(["127.0.0.1", port]).finally(() => s.close());
    };
    assert.equal(await probe(), 0, "the worker's listener accepts");
    await worker.terminate();
    assert.equal(await probe(), binding.errno["ECONNREFUSED"], "closed with the worker");
  });

  test("the TCP keepalive options of the Windows SDK that mingw-w64's headers lack are defined", () => {
    assert.deepEqual([socket.TCP_KEEPIDLE, socket.TCP_KEEPCNT, socket.TCP_KEEPINTVL, socket.TCP_FASTOPEN, socket.TCP_MAXSEG], [3, 16, 17, 15, 4]);
  });

  test("share(pid) and fromshare(data): the same connection through a new socket", async () => {
    const [server, client, conn] = await tcpPair();
    try {
      const data = client.share(process.pid);
      const copy = socket.fromshare(data);
      try {
        assert.equal(copy.family, socket.AF_INET);
        assert.equal(copy.type, socket.SOCK_STREAM);
        assert.notEqual(copy.fileno(), client.fileno());
        await copy.sendall(Buffer.from("shared"));
        assert.equal(String(await conn.recv(16)), "shared");
      } finally {
        copy.close();
      }
      assert.throws(() => socket.fromshare(Buffer.alloc(3)), { name: "RangeError", message: /^fromshare\(\): data must be the \d+ bytes/ });
      assert.throws(() => client.share(-1), RangeError);
    } finally {
      server.close();
      client.close();
      conn.close();
    }
  });
});
