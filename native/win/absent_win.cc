// What Windows does not have, registered as nothing.
//
// The readiness thread (native/poller_thread.cc, for runtimes whose uv_*
// functions are stubs) waits in epoll or kqueue; Windows has neither, and
// Node on Windows has libuv, so src/binding.ts always picks the uv backend
// there: no ThreadPoller is exported. recvmmsg/sendmmsg are Linux and
// FreeBSD calls: none is exported, and the TypeScript layer loops over
// recvfrom/sendto, as where the kernel lacks them.
#include "../addon.h"

namespace bsdsock {

void InitThreadPoller(Napi::Env, Napi::Object) {}

void InitMmsg(Napi::Env, Napi::Object) {}

}  // namespace bsdsock
