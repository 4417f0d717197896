// The constant table against the system headers, independently of the
// generator's output: for every header group of tools/constants-spec.mjs
// this test asks the C compiler (cc, in C mode) which names the headers
// define with the spec's prefixes, compiles a C program that prints each
// one's value, runs it, and compares with what bsdsock exports. A constant
// that is missing, has another value, or is in the table without being in
// the headers fails the test. The only names allowed beyond the headers are
// the few CPython defines itself (native/constants_fallback.cc).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as socket from "../src/index.js";
import { binding } from "../src/binding.js";
import { checkNoLeaks } from "./helpers.js";
import { lacks } from "./runtime.js";
import { WIN } from "./platform.js";

checkNoLeaks();

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

interface Group {
  id: string;
  headers: string[];
  prefixes: (string | RegExp)[];
  exportPrefix?: string;
  table: string;
}

const { GROUPS } = (await import(pathToFileURL(join(root, "tools", "constants-spec.mjs")).href)) as { GROUPS: Group[] };

/** What CPython defines itself where the headers lack it. */
const CPYTHON_FALLBACKS = new Set(["ALG_SET_PUBKEY", "ALG_OP_SIGN", "ALG_OP_VERIFY", "UDPLITE_SEND_CSCOV", "UDPLITE_RECV_CSCOV"]);

const haveCc = spawnSync("cc", ["--version"], { encoding: "utf8" }).status === 0;
const work = haveCc ? mkdtempSync(join(tmpdir(), "bsdsock-51-")) : "";

function cc(args: string[], input = ""): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync("cc", ["-D_GNU_SOURCE", ...args], { input, encoding: "utf8", maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function includes(headers: string[]): string {
  return headers.map((h) => `#if __has_include(<${h}>)\n#include <${h}>\n#endif\n`).join("");
}

function matches(name: string, prefixes: (string | RegExp)[]): boolean {
  return prefixes.some((p) => (p instanceof RegExp ? p.test(name) : p.endsWith("_") ? name.startsWith(p) : name === p));
}

/** Names the headers define: object-like macros (from -dM) and enum members. */
function definedNames(group: Group): string[] {
  const source = includes(group.headers);
  const macros = cc(["-x", "c", "-E", "-dM", "-"], source);
  assert.equal(macros.status, 0, macros.stderr);
  const names = new Set<string>();
  for (const m of macros.stdout.matchAll(/^#define ([A-Z][A-Z0-9_]*) (.+)$/gm)) {
    if (!/["{]/.test(m[2]!)) names.add(m[1]!);
  }
  const text = cc(["-x", "c", "-E", "-"], source);
  assert.equal(text.status, 0, text.stderr);
  const code = text.stdout.split("\n").filter((l) => !l.startsWith("#")).join("\n");
  for (const body of code.matchAll(/\benum\b[^{};()]*\{([^}]*)\}/g)) {
    for (const m of body[1]!.matchAll(/(?:^|,)\s*([A-Z][A-Z0-9_]*)\s*(?==|,|$)/g)) names.add(m[1]!);
  }
  return [...names].filter((n) => matches(n, group.prefixes)).sort();
}

/** name → value, printed by a C program built from the headers. Names that
 *  are no integer constant (types, pointers, strings) fail to compile and
 *  are left out, round by round. */
function headerValues(group: Group): Map<string, bigint> {
  let names = definedNames(group);
  const file = join(work, `${group.id}.c`);
  const exe = join(work, group.id);
  const head = `${includes(group.headers)}#include <stdio.h>\nint main(void) {\n`;
  const firstLine = head.split("\n").length;
  for (let round = 0; round < 6; round++) {
    const lines = names.map((n) =>
      `{ _Static_assert((${n}) == (${n}), ""); long long v = (long long)(${n}); if ((${n}) < 0) printf("%s -%llu\\n", "${n}", 0ULL - (unsigned long long)v); else printf("%s %llu\\n", "${n}", (unsigned long long)(${n})); }`);
    writeFileSync(file, `${head}${lines.join("\n")}\nreturn 0; }\n`);
    const built = cc(["-x", "c", "-w", "-o", exe, file]);
    if (built.status === 0) {
      const run = spawnSync(exe, [], { encoding: "utf8" });
      assert.equal(run.status, 0, run.stderr);
      const values = new Map<string, bigint>();
      for (const line of run.stdout.trim().split("\n").filter(Boolean)) {
        const [name, value] = line.split(" ");
        values.set((group.exportPrefix ?? "") + name, BigInt(value!));
      }
      return values;
    }
    const failing = new Set([...built.stderr.matchAll(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:(\\d+):`, "g"))].map((m) => Number(m[1]) - firstLine));
    const kept = names.filter((_, i) => !failing.has(i));
    assert.ok(kept.length < names.length, `the ${group.id} headers do not compile:\n${built.stderr.slice(0, 2000)}`);
    names = kept;
  }
  throw new Error(`the ${group.id} probe did not settle`);
}

const exported = socket as unknown as Record<string, unknown>;
const table = binding.constants;

describe("the constant table against the system headers", { skip: !haveCc && "no C compiler (cc) to read the headers with" }, () => {
  const fromHeaders = new Map<string, bigint>();
  const publicGroups = GROUPS.filter((g) => g.table === "constants");

  test("every public group's header constants are exported with the headers' values", () => {
    try {
      for (const group of publicGroups) {
        const values = headerValues(group);
        assert.ok(values.size > 0 || group.id !== "libc", `no constants found for ${group.id}`);
        const wrong: string[] = [];
        for (const [name, value] of values) {
          if (!fromHeaders.has(name)) fromHeaders.set(name, value);
          const ours = exported[name];
          if (typeof ours === "number" ? BigInt(ours) !== value : ours !== value) wrong.push(`${name}: headers ${value}, bsdsock ${String(ours)}`);
        }
        assert.deepEqual(wrong, [], `group ${group.id}`);
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    // Sanity: the probe really saw the families this issue is about.
    assert.ok(fromHeaders.size > 1000, `only ${fromHeaders.size} constants found in the headers`);
    for (const name of ["AF_PACKET", "AF_NETLINK", "ETH_P_ALL", "ETHERTYPE_IP", "IP_RECVTOS", "TCP_NODELAY", "SOMAXCONN", "MSG_OOB", "IPPORT_RESERVED", "NETLINK_ROUTE", "RTM_GETLINK", "IFLA_IFNAME"]) {
      assert.ok(fromHeaders.has(name), `${name} not found in the headers`);
    }
  });

  test("nothing in the table that the headers do not define (CPython's own fallbacks aside)", () => {
    assert.ok(fromHeaders.size > 0, "needs the previous test");
    const extra = Object.keys(table).filter((n) => !fromHeaders.has(n) && !CPYTHON_FALLBACKS.has(n));
    assert.deepEqual(extra, []);
  });

  test("CPython's fallbacks are present, and from the headers wherever the headers have them", () => {
    for (const name of CPYTHON_FALLBACKS) {
      if (process.platform !== "linux") continue;
      assert.equal(typeof exported[name], "number", name);
      if (fromHeaders.has(name)) assert.equal(BigInt(exported[name] as number), fromHeaders.get(name));
    }
  });
});

describe("the generated module matches the addon", { skip: lacks({ win32: WIN.constants }) }, () => {
  test("src/constants.gen.ts exports exactly the addon's constants", () => {
    const source = readFileSync(join(root, "src", "constants.gen.ts"), "utf8");
    const declared = [...source.matchAll(/^export const ([A-Z0-9_]+):/gm)].map((m) => m[1]!).sort();
    assert.deepEqual(declared, Object.keys(table).sort(), "regenerate with node tools/gen-constants-ts.mjs");
    for (const name of declared) assert.equal(exported[name], table[name], name);
  });

  test("64-bit values are bigint, the rest numbers", () => {
    for (const [name, value] of Object.entries(table)) {
      if (typeof value === "bigint") assert.ok(value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER), name);
      else assert.ok(Number.isSafeInteger(value), name);
    }
  });
});
