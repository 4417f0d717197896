// Readiness on Node's own event loop through libuv's uv_poll_t.
//
// JavaScript sees one small interface, kept so that a second backend can
// replace it on runtimes that forbid libuv calls in addons:
//
//   const p = new Poller(fd, (status, events) => ...);
//   p.start(events)   // READABLE | WRITABLE; 0 or -errno
//   p.stop()          // no more callbacks until start()
//   p.ref() / p.unref()
//   p.close()         // stop for good; the handle is freed by libuv
//
// Lifetime. While started, the poller keeps itself and its callback alive
// (the callback is a strong reference). While stopped, both references are
// weak, so a socket that nobody holds can be garbage-collected even though
// its poller's callback closes over it. close() must come before the
// descriptor is closed: uv_close() unregisters the descriptor from the
// loop's epoll set, which must not happen after the number has been reused.
//
// Workers. Each environment keeps a set of its open pollers; a cleanup hook
// closes them when the environment (a worker, or the main thread) ends.
#include <uv.h>

#include <set>

#include "addon.h"
#include "args.h"

namespace bsdsock {
namespace {

class Poller;

// Per-environment state: the pollers still open, for the cleanup hook.
struct EnvState {
  std::set<Poller*> open;
  Napi::FunctionReference constructor;
};

void CloseAllOnTeardown(void* arg);

class Poller : public Napi::ObjectWrap<Poller> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Poller",
                       {
                           InstanceMethod<&Poller::Start>("start"),
                           InstanceMethod<&Poller::Stop>("stop"),
                           InstanceMethod<&Poller::Close>("close"),
                           InstanceMethod<&Poller::RefHandle>("ref"),
                           InstanceMethod<&Poller::UnrefHandle>("unref"),
                       });
  }

  Poller(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Poller>(info) {
    Napi::Env env = info.Env();
    int fd = IntArg(info, 0);
    if (!info[1].IsFunction()) throw Napi::TypeError::New(env, "bsdsock native: Poller needs a callback");
    uv_loop_t* loop = nullptr;
    if (napi_get_uv_event_loop(env, &loop) != napi_ok || loop == nullptr) {
      throw Napi::Error::New(env, "bsdsock native: no event loop");
    }
    handle_ = new uv_poll_t;
    int err = uv_poll_init(loop, handle_, fd);
    if (err != 0) {
      delete handle_;
      handle_ = nullptr;
      throw Napi::Error::New(env, std::string("bsdsock native: uv_poll_init: ") + uv_strerror(err));
    }
    handle_->data = this;
    callback_ = Napi::Persistent(info[1].As<Napi::Function>());
    callback_.Unref();  // weak until started
    env_ = env;
    state_ = env.GetInstanceData<EnvState>();
    state_->open.insert(this);
  }

  ~Poller() override { Release(); }

  // Stop and hand the handle to libuv for freeing. Safe to call twice.
  void Release() {
    if (handle_ == nullptr) return;
    state_->open.erase(this);
    if (started_) {
      started_ = false;
      callback_.Unref();
    }
    handle_->data = nullptr;
    uv_close(reinterpret_cast<uv_handle_t*>(handle_), [](uv_handle_t* h) { delete reinterpret_cast<uv_poll_t*>(h); });
    handle_ = nullptr;
  }

 private:
  // start(events) -> 0 | -errno. Restarting with other events only changes
  // the interest set.
  Napi::Value Start(const Napi::CallbackInfo& info) {
    int events = IntArg(info, 0) & (UV_READABLE | UV_WRITABLE);
    if (handle_ == nullptr) return Result(info, -EBADF);
    int err = uv_poll_start(handle_, events, OnReady);
    if (err != 0) return Result(info, err);  // libuv errors are -errno on Unix
    if (!started_) {
      started_ = true;
      callback_.Ref();
      Ref();
    }
    return Result(info, 0);
  }

  Napi::Value Stop(const Napi::CallbackInfo& info) {
    StopHandle();
    return info.Env().Undefined();
  }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    bool wasStarted = started_;
    Release();
    if (wasStarted) Unref();
    return info.Env().Undefined();
  }

  Napi::Value RefHandle(const Napi::CallbackInfo& info) {
    if (handle_ != nullptr) uv_ref(reinterpret_cast<uv_handle_t*>(handle_));
    return info.Env().Undefined();
  }

  Napi::Value UnrefHandle(const Napi::CallbackInfo& info) {
    if (handle_ != nullptr) uv_unref(reinterpret_cast<uv_handle_t*>(handle_));
    return info.Env().Undefined();
  }

  void StopHandle() {
    if (handle_ == nullptr || !started_) return;
    uv_poll_stop(handle_);
    MarkStopped();
  }

  // The handle is stopped: drop the strong references that started() took.
  void MarkStopped() {
    if (!started_) return;
    started_ = false;
    callback_.Unref();
    Unref();
  }

  static void OnReady(uv_poll_t* handle, int status, int events) {
    Poller* self = static_cast<Poller*>(handle->data);
    if (self == nullptr || !self->started_) return;
    Napi::Env env = self->env_;
    Napi::HandleScope scope(env);
    // A poll error (status < 0; libuv reports POLLERR as UV_EBADF) wakes
    // every waiter: the retried call reports the real error. libuv has
    // already stopped the handle then, so the poller is stopped too; the
    // callback starts it again if calls are still waiting.
    int ev = events;
    if (status < 0) {
      ev = UV_READABLE | UV_WRITABLE;
      self->MarkStopped();
    }
    try {
      self->callback_.MakeCallback(env.Global(), {Napi::Number::New(env, status), Napi::Number::New(env, ev)});
    } catch (const Napi::Error& e) {
      // An exception from JavaScript becomes an uncaught exception of the
      // process, exactly as if it were thrown from a Node callback.
      napi_fatal_exception(env, e.Value());
    }
  }

  friend void CloseAllOnTeardown(void* arg);

  uv_poll_t* handle_ = nullptr;
  bool started_ = false;
  Napi::FunctionReference callback_;
  Napi::Env env_ = Napi::Env(nullptr);
  EnvState* state_ = nullptr;
};

void CloseAllOnTeardown(void* arg) {
  EnvState* state = static_cast<EnvState*>(arg);
  // Release() erases from the set: iterate over a copy.
  std::set<Poller*> open = state->open;
  for (Poller* p : open) p->Release();
}

}  // namespace

void InitPoller(Napi::Env env, Napi::Object exports) {
  EnvState* state = new EnvState();
  env.SetInstanceData<EnvState>(state);
  napi_add_env_cleanup_hook(env, CloseAllOnTeardown, state);
  Napi::Function ctor = Poller::Define(env);
  state->constructor = Napi::Persistent(ctor);
  exports.Set("Poller", ctor);
  exports.Set("POLL_READABLE", Napi::Number::New(env, UV_READABLE));
  exports.Set("POLL_WRITABLE", Napi::Number::New(env, UV_WRITABLE));
}

}  // namespace bsdsock
