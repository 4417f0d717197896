// Winsock's process-wide start and its errors, as the rest of the Windows
// layer sees them.
//
// Errors. Winsock reports through WSAGetLastError(), never errno. A failing
// call returns -errno like the POSIX layer, where errno is what CPython
// makes of the Windows error (PC/errmap.h's winerror_to_errno): the WSAE*
// code itself (WSAECONNREFUSED, 10061), except the six codes Winsock took
// from the C library's errno (WSAEINTR, WSAEBADF, WSAEACCES, WSAEFAULT,
// WSAEINVAL, WSAEMFILE), which become that errno (4, 9, 13, 14, 22, 24).
// The errno table of this platform (native/win/layout_win.cc) gives each
// E* name the WSAE* value, as CPython's errno module does on Windows, so
// the TypeScript layer's PEP 3151 classes follow.
#pragma once
#include "include/winsock_all.h"

#include <string>

namespace bsdsock {

// What the process needs once, whichever environment loads the addon first
// (every one calls it): WSAStartup, Winsock then staying up until the
// process ends; and the addon's DLL pinned, never unloaded (the Windows
// form of the ELF builds' -z nodelete): when a worker that loaded it ends,
// Node unloads it, while a lookup the worker started may still run its
// code on libuv's thread pool, or a poll handle's close callback may be
// due. 0 or the Windows error.
int StartProcess();

// The errno CPython gives a Windows error code (winerror_to_errno): for
// Winsock's (10000-11999) the code itself but for the six copies of C errno
// values; for the others (GetLastError's, IP Helper's) its table's errno
// (ERROR_FILE_NOT_FOUND is ENOENT, ERROR_ACCESS_DENIED EACCES, ...), EINVAL
// for a code it does not list.
int ErrnoOfWinError(int winerror);

// -errno for the calling thread's last Winsock error.
inline int WsaFailure() { return -ErrnoOfWinError(WSAGetLastError()); }

// A failed Windows call that is not Winsock's, as a call's result: both
// numbers CPython's OSError carries, the Windows error (`winerror`) and the
// errno it maps to, in one negative number, -(winerror * 65536 + errno),
// which src/errors.ts takes apart (a Winsock errno is below 65536, so the
// two never meet). Every Windows error code is below 65536; a larger one
// (an HRESULT) or 0 is reported as a plain -EINVAL.
constexpr double kWinErrorUnit = 65536;
double SystemFailure(unsigned long winerror);

// The system's message for an errno of this layer (FormatMessage for the
// Winsock codes, the C library's for the rest), or for a SystemFailure's
// number (FormatMessage for its Windows error), without the trailing
// period and line break, as CPython shows it.
std::string ErrorMessage(double err);

// A socket handle as the number JavaScript sees (fileno()), or -1 when it
// does not fit an int32 (never seen: handle values are small multiples of
// four).
inline int FdOf(SOCKET s) { return s <= 0x7fffffff ? static_cast<int>(s) : -1; }
inline SOCKET SocketOf(int fd) { return static_cast<SOCKET>(static_cast<unsigned>(fd)); }

// A received address (recvfrom, WSARecvMsg): Winsock leaves the buffer of
// a connected stream socket as it was, length included, where POSIX says
// there is none (length 0). So the family is cleared before the call, and
// one still 0 after it means none.
inline void ClearFamily(uint8_t* addr, size_t capacity) {
  if (addr != nullptr && capacity >= sizeof(sockaddr)) reinterpret_cast<sockaddr*>(addr)->sa_family = 0;
}
inline uint32_t ReceivedNameLength(const uint8_t* addr, size_t capacity, int length) {
  bool none = addr == nullptr || capacity < sizeof(sockaddr) || reinterpret_cast<const sockaddr*>(addr)->sa_family == 0;
  return none || length < 0 ? 0 : static_cast<uint32_t>(length);
}

}  // namespace bsdsock
