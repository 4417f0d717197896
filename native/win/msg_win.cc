// sendmsg/recvmsg on Windows. CPython's socket module has neither there:
// Winsock's WSASendMsg/WSARecvMsg take datagram and raw sockets only, carry
// no descriptors, and WSARecvMsg must be looked up per socket. The calls
// are exported so that the TypeScript layer keeps one shape, and throw a
// TypeError that says so (as src/windows.ts's Windows-only calls do
// elsewhere); nothing is sent or received.
#include "../addon.h"

namespace bsdsock {
namespace {

Napi::Value NotAvailable(const Napi::CallbackInfo& info) {
  const std::string name = static_cast<const char*>(info.Data());
  throw Napi::TypeError::New(info.Env(), name + "(): not available on this platform (win32): no sendmsg/recvmsg on Windows, as in CPython");
}

}  // namespace

void InitMsg(Napi::Env env, Napi::Object exports) {
  exports.Set("sendmsg", Napi::Function::New(env, NotAvailable, "sendmsg", const_cast<char*>("sendmsg")));
  exports.Set("recvmsg", Napi::Function::New(env, NotAvailable, "recvmsg", const_cast<char*>("recvmsg")));
  // The most buffers one call takes: none are taken.
  exports.Set("IOV_MAX", Napi::Number::New(env, 1024));
}

}  // namespace bsdsock
