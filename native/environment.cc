// The end of an environment. When a worker ends (or the main thread exits)
// a cleanup hook closes the pollers still open, then every descriptor the
// environment still owns. Where libuv pollers were used, an asynchronous
// cleanup hook also tells Node it is done only once libuv has run the close
// callback of every poll handle: Node unloads the addon of a worker that
// ends, and a close callback that ran after that would jump into unmapped
// code. That hook is added with the first libuv poller only: Deno frees a
// hook removed from inside itself twice, and the thread backend needs none.
//
// Ownership. A descriptor is owned by the environment that created it
// (socket, socketpair, accept4, dup) or received it (SCM_RIGHTS in
// recvmsg), or that wrapped it in a Socket (own()), until it is closed
// through the addon (close) or given away (disown(), which Socket.detach()
// calls). The set is touched only on the environment's own thread.
#include "environment.h"
#include "args.h"

namespace bsdsock {
namespace {

// Closes what the environment still owns, unless the number now refers to
// another file than the one registered (it was closed elsewhere and reused).
void CloseOwned(Environment* environment) {
  for (const auto& [fd, id] : environment->owned) {
    FileIdentity now = IdentityOf(fd);
    if (id.known && now.known && now.dev == id.dev && now.ino == id.ino) CloseDescriptor(fd);
  }
  environment->owned.clear();
}

// The environment ends: a plain cleanup hook, added for every environment,
// so that descriptors are closed on every runtime (Deno and Bun included).
// Pollers first: uv_close() takes a descriptor out of the loop's epoll set,
// which must happen before its number can be reused.
void EndEnvironment(void* arg) {
  Environment* environment = static_cast<Environment*>(arg);
  environment->ending = true;
  ClosePollers(environment);
  CloseOwned(environment);
}

// With libuv pollers, Node must also wait (running the loop) until their
// close callbacks have run: this asynchronous hook is removed here if no
// handle is closing, else in the close callback of the last one
// (native/poller.cc). Whichever of the two hooks runs first closes the
// pollers; the other finds none open.
void EndPollers(napi_async_cleanup_hook_handle handle, void* arg) {
  Environment* environment = static_cast<Environment*>(arg);
  environment->ending = true;
  ClosePollers(environment);
  if (environment->closing == 0) napi_remove_async_cleanup_hook(handle);
  else environment->teardown = handle;
}

// own(fd) -> undefined: a descriptor handed to new Socket(..., fileno).
Napi::Value OwnCall(const Napi::CallbackInfo& info) {
  Own(info.Env(), IntArg(info, 0));
  return info.Env().Undefined();
}

// disown(fd) -> undefined: a descriptor given away (Socket.detach()).
Napi::Value DisownCall(const Napi::CallbackInfo& info) {
  Disown(info.Env(), IntArg(info, 0));
  return info.Env().Undefined();
}

}  // namespace

Environment* EnvironmentOf(napi_env env) {
  void* data = nullptr;
  if (napi_get_instance_data(env, &data) != napi_ok) return nullptr;
  return static_cast<Environment*>(data);
}

void Own(napi_env env, int fd) {
  Environment* environment = EnvironmentOf(env);
  if (fd < 0 || environment == nullptr || environment->ending) return;
  environment->owned[fd] = IdentityOf(fd);
}

void Disown(napi_env env, int fd) {
  Environment* environment = EnvironmentOf(env);
  if (environment != nullptr) environment->owned.erase(fd);
}

napi_status HookPollerTeardown(napi_env env, Environment* environment) {
  if (environment->hooked) return napi_ok;
  napi_status status = napi_add_async_cleanup_hook(env, EndPollers, environment, nullptr);
  if (status == napi_ok) environment->hooked = true;
  return status;
}

void InitEnvironment(Napi::Env env, Napi::Object exports) {
  Environment* environment = new Environment();
  env.SetInstanceData<Environment>(environment);
  NAPI_THROW_IF_FAILED_VOID(env, napi_add_env_cleanup_hook(env, EndEnvironment, environment));
  exports.Set("own", Napi::Function::New(env, OwnCall, "own"));
  exports.Set("disown", Napi::Function::New(env, DisownCall, "disown"));
}

}  // namespace bsdsock
