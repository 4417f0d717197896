// Addresses both ways (docs/api.md, "Addresses") for AF_INET, AF_INET6 and AF_UNIX,
// through real sockets (bind + getsockname, connect + getpeername,
// sendto/recvfrom), the bad input every address-taking method refuses, and
// the pure text⇄bytes helpers of src/inet.ts against glibc's
// inet_pton/inet_ntop rules. All traffic stays on loopback or Unix sockets.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { networkInterfaces } from "node:os";
import { join } from "node:path";
import * as socket from "../src/index.js";
import { binding } from "../src/binding.js";
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from "../src/inet.js";
import { encodeAddress } from "../src/sockaddr/index.js";
import { checkNoLeaks, tempDir, within, withSockets } from "./helpers.js";
import { lacks } from "./runtime.js";
import { WIN, windows } from "./platform.js";

checkNoLeaks();

const dir = tempDir();
const linux = process.platform === "linux";

const udp4 = (): socket.Socket => socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
const udp6 = (): socket.Socket => socket.socket(socket.AF_INET6, socket.SOCK_DGRAM);
const unixDgram = (): socket.Socket => socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM);

type Inet = [string, number];
/** Bad input on purpose: past the type checker, to reach the run-time checks. */
const bad = (value: unknown): never => value as never;
type Inet6 = [string, number, number, number];

/** A unique abstract-namespace name (leading NUL), as bytes. */
let abstractCounter = 0;
function abstractName(): Buffer {
  return Buffer.from(`\0bsdsock-03-${process.pid}-${abstractCounter++}`);
}

/** Expects the OSError Python raises for an over-long AF_UNIX address. */
function tooLong(fn: string): (e: unknown) => boolean {
  return (e) =>
    e instanceof socket.OSError &&
    e.code === "ENAMETOOLONG" &&
    /AF_UNIX path too long/.test(e.message) &&
    e.message.includes(`${fn}()`);
}

describe("AF_INET addresses", () => {
  test("bind + getsockname: [host, port], exactly two elements", async () => {
    await withSockets(() => [socket.socket()], (s) => {
      s.bind(["127.0.0.1", 0]);
      const name = s.getsockname() as Inet;
      assert.equal(name.length, 2);
      assert.equal(name[0], "127.0.0.1");
      assert.ok(Number.isInteger(name[1]) && name[1] > 0 && name[1] <= 65535);
    });
  });

  test('"" is INADDR_ANY: getsockname gives "0.0.0.0"', async () => {
    await withSockets(() => [udp4()], (s) => {
      s.bind(["", 0]);
      assert.equal((s.getsockname() as Inet)[0], "0.0.0.0");
    });
  });

  test("an unbound socket's name is ['0.0.0.0', 0]", { skip: lacks({ win32: WIN.unboundName }) }, async () => {
    await withSockets(() => [socket.socket()], (s) => assert.deepEqual(s.getsockname(), ["0.0.0.0", 0]));
  });

  test("sendto/recvfrom on UDP: the sender's address comes back", async () => {
    await withSockets(() => [udp4(), udp4()], async (a, b) => {
      a.bind(["127.0.0.1", 0]);
      b.bind(["127.0.0.1", 0]);
      assert.equal(await a.sendto(Buffer.from("hi"), b.getsockname()), 2);
      const [data, from] = await within(b.recvfrom(10));
      assert.deepEqual(data, Buffer.from("hi"));
      assert.deepEqual(from, a.getsockname());
      // With flags between data and address.
      await b.sendto(Buffer.from("back"), 0, a.getsockname());
      assert.deepEqual(await within(a.recvfrom(10)), [Buffer.from("back"), b.getsockname()]);
    });
  });

  test("connect + getpeername on UDP and TCP", async () => {
    await withSockets(() => [udp4(), udp4(), socket.socket(), socket.socket()], async (u, target, listener, client) => {
      target.bind(["127.0.0.1", 0]);
      u.connectSync(target.getsockname());
      assert.deepEqual(u.getpeername(), target.getsockname());
      listener.bind(["127.0.0.1", 0]);
      listener.listen();
      await client.connect(listener.getsockname());
      assert.deepEqual(client.getpeername(), listener.getsockname());
      const [conn, address] = await within(listener.accept());
      try {
        assert.deepEqual(address, client.getsockname());
        assert.deepEqual(conn.getpeername(), client.getsockname());
      } finally {
        conn.close();
      }
    });
  });

  test('"<broadcast>" is 255.255.255.255 (UDP connect sends nothing)', async () => {
    await withSockets(() => [udp4()], (s) => {
      s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1);
      s.connectSync(["<broadcast>", 9]);
      assert.deepEqual(s.getpeername(), ["255.255.255.255", 9]);
    });
  });

  test('"<broadcast>" without SO_BROADCAST: PermissionError EACCES (connect and sendto)', async () => {
    await withSockets(() => [udp4(), udp4()], async (a, b) => {
      assert.throws(() => a.connectSync(["<broadcast>", 9]), (e: unknown) => e instanceof socket.PermissionError && e.code === "EACCES");
      // The kernel refuses before anything is sent.
      await assert.rejects(b.sendto(Buffer.from("x"), ["<broadcast>", 9]), (e: unknown) => e instanceof socket.PermissionError && e.code === "EACCES");
    });
  });

  test("an IPv6 host on an AF_INET socket is refused", async () => {
    await withSockets(() => [socket.socket()], (s) => {
      // "::1" is no IPv4 address; until names are resolved it is no name either.
      assert.throws(() => s.bind(["::1", 0]), socket.OSError);
    });
  });
});

describe("AF_INET6 addresses", () => {
  test("bind + getsockname: always four elements out, from 2, 3 or 4 in", async () => {
    for (const address of [["::1", 0], ["::1", 0, 0], ["::1", 0, 0, 0]]) {
      await withSockets(() => [udp6()], (s) => {
        s.bind(bad(address));
        const name = s.getsockname() as Inet6;
        assert.equal(name.length, 4);
        assert.equal(name[0], "::1");
        assert.ok(name[1] > 0);
        assert.equal(name[2], 0);
        assert.equal(name[3], 0);
      });
    }
  });

  test('"" is in6addr_any, printed "::"', async () => {
    await withSockets(() => [udp6()], (s) => {
      s.bind(["", 0]);
      assert.equal((s.getsockname() as Inet6)[0], "::");
    });
  });

  test("hosts are printed as inet_ntop prints them", async () => {
    const cases: [string, string][] = [
      ["0:0:0:0:0:0:0:1", "::1"],
      ["0000:0000:0000:0000:0000:0000:0000:0001", "::1"],
      ["::", "::"],
      ["0::0", "::"],
      ["::ffff:127.0.0.1", "::ffff:127.0.0.1"],
      ["0:0:0:0:0:ffff:7f00:1", "::ffff:127.0.0.1"],
    ];
    for (const [given, printed] of cases) {
      await withSockets(() => [udp6()], (s) => {
        if (windows) s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0); // as above: v4-mapped hosts
        s.bind([given, 0]);
        assert.equal((s.getsockname() as Inet6)[0], printed, given);
      });
    }
  });

  test("sendto/recvfrom on UDP: ['::1', port, 0, 0]", async () => {
    await withSockets(() => [udp6(), udp6()], async (a, b) => {
      a.bind(["::1", 0]);
      b.bind(["::1", 0]);
      await a.sendto(Buffer.from("six"), b.getsockname());
      const [data, from] = await within(b.recvfrom(10));
      assert.deepEqual(data, Buffer.from("six"));
      assert.deepEqual(from, a.getsockname());
      assert.equal((from as Inet6).length, 4);
    });
  });

  test("a v4-mapped address reaches an AF_INET socket on 127.0.0.1", async () => {
    await withSockets(() => [udp6(), udp4()], async (six, four) => {
      four.bind(["127.0.0.1", 0]);
      const port = (four.getsockname() as Inet)[1];
      // Windows' default is IPV6_V6ONLY on (RFC 3493 leaves it to the system).
      if (windows) six.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0);
      six.connectSync(["::ffff:127.0.0.1", port]);
      assert.deepEqual(six.getpeername(), ["::ffff:127.0.0.1", port, 0, 0]);
      await six.send(Buffer.from("mapped"));
      const [data, from] = await within(four.recvfrom(10));
      assert.deepEqual(data, Buffer.from("mapped"));
      assert.deepEqual(from, ["127.0.0.1", (six.getsockname() as Inet6)[1]]);
    });
  });

  test("flowinfo up to 20 bits is accepted (the kernel does not echo it back)", async () => {
    await withSockets(() => [udp6(), udp6()], (a, b) => {
      a.bind(["::1", 0, 0xfffff, 0]); // the largest 20-bit flow label
      assert.equal((a.getsockname() as Inet6)[0], "::1");
      b.connectSync(["::1", 9, 0x12345, 0]);
      // The kernel keeps the flow label only with IPV6_FLOWINFO_SEND.
      assert.deepEqual(b.getpeername(), ["::1", 9, 0, 0]);
    });
  });

  test('"<broadcast>" is refused for AF_INET6 (OSError, address family mismatched)', async () => {
    await withSockets(() => [udp6()], (s) => {
      assert.throws(() => s.bind(["<broadcast>", 0]), (e: unknown) => e instanceof socket.OSError && /address family mismatched/.test(e.message));
    });
  });

  describe("scoped (link-local) addresses", () => {
    const loIndex = binding.if_nametoindex("lo");

    test("the scope reaches the kernel: fe80::1 unscoped is EINVAL, scoped to lo is EADDRNOTAVAIL", { skip: !(linux && loIndex > 0) && "needs Linux and lo" }, async () => {
      // Linux refuses a link-local bind without an interface (EINVAL); with
      // one, it looks for the address on that interface (lo has none).
      await withSockets(() => [udp6()], (s) => {
        assert.throws(() => s.bind(["fe80::1", 0]), (e: unknown) => e instanceof socket.OSError && e.code === "EINVAL");
      });
      for (const address of [["fe80::1%lo", 0], [`fe80::1%${loIndex}`, 0], ["fe80::1", 0, 0, loIndex]]) {
        await withSockets(() => [udp6()], (s) => {
          assert.throws(() => s.bind(bad(address)), (e: unknown) => e instanceof socket.OSError && e.code === "EADDRNOTAVAIL", JSON.stringify(address));
        });
      }
    });

    test("an unknown zone is a GaiError (EAI_NONAME), as getaddrinfo says", async () => {
      await withSockets(() => [udp6()], (s) => {
        for (const host of ["fe80::1%no-such-if0", "fe80::1%"]) {
          assert.throws(() => s.bind([host, 0]), (e: unknown) => e instanceof socket.GaiError && e.code === "EAI_NONAME", host);
        }
      });
    });

    // A link-local address of this machine, if it has one: binding to it
    // sends nothing, and getsockname shows the scope both ways.
    const local = Object.entries(networkInterfaces())
      .flatMap(([name, addrs]) => (addrs ?? []).map((a) => ({ name, ...a })))
      .find((a) => a.family === "IPv6" && a.address.toLowerCase().startsWith("fe80:") && (a.scopeid ?? 0) > 0);

    test("round trip: 'fe80::…%ifname' in, [host%ifname, port, 0, scopeId] out", { skip: lacks({ win32: WIN.ifname }) || local === undefined && "no link-local IPv6 address here" }, async () => {
      const { name, address, scopeid } = local!;
      assert.equal(binding.if_nametoindex(name), scopeid);
      for (const given of [[`${address}%${name}`, 0], [`${address}%${scopeid}`, 0], [address, 0, 0, scopeid]]) {
        await withSockets(() => [udp6()], (s) => {
          s.bind(bad(given));
          const [host, port, flowinfo, scopeId] = s.getsockname() as Inet6;
          assert.equal(host, `${address}%${name}`, JSON.stringify(given));
          assert.ok(port > 0);
          assert.equal(flowinfo, 0);
          assert.equal(scopeId, scopeid);
        });
      }
      // The same through connect + getpeername (a UDP connect sends nothing).
      await withSockets(() => [udp6()], (s) => {
        s.connectSync([`${address}%${name}`, 9]);
        assert.deepEqual(s.getpeername(), [`${address}%${name}`, 9, 0, scopeid]);
      });
    });
  });
});

describe("AF_UNIX addresses", { skip: lacks({ wine: WIN.wineUnix }) }, () => {
  test("a path: bind + getsockname give the same string", async () => {
    const path = join(dir, "named.sock");
    await withSockets(() => [socket.socket(socket.AF_UNIX)], (s) => {
      s.bind(path);
      assert.equal(s.getsockname(), path);
    });
  });

  test("a path as bytes (not abstract) comes back as a string", { skip: lacks({ win32: WIN.unixDgram }) }, async () => {
    const path = join(dir, "bytes.sock");
    await withSockets(() => [unixDgram()], (s) => {
      s.bind(new TextEncoder().encode(path));
      assert.equal(s.getsockname(), path);
    });
  });

  test("an unbound socket's name is \"\"; an unbound peer's is \"\" too", { skip: lacks({ win32: WIN.unixNames }) }, async () => {
    const path = join(dir, "listener.sock");
    await withSockets(() => [socket.socket(socket.AF_UNIX), socket.socket(socket.AF_UNIX)], async (listener, client) => {
      assert.equal(client.getsockname(), "");
      listener.bind(path);
      listener.listen();
      await client.connect(path);
      assert.equal(client.getpeername(), path);
      const [conn, address] = await within(listener.accept());
      try {
        assert.equal(address, "");
        assert.equal(conn.getpeername(), "");
        assert.equal(conn.getsockname(), path);
      } finally {
        conn.close();
      }
    });
  });

  test("recvfrom: a named sender's path, null for an unbound sender", { skip: lacks({ win32: WIN.unixDgram }) }, async () => {
    const server = join(dir, "dgram-server.sock");
    const named = join(dir, "dgram-client.sock");
    await withSockets(() => [unixDgram(), unixDgram(), unixDgram()], async (s, c, anon) => {
      s.bind(server);
      c.bind(named);
      await c.sendto(Buffer.from("from named"), server);
      assert.deepEqual(await within(s.recvfrom(100)), [Buffer.from("from named"), named]);
      await anon.sendto(Buffer.from("from nobody"), server);
      assert.deepEqual(await within(s.recvfrom(100)), [Buffer.from("from nobody"), null]);
    });
  });

  test("recvfrom on a datagram socketpair: null (the peer has no name)", { skip: lacks({ win32: WIN.unixDgram }) }, async () => {
    const [a, b] = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM);
    try {
      await a.send(Buffer.from("x"));
      assert.deepEqual(await within(b.recvfrom(10)), [Buffer.from("x"), null]);
    } finally {
      a.close();
      b.close();
    }
  });

  describe("Linux abstract namespace", { skip: !linux && "Linux only" }, () => {
    test("bytes with a leading NUL: out as the same Buffer", async () => {
      const name = abstractName();
      await withSockets(() => [unixDgram(), unixDgram()], async (s, c) => {
        s.bind(name);
        const got = s.getsockname();
        assert.ok(Buffer.isBuffer(got));
        assert.deepEqual(got, name);
        // And as a sender's address.
        const from = abstractName();
        c.bind(from);
        await c.sendto(Buffer.from("abs"), name);
        assert.deepEqual(await within(s.recvfrom(10)), [Buffer.from("abs"), from]);
      });
    });

    test('a string starting with "\\0": out as a Buffer', async () => {
      const name = `\0bsdsock-03-str-${process.pid}`;
      await withSockets(() => [socket.socket(socket.AF_UNIX), socket.socket(socket.AF_UNIX)], async (s, c) => {
        s.bind(name);
        s.listen();
        assert.deepEqual(s.getsockname(), Buffer.from(name));
        await c.connect(name);
        assert.deepEqual(c.getpeername(), Buffer.from(name));
      });
    });

    test('"" autobinds to an abstract name', async () => {
      await withSockets(() => [unixDgram()], (s) => {
        s.bind("");
        const got = s.getsockname() as Buffer;
        assert.ok(Buffer.isBuffer(got));
        assert.equal(got[0], 0);
        assert.ok(got.length > 1);
      });
    });

    test("an abstract name may use all 108 bytes; 109 is too long", async () => {
      const full = Buffer.alloc(108, "a");
      full[0] = 0;
      full.write(`${process.pid}-03`, 1);
      await withSockets(() => [unixDgram()], (s) => {
        s.bind(full);
        assert.deepEqual(s.getsockname(), full);
      });
      const over = Buffer.concat([full, Buffer.from("b")]);
      await withSockets(() => [unixDgram()], (s) => assert.throws(() => s.bind(over), tooLong("bind")));
    });
  });

  describe("path length (sun_path is 108 bytes with its NUL)", { skip: !linux && "Linux's sun_path size" }, () => {
    /** A path of exactly `bytes` UTF-8 bytes inside the temporary directory. */
    function pathOf(bytes: number, filler = "x"): string {
      let prefix = `${dir}/`;
      const unit = Buffer.byteLength(filler);
      while ((bytes - Buffer.byteLength(prefix)) % unit !== 0) prefix += "x";
      const path = prefix + filler.repeat((bytes - Buffer.byteLength(prefix)) / unit);
      assert.equal(Buffer.byteLength(path), bytes);
      return path;
    }

    test("107 bytes: OK", async () => {
      const path = pathOf(107);
      await withSockets(() => [socket.socket(socket.AF_UNIX)], (s) => {
        s.bind(path);
        assert.equal(s.getsockname(), path);
      });
    });

    test('108 bytes: OSError "AF_UNIX path too long", code ENAMETOOLONG', async () => {
      const path = pathOf(108);
      await withSockets(() => [socket.socket(socket.AF_UNIX), unixDgram()], async (s, d) => {
        assert.throws(() => s.bind(path), tooLong("bind"));
        assert.throws(() => s.connectSync(path), tooLong("connectSync"));
        await assert.rejects(s.connect(path), tooLong("connect"));
        await assert.rejects(d.sendto(Buffer.from("x"), path), tooLong("sendto"));
      });
    });

    test("the limit counts UTF-8 bytes, not characters", async () => {
      const path = pathOf(108, "é"); // fewer than 108 characters
      assert.ok(path.length < 108);
      await withSockets(() => [socket.socket(socket.AF_UNIX)], (s) => assert.throws(() => s.bind(path), tooLong("bind")));
    });
  });

  test("bad Unix addresses: NUL inside a path is a RangeError, other types a TypeError", async () => {
    await withSockets(() => [socket.socket(socket.AF_UNIX)], async (s) => {
      assert.throws(() => s.bind(join(dir, "a\0b")), { name: "RangeError", message: /^bind\(\): .*NUL/ });
      for (const value of [5, null, undefined, [join(dir, "x")], { path: "x" }, true]) {
        assert.throws(() => s.bind(bad(value)), { name: "TypeError", message: /^bind\(\): AF_UNIX address must be a string or bytes/ }, String(value));
      }
      await assert.rejects(s.connect(bad(42)), { name: "TypeError", message: /^connect\(\): / });
    });
  });
});

describe("AF_UNIX sockaddr bytes", () => {
  const shape = { family: socket.AF_UNIX, type: socket.SOCK_STREAM, proto: 0 };
  const sunPath = binding.layout.sockaddr_un!.sun_path!;

  test("a path is NUL-terminated and the length counts the NUL (unix(7))", () => {
    const bytes = encodeAddress("bind", "/tmp/x.sock", shape);
    assert.equal(bytes.length, sunPath + "/tmp/x.sock".length + 1);
    assert.equal(bytes[bytes.length - 1], 0);
    assert.equal(bytes.toString("utf8", sunPath, bytes.length - 1), "/tmp/x.sock");
  });

  test("an abstract name is exactly its bytes, with no terminator", { skip: lacks({ win32: "Linux's abstract namespace" }) }, () => {
    const bytes = encodeAddress("bind", Buffer.from("\0name"), shape);
    assert.equal(bytes.length, sunPath + 5);
    assert.deepEqual(bytes.subarray(sunPath), Buffer.from("\0name"));
  });
});

describe("bad IP addresses, in every method that takes one", () => {
  type Call = [name: string, run: (s: socket.Socket, address: unknown) => unknown];
  // Sync methods throw; async ones reject (and never throw).
  const calls: Call[] = [
    ["bind", (s, a) => s.bind(bad(a))],
    ["connectSync", (s, a) => s.connectSync(bad(a))],
    ["connectExSync", (s, a) => s.connectExSync(bad(a))],
    ["sendtoSync", (s, a) => s.sendtoSync(Buffer.from("x"), bad(a))],
    ["connect", (s, a) => s.connect(bad(a))],
    ["connectEx", (s, a) => s.connectEx(bad(a))],
    ["sendto", (s, a) => s.sendto(Buffer.from("x"), bad(a))],
  ];

  /** Asserts that `address` is refused by every method with `cls` and a
   *  message naming the method. */
  async function refused(family: number, address: unknown, cls: typeof TypeError | typeof RangeError, detail: RegExp): Promise<void> {
    for (const [name, run] of calls) {
      await withSockets(() => [socket.socket(family, socket.SOCK_DGRAM)], async (s) => {
        const check = (e: unknown): boolean => {
          assert.ok(e instanceof cls, `${name}(${JSON.stringify(address, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v))}): ${String(e)}`);
          assert.match((e as Error).message, new RegExp(`^${name}\\(\\): ${detail.source}`));
          return true;
        };
        let result: unknown;
        try {
          result = run(s, address);
        } catch (e) {
          assert.ok(!name.match(/^(connect|connectEx|sendto)$/), `${name}() threw instead of rejecting`);
          check(e);
          return;
        }
        assert.ok(result instanceof Promise, `${name}() accepted a bad address`);
        await assert.rejects(result, check);
      });
    }
  }

  test("ports out of range: RangeError 'port must be 0-65535'", async () => {
    for (const port of [-1, 65536, 2 ** 31]) {
      await refused(socket.AF_INET, ["127.0.0.1", port], RangeError, /port must be 0-65535/);
      await refused(socket.AF_INET6, ["::1", port], RangeError, /port must be 0-65535/);
    }
  });

  test("ports that are not integers: TypeError", async () => {
    for (const port of [1.5, "80", null, undefined, NaN, 10n]) {
      await refused(socket.AF_INET, ["127.0.0.1", port], TypeError, /port must be an integer/);
    }
    await refused(socket.AF_INET6, ["::1", "80"], TypeError, /port must be an integer/);
    // An object without a string form is described, not converted (the fuzzer
    // found "Cannot convert object to primitive value").
    await refused(socket.AF_INET, ["127.0.0.1", Object.create(null)], TypeError, /port must be an integer, not an object/);
  });

  test("wrong tuple shapes: TypeError", async () => {
    for (const address of [["127.0.0.1"], ["127.0.0.1", 80, 0], [], "127.0.0.1", null, 80]) {
      await refused(socket.AF_INET, address, TypeError, /address must be/);
    }
    for (const address of [["::1"], ["::1", 80, 0, 0, 0], "::1", null]) {
      await refused(socket.AF_INET6, address, TypeError, /address must be/);
    }
    // No address at all, or an object (which sendto() may take for its options).
    await refused(socket.AF_INET, undefined, TypeError, /./);
    await refused(socket.AF_INET, { host: "127.0.0.1", port: 80 }, TypeError, /./);
  });

  test("a wrong-length tuple holding a bigint is still a TypeError naming the method", async () => {
    // The message describes the tuple; a bigint must not break that.
    await refused(socket.AF_INET, [1n], TypeError, /address must be/);
    await refused(socket.AF_INET6, ["::1", 1, 2, 3n, 4], TypeError, /address must be/);
  });

  test("hosts that are not strings: TypeError", async () => {
    for (const host of [127, null, undefined, ["127.0.0.1"], Buffer.from("127.0.0.1")]) {
      await refused(socket.AF_INET, [host, 80], TypeError, /host must be a string/);
      await refused(socket.AF_INET6, [host, 80], TypeError, /host must be a string/);
    }
  });

  test("a NUL inside a host: RangeError", async () => {
    await refused(socket.AF_INET, ["127.0.0.1\0", 80], RangeError, /host must not contain a NUL/);
    await refused(socket.AF_INET6, ["::1\0evil", 80], RangeError, /host must not contain a NUL/);
  });

  test("flowinfo beyond 20 bits or negative: RangeError", async () => {
    for (const flowinfo of [0x100000, -1, 2 ** 32]) {
      await refused(socket.AF_INET6, ["::1", 80, flowinfo], RangeError, /flowinfo must be 0-1048575/);
    }
    await refused(socket.AF_INET6, ["::1", 80, 1.5], TypeError, /flowinfo must be an integer/);
    await refused(socket.AF_INET6, ["::1", 80, "0"], TypeError, /flowinfo must be an integer/);
  });

  test("scopeId negative or beyond 32 bits: RangeError", async () => {
    for (const scopeId of [-1, 2 ** 32]) {
      await refused(socket.AF_INET6, ["::1", 80, 0, scopeId], RangeError, /scopeId must be 0-4294967295/);
    }
    await refused(socket.AF_INET6, ["::1", 80, 0, "1"], TypeError, /scopeId must be an integer/);
  });
});

describe("inet.ts: parseIPv4 (inet_pton(AF_INET))", () => {
  const valid: [string, number[]][] = [
    ["0.0.0.0", [0, 0, 0, 0]],
    ["255.255.255.255", [255, 255, 255, 255]],
    ["1.2.3.4", [1, 2, 3, 4]],
    ["127.0.0.1", [127, 0, 0, 1]],
    ["10.0.100.200", [10, 0, 100, 200]],
    ["1.2.3.0", [1, 2, 3, 0]],
  ];
  // Only the dotted-decimal quad: no leading zeros, no short, hex, octal
  // or inet_aton forms, no spaces.
  const invalid = ["", "01.2.3.4", "1.2.3.04", "00.0.0.0", "0.0.0.00", "1.2.3", "127.1", "1.2.3.4.5", "256.1.1.1",
    "1.2.3.256", "1000.1.1.1", " 1.2.3.4", "1.2.3.4 ", "1.2.3.4\n", "1..2.3", "1.2.3.", ".1.2.3", "0x1.2.3.4",
    "1.2.3.-4", "+1.2.3.4", "a.b.c.d", "1.2.3.4/8", "::1", "١.٢.٣.٤"];

  test("accepts exactly the dotted-decimal quad", () => {
    for (const [text, bytes] of valid) assert.deepEqual(parseIPv4(text), new Uint8Array(bytes), text);
  });

  test("rejects everything else with null", () => {
    for (const text of invalid) assert.equal(parseIPv4(text), null, JSON.stringify(text));
  });

  test("formatIPv4 prints dotted decimal, at an offset too", () => {
    assert.equal(formatIPv4(new Uint8Array([192, 0, 2, 1])), "192.0.2.1");
    assert.equal(formatIPv4(new Uint8Array([9, 9, 0, 255, 0, 1]), 2), "0.255.0.1");
    for (const [text, bytes] of valid) assert.equal(formatIPv4(new Uint8Array(bytes)), text);
  });
});

describe("inet.ts: parseIPv6 (inet_pton(AF_INET6))", () => {
  const hex = (b: Uint8Array | null): string | null => (b === null ? null : Buffer.from(b).toString("hex"));
  // Expected bytes per glibc's inet_pton.
  const valid: [string, string][] = [
    ["::", "00000000000000000000000000000000"],
    ["::1", "00000000000000000000000000000001"],
    ["1::", "00010000000000000000000000000000"],
    ["1:2:3:4:5:6:7:8", "00010002000300040005000600070008"],
    ["ABCD::EF", "abcd00000000000000000000000000ef"],
    ["fe80::1", "fe800000000000000000000000000001"],
    ["0000:0000::", "00000000000000000000000000000000"],
    ["1:2:3:4:5:6:7::", "00010002000300040005000600070000"],
    ["::1:2:3:4:5:6:7", "00000001000200030004000500060007"],
    ["::1.2.3.4", "00000000000000000000000001020304"],
    ["::ffff:1.2.3.4", "00000000000000000000ffff01020304"],
    ["1::1.2.3.4", "00010000000000000000000001020304"],
    ["1:2:3:4:5:6:1.2.3.4", "00010002000300040005000601020304"],
    ["1:2:3:4:5::1.2.3.4", "00010002000300040005000001020304"],
    ["2001:db8:0:0:1:0:0:1", "20010db8000000000001000000000001"],
  ];
  const invalid = ["", ":", ":::", "1:::2", "1::2::3", "12345::", "00000::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
    "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "1::2:3:4:5:6:7:8", "1.2.3.4::", "::ffff:1.2.3", "::ffff:256.1.1.1",
    "::01.2.3.4", "::1.2.3.4:5", "::1.2.3.4.5", "1:2:3:4:5:6:7:1.2.3.4", "1:2:3:4:5:6::1.2.3.4", "g::", ":1::",
    "1:", "::1:", "fe80::1%lo", " ::1", "::1 ", "1.2.3.4"];

  test("accepts what glibc accepts, with the same bytes", () => {
    for (const [text, bytes] of valid) assert.equal(hex(parseIPv6(text)), bytes, text);
  });

  test("rejects what glibc rejects with null", () => {
    for (const text of invalid) assert.equal(parseIPv6(text), null, JSON.stringify(text));
  });
});

describe("inet.ts: formatIPv6 (inet_ntop(AF_INET6), RFC 5952)", () => {
  const fromHex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, "hex"));
  const cases: [string, string][] = [
    ["00000000000000000000000000000000", "::"],
    ["00000000000000000000000000000001", "::1"],
    ["00010000000000000000000000000000", "1::"],
    ["00010002000300040005000600070008", "1:2:3:4:5:6:7:8"],
    // The longest run of zero groups is compressed...
    ["00010000000000010000000000000001", "1:0:0:1::1"],
    // ...the first of equally long runs...
    ["00010000000000000001000000000001", "1::1:0:0:1"],
    ["00000000000100000000000000000000", "0:0:1::"],
    // ...and a single zero group never.
    ["00010000000100000001000000010000", "1:0:1:0:1:0:1:0"],
    ["00010002000300040005000600070000", "1:2:3:4:5:6:7:0"],
    ["00000001000200030004000500060007", "0:1:2:3:4:5:6:7"],
    ["00000001000000000000000000000000", "0:1::"],
    // Lower-case hex without leading zeros.
    ["abcd00000000000000000000000000ef", "abcd::ef"],
    ["20010db8000000000001000000000001", "2001:db8::1:0:0:1"],
    // Embedded IPv4: "::a.b.c.d" (compatible) and "::ffff:a.b.c.d" (mapped).
    ["00000000000000000000000001020304", "::1.2.3.4"],
    ["00000000000000000000ffff01020304", "::ffff:1.2.3.4"],
    ["00000000000000000000ffff00000000", "::ffff:0.0.0.0"],
    ["00000000000000000000000000010000", "::0.1.0.0"],
    // ...but not for ::1 and other look-alikes.
    ["00000000000000000000fffe01020304", "::fffe:102:304"],
    ["0000000000000000ffff000001020304", "::ffff:0:102:304"],
    ["00000000000000000000ffff00000001", "::ffff:0.0.0.1"],
    ["ffff0000000000000000000000000000", "ffff::"],
  ];

  test("prints as glibc's inet_ntop", () => {
    for (const [bytes, text] of cases) assert.equal(formatIPv6(fromHex(bytes)), text, bytes);
  });

  test("reads at an offset", () => {
    const buf = new Uint8Array(20);
    buf.set(fromHex("fe800000000000000000000000000001"), 4);
    assert.equal(formatIPv6(buf, 4), "fe80::1");
  });

  test("parse and print round-trip to the canonical form", () => {
    const pairs: [string, string][] = [
      ["0:0:0:0:0:0:0:1", "::1"],
      ["2001:DB8:0:0:0:0:0:1", "2001:db8::1"],
      ["0:0:0:0:0:ffff:102:304", "::ffff:1.2.3.4"],
      ["::0.0.0.1", "::1"],
      ["::ffff:0:1.2.3.4", "::ffff:0:102:304"],
      ["fe80:0000:0000:0000:0000:0000:0000:0001", "fe80::1"],
    ];
    for (const [given, canonical] of pairs) assert.equal(formatIPv6(parseIPv6(given)!), canonical, given);
  });
});
