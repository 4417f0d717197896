// Readiness on Node's own event loop through libuv's uv_poll_t.
//
// JavaScript sees one small interface, a table of pollers per environment
// (native/poller_table.h), kept so that a second backend
// (native/poller_thread.cc) can replace it on runtimes that forbid libuv
// calls in addons:
//
//   const slot = uvPoll.open(fd);
//   uvPoll.start(slot, events)  // the events calls wait for (READABLE |
//                               // WRITABLE | PRIORITIZED, or 0 when none
//                               // waits); 0 or -errno
//   uvPoll.ref(slot, refed)
//   uvPoll.close(slot)          // stop for good; the handle is freed by libuv
//   uvPoll.words()              // every slot's state words (poller_core.h)
//   uvPoll.dispatch(fn)         // fn(slot, status, events): the readiness
//
// One entry into JavaScript per loop turn. libuv calls OnReady() in its
// poll phase, once per ready descriptor; OnReady() only adds the event to
// the environment's batch (native/ready_batch.h). One uv_check_t per
// environment, started when the batch gets its first event of the turn,
// runs in the check phase that follows the poll phase of the same turn and
// delivers the whole batch in one napi_make_callback. The check handle is
// always unref'd: it never keeps the loop alive by itself (a ref'd poller
// with a call waiting does). It is started before Node's own check handle
// (libuv runs the most recently started first), so readiness is delivered
// before the turn's setImmediate callbacks, as it was from the poll phase.
//
// Stopping lazily. uv_poll_start() and uv_poll_stop() each cost epoll_ctl
// calls, and a socket in use goes from "a call waits" to "none waits" and
// back on every call. So start(0) only marks the poller idle and leaves the
// handle watching; it stops when an event arrives that no call waits for
// (the socket was left alone), and it is never restarted for events it
// already watches. A writable event that nobody wants is narrowed away at
// once after the batch, because a socket is almost always writable and
// libuv's level-triggered epoll would report it again immediately. `state`
// tells JavaScript what the handle still watches, so a call can skip a
// first attempt that would only find EAGAIN: readiness will be reported.
//
// Calls made during the batch. A call usually completes in its socket's
// callback (the drain) and the next one is made in the microtasks that run
// before the batch's napi_make_callback returns. While the poller is in the
// batch, JavaScript writes the events it waits for into state[kWanted]
// instead of calling start(), unless the handle must watch something new;
// they are applied once, after the batch. So a busy socket costs no native
// call and no reference change per call.
//
// Lifetime: see native/poller_core.h. close() must come before the
// descriptor is closed: uv_close() unregisters the descriptor from the
// loop's epoll set, which must not happen after the number has been reused.
//
// Workers. Each environment keeps a set of its open pollers; its cleanup
// hook (native/environment.cc) closes them and the check handle when the
// environment (a worker, or the main thread) ends.
//
// Teardown. OnReady and OnCheck are called by libuv, not by JavaScript:
// nothing may be thrown out of them (std::terminate). While a worker is
// terminated, libuv still runs (Node closes its own handles before the
// cleanup hooks) and every Node-API call that needs JavaScript fails; the
// batch uses Node-API's own calls, whose failures are return values.
#include <uv.h>

#include <cstring>
#include <vector>

#include "addon.h"
#include "args.h"
#include "environment.h"
#include "poller_core.h"
#include "readiness.h"

namespace bsdsock {
namespace {

// A libuv handle and the environment whose count of closing handles its
// close callback lowers (the object that used it may be gone by then).
template <typename H>
struct LoopHandle {
  H uv;
  Environment* env;
};

// libuv is done with a handle: free it, and if the environment is ending
// and this was the last handle closing, let Node go on.
template <typename H>
void OnClosed(uv_handle_t* h) {
  LoopHandle<H>* handle = reinterpret_cast<LoopHandle<H>*>(h);
  Environment* env = handle->env;
  delete handle;
  if (--env->closing == 0 && env->teardown != nullptr) {
    napi_async_cleanup_hook_handle teardown = env->teardown;
    env->teardown = nullptr;
    napi_remove_async_cleanup_hook(teardown);
  }
}

template <typename H>
void CloseHandle(LoopHandle<H>* handle) {
  handle->env->closing++;
  uv_close(reinterpret_cast<uv_handle_t*>(&handle->uv), OnClosed<H>);
}

}  // namespace

// The environment's check handle: delivers the turn's batch.
struct TurnHandle : LoopHandle<uv_check_t> {};

namespace {

// libuv's check callback: the poll phase of this turn queued events.
void OnCheck(uv_check_t* check) {
  Environment* environment = reinterpret_cast<TurnHandle*>(check)->env;
  uv_check_stop(check);
  try {
    environment->batch.Run(environment->napi);
  } catch (...) {  // nothing in Run() throws; an exception here is std::terminate
  }
}

// The check handle, made with the environment's first poller. 0 or -errno.
int EnsureTurn(Environment* environment, uv_loop_t* loop) {
  if (environment->turn != nullptr) return 0;
  TurnHandle* turn = new TurnHandle;
  turn->env = environment;
  int err = uv_check_init(loop, &turn->uv);
  if (err != 0) {
    delete turn;
    return err;
  }
  uv_unref(reinterpret_cast<uv_handle_t*>(&turn->uv));
  environment->turn = turn;
  return 0;
}

}  // namespace

class Poller : public PollerCore {
 public:
  // open(fd) -> slot: a poller for `fd` in the environment's table. Throws
  // with the errno when libuv refuses the descriptor.
  static Napi::Value Open(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    int fd = IntArg(info, 0);
    uv_loop_t* loop = nullptr;
    if (napi_get_uv_event_loop(env, &loop) != napi_ok || loop == nullptr) {
      throw Napi::Error::New(env, "bsdsock native: no event loop");
    }
    Environment* registry = EnvironmentOf(env);
    if (registry == nullptr || registry->ending) throw Napi::Error::New(env, "bsdsock native: the environment is ending");
    // The asynchronous cleanup hook comes with the first libuv poller, so
    // that a process that never waits, or waits through
    // native/poller_thread.cc, has none (Deno frees a hook removed from
    // inside itself twice).
    NAPI_THROW_IF_FAILED(env, HookPollerTeardown(env, registry), Napi::Value());
    NAPI_THROW_IF_FAILED(env, registry->batch.Init(env), Napi::Value());
    registry->napi = env;
    int err = EnsureTurn(registry, loop);
    Poller* self = nullptr;
    if (err == 0) {
      // Everything that can throw (JavaScript may be terminating) before the
      // handle exists: a handle left open by a failed call would abort the
      // worker's end (libuv's loop closed with open handles).
      self = new Poller(registry);
      try {
        self->InitCore(env, &registry->table, &registry->batch);
      } catch (...) {
        delete self;
        throw;
      }
      self->handle_ = new LoopHandle<uv_poll_t>;
      self->handle_->env = registry;
      err = InitPollHandle(loop, &self->handle_->uv, fd);
    }
    if (err != 0) {
      if (self != nullptr) {
        delete self->handle_;
        self->handle_ = nullptr;
        self->open_ = false;
        registry->table.Free(self->slot());
      }
      // Not a programming error: the loop already watches this descriptor
      // (EEXIST). The errno goes with the error for the caller to report.
      Napi::Error e = Napi::Error::New(env, std::string("bsdsock native: uv_poll_init: ") + strerror(-err));
      e.Set("errno", Napi::Number::New(env, -err));
      throw e;
    }
    self->handle_->uv.data = self;
    uv_unref(reinterpret_cast<uv_handle_t*>(&self->handle_->uv));  // idle until a call waits
    self->fd_ = fd;
    registry->pollers[fd] = self;
    return Napi::Number::New(env, self->slot());
  }

  ~Poller() override { Release(); }

 private:
  int Watch(int events) override {
    if ((events & ~armed_) != 0) {
      int err = uv_poll_start(&handle_->uv, events, OnReady);
      if (err != 0) {  // libuv errors are -errno on Unix
        if (armed_ != 0) uv_poll_stop(&handle_->uv);
        SetArmed(0);
        Want(0);
        return err;
      }
      SetArmed(events);
    }
    Want(events);
    return 0;
  }

  void KeepLoopAlive(bool keep) override {
    if (handle_ == nullptr) return;
    uv_handle_t* h = reinterpret_cast<uv_handle_t*>(&handle_->uv);
    if (keep) uv_ref(h);
    else uv_unref(h);
  }

  void StopForGood() override {
    auto it = registry_->pollers.find(fd_);
    if (it != registry_->pollers.end() && it->second == this) registry_->pollers.erase(it);
    handle_->uv.data = nullptr;
    CloseHandle(handle_);
    handle_ = nullptr;
  }

  void AfterBatch() override {
    // Only events already watched were left in state.
    int32_t wanted = Words()[kWanted];
    if (wanted != wanted_) Want(wanted & armed_);
    // A writable event nobody wants would fire again at once.
    if ((armed_ & UV_WRITABLE & ~wanted_) != 0) Narrow();
  }

  // Watch only what calls wait for (nothing: stop).
  void Narrow() {
    if (handle_ == nullptr || armed_ == wanted_) return;
    if (wanted_ == 0) {
      uv_poll_stop(&handle_->uv);
      SetArmed(0);
    } else if (uv_poll_start(&handle_->uv, wanted_, OnReady) == 0) {
      SetArmed(wanted_);
    } else {
      uv_poll_stop(&handle_->uv);
      SetArmed(0);
    }
  }

  // libuv's callback: queue the event for this turn's batch. Nothing here
  // calls JavaScript or throws.
  static void OnReady(uv_poll_t* handle, int status, int events) {
    Poller* self = static_cast<Poller*>(handle->data);
    if (self == nullptr) return;
    if (status < 0) {
      // A poll error (libuv reports POLLERR as UV_EBADF): libuv has already
      // stopped the handle; the batch wakes every waiter, and the callback
      // starts it again if calls are still waiting.
      self->SetArmed(0);
      if (self->wanted_ == 0) return;
    } else if ((events & self->wanted_) == 0) {
      // Nobody waits for this: the socket was left alone (stop lazily).
      self->Narrow();
      return;
    }
    Environment* environment = self->registry_;
    if (environment->ending) return;
    bool first = environment->batch.empty();
    self->Queue(status, events);
    if (first) uv_check_start(&environment->turn->uv, OnCheck);
  }

  friend void ClosePollers(Environment* environment);
  friend PollerCore* ClosePollerOf(Environment* environment, int fd);

  explicit Poller(Environment* registry) : registry_(registry) {}

  LoopHandle<uv_poll_t>* handle_ = nullptr;  // null once closed
  int fd_ = -1;
  Environment* registry_ = nullptr;
};

// The environment ends: close every poller still open, and the check handle.
void ClosePollers(Environment* environment) {
  // Release() erases from the set: iterate over a copy.
  std::vector<Poller*> open;
  for (const auto& entry : environment->pollers) open.push_back(entry.second);
  for (Poller* p : open) p->Release();
  if (environment->turn != nullptr) {
    CloseHandle(environment->turn);
    environment->turn = nullptr;
  }
}

PollerCore* ClosePollerOf(Environment* environment, int fd) {
  auto it = environment->pollers.find(fd);
  if (it == environment->pollers.end()) return nullptr;
  Poller* p = it->second;
  bool waiting = p->WaitingUnwoken();
  p->Release();
  return waiting ? p : nullptr;
}

void InitPoller(Napi::Env env, Napi::Object exports) {
  Environment* environment = EnvironmentOf(env);
  exports.Set("uvPoll", PollTable::Define(env, &environment->table, Poller::Open, nullptr));
  // native/poller_thread.cc reports the same bits (readiness.h).
  static_assert(UV_READABLE == kReadable && UV_WRITABLE == kWritable && UV_PRIORITIZED == kPrioritized,
                "both backends share the event bits");
  exports.Set("POLL_READABLE", Napi::Number::New(env, UV_READABLE));
  exports.Set("POLL_WRITABLE", Napi::Number::New(env, UV_WRITABLE));
  // Urgent data (POLLPRI), for select()'s exceptional conditions.
  exports.Set("POLL_PRIORITIZED", Napi::Number::New(env, UV_PRIORITIZED));
#ifdef _WIN32
  // libuv on Windows ignores UV_PRIORITIZED, which elsewhere also brings
  // a hang-up alone; there a hang-up alone is UV_DISCONNECT (src/readiness.ts).
  exports.Set("POLL_DISCONNECT", Napi::Number::New(env, UV_DISCONNECT));
#endif
}

}  // namespace bsdsock
