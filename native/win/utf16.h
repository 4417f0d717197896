// UTF-8 ⇄ UTF-16 for the wide-character Windows calls (GetAddrInfoW,
// GetNameInfoW, GetHostNameW, FormatMessageW): the addon speaks UTF-8,
// as Node-API's strings do. Both refuse what is not valid in its encoding
// (MB_ERR_INVALID_CHARS, WC_ERR_INVALID_CHARS) instead of replacing it,
// and lengths that do not fit Windows' int counts.
#pragma once
#include "include/winsock_all.h"

#include <string>

namespace bsdsock {

// The UTF-16 form of the UTF-8 `text`, or false if `text` is not UTF-8.
bool WideFromUtf8(const std::string& text, std::wstring* out);

// The UTF-8 form of the `length` UTF-16 units at `text`, or false if they
// are not valid UTF-16 (a lone surrogate).
bool Utf8FromWide(const wchar_t* text, size_t length, std::string* out);

}  // namespace bsdsock
