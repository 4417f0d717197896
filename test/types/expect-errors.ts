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
console.log(b, n, flowinfo);
