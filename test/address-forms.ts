// Address forms, family by family, written once as source text: what the
// runtime accepts and what it rejects for its shape. test/15-types-addresses
// compiles each form against `AddressInputOf<family>` (accepted forms must
// compile, rejected ones must not) and feeds the same text, evaluated, to
// the family's codec (accepted forms must encode, rejected ones must throw),
// so the types and the parsers cannot disagree on any form listed here.
// Values the types cannot see (a port above 65535, an interface that does
// not exist) are the codecs' alone and are not listed, and neither are, for
// AF_BLUETOOTH, another protocol's forms: a socket's type does not carry its
// protocol, so its input type is every Bluetooth protocol's forms (an L2CAP
// socket's `[1, 1]`, HCI's shape, compiles and is rejected at run time).
// Loading it only defines things.

export interface AddressForms {
  /** The family's constant, as `socket.<name>` in the compiled source. */
  family: string;
  /** The socket type and protocol the codec is asked for (CAN and Bluetooth
   *  shape addresses by protocol); an expression over `socket` and `bt`
   *  (the platform's Bluetooth protocol numbers). */
  type: string;
  proto: string;
  /** Expressions, valid as both TypeScript and JavaScript, over `Buffer`. */
  accepted: string[];
  rejected: string[];
}

export const addressForms: AddressForms[] = [
  {
    family: "AF_INET", type: "socket.SOCK_DGRAM", proto: "0",
    accepted: ['["127.0.0.1", 80]', '["", 0]', '["<broadcast>", 9]', '["localhost", 65535]'],
    rejected: ["5", '"x"', "[1, 2, 3, 4, 5, 6, 7, 8]", '["::1", 80, 0, 0]', '["127.0.0.1"]', '["127.0.0.1", "80"]', "[80, \"127.0.0.1\"]", 'Buffer.from("x")', "null"],
  },
  {
    family: "AF_INET6", type: "socket.SOCK_DGRAM", proto: "0",
    accepted: ['["::1", 80]', '["::1", 80, 0]', '["::1", 80, 0, 0]', '["fe80::1", 80, 5, 1]', '["", 0, undefined, 0]'],
    rejected: ["5", '"::1"', '["::1"]', '["::1", 80, 0, 0, 0]', '["::1", "80"]', '["::1", 80, "0"]'],
  },
  {
    family: "AF_UNIX", type: "socket.SOCK_STREAM", proto: "0",
    accepted: ['"/tmp/bsdsock-forms"', '""', 'Buffer.from("\\0bsdsock-forms")', 'new Uint8Array([47, 116, 109, 112])', "new ArrayBuffer(4)", "new DataView(new ArrayBuffer(2))"],
    rejected: ["5", '["/tmp/x", 0]', "null", "[1, 2]"],
  },
  {
    family: "AF_NETLINK", type: "socket.SOCK_RAW", proto: "0",
    accepted: ["[0, 0]", "[1234, 1]"],
    rejected: ["0", '"eth0"', "[0]", "[0, 0, 0]", '["0", 0]'],
  },
  {
    family: "AF_PACKET", type: "socket.SOCK_RAW", proto: "0",
    accepted: ['["lo", 3]', '["lo", 3, 0]', '["lo", 3, 0, 1]', '["lo", 3, 0, 1, Buffer.alloc(6)]', '["", 0, undefined, undefined, new Uint8Array(8)]'],
    rejected: ['"lo"', '["lo"]', "[1, 3]", '["lo", "3"]', '["lo", 3, 0, 1, "aa:bb"]', '["lo", 3, 0, 1, Buffer.alloc(6), 0]'],
  },
  {
    family: "AF_VSOCK", type: "socket.SOCK_STREAM", proto: "0",
    accepted: ["[2, 1024]", "[0xffffffff, 0xffffffff]"],
    rejected: ["2", "[2]", '["2", 1024]', "[2, 1024, 0]"],
  },
  {
    family: "AF_QIPCRTR", type: "socket.SOCK_DGRAM", proto: "0",
    accepted: ["[1, 2]"],
    rejected: ["1", "[1]", "[1, 2, 3]", '[1, "2"]'],
  },
  {
    family: "AF_TIPC", type: "socket.SOCK_RDM", proto: "0",
    accepted: ["[socket.TIPC_ADDR_NAMESEQ, 1000, 1, 5]", "[socket.TIPC_ADDR_NAME, 1000, 1, 0, 2]", "[socket.TIPC_ADDR_ID, 1, 2, 0]"],
    rejected: ["1", "[socket.TIPC_ADDR_NAME, 1000, 1]", '[socket.TIPC_ADDR_NAME, 1000, 1, "0"]', "[socket.TIPC_ADDR_NAME, 1000, 1, 0, 2, 0]"],
  },
  {
    family: "AF_ALG", type: "socket.SOCK_SEQPACKET", proto: "0",
    accepted: ['["hash", "sha256"]', '["skcipher", "cbc(aes)", 0]', '["aead", "gcm(aes)", 0, 0]'],
    rejected: ['"hash"', '["hash"]', '["hash", 256]', '["hash", "sha256", 0, 0, 0]'],
  },
  {
    family: "AF_CAN", type: "socket.SOCK_RAW", proto: "socket.CAN_RAW",
    accepted: ['[""]'],
    rejected: ['""', "[0]", "[]"],
  },
  {
    family: "AF_CAN", type: "socket.SOCK_DGRAM", proto: "socket.CAN_ISOTP",
    accepted: ['["", 0x123, 0x456]'],
    rejected: ['["", 0x123]', '["", "0x123", 0x456]'],
  },
  {
    family: "AF_CAN", type: "socket.SOCK_DGRAM", proto: "socket.CAN_J1939",
    accepted: ['["", 0x1234n, 0xff00, 0x80]', '["", 0x1234, 0xff00, 0x80]'],
    rejected: ['["", "0x1234", 0xff00, 0x80]', '["", 0x1234n, 0xff00]'],
  },
  {
    family: "AF_BLUETOOTH", type: "socket.SOCK_SEQPACKET", proto: "bt.BTPROTO_L2CAP",
    accepted: ['["01:23:45:67:89:AB", 1]', '["01:23:45:67:89:AB", 1, 0]', '["01:23:45:67:89:AB", 1, 0, 1]', '[Buffer.from("01:23:45:67:89:AB"), 1]'],
    rejected: ['["01:23:45:67:89:AB", "1"]', "[null, 1]", '["01:23:45:67:89:AB"]'],
  },
  {
    family: "AF_BLUETOOTH", type: "socket.SOCK_STREAM", proto: "bt.BTPROTO_RFCOMM",
    accepted: ['["01:23:45:67:89:AB", 1]'],
    rejected: ['["01:23:45:67:89:AB", "1"]', '["01:23:45:67:89:AB", 1, 0, 0, 0]'],
  },
  {
    family: "AF_BLUETOOTH", type: "socket.SOCK_RAW", proto: "bt.BTPROTO_HCI",
    accepted: ["0", "[0]", "[0, 1]"],
    rejected: ['[0, "1"]', "true"],
  },
  {
    family: "AF_BLUETOOTH", type: "socket.SOCK_SEQPACKET", proto: "bt.BTPROTO_SCO",
    accepted: ['"01:23:45:67:89:AB"', 'Buffer.from("01:23:45:67:89:AB")'],
    rejected: ["null", "true"],
  },
];
