// Constants and struct layouts of the platform, read from its headers when the
// addon is built: the TypeScript side encodes socket addresses, options and
// control messages from these numbers and never assumes a value or an offset.
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <utility>

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <sys/un.h>

#if __has_include(<netpacket/packet.h>)
#include <netpacket/packet.h>
#endif
#if __has_include(<linux/netlink.h>)
#include <linux/netlink.h>
#endif
#if __has_include(<linux/vm_sockets.h>)
#include <linux/vm_sockets.h>
#endif
#if __has_include(<linux/can.h>)
#include <linux/can.h>
#endif
#if __has_include(<linux/if_alg.h>)
#include <linux/if_alg.h>
#endif
#if __has_include(<linux/errqueue.h>)
#include <linux/errqueue.h>
#endif
#if __has_include(<linux/tipc.h>)
#include <linux/tipc.h>
#endif
#if __has_include(<linux/qrtr.h>)
#include <linux/qrtr.h>
#endif
#include "addon.h"
#include "bluetooth_abi.h"
#include "bsdsock_constants.h"
#include "constants.h"
#include "layout_shared.h"
#include "layout_tables.h"

// BSD-derived stacks put a length byte (sa_len, sin_len, ...) in front of the
// family; SIN6_LEN is their own marker for it.
#if defined(SIN6_LEN) || defined(__APPLE__) || defined(__FreeBSD__) || \
    defined(__NetBSD__) || defined(__OpenBSD__) || defined(__DragonFly__)
#define BSDSOCK_HAVE_SA_LEN 1
#endif

namespace bsdsock {
namespace {

// ---------------------------------------------------------------- constants

constexpr Constant kLibcConstants[] = {
    BSDSOCK_CONSTANTS_LIBC(BSDSOCK_CONSTANT) BSDSOCK_END_OF_CONSTANTS};
constexpr Constant kCanBcmConstants[] = {
    BSDSOCK_CONSTANTS_CAN_BCM(BSDSOCK_RENAMED_CONSTANT) BSDSOCK_END_OF_CONSTANTS};
constexpr Constant kInternalConstants[] = {
    BSDSOCK_CONSTANTS_INTERNAL(BSDSOCK_CONSTANT) BSDSOCK_END_OF_CONSTANTS};
constexpr Constant kErrnoConstants[] = {
    BSDSOCK_CONSTANTS_ERRNO(BSDSOCK_CONSTANT) BSDSOCK_END_OF_CONSTANTS};

void AddSockaddrLayouts(Napi::Env env, Napi::Object layout) {
  [[maybe_unused]] SockaddrLayouts sockaddrs = AddSharedSockaddrLayouts(env, layout);
#ifdef BSDSOCK_HAVE_SA_LEN
  SetFields(sockaddrs.sa, {BSDSOCK_FIELD(sockaddr, sa_len)});
  SetFields(sockaddrs.in, {BSDSOCK_FIELD(sockaddr_in, sin_len)});
  SetFields(sockaddrs.in6, {BSDSOCK_FIELD(sockaddr_in6, sin6_len)});
  SetFields(sockaddrs.un, {BSDSOCK_FIELD(sockaddr_un, sun_len)});
#endif
}

void AddMessageLayouts(Napi::Env env, Napi::Object layout) {
  layout.Set("msghdr", Layout(env, sizeof(msghdr),
                              {BSDSOCK_FIELD(msghdr, msg_name),
                               BSDSOCK_FIELD(msghdr, msg_namelen),
                               BSDSOCK_FIELD(msghdr, msg_iov),
                               BSDSOCK_FIELD(msghdr, msg_iovlen),
                               BSDSOCK_FIELD(msghdr, msg_control),
                               BSDSOCK_FIELD(msghdr, msg_controllen),
                               BSDSOCK_FIELD(msghdr, msg_flags)}));
  layout.Set("cmsghdr", Layout(env, sizeof(cmsghdr),
                               {BSDSOCK_FIELD(cmsghdr, cmsg_len),
                                BSDSOCK_FIELD(cmsghdr, cmsg_level),
                                BSDSOCK_FIELD(cmsghdr, cmsg_type),
                                BSDSOCK_FIELD_SIZE(cmsghdr, cmsg_len)}));
  // CMSG_ALIGN is not portable, but CMSG_SPACE(1) - CMSG_SPACE(0) is the
  // alignment unit everywhere: one byte of data rounded up to it.
  Napi::Object cmsg = Napi::Object::New(env);
  SetFields(cmsg, {{"align", CMSG_SPACE(1) - CMSG_SPACE(0)},
                   {"space1", CMSG_SPACE(1)},
                   {"len0", CMSG_LEN(0)}});
  // Where CMSG_DATA puts an item's data, measured on a real header.
  alignas(cmsghdr) unsigned char item[CMSG_SPACE(1)] = {};
  SetFields(cmsg, {{"data", static_cast<std::size_t>(CMSG_DATA(reinterpret_cast<cmsghdr*>(item)) - item)}});
  layout.Set("cmsg", cmsg);
  // The data of control messages: timestamps (SCM_TIMESTAMPNS), the error
  // queue's sock_extended_err (IP_RECVERR) and AF_ALG's initialization
  // vector (ALG_SET_IV).
  layout.Set("timespec", Layout(env, sizeof(timespec),
                                {BSDSOCK_FIELD(timespec, tv_sec),
                                 BSDSOCK_FIELD(timespec, tv_nsec),
                                 BSDSOCK_FIELD_SIZE(timespec, tv_sec),
                                 BSDSOCK_FIELD_SIZE(timespec, tv_nsec)}));
#if __has_include(<linux/errqueue.h>)
  layout.Set("sock_extended_err", Layout(env, sizeof(sock_extended_err),
                                         {BSDSOCK_FIELD(sock_extended_err, ee_errno),
                                          BSDSOCK_FIELD(sock_extended_err, ee_origin),
                                          BSDSOCK_FIELD(sock_extended_err, ee_type),
                                          BSDSOCK_FIELD(sock_extended_err, ee_code),
                                          BSDSOCK_FIELD(sock_extended_err, ee_info),
                                          BSDSOCK_FIELD(sock_extended_err, ee_data)}));
#endif
#if __has_include(<linux/if_alg.h>)
  layout.Set("af_alg_iv", Layout(env, sizeof(af_alg_iv),
                                 {BSDSOCK_FIELD(af_alg_iv, ivlen),
                                  BSDSOCK_FIELD(af_alg_iv, iv),
                                  BSDSOCK_FIELD_SIZE(af_alg_iv, ivlen)}));
#endif
}

void AddOptionLayouts(Napi::Env env, Napi::Object layout) {
  AddSharedOptionLayouts(env, layout);
#if defined(__linux__) || defined(__FreeBSD__)
  layout.Set("ip_mreqn", Layout(env, sizeof(ip_mreqn),
                                {BSDSOCK_FIELD(ip_mreqn, imr_multiaddr),
                                 BSDSOCK_FIELD(ip_mreqn, imr_address),
                                 BSDSOCK_FIELD(ip_mreqn, imr_ifindex)}));
#endif
#ifdef IP_PKTINFO
  layout.Set("in_pktinfo", Layout(env, sizeof(in_pktinfo),
                                  {BSDSOCK_FIELD(in_pktinfo, ipi_ifindex),
                                   BSDSOCK_FIELD(in_pktinfo, ipi_spec_dst),
                                   BSDSOCK_FIELD(in_pktinfo, ipi_addr)}));
#endif
#ifdef IPV6_PKTINFO
  layout.Set("in6_pktinfo", Layout(env, sizeof(in6_pktinfo),
                                   {BSDSOCK_FIELD(in6_pktinfo, ipi6_addr),
                                    BSDSOCK_FIELD(in6_pktinfo, ipi6_ifindex)}));
#endif
  // SO_PEERCRED's struct: ucred on Linux, sockpeercred (same fields) on
  // OpenBSD.
#if defined(__linux__) || defined(__OpenBSD__)
#ifdef __linux__
  using PeerCred = ucred;
#else
  using PeerCred = sockpeercred;
#endif
  layout.Set("ucred", Layout(env, sizeof(PeerCred),
                             {BSDSOCK_FIELD(PeerCred, pid),
                              BSDSOCK_FIELD(PeerCred, uid),
                              BSDSOCK_FIELD(PeerCred, gid)}));
#endif
}

// Address families of Linux, each present only if its header is.
void AddLinuxLayouts(Napi::Env env, Napi::Object layout) {
#if __has_include(<linux/netlink.h>)
  layout.Set("sockaddr_nl", Layout(env, sizeof(sockaddr_nl),
                                   {BSDSOCK_FIELD(sockaddr_nl, nl_family),
                                    BSDSOCK_FIELD(sockaddr_nl, nl_pid),
                                    BSDSOCK_FIELD(sockaddr_nl, nl_groups)}));
#endif
#if __has_include(<netpacket/packet.h>)
  layout.Set("sockaddr_ll", Layout(env, sizeof(sockaddr_ll),
                                   {BSDSOCK_FIELD(sockaddr_ll, sll_family),
                                    BSDSOCK_FIELD(sockaddr_ll, sll_protocol),
                                    BSDSOCK_FIELD(sockaddr_ll, sll_ifindex),
                                    BSDSOCK_FIELD(sockaddr_ll, sll_hatype),
                                    BSDSOCK_FIELD(sockaddr_ll, sll_pkttype),
                                    BSDSOCK_FIELD(sockaddr_ll, sll_halen),
                                    BSDSOCK_FIELD(sockaddr_ll, sll_addr),
                                    BSDSOCK_FIELD_SIZE(sockaddr_ll, sll_addr)}));
#endif
#if __has_include(<linux/vm_sockets.h>)
  Napi::Object vm = Layout(env, sizeof(sockaddr_vm),
                           {BSDSOCK_FIELD(sockaddr_vm, svm_family),
                            BSDSOCK_FIELD(sockaddr_vm, svm_port),
                            BSDSOCK_FIELD(sockaddr_vm, svm_cid)});
#ifdef VMADDR_FLAG_TO_HOST  // came with svm_flags (Linux 5.10)
  SetFields(vm, {BSDSOCK_FIELD(sockaddr_vm, svm_flags)});
#endif
  layout.Set("sockaddr_vm", vm);
#endif
#if __has_include(<linux/can.h>)
  Napi::Object can = Layout(env, sizeof(sockaddr_can),
                            {BSDSOCK_FIELD(sockaddr_can, can_family),
                             BSDSOCK_FIELD(sockaddr_can, can_ifindex),
                             BSDSOCK_FIELD(sockaddr_can, can_addr),
                             {"tp_rx_id", offsetof(sockaddr_can, can_addr.tp.rx_id)},
                             {"tp_tx_id", offsetof(sockaddr_can, can_addr.tp.tx_id)}});
#if __has_include(<linux/can/j1939.h>)  // came with can_addr.j1939 (Linux 5.4)
  SetFields(can, {{"j1939_name", offsetof(sockaddr_can, can_addr.j1939.name)},
                  {"j1939_pgn", offsetof(sockaddr_can, can_addr.j1939.pgn)},
                  {"j1939_addr", offsetof(sockaddr_can, can_addr.j1939.addr)}});
#endif
  layout.Set("sockaddr_can", can);
#endif
#if __has_include(<linux/if_alg.h>)
  layout.Set("sockaddr_alg", Layout(env, sizeof(sockaddr_alg),
                                    {BSDSOCK_FIELD(sockaddr_alg, salg_family),
                                     BSDSOCK_FIELD(sockaddr_alg, salg_type),
                                     BSDSOCK_FIELD_SIZE(sockaddr_alg, salg_type),
                                     BSDSOCK_FIELD(sockaddr_alg, salg_feat),
                                     BSDSOCK_FIELD(sockaddr_alg, salg_mask),
                                     BSDSOCK_FIELD(sockaddr_alg, salg_name),
                                     BSDSOCK_FIELD_SIZE(sockaddr_alg, salg_name)}));
#endif
#if __has_include(<linux/tipc.h>)
  // The members of the address union are given relative to the union, whose
  // own offset is `addr`.
  using TipcAddr = decltype(sockaddr_tipc::addr);
  layout.Set("sockaddr_tipc",
             Layout(env, sizeof(sockaddr_tipc),
                    {BSDSOCK_FIELD(sockaddr_tipc, family),
                     BSDSOCK_FIELD(sockaddr_tipc, addrtype),
                     BSDSOCK_FIELD(sockaddr_tipc, scope),
                     BSDSOCK_FIELD(sockaddr_tipc, addr),
                     {"nameseq_type", offsetof(TipcAddr, nameseq.type)},
                     {"nameseq_lower", offsetof(TipcAddr, nameseq.lower)},
                     {"nameseq_upper", offsetof(TipcAddr, nameseq.upper)},
                     {"name_type", offsetof(TipcAddr, name.name.type)},
                     {"name_instance", offsetof(TipcAddr, name.name.instance)},
                     {"name_domain", offsetof(TipcAddr, name.domain)},
                     {"id_ref", offsetof(TipcAddr, id.ref)},
                     {"id_node", offsetof(TipcAddr, id.node)}}));
#endif
#if __has_include(<linux/qrtr.h>)
  layout.Set("sockaddr_qrtr", Layout(env, sizeof(sockaddr_qrtr),
                                     {BSDSOCK_FIELD(sockaddr_qrtr, sq_family),
                                      BSDSOCK_FIELD(sockaddr_qrtr, sq_node),
                                      BSDSOCK_FIELD(sockaddr_qrtr, sq_port)}));
#endif
}

// Bluetooth's address structs (Linux): BlueZ's headers, or the kernel ABI
// of native/bluetooth_abi.h where they are missing. "bluetooth" holds the
// protocol numbers the codecs dispatch on.
void AddBluetoothLayouts(Napi::Env env, Napi::Object layout) {
#ifdef BSDSOCK_HAVE_BLUETOOTH
  layout.Set("sockaddr_l2", Layout(env, sizeof(bt::L2),
                                   {BSDSOCK_FIELD(bt::L2, l2_family),
                                    BSDSOCK_FIELD(bt::L2, l2_psm),
                                    BSDSOCK_FIELD(bt::L2, l2_bdaddr),
                                    BSDSOCK_FIELD(bt::L2, l2_cid),
                                    BSDSOCK_FIELD(bt::L2, l2_bdaddr_type)}));
  layout.Set("sockaddr_rc", Layout(env, sizeof(bt::Rc),
                                   {BSDSOCK_FIELD(bt::Rc, rc_family),
                                    BSDSOCK_FIELD(bt::Rc, rc_bdaddr),
                                    BSDSOCK_FIELD(bt::Rc, rc_channel)}));
  layout.Set("sockaddr_hci", Layout(env, sizeof(bt::Hci),
                                    {BSDSOCK_FIELD(bt::Hci, hci_family),
                                     BSDSOCK_FIELD(bt::Hci, hci_dev),
                                     BSDSOCK_FIELD(bt::Hci, hci_channel)}));
  layout.Set("sockaddr_sco", Layout(env, sizeof(bt::Sco),
                                    {BSDSOCK_FIELD(bt::Sco, sco_family),
                                     BSDSOCK_FIELD(bt::Sco, sco_bdaddr)}));
  Napi::Object numbers = Napi::Object::New(env);
  SetFields(numbers, {{"BTPROTO_L2CAP", bt::kProtoL2cap},
                      {"BTPROTO_HCI", bt::kProtoHci},
                      {"BTPROTO_SCO", bt::kProtoSco},
                      {"BTPROTO_RFCOMM", bt::kProtoRfcomm},
                      {"BDADDR_BREDR", bt::kBdaddrBredr},
                      {"HCI_CHANNEL_RAW", bt::kHciChannelRaw}});
  layout.Set("bluetooth", numbers);
#endif
}

#undef BSDSOCK_FIELD
#undef BSDSOCK_FIELD_SIZE

// ----------------------------------------------------------------- platform

const char* OsName() {
#if defined(__ANDROID__)
  return "android";
#elif defined(__linux__)
  return "linux";
#elif defined(__APPLE__)
  return "darwin";
#elif defined(__FreeBSD__)
  return "freebsd";
#elif defined(__OpenBSD__)
  return "openbsd";
#elif defined(__NetBSD__)
  return "netbsd";
#elif defined(__DragonFly__)
  return "dragonfly";
#elif defined(__sun)
  return "sunos";
#else
  return "unknown";
#endif
}

// musl defines no macro of its own, on purpose; on Linux it is what is left
// once the libcs that do identify themselves are ruled out.
const char* LibcName() {
#if defined(__GLIBC__) && !defined(__UCLIBC__)
  return "glibc";
#elif defined(__linux__) && !defined(__UCLIBC__) && !defined(__BIONIC__)
  return "musl";
#else
  return "other";
#endif
}

Napi::Object Platform(Napi::Env env) {
  Napi::Object platform = Napi::Object::New(env);
  platform.Set("os", OsName());
  platform.Set("libc", LibcName());
  return platform;
}

}  // namespace

void InitLayout(Napi::Env env, Napi::Object exports) {
  Napi::Object constants = Napi::Object::New(env);
  AddConstants(env, constants, kLibcConstants);
  AddConstants(env, constants, kCanBcmConstants);
  AddConstants(env, constants, kLinuxTcpConstants);
  AddConstants(env, constants, kFallbackConstants);
  exports.Set("constants", constants);

  Napi::Object internal = Napi::Object::New(env);
  AddConstants(env, internal, kInternalConstants);
  exports.Set("internal", internal);

  Napi::Object errnos = Napi::Object::New(env);
  AddConstants(env, errnos, kErrnoConstants);
  exports.Set("errno", errnos);

  Napi::Object layout = Napi::Object::New(env);
  AddSockaddrLayouts(env, layout);
  AddMessageLayouts(env, layout);
  AddOptionLayouts(env, layout);
  AddLinuxLayouts(env, layout);
  AddBluetoothLayouts(env, layout);
  exports.Set("layout", layout);

  exports.Set("platform", Platform(env));
}

}  // namespace bsdsock
