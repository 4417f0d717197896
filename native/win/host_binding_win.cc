// The host's Node-API and libuv, found at run time (see host_binding.h).
//
// node.exe exports Node-API and libuv, and a DLL's imports name the module
// they come from: an addon linked against an import library for "node.exe"
// does not load in an executable of another name (an Electron app, a
// renamed node.exe), which exports the same functions. node-gyp's builds
// solve it with MSVC's delay loading and a hook that resolves "node.exe" to
// the process's executable; the zig toolchain of the prebuilt binaries has
// no delay loading (zig 0.11 refuses /DELAYLOAD, and its llvm-dlltool makes
// no delay-import library). So scripts/prebuild.mjs compiles the addon with
// Node-API and libuv declared dllimport, which makes every call go through
// a pointer named __imp_<function>, links no import library, and lists in
// bsdsock_host_imports.h the functions the compiled objects call
// (scripts/win-host-imports.mjs); this file defines those pointers and fills
// them while the DLL loads, before any of its code runs, from the
// executable that loaded it (GetProcAddress(GetModuleHandleW(nullptr))).
// A function that executable lacks points to a stub that fails as Node-API
// fails (napi_generic_failure), and InitSyscalls names it in the error that
// the addon's load then raises, where an import would have failed the load.
//
// A build without that list (node-gyp's, BSDSOCK_HOST_IMPORTS undefined)
// imports the functions from node.exe and defines nothing here.
#include "host_binding.h"

#ifdef BSDSOCK_HOST_IMPORTS
#include "include/winsock_all.h"

#include "bsdsock_host_imports.h"

namespace {

// What a call of a function the host lacks returns: napi_generic_failure
// (every Node-API function returns a napi_status; the libuv ones the addon
// calls return an int or nothing). Called with any arguments: on x64 and
// arm64 Windows the caller owns the stack.
extern "C" int BsdsockUnresolvedHostFunction() { return 9; }

}  // namespace

// The pointers the dllimport calls go through, one per function.
#define BSDSOCK_HOST_SLOT(name) extern "C" void* __imp_##name = reinterpret_cast<void*>(&BsdsockUnresolvedHostFunction);
BSDSOCK_HOST_IMPORT_LIST(BSDSOCK_HOST_SLOT)
#undef BSDSOCK_HOST_SLOT

namespace bsdsock {
namespace {

struct HostImport {
  const char* name;
  void** slot;
};

#define BSDSOCK_HOST_ENTRY(name) {#name, &__imp_##name},
const HostImport kHostImports[] = {BSDSOCK_HOST_IMPORT_LIST(BSDSOCK_HOST_ENTRY)};
#undef BSDSOCK_HOST_ENTRY

// Fills the pointers when the DLL loads; first among the DLL's static
// initialisers, in case another one calls out.
struct HostBinding {
  const char* missing = nullptr;
  HostBinding() {
    HMODULE host = GetModuleHandleW(nullptr);
    for (const HostImport& import : kHostImports) {
      FARPROC function = host != nullptr ? GetProcAddress(host, import.name) : nullptr;
      if (function != nullptr) *import.slot = reinterpret_cast<void*>(function);
      else if (missing == nullptr) missing = import.name;
    }
  }
};

__attribute__((init_priority(101))) const HostBinding binding;

}  // namespace

const char* MissingHostFunction() { return binding.missing; }

}  // namespace bsdsock

#else

namespace bsdsock {

const char* MissingHostFunction() { return nullptr; }

}  // namespace bsdsock

#endif
