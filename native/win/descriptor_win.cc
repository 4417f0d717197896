// A descriptor on Windows (see native/descriptor.h): a SOCKET handle.
//
// Identity. A SOCKET has no device and inode, Windows reuses handle values,
// and nothing a process can read about a socket is both stable over its
// life and its own (the local address changes with bind; a kernel object's
// address is not exposed; a duplicate handle kept for comparison would keep
// the socket open after closesocket). So what identifies one is its kind:
// address family, type and protocol (SO_PROTOCOL_INFOW). A handle closed
// behind the addon's back and reused for a socket of another kind is left
// alone at the environment's end; one reused for a socket of the same kind
// cannot be told apart and is closed.
#include "wsa.h"

#include "../descriptor.h"

namespace bsdsock {

FileIdentity IdentityOf(int fd) {
  FileIdentity id;
  WSAPROTOCOL_INFOW protocol{};
  int len = sizeof protocol;
  if (getsockopt(SocketOf(fd), SOL_SOCKET, SO_PROTOCOL_INFOW, reinterpret_cast<char*>(&protocol), &len) != 0) return id;
  id.dev = static_cast<uint32_t>(protocol.iAddressFamily);
  id.ino = (static_cast<uint64_t>(static_cast<uint32_t>(protocol.iSocketType)) << 32) |
           static_cast<uint32_t>(protocol.iProtocol);
  id.known = true;
  return id;
}

void CloseDescriptor(int fd) { closesocket(SocketOf(fd)); }

int InitPollHandle(uv_loop_t* loop, uv_poll_t* handle, int fd) {
  return uv_poll_init_socket(loop, handle, SocketOf(fd));
}

}  // namespace bsdsock
