// One function per system call. Each takes a descriptor and plain values,
// makes the call (retrying EINTR, except close), and returns the result or
// -errno. None of them throws on a failing call: the TypeScript layer
// decides what an errno means. They throw only when handed arguments that
// no correct caller passes (see args.h).
//
// Every descriptor the addon creates is non-blocking and close-on-exec from
// birth: readiness is waited for by the poller or poll(2), never by a
// blocking call.
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netdb.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <vector>

#include "addon.h"
#include "args.h"
#include "environment.h"
#include "poller_core.h"
#include "export_lists.h"
#include "retry.h"

namespace bsdsock {
namespace {

// Make a descriptor from an API without SOCK_NONBLOCK/SOCK_CLOEXEC (macOS)
// non-blocking and close-on-exec. Returns 0 or -errno.
[[maybe_unused]] int MakeNonBlockingCloexec(int fd) {
  int fl = fcntl(fd, F_GETFL);
  if (fl == -1 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1) return -errno;
  int fdfl = fcntl(fd, F_GETFD);
  if (fdfl == -1 || fcntl(fd, F_SETFD, fdfl | FD_CLOEXEC) == -1) return -errno;
  return 0;
}

// socket(family, type, proto) -> fd | -errno
Napi::Value Socket(const Napi::CallbackInfo& info) {
  int family = IntArg(info, 0), type = IntArg(info, 1), proto = IntArg(info, 2);
#ifdef SOCK_NONBLOCK
  long fd = Retry([&] { return socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, proto); });
#else
  long fd = Retry([&] { return socket(family, type, proto); });
  if (fd >= 0) {
    int err = MakeNonBlockingCloexec(fd);
    if (err != 0) {
      ::close(fd);
      return Result(info, err);
    }
  }
#endif
  if (fd >= 0) Own(info.Env(), fd);
  return Result(info, fd);
}

// socketpair(family, type, proto, out: Int32Array(2)) -> 0 | -errno
Napi::Value SocketPair(const Napi::CallbackInfo& info) {
  int family = IntArg(info, 0), type = IntArg(info, 1), proto = IntArg(info, 2);
  int32_t* out = OutArrayArg<int32_t>(info, 3, napi_int32_array, 2);
  int fds[2];
#ifdef SOCK_NONBLOCK
  long r = Retry([&] { return socketpair(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, proto, fds); });
#else
  long r = Retry([&] { return socketpair(family, type, proto, fds); });
  if (r == 0) {
    int err = MakeNonBlockingCloexec(fds[0]);
    if (err == 0) err = MakeNonBlockingCloexec(fds[1]);
    if (err != 0) {
      ::close(fds[0]);
      ::close(fds[1]);
      r = err;
    }
  }
#endif
  if (r == 0) {
    out[0] = fds[0];
    out[1] = fds[1];
    Own(info.Env(), fds[0]);
    Own(info.Env(), fds[1]);
  }
  return Result(info, r);
}

// bind(fd, addr, addrlen) -> 0 | -errno
Napi::Value Bind(const Napi::CallbackInfo& info) {
  int fd = IntArg(info, 0);
  Bytes addr = AddrArg(info, 1);
  return Result(info, Retry([&] {
    return bind(fd, reinterpret_cast<const sockaddr*>(addr.data), static_cast<socklen_t>(addr.length));
  }));
}

// listen(fd, backlog) -> 0 | -errno
Napi::Value Listen(const Napi::CallbackInfo& info) {
  int fd = IntArg(info, 0), backlog = IntArg(info, 1);
  return Result(info, Retry([&] { return listen(fd, backlog); }));
}

// accept4(fd, addrOut, lenOut) -> new fd | -errno. The peer's address is
// written to addrOut and its length to lenOut[0] (it may exceed the buffer:
// the kernel reports the full length, the bytes are truncated). An empty
// addrOut asks for no address at all (NULL): AF_ALG has none, and accept
// fails with ECONNABORTED when asked for one.
Napi::Value Accept4(const Napi::CallbackInfo& info) {
  int fd = IntArg(info, 0);
  Bytes addr = ViewArg(info, 1);
  uint32_t* lenOut = LengthOutArg(info, 2);
  socklen_t len = static_cast<socklen_t>(addr.length);
  sockaddr* name = addr.length == 0 ? nullptr : reinterpret_cast<sockaddr*>(addr.data);
  socklen_t* nameLen = addr.length == 0 ? nullptr : &len;
#ifdef SOCK_NONBLOCK
  long r = Retry([&] { return accept4(fd, name, nameLen, SOCK_NONBLOCK | SOCK_CLOEXEC); });
#else
  long r = Retry([&] { return accept(fd, name, nameLen); });
  if (r >= 0) {
    int err = MakeNonBlockingCloexec(r);
    if (err != 0) {
      ::close(r);
      r = err;
    }
  }
#endif
  if (r >= 0) {
    *lenOut = len;
    Own(info.Env(), r);
  }
  return Result(info, r);
}

// connect(fd, addr, addrlen) -> 0 | -errno (EINPROGRESS for a connection
// under way: the caller waits for writability and reads SO_ERROR). EINTR is
// not retried: the connection goes on in the background, as EINPROGRESS.
Napi::Value Connect(const Napi::CallbackInfo& info) {
  int fd = IntArg(info, 0);
  Bytes addr = AddrArg(info, 1);
  int r = connect(fd, reinterpret_cast<const sockaddr*>(addr.data), static_cast<socklen_t>(addr.length));
  if (r == -1) return Result(info, errno == EINTR ? -EINPROGRESS : -errno);
  return Result(info, 0);
}

// recv(fd, buf, offset, length, flags) -> count | -errno
Napi::Value Recv(const Napi::CallbackInfo& info) {
  int fd = IntArg(info, 0);
  Bytes buf = RangeArg(info, 1);
  int flags = static_cast<int>(FlagsArg(info, 4));
  return Result(info, Retry([&] { return recv(fd, buf.data, buf.length, flags); }));
}

// recvfrom(fd, buf, offset, length, flags, addrOut, lenOut) -> count | -errno
Napi::Value RecvFrom(const Napi::CallbackInfo& info) {
  int fd = IntArg(info, 0);
  Bytes buf = RangeArg(info, 1);
  int flags = static_cast<int>(FlagsArg(info, 4));
  Bytes addr = ViewArg(info, 5);
  uint32_t* lenOut = LengthOutArg(info, 6);
  socklen_t len = static_cast<socklen_t>(addr.length);
  long r = Retry([&] { return recvfrom(fd, buf.data, buf.length, flags, reinterpret_cast<sockaddr*>(addr.data), &len); });
  if (r >= 0) *lenOut = len;
  return Result(info, r);
}

// send(fd, buf, offset, length, flags) -> count | -errno
Napi::Value Send(const Napi::CallbackInfo& info) {
  int fd = IntArg(info, 0);
  Bytes buf = RangeArg(info, 1);
  int flags = static_cast<int>(FlagsArg(info, 4)) | kSendFlags;
  return Result(info, Retry([&] { return send(fd, buf.data, buf.length, flags); }));
}

// sendto(fd, buf, offset, length, flags, addr, addrlen) -> count | -errno
Napi::Value SendTo(const Napi::CallbackInfo& info) {
  int fd = IntArg(info, 0);
  Bytes buf = RangeArg(info, 1);
  int flags = static_cast<int>(FlagsArg(info, 4)) | kSendFlags;
  Bytes addr = AddrArg(info, 5);
  return Result(info, Retry([&] {
    return sendto(fd, buf.data, buf.length, flags, reinterpret_cast<const sockaddr*>(addr.data),
                  static_cast<socklen_t>(addr.length));
  }));
}

// shutdown(fd, how) -> 0 | -errno
Napi::Value Shutdown(const Napi::CallbackInfo& info) {
  int fd = IntArg(info, 0), how = IntArg(info, 1);
  return Result(info, Retry([&] { return shutdown(fd, how); }));
}

// close(fd) -> 0 | -errno. Never retried: after EINTR the descriptor is
// already gone, and a retry could close a descriptor another thread opened.
Napi::Value Close(const Napi::CallbackInfo& info) {
  int fd = IntArg(info, 0);
  Disown(info.Env(), fd);
  // A Socket's descriptor closed by number (the module's close()): its
  // poller leaves the loop first, and its waiting calls learn of it after.
  Environment* environment = EnvironmentOf(info.Env());
  PollerCore* watching = environment != nullptr ? ClosePollerOf(environment, fd) : nullptr;
  int r = ::close(fd);
  int err = errno;
  if (watching != nullptr) watching->WakeClosed(info.Env());
  if (r == -1 && err != EINTR) return Result(info, -err);
  return Result(info, 0);
}

// dup(fd) -> new close-on-exec fd | -errno
Napi::Value Dup(const Napi::CallbackInfo& info) {
  int fd = IntArg(info, 0);
  long r = Retry([&] { return fcntl(fd, F_DUPFD_CLOEXEC, 0); });
  if (r >= 0) Own(info.Env(), r);
  return Result(info, r);
}

template <int (*Call)(int, sockaddr*, socklen_t*)>
Napi::Value NameCall(const Napi::CallbackInfo& info) {
  int fd = IntArg(info, 0);
  Bytes addr = ViewArg(info, 1);
  uint32_t* lenOut = LengthOutArg(info, 2);
  socklen_t len = static_cast<socklen_t>(addr.length);
  long r = Retry([&] { return Call(fd, reinterpret_cast<sockaddr*>(addr.data), &len); });
  if (r == 0) *lenOut = len;
  return Result(info, r);
}

// getsockopt(fd, level, name, buf, lenOut) -> 0 | -errno; the option's
// length is written to lenOut[0].
Napi::Value GetSockOpt(const Napi::CallbackInfo& info) {
  int fd = IntArg(info, 0), level = IntArg(info, 1), name = IntArg(info, 2);
  Bytes buf = ViewArg(info, 3);
  uint32_t* lenOut = LengthOutArg(info, 4);
  socklen_t len = static_cast<socklen_t>(buf.length);
  long r = Retry([&] { return getsockopt(fd, level, name, buf.data, &len); });
  if (r == 0) *lenOut = len;
  return Result(info, r);
}

// setsockopt(fd, level, name, buf | null, length) -> 0 | -errno. A null
// buffer passes NULL with the given length (AF_ALG's ALG_SET_AEAD_AUTHSIZE).
Napi::Value SetSockOpt(const Napi::CallbackInfo& info) {
  int fd = IntArg(info, 0), level = IntArg(info, 1), name = IntArg(info, 2);
  int32_t length = IntArg(info, 4);
  const void* data = nullptr;
  if (!info[3].IsNull()) {
    Bytes buf = ViewArg(info, 3);
    if (length < 0 || static_cast<size_t>(length) > buf.length) {
      throw Napi::RangeError::New(info.Env(), "bsdsock native: option length outside its buffer");
    }
    data = buf.data;
  } else if (length < 0) {
    throw Napi::RangeError::New(info.Env(), "bsdsock native: negative option length");
  }
  return Result(info, Retry([&] { return setsockopt(fd, level, name, data, static_cast<socklen_t>(length)); }));
}

// fcntl(fd, cmd, arg) -> result | -errno, for the integer commands only:
// F_GETFD/F_SETFD (close-on-exec) and F_GETFL/F_SETFL (O_NONBLOCK). Commands
// that take a pointer are refused, so no integer becomes an address.
Napi::Value Fcntl(const Napi::CallbackInfo& info) {
  int fd = IntArg(info, 0), cmd = IntArg(info, 1), arg = IntArg(info, 2);
  if (cmd != F_GETFD && cmd != F_SETFD && cmd != F_GETFL && cmd != F_SETFL) {
    throw Napi::RangeError::New(info.Env(), "bsdsock native: unsupported fcntl command");
  }
  return Result(info, Retry([&] { return fcntl(fd, cmd, arg); }));
}

// poll(fd, events, timeoutMs) -> revents | 0 on timeout | -errno. EINTR is
// returned, not retried: the caller recomputes the time that remains.
Napi::Value Poll(const Napi::CallbackInfo& info) {
  pollfd p{};
  p.fd = IntArg(info, 0);
  p.events = static_cast<short>(IntArg(info, 1));
  int timeout = IntArg(info, 2);
  int r = poll(&p, 1, timeout);
  if (r == -1) return Result(info, -errno);
  return Result(info, r == 0 ? 0 : p.revents);
}

// pollfds(table, count, timeoutMs) -> descriptors ready | 0 on timeout |
// -errno. `table` is an Int32Array of `count` triples [fd, events, revents];
// the kernel's revents are written into the third word of each. poll(2)
// takes any number of descriptors (select(2) stops at FD_SETSIZE). EINTR is
// returned, not retried: the caller recomputes the time that remains.
Napi::Value PollFds(const Napi::CallbackInfo& info) {
  int32_t count = IntArg(info, 1);
  if (count < 0) ThrowRangeError(info, 1, "a count of at least 0");
  int32_t* table = OutArrayArg<int32_t>(info, 0, napi_int32_array, static_cast<size_t>(count) * 3);
  int timeout = IntArg(info, 2);
  // A few dozen descriptors (the usual select loop) live on the stack.
  constexpr int32_t kOnStack = 64;
  pollfd stack[kOnStack];
  std::vector<pollfd> heap;
  if (count > kOnStack) heap.resize(static_cast<size_t>(count));
  pollfd* fds = count > kOnStack ? heap.data() : stack;
  for (int32_t i = 0; i < count; i++) {
    fds[i].fd = table[3 * i];
    fds[i].events = static_cast<short>(table[3 * i + 1]);
    fds[i].revents = 0;
  }
  int r = poll(fds, static_cast<nfds_t>(count), timeout);
  if (r == -1) return Result(info, -errno);
  for (int32_t i = 0; i < count; i++) table[3 * i + 2] = static_cast<uint16_t>(fds[i].revents);
  return Result(info, r);
}

// The C library's message for an errno, as strerror(3) gives it.
Napi::Value StrError(const Napi::CallbackInfo& info) {
  int err = IntArg(info, 0);
  char buf[256];
#if defined(__GLIBC__) && defined(_GNU_SOURCE)
  const char* msg = strerror_r(err, buf, sizeof buf);
#else
  const char* msg = strerror_r(err, buf, sizeof buf) == 0 ? buf : "Unknown error";
#endif
  return Napi::String::New(info.Env(), msg);
}

// The C library's message for an EAI_* code, as gai_strerror(3) gives it.
Napi::Value GaiStrError(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), gai_strerror(IntArg(info, 0)));
}

// if_nametoindex(name) -> index | -errno
Napi::Value IfNameToIndex(const Napi::CallbackInfo& info) {
  if (!info[0].IsString()) throw Napi::TypeError::New(info.Env(), "bsdsock native: interface name must be a string");
  std::string name = info[0].As<Napi::String>().Utf8Value();
  if (name.size() >= IF_NAMESIZE || name.find('\0') != std::string::npos) return Result(info, -ENODEV);
  unsigned index = if_nametoindex(name.c_str());
  return Result(info, index == 0 ? -errno : static_cast<double>(index));
}

// if_indextoname(index) -> name | -errno
Napi::Value IfIndexToName(const Napi::CallbackInfo& info) {
  double d = NumberArg(info, 0);
  if (!(d >= 0 && d <= 4294967295.0) || d != static_cast<double>(static_cast<uint32_t>(d))) {
    throw Napi::RangeError::New(info.Env(), "bsdsock native: interface index must be a 32-bit unsigned integer");
  }
  char name[IF_NAMESIZE];
  if (if_indextoname(static_cast<unsigned>(d), name) == nullptr) return Result(info, -errno);
  return Napi::String::New(info.Env(), name);
}

}  // namespace

void InitSyscalls(Napi::Env env, Napi::Object exports) {
  BSDSOCK_SYSCALL_EXPORTS(BSDSOCK_EXPORT_FUNCTION)
}

}  // namespace bsdsock
