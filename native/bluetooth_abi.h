// Bluetooth (Linux) address structs and the protocol numbers their codecs
// dispatch on. With BlueZ's headers installed they come from there. Without
// them (most build machines), this is the one place where a layout is
// written by hand: the kernel's ABI of include/net/bluetooth/*.h, which has
// not changed since the structs were introduced and which CPython and other
// runtimes also rely on. These values feed only the address layouts; the
// public constants (BTPROTO_*, BDADDR_*, HCI_*) stay header-only, exactly as
// in CPython, which lacks them without BlueZ's headers.
#pragma once
#include <sys/socket.h>

#include <cstdint>

#if __has_include(<bluetooth/bluetooth.h>)
#include <bluetooth/bluetooth.h>
#include <bluetooth/hci.h>
#include <bluetooth/l2cap.h>
#include <bluetooth/rfcomm.h>
#include <bluetooth/sco.h>
#define BSDSOCK_HAVE_BLUEZ_HEADERS 1
#endif

#if defined(__linux__) && defined(AF_BLUETOOTH)
#define BSDSOCK_HAVE_BLUETOOTH 1

namespace bsdsock {
namespace bt {

#ifdef BSDSOCK_HAVE_BLUEZ_HEADERS
using L2 = ::sockaddr_l2;
using Rc = ::sockaddr_rc;
using Hci = ::sockaddr_hci;
using Sco = ::sockaddr_sco;
constexpr int kProtoL2cap = BTPROTO_L2CAP;
constexpr int kProtoHci = BTPROTO_HCI;
constexpr int kProtoSco = BTPROTO_SCO;
constexpr int kProtoRfcomm = BTPROTO_RFCOMM;
constexpr int kBdaddrBredr = BDADDR_BREDR;
constexpr int kHciChannelRaw = HCI_CHANNEL_RAW;
#else
// The kernel ABI (include/net/bluetooth/bluetooth.h, l2cap.h, rfcomm.h,
// hci_sock.h, sco.h). bdaddr_t is packed: six bytes, least significant
// first. psm and cid are little-endian on the wire of the ABI (__le16).
struct BdAddr {
  std::uint8_t b[6];
} __attribute__((packed));
struct L2 {
  sa_family_t l2_family;
  std::uint16_t l2_psm;
  BdAddr l2_bdaddr;
  std::uint16_t l2_cid;
  std::uint8_t l2_bdaddr_type;
};
struct Rc {
  sa_family_t rc_family;
  BdAddr rc_bdaddr;
  std::uint8_t rc_channel;
};
struct Hci {
  sa_family_t hci_family;
  unsigned short hci_dev;
  unsigned short hci_channel;
};
struct Sco {
  sa_family_t sco_family;
  BdAddr sco_bdaddr;
};
constexpr int kProtoL2cap = 0;     // BTPROTO_L2CAP
constexpr int kProtoHci = 1;       // BTPROTO_HCI
constexpr int kProtoSco = 2;       // BTPROTO_SCO
constexpr int kProtoRfcomm = 3;    // BTPROTO_RFCOMM
constexpr int kBdaddrBredr = 0;    // BDADDR_BREDR
constexpr int kHciChannelRaw = 0;  // HCI_CHANNEL_RAW
#endif

}  // namespace bt
}  // namespace bsdsock

#endif  // __linux__ && AF_BLUETOOTH
