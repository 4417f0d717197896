// The pollers' state words (native/poller_core.h), taken from buffers
// shared by the pollers of one environment instead of one ArrayBuffer per
// poller: a buffer of its own costs each socket that waits a JavaScript
// object, a backing store and a reference (about 300 bytes of an idle
// connection with a pending recv), where a slot costs 12 bytes. A poller's
// `state` is an Int32Array view of its slot; the slot is given back when
// the poller object is destroyed (garbage-collected), so no view of a live
// poller ever sees another's words.
#pragma once
#include <napi.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace bsdsock {

class StateSlab {
 public:
  struct Slot {
    int32_t* words = nullptr;
    napi_ref buffer = nullptr;  // the shared buffer it lies in
    size_t offset = 0;          // in bytes
  };

  // The words of a slot: what native/poller_core.h's state holds.
  static constexpr size_t kWords = 3;

  // A slot of zeroed words and an Int32Array view of it.
  napi_status Take(napi_env env, Slot* slot, napi_value* view);
  // The poller is gone: its slot serves the next one.
  void Give(const Slot& slot) { free_.push_back(slot); }

 private:
  // Slots per buffer: 256 pollers of 3 words share 3 KiB.
  static constexpr size_t kSlots = 256;
  std::vector<Slot> free_;
};

}  // namespace bsdsock
