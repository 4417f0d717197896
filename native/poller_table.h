// One table of pollers per environment and backend, instead of a JavaScript
// object per socket. A socket's poller is a small integer, its slot: the
// native side keeps the poller (the uv_poll_t or the thread backend's
// registration) here, and the readiness batch (native/ready_batch.h)
// delivers (slot, status, events) to ONE JavaScript function per table, the
// dispatcher, which finds the socket by slot (src/poller-table.ts). So a
// socket that waits costs no wrapper object, no Node-API reference and no
// callback of its own: about 290 bytes of JavaScript heap less per idle
// connection with a pending recv than a poller object (bench/PROFILE.md),
// and the references' native side.
//
// The state words (native/poller_core.h: what the poller watches, whether
// it is in the batch, what calls wait for) of every slot lie in one
// ArrayBuffer of the table's, shared with JavaScript as one Int32Array:
// slot s has words [3s, 3s + 3). The buffer grows (to a new one, the words
// copied) only when a slot is taken, and JavaScript fetches the new view
// then (words()). Slot 0 is never given out: its words stay 0, the state
// of a socket without a poller.
//
// A slot is freed (and its poller object deleted) only when JavaScript
// closes it, after the end of the batch it may be in, so a slot is never
// reused while an event for its previous poller can still be delivered.
#pragma once
#include <napi.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace bsdsock {

class PollerCore;

class PollTable {
 public:
  static constexpr size_t kWords = 3;

  PollTable() = default;
  PollTable(const PollTable&) = delete;
  PollTable& operator=(const PollTable&) = delete;
  // Deletes the pollers JavaScript never closed (the environment ends: they
  // were released by its cleanup hook).
  ~PollTable();

  // A slot for `poller` (its words zeroed); the table owns the poller from
  // here. On failure (no memory for the words) the caller still owns it.
  napi_status Add(napi_env env, PollerCore* poller, uint32_t* slot);
  // Deletes the poller of `slot`; the slot serves the next one.
  void Free(uint32_t slot);
  // The poller of `slot`, or null (slot 0, free, or out of range).
  PollerCore* At(uint32_t slot) const { return slot < slots_.size() ? slots_[slot] : nullptr; }
  int32_t* Words(uint32_t slot) const { return words_ + slot * kWords; }

  // The words of every slot, as an Int32Array.
  napi_status WordsView(napi_env env, napi_value* view);
  // The dispatcher (set once by src/poller-table.ts), and getting it back:
  // null until set.
  napi_status SetDispatcher(napi_env env, napi_value fn);
  napi_status Dispatcher(napi_env env, napi_value* fn) const;

  // The JavaScript interface of a table (start, close, ref, words,
  // dispatch) on `exports[name]`, with `open` the backend's own.
  static Napi::Object Define(Napi::Env env, PollTable* table, Napi::Value (*open)(const Napi::CallbackInfo&), void* openData);

 private:
  napi_status Grow(napi_env env);

  std::vector<PollerCore*> slots_{nullptr};  // slot 0: never given out
  std::vector<uint32_t> free_;
  int32_t* words_ = zero_;
  size_t capacity_ = 1;          // slots the words have room for
  napi_ref buffer_ = nullptr;    // the words' ArrayBuffer (none before the first slot)
  napi_ref dispatcher_ = nullptr;
  int32_t zero_[kWords] = {0, 0, 0};
};

}  // namespace bsdsock
