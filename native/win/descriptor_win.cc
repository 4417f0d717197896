// A descriptor on Windows (see native/descriptor.h): a SOCKET handle.
//
// Identity. A SOCKET has no device and inode, and Windows reuses handle
// values, so what identifies one is what it is: its address family and
// type (from SO_PROTOCOL_INFOW) and its local address (getsockname). A
// handle closed behind the addon's back and reused for another socket
// with the same family, type and local address (two unbound sockets of
// one kind, say) would pass for the one registered: Windows offers nothing
// closer (no handle carries a serial number a process can read).
#include "wsa.h"

#include "../descriptor.h"

namespace bsdsock {

FileIdentity IdentityOf(int fd) {
  FileIdentity id;
  SOCKET s = SocketOf(fd);
  WSAPROTOCOL_INFOW protocol{};
  int len = sizeof protocol;
  if (getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOW, reinterpret_cast<char*>(&protocol), &len) != 0) return id;
  sockaddr_storage name{};
  int nameLen = sizeof name;
  if (getsockname(s, reinterpret_cast<sockaddr*>(&name), &nameLen) != 0) nameLen = 0;  // unbound
  // FNV-1a over the local address: a fingerprint, compared only for equality.
  uint64_t hash = 14695981039346656037ull;
  const unsigned char* bytes = reinterpret_cast<const unsigned char*>(&name);
  for (int i = 0; i < nameLen; i++) hash = (hash ^ bytes[i]) * 1099511628211ull;
  id.dev = (static_cast<uint64_t>(static_cast<uint32_t>(protocol.iAddressFamily)) << 32) |
           static_cast<uint32_t>(protocol.iSocketType);
  id.ino = hash;
  id.known = true;
  return id;
}

void CloseDescriptor(int fd) { closesocket(SocketOf(fd)); }

int InitPollHandle(uv_loop_t* loop, uv_poll_t* handle, int fd) {
  return uv_poll_init_socket(loop, handle, SocketOf(fd));
}

}  // namespace bsdsock
