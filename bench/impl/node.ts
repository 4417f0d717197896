// The node:net / node:dgram implementation, written idiomatically: 'data'
// and 'message' events, write() and send(), setNoDelay(true).
import * as dgram from "node:dgram";
import * as net from "node:net";
import { type Params, BACKLOG, BulkCounter, LOOPBACK, Meter, ReceiveCounter, UDP_SERVER_CONNECTED, port, ready, timeLimit } from "./common.js";
import { type Roles, byWorkload } from "./roles.js";
import { idleRoles, measureIdle } from "./idle.js";

function fail(error: unknown): never {
  throw error;
}

/** A UDP/IPv4 socket whose errors end the process. */
function udpSocket(options: dgram.SocketOptions = { type: "udp4" }): dgram.Socket {
  const s = dgram.createSocket(options);
  s.on("error", fail);
  return s;
}

/** Timeout mode as node:net has it: an idle timeout, refreshed by every
 *  read and write (socket.setTimeout). */
function streamTimeout(c: net.Socket, p: Params): void {
  if (p.timeout > 0) c.setTimeout(p.timeout * 1000, () => fail(new Error("timed out")));
}

/** node:dgram has no timeout: one timer, refreshed at every datagram (what
 *  node:net's setTimeout does), failing if none comes in time. */
function datagramTimeout(p: Params): () => void {
  if (p.timeout <= 0) return () => {};
  const timer = setTimeout(() => fail(new Error("timed out")), p.timeout * 1000);
  timer.unref();
  return () => timer.refresh();
}

/** A server that calls `onConnection` for each connection; resolves once listening. */
function listen(p: Params, unix: boolean, onConnection: (c: net.Socket) => void): Promise<net.Server> {
  const server = net.createServer({ noDelay: !unix }, onConnection);
  server.on("error", fail);
  return new Promise((resolve) => {
    const announce = (): void => {
      ready(unix ? p.path : (server.address() as net.AddressInfo).port);
      resolve(server);
    };
    if (unix) server.listen({ path: p.path, backlog: BACKLOG }, announce);
    else server.listen({ port: 0, host: LOOPBACK, backlog: BACKLOG }, announce);
  });
}

function connect(p: Params, unix: boolean): net.Socket {
  const c = unix ? net.connect(p.addr) : net.connect(port(p), LOOPBACK);
  if (!unix) c.setNoDelay(true);
  c.on("error", fail);
  return c;
}

/** Ping-pong on one connection: resolves when the meter's window is over. */
function pingpong(c: net.Socket, p: Params, m: Meter): Promise<void> {
  const message = Buffer.alloc(p.size);
  return new Promise((resolve) => {
    let got = 0;
    c.on("data", (chunk) => {
      got += chunk.length;
      if (got < p.size) return;
      got -= p.size;
      if (m.count()) {
        c.end();
        resolve();
      } else {
        c.write(message);
      }
    });
    c.write(message);
  });
}

function streamPingpong(unix: boolean): Roles {
  return {
    async server(p) {
      const server = await listen(p, unix, (c) => {
        streamTimeout(c, p);
        c.on("data", (data) => c.write(data));
        c.on("end", () => {
          c.end();
          server.close();
        });
        c.on("error", fail);
      });
    },
    async client(p) {
      const c = connect(p, unix);
      streamTimeout(c, p);
      const m = new Meter(p);
      await pingpong(c, p, m);
      m.report();
    },
  };
}

const udpPingpong: Roles = {
  server(p) {
    const s = udpSocket();
    let refresh: (() => void) | null = null; // from the first datagram on
    let connected = false;
    s.on("message", (msg, from) => {
      refresh?.();
      refresh ??= datagramTimeout(p);
      if (msg.length === 0) s.close(); // the client's stop datagram
      else if (p.udpserver !== UDP_SERVER_CONNECTED) s.send(msg, from.port, from.address);
      else if (connected) s.send(msg);
      else s.connect(from.port, from.address, () => {
        connected = true;
        s.send(msg);
      });
    });
    s.bind(0, LOOPBACK, () => ready(s.address().port));
  },
  client(p) {
    const s = udpSocket();
    const message = Buffer.alloc(p.size);
    let m: Meter;
    const refresh = datagramTimeout(p);
    s.on("message", (msg) => {
      refresh();
      if (msg.length !== p.size) fail(new Error("short reply"));
      if (m.count()) {
        s.send(Buffer.alloc(0), () => s.close());
        m.report();
      } else {
        s.send(message);
      }
    });
    s.connect(port(p), LOOPBACK, () => {
      m = new Meter(p);
      s.send(message);
    });
  },
};

const bulk: Roles = {
  async server(p) {
    const server = await listen(p, false, (c) => {
      const counter = new BulkCounter(p);
      c.on("data", (data) => counter.add(data.length));
      c.on("end", () => {
        c.end(counter.finish());
        server.close();
      });
      c.on("error", fail);
    });
  },
  client(p) {
    const c = connect(p, false);
    const chunk = Buffer.alloc(p.chunk);
    let left = p.warmbytes + p.bytes;
    const write = (): void => {
      while (left > 0) {
        const n = Math.min(left, p.chunk);
        left -= n;
        if (!c.write(n === p.chunk ? chunk : chunk.subarray(0, n))) {
          c.once("drain", write);
          return;
        }
      }
      c.end();
    };
    c.on("connect", write);
    c.on("data", (ack) => {
      if (ack.toString() !== "K") fail(new Error("the server did not receive every byte"));
    });
  },
};

const accept: Roles = {
  async server(p) {
    timeLimit(p, "server");
    // Until the runner stops the process.
    await listen(p, false, (c) => {
      c.on("error", () => {}); // a reset from a peer that already left
      c.destroy();
    });
  },
  client(p) {
    const m = new Meter(p);
    const next = (): void => {
      const c = net.connect(port(p), LOOPBACK);
      c.on("error", fail);
      c.on("data", () => fail(new Error("expected EOF")));
      c.on("end", () => {
        c.destroy();
        if (m.count()) m.report();
        else next();
      });
    };
    next();
  },
};

const concurrent: Roles = {
  async server(p) {
    let closed = 0;
    const server = await listen(p, false, (c) => {
      c.on("data", (data) => c.write(data));
      c.on("end", () => {
        c.end();
        if (++closed === p.conns) server.close();
      });
      c.on("error", fail);
    });
  },
  async client(p) {
    const sockets: net.Socket[] = [];
    for (let i = 0; i < p.conns; i++) {
      const c = connect(p, false);
      await new Promise((r) => c.once("connect", r));
      sockets.push(c);
    }
    const m = new Meter(p);
    await Promise.all(sockets.map((c) => pingpong(c, p, m)));
    m.report();
  },
};

const oneway: Roles = {
  server(p) {
    const s = udpSocket({ type: "udp4", recvBufferSize: 4 << 20 });
    const counter = new ReceiveCounter(p.warmup);
    s.on("message", (msg, from) => {
      if (msg.length > 0) {
        counter.add(1);
        return;
      }
      counter.report();
      s.removeAllListeners("message");
      let acks = 0;
      const ack = (): void => {
        if (++acks < 3) s.send(Buffer.alloc(0), from.port, from.address, ack);
        else s.close();
      };
      s.send(Buffer.alloc(0), from.port, from.address, ack);
    });
    s.bind(0, LOOPBACK, () => ready(s.address().port));
  },
  client(p) {
    const s = udpSocket();
    const message = Buffer.alloc(p.size);
    let m: Meter;
    let sent = 0;
    let inFlight = 0;
    // Up to `batch` sends in flight, each completion starting the next.
    const onSent = (error: Error | null): void => {
      if (error) fail(error);
      inFlight--;
      sent++;
      if (!m.count()) send();
      else if (inFlight === 0) stop();
    };
    const send = (): void => {
      inFlight++;
      s.send(message, onSent);
    };
    // Empty datagrams until the receiver answers (it may still be catching up).
    const stop = (): void => {
      let tries = 0;
      const timer = setInterval(() => {
        if (++tries === 500) fail(new Error("the server never answered the stop"));
        s.send(Buffer.alloc(0));
      }, 20);
      let finished = false;
      const done = (): void => {
        if (finished) return;
        finished = true;
        clearInterval(timer);
        m.report(`sent=${sent}`);
        s.close();
      };
      s.on("message", done);
      // The server closes once it has answered; a stop sent after that
      // comes back as ECONNREFUSED, which the kernel reports before the
      // answer still queued: it has answered then.
      s.removeListener("error", fail);
      s.on("error", (error: NodeJS.ErrnoException) => (error.code === "ECONNREFUSED" ? done() : fail(error)));
      s.send(Buffer.alloc(0));
    };
    s.connect(port(p), LOOPBACK, () => {
      m = new Meter(p);
      for (let i = 0; i < p.batch; i++) send();
    });
  },
};

/** Accepts p.conns connections and keeps them, reading (a read pending)
 *  or paused from the start (nothing pending). */
const idle = idleRoles((p, pending) => measureIdle(p, () => new Promise((resolve) => {
  const server = net.createServer({ pauseOnConnect: !pending }, (c) => {
    c.on("error", fail);
    idleSockets.push(c);
    if (idleSockets.length === p.conns) resolve();
  });
  server.on("error", fail);
  server.listen({ port: 0, host: LOOPBACK, backlog: BACKLOG }, () => ready((server.address() as net.AddressInfo).port));
})));
const idleSockets: net.Socket[] = []; // held until the process ends

export const roles = { ...byWorkload({ streamPingpong, udpPingpong, bulk, accept, concurrent, oneway }), ...idle };
