// UTF-8 ⇄ UTF-16 (see utf16.h).
#include "utf16.h"

#include <climits>

namespace bsdsock {

bool WideFromUtf8(const std::string& text, std::wstring* out) {
  out->clear();
  if (text.empty()) return true;
  if (text.size() > static_cast<size_t>(INT_MAX)) return false;
  int length = static_cast<int>(text.size());
  int units = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, text.data(), length, nullptr, 0);
  if (units <= 0) return false;
  out->resize(static_cast<size_t>(units));
  if (MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, text.data(), length, &(*out)[0], units) != units) {
    out->clear();
    return false;
  }
  return true;
}

bool Utf8FromWide(const wchar_t* text, size_t length, std::string* out) {
  out->clear();
  if (length == 0) return true;
  if (length > static_cast<size_t>(INT_MAX)) return false;
  int units = static_cast<int>(length);
  int bytes = WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, text, units, nullptr, 0, nullptr, nullptr);
  if (bytes <= 0) return false;
  out->resize(static_cast<size_t>(bytes));
  if (WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, text, units, &(*out)[0], bytes, nullptr, nullptr) != bytes) {
    out->clear();
    return false;
  }
  return true;
}

}  // namespace bsdsock
