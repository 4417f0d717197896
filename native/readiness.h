// The kernel's readiness queue for the thread backend (native/poller_thread.cc):
// epoll on Linux, kqueue on macOS and the BSDs. One queue per environment;
// each registration carries a 64-bit id, never a pointer, and is one-shot:
// it reports once and must be armed again for the next wait.
//
// Only Arm() and Disarm() are called from the JavaScript thread; Wait() runs
// on the readiness thread. Both kernels allow that without a lock.
#pragma once
#include <cstdint>

namespace bsdsock {

// The event bits JavaScript uses (the same as uv_poll's UV_READABLE,
// UV_WRITABLE and UV_PRIORITIZED, so src/socket.ts and src/readiness.ts need
// one set of constants). Prioritized is urgent data (POLLPRI), which
// select()'s xlist waits for; a registration for it alone also reports a
// hang-up or an error, as every registration does.
constexpr int kReadable = 1, kWritable = 2, kPrioritized = 8;

struct ReadyEvent {
  uint64_t id;   // 0: the wake-up pipe
  int events;    // kReadable | kWritable | kPrioritized
  bool error;    // the descriptor has an error pending (POLLERR)
  bool hangup;   // hung up: report whatever was armed
};

class ReadinessQueue {
 public:
  // 0 or -errno.
  int Open();
  void Close();
  // Watch `events` of `fd` once, in place of what it watched (`armed`, 0 if
  // it is not registered yet); `events` 0 watches nothing. 0 or -errno.
  int Arm(int fd, uint64_t id, int events, int armed);
  // Forget `fd` before it is closed (its number may be reused at once).
  void Disarm(int fd, int armed);
  // Up to `max` events into `out`, waiting until something is ready
  // (`block`) or not at all. The count, or -errno.
  int Wait(ReadyEvent* out, int max, bool block = true);
  // Make Wait() return (an event with id 0).
  void Wake();
  // Empty the wake-up pipe after Wait() reported it.
  void DrainWake();
  // What a registration still watches after it reported `fired`: epoll's
  // one-shot disarms the whole descriptor, kqueue's only the filter that
  // fired.
  static int ArmedAfter(int armed, int fired);

 private:
  int kq_ = -1;  // the epoll or kqueue descriptor
  int wake_[2] = {-1, -1};
};

}  // namespace bsdsock
