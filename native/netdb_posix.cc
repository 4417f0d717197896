// The host's own name services on POSIX systems, which the Windows layer
// provides its own way (native/win/netdb_win.cc): hstrerror, the host name,
// the interface list and inet_aton, exported with native/resolver.cc's;
// and the C library's getaddrinfo/getnameinfo that resolver.cc runs
// (native/name_lookup.h; native/win/name_lookup_win.cc on Windows).
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <string.h>
#include <unistd.h>

#include "addon.h"
#include "args.h"
#include "export_lists.h"
#include "name_lookup.h"

namespace bsdsock {
namespace {

// hstrerror(h_errno) -> the C library's message
Napi::Value HStrError(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), hstrerror(IntArg(info, 0)));
}

// gethostname() -> name | -errno
Napi::Value GetHostName(const Napi::CallbackInfo& info) {
  char name[1025];
  if (gethostname(name, sizeof name - 1) == -1) return Result(info, -errno);
  name[sizeof name - 1] = '\0';
  return Napi::String::New(info.Env(), name);
}

// sethostname(bytes) -> 0 | -errno
Napi::Value SetHostName(const Napi::CallbackInfo& info) {
  Bytes name = ViewArg(info, 0);
  return Result(info, sethostname(reinterpret_cast<const char*>(name.data), name.length) == -1 ? -errno : 0);
}

// if_nameindex() -> [[index, name]] | -errno
Napi::Value IfNameIndex(const Napi::CallbackInfo& info) {
  struct if_nameindex* list = if_nameindex();
  if (list == nullptr) return Result(info, -errno);
  Napi::Array out = Napi::Array::New(info.Env());
  uint32_t n = 0;
  for (struct if_nameindex* p = list; p->if_index != 0 || p->if_name != nullptr; p++) {
    Napi::Array pair = Napi::Array::New(info.Env(), 2);
    pair.Set(0u, static_cast<double>(p->if_index));
    pair.Set(1u, p->if_name != nullptr ? p->if_name : "");
    out.Set(n++, pair);
  }
  if_freenameindex(list);
  return out;
}

// inet_aton(text) -> 4 bytes (network order) | null when the C library refuses it
Napi::Value InetAton(const Napi::CallbackInfo& info) {
  std::string text = CStringArg(info, 0);
  in_addr a{};
  if (inet_aton(text.c_str(), &a) == 0) return info.Env().Null();
  return Napi::Buffer<uint8_t>::Copy(info.Env(), reinterpret_cast<const uint8_t*>(&a), sizeof a);
}

}  // namespace

AddrInfoOutcome LookUpAddrInfo(const std::optional<std::string>& host, const std::optional<std::string>& port,
                               const addrinfo& hints) {
  AddrInfoOutcome out;
  addrinfo* res = nullptr;
  errno = 0;
  int code = getaddrinfo(host ? host->c_str() : nullptr, port ? port->c_str() : nullptr, &hints, &res);
  if (code != 0) {
    out.code = code;
    out.err = errno;
    return out;
  }
  for (addrinfo* ai = res; ai != nullptr; ai = ai->ai_next) {
    std::optional<std::string> canonname;
    if (ai->ai_canonname != nullptr) canonname = ai->ai_canonname;
    out.entries.push_back(EntryOf(*ai, std::move(canonname)));
  }
  freeaddrinfo(res);
  return out;
}

NameInfoOutcome LookUpNameInfo(const sockaddr_storage& address, size_t length, int flags) {
  char host[NI_MAXHOST], serv[NI_MAXSERV];
  NameInfoOutcome out;
  errno = 0;
  out.code = getnameinfo(reinterpret_cast<const sockaddr*>(&address), static_cast<socklen_t>(length), host, sizeof host,
                         serv, sizeof serv, flags);
  out.err = errno;
  if (out.code == 0) {
    out.host = host;
    out.serv = serv;
  }
  return out;
}

void InitHostInfo(Napi::Env env, Napi::Object exports) {
  BSDSOCK_HOST_INFO_EXPORTS(BSDSOCK_EXPORT_FUNCTION)
}

}  // namespace bsdsock
