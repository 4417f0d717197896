// The host's own name services on Windows (native/netdb_posix.cc's), as
// CPython's socket module has them there: gethostname (GetComputerNameExW
// in CPython; Winsock's GetHostNameW gives the same DNS host name), the
// interface list from IP Helper (GetIfTable2Ex and
// ConvertInterfaceLuidToNameA, as CPython's if_nameindex), and inet_aton
// on BSD's rules. sethostname does not exist on Windows: the call is
// exported, so that the TypeScript layer can name the platform, and fails
// with ENOSYS.
#include "wsa.h"

#include <ctype.h>
#include <errno.h>

#include "../addon.h"
#include "../args.h"
#include "../export_lists.h"
#include "utf16.h"

namespace bsdsock {
namespace {

// hstrerror(h_errno) -> the system's message (h_errno is a WSA* code here)
Napi::Value HStrError(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), ErrorMessage(ErrnoOfWinError(IntArg(info, 0))));
}

// gethostname() -> name | -errno. GetHostNameW (Windows 8 and later), so
// that a host name outside ASCII comes back as itself, not as the ANSI code
// page's rendering of it; 256 characters is the documented maximum.
Napi::Value GetHostName(const Napi::CallbackInfo& info) {
  wchar_t name[257] = {};
  if (GetHostNameW(name, 256) != 0) return Result(info, WsaFailure());
  std::string text;
  if (!Utf8FromWide(name, wcsnlen(name, 256), &text)) return Result(info, -ErrnoOfWinError(WSAEINVAL));
  return Napi::String::New(info.Env(), text);
}

// sethostname(bytes) -> -ENOSYS: Windows has no such call.
Napi::Value SetHostName(const Napi::CallbackInfo& info) {
  ViewArg(info, 0);
  return Result(info, -ENOSYS);
}

// if_nameindex() -> [[index, name]] | -errno
Napi::Value IfNameIndex(const Napi::CallbackInfo& info) {
  MIB_IF_TABLE2* table = nullptr;
  DWORD status = GetIfTable2Ex(MibIfTableRaw, &table);
  if (status != NO_ERROR) return Result(info, SystemFailure(status));
  Napi::Array out = Napi::Array::New(info.Env());
  uint32_t n = 0;
  for (ULONG i = 0; i < table->NumEntries; i++) {
    char name[NDIS_IF_MAX_STRING_SIZE + 1] = {};
    if (ConvertInterfaceLuidToNameA(&table->Table[i].InterfaceLuid, name, sizeof name) != NO_ERROR) continue;
    Napi::Array pair = Napi::Array::New(info.Env(), 2);
    pair.Set(0u, static_cast<double>(table->Table[i].InterfaceIndex));
    pair.Set(1u, name);
    out.Set(n++, pair);
  }
  FreeMibTable(table);
  return out;
}

// The numbers-and-dots forms BSD's inet_aton(3) reads: one to four parts,
// each decimal, octal (leading 0) or hexadecimal (0x), the last filling the
// bytes the others left (a.b.c: c is 16 bits; a.b: b is 24; a: 32).
// Winsock has no inet_aton, and its inet_addr differs by version (and in
// Wine) on the forms that spell the all-ones address, which it cannot tell
// from an error; so the rules are written out, and nothing else is taken:
// no white space, no sign, nothing after the number (musl's and the BSDs'
// strictness; CPython on Windows takes inet_addr's answer).
bool ParseInetAton(const std::string& text, uint32_t* out) {
  uint64_t parts[4];
  int count = 0;
  size_t at = 0;
  while (true) {
    if (count == 4 || at >= text.size() || !isdigit(static_cast<unsigned char>(text[at]))) return false;
    uint64_t base = 10, value = 0;
    if (text[at] == '0') {
      base = 8;
      at++;
      if (at < text.size() && (text[at] == 'x' || text[at] == 'X')) {
        base = 16;
        at++;
        if (at >= text.size() || !isxdigit(static_cast<unsigned char>(text[at]))) return false;
      }
    }
    for (; at < text.size() && text[at] != '.'; at++) {
      unsigned char ch = static_cast<unsigned char>(text[at]);
      uint64_t digit;
      if (isdigit(ch)) digit = ch - '0';
      else if (base == 16 && isxdigit(ch)) digit = (tolower(ch) - 'a') + 10;
      else return false;
      if (digit >= base) return false;
      value = value * base + digit;
      if (value > 0xffffffffu) return false;
    }
    parts[count++] = value;
    if (at == text.size()) break;
    at++;  // the dot; a part must follow
  }
  // Each leading part is one byte; the last fills what remains.
  static const uint64_t kLastMax[] = {0xffffffffu, 0xffffffu, 0xffffu, 0xffu};
  uint32_t value = 0;
  for (int k = 0; k < count - 1; k++) {
    if (parts[k] > 0xff) return false;
    value |= static_cast<uint32_t>(parts[k]) << (24 - 8 * k);
  }
  if (parts[count - 1] > kLastMax[count - 1]) return false;
  *out = value | static_cast<uint32_t>(parts[count - 1]);
  return true;
}

// inet_aton(text) -> 4 bytes (network order) | null when refused
Napi::Value InetAton(const Napi::CallbackInfo& info) {
  std::string text = CStringArg(info, 0);
  uint32_t host = 0;
  if (!ParseInetAton(text, &host)) return info.Env().Null();
  const uint8_t bytes[4] = {static_cast<uint8_t>(host >> 24), static_cast<uint8_t>(host >> 16),
                            static_cast<uint8_t>(host >> 8), static_cast<uint8_t>(host)};
  return Napi::Buffer<uint8_t>::Copy(info.Env(), bytes, sizeof bytes);
}

}  // namespace

void InitHostInfo(Napi::Env env, Napi::Object exports) {
  BSDSOCK_HOST_INFO_EXPORTS(BSDSOCK_EXPORT_FUNCTION)
}

}  // namespace bsdsock
