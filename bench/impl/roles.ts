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

/** The roles by workload name (bench/workloads.ts). */
export function byWorkload(parts: Parts): Record<string, Roles> {
  const roles: Record<string, Roles> = {
    "tcp-pingpong": parts.streamPingpong(false),
    "unix-pingpong": parts.streamPingpong(true),
    "udp-pingpong": parts.udpPingpong,
    "tcp-bulk": parts.bulk,
    "tcp-accept": parts.accept,
  };
  if (parts.concurrent !== undefined) roles["tcp-concurrent"] = parts.concurrent;
  roles["udp-oneway"] = parts.oneway;
  return roles;
}
