// What the async and Sync bsdsock implementations share: the sockets that
// servers make and announce (the loops around them differ by await).
import * as socket from "../../src/index.js";
import { type Params, BACKLOG, LOOPBACK, ready } from "./common.js";

/** A listening TCP (loopback, any port) or Unix (at p.path) socket, announced. */
export function streamListener(p: Params, unix: boolean): socket.Socket {
  const l: socket.Socket = unix ? socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) : socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  l.bind(unix ? p.path : [LOOPBACK, 0]);
  l.listen(BACKLOG);
  ready(unix ? p.path : (l.getsockname() as [string, number])[1]);
  return l;
}

/** A UDP socket bound on the loopback (any port), announced; `rcvbuf` sets SO_RCVBUF first. */
export function udpServer(rcvbuf?: number): socket.Socket {
  const s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
  if (rcvbuf !== undefined) s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf);
  s.bind([LOOPBACK, 0]);
  ready((s.getsockname() as [string, number])[1]);
  return s;
}

/** Timeout mode, when the workload asks for it (p.timeout seconds). */
export function withTimeout(s: socket.Socket, p: Params): socket.Socket {
  if (p.timeout > 0) s.settimeout(p.timeout);
  return s;
}
