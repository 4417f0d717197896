// Batched datagram calls: recvmmsg(2) and sendmmsg(2), one system call per
// function as everywhere in the addon. They exist on Linux and FreeBSD;
// elsewhere the functions are not exported, and the TypeScript layer says
// so (ENOSYS).
//
//   recvmmsg(fd, buf, slot, count, flags, addrs, addrSlot, out) -> n | -errno
//     Receives up to `count` datagrams: datagram i into buf[i*slot, (i+1)*slot)
//     and its sender into addrs[i*addrSlot, (i+1)*addrSlot). out (a
//     Uint32Array of 3*count) gets, for each datagram received, its length
//     (out[i]), its address length (out[count+i]) and msg_flags
//     (out[2*count+i], MSG_TRUNC when it did not fit).
//   sendmmsg(fd, datas, addrs, count, flags) -> n | -errno
//     Sends datas[0..count) (an Array of Uint8Array), each to addrs[i] (an
//     Array of sockaddr bytes, or null entries or a null array when
//     connected). Returns how many were sent.
#include <errno.h>
#include <sys/socket.h>

#include <vector>

#include "addon.h"
#include "args.h"
#include "retry.h"

#if defined(__linux__) || defined(__FreeBSD__)
#define BSDSOCK_HAVE_MMSG 1
#endif

namespace bsdsock {

#ifdef BSDSOCK_HAVE_MMSG
namespace {

// The most messages one call takes: the kernel's limit (UIO_MAXIOV).
constexpr int32_t kMaxMessages = 1024;

int32_t CountArg(const Napi::CallbackInfo& info, size_t i) {
  int32_t count = IntArg(info, i);
  if (count < 1 || count > kMaxMessages) {
    throw Napi::RangeError::New(info.Env(), "bsdsock native: message count must be 1-1024");
  }
  return count;
}

// A region of `count` slots of `slot` bytes inside a Uint8Array.
uint8_t* SlotsArg(const Napi::CallbackInfo& info, size_t view, size_t slotArg, int32_t count, int32_t* slot) {
  Bytes whole = ViewArg(info, view);
  *slot = IntArg(info, slotArg);
  if (*slot < 0 || static_cast<uint64_t>(*slot) * static_cast<uint64_t>(count) > whole.length) {
    throw Napi::RangeError::New(info.Env(), "bsdsock native: message slots outside their buffer");
  }
  return whole.data;
}

Napi::Value RecvMmsg(const Napi::CallbackInfo& info) {
  int fd = IntArg(info, 0);
  int32_t count = CountArg(info, 3);
  int32_t slot = 0, addrSlot = 0;
  uint8_t* data = SlotsArg(info, 1, 2, count, &slot);
  int flags = static_cast<int>(FlagsArg(info, 4));
  uint8_t* addrs = SlotsArg(info, 5, 6, count, &addrSlot);
  uint32_t* out = OutArrayArg<uint32_t>(info, 7, napi_uint32_array, 3 * static_cast<size_t>(count));
  std::vector<mmsghdr> msgs(static_cast<size_t>(count));
  std::vector<iovec> iov(static_cast<size_t>(count));
  for (int32_t i = 0; i < count; i++) {
    iov[i].iov_base = data + static_cast<size_t>(i) * static_cast<size_t>(slot);
    iov[i].iov_len = static_cast<size_t>(slot);
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
    msgs[i].msg_hdr.msg_name = addrSlot > 0 ? addrs + static_cast<size_t>(i) * static_cast<size_t>(addrSlot) : nullptr;
    msgs[i].msg_hdr.msg_namelen = static_cast<socklen_t>(addrSlot);
  }
  int n = Retry([&] { return recvmmsg(fd, msgs.data(), static_cast<unsigned>(count), flags, nullptr); });
  if (n < 0) return Result(info, n);
  for (int i = 0; i < n; i++) {
    out[i] = msgs[i].msg_len;
    out[count + i] = msgs[i].msg_hdr.msg_namelen;
    out[2 * count + i] = static_cast<uint32_t>(msgs[i].msg_hdr.msg_flags);
  }
  return Result(info, n);
}

// An element of a JavaScript Array as bytes; null entries are allowed where
// `nullable` (a message without an address).
bool ElementBytes(const Napi::CallbackInfo& info, napi_value v, bool nullable, Bytes* out) {
  if (nullable && Napi::Value(info.Env(), v).IsNull()) return false;
  void* data = nullptr;
  size_t length = 0;
  if (!TypedArrayData(info.Env(), v, napi_uint8_array, &data, &length)) {
    throw Napi::TypeError::New(info.Env(), nullable ? "bsdsock native: each address must be a Uint8Array or null"
                                                    : "bsdsock native: each message must be a Uint8Array");
  }
  *out = Bytes{static_cast<uint8_t*>(data), length};
  return true;
}

Napi::Value SendMmsg(const Napi::CallbackInfo& info) {
  int fd = IntArg(info, 0);
  int32_t count = CountArg(info, 3);
  int flags = static_cast<int>(FlagsArg(info, 4)) | kSendFlags;
  if (!info[1].IsArray() || info[1].As<Napi::Array>().Length() < static_cast<uint32_t>(count)) {
    throw Napi::TypeError::New(info.Env(), "bsdsock native: argument 1 must be an Array of count messages");
  }
  bool haveAddrs = !info[2].IsNull();
  if (haveAddrs && (!info[2].IsArray() || info[2].As<Napi::Array>().Length() < static_cast<uint32_t>(count))) {
    throw Napi::TypeError::New(info.Env(), "bsdsock native: argument 2 must be null or an Array of count addresses");
  }
  // Every message and address first (reading one may run JavaScript), then
  // their memory, with no JavaScript from there to the system call.
  ArrayElements datas(info, info[1], static_cast<uint32_t>(count));
  ArrayElements addrs(info, info[2], haveAddrs ? static_cast<uint32_t>(count) : 0);
  std::vector<mmsghdr> msgs(static_cast<size_t>(count));
  std::vector<iovec> iov(static_cast<size_t>(count));
  for (int32_t i = 0; i < count; i++) {
    Bytes data{nullptr, 0};
    ElementBytes(info, datas[static_cast<uint32_t>(i)], false, &data);
    iov[i].iov_base = data.data;
    iov[i].iov_len = data.length;
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
    Bytes addr{nullptr, 0};
    if (haveAddrs && ElementBytes(info, addrs[static_cast<uint32_t>(i)], true, &addr)) {
      msgs[i].msg_hdr.msg_name = addr.data;
      msgs[i].msg_hdr.msg_namelen = static_cast<socklen_t>(addr.length);
    }
  }
  return Result(info, Retry([&] { return sendmmsg(fd, msgs.data(), static_cast<unsigned>(count), flags); }));
}

}  // namespace
#endif

void InitMmsg(Napi::Env env, Napi::Object exports) {
#ifdef BSDSOCK_HAVE_MMSG
  exports.Set("recvmmsg", Napi::Function::New(env, RecvMmsg, "recvmmsg"));
  exports.Set("sendmmsg", Napi::Function::New(env, SendMmsg, "sendmmsg"));
#endif
}

}  // namespace bsdsock
