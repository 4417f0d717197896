// The layouts of the structs that POSIX and Winsock define with the same
// names and fields (native/layout.cc, native/win/layout_win.cc): the
// socket addresses of IPv4, IPv6 and Unix sockets, and the option structs.
// On Windows the POSIX header names below are Winsock's (native/win/include).
#pragma once
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

#include "layout_tables.h"

namespace bsdsock {

// The address layouts set, for fields a platform adds (BSD's sa_len).
struct SockaddrLayouts {
  Napi::Object sa, in, in6, un;
};

inline SockaddrLayouts AddSharedSockaddrLayouts(Napi::Env env, Napi::Object layout) {
  SockaddrLayouts out{
      Layout(env, sizeof(sockaddr),
             {BSDSOCK_FIELD(sockaddr, sa_family),
              BSDSOCK_FIELD_SIZE(sockaddr, sa_family)}),
      Layout(env, sizeof(sockaddr_in),
             {BSDSOCK_FIELD(sockaddr_in, sin_family),
              BSDSOCK_FIELD(sockaddr_in, sin_port),
              BSDSOCK_FIELD(sockaddr_in, sin_addr)}),
      Layout(env, sizeof(sockaddr_in6),
             {BSDSOCK_FIELD(sockaddr_in6, sin6_family),
              BSDSOCK_FIELD(sockaddr_in6, sin6_port),
              BSDSOCK_FIELD(sockaddr_in6, sin6_flowinfo),
              BSDSOCK_FIELD(sockaddr_in6, sin6_addr),
              BSDSOCK_FIELD(sockaddr_in6, sin6_scope_id)}),
      // On Windows: afunix.h's (Windows 10 1803 and later).
      Layout(env, sizeof(sockaddr_un),
             {BSDSOCK_FIELD(sockaddr_un, sun_family),
              BSDSOCK_FIELD(sockaddr_un, sun_path),
              BSDSOCK_FIELD_SIZE(sockaddr_un, sun_path)}),
  };
  layout.Set("sockaddr", out.sa);
  layout.Set("sockaddr_in", out.in);
  layout.Set("sockaddr_in6", out.in6);
  layout.Set("sockaddr_un", out.un);
  layout.Set("sockaddr_storage",
             Layout(env, sizeof(sockaddr_storage),
                    {BSDSOCK_FIELD(sockaddr_storage, ss_family)}));
  return out;
}

inline void AddSharedOptionLayouts(Napi::Env env, Napi::Object layout) {
  // Winsock's linger has two u_short fields where POSIX has ints: sizes are given.
  layout.Set("linger", Layout(env, sizeof(linger),
                              {BSDSOCK_FIELD(linger, l_onoff),
                               BSDSOCK_FIELD(linger, l_linger),
                               BSDSOCK_FIELD_SIZE(linger, l_onoff),
                               BSDSOCK_FIELD_SIZE(linger, l_linger)}));
  // tv_usec is 4 bytes on some 64-bit systems (macOS), so sizes are given.
  layout.Set("timeval", Layout(env, sizeof(timeval),
                               {BSDSOCK_FIELD(timeval, tv_sec),
                                BSDSOCK_FIELD(timeval, tv_usec),
                                BSDSOCK_FIELD_SIZE(timeval, tv_sec),
                                BSDSOCK_FIELD_SIZE(timeval, tv_usec)}));
  layout.Set("ip_mreq", Layout(env, sizeof(ip_mreq),
                               {BSDSOCK_FIELD(ip_mreq, imr_multiaddr),
                                BSDSOCK_FIELD(ip_mreq, imr_interface)}));
  layout.Set("ipv6_mreq", Layout(env, sizeof(ipv6_mreq),
                                 {BSDSOCK_FIELD(ipv6_mreq, ipv6mr_multiaddr),
                                  BSDSOCK_FIELD(ipv6_mreq, ipv6mr_interface)}));
}

}  // namespace bsdsock
