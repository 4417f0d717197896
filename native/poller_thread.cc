// Readiness without libuv: the second poller backend, for runtimes whose
// addons may not call uv_* functions (Bun exports them as stubs that abort,
// Deno's uv_poll reports once and then hangs). Built from Node-API alone.
//
// JavaScript sees the interface of native/poller.cc (a table of pollers:
// open, start, close, ref, the state words, the dispatcher), so
// src/socket.ts does not know which backend it has; src/binding.ts chooses.
//
// One readiness thread per environment waits on the kernel's queue
// (native/readiness.h: epoll, or kqueue on macOS and the BSDs) and hands
// every event of one wake-up to the JavaScript thread in one call of a
// thread-safe function, which delivers them to JavaScript as one batch
// (native/ready_batch.h: one napi_make_callback for all). What JavaScript
// sees is in native/poller_core.h, shared with the libuv backend. The
// design follows from what crosses threads:
//
// - Ids, not pointers. Each poller has an id that is never reused; the
//   kernel registration carries it, and the JavaScript thread looks it up
//   in the environment's table of open pollers. An event for a poller
//   closed meanwhile finds nothing and is dropped, so no thread ever holds
//   a pointer to a poller.
// - One-shot registrations, re-armed per wait. A registration reports once;
//   the JavaScript thread arms it again only if a call still waits, so no
//   event is reported twice and a socket left alone is simply not re-armed
//   (this backend's way of stopping lazily: start(0) leaves the last
//   registration armed, and the event nobody waits for disarms it).
// - The event loop is kept alive through the thread-safe function: it is
//   ref'd while some ref'd poller has a call waiting, unref'd otherwise.
// - Teardown through the plain environment cleanup hook (and the
//   thread-safe function's finalizer, whichever comes first): stop and
//   join the thread, so nothing calls into the environment after it ends.
//   No libuv handle is involved, so nothing waits for close callbacks.
//
// Only the readiness thread touches the pending-events list besides the
// JavaScript thread, under a mutex; everything else is the JavaScript
// thread's alone.
#include <sched.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "addon.h"
#include "args.h"
#include "poller_core.h"
#include "readiness.h"

namespace bsdsock {
namespace {

class ThreadPoller;

// One environment's readiness thread and the pollers it serves (its table
// owns them). Counted: the environment holds one reference until its
// cleanup hook, the thread-safe function one until its finalizer (which can
// run after the hook).
class ThreadEnv {
 public:
  explicit ThreadEnv(napi_env env) : env_(env) {
    napi_add_env_cleanup_hook(env, OnCleanup, this);
  }

  void Hold() { holders_++; }
  void Drop() {
    if (--holders_ == 0) delete this;
  }

  bool ended() const { return ended_; }

  // Starts the thread on first use. 0 or -errno (napi failures as -ENOMEM:
  // the only way they fail here is lack of memory or an ending runtime).
  int Ensure() {
    if (ended_) return -EBADF;
    if (started_) return 0;
    int err = queue_.Open();
    if (err != 0) return err;
    napi_value name;
    // The thread-safe function holds the environment state until its
    // finalizer, which may run after the cleanup hook.
    Hold();
    if (napi_create_string_utf8(env_, "bsdsock.readiness", NAPI_AUTO_LENGTH, &name) != napi_ok ||
        napi_create_threadsafe_function(env_, nullptr, nullptr, name, 0, 1, this, OnFinalize, this, Deliver, &tsfn_) != napi_ok) {
      queue_.Close();
      Drop();
      return -ENOMEM;
    }
    // Idle until a call waits.
    napi_unref_threadsafe_function(env_, tsfn_);
    try {
      thread_ = std::thread([this] { Run(); });
    } catch (const std::exception&) {  // std::system_error: no thread to be had
      napi_release_threadsafe_function(tsfn_, napi_tsfn_abort);
      tsfn_ = nullptr;
      queue_.Close();
      return -EAGAIN;
    }
    started_ = true;
    return 0;
  }

  uint64_t NewId() { return ++last_id_; }
  // A descriptor has one poller at a time, as in libuv (uv_poll_init says
  // EEXIST): a second registration would take the first one's events.
  bool Watches(int fd) const { return fds_.count(fd) != 0; }
  void Add(uint64_t id, int fd, ThreadPoller* p) {
    open_[id] = p;
    fds_.insert(fd);
  }
  void Remove(uint64_t id, int fd) {
    open_.erase(id);
    fds_.erase(fd);
  }
  ReadinessQueue& queue() { return queue_; }
  ReadyBatch& batch() { return batch_; }
  PollTable& table() { return table_; }

  // A poller began (+1) or stopped (-1) keeping the loop alive.
  void Active(int delta) {
    int before = active_;
    active_ += delta;
    if (tsfn_ == nullptr || ended_) return;
    if (before == 0 && active_ > 0) napi_ref_threadsafe_function(env_, tsfn_);
    else if (before > 0 && active_ == 0) napi_unref_threadsafe_function(env_, tsfn_);
  }

 private:
  ~ThreadEnv() { Stop(); }

  // The readiness thread: wait, collect, hand over in one call.
  void Run() {
    ReadyEvent evs[64];
    // After a delivery the next event often follows within microseconds
    // (the answer to what the callback sent): look again without sleeping
    // for a short while, yielding the CPU between looks, before blocking.
    std::chrono::steady_clock::time_point spin_until{};
    for (;;) {
      bool spinning = std::chrono::steady_clock::now() < spin_until;
      int n = queue_.Wait(evs, 64, !spinning);
      if (n == 0 && spinning) {
        sched_yield();
        continue;
      }
      if (n < 0) {
        if (n == -EINTR) continue;
        return;  // the queue is broken (never seen): waits time out instead
      }
      bool any = false;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        for (int i = 0; i < n; i++) {
          if (evs[i].id == 0) continue;
          pending_.push_back(evs[i]);
          any = true;
        }
        if (stopping_) return;
        // One call per batch: while one is on its way, later events join it.
        if (!any || call_queued_) any = false;
        else call_queued_ = true;
      }
      for (int i = 0; i < n; i++) {
        if (evs[i].id == 0) queue_.DrainWake();
      }
      if (any) {
        if (napi_call_threadsafe_function(tsfn_, nullptr, napi_tsfn_nonblocking) != napi_ok) {
          return;  // napi_closing: the environment is ending
        }
        spin_until = std::chrono::steady_clock::now() + kSpin;
      }
    }
  }

  // On the JavaScript thread: every event since the last call.
  static void Deliver(napi_env env, napi_value, void* context, void*);

  // Joins the thread. Safe to call twice; JavaScript thread only.
  void Stop() {
    if (!started_) return;
    started_ = false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    queue_.Wake();
    thread_.join();
    queue_.Close();
  }

  static void OnCleanup(void* arg) {
    ThreadEnv* self = static_cast<ThreadEnv*>(arg);
    self->End();
    self->Drop();
  }

  // The thread-safe function is going away (the runtime's own teardown can
  // come before our hook): the thread must not call it again.
  static void OnFinalize(napi_env, void* data, void*) {
    ThreadEnv* self = static_cast<ThreadEnv*>(data);
    self->Stop();
    self->tsfn_ = nullptr;
    self->Drop();
  }

  void End();

  static constexpr std::chrono::microseconds kSpin{50};

  napi_env env_;
  int holders_ = 1;
  bool ended_ = false;
  bool started_ = false;
  int active_ = 0;
  uint64_t last_id_ = 0;
  ReadinessQueue queue_;
  napi_threadsafe_function tsfn_ = nullptr;
  std::thread thread_;
  std::unordered_map<uint64_t, ThreadPoller*> open_;
  std::unordered_set<int> fds_;  // the descriptors of open_
  std::mutex mutex_;
  std::vector<ReadyEvent> pending_;  // under mutex_
  bool call_queued_ = false;         // under mutex_
  bool stopping_ = false;            // under mutex_
  std::vector<ReadyEvent> arrived_;  // JavaScript thread: the events being delivered
  ReadyBatch batch_;                 // JavaScript thread: their delivery
  PollTable table_;                  // JavaScript thread: the pollers, by slot (destroyed before batch_)
};

class ThreadPoller : public PollerCore {
 public:
  // open(fd) -> slot: a poller for `fd` in the environment's table. Throws
  // with the errno when the descriptor cannot be watched.
  static Napi::Value Open(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    int fd = IntArg(info, 0);
    ThreadEnv* tenv = static_cast<ThreadEnv*>(info.Data());
    int err = tenv->Watches(fd) ? -EEXIST : tenv->Ensure();
    if (err != 0) {
      // Not a programming error: the caller reports the errno.
      Napi::Error e = Napi::Error::New(env, std::string("bsdsock native: ThreadPoller: ") + strerror(-err));
      e.Set("errno", Napi::Number::New(env, -err));
      throw e;
    }
    NAPI_THROW_IF_FAILED(env, tenv->batch().Init(env), Napi::Value());
    ThreadPoller* self = new ThreadPoller(tenv, fd);
    try {
      self->InitCore(env, &tenv->table(), &tenv->batch());
    } catch (...) {
      delete self;
      throw;
    }
    self->id_ = tenv->NewId();
    tenv->Add(self->id_, fd, self);
    return Napi::Number::New(env, self->slot());
  }

  ~ThreadPoller() override { Release(); }

  // The environment ends: the thread has stopped, the queue is closed.
  void Abandon() {
    registered_ = false;
    Release();
  }

  // One event from the readiness thread (JavaScript thread): queued for
  // this delivery's batch, or handled here if no call waits for it.
  void OnEvent(const ReadyEvent& e) {
    int fired = e.events;
    if (e.hangup) fired |= armed_;
    int watched = armed_;
    armed_ = ReadinessQueue::ArmedAfter(armed_, fired);
    if (e.error) {
      // As libuv reports POLLERR: a status for every waiter, whose retried
      // call finds the real error (or only the error queue, see socket.ts).
      if (wanted_ == 0) {
        SetArmed(armed_);
        return;
      }
      Words()[kArmed] = 0;
      watched_ = 0;
      Queue(-EBADF, kReadable | kWritable);
    } else if ((fired & wanted_) == 0) {
      // Nobody waits for this: left disarmed (stopping lazily), unless a
      // call waits for something else still to come.
      Rearm(watched);
    } else {
      // During the batch, JavaScript sees what was watched, so that calls
      // made meanwhile for those events write state[kWanted] instead of
      // calling start(); the registration is armed once, afterwards.
      if (!queued()) watched_ = watched;
      Words()[kArmed] = watched_;
      Queue(0, fired);
    }
  }

 private:
  int Watch(int events) override {
    if ((events & ~armed_) != 0) {
      int err = Arm(events);
      if (err != 0) {
        Want(0);
        return err;
      }
    }
    Want(events);
    return 0;
  }

  void KeepLoopAlive(bool keep) override {
    if (keep == active_) return;
    active_ = keep;
    tenv_->Active(keep ? 1 : -1);
  }

  // Out of the kernel's set before the descriptor closes, out of the table
  // so a queued event finds nothing.
  void StopForGood() override {
    if (tenv_->ended()) return;
    tenv_->Remove(id_, fd_);
    if (registered_) tenv_->queue().Disarm(fd_, armed_);
  }

  void AfterBatch() override {
    bool reporting = failing_;  // this batch delivered a failed re-arm
    int32_t wanted = Words()[kWanted];
    if (wanted != wanted_) Want(wanted);
    Rearm(watched_);
    if (reporting) failing_ = false;
  }

  int Arm(int events) {
    int err = tenv_->queue().Arm(fd_, id_, events, registered_ ? armed_ : 0);
    if (err != 0) {
      SetArmed(0);
      return err;
    }
    registered_ = true;
    SetArmed(events);
    return 0;
  }

  // After an event: arm what calls wait for, if the registration (which
  // watched `watched`) does not still watch it.
  void Rearm(int watched) {
    if (wanted_ == 0 || (wanted_ & ~armed_) == 0) {
      SetArmed(armed_);
      return;
    }
    if (Arm(wanted_ | armed_) != 0 && !failing_) {
      // The descriptor cannot be watched any more: every waiter retries
      // and finds the error itself, or start() reports it (once: the
      // report's own batch does not report again).
      failing_ = true;
      OnEvent(ReadyEvent{id_, kReadable | kWritable, true, false});
    }
  }

  ThreadPoller(ThreadEnv* tenv, int fd) : tenv_(tenv), fd_(fd) {}

  ThreadEnv* tenv_ = nullptr;
  uint64_t id_ = 0;
  int fd_ = -1;
  bool registered_ = false;  // in the kernel's set
  bool failing_ = false;     // reporting a failed re-arm (no second report)
  bool active_ = false;      // counted in the environment's loop reference
  int watched_ = 0;          // what the registration watched before this batch's event
};

void ThreadEnv::Deliver(napi_env env, napi_value, void* context, void*) {
  ThreadEnv* self = static_cast<ThreadEnv*>(context);
  // env is null when the runtime drops the call at teardown.
  if (env == nullptr || self->ended_) return;
  {
    std::lock_guard<std::mutex> lock(self->mutex_);
    self->arrived_.swap(self->pending_);
    self->call_queued_ = false;
  }
  // Queue each event for its poller (an event for a poller closed since
  // finds none), then deliver them all in one call (native/ready_batch.h).
  for (const ReadyEvent& e : self->arrived_) {
    auto it = self->open_.find(e.id);
    if (it != self->open_.end()) it->second->OnEvent(e);
  }
  self->arrived_.clear();
  self->batch_.Run(env);
}

void ThreadEnv::End() {
  Stop();
  ended_ = true;
  std::unordered_map<uint64_t, ThreadPoller*> open;
  open.swap(open_);
  fds_.clear();
  for (auto& entry : open) entry.second->Abandon();
  if (tsfn_ != nullptr) {
    napi_release_threadsafe_function(tsfn_, napi_tsfn_abort);
    tsfn_ = nullptr;
  }
}

}  // namespace

void InitThreadPoller(Napi::Env env, Napi::Object exports) {
  ThreadEnv* tenv = new ThreadEnv(env);
  exports.Set("threadPoll", PollTable::Define(env, &tenv->table(), ThreadPoller::Open, tenv));
}

}  // namespace bsdsock
