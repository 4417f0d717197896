// Shared declarations of the bsdsock addon: each part registers its
// functions on the module's exports.
#pragma once
#include <napi.h>

namespace bsdsock {

void InitSyscalls(Napi::Env env, Napi::Object exports);
void InitPoller(Napi::Env env, Napi::Object exports);
// The poller without libuv (Deno, Bun): a readiness thread per environment.
void InitThreadPoller(Napi::Env env, Napi::Object exports);
// Constants and struct layouts read from the platform's headers.
void InitLayout(Napi::Env env, Napi::Object exports);
// The name service: getaddrinfo and friends, sync or on the thread pool.
void InitResolver(Napi::Env env, Napi::Object exports);
// hstrerror, gethostname/sethostname, if_nameindex, inet_aton: the
// platform's own (native/netdb_posix.cc, native/win/netdb_win.cc); called by
// InitResolver.
void InitHostInfo(Napi::Env env, Napi::Object exports);
// sendfile(2), and the file calls its fallback needs (pread, lseek, fstat).
void InitSendfile(Napi::Env env, Napi::Object exports);
// sendmsg/recvmsg (native/msg.cc).
void InitMsg(Napi::Env env, Napi::Object exports);
// recvmmsg/sendmmsg, where the platform has them.
void InitMmsg(Napi::Env env, Napi::Object exports);

}  // namespace bsdsock
