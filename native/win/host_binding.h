// Where the addon's Node-API and libuv functions come from on Windows
// (native/win/host_binding_win.cc): the executable that loaded the addon,
// whatever its name.
#pragma once

namespace bsdsock {

// The first Node-API or libuv function the addon calls that the host
// executable does not export, or nullptr (always nullptr in a build that
// imports them from node.exe, such as node-gyp's).
const char* MissingHostFunction();

}  // namespace bsdsock
