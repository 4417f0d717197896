// The calls each platform's files export, as (JavaScript name, C++
// function) lists: one list per group, so that the platforms export the
// same calls. Each file defines the functions in its own anonymous
// namespace and expands its group's list in its Init function.
//
// native/syscalls.cc and native/win/syscalls_win.cc:
#pragma once

#define BSDSOCK_SYSCALL_EXPORTS(X)                                                                      \
  X("socket", Socket) X("socketpair", SocketPair) X("bind", Bind) X("listen", Listen)                   \
  X("accept4", Accept4) X("connect", Connect) X("recv", Recv) X("recvfrom", RecvFrom) X("send", Send)   \
  X("sendto", SendTo) X("shutdown", Shutdown) X("close", Close) X("dup", Dup)                           \
  X("getsockname", NameCall<getsockname>) X("getpeername", NameCall<getpeername>)                       \
  X("getsockopt", GetSockOpt) X("setsockopt", SetSockOpt) X("fcntl", Fcntl) X("poll", Poll)             \
  X("pollfds", PollFds) X("strerror", StrError) X("gai_strerror", GaiStrError)                          \
  X("if_nametoindex", IfNameToIndex) X("if_indextoname", IfIndexToName)

// native/netdb_posix.cc and native/win/netdb_win.cc:
#define BSDSOCK_HOST_INFO_EXPORTS(X)                                                      \
  X("hstrerror", HStrError) X("gethostname", GetHostName) X("sethostname", SetHostName) \
  X("if_nameindex", IfNameIndex) X("inet_aton", InetAton)

// native/sendfile.cc and native/win/sendfile_win.cc:
#define BSDSOCK_SENDFILE_EXPORTS(X) \
  X("sendfile", SendFileCall) X("pread", PRead) X("lseek", LSeek) X("fstat", FStat)

// Registers one pair on `exports` (with `env` in scope).
#define BSDSOCK_EXPORT_FUNCTION(name, function) exports.Set(name, Napi::Function::New(env, function, name));
