// What the two poller backends share (native/poller.cc on libuv's loop,
// native/poller_thread.cc on a readiness thread): the JavaScript interface
// (start, close, ref, the shared state words: native/poller_table.h), what
// calls wait for, and the part a poller plays in its environment's batch of
// readiness (native/ready_batch.h). The backends supply only how a
// descriptor is watched and how the loop is kept alive.
//
// The state words (of the table's Int32Array, shared with src/socket.ts):
//   [kArmed]      the events the backend watches now
//   [kInCallback] 1 while the poller is in a batch being delivered: calls
//                 made meanwhile leave what they wait for in [kWanted]
//                 instead of calling start(), if it is already watched
//   [kWanted]     the events calls wait for
//
// Lifetime. The object is owned by its table (native/poller_table.h) from
// its creation until JavaScript closes its slot; a poller in a batch is
// kept until the batch ends. It holds nothing of JavaScript's: the table's
// dispatcher finds the socket by slot, and src/poller-table.ts holds a
// socket strongly only while some call waits on it. While a call waits,
// the event loop is kept alive, unless unref()'d.
#pragma once
#include <napi.h>

#include <cstddef>
#include <cstdint>

#include "args.h"
#include "readiness.h"
#include "ready_batch.h"
#include "poller_table.h"

namespace bsdsock {

class PollerCore {
 public:
  virtual ~PollerCore() = default;

  static constexpr int kArmed = 0, kInCallback = 1, kWanted = 2;
  static_assert(PollTable::kWords == 3, "the state words");

  // The JavaScript calls' bodies (native/poller_table.cc).
  // start(events): 0 or -errno.
  int Start(int events) { return open_ ? Watch(events) : -EBADF; }
  // close(): stop for good; the table frees the slot (after the batch).
  void Close();
  // ref()/unref(): keep the loop alive while a call waits, or not.
  void SetRefed(bool refed) {
    refed_ = refed;
    KeepLoopAlive(open_ && refed_ && wanted_ != 0);
  }

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

  // Takes a slot of `table` (which then owns this object); throws if it
  // cannot (no memory), the caller then deleting the object.
  void InitCore(napi_env env, PollTable* table, ReadyBatch* batch);
  uint32_t slot() const { return slot_; }
  int32_t* Words() const { return table_->Words(slot_); }

  void SetArmed(int events) {
    armed_ = events;
    Words()[kArmed] = events;
  }

  // Record what calls wait for; keep the loop alive only while that is
  // something.
  void Want(int events);

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

  napi_env env_ = nullptr;
  int armed_ = 0;        // events the backend watches (0: stopped)
  int wanted_ = 0;       // events calls wait for (0: idle)
  bool open_ = false;    // until Release()
  bool held_ = false;    // the slot is JavaScript's, until close()
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
  PollTable* table_ = nullptr;
  uint32_t slot_ = 0;
};

}  // namespace bsdsock
