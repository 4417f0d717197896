// sendmsg(2) and recvmsg(2): several buffers, control messages and an
// address in one call. Like the calls in syscalls.cc, each makes one system
// call (retrying EINTR) and returns the result or -errno; the TypeScript
// layer builds and parses the control messages (src/cmsg.ts) from the
// layouts layout.cc reads from the headers.
//
// Received descriptors are close-on-exec: MSG_CMSG_CLOEXEC where the
// platform has it (Linux, FreeBSD, NetBSD, OpenBSD), FD_CLOEXEC set on each
// one right after the call elsewhere (macOS).
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <vector>

#include "addon.h"
#include "args.h"
#include "buffer_list.h"
#include "environment.h"
#include "retry.h"

namespace bsdsock {
namespace {

#ifdef MSG_CMSG_CLOEXEC
constexpr int kRecvFlags = MSG_CMSG_CLOEXEC;
#else
constexpr int kRecvFlags = 0;
#endif

// The most buffers one call takes. More is EMSGSIZE, which is what the
// kernel answers too (and what CPython reports), checked before anything
// is allocated.
long IovMax() {
#ifdef IOV_MAX
  return IOV_MAX;
#else
  long n = sysconf(_SC_IOV_MAX);
  return n > 0 ? n : 1024;
#endif
}

void SetIovec(iovec& entry, void* data, size_t length) {
  entry.iov_base = data;
  entry.iov_len = length;
}

// The iovecs of an array of Uint8Arrays, each taken whole.
using IoVectors = BufferList<iovec, SetIovec>;

// The descriptors of the SCM_RIGHTS messages in the control data, reading
// only whole ints inside the buffer. musl's CMSG_NXTHDR compares a signed
// with an unsigned value, which clang reports in our code (-Wsign-compare,
// an error under -Werror): the warning is off for this function only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsign-compare"
std::vector<int> ReceivedFds(msghdr* msg) {
  std::vector<int> fds;
  const unsigned char* end = static_cast<unsigned char*>(msg->msg_control) + msg->msg_controllen;
  for (cmsghdr* c = CMSG_FIRSTHDR(msg); c != nullptr; c = CMSG_NXTHDR(msg, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS || c->cmsg_len < CMSG_LEN(0)) continue;
    const unsigned char* data = CMSG_DATA(c);
    if (data > end) continue;
    size_t length = c->cmsg_len - CMSG_LEN(0);
    if (length > static_cast<size_t>(end - data)) length = static_cast<size_t>(end - data);
    for (size_t k = 0; k + sizeof(int) <= length; k += sizeof(int)) {
      int fd;
      memcpy(&fd, data + k, sizeof fd);
      fds.push_back(fd);
    }
  }
  return fds;
}
#pragma GCC diagnostic pop

#ifndef MSG_CMSG_CLOEXEC
// Where recvmsg cannot make received descriptors close-on-exec itself,
// each one is marked right after the call. If that fails, every received
// descriptor is closed and the call fails: none is left inheritable.
int MarkReceivedCloexec(msghdr* msg) {
  int err = 0;
  std::vector<int> fds = ReceivedFds(msg);
  for (int fd : fds) {
    int fl = fcntl(fd, F_GETFD);
    if (err == 0 && (fl == -1 || fcntl(fd, F_SETFD, fl | FD_CLOEXEC) == -1)) err = -errno;
  }
  if (err != 0) {
    for (int fd : fds) ::close(fd);
  }
  return err;
}
#endif

// sendmsg(fd, buffers: Uint8Array[], control | null, flags, addr | null,
// addrlen) -> count | -errno. The control bytes are sent as they are (the
// caller laid them out with the CMSG_* rules); more buffers than IOV_MAX
// is EMSGSIZE.
Napi::Value SendMsg(const Napi::CallbackInfo& info) {
  int fd = IntArg(info, 0);
  IoVectors iov;
  if (!iov.Fill(info, 1, IovMax())) return Result(info, -EMSGSIZE);
  Bytes control = OptionalViewArg(info, 2);
  int flags = static_cast<int>(FlagsArg(info, 3)) | kSendFlags;
  Bytes addr{nullptr, 0};
  if (!info[4].IsNull()) {
    addr = AddrArg(info, 4);
  } else if (IntArg(info, 5) != 0) {
    throw Napi::RangeError::New(info.Env(), "bsdsock native: address length without an address");
  }
  msghdr msg{};
  msg.msg_name = addr.data;
  msg.msg_namelen = static_cast<socklen_t>(addr.length);
  msg.msg_iov = iov.data();
  msg.msg_iovlen = static_cast<decltype(msg.msg_iovlen)>(iov.count());
  msg.msg_control = control.length > 0 ? control.data : nullptr;
  msg.msg_controllen = static_cast<decltype(msg.msg_controllen)>(control.length);
  return Result(info, Retry([&] { return sendmsg(fd, &msg, flags); }));
}

// recvmsg(fd, buffers: Uint8Array[], control, flags, addrOut, lenOut,
// info: Uint32Array(2)) -> count | -errno. On success lenOut[0] is the
// address length, info[0] the length of the control data the kernel wrote
// (never more than the control buffer) and info[1] msg_flags, without the
// MSG_CMSG_CLOEXEC this function adds on its own.
Napi::Value RecvMsg(const Napi::CallbackInfo& info) {
  int fd = IntArg(info, 0);
  IoVectors iov;
  if (!iov.Fill(info, 1, IovMax())) return Result(info, -EMSGSIZE);
  Bytes control = ViewArg(info, 2);
  int asked = static_cast<int>(FlagsArg(info, 3));
  Bytes addr = ViewArg(info, 4);
  uint32_t* lenOut = LengthOutArg(info, 5);
  uint32_t* out = OutArrayArg<uint32_t>(info, 6, napi_uint32_array, 2);
  msghdr msg{};
  msg.msg_name = addr.length > 0 ? addr.data : nullptr;
  msg.msg_namelen = static_cast<socklen_t>(addr.length);
  msg.msg_iov = iov.data();
  msg.msg_iovlen = static_cast<decltype(msg.msg_iovlen)>(iov.count());
  msg.msg_control = control.length > 0 ? control.data : nullptr;
  msg.msg_controllen = static_cast<decltype(msg.msg_controllen)>(control.length);
  long r = Retry([&] { return recvmsg(fd, &msg, asked | kRecvFlags); });
  if (r < 0) return Result(info, r);
  size_t controllen = msg.msg_control == nullptr ? 0 : static_cast<size_t>(msg.msg_controllen);
  if (controllen > control.length) controllen = control.length;
  msg.msg_controllen = static_cast<decltype(msg.msg_controllen)>(controllen);
#ifndef MSG_CMSG_CLOEXEC
  int err = MarkReceivedCloexec(&msg);
  if (err != 0) return Result(info, err);
#endif
  // Received descriptors belong to this environment until closed or
  // wrapped (see native/environment.cc).
  if (controllen > 0) {
    for (int received : ReceivedFds(&msg)) Own(info.Env(), received);
  }
  *lenOut = msg.msg_namelen;
  out[0] = static_cast<uint32_t>(controllen);
  out[1] = static_cast<uint32_t>(msg.msg_flags & ~(kRecvFlags & ~asked));
  return Result(info, r);
}

}  // namespace

void InitMsg(Napi::Env env, Napi::Object exports) {
  exports.Set("sendmsg", Napi::Function::New(env, SendMsg, "sendmsg"));
  exports.Set("recvmsg", Napi::Function::New(env, RecvMsg, "recvmsg"));
  exports.Set("IOV_MAX", Napi::Number::New(env, static_cast<double>(IovMax())));
}

}  // namespace bsdsock
