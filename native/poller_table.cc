// The table of pollers of one environment and backend: see
// native/poller_table.h.
#include "poller_table.h"

#include <cstring>

#include "args.h"
#include "poller_core.h"
#include "readiness.h"

namespace bsdsock {

PollTable::~PollTable() {
  for (PollerCore* p : slots_) delete p;
}

napi_status PollTable::Grow(napi_env env) {
  size_t capacity = capacity_ < 256 ? 256 : capacity_ * 2;
  void* data = nullptr;
  napi_value buffer;
  napi_ref ref;
  napi_status status = napi_create_arraybuffer(env, capacity * kWords * sizeof(int32_t), &data, &buffer);
  if (status != napi_ok) return status;
  // Never deleted while it is the table's: Node-API frees an environment's
  // references with it. JavaScript's view of the old buffer keeps that
  // alive until it fetches the new one.
  status = napi_create_reference(env, buffer, 1, &ref);
  if (status != napi_ok) return status;
  int32_t* words = static_cast<int32_t*>(data);
  std::memset(words, 0, capacity * kWords * sizeof(int32_t));
  if (words_ != nullptr) std::memcpy(words, words_, capacity_ * kWords * sizeof(int32_t));
  if (buffer_ != nullptr) napi_delete_reference(env, buffer_);
  buffer_ = ref;
  words_ = words;
  capacity_ = capacity;
  return napi_ok;
}

napi_status PollTable::Add(napi_env env, PollerCore* poller, uint32_t* slot) {
  uint32_t s;
  if (!free_.empty()) {
    s = free_.back();
  } else {
    if (slots_.size() >= capacity_) {
      napi_status status = Grow(env);
      if (status != napi_ok) return status;
    }
    s = static_cast<uint32_t>(slots_.size());
  }
  // Room first, so that nothing below fails with the slot half taken.
  if (free_.empty()) slots_.push_back(nullptr);
  else free_.pop_back();
  slots_[s] = poller;
  std::memset(Words(s), 0, kWords * sizeof(int32_t));
  *slot = s;
  return napi_ok;
}

void PollTable::Free(uint32_t slot) {
  if (At(slot) == nullptr) return;
  delete slots_[slot];
  slots_[slot] = nullptr;
  std::memset(Words(slot), 0, kWords * sizeof(int32_t));
  free_.push_back(slot);
}

napi_status PollTable::WordsView(napi_env env, napi_value* view) {
  if (buffer_ == nullptr) {
    napi_status status = Grow(env);
    if (status != napi_ok) return status;
  }
  napi_value buffer;
  napi_status status = napi_get_reference_value(env, buffer_, &buffer);
  if (status != napi_ok) return status;
  return napi_create_typedarray(env, napi_int32_array, capacity_ * kWords, buffer, 0, view);
}

napi_status PollTable::SetDispatcher(napi_env env, napi_value fn) {
  if (dispatcher_ != nullptr) {
    napi_status status = napi_delete_reference(env, dispatcher_);
    if (status != napi_ok) return status;
    dispatcher_ = nullptr;
  }
  // Freed with the environment, as the table's other references.
  return napi_create_reference(env, fn, 1, &dispatcher_);
}

napi_status PollTable::Dispatcher(napi_env env, napi_value* fn) const {
  *fn = nullptr;
  if (dispatcher_ == nullptr) return napi_ok;
  return napi_get_reference_value(env, dispatcher_, fn);
}

namespace {

PollTable* TableOf(const Napi::CallbackInfo& info) { return static_cast<PollTable*>(info.Data()); }

// A slot argument: a 32-bit integer (a slot no poller has does nothing, or
// is EBADF for start()).
uint32_t SlotArg(const Napi::CallbackInfo& info) {
  int32_t slot = IntArg(info, 0);
  return slot < 0 ? 0 : static_cast<uint32_t>(slot);
}

// start(slot, events) -> 0 | -errno: the events calls now wait for (0: none).
Napi::Value StartCall(const Napi::CallbackInfo& info) {
  uint32_t slot = SlotArg(info);
  int events = IntArg(info, 1) & (kReadable | kWritable | kPrioritized);
  PollerCore* p = TableOf(info)->At(slot);
  return Result(info, p != nullptr ? p->Start(events) : -EBADF);
}

// close(slot): stop for good and free the slot (after the batch it is in).
Napi::Value CloseCall(const Napi::CallbackInfo& info) {
  uint32_t slot = SlotArg(info);
  PollerCore* p = TableOf(info)->At(slot);
  if (p != nullptr) p->Close();
  return info.Env().Undefined();
}

// ref(slot, refed): keep the loop alive while a call waits (the default), or not.
Napi::Value RefCall(const Napi::CallbackInfo& info) {
  uint32_t slot = SlotArg(info);
  if (!info[1].IsBoolean()) ThrowTypeError(info, 1, "a boolean");
  PollerCore* p = TableOf(info)->At(slot);
  if (p != nullptr) p->SetRefed(info[1].As<Napi::Boolean>().Value());
  return info.Env().Undefined();
}

// words() -> Int32Array: every slot's state words (fetch again after open()
// returns a slot beyond its end).
Napi::Value WordsCall(const Napi::CallbackInfo& info) {
  napi_value view;
  NAPI_THROW_IF_FAILED(info.Env(), TableOf(info)->WordsView(info.Env(), &view), Napi::Value());
  return Napi::Value(info.Env(), view);
}

// dispatch(fn): the function readiness is delivered to, fn(slot, status, events).
Napi::Value DispatchCall(const Napi::CallbackInfo& info) {
  if (!info[0].IsFunction()) ThrowTypeError(info, 0, "a function");
  NAPI_THROW_IF_FAILED(info.Env(), TableOf(info)->SetDispatcher(info.Env(), info[0]), Napi::Value());
  return info.Env().Undefined();
}

}  // namespace

Napi::Object PollTable::Define(Napi::Env env, PollTable* table, Napi::Value (*open)(const Napi::CallbackInfo&), void* openData) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("open", Napi::Function::New(env, open, "open", openData));
  o.Set("start", Napi::Function::New(env, StartCall, "start", table));
  o.Set("close", Napi::Function::New(env, CloseCall, "close", table));
  o.Set("ref", Napi::Function::New(env, RefCall, "ref", table));
  o.Set("words", Napi::Function::New(env, WordsCall, "words", table));
  o.Set("dispatch", Napi::Function::New(env, DispatchCall, "dispatch", table));
  return o;
}

}  // namespace bsdsock
