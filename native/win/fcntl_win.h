// The fcntl(2) commands the TypeScript layer uses, which Windows lacks:
// native/win/syscalls_win.cc emulates them on a SOCKET with what Windows
// has (ioctlsocket(FIONBIO) for O_NONBLOCK, the handle's inherit flag for
// FD_CLOEXEC, as CPython's setblocking and set_inheritable do there), and
// native/win/layout_win.cc exports these numbers as the platform's
// `internal` constants. The values are the addon's own.
#pragma once

namespace bsdsock {

constexpr int kGetFd = 1, kSetFd = 2, kGetFl = 3, kSetFl = 4;
constexpr int kCloexec = 1;        // FD_CLOEXEC
constexpr int kNonBlocking = 4;    // O_NONBLOCK

}  // namespace bsdsock
