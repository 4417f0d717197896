// The C library's name service: getaddrinfo, getnameinfo, gethostby*,
// services, protocols, the host name and the interface list.
//
// The calls that may wait on the network (getaddrinfo, getnameinfo,
// gethostbyname_ex, gethostbyaddr) run either on the calling thread (the
// Sync forms) or on libuv's thread pool, returning a Promise (the async
// forms), so a lookup never blocks the event loop. A lookup is a pure
// function of its inputs: it is run into a plain C++ outcome on whichever
// thread, and only that outcome is turned into JavaScript values, on the
// JavaScript thread.
//
// Failures are values, not exceptions: {code, errno} for EAI_* errors,
// {herrno} for h_errno errors. The TypeScript layer builds the errors.
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "addon.h"
#include "args.h"
#include "environment.h"
#include "name_lookup.h"

namespace bsdsock {
namespace {

// glibc has the reentrant gethostby*_r/getservby*_r/getprotobyname_r;
// elsewhere (musl, which lacks getprotobyname_r; macOS; the BSDs) the classic
// calls return static storage, so one lock serialises them and the results
// are copied before it is released.
#if defined(__GLIBC__)
#define BSDSOCK_HAVE_NETDB_R 1
#else
std::mutex netdbLock;
#endif

std::optional<std::string> OptionalCStringArg(const Napi::CallbackInfo& info, size_t i) {
  if (info[i].IsNull() || info[i].IsUndefined()) return std::nullopt;
  return CStringArg(info, i);
}

bool AsyncArg(const Napi::CallbackInfo& info, size_t i) {
  return info[i].IsBoolean() && info[i].As<Napi::Boolean>().Value();
}

Napi::Buffer<uint8_t> CopyBytes(Napi::Env env, const std::vector<uint8_t>& bytes) {
  return Napi::Buffer<uint8_t>::Copy(env, bytes.data(), bytes.size());
}

// Runs `lookup` here (sync) or on the thread pool (async, a Promise), and
// converts its outcome on the JavaScript thread.
//
// The completion runs from libuv, also while a worker that is being
// terminated closes its handles, when no JavaScript value can be made and
// every Node-API call that needs one fails. Nothing may be thrown out of
// it (std::terminate), so it uses Node-API's own calls, whose failures are
// return values; once the environment ends (or JavaScript cannot run) the
// Promise is left unsettled: nobody is left to observe it.
template <typename Outcome>
class Lookup {
 public:
  using Run = std::function<Outcome()>;
  using ToJs = Napi::Value (*)(Napi::Env, const Outcome&);

  static Napi::Value Start(const Napi::CallbackInfo& info, Run run, ToJs toJs) {
    napi_env env = info.Env();
    std::unique_ptr<Lookup> self(new Lookup(std::move(run), toJs));
    napi_value promise, name;
    NAPI_THROW_IF_FAILED(env, napi_create_string_utf8(env, "bsdsock:lookup", NAPI_AUTO_LENGTH, &name), Napi::Value());
    NAPI_THROW_IF_FAILED(env, napi_create_async_work(env, nullptr, name, Execute, Complete, self.get(), &self->work_),
                         Napi::Value());
    napi_status status = napi_create_promise(env, &self->deferred_, &promise);
    if (status == napi_ok) status = napi_queue_async_work(env, self->work_);
    if (status != napi_ok) {
      napi_delete_async_work(env, self->work_);
      NAPI_THROW_IF_FAILED(env, status, Napi::Value());
    }
    self.release();  // Complete() deletes it
    return Napi::Value(env, promise);
  }

 private:
  Lookup(Run run, ToJs toJs) : run_(std::move(run)), toJs_(toJs) {}

  static void Execute(napi_env, void* data) {
    Lookup* self = static_cast<Lookup*>(data);
    self->outcome_ = self->run_();
  }

  static void Complete(napi_env env, napi_status status, void* data) {
    std::unique_ptr<Lookup> self(static_cast<Lookup*>(data));
    napi_delete_async_work(env, self->work_);
    Environment* environment = EnvironmentOf(env);
    if (status != napi_ok || environment == nullptr || environment->ending) return;
    napi_handle_scope scope;
    if (napi_open_handle_scope(env, &scope) != napi_ok) return;
    self->Settle(env);
    napi_close_handle_scope(env, scope);
  }

  // Resolves with the outcome's JavaScript value. If making it fails (out
  // of memory), rejects; once JavaScript is gone, both fail quietly.
  void Settle(napi_env env) {
    try {
      napi_resolve_deferred(env, deferred_, toJs_(Napi::Env(env), outcome_));
      return;
    } catch (...) {
    }
    napi_value message, error;
    if (napi_create_string_utf8(env, "bsdsock: the lookup's result could not be made", NAPI_AUTO_LENGTH, &message) == napi_ok &&
        napi_create_error(env, nullptr, message, &error) == napi_ok) {
      napi_reject_deferred(env, deferred_, error);
    }
  }

  napi_async_work work_ = nullptr;
  napi_deferred deferred_ = nullptr;
  Run run_;
  ToJs toJs_;
  Outcome outcome_;
};

template <typename Outcome>
Napi::Value RunLookup(const Napi::CallbackInfo& info, bool async, typename Lookup<Outcome>::Run run,
                      typename Lookup<Outcome>::ToJs toJs) {
  if (!async) return toJs(info.Env(), run());
  return Lookup<Outcome>::Start(info, std::move(run), toJs);
}

Napi::Object GaiFailure(Napi::Env env, int code, int err) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("code", code);
  o.Set("errno", err);
  return o;
}

// ---- getaddrinfo ------------------------------------------------------

Napi::Value AddrInfoToJs(Napi::Env env, const AddrInfoOutcome& out) {
  if (out.code != 0) return GaiFailure(env, out.code, out.err);
  Napi::Array list = Napi::Array::New(env, out.entries.size());
  for (size_t i = 0; i < out.entries.size(); i++) {
    const AddrInfoEntry& e = out.entries[i];
    Napi::Array item = Napi::Array::New(env, 5);
    item.Set(0u, e.family);
    item.Set(1u, e.socktype);
    item.Set(2u, e.protocol);
    item.Set(3u, e.canonname ? Napi::Value(Napi::String::New(env, *e.canonname)) : env.Null());
    item.Set(4u, CopyBytes(env, e.addr));
    list.Set(static_cast<uint32_t>(i), item);
  }
  return list;
}

// getaddrinfo(host|null, port|null, family, type, proto, flags, async)
//   -> [[family, type, proto, canonname|null, sockaddr bytes]] | {code, errno}
Napi::Value GetAddrInfo(const Napi::CallbackInfo& info) {
  std::optional<std::string> host = OptionalCStringArg(info, 0), port = OptionalCStringArg(info, 1);
  addrinfo hints{};
  hints.ai_family = IntArg(info, 2);
  hints.ai_socktype = IntArg(info, 3);
  hints.ai_protocol = IntArg(info, 4);
  hints.ai_flags = IntArg(info, 5);
  return RunLookup<AddrInfoOutcome>(info, AsyncArg(info, 6), [=] { return LookUpAddrInfo(host, port, hints); },
                                    AddrInfoToJs);
}

// ---- getnameinfo ------------------------------------------------------

Napi::Value NameInfoToJs(Napi::Env env, const NameInfoOutcome& out) {
  if (out.code != 0) return GaiFailure(env, out.code, out.err);
  Napi::Array pair = Napi::Array::New(env, 2);
  pair.Set(0u, Napi::String::New(env, out.host));
  pair.Set(1u, Napi::String::New(env, out.serv));
  return pair;
}

// getnameinfo(sockaddr, addrlen, flags, async) -> [host, serv] | {code, errno}
Napi::Value GetNameInfo(const Napi::CallbackInfo& info) {
  Bytes addr = AddrArg(info, 0);
  if (addr.length > sizeof(sockaddr_storage)) throw Napi::RangeError::New(info.Env(), "bsdsock native: address too long");
  std::vector<uint8_t> bytes(addr.data, addr.data + addr.length);
  int flags = IntArg(info, 2);
  return RunLookup<NameInfoOutcome>(info, AsyncArg(info, 3), [bytes, flags] {
    sockaddr_storage ss{};
    memcpy(&ss, bytes.data(), bytes.size());
    return LookUpNameInfo(ss, bytes.size(), flags);
  }, NameInfoToJs);
}

// ---- gethostbyname_ex / gethostbyaddr -----------------------------------

struct HostentOutcome {
  int herrno = 0;
  std::string name;
  std::vector<std::string> aliases;
  int addrtype = 0;
  std::vector<std::vector<uint8_t>> addrs;
};

void CopyHostent(const hostent* h, HostentOutcome& out) {
  out.name = h->h_name != nullptr ? h->h_name : "";
  for (char** a = h->h_aliases; a != nullptr && *a != nullptr; a++) out.aliases.emplace_back(*a);
  out.addrtype = h->h_addrtype;
  size_t len = h->h_length > 0 ? static_cast<size_t>(h->h_length) : 0;
  for (char** p = h->h_addr_list; p != nullptr && *p != nullptr; p++) {
    const uint8_t* b = reinterpret_cast<const uint8_t*>(*p);
    out.addrs.emplace_back(b, b + len);
  }
}

// Calls a gethostby*_r function, growing its buffer while it says ERANGE.
template <typename Call>
HostentOutcome HostentLookup(Call call) {
  HostentOutcome out;
#ifdef BSDSOCK_HAVE_NETDB_R
  std::vector<char> buf(16384);
  for (;;) {
    hostent storage{}, *h = nullptr;
    int herr = 0;
    int r = call(&storage, buf.data(), buf.size(), &h, &herr);
    if (r == ERANGE && buf.size() < (1u << 24)) {
      buf.resize(buf.size() * 2);
      continue;
    }
    if (h == nullptr) {
      out.herrno = herr != 0 ? herr : HOST_NOT_FOUND;
      return out;
    }
    CopyHostent(h, out);
    return out;
  }
#else
  std::lock_guard<std::mutex> lock(netdbLock);
  hostent* h = call();
  if (h == nullptr) {
    out.herrno = h_errno != 0 ? h_errno : HOST_NOT_FOUND;
    return out;
  }
  CopyHostent(h, out);
  return out;
#endif
}

Napi::Value HostentToJs(Napi::Env env, const HostentOutcome& out) {
  if (out.herrno != 0) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("herrno", out.herrno);
    return o;
  }
  Napi::Array aliases = Napi::Array::New(env, out.aliases.size());
  for (size_t i = 0; i < out.aliases.size(); i++) aliases.Set(static_cast<uint32_t>(i), out.aliases[i]);
  Napi::Array addrs = Napi::Array::New(env, out.addrs.size());
  for (size_t i = 0; i < out.addrs.size(); i++) addrs.Set(static_cast<uint32_t>(i), CopyBytes(env, out.addrs[i]));
  Napi::Array result = Napi::Array::New(env, 4);
  result.Set(0u, out.name);
  result.Set(1u, aliases);
  result.Set(2u, out.addrtype);
  result.Set(3u, addrs);
  return result;
}

// gethostbyname_ex(name, async) -> [name, aliases, addrtype, [addr bytes]] | {herrno}
// (gethostbyname_r(3): IPv4 only, as the reference's gethostbyname_ex.)
Napi::Value GetHostByNameEx(const Napi::CallbackInfo& info) {
  std::string name = CStringArg(info, 0);
  return RunLookup<HostentOutcome>(info, AsyncArg(info, 1), [name] {
#ifdef BSDSOCK_HAVE_NETDB_R
    return HostentLookup([&](hostent* ret, char* buf, size_t len, hostent** result, int* herr) {
      return gethostbyname_r(name.c_str(), ret, buf, len, result, herr);
    });
#else
    return HostentLookup([&] { return gethostbyname(name.c_str()); });
#endif
  }, HostentToJs);
}

// gethostbyaddr(addr bytes, family, async) -> as gethostbyname_ex
Napi::Value GetHostByAddr(const Napi::CallbackInfo& info) {
  Bytes raw = ViewArg(info, 0);
  if (raw.length != 4 && raw.length != 16) throw Napi::RangeError::New(info.Env(), "bsdsock native: address must be 4 or 16 bytes");
  std::vector<uint8_t> addr(raw.data, raw.data + raw.length);
  int family = IntArg(info, 1);
  return RunLookup<HostentOutcome>(info, AsyncArg(info, 2), [addr, family] {
#ifdef BSDSOCK_HAVE_NETDB_R
    return HostentLookup([&](hostent* ret, char* buf, size_t len, hostent** result, int* herr) {
      return gethostbyaddr_r(addr.data(), static_cast<socklen_t>(addr.size()), family, ret, buf, len, result, herr);
    });
#else
    return HostentLookup([&] { return gethostbyaddr(reinterpret_cast<const char*>(addr.data()), static_cast<socklen_t>(addr.size()), family); });
#endif
  }, HostentToJs);
}

// ---- sync-only name services ------------------------------------------

// getservbyname(name, proto|null) -> port (host order) | -1 when not found
Napi::Value GetServByName(const Napi::CallbackInfo& info) {
  std::string name = CStringArg(info, 0);
  std::optional<std::string> proto = OptionalCStringArg(info, 1);
  const char* p = proto ? proto->c_str() : nullptr;
#ifdef BSDSOCK_HAVE_NETDB_R
  servent storage{}, *s = nullptr;
  char buf[4096];
  if (getservbyname_r(name.c_str(), p, &storage, buf, sizeof buf, &s) != 0) s = nullptr;
#else
  std::lock_guard<std::mutex> lock(netdbLock);
  servent* s = getservbyname(name.c_str(), p);
#endif
  return Result(info, s == nullptr ? -1 : ntohs(static_cast<uint16_t>(s->s_port)));
}

// getservbyport(port (host order), proto|null) -> name | null when not found
Napi::Value GetServByPort(const Napi::CallbackInfo& info) {
  int port = IntArg(info, 0);
  if (port < 0 || port > 0xffff) throw Napi::RangeError::New(info.Env(), "bsdsock native: port must be 0-65535");
  std::optional<std::string> proto = OptionalCStringArg(info, 1);
  const char* p = proto ? proto->c_str() : nullptr;
  int netPort = htons(static_cast<uint16_t>(port));
#ifdef BSDSOCK_HAVE_NETDB_R
  servent storage{}, *s = nullptr;
  char buf[4096];
  if (getservbyport_r(netPort, p, &storage, buf, sizeof buf, &s) != 0) s = nullptr;
#else
  std::lock_guard<std::mutex> lock(netdbLock);
  servent* s = getservbyport(netPort, p);
#endif
  if (s == nullptr || s->s_name == nullptr) return info.Env().Null();
  return Napi::String::New(info.Env(), s->s_name);
}

// getprotobyname(name) -> number | -1 when not found
Napi::Value GetProtoByName(const Napi::CallbackInfo& info) {
  std::string name = CStringArg(info, 0);
#ifdef BSDSOCK_HAVE_NETDB_R
  protoent storage{}, *p = nullptr;
  char buf[4096];
  if (getprotobyname_r(name.c_str(), &storage, buf, sizeof buf, &p) != 0) p = nullptr;
#else
  std::lock_guard<std::mutex> lock(netdbLock);
  protoent* p = getprotobyname(name.c_str());
#endif
  return Result(info, p == nullptr ? -1 : p->p_proto);
}

}  // namespace

void InitResolver(Napi::Env env, Napi::Object exports) {
  // The h_errno names, for HError's code.
  Napi::Object herrno = Napi::Object::New(env);
  herrno.Set("HOST_NOT_FOUND", HOST_NOT_FOUND);
  herrno.Set("TRY_AGAIN", TRY_AGAIN);
  herrno.Set("NO_RECOVERY", NO_RECOVERY);
  herrno.Set("NO_DATA", NO_DATA);
  exports.Set("herrno", herrno);
  InitHostInfo(env, exports);
  exports.Set("getaddrinfo", Napi::Function::New(env, GetAddrInfo, "getaddrinfo"));
  exports.Set("getnameinfo", Napi::Function::New(env, GetNameInfo, "getnameinfo"));
  exports.Set("gethostbyname_ex", Napi::Function::New(env, GetHostByNameEx, "gethostbyname_ex"));
  exports.Set("gethostbyaddr", Napi::Function::New(env, GetHostByAddr, "gethostbyaddr"));
  exports.Set("getservbyname", Napi::Function::New(env, GetServByName, "getservbyname"));
  exports.Set("getservbyport", Napi::Function::New(env, GetServByPort, "getservbyport"));
  exports.Set("getprotobyname", Napi::Function::New(env, GetProtoByName, "getprotobyname"));
}

}  // namespace bsdsock
