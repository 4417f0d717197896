// The bsdsock implementation with the Sync twins: blocking calls, the way
// a script or a worker thread would use them. The same loops as the async
// implementation, without await. tcp-concurrent has no Sync form: one
// thread of blocking calls cannot serve 50 connections at once.
import * as socket from "../../src/index.js";
import { streamListener, udpServer, withTimeout } from "./bsdsock-shared.js";
import { type Params, BulkCounter, LOOPBACK, Meter, ReceiveCounter, UDP_SERVER_CONNECTED, UDP_SERVER_RECVFROM, port } from "./common.js";
import { type Roles, byWorkload } from "./roles.js";

function streamClient(p: Params, unix: boolean): socket.Socket {
  const s: socket.Socket = unix ? socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) : socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  s.connectSync(unix ? p.addr : [LOOPBACK, port(p)]);
  if (!unix) s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1);
  return s;
}

function recvExact(s: socket.Socket, buf: Buffer): void {
  for (let got = 0; got < buf.length;) {
    const n = s.recvIntoSync(got === 0 ? buf : buf.subarray(got));
    if (n === 0) throw new Error("the server closed the connection");
    got += n;
  }
}

function streamPingpong(unix: boolean): Roles {
  return {
    server(p) {
      const l = streamListener(p, unix);
      const [c] = l.acceptSync();
      if (!unix) c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1);
      withTimeout(c, p);
      const buf = Buffer.allocUnsafe(65536);
      const message = buf.subarray(0, p.size);
      for (let n; (n = c.recvIntoSync(buf)) > 0;) c.sendallSync(n === p.size ? message : buf.subarray(0, n));
      c.close();
      l.close();
    },
    client(p) {
      const s = withTimeout(streamClient(p, unix), p);
      const message = Buffer.alloc(p.size);
      const reply = Buffer.allocUnsafe(p.size);
      const m = new Meter(p);
      do {
        s.sendallSync(message);
        recvExact(s, reply);
      } while (!m.count());
      s.close();
      m.report();
    },
  };
}

const udpPingpong: Roles = {
  server(p) {
    const s = udpServer();
    const buf = Buffer.allocUnsafe(65536);
    // The first datagram is waited for in blocking mode (the client may
    // take a while to start); timeout mode applies from the second.
    let [n, from] = s.recvfromIntoSync(buf);
    withTimeout(s, p);
    if (p.udpserver === UDP_SERVER_CONNECTED) {
      s.connectSync(from!);
      for (; n > 0; n = s.recvIntoSync(buf)) s.sendSync(buf.subarray(0, n));
    } else if (p.udpserver === UDP_SERVER_RECVFROM) {
      for (let data: Buffer = buf.subarray(0, n); data.length > 0; [data, from] = s.recvfromSync(65536)) s.sendtoSync(data, from!);
    } else {
      for (; n > 0; [n, from] = s.recvfromIntoSync(buf)) s.sendtoSync(buf.subarray(0, n), from!);
    }
    s.close(); // at the client's stop datagram
  },
  client(p) {
    const s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
    s.connectSync([LOOPBACK, port(p)]);
    withTimeout(s, p);
    const message = Buffer.alloc(p.size);
    const reply = Buffer.allocUnsafe(p.size);
    const m = new Meter(p);
    do {
      s.sendSync(message);
      if (s.recvIntoSync(reply) !== p.size) throw new Error("short reply");
    } while (!m.count());
    s.sendSync(Buffer.alloc(0));
    s.close();
    m.report();
  },
};

const bulk: Roles = {
  server(p) {
    const l = streamListener(p, false);
    const [c] = l.acceptSync();
    const buf = Buffer.allocUnsafe(p.chunk);
    const counter = new BulkCounter(p);
    for (let n; (n = c.recvIntoSync(buf)) > 0;) counter.add(n);
    c.sendallSync(Buffer.from(counter.finish()));
    c.close();
    l.close();
  },
  client(p) {
    const s = streamClient(p, false);
    const chunk = Buffer.alloc(p.chunk);
    for (let left = p.warmbytes + p.bytes; left > 0; left -= p.chunk) s.sendallSync(left >= p.chunk ? chunk : chunk.subarray(0, left));
    s.shutdown(socket.SHUT_WR);
    const ack = Buffer.alloc(1);
    recvExact(s, ack);
    if (ack.toString() !== "K") throw new Error("the server did not receive every byte");
    s.close();
  },
};

const accept: Roles = {
  server(p) {
    const l = streamListener(p, false);
    l.settimeout(p.limit); // the process's time limit: no timer runs while it blocks
    for (;;) l.acceptSync()[0].close(); // until the runner stops the process
  },
  client(p) {
    const address: [string, number] = [LOOPBACK, port(p)];
    const m = new Meter(p);
    const byte = Buffer.alloc(1);
    do {
      const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
      s.connectSync(address);
      if (s.recvIntoSync(byte) !== 0) throw new Error("expected EOF");
      s.close();
    } while (!m.count());
    m.report();
  },
};

const oneway: Roles = {
  server(p) {
    const s = udpServer(4 << 20);
    const counter = new ReceiveCounter(p.warmup);
    for (;;) {
      const batch = s.recvmmsgSync(p.batch, p.bufsize);
      const stop = batch.findIndex(([data]) => data.length === 0);
      counter.add(stop < 0 ? batch.length : stop);
      if (stop >= 0) {
        counter.report();
        for (let i = 0; i < 3; i++) s.sendtoSync(Buffer.alloc(0), batch[stop]![1]!);
        break;
      }
    }
    s.close();
  },
  client(p) {
    const s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
    s.connectSync([LOOPBACK, port(p)]);
    const message = Buffer.alloc(p.size);
    const batch: [Buffer][] = Array.from({ length: p.batch }, () => [message]);
    const m = new Meter(p);
    let sent = 0;
    for (let done = false; !done;) {
      const n = s.sendmmsgSync(batch);
      sent += n;
      done = m.count(n);
    }
    // Empty datagrams until the receiver answers (it may still be catching up).
    s.settimeout(0.02);
    const answer = Buffer.alloc(1);
    for (let tries = 0; ; tries++) {
      if (tries === 500) throw new Error("the server never answered the stop");
      s.sendSync(Buffer.alloc(0));
      try {
        s.recvIntoSync(answer);
        break;
      } catch (error) {
        if (!(error instanceof socket.TimeoutError)) throw error;
      }
    }
    s.close();
    m.report(`sent=${sent}`);
  },
};

export const roles = byWorkload({ streamPingpong, udpPingpong, bulk, accept, oneway });
