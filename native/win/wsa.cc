// The process-wide start and Winsock's error translation (see wsa.h).
#include "wsa.h"

#include <errno.h>
#include <string.h>

#include <mutex>

#include "utf16.h"

namespace bsdsock {

int StartProcess() {
  static std::once_flag once;
  static int result = 0;
  std::call_once(once, [] {
    HMODULE self = nullptr;
    if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_PIN,
                            reinterpret_cast<LPCWSTR>(&StartProcess), &self)) {
      result = static_cast<int>(GetLastError());
      return;
    }
    WSADATA data;
    result = WSAStartup(MAKEWORD(2, 2), &data);
  });
  return result;
}

namespace {

// CPython's winerror_to_errno for the codes that are not Winsock's (PC's
// errmap.h, itself the C runtime's table): the errno of each listed code.
int ErrnoOfSystemError(int winerror) {
  switch (winerror) {
    case ERROR_FILE_NOT_FOUND: case ERROR_PATH_NOT_FOUND: case ERROR_INVALID_DRIVE: case ERROR_NO_MORE_FILES:
    case ERROR_BAD_NETPATH: case ERROR_BAD_NET_NAME: case ERROR_BAD_PATHNAME: case ERROR_FILENAME_EXCED_RANGE:
      return ENOENT;
    case ERROR_BAD_ENVIRONMENT:
      return E2BIG;
    case ERROR_BAD_FORMAT: case ERROR_INVALID_STARTING_CODESEG: case ERROR_INVALID_STACKSEG:
    case ERROR_INVALID_MODULETYPE: case ERROR_INVALID_EXE_SIGNATURE: case ERROR_EXE_MARKED_INVALID:
    case ERROR_BAD_EXE_FORMAT: case ERROR_ITERATED_DATA_EXCEEDS_64k: case ERROR_INVALID_MINALLOCSIZE:
    case ERROR_DYNLINK_FROM_INVALID_RING: case ERROR_IOPL_NOT_ENABLED: case ERROR_INVALID_SEGDPL:
    case ERROR_AUTODATASEG_EXCEEDS_64k: case ERROR_RING2SEG_MUST_BE_MOVABLE: case ERROR_RELOC_CHAIN_XEEDS_SEGLIM:
    case ERROR_INFLOOP_IN_RELOC_CHAIN:
      return ENOEXEC;
    case ERROR_INVALID_HANDLE: case ERROR_INVALID_TARGET_HANDLE: case ERROR_DIRECT_ACCESS_HANDLE:
      return EBADF;
    case ERROR_WAIT_NO_CHILDREN: case ERROR_CHILD_NOT_COMPLETE:
      return ECHILD;
    case ERROR_NO_PROC_SLOTS: case ERROR_MAX_THRDS_REACHED: case ERROR_NESTING_NOT_ALLOWED:
      return EAGAIN;
    case ERROR_ARENA_TRASHED: case ERROR_NOT_ENOUGH_MEMORY: case ERROR_INVALID_BLOCK: case ERROR_NOT_ENOUGH_QUOTA:
      return ENOMEM;
    case ERROR_ACCESS_DENIED: case ERROR_CURRENT_DIRECTORY: case ERROR_WRITE_PROTECT: case ERROR_BAD_UNIT:
    case ERROR_NOT_READY: case ERROR_BAD_COMMAND: case ERROR_CRC: case ERROR_BAD_LENGTH: case ERROR_SEEK:
    case ERROR_NOT_DOS_DISK: case ERROR_SECTOR_NOT_FOUND: case ERROR_OUT_OF_PAPER: case ERROR_WRITE_FAULT:
    case ERROR_READ_FAULT: case ERROR_GEN_FAILURE: case ERROR_SHARING_VIOLATION: case ERROR_LOCK_VIOLATION:
    case ERROR_WRONG_DISK: case 35: case ERROR_SHARING_BUFFER_EXCEEDED: case ERROR_NETWORK_ACCESS_DENIED:
    case ERROR_CANNOT_MAKE: case ERROR_FAIL_I24: case ERROR_DRIVE_LOCKED: case ERROR_SEEK_ON_DEVICE:
    case ERROR_NOT_LOCKED: case ERROR_LOCK_FAILED:
      return EACCES;
    case ERROR_FILE_EXISTS: case ERROR_ALREADY_EXISTS:
      return EEXIST;
    case ERROR_NOT_SAME_DEVICE:
      return EXDEV;
    case ERROR_DIRECTORY:
      return ENOTDIR;
    case ERROR_TOO_MANY_OPEN_FILES:
      return EMFILE;
    case ERROR_DISK_FULL:
      return ENOSPC;
    case ERROR_BROKEN_PIPE: case ERROR_NO_DATA:
      return EPIPE;
    case ERROR_DIR_NOT_EMPTY:
      return ENOTEMPTY;
    case ERROR_NO_UNICODE_TRANSLATION:
      return EILSEQ;
    default:  // ERROR_INVALID_FUNCTION, ERROR_INVALID_PARAMETER, ... and every code not listed
      return EINVAL;
  }
}

}  // namespace

int ErrnoOfWinError(int winerror) {
  if (winerror < WSABASEERR || winerror >= 12000) return ErrnoOfSystemError(winerror);
  switch (winerror) {
    case WSAEINTR:
    case WSAEBADF:
    case WSAEACCES:
    case WSAEFAULT:
    case WSAEINVAL:
    case WSAEMFILE:
      return winerror - 10000;  // Winsock's copies of C errno values
    default:
      return winerror;
  }
}

double SystemFailure(unsigned long winerror) {
  if (winerror == 0 || winerror >= 65536) return -EINVAL;
  int code = static_cast<int>(winerror);
  return -(code * kWinErrorUnit + ErrnoOfWinError(code));
}

namespace {

// FormatMessageW's text for a Windows error, in UTF-8; empty if it has none.
std::string SystemMessage(DWORD code) {
  wchar_t* text = nullptr;
  DWORD n = FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
                           nullptr, code, MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT),
                           reinterpret_cast<wchar_t*>(&text), 0, nullptr);
  std::string out;
  if (n > 0 && !Utf8FromWide(text, n, &out)) out.clear();
  if (text != nullptr) LocalFree(text);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r' || out.back() == '.' || out.back() == ' ')) out.pop_back();
  return out;
}

}  // namespace

std::string ErrorMessage(double code) {
  if (code >= kWinErrorUnit && code < kWinErrorUnit * kWinErrorUnit) {
    // A SystemFailure: the message of its Windows error, as CPython's.
    std::string text = SystemMessage(static_cast<DWORD>(code / kWinErrorUnit));
    if (!text.empty()) return text;
    code = static_cast<double>(static_cast<long long>(code) % static_cast<long long>(kWinErrorUnit));
  }
  int err = code >= -2147483648.0 && code <= 2147483647.0 ? static_cast<int>(code) : EINVAL;
  // The six errno values Winsock also has are asked for as the WSAE* code
  // they came from (no socket call here fails with the C library's errno).
  int winerror = err >= 0 && err < 100 && ErrnoOfWinError(err + 10000) == err ? err + 10000 : err;
  if (winerror >= WSABASEERR) {
    std::string text = SystemMessage(static_cast<DWORD>(winerror));
    if (!text.empty()) return text;
  }
  const char* text = strerror(err);
  return text != nullptr ? text : "Unknown error";
}

}  // namespace bsdsock
