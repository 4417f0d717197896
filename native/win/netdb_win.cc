// The host's own name services on Windows (native/netdb_posix.cc's), as
// CPython's socket module has them there: gethostname (GetComputerNameExW
// in CPython; Winsock's gethostname gives the same DNS host name), the
// interface list from IP Helper (GetIfTable2Ex and
// ConvertInterfaceLuidToNameA, as CPython's if_nameindex), and inet_aton
// on inet_addr's rules. sethostname does not exist on Windows: the call is
// exported, so that the TypeScript layer can name the platform, and fails
// with ENOSYS.
#include "wsa.h"

#include <errno.h>

#include "../addon.h"
#include "../args.h"

namespace bsdsock {
namespace {

// hstrerror(h_errno) -> the system's message (h_errno is a WSA* code here)
Napi::Value HStrError(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), ErrorMessage(ErrnoOfWinError(IntArg(info, 0))));
}

// gethostname() -> name | -errno
Napi::Value GetHostName(const Napi::CallbackInfo& info) {
  char name[1025] = {};
  if (gethostname(name, sizeof name - 1) != 0) return Result(info, WsaFailure());
  return Napi::String::New(info.Env(), name);
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
  if (status != NO_ERROR) return Result(info, -ErrnoOfWinError(static_cast<int>(status)));
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

// inet_aton(text) -> 4 bytes (network order) | null when refused. Winsock
// has no inet_aton; inet_addr takes the same forms ("127.1", hex, octal)
// but answers INADDR_NONE both for an error and for the all-ones address,
// which is accepted only as inet_pton reads it ("255.255.255.255").
Napi::Value InetAton(const Napi::CallbackInfo& info) {
  std::string text = CStringArg(info, 0);
  in_addr a{};
  a.s_addr = inet_addr(text.c_str());
  if (a.s_addr == INADDR_NONE && inet_pton(AF_INET, text.c_str(), &a) != 1) return info.Env().Null();
  return Napi::Buffer<uint8_t>::Copy(info.Env(), reinterpret_cast<const uint8_t*>(&a), sizeof a);
}

}  // namespace

void InitHostInfo(Napi::Env env, Napi::Object exports) {
  exports.Set("hstrerror", Napi::Function::New(env, HStrError, "hstrerror"));
  exports.Set("gethostname", Napi::Function::New(env, GetHostName, "gethostname"));
  exports.Set("sethostname", Napi::Function::New(env, SetHostName, "sethostname"));
  exports.Set("if_nameindex", Napi::Function::New(env, IfNameIndex, "if_nameindex"));
  exports.Set("inet_aton", Napi::Function::New(env, InetAton, "inet_aton"));
}

}  // namespace bsdsock
