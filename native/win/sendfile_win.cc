// native/sendfile.cc on Windows. Windows has no sendfile(2) for a file
// descriptor (TransmitFile takes a file handle and blocks or needs
// overlapped I/O), and CPython's socket.sendfile() on Windows always sends
// with send(): sendfile() here fails with ENOSYS before touching anything,
// which makes src/sendfile.ts go on with pread and send. The file calls
// that fallback needs work on the file's Windows handle, found through
// libuv (uv_get_osfhandle: the descriptor belongs to Node's C runtime, not
// to the addon's). Their arguments are checked as on POSIX, by the same
// helpers (args.h), and they keep POSIX's contract: pread leaves the file
// position alone, fstat tells a socket from a file.
#include "wsa.h"

#include <errno.h>
#include <uv.h>

#include "../addon.h"
#include "../args.h"
#include "../export_lists.h"

namespace bsdsock {
namespace {

// The S_IF* file types fstat reports, as POSIX numbers them (the C
// runtime's sys/stat.h has no S_IFSOCK; src/sendfile.ts reads these).
constexpr double kIfReg = 0100000, kIfDir = 0040000, kIfChr = 0020000, kIfIfo = 0010000, kIfSock = 0140000;

// A descriptor's handle, or INVALID_HANDLE_VALUE.
HANDLE HandleOf(int fd) { return reinterpret_cast<HANDLE>(uv_get_osfhandle(fd)); }

// The last file error with its Windows error, as CPython reports it (wsa.h).
double FileFailure() { return SystemFailure(GetLastError()); }

// The handle's file position, or -1 (GetLastError says why).
int64_t PositionOf(HANDLE h) {
  LARGE_INTEGER zero{}, now{};
  if (!SetFilePointerEx(h, zero, &now, FILE_CURRENT)) return -1;
  return now.QuadPart;
}

// sendfile(outFd, inFd, offset, count) -> -ENOSYS (see above)
Napi::Value SendFileCall(const Napi::CallbackInfo& info) {
  IntArg(info, 0);
  IntArg(info, 1);
  FileOffsetArg(info, 2);
  SendfileCountArg(info, 3);
  return Result(info, -ENOSYS);
}

// pread(fd, buf, offset, length, position) -> count (0 at the end) | -errno.
// ReadFile at `position` moves the file pointer of a handle opened without
// overlapped I/O (to where it read, even past the end when it read
// nothing), which pread(2) never does: the position is put back.
Napi::Value PRead(const Napi::CallbackInfo& info) {
  HANDLE h = HandleOf(IntArg(info, 0));
  Bytes buf = RangeArg(info, 1);
  int64_t position = FileOffsetArg(info, 4);
  if (h == INVALID_HANDLE_VALUE) return Result(info, -EBADF);
  LARGE_INTEGER before;
  before.QuadPart = PositionOf(h);
  if (before.QuadPart < 0) return Result(info, FileFailure());
  OVERLAPPED at{};
  at.Offset = static_cast<DWORD>(position & 0xffffffff);
  at.OffsetHigh = static_cast<DWORD>(position >> 32);
  DWORD got = 0;
  DWORD want = buf.length > 0x7fffffff ? 0x7fffffff : static_cast<DWORD>(buf.length);
  int r = ReadFile(h, buf.data, want, &got, &at) ? static_cast<int>(got)
          : GetLastError() == ERROR_HANDLE_EOF ? 0
          : FileFailure();
  SetFilePointerEx(h, before, nullptr, FILE_BEGIN);  // cannot fail: it was there a moment ago
  return Result(info, r);
}

static_assert(FILE_BEGIN == 0 && FILE_CURRENT == 1 && FILE_END == 2, "WhenceArg (args.h) takes 0, 1 and 2");

// lseek(fd, offset, whence) -> new position | -errno
Napi::Value LSeek(const Napi::CallbackInfo& info) {
  HANDLE h = HandleOf(IntArg(info, 0));
  int64_t offset = FileOffsetArg(info, 1);
  int whence = WhenceArg(info, 2);
  if (h == INVALID_HANDLE_VALUE) return Result(info, -EBADF);
  LARGE_INTEGER to, now;
  to.QuadPart = offset;
  if (!SetFilePointerEx(h, to, &now, static_cast<DWORD>(whence))) return Result(info, FileFailure());
  return Result(info, static_cast<double>(now.QuadPart));
}

// Whether `number` is a socket's: a SOCKET handle is not a C runtime
// descriptor, but socket.fileno() gives one, and sendfile(sock.fileno())
// must be told that it named a socket.
bool IsSocket(int number) {
  int type = 0, len = sizeof type;
  return number >= 0 &&
         getsockopt(static_cast<SOCKET>(number), SOL_SOCKET, SO_TYPE, reinterpret_cast<char*>(&type), &len) == 0;
}

// fstat(fd, out: Float64Array(2)) -> 0 | -errno: [st_mode, st_size], the
// mode's type bits from GetFileType and the file's attributes. A number
// that is no C runtime descriptor but a socket's is a socket.
Napi::Value FStat(const Napi::CallbackInfo& info) {
  int fd = IntArg(info, 0);
  HANDLE h = HandleOf(fd);
  double* out = OutArrayArg<double>(info, 1, napi_float64_array, 2);
  LARGE_INTEGER size{};
  if (h == INVALID_HANDLE_VALUE) {
    if (!IsSocket(fd)) return Result(info, -EBADF);
    out[0] = kIfSock;
  } else {
    DWORD type = GetFileType(h);
    if (type == FILE_TYPE_DISK) {
      BY_HANDLE_FILE_INFORMATION file;
      if (!GetFileInformationByHandle(h, &file)) return Result(info, FileFailure());
      size.HighPart = static_cast<LONG>(file.nFileSizeHigh);
      size.LowPart = file.nFileSizeLow;
      out[0] = (file.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0 ? kIfDir : kIfReg;
    } else if (type == FILE_TYPE_PIPE) {
      out[0] = kIfIfo;
    } else if (type == FILE_TYPE_CHAR) {
      out[0] = kIfChr;
    } else {
      return Result(info, FileFailure());
    }
  }
  out[1] = static_cast<double>(size.QuadPart);
  return Result(info, 0);
}

}  // namespace

void InitSendfile(Napi::Env env, Napi::Object exports) {
  BSDSOCK_SENDFILE_EXPORTS(BSDSOCK_EXPORT_FUNCTION)
  exports.Set("SEEK_SET", Napi::Number::New(env, FILE_BEGIN));
  exports.Set("SEEK_CUR", Napi::Number::New(env, FILE_CURRENT));
  exports.Set("SEEK_END", Napi::Number::New(env, FILE_END));
}

}  // namespace bsdsock
