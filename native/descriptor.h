// What a descriptor is on this platform, for the parts of the addon that the
// platforms share (native/environment.cc, native/poller.cc): how it is
// identified, closed, and watched by libuv. A file descriptor on POSIX
// (native/descriptor_posix.cc), a SOCKET handle on Windows
// (native/win/descriptor_win.cc).
#pragma once
#include <uv.h>

#include <cstdint>

namespace bsdsock {

// Which open socket or file a descriptor number referred to when it was
// registered: a number closed behind the addon's back (by fs.closeSync,
// say) may belong to another thread's file by the time the environment
// ends, and that one must not be closed.
struct FileIdentity {
  uint64_t dev = 0;
  uint64_t ino = 0;
  bool known = false;
};

FileIdentity IdentityOf(int fd);

// Closes a descriptor the environment still owns as it ends (errors are
// of no use to anyone then).
void CloseDescriptor(int fd);

// uv_poll_init for this platform's kind of descriptor.
int InitPollHandle(uv_loop_t* loop, uv_poll_t* handle, int fd);

}  // namespace bsdsock
