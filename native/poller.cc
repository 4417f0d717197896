// Readiness on Node's own event loop through libuv's uv_poll_t.
//
// JavaScript sees one small interface, kept so that a second backend can
// replace it on runtimes that forbid libuv calls in addons:
//
//   const p = new Poller(fd, (status, events) => ...);
//   p.start(events)   // the events calls wait for (READABLE | WRITABLE |
//                     // PRIORITIZED, or 0 when none waits); 0 or -errno
//   p.ref() / p.unref()
//   p.close()         // stop for good; the handle is freed by libuv
//   p.state           // Int32Array(3), shared with JavaScript:
//                     //   [0] the events the handle watches now
//                     //   [1] 1 while this poller's callback runs
//                     //   [2] the events calls wait for, as JavaScript
//                     //       leaves them during the callback
//
// Stopping lazily. uv_poll_start() and uv_poll_stop() each cost epoll_ctl
// calls, and a socket in use goes from "a call waits" to "none waits" and
// back on every call. So start(0) only marks the poller idle and leaves the
// handle watching; it stops when an event arrives that no call waits for
// (the socket was left alone), and it is never restarted for events it
// already watches. A writable event that nobody wants is narrowed away at
// once after the callback, because a socket is almost always writable and
// libuv's level-triggered epoll would report it again immediately. `state`
// tells JavaScript what the handle still watches, so a call can skip a
// first attempt that would only find EAGAIN: readiness will be reported.
//
// Calls made during the callback. A call usually completes in the
// callback (the drain) and the next one is made in the microtasks that run
// before MakeCallback returns. While the callback runs, JavaScript writes
// the events it waits for into state[2] instead of calling start(), unless
// the handle must watch something new; they are applied once, after the
// callback. So a busy socket costs no native call and no reference
// change per call.
//
// Lifetime. The poller object is held from its creation until close()
// (its owner always closes it: close(), or the finalizer of a collected
// socket). While some call waits, the callback is a strong reference (it
// keeps the socket alive) and, unless unref()'d, so is the event loop.
// While idle, the callback is weak and the handle is unref'd: an idle socket
// keeps nothing alive and can be garbage-collected even though its poller's
// callback closes over it. close() must come before the descriptor is
// closed: uv_close() unregisters the descriptor from the loop's epoll set,
// which must not happen after the number has been reused.
//
// Workers. Each environment keeps a set of its open pollers; its cleanup
// hook (native/environment.cc) closes them when the environment (a worker,
// or the main thread) ends.
//
// Teardown. OnReady is called by libuv, not by JavaScript: nothing may be
// thrown out of it (std::terminate). While a worker is terminated, libuv
// still runs (Node closes its own handles before the cleanup hooks) and
// every Node-API call that needs JavaScript fails; OnReady uses Node-API's
// own calls, whose failures are return values, and stops at the first.
#include <uv.h>

#include <cstring>
#include <vector>

#include "addon.h"
#include "args.h"
#include "environment.h"
#include "readiness.h"

namespace bsdsock {
namespace {

// A uv_poll_t and the environment whose count of closing handles its close
// callback lowers (the Poller may be gone by then).
struct PollHandle {
  uv_poll_t poll;
  Environment* env;
};

}  // namespace

class Poller : public Napi::ObjectWrap<Poller> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Poller",
                       {
                           InstanceMethod<&Poller::Start>("start"),
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
    // The state words live in an ArrayBuffer of V8's (off the JavaScript
    // heap, so they never move) that this object holds. state_ points into
    // it for the poller's whole life, so JavaScript must never transfer or
    // detach that buffer (structuredClone or postMessage with it in the
    // transfer list): the memory would be freed or handed over, and every
    // callback would write into it. The addon trusts that rather than
    // checking: the Socket holds its poller privately, so only code that
    // loads the .node file itself could, and reading the pointer again on
    // each callback and each start() would add Node-API calls to the hot
    // path.
    Napi::ArrayBuffer stateBuffer = Napi::ArrayBuffer::New(env, kStateWords * sizeof(int32_t));
    state_ = static_cast<int32_t*>(stateBuffer.Data());
    for (int i = 0; i < kStateWords; i++) state_[i] = 0;
    info.This().As<Napi::Object>().Set("state", Napi::Int32Array::New(env, kStateWords, stateBuffer, 0));
    registry_ = EnvironmentOf(env);
    // The asynchronous cleanup hook comes with the first libuv poller, so
    // that a process that never waits, or waits through
    // native/poller_thread.cc, has none (Deno frees a hook removed from
    // inside itself twice).
    NAPI_THROW_IF_FAILED_VOID(env, HookPollerTeardown(env, registry_));
    handle_ = new PollHandle;
    handle_->env = registry_;
    int err = InitPollHandle(loop, &handle_->poll, fd);
    if (err != 0) {
      delete handle_;
      handle_ = nullptr;
      // Not a programming error: the loop already watches this descriptor
      // (EEXIST). The errno goes with the error for the caller to report.
      Napi::Error e = Napi::Error::New(env, std::string("bsdsock native: uv_poll_init: ") + strerror(-err));
      e.Set("errno", Napi::Number::New(env, -err));
      throw e;
    }
    handle_->poll.data = this;
    uv_unref(reinterpret_cast<uv_handle_t*>(&handle_->poll));  // idle until a call waits
    callback_ = Napi::Persistent(info[1].As<Napi::Function>());
    callback_.Unref();  // weak until a call waits
    env_ = env;
    state_holder_ = Napi::Persistent(stateBuffer);
    fd_ = fd;
    registry_->pollers[fd] = this;
    Ref();  // held until close(): see "Lifetime"
    held_ = true;
  }

  ~Poller() override { Release(); }

  // Stop and hand the handle to libuv for freeing. Safe to call twice.
  void Release() {
    if (handle_ == nullptr) return;
    auto it = registry_->pollers.find(fd_);
    if (it != registry_->pollers.end() && it->second == this) registry_->pollers.erase(it);
    SetArmed(0);
    wanted_ = 0;
    state_[kWanted] = 0;
    if (strong_) {
      strong_ = false;
      callback_.Unref();
    }
    handle_->poll.data = nullptr;
    registry_->closing++;
    uv_close(reinterpret_cast<uv_handle_t*>(&handle_->poll), OnClosed);
    handle_ = nullptr;
  }

  // libuv is done with the handle: free it, and if the environment is
  // ending and this was the last handle closing, let Node go on.
  static void OnClosed(uv_handle_t* h) {
    PollHandle* handle = reinterpret_cast<PollHandle*>(h);
    Environment* env = handle->env;
    delete handle;
    if (--env->closing == 0 && env->teardown != nullptr) {
      napi_async_cleanup_hook_handle teardown = env->teardown;
      env->teardown = nullptr;
      napi_remove_async_cleanup_hook(teardown);
    }
  }

 private:
  // start(events) -> 0 | -errno. The events calls now wait for; 0 makes the
  // poller idle (see "Stopping lazily").
  Napi::Value Start(const Napi::CallbackInfo& info) {
    int events = IntArg(info, 0) & (UV_READABLE | UV_WRITABLE | UV_PRIORITIZED);
    if (handle_ == nullptr) return Result(info, -EBADF);
    if ((events & ~armed_) != 0) {
      int err = uv_poll_start(&handle_->poll, events, OnReady);
      if (err != 0) {  // libuv errors are -errno on Unix
        StopHandle();
        return Result(info, err);
      }
      SetArmed(events);
    }
    Want(events);
    return Result(info, 0);
  }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    Release();
    if (held_) {
      held_ = false;
      // Inside our own callback, OnReady still uses this object: it lets
      // go once the callback has returned.
      if (in_callback_) release_after_callback_ = true;
      else Unref();
    }
    return info.Env().Undefined();
  }

  Napi::Value RefHandle(const Napi::CallbackInfo& info) {
    refed_ = true;
    UpdateLoopRef();
    return info.Env().Undefined();
  }

  Napi::Value UnrefHandle(const Napi::CallbackInfo& info) {
    refed_ = false;
    UpdateLoopRef();
    return info.Env().Undefined();
  }

  void SetArmed(int events) {
    armed_ = events;
    state_[kArmed] = events;
  }

  // Record what calls wait for; hold the callback (and through it the
  // socket) and the loop only while that is something.
  void Want(int events) {
    wanted_ = events;
    state_[kWanted] = events;
    bool strong = events != 0;
    if (strong != strong_) {
      strong_ = strong;
      if (strong) callback_.Ref();
      else callback_.Unref();
    }
    UpdateLoopRef();
  }

  void UpdateLoopRef() {
    if (handle_ == nullptr) return;
    uv_handle_t* h = reinterpret_cast<uv_handle_t*>(&handle_->poll);
    if (refed_ && wanted_ != 0) uv_ref(h);
    else uv_unref(h);
  }

  void StopHandle() {
    if (handle_ != nullptr && armed_ != 0) uv_poll_stop(&handle_->poll);
    SetArmed(0);
    Want(0);
  }

  // Watch only what calls wait for (nothing: stop).
  void Narrow() {
    if (handle_ == nullptr || armed_ == wanted_) return;
    if (wanted_ == 0) {
      uv_poll_stop(&handle_->poll);
      SetArmed(0);
    } else if (uv_poll_start(&handle_->poll, wanted_, OnReady) == 0) {
      SetArmed(wanted_);
    } else {
      uv_poll_stop(&handle_->poll);
      SetArmed(0);
    }
  }

  // libuv's callback. Nothing in Ready() throws on a path JavaScript can
  // reach (CallBack() uses no node-addon-api call); the catch is the last
  // line of defence, since an exception out of here is std::terminate.
  static void OnReady(uv_poll_t* handle, int status, int events) {
    try {
      Ready(handle, status, events);
    } catch (...) {
    }
  }

  static void Ready(uv_poll_t* handle, int status, int events) {
    Poller* self = static_cast<Poller*>(handle->data);
    if (self == nullptr) return;
    int ev = events & self->wanted_;
    if (status < 0) {
      // A poll error (libuv reports POLLERR as UV_EBADF) wakes every
      // waiter: the retried call reports the real error. libuv has already
      // stopped the handle; the callback starts it again if calls are still
      // waiting. With nobody waiting, there is no one to tell.
      self->SetArmed(0);
      if (self->wanted_ == 0) return;
      ev = UV_READABLE | UV_WRITABLE;
    } else if (ev == 0) {
      // Nobody waits for this: the socket was left alone (stop lazily).
      self->Narrow();
      return;
    }
    if (self->registry_->ending) return;
    napi_env env = self->env_;
    napi_handle_scope scope;
    if (napi_open_handle_scope(env, &scope) != napi_ok) return;
    if (status < 0) self->Want(0);
    int32_t* state = self->state_;
    state[kInCallback] = 1;
    self->in_callback_ = true;
    self->CallBack(env, status, ev);
    napi_close_handle_scope(env, scope);
    state[kInCallback] = 0;
    self->in_callback_ = false;
    if (self->release_after_callback_) {  // closed by the callback
      self->release_after_callback_ = false;
      self->Unref();
      return;
    }
    if (self->handle_ == nullptr) return;
    // The callback and its microtasks have run: apply what the calls made
    // meanwhile wait for (only events already watched were left in state).
    if (state[kWanted] != self->wanted_) self->Want(state[kWanted] & self->armed_);
    // A writable event nobody wants would fire again at once.
    if ((self->armed_ & UV_WRITABLE & ~self->wanted_) != 0) self->Narrow();
  }

  // Calls the JavaScript callback with (status, events). Node-API's own
  // calls, not node-addon-api's: when the callback's microtasks end the
  // environment (process.exit() in a worker) or the worker is terminated,
  // the calls fail with V8's termination in place of an exception, and
  // wrapping that in a Napi::Error would throw out of a libuv callback.
  void CallBack(napi_env env, int status, int events) {
    napi_value callback, global, argv[2], result;
    if (napi_get_reference_value(env, callback_, &callback) != napi_ok || callback == nullptr) return;
    if (napi_get_global(env, &global) != napi_ok) return;
    if (napi_create_int32(env, status, &argv[0]) != napi_ok || napi_create_int32(env, events, &argv[1]) != napi_ok) return;
    if (napi_make_callback(env, nullptr, global, callback, 2, argv, &result) == napi_pending_exception) {
      // An exception from JavaScript becomes an uncaught exception of the
      // process, exactly as if it were thrown from a Node callback. Once
      // JavaScript can no longer run, Node-API reports nothing.
      napi_value e;
      if (napi_get_and_clear_last_exception(env, &e) == napi_ok) napi_fatal_exception(env, e);
    }
  }

  friend void ClosePollers(Environment* environment);
  friend Poller* ClosePollerOf(Environment* environment, int fd);
  friend void WakeClosed(napi_env env, Poller* poller);

  // The words of `state`.
  static constexpr int kArmed = 0, kInCallback = 1, kWanted = 2, kStateWords = 3;

  PollHandle* handle_ = nullptr;  // null once closed
  int fd_ = -1;
  bool held_ = false;    // the Ref() taken at creation, until close()
  bool in_callback_ = false;
  bool release_after_callback_ = false;
  int armed_ = 0;        // events the uv_poll_t watches (0: stopped)
  int wanted_ = 0;       // events calls wait for (0: idle)
  bool strong_ = false;  // callback_ and this object held strongly
  bool refed_ = true;    // ref()/unref(): keep the loop alive while a call waits
  int32_t* state_ = nullptr;  // armed_, for JavaScript
  Napi::Reference<Napi::ArrayBuffer> state_holder_;
  Napi::FunctionReference callback_;
  napi_env env_ = nullptr;
  Environment* registry_ = nullptr;
};

// The environment ends: close every poller still open.
void ClosePollers(Environment* environment) {
  // Release() erases from the set: iterate over a copy.
  std::vector<Poller*> open;
  for (const auto& entry : environment->pollers) open.push_back(entry.second);
  for (Poller* p : open) p->Release();
}

Poller* ClosePollerOf(Environment* environment, int fd) {
  auto it = environment->pollers.find(fd);
  if (it == environment->pollers.end()) return nullptr;
  Poller* p = it->second;
  bool waiting = p->wanted_ != 0 && !p->in_callback_;
  p->Release();
  return waiting ? p : nullptr;
}

void WakeClosed(napi_env env, Poller* poller) {
  // A plain call, not napi_make_callback(): this runs inside a call from
  // JavaScript (close()), where microtasks must not run in the middle. An
  // exception from the callback stays pending and reaches close()'s caller.
  napi_value callback, global, argv[2], result;
  if (napi_get_reference_value(env, poller->callback_, &callback) != napi_ok || callback == nullptr) return;
  if (napi_get_global(env, &global) != napi_ok) return;
  if (napi_create_int32(env, UV_EBADF, &argv[0]) != napi_ok) return;
  if (napi_create_int32(env, UV_READABLE | UV_WRITABLE, &argv[1]) != napi_ok) return;
  napi_call_function(env, global, callback, 2, argv, &result);
}

void InitPoller(Napi::Env env, Napi::Object exports) {
  exports.Set("Poller", Poller::Define(env));
  // native/poller_thread.cc reports the same bits (readiness.h).
  static_assert(UV_READABLE == kReadable && UV_WRITABLE == kWritable && UV_PRIORITIZED == kPrioritized,
                "both backends share the event bits");
  exports.Set("POLL_READABLE", Napi::Number::New(env, UV_READABLE));
  exports.Set("POLL_WRITABLE", Napi::Number::New(env, UV_WRITABLE));
  // Urgent data (POLLPRI), for select()'s exceptional conditions.
  exports.Set("POLL_PRIORITIZED", Napi::Number::New(env, UV_PRIORITIZED));
}

}  // namespace bsdsock
