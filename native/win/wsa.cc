// The process-wide start and Winsock's error translation (see wsa.h).
#include "wsa.h"

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

int ErrnoOfWinError(int winerror) {
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

std::string ErrorMessage(int err) {
  // The six errno values Winsock also has are asked for as the WSAE* code
  // they came from (no socket call here fails with the C library's errno).
  int winerror = ErrnoOfWinError(err + 10000) == err ? err + 10000 : err;
  if (winerror >= WSABASEERR) {
    std::string text = SystemMessage(static_cast<DWORD>(winerror));
    if (!text.empty()) return text;
  }
  const char* text = strerror(err);
  return text != nullptr ? text : "Unknown error";
}

}  // namespace bsdsock
