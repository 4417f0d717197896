// The buffers of a gathering send or scattering receive (sendmsg/recvmsg):
// an array of Uint8Arrays as the platform's vector of (pointer, length)
// entries: iovec on POSIX (native/msg.cc), WSABUF on Windows
// (native/win/msg_win.cc).
#pragma once
#include <napi.h>

#include <vector>

#include "args.h"

namespace bsdsock {

// `Set` stores one buffer's memory in an entry. A few entries live on the
// stack; more go to the heap.
template <typename Entry, void (*Set)(Entry&, void*, size_t)>
class BufferList {
 public:
  // Returns false (leaving nothing filled) when there are more than `max`.
  // Every element is read before the memory of any is taken
  // (ArrayElements), and nothing after Fill() may run JavaScript before the
  // system call.
  bool Fill(const Napi::CallbackInfo& info, size_t i, long max) {
    Napi::Value v = info[i];
    if (!v.IsArray()) ThrowTypeError(info, i, "an array of Uint8Arrays");
    uint32_t n = v.As<Napi::Array>().Length();
    if (static_cast<long>(n) > max) return false;
    ArrayElements elements(info, v, n);
    if (n > kOnStack) heap_.resize(n);
    Entry* entries = n > kOnStack ? heap_.data() : stack_;
    for (uint32_t k = 0; k < n; k++) {
      void* data = nullptr;
      size_t length = 0;
      if (!TypedArrayData(info.Env(), elements[k], napi_uint8_array, &data, &length)) {
        ThrowTypeError(info, i, "an array of Uint8Arrays");
      }
      Set(entries[k], data, length);
    }
    data_ = entries;
    count_ = n;
    return true;
  }

  Entry* data() const { return data_; }
  size_t count() const { return count_; }

 private:
  static constexpr uint32_t kOnStack = 16;
  Entry stack_[kOnStack];
  std::vector<Entry> heap_;
  Entry* data_ = nullptr;
  size_t count_ = 0;
};

// A Uint8Array or null: (data, length) or (nullptr, 0).
inline Bytes OptionalViewArg(const Napi::CallbackInfo& info, size_t i) {
  if (info[i].IsNull()) return Bytes{nullptr, 0};
  return ViewArg(info, i);
}

}  // namespace bsdsock
