// native/layout.cc for Windows: the constants of the Windows SDK headers
// (the generated lists, tools/gen-constants.mjs run with the Windows
// target's compiler), the errno table as CPython's errno module has it on
// Windows, the layouts of Winsock's structs, and the platform's name.
#include "wsa.h"

#include <string>

#include "../addon.h"
#include "../constants.h"
#include "../layout_shared.h"
#include "../layout_tables.h"
#include "bsdsock_constants.h"
#include "fcntl_win.h"

namespace bsdsock {
namespace {

constexpr Constant kSdkConstants[] = {
    BSDSOCK_CONSTANTS_LIBC(BSDSOCK_CONSTANT) BSDSOCK_END_OF_CONSTANTS};
constexpr Constant kErrnoConstants[] = {
    BSDSOCK_CONSTANTS_ERRNO(BSDSOCK_CONSTANT) BSDSOCK_END_OF_CONSTANTS};

// Names CPython's socket module defines on Windows from other ones; then
// the TCP options of the Windows SDK's ws2ipdef.h (Windows 10 1709 and
// later) that CPython exports there and mingw-w64's headers, which the
// cross compiler has, lack. Each is added only if no header defined it.
constexpr Constant kWindowsConstants[] = {
    MakeConstant("SHUT_RD", SD_RECEIVE),
    MakeConstant("SHUT_WR", SD_SEND),
    MakeConstant("SHUT_RDWR", SD_BOTH),
    MakeConstant("TCP_KEEPIDLE", 3),  // ws2ipdef.h: TCP_KEEPALIVE
    MakeConstant("TCP_MAXSEG", 4),
    MakeConstant("TCP_FASTOPEN", 15),
    MakeConstant("TCP_KEEPCNT", 16),
    MakeConstant("TCP_KEEPINTVL", 17),
    BSDSOCK_END_OF_CONSTANTS};

// What the TypeScript layer reads from fcntl.h and poll.h elsewhere: the
// emulated fcntl (fcntl_win.h) and WSAPoll's bits (winsock2.h).
constexpr Constant kInternalConstants[] = {
    MakeConstant("F_GETFD", kGetFd), MakeConstant("F_SETFD", kSetFd),
    MakeConstant("F_GETFL", kGetFl), MakeConstant("F_SETFL", kSetFl),
    MakeConstant("FD_CLOEXEC", kCloexec), MakeConstant("O_NONBLOCK", kNonBlocking),
    BSDSOCK_CONSTANT(POLLIN) BSDSOCK_CONSTANT(POLLOUT) BSDSOCK_CONSTANT(POLLERR)
    BSDSOCK_CONSTANT(POLLHUP) BSDSOCK_CONSTANT(POLLNVAL) BSDSOCK_CONSTANT(POLLPRI)
    BSDSOCK_END_OF_CONSTANTS};

// The errno table, as CPython's errno module builds it on Windows: every
// E* name that Winsock has a WSAE* code for takes that code (ECONNREFUSED
// is 10061), since that is the errno of a failing socket call
// (native/win/wsa.h); then EAGAIN, which Winsock does not distinguish from
// EWOULDBLOCK, takes WSAEWOULDBLOCK too (CPython keeps the C library's 11,
// which no socket call reports); then the C library's other E* names, then
// the WSAE* names themselves. E* names come first so that a value's first
// name is the POSIX one (the error's `code`, as in Node).
Napi::Object ErrnoTable(Napi::Env env) {
  Napi::Object errnos = Napi::Object::New(env);
  for (const Constant* c = kErrnoConstants; c->name != nullptr; ++c) {
    std::string name = c->name;
    if (name.rfind("WSAE", 0) != 0) continue;
    std::string posix = name.substr(3);  // WSAECONNREFUSED -> ECONNREFUSED
    Constant mapped = MakeConstant(posix.c_str(), ErrnoOfWinError(static_cast<int>(c->magnitude)));
    if (posix != "EINTR" && posix != "EBADF" && posix != "EACCES" && posix != "EFAULT" && posix != "EINVAL" &&
        posix != "EMFILE") {
      errnos.Set(posix, ConstantValue(env, mapped));
    }
  }
  errnos.Set("EAGAIN", errnos.Get("EWOULDBLOCK"));
  for (const Constant* c = kErrnoConstants; c->name != nullptr; ++c) {
    if (std::string(c->name).rfind("WSAE", 0) != 0 && !errnos.Has(c->name)) errnos.Set(c->name, ConstantValue(env, *c));
  }
  AddConstants(env, errnos, kErrnoConstants);
  return errnos;
}

// Winsock's control messages (WSACMSGHDR, ws2def.h) have the POSIX shape;
// the TypeScript layer lays them out from these numbers as on POSIX.
void AddMessageLayouts(Napi::Env env, Napi::Object layout) {
  layout.Set("cmsghdr", Layout(env, sizeof(WSACMSGHDR),
                               {BSDSOCK_FIELD(WSACMSGHDR, cmsg_len),
                                BSDSOCK_FIELD(WSACMSGHDR, cmsg_level),
                                BSDSOCK_FIELD(WSACMSGHDR, cmsg_type),
                                BSDSOCK_FIELD_SIZE(WSACMSGHDR, cmsg_len)}));
  Napi::Object cmsg = Napi::Object::New(env);
  SetFields(cmsg, {{"align", WSA_CMSG_SPACE(1) - WSA_CMSG_SPACE(0)},
                   {"space1", WSA_CMSG_SPACE(1)},
                   {"len0", WSA_CMSG_LEN(0)}});
  alignas(WSACMSGHDR) unsigned char item[WSA_CMSG_SPACE(1)] = {};
  SetFields(cmsg, {{"data", static_cast<std::size_t>(WSA_CMSG_DATA(reinterpret_cast<WSACMSGHDR*>(item)) - item)}});
  layout.Set("cmsg", cmsg);
}

void AddOptionLayouts(Napi::Env env, Napi::Object layout) {
  AddSharedOptionLayouts(env, layout);
  layout.Set("in_pktinfo", Layout(env, sizeof(in_pktinfo),
                                  {BSDSOCK_FIELD(in_pktinfo, ipi_addr),
                                   BSDSOCK_FIELD(in_pktinfo, ipi_ifindex)}));
  layout.Set("in6_pktinfo", Layout(env, sizeof(in6_pktinfo),
                                   {BSDSOCK_FIELD(in6_pktinfo, ipi6_addr),
                                    BSDSOCK_FIELD(in6_pktinfo, ipi6_ifindex)}));
  // What share() returns and fromshare() takes, and SO_PROTOCOL_INFOW gives:
  // a socket's family, type and protocol (socket(..., fileno), as CPython).
  layout.Set("WSAPROTOCOL_INFOW", Layout(env, sizeof(WSAPROTOCOL_INFOW),
                                         {BSDSOCK_FIELD(WSAPROTOCOL_INFOW, iAddressFamily),
                                          BSDSOCK_FIELD(WSAPROTOCOL_INFOW, iSocketType),
                                          BSDSOCK_FIELD(WSAPROTOCOL_INFOW, iProtocol)}));
  // SIO_KEEPALIVE_VALS's argument (mstcpip.h), for ioctl().
  layout.Set("tcp_keepalive", Layout(env, sizeof(tcp_keepalive),
                                     {BSDSOCK_FIELD(tcp_keepalive, onoff),
                                      BSDSOCK_FIELD(tcp_keepalive, keepalivetime),
                                      BSDSOCK_FIELD(tcp_keepalive, keepaliveinterval)}));
}

#undef BSDSOCK_FIELD
#undef BSDSOCK_FIELD_SIZE

Napi::Object Platform(Napi::Env env) {
  Napi::Object platform = Napi::Object::New(env);
  platform.Set("os", "win32");
  platform.Set("libc", "msvcrt");
  return platform;
}

}  // namespace

void InitLayout(Napi::Env env, Napi::Object exports) {
  Napi::Object constants = Napi::Object::New(env);
  AddConstants(env, constants, kSdkConstants);
  AddConstants(env, constants, kWindowsConstants);
  AddConstants(env, constants, kFallbackConstants);
  exports.Set("constants", constants);

  Napi::Object internal = Napi::Object::New(env);
  AddConstants(env, internal, kInternalConstants);
  exports.Set("internal", internal);

  exports.Set("errno", ErrnoTable(env));

  Napi::Object layout = Napi::Object::New(env);
  AddSharedSockaddrLayouts(env, layout);
  AddMessageLayouts(env, layout);
  AddOptionLayouts(env, layout);
  exports.Set("layout", layout);

  exports.Set("platform", Platform(env));
}

}  // namespace bsdsock
