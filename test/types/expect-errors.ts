// What must not compile: each line below is a mistake the types catch.
// test/15-types.test.ts fails if any of them compiles, since an unused
// expect-error directive is itself an error.
import * as socket from "bsdsock";

// @ts-expect-error a socket type where the family goes (swapped arguments)
socket.socket(socket.SOCK_STREAM, socket.AF_INET);
// @ts-expect-error a family where the socket type goes
socket.socket(socket.AF_INET, socket.AF_INET6);
// @ts-expect-error swapped in socketpair too
socket.socketpair(socket.SOCK_DGRAM, socket.AF_UNIX);
// @ts-expect-error and in fromfd
socket.fromfd(3, socket.SOCK_STREAM, socket.AF_INET);
// @ts-expect-error a recv flag is no family
socket.socket(socket.MSG_PEEK);

const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
// @ts-expect-error no such shape: eight numbers
s.bind([1, 2, 3, 4, 5, 6, 7, 8]);
// @ts-expect-error the port is a number
s.bind(["127.0.0.1", "80"]);
// @ts-expect-error getsockopt without buflen is a number, not bytes
const b: Buffer = s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF);
// @ts-expect-error with buflen it is bytes, not a number
const n: number = s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4);
// @ts-expect-error an IPv4 address has two elements
const [, , flowinfo] = s.getsockname();
// @ts-expect-error typos in an enum's names do not compile
socket.AddressFamily.AF_INTE;
// @ts-expect-error a socket type is no recv flag
await s.recv(1024, socket.SOCK_DGRAM);
// @ts-expect-error a family is no send flag
await s.sendto(Buffer.from("x"), socket.AF_INET, ["127.0.0.1", 9]);
// @ts-expect-error bytes are not text
await s.send("hello");

// Addresses: an AF_INET socket takes `[host, port]` and nothing else.
// @ts-expect-error a number is no IPv4 address
s.bind(5);
// @ts-expect-error an IPv6 address on an IPv4 socket
await s.connect(["::1", 80, 0, 0]);
// @ts-expect-error a path is no IPv4 address
await s.sendto(Buffer.from("x"), "x");
// @ts-expect-error the port is missing
s.connectSync(["127.0.0.1"]);
const plain: socket.Socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM);
// @ts-expect-error an address of unknown family (it may be a path) is no IPv4 address
await s.connect(plain.getsockname());
plain.bind(5); // a plain Socket takes any family's forms: an HCI device number may be one
const unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM);
// @ts-expect-error a Unix socket takes a path or bytes
unix.bind(["127.0.0.1", 0]);
const six = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM);
// @ts-expect-error an IPv6 address has at most four elements
six.bind(["::1", 0, 0, 0, 0]);
const packet = socket.socket(socket.AF_PACKET, socket.SOCK_RAW);
// @ts-expect-error AF_PACKET names the interface first
packet.bind([socket.ETH_P_ALL, "eth0"]);

// Sizes and flags: a MSG_ flag where a size goes does not compile.
// @ts-expect-error swapped: the size comes first
await s.recv(socket.MSG_PEEK, 4096);
// @ts-expect-error recvInto's second argument is nbytes, then flags
await s.recvInto(Buffer.alloc(16), socket.MSG_PEEK);
// @ts-expect-error recvmsg: bufsize, ancbufsize, flags
await s.recvmsg(socket.MSG_PEEK, 4096);
// @ts-expect-error recvfrom too
s.recvfromSync(socket.MSG_DONTWAIT, 1024);
// @ts-expect-error createConnection binds to an IP address, not a path
await socket.createConnection(["localhost", 80], 5, "/tmp/source");
const [fdSender] = socket.socketpair();
// @ts-expect-error sendFds on a Unix socket goes to a path, not [host, port]
await socket.sendFds(fdSender, [Buffer.from("x")], [0], 0, ["127.0.0.1", 9]);
console.log(b, n, flowinfo);
// @ts-expect-error the protocol comes third: type and protocol swapped
socket.socket(socket.AF_INET, socket.IPPROTO_TCP, socket.SOCK_STREAM);
