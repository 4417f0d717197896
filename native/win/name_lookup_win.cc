// getaddrinfo and getnameinfo on Windows (native/name_lookup.h): the
// wide-character GetAddrInfoW and GetNameInfoW, as CPython calls them there,
// so that a service name, a canonical name or a host's reverse name outside
// ASCII is not passed through the ANSI code page (which would mangle it).
// The names reach them from UTF-8 as UTF-16 and come back as UTF-8 (utf16.h).
// Host names are IDNA-encoded by the TypeScript layer before they get here,
// as Python does, so an international host name is looked up in its ASCII
// form. A name that is not valid UTF-8 (never one from a JavaScript string,
// which Node-API gives as UTF-8) fails as EAI_FAIL; a result that is not
// valid UTF-16 (a lone surrogate from the system) fails as EAI_FAIL too,
// rather than being replaced by something else.
#include "wsa.h"

#include "../name_lookup.h"
#include "utf16.h"

namespace bsdsock {
namespace {

// An optional UTF-8 argument as UTF-16; false if it is not UTF-8.
bool OptionalWide(const std::optional<std::string>& text, std::wstring* out, bool* present) {
  *present = text.has_value();
  return !*present || WideFromUtf8(*text, out);
}

// What a failed lookup reports: the WSA* code the call returned (Windows'
// EAI_* values are those codes).
AddrInfoOutcome FailedLookup(int code) {
  AddrInfoOutcome out;
  out.code = code;
  return out;
}

}  // namespace

AddrInfoOutcome LookUpAddrInfo(const std::optional<std::string>& host, const std::optional<std::string>& port,
                               const addrinfo& hints) {
  std::wstring node, service;
  bool hasNode = false, hasService = false;
  if (!OptionalWide(host, &node, &hasNode) || !OptionalWide(port, &service, &hasService)) return FailedLookup(EAI_FAIL);
  ADDRINFOW wideHints{};
  wideHints.ai_flags = hints.ai_flags;
  wideHints.ai_family = hints.ai_family;
  wideHints.ai_socktype = hints.ai_socktype;
  wideHints.ai_protocol = hints.ai_protocol;
  ADDRINFOW* res = nullptr;
  int code = GetAddrInfoW(hasNode ? node.c_str() : nullptr, hasService ? service.c_str() : nullptr, &wideHints, &res);
  if (code != 0) return FailedLookup(code);
  AddrInfoOutcome out;
  for (ADDRINFOW* ai = res; ai != nullptr; ai = ai->ai_next) {
    std::optional<std::string> canonname;
    if (ai->ai_canonname != nullptr) {
      std::string name;
      if (!Utf8FromWide(ai->ai_canonname, wcslen(ai->ai_canonname), &name)) {
        FreeAddrInfoW(res);
        return FailedLookup(EAI_FAIL);
      }
      canonname = std::move(name);
    }
    out.entries.push_back(EntryOf(*ai, std::move(canonname)));
  }
  FreeAddrInfoW(res);
  return out;
}

NameInfoOutcome LookUpNameInfo(const sockaddr_storage& address, size_t length, int flags) {
  wchar_t host[NI_MAXHOST] = {}, serv[NI_MAXSERV] = {};
  NameInfoOutcome out;
  out.code = GetNameInfoW(reinterpret_cast<const sockaddr*>(&address), static_cast<socklen_t>(length), host, NI_MAXHOST,
                          serv, NI_MAXSERV, flags);
  if (out.code != 0) return out;
  // The buffers are NUL-terminated by the call; the bound keeps a misbehaving
  // one from being read past its end.
  if (!Utf8FromWide(host, wcsnlen(host, NI_MAXHOST), &out.host) || !Utf8FromWide(serv, wcsnlen(serv, NI_MAXSERV), &out.serv)) {
    out.code = EAI_FAIL;
    out.host.clear();
    out.serv.clear();
  }
  return out;
}

}  // namespace bsdsock
