// The part of a poller both backends share: see native/poller_core.h.
#include "poller_core.h"

namespace bsdsock {

void PollerCore::InitCore(napi_env env, Napi::Object self, Napi::Function callback, ReadyBatch* batch, StateSlab* slab) {
  // The state words live in an ArrayBuffer of V8's (off the JavaScript
  // heap, so they never move) shared by the environment's pollers
  // (native/state_slab.h). state_ points into it for the poller's whole
  // life, so JavaScript must never transfer or detach that buffer
  // (structuredClone or postMessage with it in the transfer list): the
  // memory would be freed or handed over, and every delivery would write
  // into it. The addon trusts that rather than checking: the Socket holds
  // its poller privately, so only code that loads the .node file itself
  // could, and reading the pointer again on each delivery and each start()
  // would add Node-API calls to the hot path.
  napi_value view;
  NAPI_THROW_IF_FAILED_VOID(env, slab->Take(env, &slot_, &view));
  slab_ = slab;
  state_ = slot_.words;
  self.Set("state", view);
  callback_ = Napi::Persistent(callback);
  callback_.Unref();  // weak until a call waits
  env_ = env;
  batch_ = batch;
  open_ = true;
}

void PollerCore::Want(int events) {
  wanted_ = events;
  state_[kWanted] = events;
  bool strong = events != 0;
  if (strong != strong_) {
    strong_ = strong;
    if (strong) callback_.Ref();
    else callback_.Unref();
  }
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
  state_[kWanted] = 0;
  if (strong_) {
    strong_ = false;
    callback_.Unref();
  }
}

void PollerCore::CloseCall() {
  Release();
  if (!held_) return;
  held_ = false;
  // A queued poller is still in the batch's list: let go after it ends.
  if (queued_) release_after_batch_ = true;
  else Unhold();
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
  napi_value callback, global, argv[2], result;
  // The callback first: Want(0) below makes its reference weak.
  if (napi_get_reference_value(env, callback_, &callback) == napi_ok && callback != nullptr &&
      napi_get_global(env, &global) == napi_ok && napi_create_int32(env, status, &argv[0]) == napi_ok &&
      napi_create_int32(env, ev, &argv[1]) == napi_ok) {
    if (status < 0) Want(0);
    ran_ = true;
    napi_status called = ownScope ? napi_make_callback(env, nullptr, global, callback, 2, argv, &result)
                               : napi_call_function(env, global, callback, 2, argv, &result);
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
  state_[kInCallback] = 0;
  if (release_after_batch_) {  // closed during the batch
    release_after_batch_ = false;
    Unhold();
    return;
  }
  if (open_) AfterBatch();
}

void PollerCore::WakeClosed(napi_env env) {
  napi_value callback, global, argv[2], result;
  if (napi_get_reference_value(env, callback_, &callback) != napi_ok || callback == nullptr) return;
  if (napi_get_global(env, &global) != napi_ok) return;
  if (napi_create_int32(env, -EBADF, &argv[0]) != napi_ok) return;
  if (napi_create_int32(env, kReadable | kWritable, &argv[1]) != napi_ok) return;
  napi_call_function(env, global, callback, 2, argv, &result);
}

}  // namespace bsdsock
