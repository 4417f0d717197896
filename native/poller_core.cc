// The part of a poller both backends share: see native/poller_core.h.
#include "poller_core.h"

namespace bsdsock {

void PollerCore::InitCore(napi_env env, PollTable* table, ReadyBatch* batch) {
  uint32_t slot;
  NAPI_THROW_IF_FAILED_VOID(env, table->Add(env, this, &slot));
  table_ = table;
  slot_ = slot;
  env_ = env;
  batch_ = batch;
  open_ = true;
  held_ = true;
}

void PollerCore::Want(int events) {
  wanted_ = events;
  Words()[kWanted] = events;
  KeepLoopAlive(open_ && refed_ && events != 0);
}

void PollerCore::Release() {
  if (!open_) return;
  batch_->Remove(this);
  KeepLoopAlive(false);
  open_ = false;
  StopForGood();
  SetArmed(0);
  wanted_ = 0;
  Words()[kWanted] = 0;
}

void PollerCore::Close() {
  Release();
  if (!held_) return;
  held_ = false;
  // A queued poller is still in the batch's list: freed after it ends.
  if (queued_) release_after_batch_ = true;
  else table_->Free(slot_);  // deletes this
}

// Node-API's own calls, not node-addon-api's: when a callback's microtasks
// end the environment (process.exit() in a worker) or the worker is
// terminated, the calls fail with V8's termination in place of an
// exception, and wrapping that in a Napi::Error would throw out of a libuv
// callback.
int PollerCore::Deliver(napi_env env, int status, int events, bool ownScope) {
  if (!open_) return 0;  // closed since the event: no call
  int ev;
  if (status < 0) {
    // A poll error wakes every waiter: the retried call reports the real
    // error. With nobody waiting, there is no one to tell.
    if (wanted_ == 0) return 0;
    ev = kReadable | kWritable;
  } else {
    ev = events & wanted_;
    if (ev == 0) return 0;  // nobody waits for it any more
  }
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return -1;
  int outcome = 0;
  napi_value dispatcher, global, argv[3], result;
  if (table_->Dispatcher(env, &dispatcher) == napi_ok && dispatcher != nullptr &&
      napi_get_global(env, &global) == napi_ok && napi_create_uint32(env, slot_, &argv[0]) == napi_ok &&
      napi_create_int32(env, status, &argv[1]) == napi_ok && napi_create_int32(env, ev, &argv[2]) == napi_ok) {
    if (status < 0) Want(0);
    ran_ = true;
    napi_status called = ownScope ? napi_make_callback(env, nullptr, global, dispatcher, 3, argv, &result)
                               : napi_call_function(env, global, dispatcher, 3, argv, &result);
    if (called != napi_ok) {
      bool pending = false;
      outcome = napi_is_exception_pending(env, &pending) == napi_ok && pending ? 1 : -1;
    }
  }
  napi_close_handle_scope(env, scope);
  return outcome;
}

void PollerCore::FinishBatch() {
  queued_ = false;
  ran_ = false;
  Words()[kInCallback] = 0;
  if (release_after_batch_) {  // closed during the batch
    release_after_batch_ = false;
    table_->Free(slot_);  // deletes this
    return;
  }
  if (open_) AfterBatch();
}

void PollerCore::WakeClosed(napi_env env) {
  napi_value dispatcher, global, argv[3], result;
  if (table_->Dispatcher(env, &dispatcher) != napi_ok || dispatcher == nullptr) return;
  if (napi_get_global(env, &global) != napi_ok) return;
  if (napi_create_uint32(env, slot_, &argv[0]) != napi_ok) return;
  if (napi_create_int32(env, -EBADF, &argv[1]) != napi_ok) return;
  if (napi_create_int32(env, kReadable | kWritable, &argv[2]) != napi_ok) return;
  napi_call_function(env, global, dispatcher, 3, argv, &result);
}

}  // namespace bsdsock
