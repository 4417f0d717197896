// Loads the native core and describes it. Which file is loaded (a prebuilt
// binary for this platform, architecture and C library, else a local build)
// is src/load-addon.ts's concern.
//
// Tests may swap the binding for one that fails chosen calls
// (`setBindingForTesting`), so error paths are exercised on purpose.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadAddon } from "./load-addon.js";
import { type NativePollTable, Poller, PollerTable } from "./poller-table.js";

/** Readiness callback: `status` is 0 or -errno, `events` READABLE|WRITABLE. */
export type PollCallback = (status: number, events: number) => void;

export interface NativePoller {
  /** The events calls wait for (0: none, the poller goes idle and stops
   *  lazily); 0 or -errno. */
  start(events: number): number;
  close(): void;
  ref(): void;
  unref(): void;
  /** Shared with the poller (native/poller_core.h): [0] the events it
   *  watches now (it may watch after start(0), until an event nobody waits
   *  for arrives); [1] 1 while it is in the batch of readiness being
   *  delivered; [2] the events calls wait for, which JavaScript may write
   *  instead of calling start() meanwhile. */
  readonly state?: Int32Array;
}

/** A failed getaddrinfo/getnameinfo: the EAI_* code, and errno for EAI_SYSTEM. */
export interface GaiFailure {
  code: number;
  errno: number;
}
/** getaddrinfo's entries: [family, type, proto, canonname, sockaddr bytes]. */
export type AddrInfoOutcome = [number, number, number, string | null, Buffer][] | GaiFailure;
export type NameInfoOutcome = [host: string, serv: string] | GaiFailure;
/** A hostent: [name, aliases, addrtype, addresses], or the h_errno of a failure. */
export type HostentOutcome = [string, string[], number, Buffer[]] | { herrno: number };

/**
 * The addon's functions. Each makes one system call and returns its result
 * or -errno; none throws for a failing call.
 */
export interface NativeBinding {
  socket(family: number, type: number, proto: number): number;
  socketpair(family: number, type: number, proto: number, out: Int32Array): number;
  bind(fd: number, addr: Uint8Array, addrlen: number): number;
  listen(fd: number, backlog: number): number;
  accept4(fd: number, addrOut: Uint8Array, lenOut: Uint32Array): number;
  connect(fd: number, addr: Uint8Array, addrlen: number): number;
  recv(fd: number, buf: Uint8Array, offset: number, length: number, flags: number): number;
  recvfrom(fd: number, buf: Uint8Array, offset: number, length: number, flags: number,
    addrOut: Uint8Array, lenOut: Uint32Array): number;
  send(fd: number, buf: Uint8Array, offset: number, length: number, flags: number): number;
  sendto(fd: number, buf: Uint8Array, offset: number, length: number, flags: number,
    addr: Uint8Array, addrlen: number): number;
  shutdown(fd: number, how: number): number;
  close(fd: number): number;
  dup(fd: number): number;
  /** The environment owns `fd` (closed when it ends) / no longer owns it
   *  (native/environment.cc); descriptors the addon creates are owned already. */
  own(fd: number): void;
  disown(fd: number): void;
  getsockname(fd: number, addrOut: Uint8Array, lenOut: Uint32Array): number;
  getpeername(fd: number, addrOut: Uint8Array, lenOut: Uint32Array): number;
  getsockopt(fd: number, level: number, name: number, buf: Uint8Array, lenOut: Uint32Array): number;
  setsockopt(fd: number, level: number, name: number, buf: Uint8Array | null, length: number): number;
  fcntl(fd: number, cmd: number, arg: number): number;
  poll(fd: number, events: number, timeoutMs: number): number;
  /** poll(2) on `count` entries of `table`, each [fd, events, revents]
   *  (revents written back): how many have events | 0 | -errno. */
  pollfds(table: Int32Array, count: number, timeoutMs: number): number;
  /** Where the platform has it (native/mmsg.cc): count received | -errno. */
  recvmmsg?(fd: number, buf: Uint8Array, slot: number, count: number, flags: number,
    addrs: Uint8Array, addrSlot: number, out: Uint32Array): number;
  /** Where the platform has it: count sent | -errno. */
  sendmmsg?(fd: number, datas: Uint8Array[], addrs: (Uint8Array | null)[] | null, count: number, flags: number): number;
  strerror(errno: number): string;
  gai_strerror(code: number): string;
  if_nametoindex(name: string): number;
  if_indextoname(index: number): string | number;
  // The name service (native/resolver.cc). `async` true: a Promise of the
  // same outcome, computed on libuv's thread pool.
  getaddrinfo(host: string | null, port: string | null, family: number, type: number, proto: number,
    flags: number, async: false): AddrInfoOutcome;
  getaddrinfo(host: string | null, port: string | null, family: number, type: number, proto: number,
    flags: number, async: true): Promise<AddrInfoOutcome>;
  getnameinfo(addr: Uint8Array, addrlen: number, flags: number, async: false): NameInfoOutcome;
  getnameinfo(addr: Uint8Array, addrlen: number, flags: number, async: true): Promise<NameInfoOutcome>;
  gethostbyname_ex(name: string, async: false): HostentOutcome;
  gethostbyname_ex(name: string, async: true): Promise<HostentOutcome>;
  gethostbyaddr(addr: Uint8Array, family: number, async: false): HostentOutcome;
  gethostbyaddr(addr: Uint8Array, family: number, async: true): Promise<HostentOutcome>;
  hstrerror(code: number): string;
  /** h_errno names (HOST_NOT_FOUND...) and their values. */
  herrno: Record<string, number>;
  gethostname(): string | number;
  sethostname(name: Uint8Array): number;
  /** The port in host order, or -1 when not found. */
  getservbyname(name: string, proto: string | null): number;
  getservbyport(port: number, proto: string | null): string | null;
  /** The protocol number, or -1 when not found. */
  getprotobyname(name: string): number;
  if_nameindex(): [number, string][] | number;
  inet_aton(text: string): Buffer | null;
  /** sendmsg(2): the buffers gathered, `control` sent as laid out. */
  sendmsg(fd: number, buffers: Uint8Array[], control: Uint8Array | null, flags: number,
    addr: Uint8Array | null, addrlen: number): number;
  /** recvmsg(2): lenOut[0] the address length; info[0] the control
   *  length the kernel wrote, info[1] msg_flags. */
  recvmsg(fd: number, buffers: Uint8Array[], control: Uint8Array, flags: number,
    addrOut: Uint8Array, lenOut: Uint32Array, info: Uint32Array): number;
  /** The most buffers one sendmsg/recvmsg takes. */
  IOV_MAX: number;
  /** The environment's table of libuv pollers (native/poller.cc,
   *  native/poller_table.h). */
  uvPoll: NativePollTable;
  /** The same without libuv: a readiness thread per environment
   *  (native/poller_thread.cc), for runtimes whose uv_* functions are
   *  stubs; absent on Windows. */
  threadPoll: NativePollTable;
  /** One poller as an object over the table in use (src/poller-table.ts):
   *  for select()'s pollers of its own and for tests. */
  Poller: new (fd: number, callback: PollCallback) => NativePoller;
  /** The same over the readiness thread's table. */
  ThreadPoller: new (fd: number, callback: PollCallback) => NativePoller;
  /** sendfile(2) from `inFd` at `offset` (the file position is untouched). */
  sendfile(outFd: number, inFd: number, offset: number, count: number): number;
  pread(fd: number, buf: Uint8Array, offset: number, length: number, position: number): number;
  lseek(fd: number, offset: number, whence: number): number;
  /** fstat(2): writes [st_mode, st_size] to `out`. */
  fstat(fd: number, out: Float64Array): number;
  SEEK_SET: number;
  SEEK_CUR: number;
  SEEK_END: number;
  POLL_READABLE: number;
  POLL_WRITABLE: number;
  /** Urgent data (POLLPRI); absent from a backend without it. */
  POLL_PRIORITIZED?: number;
  /** A hang-up alone, on Windows only (where libuv has no PRIORITIZED). */
  POLL_DISCONNECT?: number;
  constants: Record<string, number | bigint>;
  internal: Record<string, number>;
  /** Every errno name the platform's errno.h defines. */
  errno: Record<string, number>;
  layout: Record<string, Record<string, number>>;
  platform: { os: string; libc: string };
}

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Which poller backend waits: libuv's uv_poll on Node's own loop, or the
 *  readiness thread. */
export type PollerBackend = "uv" | "thread";

/**
 * The backend for this runtime. The native side cannot tell (Bun exports
 * every uv_* name, most as stubs that abort), so JavaScript decides: Deno
 * and Bun get the readiness thread, Node keeps uv_poll. BSDSOCK_POLLER=uv or
 * =thread forces either (the suite runs on Node with both). Windows has
 * only uv_poll: the thread waits in epoll or kqueue, which it lacks.
 */
export function choosePollerBackend(env: Record<string, string | undefined>, runtime: { deno: boolean; bun: boolean; windows?: boolean }): PollerBackend {
  const forced = env["BSDSOCK_POLLER"];
  if (runtime.windows === true) {
    if (forced === "thread") throw new RangeError('bsdsock: BSDSOCK_POLLER="thread" is not available on Windows (no readiness thread there)');
    if (forced === undefined || forced === "" || forced === "uv") return "uv";
  }
  if (forced === "uv" || forced === "thread") return forced;
  if (forced !== undefined && forced !== "") {
    throw new RangeError(`bsdsock: BSDSOCK_POLLER must be "uv" or "thread", got ${JSON.stringify(forced)}`);
  }
  return runtime.deno || runtime.bun ? "thread" : "uv";
}

/** The backend chosen for this process. */
export const pollerBackend: PollerBackend = choosePollerBackend(process.env, {
  deno: "Deno" in globalThis,
  bun: typeof process.versions.bun === "string",
  windows: process.platform === "win32",
});

const addon = loadAddon(packageRoot) as NativeBinding;

/** A table's JavaScript half and a Poller class over it (absent: no such backend). */
function tableOf(key: "uvPoll" | "threadPoll"): [PollerTable, NativeBinding["Poller"]] | undefined {
  if (addon[key] === undefined) return undefined;
  // The native table is looked up in the live binding on each call, so
  // that tests can make its calls fail.
  const table = new PollerTable(addon[key], () => binding[key]);
  return [table, class extends Poller {
    constructor(fd: number, callback: PollCallback) {
      super(table, fd, callback);
    }
  }];
}
const uvTable = tableOf("uvPoll")!;
const threadTable = tableOf("threadPoll");
const chosen = pollerBackend === "thread" ? threadTable! : uvTable;

/** The binding's key of the native table Sockets wait through. */
export const pollTableKey: "uvPoll" | "threadPoll" = pollerBackend === "thread" ? "threadPoll" : "uvPoll";

/** The poller table Sockets wait through (the chosen backend's). */
export const pollers: PollerTable = chosen[0];

const loaded: NativeBinding = { ...addon, Poller: chosen[1], ThreadPoller: threadTable?.[1] as NativeBinding["ThreadPoller"] };

/** The native core in use. A live binding: replaced only by tests. */
export let binding: NativeBinding = loaded;

/**
 * Replace some of the native functions (tests only); returns a function
 * that restores the real binding.
 */
export function setBindingForTesting(overrides: Partial<NativeBinding>): () => void {
  binding = { ...loaded, ...overrides };
  return () => {
    binding = loaded;
  };
}
