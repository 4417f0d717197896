// Names to addresses and back: getaddrinfo, getnameinfo and the gethostby*
// family, each async (the C library's resolver on libuv's thread pool, so
// the event loop never waits) and Sync (on the calling thread).
//
// Every function is written once as a "plan": argument checks, then one
// lookup, then a step that turns its outcome into the result. The async and
// Sync forms only differ in how they run the lookup.
import { domainToASCII } from "node:url";
import {
  type AddrInfoOutcome,
  type GaiFailure,
  type HostentOutcome,
  type NameInfoOutcome,
  binding,
} from "./binding.js";
import { AF_INET, AF_INET6, AF_UNSPEC, AI_NUMERICHOST, EAI_NONAME, EAI_SYSTEM, SOCK_DGRAM } from "./constants.gen.js";
import { OSError, gaiError, hError, osError } from "./errors.js";
import { formatIPv4, formatIPv6 } from "./inet.js";
import { type AddressOf, type Inet6AddressInput, type InetAddressInput, type SocketAddress, decodeAddress, setHostResolver } from "./sockaddr/index.js";
import type { AddressFamily, PlainNumber, SocketKind } from "./public-constants.js";
import { type HostAddress, numericHost } from "./sockaddr/host.js";
import { layout } from "./sockaddr/common.js";
import { readU32, writeU32 } from "./native-endian.js";
import * as v from "./validate.js";
import { withAbort } from "./waiting.js";

/** The families getaddrinfo can return for a `family` argument: that one,
 *  or AF_INET and AF_INET6 for AF_UNSPEC (0) or none. */
export type ResolvedFamily<F extends AddressFamily> =
  F extends AddressFamily<"AF_INET"> | AddressFamily<"AF_INET6"> ? F : AddressFamily<"AF_INET"> | AddressFamily<"AF_INET6">;

/** One result of getaddrinfo: `[family, type, proto, canonname, sockaddr]`,
 *  its sockaddr typed by its family (`[host, port]` for AF_INET…), so a
 *  check of `family` narrows it. */
export type AddrInfo<F extends AddressFamily = AddressFamily<"AF_INET"> | AddressFamily<"AF_INET6">> =
  F extends AddressFamily ? [family: F, type: SocketKind, proto: number, canonname: string, sockaddr: AddressOf<F>] : never;
/** gethostbynameEx/gethostbyaddr: `[hostname, aliases, addresses]`. */
export type HostEntry = [hostname: string, aliases: string[], addresses: string[]];

/** A lookup to run, and what to make of its outcome. `run(false)` runs it
 *  on this thread and returns the outcome, `run(true)` on the thread pool
 *  and returns a Promise of it. */
interface Plan<O, R> {
  run(async: boolean): O | Promise<O>;
  finish(outcome: O): R;
}

function runSync<O, R>(plan: Plan<O, R>): R {
  return plan.finish(plan.run(false) as O);
}

/** The async form: argument errors and failures both reject; an abort
 *  rejects at once (the C library's lookup cannot be cancelled, its result
 *  is dropped). */
function runAsync<O, R>(fn: string, args: readonly unknown[], maxPositional: number,
  makePlan: (positional: unknown[]) => Plan<O, R>): Promise<R> {
  try {
    const [positional, { signal }] = v.asyncOptions(fn, args, maxPositional);
    const plan = makePlan(positional);
    return withAbort(Promise.resolve(plan.run(true)).then((outcome) => plan.finish(outcome)), signal);
  } catch (error) {
    return Promise.reject(error);
  }
}

/** The error of a failed getaddrinfo/getnameinfo: EAI_SYSTEM is the
 *  errno's OSError, as in the reference. */
function gaiFailure(failure: GaiFailure, syscall: string): OSError {
  if (failure.code === EAI_SYSTEM && failure.errno !== 0) return osError(failure.errno, syscall);
  return gaiError(failure.code, syscall);
}

function isFailure(outcome: object): outcome is GaiFailure {
  return !Array.isArray(outcome);
}

// ---- arguments --------------------------------------------------------

/** A host name as the C library takes it: international names in their
 *  ASCII (IDNA) form, as Python encodes them with the "idna" codec. */
export function hostArg(fn: string, host: unknown, name = "host"): string {
  const text = v.text(fn, name, host);
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return text;
  const ascii = domainToASCII(text);
  if (ascii === "") throw v.rangeError(fn, `${name} is not a valid international domain name: ${JSON.stringify(text)}`);
  return ascii;
}

/** getaddrinfo's port: a number 0-65535, a service name or number as a
 *  string, or null. */
export function portArg(fn: string, port: unknown): string | null {
  if (port === null || port === undefined) return null;
  if (typeof port === "number") return String(v.integer(fn, "port", port, 0, 65535));
  if (typeof port === "string") {
    v.text(fn, "port", port);
    // The C library takes UTF-8: a lone surrogate has no encoding (Python's UnicodeEncodeError).
    if (/\p{Cs}/u.test(port)) throw v.rangeError(fn, `port must not contain a lone surrogate, not ${JSON.stringify(port)}`);
    // What the C library reads as a number (strtoul(3): white space, a
    // sign, digits) must be in range, or C would wrap it (" 65536" → 0).
    if (/^\s*[+-]?[0-9]+$/.test(port) && !(Number(port) >= 0 && Number(port) <= 65535)) {
      throw v.rangeError(fn, "port must be 0-65535");
    }
    return port;
  }
  throw v.typeError(fn, `port must be a number, a service name or null, not ${typeof port}`);
}

function optionalInt(fn: string, name: string, value: unknown): number {
  return value === undefined ? 0 : v.int32(fn, name, value);
}

function optionalFlags(fn: string, value: unknown): number {
  return value === undefined ? 0 : v.flags(fn, "flags", value);
}

// ---- getaddrinfo ------------------------------------------------------

function getaddrinfoPlan(fn: string, args: readonly unknown[]): Plan<AddrInfoOutcome, AddrInfo[]> {
  const [host, port, family, type, proto, flags] = args;
  const h = host === null || host === undefined ? null : hostArg(fn, host);
  const p = portArg(fn, port);
  const fam = optionalInt(fn, "family", family);
  const typ = optionalInt(fn, "type", type);
  const pro = optionalInt(fn, "proto", proto);
  const fl = optionalFlags(fn, flags);
  return {
    run: (async) => binding.getaddrinfo(h, p, fam, typ, pro, fl, async as never),
    finish(outcome) {
      if (isFailure(outcome)) throw gaiFailure(outcome, "getaddrinfo");
      return outcome.map(([f, t, pr, canon, addr]): AddrInfo => {
        const sockaddr = decodeAddress(addr, addr.length, { family: f, type: t, proto: pr });
        // The C library gives AF_INET/AF_INET6 sockaddrs, which decode as typed.
        return [f, t, pr, canon ?? "", sockaddr ?? [f, Buffer.alloc(0)]] as AddrInfo;
      });
    },
  };
}

/**
 * Resolves `host` and `port` into the addresses to create and connect
 * sockets with (getaddrinfo(3), on the thread pool). `host` and `port` may
 * be null; `port` a number or a service name. Fails with GaiError.
 * @param host a name, an address string, or null (with AI_PASSIVE: any address)
 * @param port a number, a service name, or null
 * @param family AF_INET, AF_INET6 or 0 (AF_UNSPEC, the default); narrows the results' type
 * @param type a `SOCK_*` to ask for (default 0: any)
 * @param proto a protocol to ask for (default 0)
 * @param flags `AI_*` flags
 * @param options `{ signal }` to abort the lookup (its result is dropped)
 * @returns `[family, type, proto, canonname, sockaddr][]`, sockaddr typed by family
 * @throws {GaiError} when the name does not resolve (EAI_NONAME, EAI_AGAIN…)
 * @throws {RangeError} for a port outside 0-65535
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function getaddrinfo<F extends AddressFamily = AddressFamily<"AF_UNSPEC">>(host: string | null, port: string | number | null,
  family?: F | PlainNumber, type?: SocketKind | PlainNumber, proto?: number, flags?: number, options?: v.CallOptions): Promise<AddrInfo<ResolvedFamily<F>>[]>;
export function getaddrinfo(host: string | null, port: string | number | null, options?: v.CallOptions): Promise<AddrInfo[]>;
export function getaddrinfo(...args: unknown[]): Promise<AddrInfo[]> {
  return runAsync("getaddrinfo", args, 6, (positional) => {
    if (positional.length < 2) throw v.typeError("getaddrinfo", "expects at least (host, port)");
    return getaddrinfoPlan("getaddrinfo", positional);
  });
}

/**
 * getaddrinfo(), blocking the thread (getaddrinfo(3)).
 * @param host a name, an address string, or null
 * @param port a number, a service name, or null
 * @param family AF_INET, AF_INET6 or 0
 * @param type a `SOCK_*` to ask for
 * @param proto a protocol to ask for
 * @param flags `AI_*` flags
 * @returns `[family, type, proto, canonname, sockaddr][]`
 * @throws {GaiError} when the name does not resolve (EAI_NONAME, EAI_AGAIN…)
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function getaddrinfoSync<F extends AddressFamily = AddressFamily<"AF_UNSPEC">>(host: string | null, port: string | number | null,
  family?: F | PlainNumber, type?: SocketKind | PlainNumber, proto?: number, flags?: number): AddrInfo<ResolvedFamily<F>>[] {
  const fn = "getaddrinfoSync";
  if (arguments.length < 2) throw v.typeError(fn, "expects at least (host, port)");
  if (arguments.length > 6) throw v.typeError(fn, `takes at most 6 arguments (${arguments.length} given)`);
  return runSync(getaddrinfoPlan(fn, [host, port, family, type, proto, flags])) as AddrInfo<ResolvedFamily<F>>[];
}

// ---- host names inside addresses ----------------------------------------

type FamilyAddress = HostAddress & { family: number };

/** The reference's setipaddr(): a host as the address it names, numeric
 *  forms without a lookup, names by getaddrinfo(3) (the first result).
 *  `argName` is the host's name in argument errors. Every host name inside
 *  an address, and those given to gethostby*, is resolved by this plan. */
function ipaddrPlan(fn: string, host: unknown, family: number, argName = "hostname"): Plan<AddrInfoOutcome | null, FamilyAddress> {
  const name = hostArg(fn, host, argName);
  for (const f of family === AF_UNSPEC ? [AF_INET, AF_INET6] : [family]) {
    const numeric = numericHost(fn, name, f);
    if (numeric !== null) return { run: () => null, finish: () => ({ ...numeric, family: f }) };
  }
  return {
    run: (async) => binding.getaddrinfo(name, null, family, 0, 0, 0, async as never),
    finish(outcome) {
      if (outcome === null) throw new Error("unreachable: a name always has a lookup outcome");
      if (isFailure(outcome)) throw gaiFailure(outcome, "getaddrinfo");
      const first = outcome[0];
      if (first === undefined) throw gaiError(EAI_NONAME, "getaddrinfo");
      const [f, , , , addr] = first;
      if (f === AF_INET) {
        const off = layout.sockaddr_in!.sin_addr!;
        return { bytes: addr.subarray(off, off + 4), scopeId: 0, family: f };
      }
      const in6 = layout.sockaddr_in6!;
      return { bytes: addr.subarray(in6.sin6_addr!, in6.sin6_addr! + 16), scopeId: readU32(addr, in6.sin6_scope_id!), family: f };
    },
  };
}

// Host names in addresses given to bind() and the Sync calls: resolved on
// the calling thread, the first result, as the reference does (setipaddr).
setHostResolver((fn, host, family) => runSync(ipaddrPlan(fn, host, family, "host")));

/**
 * For the async calls: an AF_INET/AF_INET6 address whose host is a name,
 * resolved off the event loop, as the same address with a numeric host.
 * null when the address needs no lookup (or is malformed: encoding it
 * then reports the error).
 */
export function lookupAddress(fn: string, address: unknown, family: number): Promise<unknown[]> | null {
  // One read of the address, before the lookup starts: a hostile array
  // (getters, a Proxy) cannot make the lookup and the rest disagree, nor
  // throw once a lookup is under way.
  const parts = snapshot(address);
  const plan = lookupPlan(fn, parts, family);
  if (plan === null) return null;
  return (plan.run(true) as Promise<AddrInfoOutcome>).then((outcome) => {
    const { bytes, scopeId } = plan.finish(outcome);
    const rest = parts!.slice(1);
    if (family === AF_INET) return [formatIPv4(bytes), ...rest];
    if (scopeId !== 0 && (rest[2] === undefined || rest[2] === 0)) rest[2] = scopeId;
    return [formatIPv6(bytes), ...rest];
  });
}

/** The address's elements, read once; null when it is no array or
 *  cannot be read (encoding it reports that). */
function snapshot(address: unknown): unknown[] | null {
  if (!v.isArray(address)) return null;
  try {
    return Array.from(address as ArrayLike<unknown>);
  } catch {
    return null;
  }
}

/** Whether lookupAddress() would start a lookup for `address` (without starting it). */
export function isHostName(address: unknown, family: number): boolean {
  return lookupPlan("", address, family) !== null;
}

function lookupPlan(fn: string, address: unknown, family: number): ReturnType<typeof ipaddrPlan> | null {
  if ((family !== AF_INET && family !== AF_INET6) || !v.isArray(address) || typeof address[0] !== "string") return null;
  try {
    if (numericHost(fn, address[0], family) !== null) return null;
    return ipaddrPlan(fn, address[0], family, "host");
  } catch {
    return null;
  }
}

// ---- getnameinfo ------------------------------------------------------

function getnameinfoPlan(fn: string, args: readonly unknown[]): Plan<NameInfoOutcome, [string, string]> {
  const [sockaddr, flags] = args;
  if (!v.isArray(sockaddr) || sockaddr.length < 2 || sockaddr.length > 4) {
    throw v.typeError(fn, "sockaddr must be a [host, port, flowinfo?, scopeId?] tuple");
  }
  if (flags === undefined) throw v.typeError(fn, "flags is required");
  const fl = v.flags(fn, "flags", flags);
  const host = hostArg(fn, sockaddr[0]);
  const port = v.integer(fn, "port", sockaddr[1], 0, 65535);
  const flowinfo = sockaddr[2] === undefined ? 0 : v.integer(fn, "flowinfo", sockaddr[2], 0, 0xfffff);
  const scopeId = sockaddr[3] === undefined ? 0 : v.integer(fn, "scopeId", sockaddr[3], 0, 0xffffffff);
  // As the reference: the host must be numeric, and name one address.
  const numeric = binding.getaddrinfo(host, String(port), AF_UNSPEC, SOCK_DGRAM, 0, AI_NUMERICHOST, false);
  if (isFailure(numeric)) throw gaiFailure(numeric, "getaddrinfo");
  if (numeric.length !== 1) throw new OSError(null, "sockaddr resolved to multiple addresses", { syscall: "getnameinfo" });
  const [family, , , , addr] = numeric[0]!;
  if (family === AF_INET && sockaddr.length !== 2) {
    throw new OSError(null, "IPv4 sockaddr must be 2 tuple", { syscall: "getnameinfo" });
  }
  if (family === AF_INET6) {
    const in6 = layout.sockaddr_in6!;
    addr.writeUInt32BE(flowinfo, in6.sin6_flowinfo!);
    // A "%zone" in the host gives the scope id unless the tuple gives one.
    if (scopeId !== 0) writeU32(addr, scopeId, in6.sin6_scope_id!);
  }
  return {
    run: (async) => binding.getnameinfo(addr, addr.length, fl, async as never),
    finish(outcome) {
      if (isFailure(outcome)) throw gaiFailure(outcome, "getnameinfo");
      return outcome;
    },
  };
}

/**
 * The host and port (service) names of a numeric address (getnameinfo(3),
 * on the thread pool): `[host, port]`, both strings, shaped by `NI_*` flags.
 * @param sockaddr an AF_INET or AF_INET6 address
 * @param flags `NI_*` flags
 * @param options `{ signal }` to abort the lookup (its result is dropped)
 * @returns `[host, port]` as strings
 * @throws {GaiError} when the name does not resolve (EAI_NONAME, EAI_AGAIN…)
 * @throws {OSError} (no errno) when a host name resolves to several addresses
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function getnameinfo(sockaddr: InetAddressInput | Inet6AddressInput, flags: number, options?: v.CallOptions): Promise<[string, string]> {
  return runAsync("getnameinfo", [...arguments], 2, (positional) => getnameinfoPlan("getnameinfo", positional));
}

/**
 * getnameinfo(), blocking the thread (getnameinfo(3)).
 * @param sockaddr an AF_INET or AF_INET6 address
 * @param flags `NI_*` flags
 * @returns `[host, port]` as strings
 * @throws {GaiError} when the name does not resolve (EAI_NONAME, EAI_AGAIN…)
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function getnameinfoSync(sockaddr: InetAddressInput | Inet6AddressInput, flags: number): [string, string] {
  return runSync(getnameinfoPlan("getnameinfoSync", [sockaddr, flags]));
}

// ---- gethostbyname, gethostbynameEx, gethostbyaddr ------------------------

function formatAddresses(addrtype: number, addrs: Buffer[]): string[] {
  return addrs.map((a) => (addrtype === AF_INET6 && a.length === 16 ? formatIPv6(a) : formatIPv4(a)));
}

function finishHostent(outcome: HostentOutcome, syscall: string): HostEntry {
  if (!Array.isArray(outcome)) throw hError(outcome.herrno, syscall);
  const [name, aliases, addrtype, addrs] = outcome;
  return [name, aliases, formatAddresses(addrtype, addrs)];
}

/** Two lookups in a row as one plan: the second is made from the first's result. */
function chain<O1, R1, O2, R2>(first: Plan<O1, R1>, next: (r: R1) => Plan<O2, R2>): Plan<[Plan<O2, R2>, O2], R2> {
  return {
    run(async) {
      if (!async) {
        const second = next(first.finish(first.run(false) as O1));
        return [second, second.run(false) as O2];
      }
      return Promise.resolve(first.run(true)).then(async (o) => {
        const second = next(first.finish(o));
        return [second, await second.run(true)];
      });
    },
    finish: ([second, outcome]) => second.finish(outcome),
  };
}

function gethostbynamePlan(fn: string, args: readonly unknown[]): Plan<AddrInfoOutcome | null, string> {
  const plan = ipaddrPlan(fn, args[0], AF_INET);
  return { run: plan.run, finish: (o) => formatIPv4(plan.finish(o).bytes) };
}

/**
 * The IPv4 address of a host name, as a string (getaddrinfo(3), on the thread pool).
 * @param hostname a name or an IPv4 address string
 * @param options `{ signal }` to abort the lookup (its result is dropped)
 * @returns the first IPv4 address, as a string
 * @throws {GaiError} when the name does not resolve (EAI_NONAME, EAI_AGAIN…)
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function gethostbyname(hostname: string, options?: v.CallOptions): Promise<string> {
  return runAsync("gethostbyname", [...arguments], 1, (p) => gethostbynamePlan("gethostbyname", p));
}

/**
 * gethostbyname(), blocking the thread.
 * @param hostname a name or an IPv4 address string
 * @returns the first IPv4 address
 * @throws {GaiError} when the name does not resolve (EAI_NONAME, EAI_AGAIN…)
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function gethostbynameSync(hostname: string): string {
  return runSync(gethostbynamePlan("gethostbynameSync", [hostname]));
}

function gethostbynameExPlan(fn: string, args: readonly unknown[]) {
  const name = hostArg(fn, args[0], "hostname");
  return chain(ipaddrPlan(fn, name, AF_INET), (): Plan<HostentOutcome, HostEntry> => ({
    run: (async) => binding.gethostbyname_ex(name, async as never),
    finish: (o) => finishHostent(o, "gethostbyname"),
  }));
}

/**
 * `[hostname, aliases, addresses]` of a host name, IPv4 only, as the
 * reference (getaddrinfo(3), then gethostbyname_r(3); HError on failure).
 * @param hostname a name
 * @param options `{ signal }` to abort the lookup (its result is dropped)
 * @returns `[hostname, aliases, addresses]`
 * @throws {HError} when the name is not found
 * @throws {GaiError} when the name does not resolve (EAI_NONAME, EAI_AGAIN…)
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function gethostbynameEx(hostname: string, options?: v.CallOptions): Promise<HostEntry> {
  return runAsync("gethostbynameEx", [...arguments], 1, (p) => gethostbynameExPlan("gethostbynameEx", p));
}

/**
 * gethostbynameEx(), blocking the thread.
 * @param hostname a name
 * @returns `[hostname, aliases, addresses]`
 * @throws {HError} when the name is not found
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function gethostbynameExSync(hostname: string): HostEntry {
  return runSync(gethostbynameExPlan("gethostbynameExSync", [hostname]));
}

function gethostbyaddrPlan(fn: string, args: readonly unknown[]) {
  return chain(ipaddrPlan(fn, args[0], AF_UNSPEC), (addr): Plan<HostentOutcome, HostEntry> => ({
    run: (async) => binding.gethostbyaddr(addr.bytes, addr.family, async as never),
    finish: (o) => finishHostent(o, "gethostbyaddr"),
  }));
}

/**
 * `[hostname, aliases, addresses]` for an IP address or host name: the
 * reverse lookup (gethostbyaddr_r(3), on the thread pool; HError on failure).
 * @param ipAddress an address (or a name, resolved first)
 * @param options `{ signal }` to abort the lookup (its result is dropped)
 * @returns `[hostname, aliases, addresses]`
 * @throws {HError} when the address has no name
 * @throws {GaiError} when the name does not resolve (EAI_NONAME, EAI_AGAIN…)
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function gethostbyaddr(ipAddress: string, options?: v.CallOptions): Promise<HostEntry> {
  return runAsync("gethostbyaddr", [...arguments], 1, (p) => gethostbyaddrPlan("gethostbyaddr", p));
}

/**
 * gethostbyaddr(), blocking the thread.
 * @param ipAddress an address (or a name)
 * @returns `[hostname, aliases, addresses]`
 * @throws {HError} when the address has no name
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function gethostbyaddrSync(ipAddress: string): HostEntry {
  return runSync(gethostbyaddrPlan("gethostbyaddrSync", [ipAddress]));
}

// ---- getfqdn ----------------------------------------------------------

function fqdnName(fn: string, name: unknown): string {
  const n = (name === undefined ? "" : v.text(fn, "name", name)).trim();
  return n === "" || n === "0.0.0.0" || n === "::" ? gethostname() : n;
}

/** An argument error of the reverse lookup getfqdn makes, named after
 *  getfqdn (`fn`), whose argument it was. */
function asFqdnError(fn: string, error: unknown): unknown {
  if (!(error instanceof TypeError || error instanceof RangeError)) return error;
  const m = /^gethostbyaddr(?:Sync)?\(\): (.*)$/s.exec(error.message);
  if (m === null) return error;
  return error instanceof TypeError ? v.typeError(fn, m[1]!) : v.rangeError(fn, m[1]!);
}

/** The reference's choice: the first of the host name and its aliases that
 *  contains a dot, else the host name. */
function pickFqdn([hostname, aliases]: HostEntry): string {
  return [hostname, ...aliases].find((n) => n.includes(".")) ?? hostname;
}

/**
 * A fully qualified domain name for `name` (default: this host), found by
 * a reverse lookup; `name` itself when the lookup fails.
 * @param name a name or address (default: this host)
 * @param options `{ signal }` to abort the lookup (its result is dropped)
 * @returns its fully qualified name, or `name` when it has none
 */
export async function getfqdn(name?: string, options?: v.CallOptions): Promise<string> {
  const [positional, opts] = v.asyncOptions("getfqdn", [...arguments], 1);
  const n = fqdnName("getfqdn", positional[0]);
  try {
    return pickFqdn(await gethostbyaddr(n, opts));
  } catch (error) {
    if (error instanceof OSError) return n;
    throw asFqdnError("getfqdn", error);
  }
}

/**
 * getfqdn(), blocking the thread.
 * @param name a name or address (default: this host)
 * @returns its fully qualified name, or `name`
 */
export function getfqdnSync(name?: string): string {
  const n = fqdnName("getfqdnSync", name);
  try {
    return pickFqdn(gethostbyaddrSync(n));
  } catch (error) {
    if (error instanceof OSError) return n;
    throw asFqdnError("getfqdnSync", error);
  }
}

// ---- this host --------------------------------------------------------

/**
 * This machine's host name (gethostname(2)).
 * @returns this host's name
 */
export function gethostname(): string {
  const name = binding.gethostname();
  if (typeof name === "number") throw osError(-name, "gethostname");
  return name;
}

/**
 * Sets this machine's host name (sethostname(2); needs privilege).
 * @param name the new name
 * @throws {PermissionError} without CAP_SYS_ADMIN
 * @throws {TypeError|RangeError} for a bad argument (the message names it)
 */
export function sethostname(name: string | v.BytesLike): void {
  const fn = "sethostname";
  const bytes = typeof name === "string" ? Buffer.from(name) : v.bytes(fn, "name", name);
  const r = binding.sethostname(bytes);
  if (r < 0) throw osError(-r, fn);
}

