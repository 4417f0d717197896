// The system calls of native/syscalls.cc on Winsock 2, with the same
// contract: one function per call, the result or -errno (errno as CPython
// derives it from the Windows error, native/win/wsa.h), arguments checked
// by native/args.h.
//
// Every socket the addon creates is made by WSASocketW with
// WSA_FLAG_OVERLAPPED (what libuv's uv_poll needs of a socket) and
// WSA_FLAG_NO_HANDLE_INHERIT (not inherited, as CPython's), and is put in
// non-blocking mode (ioctlsocket FIONBIO) before JavaScript sees it.
// Readiness is waited for by libuv (native/poller.cc through
// uv_poll_init_socket) or WSAPoll, never by a blocking call.
#include "wsa.h"

#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "../addon.h"
#include "../args.h"
#include "../environment.h"
#include "../export_lists.h"
#include "../poller_core.h"
#include "fcntl_win.h"
#include "host_binding.h"

namespace bsdsock {
namespace {

// The sockets JavaScript put in blocking mode (F_SETFL without O_NONBLOCK):
// Winsock can set the mode but not report it. Process-wide, as handles are.
std::mutex blockingLock;
std::unordered_set<SOCKET> blockingSockets;

int SetBlocking(SOCKET s, bool blocking) {
  u_long on = blocking ? 0 : 1;
  if (ioctlsocket(s, FIONBIO, &on) != 0) return WsaFailure();
  std::lock_guard<std::mutex> lock(blockingLock);
  if (blocking) blockingSockets.insert(s);
  else blockingSockets.erase(s);
  return 0;
}

void Forget(SOCKET s) {
  std::lock_guard<std::mutex> lock(blockingLock);
  blockingSockets.erase(s);
}

// A socket made by Winsock, made non-blocking and numbered for JavaScript;
// closed again if that fails. Returns the number or -errno.
long Adopt(const Napi::CallbackInfo& info, SOCKET s) {
  if (s == INVALID_SOCKET) return WsaFailure();
  int fd = FdOf(s);
  int err = fd < 0 ? -ErrnoOfWinError(WSAEMFILE) : SetBlocking(s, false);
  if (err == 0) SetHandleInformation(reinterpret_cast<HANDLE>(s), HANDLE_FLAG_INHERIT, 0);
  if (err != 0) {
    closesocket(s);
    return err;
  }
  Own(info.Env(), fd);
  return fd;
}

SOCKET NewSocket(int family, int type, int proto, WSAPROTOCOL_INFOW* from) {
  return WSASocketW(family, type, proto, from, 0, WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
}

// 0, or -errno from the call's result (Winsock's calls return SOCKET_ERROR).
inline int Checked(int r) { return r == SOCKET_ERROR ? WsaFailure() : r; }

// socket(family, type, proto) -> fd | -errno
Napi::Value Socket(const Napi::CallbackInfo& info) {
  int family = IntArg(info, 0), type = IntArg(info, 1), proto = IntArg(info, 2);
  return Result(info, Adopt(info, NewSocket(family, type, proto, nullptr)));
}

// A connected pair, as CPython's socket.socketpair() builds it on Windows:
// a listener on the loopback address, a connection to it, and a check that
// the connection accepted is the one made (another process could have
// connected first). SOCK_STREAM over AF_INET or AF_INET6 only.
int LoopbackPair(int family, int type, int proto, SOCKET out[2]) {
  if (family != AF_INET && family != AF_INET6) return -ErrnoOfWinError(WSAEAFNOSUPPORT);
  if (type != SOCK_STREAM) return -ErrnoOfWinError(WSAEOPNOTSUPP);
  sockaddr_storage addr{};
  int addrLen;
  if (family == AF_INET) {
    auto* in = reinterpret_cast<sockaddr_in*>(&addr);
    in->sin_family = AF_INET;
    in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addrLen = sizeof(sockaddr_in);
  } else {
    auto* in6 = reinterpret_cast<sockaddr_in6*>(&addr);
    in6->sin6_family = AF_INET6;
    in6->sin6_addr.s6_addr[15] = 1;  // ::1
    addrLen = sizeof(sockaddr_in6);
  }
  SOCKET listener = NewSocket(family, type, proto, nullptr), client = INVALID_SOCKET, server = INVALID_SOCKET;
  int err = listener == INVALID_SOCKET ? WsaFailure() : 0;
  if (err == 0) err = Checked(bind(listener, reinterpret_cast<sockaddr*>(&addr), addrLen));
  if (err == 0) err = Checked(listen(listener, 1));
  if (err == 0) err = Checked(getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &addrLen));
  if (err == 0) {
    client = NewSocket(family, type, proto, nullptr);
    if (client == INVALID_SOCKET) err = WsaFailure();
  }
  // A blocking connect and accept: both complete at once on loopback.
  if (err == 0) err = Checked(connect(client, reinterpret_cast<sockaddr*>(&addr), addrLen));
  if (err == 0) {
    server = accept(listener, nullptr, nullptr);
    if (server == INVALID_SOCKET) err = WsaFailure();
  }
  if (err == 0) {
    sockaddr_storage mine{}, theirs{};
    int mineLen = sizeof mine, theirsLen = sizeof theirs;
    err = Checked(getsockname(client, reinterpret_cast<sockaddr*>(&mine), &mineLen));
    if (err == 0) err = Checked(getpeername(server, reinterpret_cast<sockaddr*>(&theirs), &theirsLen));
    if (err == 0 && (mineLen != theirsLen || memcmp(&mine, &theirs, mineLen) != 0)) {
      err = -ErrnoOfWinError(WSAECONNABORTED);  // not our connection
    }
  }
  if (listener != INVALID_SOCKET) closesocket(listener);
  if (err != 0) {
    if (client != INVALID_SOCKET) closesocket(client);
    if (server != INVALID_SOCKET) closesocket(server);
    return err;
  }
  out[0] = server;
  out[1] = client;
  return 0;
}

// socketpair(family, type, proto, out: Int32Array(2)) -> 0 | -errno
Napi::Value SocketPair(const Napi::CallbackInfo& info) {
  int family = IntArg(info, 0), type = IntArg(info, 1), proto = IntArg(info, 2);
  int32_t* out = OutArrayArg<int32_t>(info, 3, napi_int32_array, 2);
  SOCKET pair[2];
  int err = LoopbackPair(family, type, proto, pair);
  if (err != 0) return Result(info, err);
  long first = Adopt(info, pair[0]);
  if (first < 0) {
    closesocket(pair[1]);
    return Result(info, first);
  }
  long second = Adopt(info, pair[1]);
  if (second < 0) {
    Disown(info.Env(), static_cast<int>(first));
    closesocket(pair[0]);
    return Result(info, second);
  }
  out[0] = static_cast<int32_t>(first);
  out[1] = static_cast<int32_t>(second);
  return Result(info, 0);
}

// bind(fd, addr, addrlen) -> 0 | -errno
Napi::Value Bind(const Napi::CallbackInfo& info) {
  SOCKET s = SocketOf(IntArg(info, 0));
  Bytes addr = AddrArg(info, 1);
  return Result(info, Checked(bind(s, reinterpret_cast<const sockaddr*>(addr.data), static_cast<int>(addr.length))));
}

// listen(fd, backlog) -> 0 | -errno
Napi::Value Listen(const Napi::CallbackInfo& info) {
  SOCKET s = SocketOf(IntArg(info, 0));
  return Result(info, Checked(listen(s, IntArg(info, 1))));
}

// accept4(fd, addrOut, lenOut) -> new fd | -errno (see native/syscalls.cc).
// The accepted socket is made non-blocking and not inherited.
Napi::Value Accept4(const Napi::CallbackInfo& info) {
  SOCKET s = SocketOf(IntArg(info, 0));
  Bytes addr = ViewArg(info, 1);
  uint32_t* lenOut = LengthOutArg(info, 2);
  int len = static_cast<int>(addr.length);
  sockaddr* name = addr.length == 0 ? nullptr : reinterpret_cast<sockaddr*>(addr.data);
  SOCKET r = accept(s, name, addr.length == 0 ? nullptr : &len);
  long fd = Adopt(info, r);
  if (fd >= 0) *lenOut = static_cast<uint32_t>(len);
  return Result(info, fd);
}

// connect(fd, addr, addrlen) -> 0 | -errno. A connection under way is
// WSAEWOULDBLOCK on Windows; it is reported as EINPROGRESS (WSAEINPROGRESS)
// as on POSIX, so the caller waits for writability and reads SO_ERROR.
Napi::Value Connect(const Napi::CallbackInfo& info) {
  SOCKET s = SocketOf(IntArg(info, 0));
  Bytes addr = AddrArg(info, 1);
  if (connect(s, reinterpret_cast<const sockaddr*>(addr.data), static_cast<int>(addr.length)) == 0) return Result(info, 0);
  int winerror = WSAGetLastError();
  return Result(info, -ErrnoOfWinError(winerror == WSAEWOULDBLOCK ? WSAEINPROGRESS : winerror));
}

// Winsock counts bytes in an int.
int Count(size_t length) { return length > 0x7fffffff ? 0x7fffffff : static_cast<int>(length); }

// recv(fd, buf, offset, length, flags) -> count | -errno
Napi::Value Recv(const Napi::CallbackInfo& info) {
  SOCKET s = SocketOf(IntArg(info, 0));
  Bytes buf = RangeArg(info, 1);
  int flags = static_cast<int>(FlagsArg(info, 4));
  return Result(info, Checked(recv(s, reinterpret_cast<char*>(buf.data), Count(buf.length), flags)));
}

// recvfrom(fd, buf, offset, length, flags, addrOut, lenOut) -> count | -errno
Napi::Value RecvFrom(const Napi::CallbackInfo& info) {
  SOCKET s = SocketOf(IntArg(info, 0));
  Bytes buf = RangeArg(info, 1);
  int flags = static_cast<int>(FlagsArg(info, 4));
  Bytes addr = ViewArg(info, 5);
  uint32_t* lenOut = LengthOutArg(info, 6);
  int len = static_cast<int>(addr.length);
  ClearFamily(addr.data, addr.length);
  int r = Checked(recvfrom(s, reinterpret_cast<char*>(buf.data), Count(buf.length), flags,
                           reinterpret_cast<sockaddr*>(addr.data), &len));
  if (r >= 0) *lenOut = ReceivedNameLength(addr.data, addr.length, len);
  return Result(info, r);
}

// send(fd, buf, offset, length, flags) -> count | -errno
Napi::Value Send(const Napi::CallbackInfo& info) {
  SOCKET s = SocketOf(IntArg(info, 0));
  Bytes buf = RangeArg(info, 1);
  int flags = static_cast<int>(FlagsArg(info, 4));
  return Result(info, Checked(send(s, reinterpret_cast<const char*>(buf.data), Count(buf.length), flags)));
}

// sendto(fd, buf, offset, length, flags, addr, addrlen) -> count | -errno
Napi::Value SendTo(const Napi::CallbackInfo& info) {
  SOCKET s = SocketOf(IntArg(info, 0));
  Bytes buf = RangeArg(info, 1);
  int flags = static_cast<int>(FlagsArg(info, 4));
  Bytes addr = AddrArg(info, 5);
  return Result(info, Checked(sendto(s, reinterpret_cast<const char*>(buf.data), Count(buf.length), flags,
                                     reinterpret_cast<const sockaddr*>(addr.data), static_cast<int>(addr.length))));
}

// shutdown(fd, how) -> 0 | -errno (SD_RECEIVE/SD_SEND/SD_BOTH are 0/1/2,
// exported as SHUT_RD/SHUT_WR/SHUT_RDWR as CPython does).
Napi::Value Shutdown(const Napi::CallbackInfo& info) {
  SOCKET s = SocketOf(IntArg(info, 0));
  return Result(info, Checked(shutdown(s, IntArg(info, 1))));
}

// close(fd) -> 0 | -errno: closesocket, with the environment's bookkeeping
// of native/syscalls.cc's close().
Napi::Value Close(const Napi::CallbackInfo& info) {
  int fd = IntArg(info, 0);
  Disown(info.Env(), fd);
  Environment* environment = EnvironmentOf(info.Env());
  PollerCore* watching = environment != nullptr ? ClosePollerOf(environment, fd) : nullptr;
  int r = Checked(closesocket(SocketOf(fd)));
  Forget(SocketOf(fd));
  if (watching != nullptr) watching->WakeClosed(info.Env());
  return Result(info, r);
}

// dup(fd) -> a new, non-inherited socket for the same connection | -errno:
// WSADuplicateSocketW to this very process, as CPython's socket.dup().
Napi::Value Dup(const Napi::CallbackInfo& info) {
  SOCKET s = SocketOf(IntArg(info, 0));
  WSAPROTOCOL_INFOW protocol;
  if (WSADuplicateSocketW(s, GetCurrentProcessId(), &protocol) != 0) return Result(info, WsaFailure());
  return Result(info, Adopt(info, NewSocket(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, &protocol)));
}

template <int (WSAAPI* Call)(SOCKET, sockaddr*, int*)>
Napi::Value NameCall(const Napi::CallbackInfo& info) {
  SOCKET s = SocketOf(IntArg(info, 0));
  Bytes addr = ViewArg(info, 1);
  uint32_t* lenOut = LengthOutArg(info, 2);
  int len = static_cast<int>(addr.length);
  int r = Checked(Call(s, reinterpret_cast<sockaddr*>(addr.data), &len));
  if (r == 0) *lenOut = static_cast<uint32_t>(len);
  return Result(info, r);
}

// getsockopt(fd, level, name, buf, lenOut) -> 0 | -errno
Napi::Value GetSockOpt(const Napi::CallbackInfo& info) {
  SOCKET s = SocketOf(IntArg(info, 0));
  int level = IntArg(info, 1), name = IntArg(info, 2);
  Bytes buf = ViewArg(info, 3);
  uint32_t* lenOut = LengthOutArg(info, 4);
  int len = static_cast<int>(buf.length);
  int r = Checked(getsockopt(s, level, name, reinterpret_cast<char*>(buf.data), &len));
  if (r == 0) *lenOut = static_cast<uint32_t>(len);
  return Result(info, r);
}

// setsockopt(fd, level, name, buf | null, length) -> 0 | -errno
Napi::Value SetSockOpt(const Napi::CallbackInfo& info) {
  SOCKET s = SocketOf(IntArg(info, 0));
  int level = IntArg(info, 1), name = IntArg(info, 2);
  int32_t length = IntArg(info, 4);
  const char* data = nullptr;
  if (!info[3].IsNull()) {
    Bytes buf = ViewArg(info, 3);
    if (length < 0 || static_cast<size_t>(length) > buf.length) {
      throw Napi::RangeError::New(info.Env(), "bsdsock native: option length outside its buffer");
    }
    data = reinterpret_cast<const char*>(buf.data);
  } else if (length < 0) {
    throw Napi::RangeError::New(info.Env(), "bsdsock native: negative option length");
  }
  return Result(info, Checked(setsockopt(s, level, name, data, length)));
}

// fcntl(fd, cmd, arg) -> result | -errno, emulated (native/win/fcntl_win.h).
// Every command first asks Winsock what the handle is, so a closed or
// foreign handle fails as it would in any socket call (WSAENOTSOCK).
Napi::Value Fcntl(const Napi::CallbackInfo& info) {
  SOCKET s = SocketOf(IntArg(info, 0));
  int cmd = IntArg(info, 1), arg = IntArg(info, 2);
  if (cmd != kGetFd && cmd != kSetFd && cmd != kGetFl && cmd != kSetFl) {
    throw Napi::RangeError::New(info.Env(), "bsdsock native: unsupported fcntl command");
  }
  int type = 0, len = sizeof type;
  if (getsockopt(s, SOL_SOCKET, SO_TYPE, reinterpret_cast<char*>(&type), &len) != 0) return Result(info, WsaFailure());
  HANDLE h = reinterpret_cast<HANDLE>(s);
  switch (cmd) {
    case kGetFd: {
      DWORD flags = 0;
      if (!GetHandleInformation(h, &flags)) return Result(info, SystemFailure(GetLastError()));
      return Result(info, (flags & HANDLE_FLAG_INHERIT) != 0 ? 0 : kCloexec);
    }
    case kSetFd:
      if (!SetHandleInformation(h, HANDLE_FLAG_INHERIT, (arg & kCloexec) != 0 ? 0 : HANDLE_FLAG_INHERIT)) {
        return Result(info, SystemFailure(GetLastError()));
      }
      return Result(info, 0);
    case kGetFl: {
      std::lock_guard<std::mutex> lock(blockingLock);
      return Result(info, blockingSockets.count(s) != 0 ? 0 : kNonBlocking);
    }
    default:
      return Result(info, SetBlocking(s, (arg & kNonBlocking) == 0));
  }
}

// WSAPoll refuses (WSAEINVAL) events the Microsoft provider does not
// support, POLLPRI among them: only the normal and band data bits and
// POLLWRNORM are passed on. Urgent data is reported as readable data.
constexpr short kPollable = POLLRDNORM | POLLRDBAND | POLLWRNORM;

short PollEvents(int32_t events) {
  short e = static_cast<short>(events);
  if ((e & POLLPRI) != 0) e |= POLLRDBAND;
  return static_cast<short>(e & kPollable);
}

// WSAPoll over `fds`, or a plain sleep for none (WSAPoll refuses an empty
// set, poll(2) waits in it). The count ready or -errno.
int WaitFor(WSAPOLLFD* fds, ULONG count, int timeout) {
  if (count == 0) {
    Sleep(timeout < 0 ? INFINITE : static_cast<DWORD>(timeout));
    return 0;
  }
  return Checked(WSAPoll(fds, count, timeout));
}

// poll(fd, events, timeoutMs) -> revents | 0 on timeout | -errno
Napi::Value Poll(const Napi::CallbackInfo& info) {
  WSAPOLLFD p{};
  p.fd = SocketOf(IntArg(info, 0));
  p.events = PollEvents(IntArg(info, 1));
  int r = WaitFor(&p, 1, IntArg(info, 2));
  if (r < 0) return Result(info, r);
  return Result(info, r == 0 ? 0 : static_cast<uint16_t>(p.revents));
}

// pollfds(table, count, timeoutMs) -> ready | 0 on timeout | -errno, as
// native/syscalls.cc's. Each socket goes to WSAPoll once, with every
// event its entries ask for, and each entry gets the answer to its own
// (and POLLERR, POLLHUP, POLLNVAL): Wine's WSAPoll answers a socket given
// in several entries (select()'s lists name one socket in rlist and
// wlist) in one of them only. Entries with a negative fd are left out, as
// poll(2) skips them (Wine would report POLLNVAL for INVALID_SOCKET).
Napi::Value PollFds(const Napi::CallbackInfo& info) {
  int32_t count = IntArg(info, 1);
  if (count < 0) ThrowRangeError(info, 1, "a count of at least 0");
  int32_t* table = OutArrayArg<int32_t>(info, 0, napi_int32_array, static_cast<size_t>(count) * 3);
  int timeout = IntArg(info, 2);
  std::vector<WSAPOLLFD> fds;
  std::vector<int32_t> slot(static_cast<size_t>(count), -1);  // each entry's place in fds
  std::unordered_map<SOCKET, int32_t> placed;
  for (int32_t i = 0; i < count; i++) {
    if (table[3 * i] < 0) continue;
    SOCKET s = SocketOf(table[3 * i]);
    auto at = placed.emplace(s, static_cast<int32_t>(fds.size()));
    if (at.second) fds.push_back(WSAPOLLFD{s, 0, 0});
    slot[i] = at.first->second;
    fds[slot[i]].events |= PollEvents(table[3 * i + 1]);
  }
  int r = WaitFor(fds.data(), static_cast<ULONG>(fds.size()), timeout);
  if (r < 0) return Result(info, r);
  int ready = 0;
  for (int32_t i = 0; i < count; i++) {
    short answer = slot[i] < 0 ? 0 : fds[slot[i]].revents;
    short own = static_cast<short>(answer & (PollEvents(table[3 * i + 1]) | POLLERR | POLLHUP | POLLNVAL));
    table[3 * i + 2] = static_cast<uint16_t>(own);
    if (own != 0) ready++;
  }
  return Result(info, ready);
}

// The system's message for an errno of this layer, or for a SystemFailure's
// number (native/win/wsa.h).
Napi::Value StrError(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), ErrorMessage(NumberArg(info, 0)));
}

// The message for an EAI_* code (Winsock's are WSA* errors).
Napi::Value GaiStrError(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), ErrorMessage(ErrnoOfWinError(IntArg(info, 0))));
}

// if_nametoindex(name) -> index | -errno (IP Helper's, which takes the
// interface's alias or its LUID name).
Napi::Value IfNameToIndex(const Napi::CallbackInfo& info) {
  if (!info[0].IsString()) throw Napi::TypeError::New(info.Env(), "bsdsock native: interface name must be a string");
  std::string name = info[0].As<Napi::String>().Utf8Value();
  if (name.find('\0') != std::string::npos) return Result(info, -ErrnoOfWinError(WSAEINVAL));
  unsigned index = if_nametoindex(name.c_str());
  return Result(info, index == 0 ? -ENODEV : static_cast<double>(index));
}

// if_indextoname(index) -> name | -errno. As CPython on Windows: IP
// Helper's ConvertInterfaceIndexToLuid and ConvertInterfaceLuidToNameA,
// whose failure is a Windows error (an unknown index: ERROR_FILE_NOT_FOUND,
// ENOENT), reported with it (SystemFailure).
Napi::Value IfIndexToName(const Napi::CallbackInfo& info) {
  double d = NumberArg(info, 0);
  if (!(d >= 0 && d <= 4294967295.0) || d != static_cast<double>(static_cast<uint32_t>(d))) {
    throw Napi::RangeError::New(info.Env(), "bsdsock native: interface index must be a 32-bit unsigned integer");
  }
  NET_LUID luid{};
  DWORD status = ConvertInterfaceIndexToLuid(static_cast<NET_IFINDEX>(d), &luid);
  char name[NDIS_IF_MAX_STRING_SIZE + 1] = {};
  if (status == NO_ERROR) status = ConvertInterfaceLuidToNameA(&luid, name, sizeof name);
  if (status != NO_ERROR) return Result(info, SystemFailure(status));
  return Napi::String::New(info.Env(), name);
}

}  // namespace

// native/win/share_win.cc: ioctl(), share() and fromshare().
void InitWindowsOnly(Napi::Env env, Napi::Object exports);

void InitSyscalls(Napi::Env env, Napi::Object exports) {
  if (const char* missing = MissingHostFunction()) {
    throw Napi::Error::New(env, std::string("bsdsock native: the executable that loaded the addon does not export ") + missing);
  }
  int err = StartProcess();
  if (err != 0) throw Napi::Error::New(env, "bsdsock native: starting Winsock failed: " + ErrorMessage(-SystemFailure(static_cast<unsigned long>(err))));
  BSDSOCK_SYSCALL_EXPORTS(BSDSOCK_EXPORT_FUNCTION)
  InitWindowsOnly(env, exports);
}

}  // namespace bsdsock
