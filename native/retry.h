// What every system-call wrapper shares: EINTR retried (PEP 475) and the
// send flags that turn a vanished peer into EPIPE instead of SIGPIPE.
#pragma once
#include <errno.h>
#include <sys/socket.h>

namespace bsdsock {

// Retry a call interrupted by a signal; yield -errno on failure.
template <typename F>
inline long Retry(F call) {
  long r;
  do {
    r = call();
  } while (r == -1 && errno == EINTR);
  return r == -1 ? -errno : r;
}

#ifdef MSG_NOSIGNAL
// A peer that went away must give EPIPE, not a signal, even where the
// runtime has not ignored SIGPIPE.
constexpr int kSendFlags = MSG_NOSIGNAL;
#else
constexpr int kSendFlags = 0;
#endif

}  // namespace bsdsock
