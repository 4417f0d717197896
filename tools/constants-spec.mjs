// What the constant table holds: the header groups and name prefixes that
// tools/gen-constants.mjs probes, shared with the test that checks the
// table against the headers (test/71-constants.test.ts) so that both read
// the same headers, each in its own way.

// A prefix ending in "_" matches every name that starts with it; any other
// entry is one exact name.
export const PUBLIC_PREFIXES = [
  "AF_", "PF_", "SOCK_", "SOL_", "SO_", "SCM_", "MSG_", "IPPROTO_", "IPPORT_",
  "INADDR_", "IP_", "IPV6_", "TCP_", "UDP_", "UDPLITE_", "EAI_", "AI_", "NI_",
  "SHUT_", "SOMAXCONN", "CAN_", "SOL_CAN_", "J1939_", "SCM_J1939_", "SO_J1939_", "ALG_",
  "TIPC_", "RDS_", "NETLINK_", "PACKET_", "VMADDR_", "SO_VM_", "VM_SOCKETS_",
  "IOCTL_VM_SOCKETS_", "BDADDR_", "HCI_", "BTPROTO_", "ETHERTYPE_", "ETH_P_",
  "SO_EE_", "SOF_", "IF_NAMESIZE", "IFNAMSIZ",
  // The three errno names CPython's socket module exports too.
  "EAGAIN", "EBADF", "EWOULDBLOCK",
  // rtnetlink (linux/netlink.h, linux/rtnetlink.h, linux/if_link.h,
  // linux/if_addr.h): beyond CPython, so that netlink messages are built
  // from the headers' numbers instead of typed-in ones.
  "NLM_F_", "NLMSG_", "RTM_", "RTA_", "RTN_", "RTPROT_", "RT_SCOPE_",
  "RT_TABLE_", "RTMGRP_", "RTNLGRP_", "IFLA_", "IFA_", "IFF_",
  // poll(2)'s event bits (poll.h), for select()'s poll objects.
  /^POLL[A-Z]+$/,
  // Windows only (mstcpip.h): the controls CPython's sock.ioctl() takes, and
  // SIO_RCVALL's values.
  "SIO_RCVALL", "SIO_KEEPALIVE_VALS", "SIO_LOOPBACK_FAST_PATH", "RCVALL_",
];

// Groups are probed in this order; for the same table, a name an earlier
// group produced is not listed again (first group wins).
export const GROUPS = [
  {
    id: "libc",
    unit: null, // the default unit: native/layout.cc
    headers: [
      // Windows (each header is included only where it exists, and
      // winsock2.h must come before anything that includes windows.h).
      "winsock2.h", "ws2tcpip.h", "mswsock.h", "mstcpip.h", "afunix.h",
      "sys/socket.h", "sys/un.h", "netinet/in.h", "netinet/tcp.h",
      "netinet/udp.h", "arpa/inet.h", "netdb.h", "net/if.h", "net/ethernet.h",
      "netpacket/packet.h", "linux/netlink.h", "linux/vm_sockets.h",
      "linux/can.h", "linux/can/raw.h", "linux/can/bcm.h", "linux/can/isotp.h",
      "linux/can/j1939.h", "linux/if_alg.h", "linux/tipc.h", "linux/rds.h",
      "linux/qrtr.h", "linux/if_ether.h", "linux/errqueue.h",
      "linux/net_tstamp.h", "linux/rtnetlink.h", "linux/if_link.h",
      "linux/if_addr.h", "errno.h", "poll.h",
      // Defines _IO(), which IOCTL_VM_SOCKETS_GET_LOCAL_CID expands to.
      "sys/ioctl.h",
      "bluetooth/bluetooth.h", "bluetooth/hci.h",
      "bluetooth/l2cap.h", "bluetooth/rfcomm.h", "bluetooth/sco.h",
    ],
    prefixes: PUBLIC_PREFIXES,
    table: "constants",
  },
  {
    // The broadcast manager's opcodes and flags have bare names (TX_SETUP,
    // SETTIMER); like Python, they are exported as CAN_BCM_<name>.
    id: "can_bcm",
    unit: null,
    headers: ["linux/can/bcm.h"],
    prefixes: ["TX_", "RX_", "SETTIMER", "STARTTIMER", "CAN_FD_FRAME"],
    exportPrefix: "CAN_BCM_",
    table: "constants",
  },
  {
    // linux/tcp.h has newer TCP_* options than glibc's netinet/tcp.h, but
    // redefines its structs, so it needs a translation unit of its own.
    id: "linux_tcp",
    unit: "linux_tcp",
    headers: ["linux/tcp.h"],
    prefixes: ["TCP_"],
    table: "constants",
  },
  {
    id: "internal",
    unit: null,
    headers: ["fcntl.h", "poll.h", "sys/socket.h"],
    prefixes: [
      "F_GETFD", "F_SETFD", "F_GETFL", "F_SETFL", "F_DUPFD_CLOEXEC",
      "FD_CLOEXEC", "O_NONBLOCK", "POLLIN", "POLLOUT", "POLLERR", "POLLHUP",
      "POLLNVAL", "POLLPRI", "POLLRDHUP",
    ],
    table: "internal",
  },
  {
    // errno names (EAGAIN, ESHUTDOWN, ...): the error classes and codes need
    // every one the platform has, and Node's os.constants.errno lists only some.
    id: "errno",
    unit: null,
    // Windows: Winsock's WSAE* codes too, the errno values of its sockets
    // (native/win/layout_win.cc gives the E* names those values).
    headers: ["errno.h", "winsock2.h"],
    prefixes: [/^E[A-Z0-9]+$/, /^WSAE[A-Z0-9]+$/],
    table: "errno",
  },
];

