// Which operating system runs the suite: Windows, and Wine in particular
// (a Windows the suite runs on in CI, scripts/ci/test-wine.mjs, which lacks
// parts of Winsock that Windows has). Tests that cannot apply on Windows,
// or that Wine cannot run, skip with `lacks()` (test/runtime.ts), which
// names the reason; a file none of whose tests can apply takes node:test's
// functions from `skipWholeFile()`.
import { spawnSync } from "node:child_process";
import * as nodeTest from "node:test";

export const windows = process.platform === "win32";

let wine: boolean | undefined;

/**
 * Whether this Windows is Wine: Wine's own registry key (HKLM\Software\Wine),
 * which Windows never has, asked of reg.exe (a part of every Windows) once
 * per process, and only on Windows. Not an environment variable: the answer
 * must be right on a real Windows whoever starts the suite.
 */
export function underWine(): boolean {
  wine ??= windows && spawnSync("reg", ["query", "HKLM\\Software\\Wine"], { stdio: "ignore", timeout: 30_000 }).status === 0;
  return wine;
}

type Register = (name?: string, options?: nodeTest.TestOptions) => unknown;

/**
 * node:test's functions for a file that cannot apply where it runs: when
 * `reason` is defined (from lacks()), every test and suite registers as
 * skipped with it, without running its body, and the file's hooks do
 * nothing (a root-level before() would run even when every test skips);
 * otherwise node:test's own. Use as
 * `const { describe, test } = skipWholeFile(lacks({ win32: "why" }));`.
 */
export function skipWholeFile(reason: string | undefined): typeof nodeTest {
  if (reason === undefined) return nodeTest;
  const skipped = (register: Register) => (name?: string) => register(name, { skip: reason });
  const nothing = () => {};
  return {
    ...nodeTest,
    test: skipped(nodeTest.test),
    it: skipped(nodeTest.it),
    describe: skipped(nodeTest.describe),
    suite: skipped(nodeTest.suite),
    before: nothing,
    after: nothing,
    beforeEach: nothing,
    afterEach: nothing,
  } as unknown as typeof nodeTest;
}

/** Reasons shared by many tests, for lacks({ win32: ... }). */
export const WIN = {
  unixDgram: "Windows has no AF_UNIX datagram or SOCK_SEQPACKET sockets (its AF_UNIX, Windows 10 1803+, is stream only)",
  unixPair: "makes an AF_UNIX socketpair(), which Windows has not: its socketpair() is a loopback TCP pair (as CPython's), and its AF_UNIX refuses it",
  unixBacklog: "counts Linux's AF_UNIX listen queue (n + 1 connections, EAGAIN from a non-blocking connect when it is full); Windows' is not documented",
  unixErrors: "expects Linux's errors for a missing or occupied AF_UNIX path (ENOENT, EADDRINUSE of a plain file); Windows documents none there, and Wine has no AF_UNIX to check them",
  unixNames: "expects Linux's names of unnamed AF_UNIX sockets (\"\" from getsockname of an unbound client); Windows fails getsockname of an unbound socket (WSAEINVAL)",
  unixAbstract: "uses the abstract namespace, which Microsoft documents for Windows' AF_UNIX but a report says its connect refuses (WSAEINVAL); test/91-windows-afunix tests it on Windows",
  unixAutobind: "binds an AF_UNIX socket to \"\" (Linux's autobind), which Windows has not",
  unixForms: "round-trips zero-filled abstract names, whose NULs are padding on Windows (Winsock returns names NUL-padded: test/91-windows-afunix)",
  sockFlags: "SOCK_NONBLOCK and SOCK_CLOEXEC are Linux's (Windows' socket() takes neither)",
  pairFamily: "socketpair() is an AF_INET pair on Windows, as CPython's (test/90-windows checks it)",
  signals: "Windows has no POSIX signals (SIGUSR2, SIGPIPE, EINTR)",
  procFd: "looks descriptors up in Linux's /proc/self/fd",
  fdinfo: "reads a descriptor's flags from Linux's /proc/self/fdinfo",
  unboundName: "Winsock's getsockname() of an unbound socket fails with WSAEINVAL (CPython raises that error there too)",
  shutRd: "Winsock fails a recv after shutdown(SHUT_RD) with WSAESHUTDOWN instead of returning EOF",
  ifname: "Node names Windows interfaces by their friendly names, which if_nametoindex does not take",
  inherit: "looks at the child's descriptors with sh and /proc/self/fd",
  wineSendBuffer: "a loopback TCP send buffer that refused a send (WSAEWOULDBLOCK) takes data again a moment later, so a send in timeout mode completes",
  wineUnix: "Wine 8 has no AF_UNIX sockets (socket(AF_UNIX) fails with WSAEAFNOSUPPORT: test/91-windows-afunix); Windows 10 1803+ has stream ones",
  wineReset: "recv after a RST returns 0 (EOF) where Windows fails with WSAECONNRESET",
  wineReconnect: "a connect after a refused one fails with WSAEISCONN (Windows lets the socket connect again)",
  winePollShutdown: "WSAPoll reports no readiness when the socket itself is shut down, so a pending recv is not woken",
  msgsize: "Winsock fails a receive into a buffer smaller than the datagram with WSAEMSGSIZE (CPython raises it too), and has no MSG_TRUNC",
  udpRefused: "Windows reports an ICMP port unreachable on a UDP socket as WSAECONNRESET, not ECONNREFUSED (and Wine does not report it)",
  dontwait: "Winsock has no MSG_DONTWAIT",
  tsc: "runs the TypeScript compiler, installed for the host (Linux) only: TypeScript 7's is a native program",
  twoPollers: "libuv on Windows lets two pollers watch one socket, so there is no EEXIST",
  oob: "libuv on Windows has no event for urgent data (no UV_PRIORITIZED), so an async select's xlist is not woken by it (selectSync reports it: test/21)",
  winePollError: "a send pending on a socket whose peer has gone is not woken with the error under Wine",
  wineDisconnect: "libuv under Wine reports a peer's hang-up only as readable, never as UV_DISCONNECT, which is what an async wait for no event (a poll mask of 0) watches on Windows",
  wineHangup: "WSAPoll under Wine reports no hang-up for a socket whose peer closed",
  pairSendsToClosed: "a socketpair is TCP on Windows, where a send to a peer that closed succeeds (its RST comes back later), as TCP's does on Linux; the Unix pair's EPIPE is Unix's",
  fds: "Windows passes no descriptors (no SCM_RIGHTS), as in CPython: sendFds/recvFds are TypeErrors there (56-windows-only)",
  ancillary: "the control messages here are Linux's (SCM_CREDENTIALS, IP_RECVERR, SO_TIMESTAMP), and its IP_PKTINFO tests use Linux's loopback ('lo', any 127/8 source)",
  errqueue: "the error queue (IP_RECVERR, MSG_ERRQUEUE) is Linux's",
  gaiTypes: "Windows' getaddrinfo without a socket type answers one entry of type 0 where glibc gives one per type",
  fuzz: "the fuzzer's children run in network namespaces of their own (unshare, sh) and count descriptors in /proc",
  streamMsg: "needs a stream socket whose send buffer fills, and Winsock's WSASendMsg takes datagram and raw sockets only (a datagram send does not wait for room)",
  wineGai: "Wine's getaddrinfo answers protocol 0 where Windows gives IPPROTO_TCP/IPPROTO_UDP, one entry for type 0, and accepts unknown flags",
  wineServices: "Wine's services database is not Windows' (nor /etc/services, which the test finds through Wine's Z: drive)",
  noEaiSystem: "Windows has no EAI_SYSTEM",
  noSethostname: "Windows has no sethostname (CPython's is Unix-only)",
  constants: "checks the names src/constants.gen.ts exports, generated from the Linux build's table, and Linux's values (Windows' table: 56-windows-only)",
};
