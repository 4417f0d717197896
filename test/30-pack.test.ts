// The package as a user gets it. scripts/pack-smoke.mjs packs a copy of the
// work tree (building dist/ and the eight prebuilt binaries there, so this
// file can run beside the others), checks the tarball's file list, installs
// it into a fresh project where compiling is impossible, and runs an echo
// over a socketpair and over TCP loopback importing "bsdsock" by name. Then,
// from the tarball it made and the project it installed:
//   - each of the eight binaries is what its name says: format, architecture,
//     C library, glibc floor, no C++ runtime needed, stripped;
//   - the project echoes again under Debian 11's C library (glibc 2.31);
//   - the musl binaries are loaded by musl's own dynamic loader.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkNoLeaks } from "./helpers.js";
import { readElf, readMachO, readPe } from "./binaries.js";
import { fetchOldGlibc } from "./old-glibc.js";
import { evalArgs, runtime } from "./runtime.js";
import { runTsc } from "./typecheck.js";

checkNoLeaks();

// This file runs from dist/test/: the repository is two levels up.
const repo = fileURLToPath(new URL("../../", import.meta.url));
const script = "scripts/pack-smoke.mjs";
const SCRIPT_LIMIT_MS = 5 * 60_000;

function skipReason(): string | false {
  if (process.platform !== "linux" || process.arch !== "x64") {
    return `the binaries are cross-compiled by zig's Linux x64 build, which cannot run on ${process.platform}-${process.arch}`;
  }
  if (!existsSync(`${repo}${script}`)) return `${script} is missing`;
  const git = spawnSync("git", ["rev-parse", "--is-inside-work-tree"], { cwd: repo, encoding: "utf8" });
  if (git.status !== 0) return "not a git checkout: the smoke test packs the files git tracks";
  return false;
}
const skip = skipReason();

const out = mkdtempSync(join(tmpdir(), "bsdsock-packed-"));
after(() => rmSync(out, { recursive: true, force: true }));
let smoke: { status: number | null; output: string; skipped?: string } | undefined;
const unpacked = join(out, "unpacked");
const project = join(out, "project");

before(() => {
  if (skip) return;
  const r = spawnSync(process.execPath, [script], {
    cwd: repo,
    encoding: "utf8",
    timeout: SCRIPT_LIMIT_MS + 60_000, // the script bounds itself; this is the backstop
    env: { ...process.env, PACK_SMOKE_TIMEOUT_MS: String(SCRIPT_LIMIT_MS), PACK_SMOKE_OUT: out },
    maxBuffer: 64 << 20,
  });
  const output = `--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}${r.error ? `\n--- error\n${r.error.message}` : ""}`;
  smoke = { status: r.status, output, skipped: /^pack smoke: skipped: (.*)$/m.exec(r.stdout ?? "")?.[1] };
  if (existsSync(join(out, "bsdsock.tgz"))) {
    spawnSync("mkdir", ["-p", unpacked]);
    spawnSync("tar", ["xzf", join(out, "bsdsock.tgz"), "-C", unpacked]);
  }
}, { timeout: SCRIPT_LIMIT_MS + 90_000 });

/** The packed file `path`, or a reason to skip when packing did not get there. */
function packed(path: string): Buffer {
  const file = join(unpacked, "package", path);
  assert.ok(existsSync(file), `${path} is not in the tarball\n${smoke?.output ?? ""}`);
  return readFileSync(file);
}

test("npm pack: the tarball installs without compiling and works", { skip }, (t) => {
  assert.ok(smoke);
  assert.equal(smoke.status, 0, `${script} failed\n${smoke.output}`);
  if (smoke.skipped) {
    t.skip(smoke.skipped);
    return;
  }
  assert.match(smoke.output, /^pack smoke: ok$/m, smoke.output);
});

const EM_X86_64 = 62;
const EM_AARCH64 = 183;
const DF_1_NODELETE = 0x8;
/** GLIBC_2.17 and older: the manylinux2014 floor. */
const withinFloor = (v: string) => {
  const [major, minor] = v.replace(/^GLIBC_/, "").split(".").map(Number);
  return major! < 2 || (major === 2 && minor! <= 17);
};
// What the runtime provides when it loads the addon.
const fromTheRuntime = (name: string) => /^(napi_|node_api_|uv_)/.test(name);

for (const [arch, machine] of [["x64", EM_X86_64], ["arm64", EM_AARCH64]] as const) {
  test(`linux-${arch} glibc binary: ELF for its machine, glibc 2.17 at most, no C++ runtime needed, never unloaded, stripped`, { skip }, () => {
    const elf = readElf(packed(`prebuilds/linux-${arch}/bsdsock.napi.glibc.node`));
    assert.equal(elf.machine, machine);
    assert.equal(elf.type, 3, "a shared object");
    for (const lib of elf.needed) assert.match(lib, /^lib(c|pthread|dl|m|rt)\.so\.\d$/, `needs ${lib}: only glibc's own libraries may be needed`);
    assert.ok(elf.needed.includes("libc.so.6"));
    const versions = [...elf.versions.values()].flat();
    assert.ok(versions.length > 0 && versions.every((v) => v.startsWith("GLIBC_")), `versions: ${versions.join(" ")}`);
    const tooNew = versions.filter((v) => !withinFloor(v));
    assert.deepEqual(tooNew, [], "symbol versions newer than GLIBC_2.17");
    assert.ok((elf.flags1 & DF_1_NODELETE) !== 0, "DF_1_NODELETE");
    assert.equal(elf.hasSymtab, false, "stripped");
    assert.ok(elf.exported.includes("napi_register_module_v1"));
    assert.ok(elf.undefined.includes("napi_create_function"), "Node-API is left to the runtime");
    for (const call of ["accept4", "recvmmsg", "sendmmsg", "getprotobyname_r"]) assert.ok(elf.undefined.includes(call), `glibc's ${call} is used`);
  });

  test(`linux-${arch} musl binary: ELF for its machine, musl's libc only, no glibc versions, stripped`, { skip }, () => {
    const elf = readElf(packed(`prebuilds/linux-${arch}/bsdsock.napi.musl.node`));
    assert.equal(elf.machine, machine);
    assert.equal(elf.type, 3);
    assert.deepEqual(elf.needed, ["libc.so"], "musl's loader maps libc.so to itself");
    assert.equal(elf.versions.size, 0, "no symbol versions: musl has none");
    assert.ok((elf.flags1 & DF_1_NODELETE) !== 0, "DF_1_NODELETE");
    assert.equal(elf.hasSymtab, false, "stripped");
    assert.ok(elf.exported.includes("napi_register_module_v1"));
    assert.ok(elf.undefined.includes("getprotobyname") && !elf.undefined.includes("getprotobyname_r"), "musl has no getprotobyname_r: the locked path");
  });

  // Debian's musl package (and musl:arm64, run through qemu) brings the real
  // dynamic loader; in its ldd mode it loads the binary and names every
  // symbol it cannot bind: only what Node provides may be among them.
  const muslLoader = `/lib/ld-musl-${arch === "x64" ? "x86_64" : "aarch64"}.so.1`;
  const muslSkip = skip || (!existsSync(muslLoader) && `${muslLoader} is missing (Debian's musl${arch === "arm64" ? ":arm64" : ""}; scripts/ci/apt-deps.sh)`);
  test(`linux-${arch} musl binary: musl's own dynamic loader binds everything but Node's symbols`, { skip: muslSkip }, () => {
    packed(`prebuilds/linux-${arch}/bsdsock.napi.musl.node`);
    const file = join(unpacked, "package", "prebuilds", `linux-${arch}`, "bsdsock.napi.musl.node");
    const r = spawnSync(muslLoader, ["--list", file], { encoding: "utf8", timeout: 60_000 });
    assert.equal(r.error, undefined, `${muslLoader} could not run: ${r.error?.message}`);
    const missing = [...r.stderr.matchAll(/symbol not found/g)].length;
    const unbound = [...r.stderr.matchAll(/Error relocating [^:]+: (\S+): symbol not found/g)].map((m) => m[1]!);
    assert.equal(unbound.length, missing, r.stderr);
    assert.ok(unbound.includes("napi_create_function"), `the loader got as far as binding symbols\n${r.stdout}${r.stderr}`);
    assert.deepEqual(unbound.filter((n) => !fromTheRuntime(n)), [], "symbols musl does not provide");
    assert.match(r.stdout, /libc\.so => \/lib\/ld-musl-/);
  });
}

for (const [arch, cputype] of [["x64", 0x01000007], ["arm64", 0x0100000c]] as const) {
  test(`darwin-${arch} binary: Mach-O for its CPU, libSystem only, Node-API looked up at load time, ${arch === "arm64" ? "signed, " : ""}no debug info`, { skip }, () => {
    const macho = readMachO(packed(`prebuilds/darwin-${arch}/bsdsock.napi.node`));
    assert.equal(macho.cputype, cputype);
    assert.ok(macho.filetype === 6 || macho.filetype === 8, `a dylib or bundle, not file type ${macho.filetype}`);
    assert.deepEqual(macho.dylibs, ["/usr/lib/libSystem.B.dylib"], "libc++ is linked in, nothing else is needed");
    assert.equal(macho.platform, 1, "built for macOS");
    assert.equal(macho.minos, "11.0.0");
    assert.ok(macho.exported.includes("_napi_register_module_v1"));
    const napi = [...macho.undefined].filter(([name]) => name.startsWith("_napi_"));
    assert.ok(napi.length > 50);
    assert.deepEqual(napi.filter(([, ordinal]) => ordinal !== 0xfe), [], "every Node-API symbol is bound by dynamic lookup");
    assert.deepEqual([...macho.undefined.keys()].filter((n) => !/^_(napi_|node_api_|uv_)/.test(n) && macho.undefined.get(n) !== 1), [],
      "everything else comes from libSystem (ordinal 1)");
    // The macOS code paths: accept + fcntl (no accept4), no recvmmsg/sendmmsg,
    // the locked netdb calls (no *_r), macOS's own sendfile.
    const imports = [...macho.undefined.keys()];
    for (const call of ["_accept", "_fcntl", "_sendfile", "_getprotobyname", "_gethostbyname"]) assert.ok(imports.includes(call), `imports ${call}`);
    for (const call of ["_accept4", "_recvmmsg", "_sendmmsg", "_getprotobyname_r", "_gethostbyname_r"]) assert.ok(!imports.includes(call), `must not import ${call}`);
    if (arch === "arm64") assert.ok(macho.signed, "an ad-hoc signature (arm64 macOS loads only signed code)");
    assert.ok(!macho.segments.includes("__DWARF"), "no debug information");
  });
}

// Windows: x64 runs under Wine in CI; arm64 is only built and read here.
for (const [arch, machine] of [["x64", 0x8664], ["arm64", 0xaa64]] as const) {
  test(`win32-${arch} binary: a PE32+ DLL for its machine, Node-API and libuv found in the host at run time, system DLLs only, stripped`, { skip }, () => {
    const bytes = packed(`prebuilds/win32-${arch}/bsdsock.napi.node`);
    const pe = readPe(bytes);
    assert.equal(pe.machine, machine);
    assert.ok((pe.characteristics & 0x2000) !== 0, "IMAGE_FILE_DLL");
    assert.ok(pe.exported.includes("napi_register_module_v1"));
    // Nothing is imported from a module named node.exe (an Electron app or a
    // renamed node.exe has none): native/win/host_binding_win.cc looks the
    // functions up by name in the executable that loaded the DLL.
    const fromRuntime = [...pe.imports.values()].flat().filter(fromTheRuntime);
    assert.deepEqual(fromRuntime, [], "no Node-API or libuv import");
    const names = bytes.toString("latin1");
    for (const name of ["napi_create_function", "napi_make_callback", "uv_poll_init_socket"]) {
      assert.ok(names.includes(`${name}\0`), `${name} is looked up by name`);
    }
    // Winsock, IP Helper, the kernel and the C runtime every Windows has:
    // the C++ runtime is linked in.
    const system = new Set(["ws2_32.dll", "iphlpapi.dll", "kernel32.dll", "msvcrt.dll"]);
    assert.deepEqual([...pe.imports.keys()].map((n) => n.toLowerCase()).filter((n) => !system.has(n)), []);
    // The Winsock 2 calls of native/win/, not POSIX stand-ins.
    const winsock = pe.imports.get([...pe.imports.keys()].find((n) => n.toLowerCase() === "ws2_32.dll")!) ?? [];
    for (const call of ["WSASocketW", "WSAPoll", "WSAIoctl", "WSADuplicateSocketW", "closesocket", "ioctlsocket", "WSAStartup"]) {
      assert.ok(winsock.includes(call), `imports ${call}`);
    }
    assert.ok(!pe.hasSymbols, "stripped");
  });
}

test("the packed package loads and echoes under Debian 11's C library (glibc 2.31)", { skip, timeout: 6 * 60_000 }, (t) => {
  assert.ok(existsSync(join(project, "smoke.mjs")), `the installed project is missing\n${smoke?.output ?? ""}`);
  const glibc = fetchOldGlibc(join(out, "debian11"));
  if (typeof glibc === "string") {
    t.skip(glibc);
    return;
  }
  const run = (argv: string[]) => {
    const [file, ...args] = glibc.command(argv);
    return spawnSync(file!, args, { cwd: project, encoding: "utf8", timeout: 120_000 });
  };
  // Deno's process.report gives a fixed glibc version (2.38 on a 2.36
  // host): there the C library that was loaded answers itself.
  const version = run(runtime === "deno"
    ? [process.execPath, ...evalArgs(`const libc = Deno.dlopen("libc.so.6", { gnu_get_libc_version: { parameters: [], result: "pointer" } });
        console.log(Deno.UnsafePointerView.getCString(libc.symbols.gnu_get_libc_version()));`)]
    : [process.execPath, "-p", "process.report.getReport().header.glibcVersionRuntime"]);
  assert.equal(version.stdout.trim(), "2.31", `node runs under glibc 2.31\n${version.stderr}`);
  const r = run([process.execPath, "smoke.mjs"]);
  assert.equal(r.status, 0, `--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
  assert.deepEqual(r.stdout.trim().split("\n").slice(1), ['socketpair "ping"', 'tcp "Hello, world"']);
});

test("the packed declarations: the strict first program compiles with no cast, and each expected error is one", { skip }, () => {
  packed("dist/src/index.d.ts");
  // test/types as a user's project of its own, "bsdsock" the unpacked tarball.
  const app = join(out, "types-app");
  cpSync(join(repo, "test", "types"), app, { recursive: true });
  mkdirSync(join(app, "node_modules"));
  symlinkSync(join(unpacked, "package"), join(app, "node_modules", "bsdsock"), "dir");
  symlinkSync(join(repo, "node_modules", "@types"), join(app, "node_modules", "@types"), "dir");
  writeFileSync(join(app, "package.json"), JSON.stringify({ type: "module" }));
  assert.equal(runTsc(app), "");
});
