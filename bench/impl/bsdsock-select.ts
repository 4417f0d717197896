// tcp-select: tcp-concurrent's server as one thread that waits in
// selectSync() or in a poll object's pollSync(), then makes blocking calls
// on the connections that are ready (a readable socket's recv does not
// block; a 64-byte echo never fills a send buffer), as the C server does
// with epoll and CPython's with select.select. The client is C's.
import * as socket from "../../src/index.js";
import { streamListener } from "./bsdsock-shared.js";
import type { Params } from "./common.js";
import type { Roles } from "./roles.js";

/** Accepts `p.conns` connections, then echoes on those `ready()` names until all have closed. */
function serve(p: Params, ready: (open: Set<socket.Socket>) => Iterable<socket.Socket>, closed: (c: socket.Socket) => void): void {
  const l = streamListener(p, false);
  const open = new Set<socket.Socket>();
  for (let i = 0; i < p.conns; i++) {
    const [c] = l.acceptSync();
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1);
    open.add(c);
  }
  const buf = Buffer.allocUnsafe(65536);
  const message = buf.subarray(0, p.size);
  while (open.size > 0) {
    for (const c of ready(open)) {
      const n = c.recvIntoSync(buf);
      if (n === 0) {
        closed(c);
        open.delete(c);
        c.close();
        continue;
      }
      c.sendallSync(n === p.size ? message : buf.subarray(0, n));
    }
  }
  l.close();
}

function noClient(): never {
  throw new Error("tcp-select has only a server here: its client is the C one");
}

export const selectRoles: Record<string, Roles> = {
  "tcp-concurrent": {
    server(p) {
      serve(p, (open) => socket.selectSync(open, [], [])[0], () => {});
    },
    client: noClient,
  },
};

export const pollRoles: Record<string, Roles> = {
  "tcp-concurrent": {
    server(p) {
      const poller = socket.poll();
      const byFd = new Map<number, socket.Socket>();
      let registered = false;
      serve(p, (open) => {
        if (!registered) {
          for (const c of open) {
            poller.register(c, socket.POLLIN);
            byFd.set(c.fileno(), c);
          }
          registered = true;
        }
        return poller.pollSync().map(([fd]) => byFd.get(fd)!);
      }, (c) => {
        poller.unregister(c);
        byFd.delete(c.fileno());
      });
    },
    client: noClient,
  },
};
