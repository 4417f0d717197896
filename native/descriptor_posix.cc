// A descriptor on POSIX systems (see descriptor.h): the file's device and
// inode identify it.
#include <sys/stat.h>
#include <unistd.h>

#include "descriptor.h"

namespace bsdsock {

FileIdentity IdentityOf(int fd) {
  struct stat st;
  FileIdentity id;
  if (fstat(fd, &st) == 0) {
    id.dev = static_cast<uint64_t>(st.st_dev);
    id.ino = static_cast<uint64_t>(st.st_ino);
    id.known = true;
  }
  return id;
}

void CloseDescriptor(int fd) { ::close(fd); }

int InitPollHandle(uv_loop_t* loop, uv_poll_t* handle, int fd) { return uv_poll_init(loop, handle, fd); }

}  // namespace bsdsock
