// The eight targets the package ships prebuilt binaries for, and what each is
// built with. The file name carries the libc (node-gyp-build's tags), which is
// how src/load-addon.ts tells a glibc binary from a musl one.
//
// glibc: zig's `.2.17` suffix links against glibc 2.17's symbol versions (the
// manylinux2014 floor: CentOS 7 and everything after). musl: zig bundles
// musl 1.2's headers. macOS: 10.15 for x64 and 11 for arm64 are the oldest
// systems Node 20 runs on; the Node-API symbols are looked up when Node
// loads the bundle.
const MACOS_LINK = ["-Wl,-undefined,dynamic_lookup"];
// Never unloaded once loaded: when a worker that loaded the addon ends, Node
// unloads it, while a lookup the worker started may still be running its
// code on libuv's thread pool. g++'s builds get this implicitly (glibc never
// unloads an object with STB_GNU_UNIQUE symbols, which libstdc++ gives
// them); zig's static libc++ gives none, so it is asked for.
const ELF_LINK = ["-Wl,-z,nodelete"];

// Windows: x64 and arm64 (the arm64 one is built and its file checked by
// test/30-pack, never run: no Windows on Arm here). The Node-API and libuv
// functions are looked up in the host executable at load
// (native/win/host_binding_win.cc, scripts/win-host-imports.mjs), not
// imported; Winsock and IP Helper come from the system.
const WINDOWS_LINK = ["-lws2_32", "-liphlpapi"];

export const TARGETS = [
  { name: "linux-x64-glibc", platform: "linux", arch: "x64", triple: "x86_64-linux-gnu.2.17", file: "bsdsock.napi.glibc.node", linkFlags: ELF_LINK },
  { name: "linux-arm64-glibc", platform: "linux", arch: "arm64", triple: "aarch64-linux-gnu.2.17", file: "bsdsock.napi.glibc.node", linkFlags: ELF_LINK },
  { name: "linux-x64-musl", platform: "linux", arch: "x64", triple: "x86_64-linux-musl", file: "bsdsock.napi.musl.node", linkFlags: ELF_LINK },
  { name: "linux-arm64-musl", platform: "linux", arch: "arm64", triple: "aarch64-linux-musl", file: "bsdsock.napi.musl.node", linkFlags: ELF_LINK },
  { name: "darwin-x64", platform: "darwin", arch: "x64", triple: "x86_64-macos.11.0", file: "bsdsock.napi.node", linkFlags: MACOS_LINK },
  { name: "darwin-arm64", platform: "darwin", arch: "arm64", triple: "aarch64-macos.11.0", file: "bsdsock.napi.node", linkFlags: MACOS_LINK },
  { name: "win32-x64", platform: "win32", arch: "x64", triple: "x86_64-windows-gnu", file: "bsdsock.napi.node", linkFlags: WINDOWS_LINK },
  { name: "win32-arm64", platform: "win32", arch: "arm64", triple: "aarch64-windows-gnu", file: "bsdsock.napi.node", linkFlags: WINDOWS_LINK },
];

// The POSIX sources a Windows build leaves out: native/win/ holds their
// Winsock counterparts (each file's head says which one it stands for).
export const POSIX_ONLY_SOURCES = [
  "syscalls.cc", "layout.cc", "poller_thread.cc", "readiness.cc", "sendfile.cc",
  "msg.cc", "mmsg.cc", "descriptor_posix.cc", "netdb_posix.cc",
];
