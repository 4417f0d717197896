// What the two poller backends share (native/poller.cc on libuv's loop,
// native/poller_thread.cc on a readiness thread): the JavaScript interface
// (start, close, ref, unref, the shared `state` words), what calls wait for,
// the references that keep a waiting socket alive, and the part a poller
// plays in its environment's batch of readiness (native/ready_batch.h).
// The backends supply only how a descriptor is watched and how the loop is
// kept alive.
//
// The state words (an Int32Array shared with src/socket.ts):
//   [kArmed]      the events the backend watches now
//   [kInCallback] 1 while the poller is in a batch being delivered: calls
//                 made meanwhile leave what they wait for in [kWanted]
//                 instead of calling start(), if it is already watched
//   [kWanted]     the events calls wait for
//
// Lifetime. The object is held from its creation until close() (its owner
// always closes it); a poller in a batch is held until the batch ends.
// While some call waits, the callback is a strong reference (it keeps the
// socket alive) and, unless unref()'d, so is the event loop; while idle the
// callback is weak and the loop is not kept alive.
#pragma once
#include <napi.h>

#include <cstddef>
#include <cstdint>

#include "args.h"
#include "readiness.h"
#include "ready_batch.h"
#include "state_slab.h"

namespace bsdsock {

class PollerCore {
 public:
  virtual ~PollerCore() = default;

  static constexpr int kArmed = 0, kInCallback = 1, kWanted = 2;
  static_assert(StateSlab::kWords == 3, "the state words");

  // Stop for good (out of the backend's set before the descriptor closes).
  // Safe to call twice.
  void Release();

  // Whether calls wait on this poller and its callback has not been called
  // in the batch being delivered (native/syscalls.cc close(): such calls
  // are woken when their descriptor is closed by number).
  bool WaitingUnwoken() const { return wanted_ != 0 && !ran_; }

  // Calls the callback with a poll error at once (the descriptor was closed
  // by number). A plain call, not napi_make_callback(): this runs inside a
  // call from JavaScript, where microtasks must not run in the middle. An
  // exception stays pending and reaches that call's caller.
  void WakeClosed(napi_env env);

 protected:
  friend class ReadyBatch;

  // The state words (a slot of `slab`) and the callback; `self` is the
  // JavaScript object.
  void InitCore(napi_env env, Napi::Object self, Napi::Function callback, ReadyBatch* batch, StateSlab* slab);

  // The object is being destroyed: its state slot serves the next poller.
  // In the backend's destructor, while the slab surely exists.
  void GiveSlot() {
    if (slab_ != nullptr) slab_->Give(slot_);
    slab_ = nullptr;
  }

  void SetArmed(int events) {
    armed_ = events;
    state_[kArmed] = events;
  }

  // Record what calls wait for; hold the callback (and through it the
  // socket) and the loop only while that is something.
  void Want(int events);

  // The JavaScript methods' bodies.
  void SetRefed(bool refed) {
    refed_ = refed;
    KeepLoopAlive(open_ && refed_ && wanted_ != 0);
  }
  void CloseCall();

  bool queued() const { return queued_; }
  // Queue an event for this turn's delivery.
  void Queue(int status, int events) { batch_->Add(this, status, events); }

  // The backend's part.
  // start(events): watch them (if not yet) and record them; 0 or -errno.
  virtual int Watch(int events) = 0;
  // Keep the event loop alive (a call waits on a ref'd poller) or not.
  virtual void KeepLoopAlive(bool keep) = 0;
  // Stop watching for good (called once, by Release()).
  virtual void StopForGood() = 0;
  // The batch was delivered and its microtasks ran: apply what calls now
  // wait for (open pollers only).
  virtual void AfterBatch() = 0;
  // Let go of the hold taken at creation (ObjectWrap::Unref()).
  virtual void Unhold() = 0;

  napi_env env_ = nullptr;
  int32_t* state_ = nullptr;
  int armed_ = 0;        // events the backend watches (0: stopped)
  int wanted_ = 0;       // events calls wait for (0: idle)
  bool open_ = false;    // until Release()
  bool held_ = false;    // the hold taken at creation, until close()
  bool refed_ = true;    // ref()/unref(): keep the loop alive while a call waits

 private:
  // Called by ReadyBatch: deliver one event (0: delivered or skipped;
  // 1: the callback threw, the exception is pending; -1: JavaScript cannot
  // run), and the end of the batch. `ownScope`: the call is the batch's
  // own callback scope (napi_make_callback), for a batch of one.
  int Deliver(napi_env env, int status, int events, bool ownScope);
  void FinishBatch();

  ReadyBatch* batch_ = nullptr;
  size_t batch_index_ = 0;  // the entry, while queued_
  bool queued_ = false;     // in the batch (held until it ends)
  bool ran_ = false;        // its callback was called in this batch
  bool release_after_batch_ = false;  // closed while queued
  bool strong_ = false;     // callback_ held strongly
  StateSlab* slab_ = nullptr;
  StateSlab::Slot slot_;
  Napi::FunctionReference callback_;
};

// The JavaScript methods, once for both backends. T is the backend's class
// (deriving from PollerWrap<T>).
template <typename T>
class PollerWrap : public Napi::ObjectWrap<T>, public PollerCore {
 public:
  explicit PollerWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<T>(info) {}

  static Napi::Function DefineWith(Napi::Env env, const char* name, void* data = nullptr) {
    using Method = Napi::Value (T::*)(const Napi::CallbackInfo&);
    return Napi::ObjectWrap<T>::DefineClass(env, name,
                                            {
                                                Napi::ObjectWrap<T>::InstanceMethod("start", static_cast<Method>(&PollerWrap::StartCall)),
                                                Napi::ObjectWrap<T>::InstanceMethod("close", static_cast<Method>(&PollerWrap::CloseJs)),
                                                Napi::ObjectWrap<T>::InstanceMethod("ref", static_cast<Method>(&PollerWrap::RefJs)),
                                                Napi::ObjectWrap<T>::InstanceMethod("unref", static_cast<Method>(&PollerWrap::UnrefJs)),
                                            },
                                            data);
  }

 protected:
  // Taken in the backend's constructor once it is set up: see "Lifetime".
  void Hold() {
    this->Ref();
    held_ = true;
  }
  void Unhold() override { this->Unref(); }

 private:
  // start(events) -> 0 | -errno: the events calls now wait for (0: none).
  Napi::Value StartCall(const Napi::CallbackInfo& info) {
    int events = IntArg(info, 0) & (kReadable | kWritable | kPrioritized);
    return Result(info, open_ ? Watch(events) : -EBADF);
  }
  Napi::Value CloseJs(const Napi::CallbackInfo& info) {
    CloseCall();
    return info.Env().Undefined();
  }
  Napi::Value RefJs(const Napi::CallbackInfo& info) {
    SetRefed(true);
    return info.Env().Undefined();
  }
  Napi::Value UnrefJs(const Napi::CallbackInfo& info) {
    SetRefed(false);
    return info.Env().Undefined();
  }
};

}  // namespace bsdsock
