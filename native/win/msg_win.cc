// sendmsg/recvmsg on Windows, on Winsock's WSASendMsg and WSARecvMsg
// (native/msg.cc's contract). Winsock takes them for datagram and raw
// sockets (a stream socket fails with the error Winsock gives, an
// OSError), and carries control messages such as IP_PKTINFO, but no
// descriptors: Windows has no SCM_RIGHTS, so src/fds.ts refuses
// sendFds/recvFds there. CPython offers neither call on Windows; here they
// are what Winsock has.
//
// WSARecvMsg is not exported by ws2_32: it is an extension function whose
// address Winsock gives per socket (SIO_GET_EXTENSION_FUNCTION_POINTER).
// The Microsoft provider gives every socket the same address, so the first
// one is kept; a socket of another provider asks again.
#include "wsa.h"

#include <atomic>

#include "../addon.h"
#include "../args.h"
#include "../buffer_list.h"

namespace bsdsock {
namespace {

// Winsock sets no limit on the buffers of one call; Linux's UIO_MAXIOV is
// kept, so that a program's limits are the same everywhere.
constexpr long kMaxBuffers = 1024;

void SetWsaBuf(WSABUF& entry, void* data, size_t length) {
  entry.buf = static_cast<CHAR*>(data);
  entry.len = length > 0xffffffffu ? 0xffffffffu : static_cast<ULONG>(length);
}

using WsaBuffers = BufferList<WSABUF, SetWsaBuf>;

std::atomic<LPFN_WSARECVMSG> cachedRecvMsg{nullptr};

// WSARecvMsg for `s`, or nullptr with the error in WSAGetLastError().
LPFN_WSARECVMSG RecvMsgFunction(SOCKET s) {
  LPFN_WSARECVMSG known = cachedRecvMsg.load(std::memory_order_relaxed);
  GUID id = WSAID_WSARECVMSG;
  LPFN_WSARECVMSG fn = nullptr;
  DWORD bytes = 0;
  if (known != nullptr) return known;
  if (WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &id, sizeof id, &fn, sizeof fn, &bytes, nullptr, nullptr) != 0) {
    return nullptr;
  }
  cachedRecvMsg.store(fn, std::memory_order_relaxed);
  return fn;
}

// sendmsg(fd, buffers, control | null, flags, addr | null, addrlen) -> count | -errno
Napi::Value SendMsg(const Napi::CallbackInfo& info) {
  SOCKET s = SocketOf(IntArg(info, 0));
  WsaBuffers buffers;
  if (!buffers.Fill(info, 1, kMaxBuffers)) return Result(info, -ErrnoOfWinError(WSAEMSGSIZE));
  Bytes control = OptionalViewArg(info, 2);
  DWORD flags = FlagsArg(info, 3);
  Bytes addr{nullptr, 0};
  if (!info[4].IsNull()) {
    addr = AddrArg(info, 4);
  } else if (IntArg(info, 5) != 0) {
    throw Napi::RangeError::New(info.Env(), "bsdsock native: address length without an address");
  }
  WSAMSG msg{};
  msg.name = reinterpret_cast<LPSOCKADDR>(addr.data);
  msg.namelen = static_cast<INT>(addr.length);
  msg.lpBuffers = buffers.data();
  msg.dwBufferCount = static_cast<ULONG>(buffers.count());
  msg.Control.buf = control.length > 0 ? reinterpret_cast<CHAR*>(control.data) : nullptr;
  msg.Control.len = static_cast<ULONG>(control.length);
  DWORD sent = 0;
  if (WSASendMsg(s, &msg, flags, &sent, nullptr, nullptr) != 0) return Result(info, WsaFailure());
  return Result(info, static_cast<double>(sent));
}

// recvmsg(fd, buffers, control, flags, addrOut, lenOut, info: Uint32Array(2))
// -> count | -errno; lenOut[0] the address length, info[0] the control
// length Winsock wrote, info[1] the message flags (MSG_TRUNC, MSG_CTRUNC...).
Napi::Value RecvMsg(const Napi::CallbackInfo& info) {
  SOCKET s = SocketOf(IntArg(info, 0));
  WsaBuffers buffers;
  if (!buffers.Fill(info, 1, kMaxBuffers)) return Result(info, -ErrnoOfWinError(WSAEMSGSIZE));
  Bytes control = ViewArg(info, 2);
  DWORD flags = FlagsArg(info, 3);
  Bytes addr = ViewArg(info, 4);
  uint32_t* lenOut = LengthOutArg(info, 5);
  uint32_t* out = OutArrayArg<uint32_t>(info, 6, napi_uint32_array, 2);
  LPFN_WSARECVMSG recvMsg = RecvMsgFunction(s);
  if (recvMsg == nullptr) return Result(info, WsaFailure());
  WSAMSG msg{};
  msg.name = addr.length > 0 ? reinterpret_cast<LPSOCKADDR>(addr.data) : nullptr;
  msg.namelen = static_cast<INT>(addr.length);
  msg.lpBuffers = buffers.data();
  msg.dwBufferCount = static_cast<ULONG>(buffers.count());
  msg.Control.buf = control.length > 0 ? reinterpret_cast<CHAR*>(control.data) : nullptr;
  msg.Control.len = static_cast<ULONG>(control.length);
  msg.dwFlags = flags;
  ClearFamily(addr.data, addr.length);
  DWORD received = 0;
  if (recvMsg(s, &msg, &received, nullptr, nullptr) != 0) return Result(info, WsaFailure());
  size_t controllen = msg.Control.buf == nullptr ? 0 : msg.Control.len;
  *lenOut = ReceivedNameLength(addr.data, addr.length, msg.namelen);
  out[0] = static_cast<uint32_t>(controllen > control.length ? control.length : controllen);
  out[1] = static_cast<uint32_t>(msg.dwFlags);
  return Result(info, static_cast<double>(received));
}

}  // namespace

void InitMsg(Napi::Env env, Napi::Object exports) {
  exports.Set("sendmsg", Napi::Function::New(env, SendMsg, "sendmsg"));
  exports.Set("recvmsg", Napi::Function::New(env, RecvMsg, "recvmsg"));
  exports.Set("IOV_MAX", Napi::Number::New(env, static_cast<double>(kMaxBuffers)));
}

}  // namespace bsdsock
