// Entry point of the bsdsock addon. The addon is context-aware: it keeps no
// global mutable state, so it loads in worker_threads as well.
#include "addon.h"
#include "environment.h"

static Napi::Object InitAddon(Napi::Env env, Napi::Object exports) {
  bsdsock::InitEnvironment(env, exports);  // first: the others use its state
  bsdsock::InitSyscalls(env, exports);
  bsdsock::InitPoller(env, exports);
  bsdsock::InitThreadPoller(env, exports);
  bsdsock::InitLayout(env, exports);
  bsdsock::InitResolver(env, exports);
  bsdsock::InitSendfile(env, exports);
  bsdsock::InitMsg(env, exports);
  bsdsock::InitMmsg(env, exports);
  return exports;
}

NODE_API_MODULE(bsdsock, InitAddon)
