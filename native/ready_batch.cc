// One call into JavaScript per turn for every readiness event of the turn:
// see native/ready_batch.h.
#include "ready_batch.h"

#include "poller_core.h"

namespace bsdsock {

napi_status ReadyBatch::Init(napi_env env) {
  if (deliver_ != nullptr) return napi_ok;
  napi_value fn;
  napi_status status = napi_create_function(env, "bsdsockReadiness", NAPI_AUTO_LENGTH, Deliver, this, &fn);
  if (status != napi_ok) return status;
  // Never deleted: Node-API frees the references of an environment with it,
  // and the batch lives as long as the environment.
  return napi_create_reference(env, fn, 1, &deliver_);
}

void ReadyBatch::Add(PollerCore* poller, int status, int events) {
  if (poller->queued_) {
    Entry& e = entries_[poller->batch_index_];
    e.events |= events;
    if (status < e.status) e.status = status;
    return;
  }
  poller->queued_ = true;
  poller->batch_index_ = entries_.size();
  poller->Words()[PollerCore::kInCallback] = 1;
  entries_.push_back(Entry{poller, status, events});
}

void ReadyBatch::Remove(PollerCore* poller) {
  if (!poller->queued_ || running_) return;
  entries_[poller->batch_index_].poller = nullptr;
  poller->queued_ = false;
  poller->Words()[PollerCore::kInCallback] = 0;
}

// The native function Run() calls: each entry's callback in turn. It stops
// at a callback that threw (the exception goes on up to Run(), and the rest
// follows in the next call) or when JavaScript can no longer run.
napi_value ReadyBatch::Deliver(napi_env env, napi_callback_info info) {
  void* data = nullptr;
  if (napi_get_cb_info(env, info, nullptr, nullptr, nullptr, &data) != napi_ok) return nullptr;
  ReadyBatch* self = static_cast<ReadyBatch*>(data);
  while (self->next_ < self->entries_.size()) {
    Entry e = self->entries_[self->next_++];
    if (e.poller == nullptr) continue;
    int outcome = e.poller->Deliver(env, e.status, e.events, false);
    if (outcome > 0) {
      self->threw_ = true;
      return nullptr;
    }
    if (outcome < 0) {
      self->stopped_ = true;
      return nullptr;
    }
  }
  return nullptr;
}

void ReadyBatch::Finish() {
  done_.swap(entries_);
  next_ = 0;
  running_ = false;
  for (const Entry& e : done_) {
    if (e.poller != nullptr) e.poller->FinishBatch();
  }
  done_.clear();
}

void ReadyBatch::Run(napi_env env) {
  if (running_) return;
  running_ = true;
  // A poller's end of the batch may queue an event again (the thread
  // backend reports a registration it cannot renew): deliver that too.
  while (!entries_.empty()) {
    stopped_ = deliver_ == nullptr;
    while (!stopped_ && next_ < entries_.size()) {
      size_t before = next_;
      threw_ = false;
      napi_handle_scope scope;
      if (napi_open_handle_scope(env, &scope) != napi_ok) break;
      napi_status status;
      if (entries_.size() - next_ == 1) {
        // A batch of one (a single busy socket): its callback is the
        // callback scope itself, without the native function in between.
        Entry e = entries_[next_++];
        int outcome = e.poller == nullptr ? 0 : e.poller->Deliver(env, e.status, e.events, true);
        threw_ = outcome > 0;
        stopped_ = outcome < 0;
        status = threw_ ? napi_pending_exception : napi_ok;
      } else {
        napi_value fn, global, result;
        status = napi_get_reference_value(env, deliver_, &fn);
        if (status == napi_ok) status = napi_get_global(env, &global);
        // The one callback scope of the turn: its microtasks and tick queue
        // run once, after every socket's callback.
        if (status == napi_ok) status = napi_make_callback(env, nullptr, global, fn, 0, nullptr, &result);
      }
      if (status == napi_pending_exception && threw_) {
        // As if thrown from a Node callback: the process's uncaught
        // exception ('uncaughtException' may handle it; the rest of the
        // batch follows).
        napi_value error;
        if (napi_get_and_clear_last_exception(env, &error) == napi_ok) napi_fatal_exception(env, error);
      } else if (status != napi_ok) {
        stopped_ = true;  // JavaScript cannot run (the environment ends)
      }
      napi_close_handle_scope(env, scope);
      if (next_ == before) break;
    }
    // Every queued poller leaves the batch: what the calls made meanwhile
    // wait for is applied. A poller may queue anew from here, into the
    // other list (both keep their room: no allocation per turn).
    Finish();
    if (stopped_) {
      // Nothing can be delivered any more: only finish what was queued.
      Finish();
      return;
    }
    running_ = true;
  }
  running_ = false;
}

}  // namespace bsdsock
