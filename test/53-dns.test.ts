// The resolver against real DNS answers, without touching any network: a
// child process runs in its own mount, network and UTS namespaces, where
// /etc/resolv.conf names a fake DNS server on the namespace's loopback
// (test/fixtures/fake-dns.ts) and /etc/hosts is this test's. Needs root and
// unshare(1); skipped with the reason otherwise.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { EAI_AGAIN, EAI_NONAME, AF_INET, AF_INET6 } from "../src/index.js";
import { tempDir } from "./helpers.js";
import { unshareUnavailable } from "./netns.js";

const HOSTS = [
  "127.0.0.1 localhost",
  "::1 localhost",
  "10.0.0.9 files.test files-alias",
  "10.0.0.10 sandbox.example.test sandbox",
  "",
].join("\n");

type Outcome = { ok: unknown } | { error: string; errno: number | null; code: string | null; message: string };

let results: Record<string, Outcome> | undefined;
let skipReason: string | undefined;

before(() => {
  skipReason = unshareUnavailable();
  if (skipReason !== undefined) return;
  const dir = tempDir();
  writeFileSync(join(dir, "resolv.conf"), "nameserver 127.0.0.1\noptions timeout:2 attempts:1\n");
  writeFileSync(join(dir, "hosts"), HOSTS);
  writeFileSync(join(dir, "nsswitch.conf"), "hosts: files dns\nservices: files\nprotocols: files\n");
  const script = fileURLToPath(new URL("./fixtures/dns-scenarios.js", import.meta.url));
  const setup = [
    "ip link set lo up",
    'mount --bind "$1/resolv.conf" /etc/resolv.conf',
    'mount --bind "$1/hosts" /etc/hosts',
    // Without nsswitch.conf glibc's default also asks files, then DNS.
    existsSync("/etc/nsswitch.conf") ? 'mount --bind "$1/nsswitch.conf" /etc/nsswitch.conf' : "true",
    'exec "$2" "$3" run',
  ].join(" && ");
  const child = spawnSync("unshare", ["--mount", "--net", "--uts", "sh", "-c", setup, "sh", dir, process.execPath, script], {
    encoding: "utf8",
    timeout: 60_000,
  });
  const line = child.stdout.trim().split("\n").pop() ?? "";
  if (child.status !== 0 || !line.startsWith("{")) {
    skipReason = `the namespace sandbox could not run (exit ${child.status ?? child.signal}): ${child.stderr.trim().slice(0, 300)}`;
    return;
  }
  results = JSON.parse(line) as Record<string, Outcome>;
});

function get(t: { skip(reason: string): void }, name: string): Outcome | undefined {
  if (results === undefined) {
    t.skip(skipReason ?? "sandbox did not run");
    return undefined;
  }
  const r = results[name];
  assert.ok(r !== undefined, `scenario ${name} missing`);
  return r;
}

function ok(t: Parameters<typeof get>[0], name: string): unknown {
  const r = get(t, name);
  if (r === undefined) return undefined;
  assert.ok("ok" in r, `${name} failed: ${JSON.stringify(r)}`);
  return r.ok;
}

function failed(t: Parameters<typeof get>[0], name: string, error: string, errno?: number): void {
  const r = get(t, name);
  if (r === undefined) return;
  assert.ok("error" in r, `${name} should have failed: ${JSON.stringify(r)}`);
  assert.equal(r.error, error, `${name}: ${r.message}`);
  if (errno !== undefined) assert.equal(r.errno, errno, `${name}: ${r.message}`);
}

test("async lookups leave the event loop free: a 50 ms timer fires while 300 ms lookups are pending", (t) => {
  if (ok(t, "loop.async") === undefined) return;
  assert.deepEqual(ok(t, "loop.async"), ["timer", "work"]);
  // The Sync form really blocks: the same timer can only fire after it.
  assert.deepEqual(ok(t, "loop.sync"), ["work", "timer"]);
});

test("sendto() resolves a host name off the loop, then sends", (t) => {
  const r = ok(t, "loop.sendto");
  if (r === undefined) return;
  assert.deepEqual(r, [["timer", "work"], "hello"]);
});

test("an aborted lookup rejects at once with the signal's reason", (t) => {
  const r = ok(t, "abort");
  if (r === undefined) return;
  assert.deepEqual(r, ["stop", true]);
});

test("getaddrinfo: A and AAAA answers, IPv6 first by the C library's order; Sync twin", (t) => {
  const r = ok(t, "gai.unspec") as unknown[] | undefined;
  if (r === undefined) return;
  assert.deepEqual(new Set(r.map((x) => JSON.stringify(x))), new Set([JSON.stringify([AF_INET6, "fd00::2"]), JSON.stringify([AF_INET, "10.0.0.2"])]));
  assert.deepEqual(ok(t, "gai.sync"), [[AF_INET6, "fd00::2"]]);
});

test("getaddrinfo: AI_CANONNAME gives the CNAME's target", (t) => {
  const r = ok(t, "gai.canonname");
  if (r === undefined) return;
  assert.deepEqual(r, [["target.test", "10.0.0.3"]]);
});

test("getaddrinfo: SERVFAIL is EAI_AGAIN, NXDOMAIN is EAI_NONAME (GaiError)", (t) => {
  failed(t, "gai.servfail", "GaiError", EAI_AGAIN);
  failed(t, "gai.nxdomain", "GaiError", EAI_NONAME);
  failed(t, "gai.nxdomain.sync", "GaiError", EAI_NONAME);
  const r = get(t, "gai.nxdomain");
  if (r !== undefined && "error" in r) {
    assert.equal(r.code, "EAI_NONAME");
    assert.match(r.message, new RegExp(`^\\[Errno ${EAI_NONAME}\\] `));
  }
});

test("getnameinfo: reverse lookup by PTR; numeric fallback; NI_NAMEREQD fails", (t) => {
  if (ok(t, "gni.ptr") === undefined) return;
  assert.deepEqual(ok(t, "gni.ptr"), ["fast.test", "80"]);
  assert.deepEqual(ok(t, "gni.ptr.sync"), ["fast.test", "80"]);
  assert.deepEqual(ok(t, "gni.numeric-fallback"), ["10.0.0.7", "80"]);
  failed(t, "gni.namereqd", "GaiError", EAI_NONAME);
});

test("gethostbyname and gethostbynameEx: DNS and the hosts file, GaiError when unknown", (t) => {
  if (ok(t, "ghbn") === undefined) return;
  assert.equal(ok(t, "ghbn"), "10.0.0.2");
  assert.equal(ok(t, "ghbn.sync"), "10.0.0.3");
  failed(t, "ghbn.nx", "GaiError", EAI_NONAME);
  assert.deepEqual(ok(t, "ghbnex.files"), ["files.test", ["files-alias"], ["10.0.0.9"]]);
  assert.deepEqual(ok(t, "ghbnex.dns"), ["fast.test", [], ["10.0.0.2"]]);
});

test("gethostbyaddr: PTR answer; HError 1 (Unknown host) when there is none", (t) => {
  if (ok(t, "ghba.ptr") === undefined) return;
  assert.deepEqual(ok(t, "ghba.ptr"), ["fast.test", [], ["10.0.0.2"]]);
  failed(t, "ghba.herror", "HError", 1);
  failed(t, "ghba.herror.sync", "HError", 1);
  const r = get(t, "ghba.herror");
  if (r !== undefined && "error" in r) {
    assert.equal(r.message, "[Errno 1] Unknown host");
    assert.equal(r.code, "HOST_NOT_FOUND");
  }
  assert.deepEqual(ok(t, "ghba.name"), ["files.test", ["files-alias"], ["10.0.0.9"]]);
});

test("getfqdn: the first dotted name of the reverse lookup, else the name itself", (t) => {
  if (ok(t, "fqdn.alias") === undefined) return;
  assert.equal(ok(t, "fqdn.alias"), "files.test");
  assert.equal(ok(t, "fqdn.unknown"), "nx.test");
});

test("sethostname/gethostname in a UTS namespace, and getfqdn() of this host", (t) => {
  if (ok(t, "hostname") === undefined) return;
  assert.equal(ok(t, "hostname"), "sandbox");
  assert.equal(ok(t, "fqdn.self"), "sandbox.example.test");
  assert.equal(ok(t, "fqdn.self.async"), "sandbox.example.test");
});

test("an unknown host name in an address: GaiError from connect, connectSync, connectEx and bind", (t) => {
  if (get(t, "connect.nx") === undefined) return;
  failed(t, "connect.nx", "GaiError", EAI_NONAME);
  failed(t, "connect.nx.sync", "GaiError", EAI_NONAME);
  failed(t, "connectEx.nx", "GaiError", EAI_NONAME);
  failed(t, "bind.nx", "GaiError", EAI_NONAME);
});

test("createConnection tries every address in turn; all errors or the last one on failure", (t) => {
  if (ok(t, "create.tries-each") === undefined) return;
  assert.equal(ok(t, "create.tries-each"), true);
  assert.equal(ok(t, "create.tries-each.sync"), true);
  assert.deepEqual(ok(t, "create.all-errors"), ["AggregateError", ["ECONNREFUSED", "ECONNREFUSED"]]);
  failed(t, "create.last-error", "ConnectionRefusedError");
});
