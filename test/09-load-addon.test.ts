// The loader (src/load-addon.ts): which files it tries for which machine, in
// which order; that a candidate that fails to load hands over to the next;
// and the one error, naming every candidate and the remedy, when none loads.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { candidates, detectLibc, elfInterpreter, loadAddon, remedy, type Machine } from "../src/load-addon.js";
import { binding } from "../src/binding.js";
import { checkNoLeaks, tempDir } from "./helpers.js";

checkNoLeaks();

const linuxGlibc: Machine = { platform: "linux", arch: "x64", libc: "glibc" };
const linuxMusl: Machine = { platform: "linux", arch: "arm64", libc: "musl" };
const darwin: Machine = { platform: "darwin", arch: "arm64", libc: null };

describe("candidates", () => {
  test("the prebuilt binary for the platform, arch and libc first, then the local build", () => {
    // The paths are the host's (path.join: "\\" on Windows).
    assert.deepEqual(candidates("/pkg", linuxGlibc), [
      { kind: "prebuilt", path: join("/pkg", "prebuilds", "linux-x64", "bsdsock.napi.glibc.node") },
      { kind: "local build", path: join("/pkg", "build", "Release", "bsdsock.node") },
    ]);
    assert.equal(candidates("/pkg", linuxMusl)[0]!.path, join("/pkg", "prebuilds", "linux-arm64", "bsdsock.napi.musl.node"));
    assert.equal(candidates("/pkg", darwin)[0]!.path, join("/pkg", "prebuilds", "darwin-arm64", "bsdsock.napi.node"));
  });
});

describe("the C library", () => {
  test("the running executable's ELF interpreter names it", { skip: process.platform !== "linux" && "Linux only" }, () => {
    const interpreter = elfInterpreter("/proc/self/exe");
    assert.ok(interpreter !== null && /\/ld-(linux|musl)-/.test(interpreter), String(interpreter));
    assert.equal(detectLibc(), /ld-musl/.test(interpreter) ? "musl" : "glibc");
    assert.equal(detectLibc(), binding.platform.libc, "what the loaded addon was built for");
  });

  test("a file that is not an ELF executable has no interpreter", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "text"), "#!/bin/sh\necho not ELF\n");
    assert.equal(elfInterpreter(join(dir, "text")), null);
    assert.equal(elfInterpreter(join(dir, "missing")), null);
  });
});

describe("loadAddon", () => {
  test("a prebuilt binary that fails to load hands over to the local build", () => {
    const root = tempDir();
    mkdirSync(join(root, "prebuilds", "linux-x64"), { recursive: true });
    writeFileSync(join(root, "prebuilds", "linux-x64", "bsdsock.napi.glibc.node"), "not a shared object");
    mkdirSync(join(root, "build", "Release"), { recursive: true });
    writeFileSync(join(root, "build", "Release", "bsdsock.node"), "");
    const tried: string[] = [];
    const addon = loadAddon(root, linuxGlibc, (path) => {
      tried.push(path);
      if (path.includes("prebuilds")) throw new Error("invalid ELF header");
      return { loaded: path };
    });
    assert.deepEqual(addon, { loaded: join(root, "build", "Release", "bsdsock.node") });
    assert.equal(tried.length, 2);
  });

  test("a real addon copied to the local build's place loads through Node's own loader", { skip: process.platform !== "linux" && "Linux only" }, () => {
    const root = tempDir();
    mkdirSync(join(root, "build", "Release"), { recursive: true });
    const real = candidates(join(import.meta.dirname, "..", ".."), { platform: process.platform, arch: process.arch, libc: detectLibc() })
      .map((c) => c.path);
    let copied = false;
    for (const path of real) {
      try {
        copyFileSync(path, join(root, "build", "Release", "bsdsock.node"));
        copied = true;
        break;
      } catch {
        // not this one
      }
    }
    assert.ok(copied, `none of ${real.join(", ")} exists`);
    const addon = loadAddon(root, { platform: process.platform, arch: process.arch, libc: detectLibc() }) as typeof binding;
    assert.equal(typeof addon.socket, "function");
    assert.equal(addon.platform.os, binding.platform.os);
  });

  test("when nothing loads: one error naming each candidate, why it failed, and the remedy", () => {
    const root = tempDir();
    mkdirSync(join(root, "prebuilds", "linux-arm64"), { recursive: true });
    writeFileSync(join(root, "prebuilds", "linux-arm64", "bsdsock.napi.musl.node"), "x");
    assert.throws(() => loadAddon(root, linuxMusl, () => {
      throw new Error("Error relocating: fstat64: symbol not found\nmore detail");
    }), (error: Error) => {
      assert.match(error.message, /^bsdsock: no native addon loads on linux-arm64 \(musl\)\. Tried:/);
      assert.match(error.message, /prebuilt .*linux-arm64[/\\]bsdsock\.napi\.musl\.node: failed to load: Error relocating: fstat64: symbol not found\n/);
      assert.doesNotMatch(error.message, /more detail/, "only the first line of each reason");
      assert.match(error.message, /local build .*build[/\\]Release[/\\]bsdsock\.node: not there/);
      assert.match(error.message, /apk add build-base python3/);
      assert.match(error.message, /npm rebuild bsdsock/);
      assert.match(error.message, /npm approve-scripts bsdsock/);
      return true;
    });
  });
});

describe("remedy", () => {
  test("names the compiler for the machine and how to allow the install script", () => {
    assert.match(remedy(darwin), /xcode-select --install/);
    assert.match(remedy(linuxGlibc), /apt-get install g\+\+ make python3/);
    assert.match(remedy({ platform: "freebsd", arch: "x64", libc: null }), /a C\+\+17 compiler, make and python3/);
    for (const m of [darwin, linuxGlibc, linuxMusl]) {
      assert.match(remedy(m), /npm rebuild bsdsock/);
      assert.match(remedy(m), /trustedDependencies/);
    }
  });
});
