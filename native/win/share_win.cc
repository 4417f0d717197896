// What only Windows has, as CPython's socket module offers it there:
// sock.ioctl(control, option) on WSAIoctl, and sock.share(pid) /
// socket.fromshare(data) on WSADuplicateSocketW. The TypeScript layer
// (src/windows.ts) builds the option bytes and validates the arguments.
#include "wsa.h"

#include "../addon.h"
#include "../args.h"
#include "../environment.h"

namespace bsdsock {
namespace {

// wsaioctl(fd, control, option bytes) -> 0 | -errno: WSAIoctl with the
// option as input and no output, as the three controls CPython's ioctl()
// takes (SIO_RCVALL, SIO_KEEPALIVE_VALS, SIO_LOOPBACK_FAST_PATH) use it.
Napi::Value WsaIoctl(const Napi::CallbackInfo& info) {
  SOCKET s = SocketOf(IntArg(info, 0));
  DWORD control = FlagsArg(info, 1);
  Bytes option = ViewArg(info, 2);
  DWORD returned = 0;
  int r = WSAIoctl(s, control, option.data, static_cast<DWORD>(option.length), nullptr, 0, &returned, nullptr, nullptr);
  return Result(info, r == 0 ? 0 : WsaFailure());
}

// share(fd, pid) -> the WSAPROTOCOL_INFOW bytes another process passes to
// fromshare() | -errno
Napi::Value Share(const Napi::CallbackInfo& info) {
  SOCKET s = SocketOf(IntArg(info, 0));
  double pid = NumberArg(info, 1);
  if (!(pid >= 0 && pid <= 4294967295.0) || pid != static_cast<double>(static_cast<DWORD>(pid))) {
    ThrowRangeError(info, 1, "a process id 0 to 2^32-1");
  }
  WSAPROTOCOL_INFOW protocol;
  if (WSADuplicateSocketW(s, static_cast<DWORD>(pid), &protocol) != 0) return Result(info, WsaFailure());
  return Napi::Buffer<uint8_t>::Copy(info.Env(), reinterpret_cast<const uint8_t*>(&protocol), sizeof protocol);
}

// fromshare(bytes) -> [fd, family, type, proto] | -errno: the socket
// share() described, non-blocking and not inherited, owned here.
Napi::Value FromShare(const Napi::CallbackInfo& info) {
  Bytes data = ViewArg(info, 0);
  if (data.length != sizeof(WSAPROTOCOL_INFOW)) {
    ThrowRangeError(info, 0, ("the " + std::to_string(sizeof(WSAPROTOCOL_INFOW)) + " bytes share() returns").c_str());
  }
  WSAPROTOCOL_INFOW protocol;
  memcpy(&protocol, data.data, sizeof protocol);
  SOCKET s = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, &protocol, 0,
                        WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
  if (s == INVALID_SOCKET) return Result(info, WsaFailure());
  int fd = FdOf(s);
  u_long on = 1;
  if (fd < 0 || ioctlsocket(s, FIONBIO, &on) != 0) {
    int err = fd < 0 ? -ErrnoOfWinError(WSAEMFILE) : WsaFailure();
    closesocket(s);
    return Result(info, err);
  }
  Own(info.Env(), fd);
  Napi::Array out = Napi::Array::New(info.Env(), 4);
  out.Set(0u, fd);
  out.Set(1u, protocol.iAddressFamily);
  out.Set(2u, protocol.iSocketType);
  out.Set(3u, protocol.iProtocol);
  return out;
}

}  // namespace

void InitWindowsOnly(Napi::Env env, Napi::Object exports) {
  exports.Set("wsaioctl", Napi::Function::New(env, WsaIoctl, "wsaioctl"));
  exports.Set("share", Napi::Function::New(env, Share, "share"));
  exports.Set("fromshare", Napi::Function::New(env, FromShare, "fromshare"));
}

}  // namespace bsdsock
