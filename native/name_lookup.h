// getaddrinfo and getnameinfo as native/resolver.cc runs them, as plain
// C++ outcomes (no JavaScript: they run on libuv's thread pool too): the C
// library's calls on POSIX (native/netdb_posix.cc), the wide-character
// GetAddrInfoW/GetNameInfoW on Windows (native/win/name_lookup_win.cc),
// whose names, services and canonical names are UTF-16 there, converted
// from and to the UTF-8 the rest of the addon speaks.
#pragma once
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bsdsock {

struct AddrInfoEntry {
  int family, socktype, protocol;
  std::optional<std::string> canonname;
  std::vector<uint8_t> addr;
};

// code: 0 or the EAI_* error; err: errno for EAI_SYSTEM.
struct AddrInfoOutcome {
  int code = 0, err = 0;
  std::vector<AddrInfoEntry> entries;
};

struct NameInfoOutcome {
  int code = 0, err = 0;
  std::string host, serv;
};

// One result of getaddrinfo (an addrinfo, or Windows' ADDRINFOW) as an
// entry, with its canonical name already in UTF-8.
template <typename Info>
AddrInfoEntry EntryOf(const Info& ai, std::optional<std::string> canonname) {
  AddrInfoEntry e{ai.ai_family, ai.ai_socktype, ai.ai_protocol, std::move(canonname), {}};
  const uint8_t* a = reinterpret_cast<const uint8_t*>(ai.ai_addr);
  size_t len = ai.ai_addr == nullptr ? 0 : std::min<size_t>(ai.ai_addrlen, sizeof(sockaddr_storage));
  e.addr.assign(a, a + len);
  return e;
}

// getaddrinfo(host, port, hints): host and port are UTF-8 (null: none).
AddrInfoOutcome LookUpAddrInfo(const std::optional<std::string>& host, const std::optional<std::string>& port,
                               const addrinfo& hints);

// getnameinfo of the `length` bytes of `address` (at most a sockaddr_storage).
NameInfoOutcome LookUpNameInfo(const sockaddr_storage& address, size_t length, int flags);

}  // namespace bsdsock
