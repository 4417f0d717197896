// The file side of socket.sendfile(): sendfile(2) itself, and the calls its
// fallback and its bookkeeping need (pread(2) to read a chunk, lseek(2) to
// leave the file position where the reference says, fstat(2) to check that
// the file is a regular one). One function per system call, each returning
// its result or -errno and retrying EINTR, as in syscalls.cc.
//
// File offsets are 64-bit in C; they cross the boundary as JavaScript
// numbers, which hold every integer up to 2^53 - 1 exactly (OffsetArg).
//
// sendfile(2) differs by platform:
//   Linux        sendfile(out, in, &offset, count): the offset pointer leaves
//                the descriptor's own position alone; any socket as out.
//   FreeBSD,     sendfile(in, out, offset, count, hdtr, &sbytes, flags):
//   DragonFly    bytes may have been sent when it fails with EAGAIN/EINTR
//                (sbytes says how many).
//   macOS        sendfile(in, out, offset, &len, hdtr, flags): the same, with
//                len in and out.
// Elsewhere the function reports ENOSYS, and the TypeScript layer falls back
// to pread(2) and send(2), as CPython does where os.sendfile is missing.
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#if defined(__linux__)
#include <sys/sendfile.h>
#elif defined(__APPLE__) || defined(__FreeBSD__) || defined(__DragonFly__)
#include <sys/socket.h>
#include <sys/uio.h>
#endif

#include "addon.h"
#include "args.h"
#include "export_lists.h"
#include "retry.h"

namespace bsdsock {
namespace {

// The bytes a platform's sendfile(2) moved in one call, or -errno. BSD
// flavours report a partial transfer together with EAGAIN or EINTR: those
// bytes count, and the caller simply calls again.
int64_t SendFile(int out, int in, off_t offset, size_t count) {
  if (count == 0) return 0;  // macOS and FreeBSD read 0 as "until EOF"
#if defined(__linux__)
  return Retry([&] {
    off_t off = offset;  // a copy: the descriptor's own position is untouched
    return sendfile(out, in, &off, count);
  });
#elif defined(__APPLE__)
  for (;;) {
    off_t len = static_cast<off_t>(count);
    int r = sendfile(in, out, offset, &len, nullptr, 0);
    if (r == 0 || len > 0) return len;
    if (errno != EINTR) return -errno;
  }
#elif defined(__FreeBSD__) || defined(__DragonFly__)
  for (;;) {
    off_t sent = 0;
    int r = sendfile(in, out, offset, count, nullptr, &sent, 0);
    if (r == 0 || sent > 0) return sent;
    if (errno != EINTR) return -errno;
  }
#else
  (void)out;
  (void)in;
  (void)offset;
  return -ENOSYS;
#endif
}

// sendfile(outFd, inFd, offset, count) -> bytes sent | -errno. Reads the
// file from `offset` without moving its position.
Napi::Value SendFileCall(const Napi::CallbackInfo& info) {
  int out = IntArg(info, 0), in = IntArg(info, 1);
  off_t offset = OffsetArg(info, 2);
  int32_t count = SendfileCountArg(info, 3);
  return Result(info, SendFile(out, in, offset, static_cast<size_t>(count)));
}

// pread(fd, buf, offset, length, position) -> bytes read (0 at EOF) | -errno
Napi::Value PRead(const Napi::CallbackInfo& info) {
  int fd = IntArg(info, 0);
  Bytes buf = RangeArg(info, 1);
  off_t position = OffsetArg(info, 4);
  return Result(info, Retry([&] { return pread(fd, buf.data, buf.length, position); }));
}

// lseek(fd, offset, whence) -> the new position | -errno. whence is one of
// SEEK_SET, SEEK_CUR, SEEK_END; offset is never negative here.
static_assert(SEEK_SET == 0 && SEEK_CUR == 1 && SEEK_END == 2, "WhenceArg (args.h) takes 0, 1 and 2");
Napi::Value LSeek(const Napi::CallbackInfo& info) {
  int fd = IntArg(info, 0);
  off_t offset = OffsetArg(info, 1);
  int whence = WhenceArg(info, 2);
  return Result(info, Retry([&] { return lseek(fd, offset, whence); }));
}

// fstat(fd, out: Float64Array(2)) -> 0 | -errno; out = [st_mode, st_size].
Napi::Value FStat(const Napi::CallbackInfo& info) {
  int fd = IntArg(info, 0);
  double* out = OutArrayArg<double>(info, 1, napi_float64_array, 2);
  struct stat st;
  int r = Retry([&] { return fstat(fd, &st); });
  if (r == 0) {
    out[0] = static_cast<double>(st.st_mode);
    out[1] = static_cast<double>(st.st_size);
  }
  return Result(info, r);
}

}  // namespace

void InitSendfile(Napi::Env env, Napi::Object exports) {
  BSDSOCK_SENDFILE_EXPORTS(BSDSOCK_EXPORT_FUNCTION)
  exports.Set("SEEK_SET", Napi::Number::New(env, SEEK_SET));
  exports.Set("SEEK_CUR", Napi::Number::New(env, SEEK_CUR));
  exports.Set("SEEK_END", Napi::Number::New(env, SEEK_END));
}

}  // namespace bsdsock
