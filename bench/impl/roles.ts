// A workload as one implementation runs it: a server role and a client role.
import type { Params } from "./common.js";

export interface Roles {
  server(p: Params): Promise<void> | void;
  client(p: Params): Promise<void> | void;
}

/** One implementation's roles, by kind of workload. */
export interface Parts {
  streamPingpong(unix: boolean): Roles;
  udpPingpong: Roles;
  bulk: Roles;
  accept: Roles;
  /** Absent where the implementation cannot run it (Sync: one thread). */
  concurrent?: Roles;
  oneway: Roles;
}

/** The roles by workload name (bench/workloads.ts). A ping-pong's variants
 *  (timeout mode, the UDP server's calls) are the same roles: they read
 *  the `timeout` and `udpserver` parameters. */
export function byWorkload(parts: Parts): Record<string, Roles> {
  const tcp = parts.streamPingpong(false);
  const unix = parts.streamPingpong(true);
  const roles: Record<string, Roles> = {
    "tcp-pingpong": tcp,
    "tcp-pingpong-timeout": tcp,
    "unix-pingpong": unix,
    "unix-pingpong-timeout": unix,
    "udp-pingpong": parts.udpPingpong,
    "udp-pingpong-connected": parts.udpPingpong,
    "udp-pingpong-recvfrom": parts.udpPingpong,
    "udp-pingpong-timeout": parts.udpPingpong,
    "tcp-bulk": parts.bulk,
    "tcp-accept": parts.accept,
  };
  if (parts.concurrent !== undefined) roles["tcp-concurrent"] = parts.concurrent;
  roles["udp-oneway"] = parts.oneway;
  return roles;
}
