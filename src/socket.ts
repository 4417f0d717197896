// The Socket object: one descriptor, its mode (blocking, timeout,
// non-blocking), the queues of calls waiting on it, and its lifetime.
//
// Every descriptor is non-blocking at the OS level. A call first makes the
// system call; on EAGAIN the async form parks in a FIFO queue and waits for
// readiness on Node's loop (the poller), the Sync form waits in poll(2)
// (in blocking mode, with no async call pending, it blocks in the system
// call itself: see #waitSync).
// The three modes are only different deadlines over that one loop.
import type { Duplex, Readable, Writable } from "node:stream";
import { inspect } from "node:util";
import { binding, pollers } from "./binding.js";
import { pollReady } from "./poller-table.js";
import { AF_ALG, AF_INET, AF_UNIX, AF_UNSPEC, MSG_DONTWAIT, MSG_WAITALL, SOCK_STREAM, SOL_SOCKET, SO_ERROR } from "./constants.gen.js";
import { EAGAIN, EBADF, EBUSY, ECONNRESET, EINPROGRESS, EINTR, ENOTCONN, SOCK_NONBLOCK_FLAG, SOCK_TYPE_FLAGS, sys } from "./constants.js";
import { OSError, addressed, osError, timeoutError } from "./errors.js";
import { type AcceptedAddress, type AddressInputOf, type AddressOf, type ReceivedAddress, type SocketAddress, SOCKADDR_MAX, decodeAddress, encodeAddress } from "./sockaddr/index.js";
import { type AddressFamily, type MsgFlags, type PlainNumber, type SocketKind, AddressFamily as familyName, SocketKind as kindName } from "./public-constants.js";
import { newSockaddr } from "./sockaddr/common.js";
import { isHostName, lookupAddress } from "./netdb.js";
import { getdefaulttimeout, now, pollTimeout } from "./timeouts.js";
import { type DuplexMode, type MakefileOptions, type ReadMode, type WriteMode, makeFile, makefileSpec } from "./makefile.js";
import { type SendfileArgs, type SendfileJob, type SendfileSource, sendfileArgs, sendfileJob, settlePosition, settlePositionAfter } from "./sendfile.js";
import * as v from "./validate.js";
import { type Attempt, AGAIN, SelfAttempt, type Waiter, WaitQueue, attemptWith, check, checkSync, disarm, dontWait, drain, ignore, unsettled, withAbort } from "./waiting.js";
import { type KeepaliveValues, shutdownWakesNoOne, socketIoctl, socketShare } from "./windows.js";
import { defaultBacklog, errnoOf, flagsArg, intoCount, readSocketShape, setNonBlocking, shrink, sizeArg, syscallOf } from "./socket-util.js";
import { readU64Option, u64OptionBuffer, writeU64Option } from "./socket-util.js";
import { readI32, writeI32 } from "./native-endian.js";
import { type AncillaryData, type AncillaryInput, ancbufsizeArg, encodeAncdata } from "./cmsg.js";
import { bufferList, receivedMessage } from "./msg.js";
import { type AfalgOptions, afalgAncdata, afalgFlags, afalgOnly } from "./afalg.js";
import { AddressCache } from "./address-cache.js";
import { onAbort } from "./abort-listeners.js";
import { completedAt, failedAt, waited } from "./fairness.js";
import { DeadlineTimer } from "./deadlines.js";
import { giveBack, takeBuffer } from "./recv-buffer.js";
import { type SendBatch, receiveArgs, receiveBatch, requireMmsg, sendArgs } from "./mmsg.js";

type BytesLike = v.BytesLike;
type CallOptions = v.CallOptions;
/** What recvmsg/recvmsgInto return: the data (or its length), the
 *  control messages, msg_flags and the sender's address. */
type MsgResult<T, A = SocketAddress | null> = [data: T, ancdata: AncillaryData[], msgFlags: number, address: A];

// Out-parameters of the native calls. Every use is synchronous (the
// result is read right after the call), so one set serves all sockets.
const addrOut = Buffer.alloc(SOCKADDR_MAX);
const lenOut = new Uint32Array(1);
const intOpt = Buffer.alloc(4);
const msgInfo = new Uint32Array(2); // recvmsg: control length, msg_flags
const noAddress = Buffer.alloc(0); // accept4 without an address (AF_ALG)

// What one turn of `for await (const chunk of sock)` receives at most.
const ITERATION_CHUNK = 65536;

/** v.checkHeld() for each of a call's buffers. */
function checkAllHeld(fn: string, name: string, views: Uint8Array[], lengths: number[]): void {
  for (let i = 0; i < views.length; i++) if (views[i]!.byteLength < lengths[i]!) v.checkHeld(fn, `${name}[${i}]`, views[i]!, lengths[i]!);
}

/** Blocks the thread for `ms` milliseconds (the Sync connect retry). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** A sockaddr of family AF_UNSPEC: connect(2) to it dissolves an association. */
const unspecAddress = newSockaddr(binding.layout.sockaddr!.size!, AF_UNSPEC);

/** #sync's `inKernel`: the call may block in the system call itself. */
const IN_KERNEL = true;

const READABLE = binding.POLL_READABLE;
const WRITABLE = binding.POLL_WRITABLE;

// A waiter's Promise, made with one executor for all (no closure per call).
let promiseTarget: Waiter | null = null;
function takeSettlers(resolve: (value: unknown) => void, reject: (error: unknown) => void): void {
  promiseTarget!.resolve = resolve;
  promiseTarget!.reject = reject;
}
function newPromiseFor(w: Waiter): Promise<unknown> {
  promiseTarget = w;
  try {
    return new Promise(takeSettlers);
  } finally {
    promiseTarget = null;
  }
}

/** What the garbage-collection safety net needs to close a socket. */
interface Handle {
  fd: number;
  slot: number; // its poller's slot in `pollers` (0: none yet)
}

/** One recv(2) of `size` bytes into a buffer taken for the attempt and
 *  given back if it finds no data (src/recv-buffer.ts); EBADF once the
 *  socket gave up `fd`. */
function recvOnce(handle: Handle, fd: number, size: number, flags: number): Buffer | typeof AGAIN {
  if (handle.fd !== fd) throw osError(EBADF);
  const buf = takeBuffer(size);
  const n = check(binding.recv(fd, buf, 0, size, flags), "recv");
  if (n !== AGAIN) return shrink(buf, n);
  giveBack(buf);
  return AGAIN;
}

/** An async recv(n) (n > 0, not gathering): its own waiter and attempt. */
class RecvCall extends SelfAttempt<Buffer> {
  constructor(readonly handle: Handle, readonly fd: number, readonly size: number, readonly flags: number) {
    super();
  }
  get syscall(): string {
    return "recv";
  }
  get noWait(): boolean {
    return dontWait(this.flags);
  }
  attempt(): Buffer | typeof AGAIN {
    return recvOnce(this.handle, this.fd, this.size, this.flags);
  }
}

function release(handle: Handle): void {
  if (handle.slot !== 0) pollers.close(handle.slot); // before close(2): see native/poller.cc
  handle.slot = 0;
  if (handle.fd >= 0) binding.close(handle.fd);
  handle.fd = -1;
}

// A socket collected unclosed is closed, as in the reference. Registered
// without an unregister token (the registry's map of tokens costs each
// socket about 30 bytes): a closed socket's handle has no descriptor and
// no slot, so its entry does nothing when it fires.
const collected = new FinalizationRegistry<Handle>(release);

// A descriptor this library just created (accept4, socketpair, dup) is a
// socket of a known shape, already non-blocking: adoptSocket() skips the
// checks the constructor makes on a descriptor a user hands in.
let adopting = -1;
// The descriptor being adopted shares its open file with another (dup).
let sharing = false;

/** Wraps a descriptor the library created itself (see `adopting`);
 *  `shared`: a duplicate, whose open file another descriptor shares. */
export function adoptSocket(fd: number, family: number, type: number, proto: number, shared = false): Socket {
  adopting = fd;
  sharing = shared;
  try {
    return new Socket(family, type, proto, fd);
  } finally {
    adopting = -1;
    sharing = false;
  }
}

const disposeSymbol: typeof Symbol.dispose = Symbol.dispose ?? Symbol.for("nodejs.dispose");

/** Python's repr of an address, in JavaScript's array notation. */
function formatAddress(address: unknown): string {
  if (v.isArray(address)) return `[${address.map(formatAddress).join(", ")}]`;
  if (typeof address === "string") return `'${address}'`;
  return v.show(address);
}

/** sendmsg/sendmsgSync under another function's name, for the module's
 *  sendFds (not exported from the package). */
export const sendmsgAs: unique symbol = Symbol("sendmsgAs");
/** bind() under another function's name (not exported from the package). */
export const bindAs: unique symbol = Symbol("bindAs");
/** Makes a makefile() stream's recv()/sendall() (not exported from the package). */
export const streamCall: unique symbol = Symbol("streamCall");
export const sendmsgSyncAs: unique symbol = Symbol("sendmsgSyncAs");

/** Readiness watching for select()/poll() (src/readiness.ts), not exported
 *  from the package: `[watchReadiness](fn, events, wake)` returns the function
 *  that stops watching. */
export const watchReadiness: unique symbol = Symbol("watchReadiness");

/** One select()/poll() call watching a socket through its poller. `wake()`
 *  is called on every event of the poller (after the socket's own calls
 *  had their turn), when the socket is closed, and with an error when the
 *  poller fails; it only looks (poll(2)), so it never takes readiness from
 *  a pending call. */
export interface ReadinessWatcher {
  events: number;
  wake(error?: unknown): void;
}

export class Socket<F extends AddressFamily = AddressFamily, K extends SocketKind = SocketKind> {
  /** The address family (`AF_INET`…). */
  readonly family: F;
  /** The socket type (`SOCK_STREAM`…), without SOCK_NONBLOCK/SOCK_CLOEXEC. */
  readonly type: K;
  /** The protocol number. */
  readonly proto: number;

  #handle: Handle;
  #timeout: number | null;
  // The queues of waiting calls, each made by its first call (about 70
  // bytes each that an idle connection does not hold): read through the
  // getters below by what adds to them, through the fields (null: empty)
  // by what only looks.
  #r: WaitQueue | null = null; // woken by readability
  #w: WaitQueue | null = null; // woken by writability
  #x: WaitQueue | null = null; // woken by the backoff timer (see #connect1)
  // Readable only because an error waits in the error queue (IP_RECVERR):
  // libuv reports it as a poll error, recv keeps finding EAGAIN, so readers
  // are retried on the backoff timer instead of spinning on the poller.
  #errorOnly = false;
  // Retries where the kernel offers no readiness event: 1 ms, doubling up
  // to 64 ms, while #retrying has calls or #errorOnly holds.
  #backoffTimer: NodeJS.Timeout | undefined;
  #backoffDelay = 1;
  #refed = true;
  // A Sync call in blocking mode with no async call pending blocks in the
  // system call itself, as in C and CPython: the descriptor is made
  // blocking at the OS level then (#osBlocking), and non-blocking again
  // before anything else uses it (#nonBlocking). Only for a descriptor no
  // other Socket shares: O_NONBLOCK belongs to the open file, which dup()
  // and a descriptor handed in share.
  #mayBlockInKernel: boolean;
  #osBlocking = false;
  #files = 0; // open makefile() streams: they hold the descriptor (CPython's _io_refs)
  #streaming = false; // a makefile() stream's call is being made (see streamCall)
  #closeWhenFilesClose = false; // close() was called while files were open
  #addressCache: AddressCache | null = null; // the last address sent to (sendto, sendmmsg), from the first
  #watchers: ReadinessWatcher[] | null = null; // select()/poll() calls waiting on this socket (null: none)

  get #readers(): WaitQueue {
    return (this.#r ??= new WaitQueue(READABLE));
  }
  get #writers(): WaitQueue {
    return (this.#w ??= new WaitQueue(WRITABLE));
  }
  get #retrying(): WaitQueue {
    return (this.#x ??= new WaitQueue());
  }
  get #addresses(): AddressCache {
    return (this.#addressCache ??= new AddressCache());
  }

  /**
   * Creates a socket with socket(2), or wraps the descriptor `fileno`
   * (family, type and proto omitted, null or -1 are read from it).
   * @param family `AF_*` (default AF_INET; with `fileno`, read from it when omitted)
   * @param type `SOCK_*`, may include SOCK_NONBLOCK/SOCK_CLOEXEC (default SOCK_STREAM)
   * @param proto the protocol (default 0)
   * @param fileno a descriptor to wrap instead of creating one
   * @throws {OSError} from socket(2) (EAFNOSUPPORT, EPROTONOSUPPORT, EACCES, EMFILE), or ENOTSOCK/EBADF for `fileno`
   * @throws {TypeError|RangeError} for a bad argument (the message names it)
   */
  constructor(family?: F | PlainNumber | null, type?: K | PlainNumber | null, proto?: PlainNumber | null, fileno?: number | null) {
    const fn = "socket";
    const given = (value: unknown, name: string): number | undefined =>
      value === undefined || value === null || value === -1 ? undefined : v.int32(fn, name, value);
    let fam = given(family, "family");
    let typ = given(type, "type");
    let pro = given(proto, "proto");
    let fd: number;
    if (fileno === undefined || fileno === null) {
      fam ??= AF_INET;
      typ ??= SOCK_STREAM;
      pro ??= 0;
      fd = checkSync(binding.socket(fam, typ & ~SOCK_TYPE_FLAGS, pro), "socket");
    } else {
      fd = v.fd(fn, fileno, "fileno");
      if (fd !== adopting || fam === undefined || typ === undefined || pro === undefined) {
        // As the reference: the descriptor must be a socket (ENOTSOCK, EBADF
        // otherwise), and what is not given is read from it.
        const shape = readSocketShape(fd);
        fam ??= shape.family;
        typ ??= shape.type;
        pro ??= shape.proto;
        setNonBlocking(fd, true);
        binding.own(fd); // closed when this environment ends, as the addon's own
      }
    }
    this.family = fam as F;
    this.type = (typ & ~SOCK_TYPE_FLAGS) as K;
    this.proto = pro;
    this.#timeout = SOCK_NONBLOCK_FLAG !== 0 && (typ & SOCK_NONBLOCK_FLAG) !== 0 ? 0 : getdefaulttimeout();
    this.#handle = { fd, slot: 0 };
    this.#mayBlockInKernel = fileno === undefined || fileno === null || (fd === adopting && !sharing);
    collected.register(this, this.#handle);
  }

  // ---- lifetime -------------------------------------------------------

  /**
   * The descriptor, or -1 once closed or detached.
   * @returns the descriptor, or -1 once closed or detached
   */
  fileno(): number {
    return this.#handle.fd;
  }

  /** The socket's timeout in seconds: null when blocking, 0 when non-blocking. */
  get timeout(): number | null {
    return this.#timeout;
  }

  /**
   * Closes the socket (close(2)). Calls still pending reject with EBADF
   * first; the descriptor is released only after. Closing a closed socket
   * does nothing; a failure of close(2) itself is an OSError (EBADF when
   * the descriptor was closed elsewhere), as in the reference, and the
   * socket is closed all the same. With makefile() files still open, the
   * descriptor is released only when the last of them closes.
   * @throws {OSError} from close(2) (EBADF when the descriptor was closed elsewhere)
   */
  close(): void {
    // While makefile() files are open the descriptor stays, and the socket
    // keeps working for them; the last file to close closes it (as CPython).
    this.#closeWhenFilesClose = true;
    if (this.#files > 0) return;
    const fd = this.#giveUp();
    if (fd < 0) return;
    // As the reference: only ECONNRESET is no failure (the descriptor is
    // closed, the peer reset); EBADF says it was closed elsewhere already.
    const r = binding.close(fd);
    if (r < 0 && r !== -ECONNRESET) throw osError(-r, "close");
  }

  /**
   * Gives up the descriptor without closing it and returns it; the socket
   * is then closed. Pending calls reject with EBADF. The descriptor's
   * O_NONBLOCK flag is left matching the socket's mode.
   * @returns the descriptor, or -1 if the socket was closed
   */
  detach(): number {
    // The caller's now, also after this environment ends; disowned first, so
    // that a failure leaves the socket as it was.
    if (this.#handle.fd >= 0) binding.disown(this.#handle.fd);
    const fd = this.#giveUp();
    if (fd >= 0 && (this.#timeout === null) !== this.#osBlocking) setNonBlocking(fd, this.#timeout !== null);
    return fd;
  }

  /**
   * close()/detach(): pending calls reject with EBADF, the poller closes,
   * and the socket lets go of its descriptor, which it returns (-1 if it
   * had none). Nothing the socket does afterwards can reach that number.
   */
  #giveUp(): number {
    const fd = this.#handle.fd;
    if (fd < 0) return -1;
    this.#abandonPending();
    if (this.#handle.slot !== 0) pollers.close(this.#handle.slot); // before close(2): see native/poller.cc
    this.#handle.slot = 0;
    this.#handle.fd = -1;
    this.#wakeWatchers(undefined, true); // they find it closed: EBADF
    return fd;
  }

  /**
   * A new socket on a duplicate of the descriptor (fcntl F_DUPFD_CLOEXEC).
   * @returns a socket of the same family, type and timeout
   * @throws {OSError} EMFILE, or EBADF once closed
   */
  dup(): Socket<F, K> {
    const fd = checkSync(binding.dup(this.#fd("dup")), "dup");
    try {
      // The two share O_NONBLOCK from now on: neither blocks in the kernel.
      this.#nonBlocking();
      this.#mayBlockInKernel = false;
      const copy = adoptSocket(fd, this.family, this.type, this.proto, true) as Socket<F, K>;
      copy.settimeout(this.#timeout);
      return copy;
    } catch (error) {
      binding.close(fd);
      throw error;
    }
  }

  [disposeSymbol](): void {
    this.close();
  }

  /**
   * Keep the process alive while a call is pending (the default).
   * @returns this socket
   */
  ref(): this {
    this.#refed = true;
    if (this.#handle.slot !== 0) pollers.ref(this.#handle.slot, true);
    this.#backoffTimer?.ref();
    return this;
  }

  /**
   * Let the process exit even while calls are pending on this socket.
   * @returns this socket
   */
  unref(): this {
    this.#refed = false;
    if (this.#handle.slot !== 0) pollers.ref(this.#handle.slot, false);
    this.#backoffTimer?.unref();
    return this;
  }

  // ---- modes ----------------------------------------------------------

  /**
   * Timeout in seconds for later calls: null blocks, 0 is non-blocking.
   * @param timeout seconds; null: blocking; 0: non-blocking
   * @throws {OSError} EBADF when the descriptor is closed (fcntl(2) F_GETFL), as in the reference
   * @throws {TypeError|RangeError} for a negative, NaN or infinite timeout
   */
  settimeout(timeout: number | null): void {
    const t = v.timeout("settimeout", timeout);
    this.#checkOpen("settimeout");
    this.#timeout = t;
  }

  /**
   * The timeout in seconds: null when blocking, 0 when non-blocking.
   * @returns seconds; null when blocking, 0 when non-blocking
   */
  gettimeout(): number | null {
    return this.#timeout;
  }

  /**
   * `setblocking(true)` is `settimeout(null)`, `false` is `settimeout(0)`.
   * @param flag true: blocking (settimeout(null)); false: non-blocking (settimeout(0))
   * @throws {OSError} EBADF when the descriptor is closed (fcntl(2) F_GETFL), as in the reference
   */
  setblocking(flag: boolean): void {
    const blocking = v.boolean("setblocking", "flag", flag);
    this.#checkOpen("setblocking");
    this.#timeout = blocking ? null : 0;
  }

  /** As the reference, which sets O_NONBLOCK there: a descriptor closed
   *  (here or elsewhere) is EBADF. One fcntl(F_GETFL), as the mode itself
   *  needs no system call (the descriptor is always non-blocking). */
  #checkOpen(fn: string): void {
    const r = binding.fcntl(this.#handle.fd, sys.F_GETFL, 0);
    if (r < 0) throw osError(-r, fn);
  }

  /**
   * False only in non-blocking mode (timeout 0).
   * @returns false in non-blocking mode, true otherwise
   */
  getblocking(): boolean {
    return this.#timeout !== 0;
  }

  /**
   * Whether a child process inherits the descriptor (fcntl F_GETFD).
   * @returns whether the descriptor survives exec
   * @throws {OSError} EBADF once the socket is closed
   */
  getInheritable(): boolean {
    const flags = checkSync(binding.fcntl(this.#fd("getInheritable"), sys.F_GETFD, 0), "fcntl");
    return (flags & sys.FD_CLOEXEC) === 0;
  }

  /**
   * Sets or clears close-on-exec (fcntl F_SETFD).
   * @param inheritable whether the descriptor survives exec
   * @throws {OSError} EBADF once the socket is closed
   */
  setInheritable(inheritable: boolean): void {
    const want = v.boolean("setInheritable", "inheritable", inheritable);
    const fd = this.#fd("setInheritable");
    const flags = checkSync(binding.fcntl(fd, sys.F_GETFD, 0), "fcntl");
    const next = want ? flags & ~sys.FD_CLOEXEC : flags | sys.FD_CLOEXEC;
    if (next !== flags) checkSync(binding.fcntl(fd, sys.F_SETFD, next), "fcntl");
  }

  /**
   * Windows only: WSAIoctl with one of the controls CPython's `sock.ioctl()`
   * takes. `SIO_RCVALL` takes an `RCVALL_*` value, `SIO_KEEPALIVE_VALS` the
   * triple `[onoff, keepalivetime, keepaliveinterval]` (milliseconds),
   * `SIO_LOOPBACK_FAST_PATH` a boolean.
   * @param control SIO_RCVALL, SIO_KEEPALIVE_VALS or SIO_LOOPBACK_FAST_PATH
   * @param option the control's option
   * @throws {OSError} from WSAIoctl
   * @throws {TypeError} on another platform, or for a bad option
   * @throws {RangeError} for another control
   */
  ioctl(control: number, option: number | boolean | KeepaliveValues): void {
    socketIoctl(this.#fd("ioctl"), control, option);
  }

  /**
   * Windows only: the bytes with which process `processId` makes the same
   * socket with `fromshare()` (WSADuplicateSocketW), as CPython's
   * `sock.share(pid)`.
   * @param processId the process that will call fromshare()
   * @returns the WSAPROTOCOL_INFOW structure's bytes
   * @throws {OSError} from WSADuplicateSocketW (WSAEINVAL for no such process)
   * @throws {TypeError} on another platform
   * @throws {RangeError} for a process id outside 0 to 2^32-1
   */
  share(processId: number): Buffer {
    return socketShare(this.#fd("share"), processId);
  }

  // ---- addresses and options -----------------------------------------

  /**
   * Binds to `address` (bind(2)). A host name is resolved synchronously.
   * @param address an address of the socket's family (docs/api.md, Addresses)
   * @throws {OSError} from bind(2), with `address` and `port` (EADDRINUSE, EADDRNOTAVAIL, PermissionError…)
   * @throws {GaiError} when a host name does not resolve
   * @throws {TypeError|RangeError} for a bad argument (the message names it)
   */
  bind(address: AddressInputOf<F>): void {
    this[bindAs]("bind", address);
  }

  /** bind() whose argument errors name `fn` (createServer, createConnection). Internal. */
  [bindAs](fn: string, address: unknown): void {
    const addr = encodeAddress(fn, address, this);
    const r = binding.bind(this.#fd("bind"), addr, addr.length);
    if (r < 0) throw addressed(osError(-r, "bind"), address);
  }

  /**
   * Listens for connections (listen(2)); backlog defaults to min(SOMAXCONN, 128).
   * @param backlog the queue of pending connections (default min(SOMAXCONN, 128))
   * @throws {OSError} from listen(2) (EOPNOTSUPP)
   * @throws {OSError} EBADF once the socket is closed
   */
  listen(backlog?: number): void {
    const n = backlog === undefined ? defaultBacklog() : Math.max(0, v.int32("listen", "backlog", backlog));
    checkSync(binding.listen(this.#fd("listen"), n), "listen");
  }

  /**
   * The socket's own address (getsockname(2)).
   * @returns the address, in its family's form ("" for an unnamed AF_UNIX socket)
   * @throws {OSError} EBADF once the socket is closed
   */
  getsockname(): AddressOf<F> {
    return this.#name("getsockname", binding.getsockname) as AddressOf<F>;
  }

  /**
   * The address of the peer (getpeername(2)).
   * @returns the peer's address, in its family's form
   * @throws {OSError} ENOTCONN when not connected
   */
  getpeername(): AddressOf<F> {
    return this.#name("getpeername", binding.getpeername) as AddressOf<F>;
  }

  #name(fn: string, call: typeof binding.getsockname): SocketAddress {
    addrOut.fill(0);
    checkSync(call(this.#fd(fn), addrOut, lenOut), fn);
    // An unbound AF_UNIX socket has only a family: its name is "".
    return decodeAddress(addrOut, lenOut[0]!, this) ?? "";
  }

  /**
   * getsockopt(2). Without `buflen` the option is a C int (64 bits for
   * AF_VSOCK's buffer sizes, as in CPython) and its value is
   * returned; with it, up to `buflen` bytes are returned as a Buffer.
   * @param level `SOL_SOCKET`, `IPPROTO_TCP`…
   * @param optname `SO_*`, `TCP_*`…
   * @param buflen with it, the option's bytes (1-1024) are returned
   * @returns the C int value, or with `buflen` a Buffer of what the kernel wrote
   * @throws {OSError} from getsockopt(2) (ENOPROTOOPT)
   * @throws {RangeError} for `buflen` outside 1-1024
   */
  getsockopt(level: number, optname: number): number;
  getsockopt(level: number, optname: number, buflen: number): Buffer;
  getsockopt(level: number, optname: number, buflen?: number): number | Buffer {
    const fn = "getsockopt";
    v.int32(fn, "level", level);
    v.int32(fn, "optname", optname);
    const fd = this.#fd(fn);
    if (buflen === undefined) {
      const wide = u64OptionBuffer(this.family, level, optname);
      if (wide !== null) {
        checkSync(binding.getsockopt(fd, level, optname, wide, lenOut), fn);
        return readU64Option(wide);
      }
      intOpt.fill(0);
      checkSync(binding.getsockopt(fd, level, optname, intOpt, lenOut), fn);
      return readI32(intOpt, 0);
    }
    const n = v.size(fn, "buflen", buflen);
    if (n < 1 || n > 1024) throw v.rangeError(fn, `buflen must be 1-1024, not ${n}`);
    const out = Buffer.alloc(n);
    checkSync(binding.getsockopt(fd, level, optname, out, lenOut), fn);
    return out.subarray(0, Math.min(lenOut[0]!, n));
  }

  /**
   * setsockopt(2) with a C int, with bytes, or with `(null, optlen)`
   * (a NULL option value of that length, as AF_ALG needs).
   * @param level `SOL_SOCKET`, `IPPROTO_TCP`…
   * @param optname `SO_*`, `TCP_*`…
   * @param value a C int (number or boolean), bytes, or null with `optlen`
   * @param optlen with a null value: the option's length
   * @throws {OSError} from setsockopt(2) (ENOPROTOOPT, EINVAL, EPERM)
   * @throws {TypeError|RangeError} for a bad argument (the message names it)
   */
  setsockopt(level: number, optname: number, value: number | boolean | BytesLike | null, optlen?: number): void {
    const fn = "setsockopt";
    v.int32(fn, "level", level);
    v.int32(fn, "optname", optname);
    let buf: Uint8Array | null;
    let len: number;
    if (value === null) {
      if (optlen === undefined) throw v.typeError(fn, "optlen is required when value is null");
      buf = null;
      len = v.size(fn, "optlen", optlen);
    } else {
      if (optlen !== undefined) throw v.typeError(fn, "optlen is only allowed when value is null");
      const wide = typeof value === "number" || typeof value === "boolean" ? u64OptionBuffer(this.family, level, optname) : null;
      if (wide !== null) {
        buf = writeU64Option(fn, wide, value as number | boolean);
      } else if (typeof value === "number" || typeof value === "boolean") {
        writeI32(intOpt, typeof value === "boolean" ? Number(value) : v.int32(fn, "value", value), 0);
        buf = intOpt;
      } else if (v.isBytesLike(value)) {
        buf = v.bytes(fn, "value", value);
      } else {
        throw v.typeError(fn, `value must be an integer, a bytes-like object or null, not ${typeof value}`);
      }
      len = buf.length;
    }
    checkSync(binding.setsockopt(this.#fd(fn), level, optname, buf, len), fn);
  }

  /**
   * Shuts down one or both halves of the connection (shutdown(2)).
   * @param how SHUT_RD, SHUT_WR or SHUT_RDWR
   * @throws {OSError} ENOTCONN when not connected
   */
  shutdown(how: number): void {
    checkSync(binding.shutdown(this.#fd("shutdown"), v.int32("shutdown", "how", how)), "shutdown");
    if (shutdownWakesNoOne) {
      if (this.#r !== null) drain(this.#r);
      if (this.#w !== null) drain(this.#w);
    }
  }

  // ---- connect and accept --------------------------------------------

  /**
   * Connects to `address` (connect(2), then SO_ERROR once writable).
   * @param address an address of the socket's family; a host name is resolved off the loop
   * @param options `{ signal }` to abort the wait
   * @returns a Promise settled once connected
   * @throws {OSError} with `address` and `port`: ConnectionRefusedError, TimeoutError, ENETUNREACH…
   * @throws {GaiError} when a host name does not resolve
   * @throws {TypeError|RangeError} for a bad argument (the message names it)
   */
  connect(address: AddressInputOf<F>, options?: CallOptions): Promise<void> {
    return this.#async("connect", [address, options], 1, ([addr], opts) => this.#startConnect(addr, opts, true)) as Promise<void>;
  }

  /**
   * connect() for scripts and workers: blocks the thread (poll(2)), honouring the timeout.
   * @param address an address of the socket's family
   * @throws {OSError} with `address` and `port`: ConnectionRefusedError, TimeoutError…
   * @throws {TypeError|RangeError} for a bad argument (the message names it)
   */
  connectSync(address: AddressInputOf<F>): void {
    this.#connectSync(address, true);
  }

  /**
   * Like connect(), but a failure of connect(2) itself is returned as its
   * errno (0 on success; EWOULDBLOCK on timeout) instead of rejecting.
   * @param address an address of the socket's family
   * @param options `{ signal }` to abort the wait
   * @returns 0 on success, else connect(2)'s errno (EWOULDBLOCK on timeout)
   * @throws {GaiError} when a host name does not resolve
   * @throws {TypeError|RangeError} for a bad argument (the message names it)
   */
  connectEx(address: AddressInputOf<F>, options?: CallOptions): Promise<number> {
    return this.#async("connectEx", [address, options], 1, ([addr], opts) => this.#startConnect(addr, opts, false)) as Promise<number>;
  }

  /**
   * connectEx(), blocking the thread (connect(2), poll(2)).
   * @param address an address of the socket's family
   * @returns 0 on success, else connect(2)'s errno
   * @throws {TypeError|RangeError} for a bad argument (the message names it)
   */
  connectExSync(address: AddressInputOf<F>): number {
    return this.#connectSync(address, false) as number;
  }

  #startConnect(address: unknown, options: CallOptions, raise: boolean): Promise<unknown> {
    const fn = raise ? "connect" : "connectEx";
    const lookup = lookupAddress(fn, address, this.family);
    if (lookup !== null) return this.#afterLookup(fn, lookup, options, (numeric) => this.#startConnect(numeric, options, raise));
    const addr = encodeAddress(fn, address, this);
    let done: Promise<undefined>;
    try {
      this.#nonBlocking();
      const wait = this.#connect1(fn, addr);
      done = wait === null ? Promise.resolve(undefined) : this.#wait(wait.queue, "connect", wait.attempt, options);
    } catch (error) {
      done = Promise.reject(error);
    }
    done = done.catch((error: unknown) => {
      throw addressed(error, address);
    });
    return raise ? done : done.then(() => 0, errnoOf);
  }

  #connectSync(address: unknown, raise: boolean): unknown {
    const fn = raise ? "connectSync" : "connectExSync";
    const addr = encodeAddress(fn, address, this);
    try {
      this.#nonBlocking();
      const wait = this.#connect1(fn, addr);
      if (wait !== null) this.#waitSync(fn, wait.queue, wait.attempt);
      return raise ? undefined : 0;
    } catch (error) {
      if (raise) throw addressed(error, address);
      return errnoOf(error);
    }
  }

  /**
   * connect(2), and the wait its errno asks for (null: connected already).
   * EINPROGRESS waits for writability; EAGAIN (an AF_UNIX listener's
   * backlog is full) has no readiness event, so connect(2) is retried on a
   * backoff timer.
   */
  #connect1(fn: string, addr: Buffer): { queue: WaitQueue; attempt: Attempt<undefined> } | null {
    const r = binding.connect(this.#fd(fn), addr, addr.length);
    if (r === 0) return null;
    if (r === -EINPROGRESS && this.#timeout !== 0) return { queue: this.#writers, attempt: () => this.#connected() };
    if (r === -EAGAIN && this.#timeout !== 0 && this.family === AF_UNIX) {
      return { queue: this.#retrying, attempt: () => this.#reconnect(addr) };
    }
    throw osError(-r, "connect");
  }

  /** After writability: the connection's outcome, or AGAIN if the wake-up
   *  was only a hint. */
  #connected(): undefined | typeof AGAIN {
    const fd = this.#fd("connect");
    checkSync(binding.getsockopt(fd, SOL_SOCKET, SO_ERROR, intOpt, lenOut), "connect");
    const err = readI32(intOpt, 0);
    if (err !== 0) {
      // A connection that failed in the background leaves the socket
      // "connecting" in the kernel, and the next connect(2) would fail with
      // ECONNABORTED. connect(AF_UNSPEC) dissolves it, as a blocking
      // connect's failure does, so a retry behaves as in the reference.
      binding.connect(fd, unspecAddress, unspecAddress.length);
      throw osError(err, "connect");
    }
    const r = binding.getpeername(fd, addrOut, lenOut);
    if (r === -ENOTCONN) return AGAIN;
    checkSync(r, "connect");
    return undefined;
  }

  #reconnect(addr: Buffer): undefined | typeof AGAIN {
    const r = binding.connect(this.#fd("connect"), addr, addr.length);
    if (r === 0) return undefined;
    if (r === -EAGAIN) return AGAIN;
    throw osError(-r, "connect");
  }

  /**
   * Accepts a connection (accept4(2)): [socket, address].
   * @param options `{ signal }` to abort the wait
   * @returns `[socket, address]`: the connection and its peer's address
   * @throws {OSError} from accept4(2) (EINVAL when not listening, EMFILE)
   * @throws {TimeoutError} in timeout mode, once the timeout passes
   * @throws {BlockingIOError} in non-blocking mode, when the call would wait
   */
  accept(options?: CallOptions): Promise<[Socket<F, K>, AcceptedAddress<F>]> {
    return this.#async("accept", [options], 0, (_, opts) => this.#wait(this.#readers, "accept", () => this.#accept1(), opts)) as Promise<[Socket<F, K>, AcceptedAddress<F>]>;
  }

  /**
   * accept(), blocking the thread (accept4(2), poll(2)).
   * @returns `[socket, address]`
   * @throws {OSError} from accept4(2)
   * @throws {TimeoutError} in timeout mode, once the timeout passes
   * @throws {BlockingIOError} in non-blocking mode, when the call would wait
   * @throws {OSError} EBUSY when async calls of the same direction are pending
   */
  acceptSync(): [Socket<F, K>, AcceptedAddress<F>] {
    return <[Socket<F, K>, AcceptedAddress<F>]> this.#sync("acceptSync", this.#readers, () => this.#accept1(), IN_KERNEL);
  }

  #accept1(): [Socket, SocketAddress | null] | typeof AGAIN {
    // AF_ALG: the kernel refuses to report an address (ECONNABORTED), so
    // none is asked for and the address is null, as in CPython.
    const withAddress = this.family !== AF_ALG;
    lenOut[0] = 0;
    const fd = check(binding.accept4(this.#fd("accept"), withAddress ? addrOut : noAddress, lenOut), "accept");
    if (fd === AGAIN) return AGAIN;
    try {
      const address = withAddress ? decodeAddress(addrOut, lenOut[0]!, this) : null;
      // The new socket takes the default timeout, as in the reference.
      return [adoptSocket(fd, this.family, this.type, this.proto), address];
    } catch (error) {
      binding.close(fd);
      throw error;
    }
  }

  // ---- receiving ------------------------------------------------------

  /**
   * Receives up to `bufsize` bytes (recv(2)); an empty Buffer at EOF.
   * @param bufsize the most bytes to receive
   * @param flags `MSG_*` flags (default 0)
   * @param options `{ signal }` to abort the wait
   * @returns the bytes; an empty Buffer at EOF
   * @throws {TimeoutError} in timeout mode, once the timeout passes
   * @throws {BlockingIOError} in non-blocking mode, when the call would wait
   * @throws {TypeError|RangeError} for a bad argument (the message names it)
   */
  recv(bufsize: PlainNumber, flags?: MsgFlags, options?: CallOptions): Promise<Buffer>;
  recv(bufsize: PlainNumber, options?: CallOptions): Promise<Buffer>;
  recv(...args: unknown[]): Promise<Buffer> {
    return this.#async("recv", args, 2, ([bufsize, flags], opts) => {
      const size = sizeArg("recv", "bufsize", bufsize);
      const fl = flagsArg("recv", flags);
      const fd = this.#fd("recv");
      // The common case is one object while it waits (RecvCall).
      const call = size === 0 || this.#gathers(fl) ? this.#recvGathering("recv", fd, size, fl) : new RecvCall(this.#handle, fd, size, fl);
      return this.#wait(this.#readers, "recv", call, opts);
    }) as Promise<Buffer>;
  }

  /**
   * recv(), blocking the thread (recv(2), poll(2)).
   * @param bufsize the most bytes to receive
   * @param flags `MSG_*` flags (default 0)
   * @returns the bytes; an empty Buffer at EOF
   * @throws {TimeoutError} in timeout mode, once the timeout passes
   * @throws {BlockingIOError} in non-blocking mode, when the call would wait
   * @throws {OSError} EBUSY when async calls of the same direction are pending
   * @throws {TypeError|RangeError} for a bad argument (the message names it)
   */
  recvSync(bufsize: PlainNumber, flags?: MsgFlags): Buffer {
    return this.#sync("recvSync", this.#readers, this.#recvAttempt("recvSync", bufsize, flags), IN_KERNEL);
  }

  #recvAttempt(fn: string, bufsize: unknown, flags: unknown): Attempt<Buffer> {
    const size = sizeArg(fn, "bufsize", bufsize);
    const fl = flagsArg(fn, flags);
    const fd = this.#fd(fn);
    if (size === 0 || this.#gathers(fl)) return this.#recvGathering(fn, fd, size, fl);
    // The buffer is taken by the attempt, and given back if it finds no
    // data (src/recv-buffer.ts).
    const handle = this.#handle;
    return attemptWith(fl, () => recvOnce(handle, fd, size, fl));
  }

  /** recv(0), and MSG_WAITALL gathering over several attempts (arguments
   *  checked): the buffer is kept from the first attempt. */
  #recvGathering(fn: string, fd: number, size: number, fl: number): Attempt<Buffer> {
    let buf: Buffer | null = null;
    const receive = this.#receiver(fn, fd, size, fl, () => (buf ??= takeBuffer(size)));
    return attemptWith(fl, () => {
      const n = receive();
      return n === AGAIN ? AGAIN : buf === null ? Buffer.alloc(0) : shrink(buf, n);
    });
  }

  /** Whether a receive gathers its bytes over several attempts: MSG_WAITALL
   *  on a blocking-mode stream socket (see #receiver). */
  #gathers(flags: number): boolean {
    return (flags & MSG_WAITALL) !== 0 && (flags & MSG_DONTWAIT) === 0 && this.#timeout === null && this.type === SOCK_STREAM;
  }

  /**
   * recv(2) into `view[0, size)`, as the attempt of recv/recvInto. Like
   * CPython, asking for 0 bytes returns at once without a system call.
   * MSG_WAITALL on a blocking stream socket keeps receiving until `size`
   * bytes, EOF or an error, as the kernel does for a blocking descriptor
   * (ours is non-blocking at the OS level).
   */
  #receiver(fn: string, fd: number, size: number, flags: number, viewFor: Uint8Array | (() => Uint8Array)): Attempt<number> {
    if (size === 0) return () => 0;
    if (!this.#gathers(flags)) {
      return attemptWith(flags, () => {
        // A known view (recvInto) needs no closure of its own per call.
        const view = typeof viewFor === "function" ? viewFor() : viewFor;
        v.checkHeld(fn, "buffer", view, size);
        return check(binding.recv(this.#liveFd(fd), view, 0, size, flags), "recv");
      });
    }
    let got = 0;
    let view: Uint8Array | null = null;
    return () => {
      view ??= typeof viewFor === "function" ? viewFor() : viewFor;
      for (;;) {
        let n: number | typeof AGAIN;
        try {
          if (view.byteLength < size) v.checkHeld(fn, "buffer", view, size, `${got} bytes were received into it`);
          n = check(binding.recv(this.#liveFd(fd), view, got, size - got, flags), "recv");
        } catch (error) {
          if (got > 0) return got; // data first; the error comes with the next call
          throw error;
        }
        if (n === AGAIN) return AGAIN;
        got += n;
        if (n === 0 || got === size) return got;
      }
    };
  }

  /**
   * Receives a datagram or bytes and the sender's address (recvfrom(2)).
   * @param bufsize the most bytes to receive
   * @param flags `MSG_*` flags (default 0)
   * @param options `{ signal }` to abort the wait
   * @returns `[data, address]` (address null when the sender has none)
   * @throws {TimeoutError} in timeout mode, once the timeout passes
   * @throws {BlockingIOError} in non-blocking mode, when the call would wait
   * @throws {TypeError|RangeError} for a bad argument (the message names it)
   */
  recvfrom(bufsize: PlainNumber, flags?: MsgFlags, options?: CallOptions): Promise<[Buffer, ReceivedAddress<F, K>]>;
  recvfrom(bufsize: PlainNumber, options?: CallOptions): Promise<[Buffer, ReceivedAddress<F, K>]>;
  recvfrom(...args: unknown[]): Promise<[Buffer, ReceivedAddress<F, K>]> {
    return this.#async("recvfrom", args, 2, ([bufsize, flags], opts) => {
      const attempt = this.#recvfromAttempt("recvfrom", bufsize, flags);
      return this.#wait(this.#readers, "recvfrom", attempt, opts);
    }) as Promise<[Buffer, ReceivedAddress<F, K>]>;
  }

  /**
   * recvfrom(), blocking the thread (recvfrom(2), poll(2)).
   * @param bufsize the most bytes to receive
   * @param flags `MSG_*` flags (default 0)
   * @returns `[data, address]`
   * @throws {TimeoutError} in timeout mode, once the timeout passes
   * @throws {BlockingIOError} in non-blocking mode, when the call would wait
   * @throws {OSError} EBUSY when async calls of the same direction are pending
   * @throws {TypeError|RangeError} for a bad argument (the message names it)
   */
  recvfromSync(bufsize: PlainNumber, flags?: MsgFlags): [Buffer, ReceivedAddress<F, K>] {
    return <[Buffer, ReceivedAddress<F, K>]> this.#sync("recvfromSync", this.#readers, this.#recvfromAttempt("recvfromSync", bufsize, flags), IN_KERNEL);
  }

  #recvfromAttempt(fn: string, bufsize: unknown, flags: unknown): Attempt<[Buffer, SocketAddress | null]> {
    const size = sizeArg(fn, "bufsize", bufsize);
    const fl = flagsArg(fn, flags);
    const fd = this.#fd(fn);
    return attemptWith(fl, () => {
      const buf = takeBuffer(size); // when attempted: see src/recv-buffer.ts
      lenOut[0] = 0;
      const n = check(binding.recvfrom(this.#liveFd(fd), buf, 0, size, fl, addrOut, lenOut), "recvfrom");
      if (n !== AGAIN) return [shrink(buf, n), decodeAddress(addrOut, lenOut[0]!, this)];
      giveBack(buf);
      return AGAIN;
    });
  }

  /**
   * Receives into `buffer` (recv(2)), at most `nbytes` bytes (0 or
   * omitted: the buffer's size). Returns the count.
   * @param buffer where the bytes go
   * @param nbytes how many bytes at most (default: the buffer's length)
   * @param flags `MSG_*` flags (default 0)
   * @param options `{ signal }` to abort the wait
   * @returns the number of bytes received (0 at EOF)
   * @throws {TimeoutError} in timeout mode, once the timeout passes
   * @throws {BlockingIOError} in non-blocking mode, when the call would wait
   * @throws {TypeError|RangeError} for a bad argument (the message names it)
   */
  recvInto(buffer: BytesLike, nbytes?: PlainNumber, flags?: MsgFlags, options?: CallOptions): Promise<number>;
  recvInto(buffer: BytesLike, options?: CallOptions): Promise<number>;
  recvInto(buffer: BytesLike, nbytes: PlainNumber, options?: CallOptions): Promise<number>;
  recvInto(...args: unknown[]): Promise<number> {
    return this.#async("recvInto", args, 3, ([buffer, nbytes, flags], opts) => {
      const attempt = this.#recvIntoAttempt("recvInto", buffer, nbytes, flags);
      return this.#wait(this.#readers, "recv", attempt, opts);
    }) as Promise<number>;
  }

  /**
   * recvInto(), blocking the thread (recv(2), poll(2)).
   * @param buffer where the bytes go
   * @param nbytes how many bytes at most (default: the buffer's length)
   * @param flags `MSG_*` flags (default 0)
   * @returns the number of bytes received
   * @throws {TimeoutError} in timeout mode, once the timeout passes
   * @throws {BlockingIOError} in non-blocking mode, when the call would wait
   * @throws {TypeError|RangeError} for a bad argument (the message names it)
   */
  recvIntoSync(buffer: BytesLike, nbytes?: PlainNumber, flags?: MsgFlags): number {
    return this.#sync("recvIntoSync", this.#readers, this.#recvIntoAttempt("recvIntoSync", buffer, nbytes, flags), IN_KERNEL);
  }

  #recvIntoAttempt(fn: string, buffer: unknown, nbytes: unknown, flags: unknown): Attempt<number> {
    const view = v.bytes(fn, "buffer", buffer);
    const count = intoCount(fn, view, nbytes);
    const fl = flagsArg(fn, flags);
    return this.#receiver(fn, this.#fd(fn), count, fl, view);
  }

  /**
   * Like recvInto(), also returning the sender's address (recvfrom(2)).
   * @param buffer where the bytes go
   * @param nbytes how many bytes at most (default: the buffer's length)
   * @param flags `MSG_*` flags (default 0)
   * @param options `{ signal }` to abort the wait
   * @returns `[count, address]`
   * @throws {TimeoutError} in timeout mode, once the timeout passes
   * @throws {BlockingIOError} in non-blocking mode, when the call would wait
   * @throws {TypeError|RangeError} for a bad argument (the message names it)
   */
  recvfromInto(buffer: BytesLike, nbytes?: PlainNumber, flags?: MsgFlags, options?: CallOptions): Promise<[number, ReceivedAddress<F, K>]>;
  recvfromInto(buffer: BytesLike, options?: CallOptions): Promise<[number, ReceivedAddress<F, K>]>;
  recvfromInto(buffer: BytesLike, nbytes: PlainNumber, options?: CallOptions): Promise<[number, ReceivedAddress<F, K>]>;
  recvfromInto(...args: unknown[]): Promise<[number, ReceivedAddress<F, K>]> {
    return this.#async("recvfromInto", args, 3, ([buffer, nbytes, flags], opts) => {
      const attempt = this.#recvfromIntoAttempt("recvfromInto", buffer, nbytes, flags);
      return this.#wait(this.#readers, "recvfrom", attempt, opts);
    }) as Promise<[number, ReceivedAddress<F, K>]>;
  }

  /**
   * recvfromInto(), blocking the thread (recvfrom(2), poll(2)).
   * @param buffer where the bytes go
   * @param nbytes how many bytes at most (default: the buffer's length)
   * @param flags `MSG_*` flags (default 0)
   * @returns `[count, address]`
   * @throws {TimeoutError} in timeout mode, once the timeout passes
   * @throws {BlockingIOError} in non-blocking mode, when the call would wait
   * @throws {TypeError|RangeError} for a bad argument (the message names it)
   */
  recvfromIntoSync(buffer: BytesLike, nbytes?: PlainNumber, flags?: MsgFlags): [number, ReceivedAddress<F, K>] {
    return <[number, ReceivedAddress<F, K>]> this.#sync("recvfromIntoSync", this.#readers, this.#recvfromIntoAttempt("recvfromIntoSync", buffer, nbytes, flags), IN_KERNEL);
  }

  #recvfromIntoAttempt(fn: string, buffer: unknown, nbytes: unknown, flags: unknown): Attempt<[number, SocketAddress | null]> {
    const view = v.bytes(fn, "buffer", buffer);
    const count = intoCount(fn, view, nbytes);
    const fl = flagsArg(fn, flags);
    const fd = this.#fd(fn);
    return attemptWith(fl, () => {
      v.checkHeld(fn, "buffer", view, count);
      lenOut[0] = 0;
      const n = check(binding.recvfrom(this.#liveFd(fd), view, 0, count, fl, addrOut, lenOut), "recvfrom");
      return n === AGAIN ? AGAIN : [n, decodeAddress(addrOut, lenOut[0]!, this)];
    });
  }

  /**
   * Receives normal and ancillary data (recvmsg(2)): up to `bufsize` bytes,
   * and control messages in a buffer of `ancbufsize` bytes (0, the
   * default, receives none; size it with CMSG_SPACE). Returns
   * `[data, ancdata, msgFlags, address]`, `ancdata` a list of
   * `[level, type, data]`. Descriptors received (SCM_RIGHTS) are
   * close-on-exec and belong to the caller; MSG_CTRUNC in msgFlags says
   * the buffer was too small (what did not fit was never opened).
   * @param bufsize the most bytes of data
   * @param ancbufsize room for control messages (CMSG_SPACE(...), default 0)
   * @param flags `MSG_*` flags
   * @param options `{ signal }` to abort the wait
   * @returns `[data, ancdata, msgFlags, address]`, ancdata a list of `[level, type, data]`
   * @throws {TimeoutError} in timeout mode, once the timeout passes
   * @throws {BlockingIOError} in non-blocking mode, when the call would wait
   * @throws {TypeError|RangeError} for a bad argument (the message names it)
   */
  recvmsg(bufsize: PlainNumber, ancbufsize?: PlainNumber, flags?: MsgFlags, options?: CallOptions): Promise<MsgResult<Buffer, ReceivedAddress<F, K>>>;
  recvmsg(bufsize: PlainNumber, options?: CallOptions): Promise<MsgResult<Buffer, ReceivedAddress<F, K>>>;
  recvmsg(bufsize: PlainNumber, ancbufsize: PlainNumber, options?: CallOptions): Promise<MsgResult<Buffer, ReceivedAddress<F, K>>>;
  recvmsg(...args: unknown[]): Promise<MsgResult<Buffer>> {
    return this.#async("recvmsg", args, 3, ([bufsize, ancbufsize, flags], opts) => {
      const attempt = this.#recvmsgAttempt("recvmsg", bufsize, ancbufsize, flags);
      return this.#wait(this.#readers, "recvmsg", attempt, opts);
    }) as Promise<MsgResult<Buffer, ReceivedAddress<F, K>>>;
  }

  /**
   * recvmsg(), blocking the thread (recvmsg(2), poll(2)).
   * @param bufsize the most bytes of data
   * @param ancbufsize room for control messages
   * @param flags `MSG_*` flags
   * @returns `[data, ancdata, msgFlags, address]`
   * @throws {TimeoutError} in timeout mode, once the timeout passes
   * @throws {BlockingIOError} in non-blocking mode, when the call would wait
   * @throws {TypeError|RangeError} for a bad argument (the message names it)
   */
  recvmsgSync(bufsize: PlainNumber, ancbufsize?: PlainNumber, flags?: MsgFlags): MsgResult<Buffer, ReceivedAddress<F, K>> {
    return <MsgResult<Buffer, ReceivedAddress<F, K>>> this.#sync("recvmsgSync", this.#readers, this.#recvmsgAttempt("recvmsgSync", bufsize, ancbufsize, flags));
  }

  #recvmsgAttempt(fn: string, bufsize: unknown, ancbufsize: unknown, flags: unknown): Attempt<MsgResult<Buffer>> {
    const size = sizeArg(fn, "bufsize", bufsize);
    const ancsize = ancbufsizeArg(fn, ancbufsize);
    const fl = flagsArg(fn, flags);
    const buf = Buffer.allocUnsafe(size);
    const receive = this.#msgReceiver(fn, [buf], ancsize, fl);
    return attemptWith(fl, () => {
      const r = receive();
      return r === AGAIN ? AGAIN : [shrink(buf, r[0]), r[1], r[2], r[3]];
    });
  }

  /**
   * Like recvmsg(), but scatters the data into `buffers`, filling each in
   * turn (recvmsg(2)). Returns `[count, ancdata, msgFlags, address]`.
   * @param buffers filled in turn
   * @param ancbufsize room for control messages
   * @param flags `MSG_*` flags
   * @param options `{ signal }`
   * @returns `[count, ancdata, msgFlags, address]`
   * @throws {TimeoutError} in timeout mode, once the timeout passes
   * @throws {BlockingIOError} in non-blocking mode, when the call would wait
   * @throws {TypeError|RangeError} for a bad argument (the message names it)
   */
  recvmsgInto(buffers: Iterable<BytesLike>, ancbufsize?: PlainNumber, flags?: MsgFlags, options?: CallOptions): Promise<MsgResult<number, ReceivedAddress<F, K>>>;
  recvmsgInto(buffers: Iterable<BytesLike>, options?: CallOptions): Promise<MsgResult<number, ReceivedAddress<F, K>>>;
  recvmsgInto(buffers: Iterable<BytesLike>, ancbufsize: PlainNumber, options?: CallOptions): Promise<MsgResult<number, ReceivedAddress<F, K>>>;
  recvmsgInto(...args: unknown[]): Promise<MsgResult<number>> {
    return this.#async("recvmsgInto", args, 3, ([buffers, ancbufsize, flags], opts) => {
      const attempt = this.#recvmsgIntoAttempt("recvmsgInto", buffers, ancbufsize, flags);
      return this.#wait(this.#readers, "recvmsg", attempt, opts);
    }) as Promise<MsgResult<number, ReceivedAddress<F, K>>>;
  }

  /**
   * recvmsgInto(), blocking the thread (recvmsg(2), poll(2)).
   * @param buffers filled in turn
   * @param ancbufsize room for control messages
   * @param flags `MSG_*` flags
   * @returns `[count, ancdata, msgFlags, address]`
   * @throws {TimeoutError} in timeout mode, once the timeout passes
   * @throws {BlockingIOError} in non-blocking mode, when the call would wait
   * @throws {TypeError|RangeError} for a bad argument (the message names it)
   */
  recvmsgIntoSync(buffers: Iterable<BytesLike>, ancbufsize?: PlainNumber, flags?: MsgFlags): MsgResult<number, ReceivedAddress<F, K>> {
    return <MsgResult<number, ReceivedAddress<F, K>>> this.#sync("recvmsgIntoSync", this.#readers, this.#recvmsgIntoAttempt("recvmsgIntoSync", buffers, ancbufsize, flags));
  }

  #recvmsgIntoAttempt(fn: string, buffers: unknown, ancbufsize: unknown, flags: unknown): Attempt<MsgResult<number>> {
    const views = bufferList(fn, buffers, true);
    return this.#msgReceiver(fn, views, ancbufsizeArg(fn, ancbufsize), flagsArg(fn, flags));
  }

  /**
   * recvmsg(2) into `buffers` with a control buffer of `ancsize` bytes, as
   * the attempt of recvmsg/recvmsgInto. Unlike recv, 0 bytes still makes
   * the call: it may bring control messages, or consume a datagram.
   */
  #msgReceiver(fn: string, buffers: Uint8Array[], ancsize: number, flags: number): Attempt<MsgResult<number>> {
    const control = Buffer.alloc(ancsize);
    const fd = this.#fd(fn);
    const lengths = buffers.map((b) => b.byteLength);
    return attemptWith(flags, () => {
      checkAllHeld(fn, "buffers", buffers, lengths);
      lenOut[0] = 0;
      const n = check(binding.recvmsg(this.#liveFd(fd), buffers, control, flags, addrOut, lenOut, msgInfo), "recvmsg");
      if (n === AGAIN) return AGAIN;
      return [n, ...receivedMessage(control, msgInfo, addrOut, lenOut[0]!, this)];
    });
  }

  // ---- sending --------------------------------------------------------

  /**
   * Sends bytes (send(2)); returns how many were sent.
   * @param data the bytes (a string is a TypeError)
   * @param flags `MSG_*` flags
   * @param options `{ signal }`
   * @returns how many bytes were sent (maybe fewer than all)
   * @throws {BrokenPipeError|ConnectionResetError} when the peer is gone
   * @throws {TimeoutError} in timeout mode, once the timeout passes
   * @throws {BlockingIOError} in non-blocking mode, when the call would wait
   * @throws {TypeError|RangeError} for a bad argument (the message names it)
   */
  send(data: BytesLike, flags?: MsgFlags, options?: CallOptions): Promise<number>;
  send(data: BytesLike, options?: CallOptions): Promise<number>;
  send(...args: unknown[]): Promise<number> {
    return this.#async("send", args, 2, ([data, flags], opts) => {
      const attempt = this.#sendAttempt("send", data, flags);
      return this.#wait(this.#writers, "send", attempt, opts);
    }) as Promise<number>;
  }

  /**
   * send(), blocking the thread (send(2), poll(2)).
   * @param data the bytes
   * @param flags `MSG_*` flags
   * @returns how many bytes were sent
   * @throws {TimeoutError} in timeout mode, once the timeout passes
   * @throws {BlockingIOError} in non-blocking mode, when the call would wait
   * @throws {TypeError|RangeError} for a bad argument (the message names it)
   */
  sendSync(data: BytesLike, flags?: MsgFlags): number {
    return this.#sync("sendSync", this.#writers, this.#sendAttempt("sendSync", data, flags), IN_KERNEL);
  }

  #sendAttempt(fn: string, data: unknown, flags: unknown): Attempt<number> {
    const buf = v.bytes(fn, "data", data);
    const fl = flagsArg(fn, flags);
    const fd = this.#fd(fn);
    const length = buf.length;
    return attemptWith(fl, () => {
      v.checkHeld(fn, "data", buf, length);
      return check(binding.send(this.#liveFd(fd), buf, 0, length, fl), "send");
    });
  }

  /**
   * Sends all of `data`, waiting as needed (send(2) in a loop). The
   * timeout bounds the whole call; no other send interleaves with it.
   * @param data the bytes, all of which are sent
   * @param flags `MSG_*` flags
   * @param options `{ signal }`
   * @returns a Promise settled once all is sent
   * @throws {BrokenPipeError|ConnectionResetError} when the peer is gone
   * @throws {TimeoutError} in timeout mode, once the timeout passes
   * @throws {BlockingIOError} in non-blocking mode, when the call would wait
   * @throws {TypeError|RangeError} for a bad argument (the message names it)
   */
  sendall(data: BytesLike, flags?: MsgFlags, options?: CallOptions): Promise<void>;
  sendall(data: BytesLike, options?: CallOptions): Promise<void>;
  sendall(...args: unknown[]): Promise<void> {
    return this.#async("sendall", args, 2, ([data, flags], opts) => {
      const attempt = this.#sendallAttempt("sendall", data, flags);
      return this.#wait(this.#writers, "send", attempt, opts);
    }) as Promise<void>;
  }

  /**
   * sendall(), blocking the thread (send(2), poll(2)); the timeout bounds the whole call.
   * @param data the bytes, all of which are sent
   * @param flags `MSG_*` flags
   * @throws {TimeoutError} in timeout mode, once the timeout passes
   * @throws {BlockingIOError} in non-blocking mode, when the call would wait
   * @throws {TypeError|RangeError} for a bad argument (the message names it)
   */
  sendallSync(data: BytesLike, flags?: MsgFlags): void {
    this.#sync("sendallSync", this.#writers, this.#sendallAttempt("sendallSync", data, flags), IN_KERNEL);
  }

  #sendallAttempt(fn: string, data: unknown, flags: unknown): Attempt<undefined> {
    const buf = v.bytes(fn, "data", data);
    const fl = flagsArg(fn, flags);
    const fd = this.#fd(fn);
    const length = buf.length;
    let sent = 0;
    return attemptWith(fl, () => {
      while (sent < length) {
        // Memory detached while the call waited: never report it all sent.
        if (buf.byteLength < length) v.checkHeld(fn, "data", buf, length, `${sent} of ${length} bytes were sent`);
        const n = check(binding.send(this.#liveFd(fd), buf, sent, length - sent, fl), "send");
        if (n === AGAIN) return AGAIN;
        sent += n;
      }
      return undefined;
    });
  }

  /** Sends to `address` (sendto(2)): `sendto(data, address)` or
   * @param data the bytes
   * @param flags `MSG_*` flags (the three-argument form)
   * @param address where to; a host name is resolved off the loop
   * @param options `{ signal }`
   * @returns how many bytes were sent
   * @throws {OSError} from sendto(2), with `address` and `port` (PermissionError for broadcast without SO_BROADCAST, EMSGSIZE)
   * @throws {TimeoutError} in timeout mode, once the timeout passes
   * @throws {BlockingIOError} in non-blocking mode, when the call would wait
   * @throws {TypeError|RangeError} for a bad argument (the message names it)
   *  `sendto(data, flags, address)`. */
  sendto(data: BytesLike, address: AddressInputOf<F>, options?: CallOptions): Promise<number>;
  sendto(data: BytesLike, flags: MsgFlags, address: AddressInputOf<F>, options?: CallOptions): Promise<number>;
  sendto(...args: unknown[]): Promise<number> {
    return this.#async("sendto", args, 3, (positional, opts) => {
      const address = positional[positional.length - 1];
      if (positional.length >= 2 && !this.#addresses.has(address) && isHostName(address, this.family)) {
        // The other arguments are checked before the lookup starts.
        v.bytes("sendto", "data", positional[0]);
        if (positional.length === 3) flagsArg("sendto", positional[1]);
        // null when a hostile address reads differently the second time:
        // then encoding it below reports what it is now.
        const lookup = lookupAddress("sendto", address, this.family);
        const sendto = this.sendto as (...a: unknown[]) => Promise<number>;
        if (lookup !== null) return this.#afterLookup("sendto", lookup, opts, (numeric) => sendto.call(this, ...positional.slice(0, -1), numeric, opts));
      }
      const attempt = this.#sendtoAttempt("sendto", positional);
      return this.#wait(this.#writers, "sendto", attempt, opts);
    }) as Promise<number>;
  }

  /**
   * sendto(), blocking the thread (sendto(2), poll(2)).
   * @param data the bytes
   * @param flags `MSG_*` flags (the three-argument form)
   * @param address where to
   * @returns how many bytes were sent
   * @throws {OSError} from sendto(2), with `address` and `port`
   * @throws {TimeoutError} in timeout mode, once the timeout passes
   * @throws {BlockingIOError} in non-blocking mode, when the call would wait
   * @throws {TypeError|RangeError} for a bad argument (the message names it)
   */
  sendtoSync(data: BytesLike, address: AddressInputOf<F>): number;
  sendtoSync(data: BytesLike, flags: MsgFlags, address: AddressInputOf<F>): number;
  sendtoSync(...args: unknown[]): number {
    // The common shapes pass through without splitting (as in #async).
    const n = args.length;
    const last = args[n - 1];
    const positional = (n === 2 || n === 3) && last !== undefined && !v.isOptions(last) ? args : v.splitOptions("sendtoSync", args, 3)[0];
    return this.#sync("sendtoSync", this.#writers, this.#sendtoAttempt("sendtoSync", positional), IN_KERNEL);
  }

  #sendtoAttempt(fn: string, positional: unknown[]): Attempt<number> {
    if (positional.length < 2) throw v.typeError(fn, "expects (data, address) or (data, flags, address)");
    const two = positional.length === 2; // (data, address): no flags
    const data = positional[0];
    const flags = two ? 0 : positional[1];
    const address = two ? positional[1] : positional[2];
    const buf = v.bytes(fn, "data", data);
    const fl = flagsArg(fn, flags);
    const addr = this.#addresses.encode(fn, address, this);
    const fd = this.#fd(fn);
    const length = buf.length;
    return attemptWith(fl, () => {
      v.checkHeld(fn, "data", buf, length);
      const r = binding.sendto(this.#liveFd(fd), buf, 0, length, fl, addr, addr.length);
      if (r >= 0) return r;
      try {
        return check(r, "sendto");
      } catch (error) {
        throw addressed(error, address);
      }
    });
  }

  /**
   * Sends a file (sendfile(2), zero-copy; pread(2) and send(2) where the
   * kernel cannot) from `offset` (default 0) until its end or `count`
   * bytes; returns the bytes sent. The timeout bounds the whole transfer.
   * Afterwards, also after a failure, the file position is offset + bytes
   * sent (lseek(2)). SOCK_STREAM sockets in blocking or timeout mode only.
   * @param file a descriptor or an fs.promises FileHandle of a regular file
   * @param offset where to start (default 0)
   * @param count how many bytes at most (default: to the end)
   * @param options `{ signal }`
   * @returns how many bytes were sent
   * @throws {RangeError} on a non-blocking or non-stream socket
   * @throws {TimeoutError} in timeout mode, once the timeout passes
   * @throws {BlockingIOError} in non-blocking mode, when the call would wait
   * @throws {TypeError|RangeError} for a bad argument (the message names it)
   */
  sendfile(file: SendfileSource, offset?: number, count?: number, options?: CallOptions): Promise<number>;
  sendfile(file: SendfileSource, options?: CallOptions): Promise<number>;
  sendfile(file: SendfileSource, offset: number, options?: CallOptions): Promise<number>;
  sendfile(...args: unknown[]): Promise<number> {
    // The file may be a FileHandle, an object: only what follows it can be the options.
    return this.#async("sendfile", args.slice(1), 2, ([offset, count], opts) => {
      const job = sendfileArgs("sendfile", this.type, this.#timeout, args[0], offset, count);
      const run = this.#sendfileJob("sendfile", job);
      return this.#wait(this.#writers, "sendfile", run.attempt, opts).then(
        (sent) => {
          settlePosition(job, sent);
          return sent;
        },
        (error: unknown) => {
          settlePositionAfter(job, run.sent());
          throw error;
        },
      );
    }) as Promise<number>;
  }

  /**
   * sendfile(), blocking the thread (sendfile(2), poll(2), lseek(2)); the timeout bounds the whole call.
   * @param file a descriptor or a FileHandle
   * @param offset where to start
   * @param count how many bytes at most
   * @returns how many bytes were sent
   * @throws {TimeoutError} in timeout mode, once the timeout passes
   * @throws {BlockingIOError} in non-blocking mode, when the call would wait
   * @throws {TypeError|RangeError} for a bad argument (the message names it)
   */
  sendfileSync(file: SendfileSource, offset?: number, count?: number): number {
    const fn = "sendfileSync";
    const job = sendfileArgs(fn, this.type, this.#timeout, file, offset, count);
    const run = this.#sendfileJob(fn, job);
    let sent: number;
    try {
      sent = this.#sync(fn, this.#writers, run.attempt);
    } catch (error) {
      settlePositionAfter(job, run.sent());
      throw error;
    }
    settlePosition(job, sent);
    return sent;
  }

  #sendfileJob(fn: string, args: SendfileArgs): SendfileJob {
    const fd = this.#fd(fn);
    return sendfileJob(args, () => this.#liveFd(fd));
  }

  // ---- streams ----------------------------------------------------------

  /**
   * The socket as a Node stream (Python's makefile): "r"/"rb" a Readable,
   * "w"/"wb" a Writable, "rw"/"rwb" a Duplex; text modes carry strings
   * (`encoding`, `errors`, `newline`), binary modes Buffers. Reads with
   * recv(2), writes with send(2); ending the writing side shuts it down
   * (shutdown(2) SHUT_WR). The descriptor closes only once the socket and
   * all its files are closed.
   * @param mode "r", "w", "rw", with "b" for binary (default "r")
   * @param options `{ encoding, errors, newline, buffering }`
   * @returns a Readable, Writable or Duplex by mode
   * @throws {TypeError|RangeError} for an unknown mode or option
   * @throws {OSError} EBADF once the socket is closed
   */
  makefile(mode?: ReadMode, options?: MakefileOptions): Readable;
  makefile(mode: WriteMode, options?: MakefileOptions): Writable;
  makefile(mode: DuplexMode, options?: MakefileOptions): Duplex;
  makefile(mode: string, options?: MakefileOptions): Readable | Writable;
  makefile(mode?: string, options?: MakefileOptions): Readable | Writable | Duplex {
    const spec = makefileSpec(mode, options);
    this.#fd("makefile");
    let held = true;
    const file = makeFile(this, spec, () => {
      if (!held) return;
      held = false;
      this.#files--;
      if (this.#files === 0 && this.#closeWhenFilesClose) {
        try {
          this.close();
        } catch {
          // The descriptor is released all the same; an error of close(2)
          // here (EIO) has no caller to go to: streams close on their own.
        }
      }
    });
    this.#files++;
    return file;
  }

  /**
   * A makefile() stream's recv() or sendall(): on a non-blocking socket it
   * waits for readiness instead of failing with BlockingIOError, as a Node
   * stream does (read() returns null and write() false meanwhile, where
   * Python's file returns None), so the stream stays usable. Internal.
   */
  [streamCall]<T>(call: () => Promise<T>): Promise<T> {
    this.#streaming = true;
    try {
      return call();
    } finally {
      this.#streaming = false;
    }
  }

  /**
   * `for await (const chunk of sock)`: the bytes of a connected SOCK_STREAM
   * socket as they arrive (recv(2), up to 64 KiB each), until EOF. Leaving
   * the loop early leaves the socket open.
   */
  [Symbol.asyncIterator](): AsyncGenerator<Buffer, void, undefined> {
    if (this.type !== SOCK_STREAM) {
      throw v.typeError("[Symbol.asyncIterator]", `only SOCK_STREAM sockets can be iterated, not type ${this.type}`);
    }
    return this.#chunks();
  }

  async *#chunks(): AsyncGenerator<Buffer, void, undefined> {
    for (;;) {
      const data = await this.recv(ITERATION_CHUNK);
      if (data.length === 0) return;
      yield data;
    }
  }

  /**
   * Sends normal and ancillary data (sendmsg(2)): the bytes of `buffers`
   * gathered into one message, the control messages `ancdata` (each
   * `[level, type, data]`), to `address` if one is given. Returns how many
   * bytes of normal data were sent.
   * @param buffers the data, gathered into one message
   * @param ancdata control messages `[level, type, data]`
   * @param flags `MSG_*` flags
   * @param address where to, on an unconnected socket
   * @param options `{ signal }`
   * @returns how many bytes of data were sent
   * @throws {TimeoutError} in timeout mode, once the timeout passes
   * @throws {BlockingIOError} in non-blocking mode, when the call would wait
   * @throws {TypeError|RangeError} for a bad argument (the message names it)
   */
  sendmsg(buffers: Iterable<BytesLike>, ancdata?: Iterable<AncillaryInput> | null, flags?: MsgFlags,
    address?: AddressInputOf<F> | null, options?: CallOptions): Promise<number>;
  sendmsg(buffers: Iterable<BytesLike>, options?: CallOptions): Promise<number>;
  sendmsg(buffers: Iterable<BytesLike>, ancdata: Iterable<AncillaryInput> | null, options?: CallOptions): Promise<number>;
  sendmsg(buffers: Iterable<BytesLike>, ancdata: Iterable<AncillaryInput> | null, flags: MsgFlags, options?: CallOptions): Promise<number>;
  sendmsg(...args: unknown[]): Promise<number> {
    return this.#async("sendmsg", args, 4, (positional, opts) => this[sendmsgAs]("sendmsg", positional, opts)) as Promise<number>;
  }

  /**
   * sendmsg(), blocking the thread (sendmsg(2), poll(2)).
   * @param buffers the data
   * @param ancdata control messages
   * @param flags `MSG_*` flags
   * @param address where to
   * @returns how many bytes of data were sent
   * @throws {TimeoutError} in timeout mode, once the timeout passes
   * @throws {BlockingIOError} in non-blocking mode, when the call would wait
   * @throws {TypeError|RangeError} for a bad argument (the message names it)
   */
  sendmsgSync(buffers: Iterable<BytesLike>, ancdata?: Iterable<AncillaryInput> | null, flags?: MsgFlags,
    address?: AddressInputOf<F> | null): number {
    return this[sendmsgSyncAs]("sendmsgSync", [buffers, ancdata, flags, address]);
  }

  /** sendmsg() whose errors name `fn` (sendFds builds on it): a host name
   *  in the address is resolved off the loop first. Internal. */
  [sendmsgAs](fn: string, [buffers, ancdata, flags, address]: unknown[], options: CallOptions): Promise<number> {
    if (isHostName(address, this.family)) {
      this.#sendmsgAttempt(fn, buffers, ancdata, flags, undefined); // the other arguments, checked before the lookup
      const lookup = lookupAddress(fn, address, this.family); // null: as in sendto
      if (lookup !== null) return this.#afterLookup(fn, lookup, options, (numeric) => this[sendmsgAs](fn, [buffers, ancdata, flags, numeric], options));
    }
    return this.#wait(this.#writers, "sendmsg", this.#sendmsgAttempt(fn, buffers, ancdata, flags, address), options);
  }

  /** sendmsgSync() whose errors name `fn`. Internal. */
  [sendmsgSyncAs](fn: string, [buffers, ancdata, flags, address]: unknown[]): number {
    return this.#sync(fn, this.#writers, this.#sendmsgAttempt(fn, buffers, ancdata, flags, address));
  }

  #sendmsgAttempt(fn: string, buffers: unknown, ancdata: unknown, flags: unknown, address: unknown): Attempt<number> {
    const views = bufferList(fn, buffers, false);
    const control = encodeAncdata(fn, ancdata);
    const fl = flagsArg(fn, flags);
    const addr = address === undefined || address === null ? null : encodeAddress(fn, address, this);
    const fd = this.#fd(fn);
    const addrlen = addr === null ? 0 : addr.length;
    const lengths = views.map((b) => b.byteLength);
    return attemptWith(fl, () => {
      checkAllHeld(fn, "buffers", views, lengths);
      return check(binding.sendmsg(this.#liveFd(fd), views, control, fl, addr, addrlen), "sendmsg");
    });
  }

  /**
   * Sends to a Linux AF_ALG (kernel crypto) socket (sendmsg(2)): the bytes
   * of `msg`, with control messages for `op` (ALG_OP_ENCRYPT or
   * ALG_OP_DECRYPT, required), the initialization vector `iv` and the AEAD
   * `assoclen`, as Python's `sendmsg_afalg`. Returns the bytes sent.
   * @param msg the data
   * @param options `{ op, iv, assoclen, flags, signal }`
   * @returns how many bytes were sent
   * @throws {OSError} (no errno) on a socket of another family than AF_ALG
   * @throws {TimeoutError} in timeout mode, once the timeout passes
   * @throws {BlockingIOError} in non-blocking mode, when the call would wait
   * @throws {TypeError|RangeError} for a bad argument (the message names it)
   */
  sendmsgAfalg(msg?: Iterable<BytesLike> | null, options?: AfalgOptions): Promise<number>;
  sendmsgAfalg(options?: AfalgOptions): Promise<number>;
  sendmsgAfalg(...args: unknown[]): Promise<number> {
    return this.#async("sendmsgAfalg", args, 1, ([msg], opts) => {
      const attempt = this.#sendmsgAfalgAttempt("sendmsgAfalg", msg, opts);
      return this.#wait(this.#writers, "sendmsg", attempt, opts);
    }) as Promise<number>;
  }

  /**
   * sendmsgAfalg(), blocking the thread (sendmsg(2), poll(2)).
   * @param msg the data
   * @param options `{ op, iv, assoclen, flags }`
   * @returns how many bytes were sent
   * @throws {TimeoutError} in timeout mode, once the timeout passes
   * @throws {BlockingIOError} in non-blocking mode, when the call would wait
   * @throws {TypeError|RangeError} for a bad argument (the message names it)
   */
  sendmsgAfalgSync(msg?: Iterable<BytesLike> | null, options?: AfalgOptions): number;
  sendmsgAfalgSync(options?: AfalgOptions): number;
  sendmsgAfalgSync(...args: unknown[]): number {
    const [[msg], opts] = v.splitOptions("sendmsgAfalgSync", args, 1);
    return this.#sync("sendmsgAfalgSync", this.#writers, this.#sendmsgAfalgAttempt("sendmsgAfalgSync", msg, opts));
  }

  #sendmsgAfalgAttempt(fn: string, msg: unknown, options: AfalgOptions): Attempt<number> {
    if (AF_ALG === undefined || this.family !== AF_ALG) throw afalgOnly(fn);
    const ancdata = afalgAncdata(fn, options);
    return this.#sendmsgAttempt(fn, msg ?? [], ancdata, afalgFlags(fn, options), undefined);
  }

  // ---- batched datagrams (recvmmsg, sendmmsg) -------------------------

  /**
   * Receives up to `count` datagrams of up to `bufsize` bytes each with one
   * system call (recvmmsg(2)): `[data, address][]`. Waits for the first;
   * returns those that had arrived by then. Linux and FreeBSD only (ENOSYS
   * elsewhere).
   * @param count the most datagrams
   * @param bufsize the most bytes of each
   * @param flags `MSG_*` flags
   * @param options `{ signal }`
   * @returns `[data, address][]`, at least one
   * @throws {OSError} ENOSYS where the platform lacks recvmmsg(2)
   * @throws {TimeoutError} in timeout mode, once the timeout passes
   * @throws {BlockingIOError} in non-blocking mode, when the call would wait
   * @throws {TypeError|RangeError} for a bad argument (the message names it)
   */
  recvmmsg(count: PlainNumber, bufsize: PlainNumber, flags?: MsgFlags, options?: CallOptions): Promise<[Buffer, ReceivedAddress<F, K>][]>;
  recvmmsg(count: PlainNumber, bufsize: PlainNumber, options?: CallOptions): Promise<[Buffer, ReceivedAddress<F, K>][]>;
  recvmmsg(...args: unknown[]): Promise<[Buffer, SocketAddress | null][]> {
    return this.#async("recvmmsg", args, 3, ([count, bufsize, flags], opts) => {
      const attempt = this.#recvmmsgAttempt("recvmmsg", count, bufsize, flags);
      return this.#wait(this.#readers, "recvmmsg", attempt, opts);
    }) as Promise<[Buffer, ReceivedAddress<F, K>][]>;
  }

  /**
   * recvmmsg(), blocking the thread (recvmmsg(2), poll(2)).
   * @param count the most datagrams
   * @param bufsize the most bytes of each
   * @param flags `MSG_*` flags
   * @returns `[data, address][]`
   * @throws {TimeoutError} in timeout mode, once the timeout passes
   * @throws {BlockingIOError} in non-blocking mode, when the call would wait
   * @throws {TypeError|RangeError} for a bad argument (the message names it)
   */
  recvmmsgSync(count: PlainNumber, bufsize: PlainNumber, flags?: MsgFlags): [Buffer, ReceivedAddress<F, K>][] {
    return <[Buffer, ReceivedAddress<F, K>][]> this.#sync("recvmmsgSync", this.#readers, this.#recvmmsgAttempt("recvmmsgSync", count, bufsize, flags));
  }

  #recvmmsgAttempt(fn: string, count: unknown, bufsize: unknown, flags: unknown): Attempt<[Buffer, SocketAddress | null][]> {
    const [n, size] = receiveArgs(fn, count, bufsize);
    const fl = flagsArg(fn, flags);
    requireMmsg(fn);
    const fd = this.#fd(fn);
    return attemptWith(fl, () => {
      const batch = receiveBatch(this.#liveFd(fd), n, size, fl, this);
      if (typeof batch !== "number") return batch;
      check(batch, "recvmmsg"); // throws, unless EAGAIN
      return AGAIN;
    });
  }

  /**
   * Sends several datagrams with one system call (sendmmsg(2)). Each
   * message is bytes, or `[data, address]` (on an unconnected socket).
   * Returns how many were sent, from the first: the rest did not fit (at
   * most 1024 per call). Linux and FreeBSD only (ENOSYS elsewhere).
   * @param messages bytes, or `[data, address]` (recvmmsg's output as it is)
   * @param flags `MSG_*` flags
   * @param options `{ signal }`
   * @returns how many messages were sent, from the first
   * @throws {OSError} ENOSYS where the platform lacks sendmmsg(2)
   * @throws {TimeoutError} in timeout mode, once the timeout passes
   * @throws {BlockingIOError} in non-blocking mode, when the call would wait
   * @throws {TypeError|RangeError} for a bad argument (the message names it)
   */
  sendmmsg(messages: Iterable<BytesLike | readonly [data: BytesLike, address?: AddressInputOf<F> | null]>, flags?: MsgFlags, options?: CallOptions): Promise<number>;
  sendmmsg(messages: Iterable<BytesLike | readonly [data: BytesLike, address?: AddressInputOf<F> | null]>, options?: CallOptions): Promise<number>;
  sendmmsg(...args: unknown[]): Promise<number> {
    return this.#async("sendmmsg", args, 2, ([messages, flags], opts) => {
      // Host names are resolved off the loop first, as sendto does; their
      // slots in the batch are filled once every lookup is done. The
      // lookups start only once every argument is checked: a later bad
      // message must not leave lookups behind that nobody waits for.
      const named: unknown[] = [];
      const slots = new Map<Uint8Array, number>();
      const batch = this.#sendmmsgBatch("sendmmsg", messages, (address) => {
        if (this.#addresses.has(address) || !isHostName(address, this.family)) return this.#addresses.encode("sendmmsg", address, this);
        const slot = new Uint8Array(0);
        slots.set(slot, named.push(address) - 1);
        return slot;
      });
      const attempt = this.#sendmmsgAttempt("sendmmsg", batch, flags);
      const lookups: Promise<unknown[]>[] = [];
      try {
        for (const address of named) lookups.push(lookupAddress("sendmmsg", address, this.family) ?? Promise.resolve(address as unknown[]));
      } catch (error) {
        // A lookup that could not start: those started before it are
        // abandoned, so their failures must not go unhandled.
        for (const lookup of lookups) lookup.catch(ignore);
        throw error;
      }
      if (lookups.length === 0) return this.#wait(this.#writers, "sendmmsg", attempt, opts);
      return this.#afterLookup("sendmmsg", Promise.all(lookups), opts, (numeric) => {
        batch.addrs = batch.addrs!.map((a) => {
          const k = a === null ? undefined : slots.get(a);
          return k === undefined ? a : this.#addresses.encode("sendmmsg", numeric[k], this);
        });
        return this.#wait(this.#writers, "sendmmsg", attempt, opts);
      });
    }) as Promise<number>;
  }

  /**
   * sendmmsg(), blocking the thread (sendmmsg(2), poll(2)).
   * @param messages bytes, or `[data, address]`
   * @param flags `MSG_*` flags
   * @returns how many messages were sent
   * @throws {TimeoutError} in timeout mode, once the timeout passes
   * @throws {BlockingIOError} in non-blocking mode, when the call would wait
   * @throws {TypeError|RangeError} for a bad argument (the message names it)
   */
  sendmmsgSync(messages: Iterable<BytesLike | readonly [data: BytesLike, address?: AddressInputOf<F> | null]>, flags?: MsgFlags): number {
    const fn = "sendmmsgSync";
    const batch = this.#sendmmsgBatch(fn, messages, (address) => this.#addresses.encode(fn, address, this));
    return this.#sync(fn, this.#writers, this.#sendmmsgAttempt(fn, batch, flags));
  }

  #sendmmsgBatch(fn: string, messages: unknown, encode: (address: unknown) => Uint8Array): SendBatch {
    if (messages === undefined) throw v.typeError(fn, "messages is required");
    return sendArgs(fn, messages, encode);
  }

  /** The attempt of a batch; it reads `batch.addrs` when it runs. */
  #sendmmsgAttempt(fn: string, batch: SendBatch, flags: unknown): Attempt<number> {
    const fl = flagsArg(fn, flags);
    requireMmsg(fn);
    const fd = this.#fd(fn);
    if (batch.count === 0) return () => 0;
    const lengths = batch.datas.map((b) => b.byteLength);
    return attemptWith(fl, () => {
      checkAllHeld(fn, "messages", batch.datas, lengths);
      return check(binding.sendmmsg!(this.#liveFd(fd), batch.datas, batch.addrs, batch.count, fl), "sendmmsg");
    });
  }

  // ---- presentation ---------------------------------------------------

  /**
   * Python's repr: `<socket fd=3, family=AF_INET, type=SOCK_STREAM, proto=0, laddr=['127.0.0.1', 8080]>`.
   * @returns the description, `[closed]` once closed
   */
  toString(): string {
    // A Proxy of a Socket (or another object borrowing the method) has no
    // private fields: describe it without them, as an error message may.
    if (!(#handle in this)) return Object.prototype.toString.call(this);
    const fd = this.#handle.fd;
    let s = `<socket ${fd < 0 ? "[closed] " : ""}fd=${fd}, family=${familyName(this.family) ?? this.family}, type=${kindName(this.type) ?? this.type}, proto=${this.proto}`;
    if (fd >= 0) {
      for (const [label, get] of [["laddr", () => this.getsockname()], ["raddr", () => this.getpeername()]] as const) {
        try {
          const a = get();
          if (a !== "" && a !== null) s += `, ${label}=${formatAddress(a)}`;
        } catch {
          // Not bound or not connected: nothing to show.
        }
      }
    }
    return `${s}>`;
  }

  [inspect.custom](): string {
    return this.toString();
  }

  // ---- the machinery --------------------------------------------------

  /** The descriptor, or EBADF once the socket is closed. */
  #fd(fn: string): number {
    const fd = this.#handle.fd;
    if (fd < 0) throw osError(EBADF, syscallOf(fn));
    return fd;
  }

  /** Guards an attempt: it never acts on a descriptor the socket gave up. */
  #liveFd(fd: number): number {
    if (this.#handle.fd !== fd) throw osError(EBADF);
    return fd;
  }

  /**
   * An async method's frame: split off `{ signal }`, and turn every
   * argument error into a rejection (async methods never throw).
   */
  #async(fn: string, args: readonly unknown[], maxPositional: number,
    start: (positional: unknown[], options: CallOptions) => Promise<unknown>): Promise<unknown> {
    try {
      // The common case, without allocating: no options object, no
      // trailing undefined, not too many arguments.
      const n = args.length;
      const last = args[n - 1];
      if (n > 0 && n <= maxPositional && last !== undefined && !v.isOptions(last)) return start(args as unknown[], v.NO_OPTIONS);
      const [positional, options] = v.asyncOptions(fn, args, maxPositional);
      return start(positional, options);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * An async call whose address named a host: it continues with the
   * resolved address once the lookup (on the thread pool) is done. Its
   * place among the socket's pending calls is taken then. An abort during
   * the lookup rejects at once.
   */
  #afterLookup<T>(fn: string, lookup: Promise<unknown[]>, options: CallOptions, next: (numeric: unknown[]) => Promise<T>): Promise<T> {
    const signal = options.signal;
    return withAbort(lookup.then((numeric) => {
      if (signal?.aborted) throw signal.reason;
      this.#fd(fn);
      return next(numeric);
    }), signal);
  }

  /**
   * Try the call now; if it would block, queue it until ready. A call
   * never overtakes those already waiting in its queue; in non-blocking
   * mode, waiting ones ahead of it make it fail as "would block".
   */
  #wait<T>(queue: WaitQueue, syscall: string, attempt: Attempt<T> | SelfAttempt<T>, options: CallOptions): Promise<T> {
    if (this.#osBlocking) this.#nonBlocking();
    // A call that is its own waiter (SelfAttempt), or a closure.
    const self = typeof attempt === "function" ? null : attempt;
    // A call that must never wait (MSG_DONTWAIT) is non-blocking whatever the
    // mode; a makefile() stream's call waits even in non-blocking mode.
    const timeout = attempt.noWait === true ? 0 : this.#timeout === 0 && this.#streaming ? null : this.#timeout;
    // The first attempt is skipped only while the poller watches for this
    // queue's event: readiness that came or comes is reported all the same.
    if (queue.length === 0 && !(timeout !== 0 && (pollers.armed(this.#handle.slot) & queue.event) !== 0 && queue.skipFirstTry())) {
      let result: T | typeof AGAIN;
      try {
        result = self === null ? (attempt as Attempt<T>)() : self.attempt();
      } catch (error) {
        return failedAt(error); // a failure is not a miss: nothing to record
      }
      queue.firstTry(result !== AGAIN);
      if (result !== AGAIN) return completedAt(result);
    }
    if (timeout === 0) return failedAt(osError(EAGAIN, syscall));
    waited();
    const deadline = timeout === null ? Infinity : now() + timeout * 1000;
    let w: Waiter;
    if (self === null) {
      w = { attempt: attempt as Attempt<T>, syscall, resolve: unsettled, reject: unsettled, deadline, signal: options.signal, onAbort: undefined };
    } else {
      w = self as Waiter;
      w.deadline = deadline;
      w.signal = options.signal;
    }
    const promise = newPromiseFor(w) as Promise<T>;
    queue.push(w);
    if (timeout !== null) (queue.deadlines ??= new DeadlineTimer(queue, (x) => this.#expire(queue, x))).watch(deadline);
    if (w.signal !== undefined) {
      w.onAbort = () => this.#cancel(queue, w, w.signal!.reason);
      onAbort(w.signal, w.onAbort);
    }
    this.#arm();
    return promise;
  }

  /** The timeout passed: one last try at the head, then "timed out". */
  #expire(queue: WaitQueue, w: Waiter): void {
    if (queue.head() === w) {
      drain(queue);
      if (queue.head() !== w) {
        // It completed (or failed) on this last try.
        this.#arm();
        return;
      }
    }
    this.#cancel(queue, w, timeoutError(w.syscall));
  }

  #cancel(queue: WaitQueue, w: Waiter, reason: unknown): void {
    if (!queue.remove(w)) return;
    disarm(w);
    w.reject(reason);
    // The next waiter may be able to proceed now (a sendall gave up).
    drain(queue);
    this.#arm();
  }

  /** Tell the poller (and the retry timer) what the queues wait for. With
   *  nothing, the poller goes idle: it keeps nothing alive, and stops
   *  lazily (native/poller.cc), as the next call usually comes soon. */
  #arm(): void {
    this.#armBackoff();
    let want = ((this.#r?.length ?? 0) > 0 && !this.#errorOnly ? READABLE : 0) | ((this.#w?.length ?? 0) > 0 ? WRITABLE : 0);
    if (this.#watchers !== null) for (const w of this.#watchers) want |= w.events;
    const handle = this.#handle;
    if (handle.slot === 0) {
      if (want === 0) return;
      try {
        handle.slot = pollers.open(handle.fd);
      } catch (error) {
        // libuv refuses a descriptor its loop already watches (another
        // Socket or a node:net socket on the same number): EEXIST.
        const errno = (error as { errno?: unknown }).errno;
        this.#failAll(typeof errno === "number" ? osError(errno, "poll") : error);
        return;
      }
      if (!this.#refed) pollers.ref(handle.slot, false);
    }
    // In the batch being delivered, watching nothing new, the table only
    // writes the state words (src/poller-table.ts): no native call.
    const r = pollers.want(handle.slot, want, this);
    if (r < 0) this.#failAll(osError(-r, "poll"));
  }

  /** The backoff timer: running while connect(2) retries wait, or while
   *  readers wait on a socket readable only for its error queue. */
  #armBackoff(): void {
    if ((this.#r?.length ?? 0) === 0) this.#errorOnly = false;
    if ((this.#x?.length ?? 0) === 0 && !this.#errorOnly) {
      if (this.#backoffTimer !== undefined) clearTimeout(this.#backoffTimer);
      this.#backoffTimer = undefined;
      this.#backoffDelay = 1;
      return;
    }
    if (this.#backoffTimer !== undefined) return;
    this.#backoffTimer = setTimeout(() => {
      this.#backoffTimer = undefined;
      this.#backoffDelay = Math.min(this.#backoffDelay * 2, 64);
      drain(this.#retrying);
      if (this.#errorOnly) {
        const head = this.#readers.head();
        drain(this.#readers);
        if (this.#readers.head() !== head || !this.#onlyErrorPending()) this.#errorOnly = false;
      }
      this.#arm();
    }, this.#backoffDelay);
    if (!this.#refed) this.#backoffTimer.unref();
  }

  /** Whether the socket polls as having an error (POLLERR) but no data. */
  #onlyErrorPending(): boolean {
    const fd = this.#handle.fd;
    if (fd < 0) return false;
    const r = binding.poll(fd, sys.POLLIN, 0);
    return r > 0 && (r & sys.POLLERR) !== 0 && (r & sys.POLLIN) === 0;
  }

  /** Readiness, from the table's dispatcher (only while calls wait). */
  [pollReady](status: number, events: number): void {
    // After a poll error the native poller has stopped (libuv stops it and
    // reports POLLERR that way). If readers still find no data, it is only
    // the error queue that polls ready: they go to the backoff timer.
    const readers = this.#r;
    if (events & READABLE && readers !== null) {
      const head = readers.head();
      drain(readers);
      if (status < 0 && head !== undefined && readers.head() === head) this.#errorOnly = true;
    }
    if (events & WRITABLE && this.#w !== null) drain(this.#w);
    this.#wakeWatchers(undefined, false);
    this.#arm();
  }

  /**
   * select()/poll() wait through this socket's poller (libuv watches a
   * descriptor once), for `events` (the poller's READABLE, WRITABLE,
   * PRIORITIZED). Throws EBADF on a closed socket.
   */
  [watchReadiness](fn: string, events: number, wake: (error?: unknown) => void): () => void {
    this.#fd(fn);
    const watcher: ReadinessWatcher = { events, wake };
    (this.#watchers ??= []).push(watcher);
    this.#arm();
    return () => {
      const i = this.#watchers?.indexOf(watcher) ?? -1;
      if (i === -1) return;
      this.#watchers!.splice(i, 1);
      if (this.#watchers!.length === 0) this.#watchers = null;
      this.#arm();
    };
  }

  /** Tell every watcher to look again (or that waiting failed); `all`
   *  also forgets them (the socket is closing, or its poller failed). */
  #wakeWatchers(error: unknown, all: boolean): void {
    if (this.#watchers === null) return;
    const watchers = [...this.#watchers];
    if (all) this.#watchers = null;
    for (const w of watchers) w.wake(error);
  }

  #failAll(error: unknown): void {
    for (const w of [...(this.#r?.takeAll() ?? []), ...(this.#w?.takeAll() ?? [])]) {
      disarm(w);
      w.reject(error);
    }
    this.#wakeWatchers(error, true);
    this.#arm();
  }

  /** close()/detach(): every pending call rejects with EBADF. */
  #abandonPending(): void {
    for (const q of [this.#r, this.#w, this.#x]) {
      if (q === null) continue;
      for (const w of q.takeAll()) {
        disarm(w);
        w.reject(osError(EBADF, w.syscall));
      }
    }
    for (const q of [this.#r, this.#w, this.#x]) q?.deadlines?.stop();
    this.#armBackoff();
  }

  /**
   * The Sync form of a call: try, and wait in poll(2) until the deadline.
   * It cannot wait behind async calls pending in the same direction (they
   * need the event loop this call blocks): that is EBUSY.
   */
  #sync<T>(fn: string, queue: WaitQueue, attempt: Attempt<T>, inKernel = false): T {
    this.#fd(fn);
    return this.#waitSync(fn, queue, attempt, inKernel);
  }

  /** O_NONBLOCK again, after Sync calls that blocked in the kernel. */
  #nonBlocking(): void {
    if (!this.#osBlocking) return;
    const fd = this.#handle.fd;
    if (fd >= 0) setNonBlocking(fd, true);
    this.#osBlocking = false;
  }

  /**
   * `inKernel`: the call behaves the same whether it waits in poll(2) and
   * then makes the system call, or makes it on a blocking descriptor (recv,
   * send and their kin, accept). In blocking mode, with no async call
   * pending on the socket, such a call then costs one system call, as in C.
   */
  #waitSync<T>(method: string, queue: WaitQueue, attempt: Attempt<T>, inKernel = false): T {
    // What errors name (recvSync's are recv's): looked up only for one.
    if (queue.length > 0) throw osError(EBUSY, syscallOf(method));
    const timeout = attempt.noWait === true ? 0 : this.#timeout;
    if (inKernel && timeout === null && this.#mayBlockInKernel && (this.#r?.length ?? 0) === 0 && (this.#w?.length ?? 0) === 0 &&
      (this.#x?.length ?? 0) === 0) {
      if (!this.#osBlocking) {
        setNonBlocking(this.#handle.fd, false);
        this.#osBlocking = true;
      }
      const result = attempt();
      // AGAIN from a blocking descriptor: SO_RCVTIMEO/SO_SNDTIMEO set by
      // the user. Wait for readiness as usual.
      if (result !== AGAIN) return result;
    } else if (this.#osBlocking) {
      this.#nonBlocking();
    }
    const events = queue === this.#r ? sys.POLLIN : sys.POLLOUT;
    let deadline = -1;
    let retryDelay = 1;
    let errorOnly = false; // see #errorOnly: sleep instead of poll(2)
    // Where first attempts keep finding EAGAIN, wait in poll(2) first (it
    // returns at once if the socket is ready): one system call fewer.
    let tryNow = timeout === 0 || queue === this.#x || !queue.skipFirstTry();
    let first = tryNow;
    for (;;) {
      if (tryNow) {
        const result = attempt(); // a failure is not a miss: nothing to record
        if (first) {
          queue.firstTry(result !== AGAIN);
          first = false;
        }
        if (result !== AGAIN) return result;
        if (timeout === 0) throw osError(EAGAIN, syscallOf(method));
      }
      tryNow = true;
      if (deadline === -1) deadline = timeout === null ? Infinity : now() + timeout * 1000;
      const ms = pollTimeout(deadline);
      if (ms === 0) throw timeoutError(syscallOf(method));
      if (queue === this.#x || errorOnly) {
        sleepSync(ms === -1 ? retryDelay : Math.min(ms, retryDelay));
        retryDelay = Math.min(retryDelay * 2, 64);
        continue;
      }
      const r = binding.poll(this.#fd(method), events, ms);
      if (r === 0) throw timeoutError(syscallOf(method));
      if (r < 0 && r !== -EINTR) throw osError(-r, "poll");
      errorOnly = events === sys.POLLIN && r > 0 && (r & sys.POLLERR) !== 0 && (r & sys.POLLIN) === 0;
    }
  }
}
