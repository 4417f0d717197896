// native/sendfile.cc on Windows. Windows has no sendfile(2) for a file
// descriptor (TransmitFile takes a file handle and blocks or needs
// overlapped I/O), and CPython's socket.sendfile() on Windows always sends
// with send(): sendfile() here fails with ENOSYS before touching anything,
// which makes src/sendfile.ts go on with pread and send. The file calls
// that fallback needs work on the file's Windows handle, found through
// libuv (uv_get_osfhandle: the descriptor belongs to Node's C runtime, not
// to the addon's).
#include "wsa.h"

#include <errno.h>
#include <sys/stat.h>
#include <uv.h>

#include "../addon.h"
#include "../args.h"
#include "../export_lists.h"

namespace bsdsock {
namespace {

// A descriptor's handle, or INVALID_HANDLE_VALUE.
HANDLE HandleOf(int fd) { return reinterpret_cast<HANDLE>(uv_get_osfhandle(fd)); }

// The last file error with its Windows error, as CPython reports it (wsa.h).
double FileFailure() { return SystemFailure(GetLastError()); }

int64_t FileOffsetArg(const Napi::CallbackInfo& info, size_t i) {
  double d = NumberArg(info, i);
  if (!(d >= 0 && d <= 9007199254740991.0) || d != static_cast<double>(static_cast<int64_t>(d))) {
    throw Napi::RangeError::New(info.Env(), "bsdsock native: argument " + std::to_string(i) + " must be a file offset 0 to 2^53-1");
  }
  return static_cast<int64_t>(d);
}

// sendfile(outFd, inFd, offset, count) -> -ENOSYS (see above)
Napi::Value SendFileCall(const Napi::CallbackInfo& info) {
  IntArg(info, 0);
  IntArg(info, 1);
  FileOffsetArg(info, 2);
  NumberArg(info, 3);
  return Result(info, -ENOSYS);
}

// pread(fd, buf, offset, length, position) -> count | -errno: ReadFile at
// `position` (for a handle opened without overlapped I/O this moves the
// file pointer, which src/sendfile.ts sets afterwards anyway).
Napi::Value PRead(const Napi::CallbackInfo& info) {
  HANDLE h = HandleOf(IntArg(info, 0));
  Bytes buf = RangeArg(info, 1);
  int64_t position = FileOffsetArg(info, 4);
  if (h == INVALID_HANDLE_VALUE) return Result(info, -EBADF);
  OVERLAPPED at{};
  at.Offset = static_cast<DWORD>(position & 0xffffffff);
  at.OffsetHigh = static_cast<DWORD>(position >> 32);
  DWORD got = 0;
  DWORD want = buf.length > 0x7fffffff ? 0x7fffffff : static_cast<DWORD>(buf.length);
  if (!ReadFile(h, buf.data, want, &got, &at)) return Result(info, GetLastError() == ERROR_HANDLE_EOF ? 0 : FileFailure());
  return Result(info, static_cast<double>(got));
}

// lseek(fd, offset, whence) -> new position | -errno
Napi::Value LSeek(const Napi::CallbackInfo& info) {
  HANDLE h = HandleOf(IntArg(info, 0));
  int64_t offset = FileOffsetArg(info, 1);
  int whence = IntArg(info, 2);
  if (whence != FILE_BEGIN && whence != FILE_CURRENT && whence != FILE_END) return Result(info, -EINVAL);
  if (h == INVALID_HANDLE_VALUE) return Result(info, -EBADF);
  LARGE_INTEGER to, now;
  to.QuadPart = offset;
  if (!SetFilePointerEx(h, to, &now, static_cast<DWORD>(whence))) return Result(info, FileFailure());
  return Result(info, static_cast<double>(now.QuadPart));
}

// fstat(fd, out: Float64Array(2)) -> 0 | -errno: [st_mode, st_size], the
// mode's type bits from GetFileType as the C runtime's fstat gives them.
Napi::Value FStat(const Napi::CallbackInfo& info) {
  HANDLE h = HandleOf(IntArg(info, 0));
  double* out = OutArrayArg<double>(info, 1, napi_float64_array, 2);
  if (h == INVALID_HANDLE_VALUE) return Result(info, -EBADF);
  DWORD type = GetFileType(h);
  LARGE_INTEGER size{};
  if (type == FILE_TYPE_DISK) {
    BY_HANDLE_FILE_INFORMATION file;
    if (!GetFileInformationByHandle(h, &file)) return Result(info, FileFailure());
    size.HighPart = static_cast<LONG>(file.nFileSizeHigh);
    size.LowPart = file.nFileSizeLow;
    out[0] = (file.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0 ? _S_IFDIR : _S_IFREG;
  } else if (type == FILE_TYPE_PIPE) {
    out[0] = _S_IFIFO;
  } else if (type == FILE_TYPE_CHAR) {
    out[0] = _S_IFCHR;
  } else {
    return Result(info, FileFailure());
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
