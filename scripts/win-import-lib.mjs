// The import library a Windows addon links against: on Windows the
// Node-API and libuv functions are exported by node.exe itself, and a DLL
// must name the module each import comes from. The list of Node-API
// functions is the node-api-headers package's def/node_api.def (the
// devDependency that tracks every Node-API version); the libuv functions
// the addon calls are listed here. zig's dlltool (llvm-dlltool) turns the
// list into the library.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

// The libuv functions native/ calls on Windows (native/poller.cc with its
// per-turn uv_check_t, native/win/descriptor_win.cc, native/win/sendfile_win.cc).
const UV_FUNCTIONS = [
  "uv_check_init", "uv_check_start", "uv_check_stop",
  "uv_close", "uv_get_osfhandle", "uv_poll_init_socket", "uv_poll_start", "uv_poll_stop",
  "uv_ref", "uv_unref",
];

// dlltool's machine name for each architecture.
const MACHINES = { x64: "i386:x86-64", arm64: "arm64" };

/** Writes <dir>/node.lib for `arch` with `zig`; returns its path. */
export function makeNodeImportLib(zig, arch, dir) {
  const machine = MACHINES[arch];
  if (machine === undefined) throw new Error(`no import library for Windows on ${arch}`);
  const headers = dirname(require.resolve("node-api-headers/package.json"));
  const napi = readFileSync(join(headers, "def", "node_api.def"), "utf8").trimEnd();
  const def = join(dir, "node.def");
  writeFileSync(def, `${napi}\n${UV_FUNCTIONS.join("\n")}\n`);
  const lib = join(dir, "node.lib");
  const result = spawnSync(zig, ["dlltool", "-m", machine, "-D", "node.exe", "-d", def, "-l", lib], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`zig dlltool failed (exit ${result.status}):\n${result.stderr}${result.stdout}`);
  return lib;
}
