// Shared buffers for the pollers' state words: see native/state_slab.h.
#include "state_slab.h"

namespace bsdsock {

napi_status StateSlab::Take(napi_env env, Slot* slot, napi_value* view) {
  constexpr size_t words = kWords;
  if (free_.empty()) {
    void* data = nullptr;
    napi_value buffer;
    napi_ref ref;
    size_t bytes = kSlots * words * sizeof(int32_t);
    napi_status status = napi_create_arraybuffer(env, bytes, &data, &buffer);
    if (status != napi_ok) return status;
    // Never deleted: Node-API frees an environment's references with it,
    // and the views keep the buffer alive as long as JavaScript holds them.
    status = napi_create_reference(env, buffer, 1, &ref);
    if (status != napi_ok) return status;
    free_.reserve(free_.size() + kSlots);
    for (size_t i = kSlots; i-- > 0;) {
      free_.push_back(Slot{static_cast<int32_t*>(data) + i * words, ref, i * words * sizeof(int32_t)});
    }
  }
  Slot s = free_.back();
  napi_value buffer;
  napi_status status = napi_get_reference_value(env, s.buffer, &buffer);
  if (status == napi_ok) status = napi_create_typedarray(env, napi_int32_array, words, buffer, s.offset, view);
  if (status != napi_ok) return status;
  free_.pop_back();
  for (size_t i = 0; i < words; i++) s.words[i] = 0;
  *slot = s;
  return napi_ok;
}

}  // namespace bsdsock
