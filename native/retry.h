// What every system-call wrapper shares: EINTR retried (PEP 475) and the
// send flags that turn a vanished peer into EPIPE instead of SIGPIPE.
#pragma once
#include <errno.h>
#include <sys/socket.h>

namespace bsdsock {

// Retry a call interrupted by a signal; yield -errno on failure. The result
// has the call's own type (int, ssize_t, off_t), so no value is narrowed.
template <typename F>
inline auto Retry(F call) -> decltype(call()) {
  decltype(call()) r;
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
