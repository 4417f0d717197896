// The bsdsock implementation with the Promise API, on the event loop: each
// connection is an async loop of awaited calls, the way a user would write
// it. recvInto into a buffer allocated once; sendall for every message.
import * as socket from "../../src/index.js";
import { streamListener, udpServer, withTimeout } from "./bsdsock-shared.js";
import { type Params, BulkCounter, LOOPBACK, Meter, PENDING_RECV, ReceiveCounter, UDP_SERVER_CONNECTED, UDP_SERVER_RECVFROM, port, timeLimit } from "./common.js";
import { type Roles, byWorkload } from "./roles.js";
import { idleRoles, measureIdle } from "./idle.js";

async function streamClient(p: Params, unix: boolean): Promise<socket.Socket> {
  const s: socket.Socket = unix ? socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) : socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  await s.connect(unix ? p.addr : [LOOPBACK, port(p)]);
  if (!unix) s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1);
  return s;
}

/** Echoes what arrives until EOF. */
async function echo(c: socket.Socket, size: number): Promise<void> {
  const buf = Buffer.allocUnsafe(65536);
  const message = buf.subarray(0, size); // the usual reply, without a new view per call
  for (;;) {
    const n = await c.recvInto(buf);
    if (n === 0) return;
    await c.sendall(n === size ? message : buf.subarray(0, n));
  }
}

/** Receives exactly buf.length bytes. */
async function recvExact(s: socket.Socket, buf: Buffer): Promise<void> {
  for (let got = 0; got < buf.length;) {
    const n = await s.recvInto(got === 0 ? buf : buf.subarray(got));
    if (n === 0) throw new Error("the server closed the connection");
    got += n;
  }
}

async function pingpong(s: socket.Socket, p: Params, m: Meter): Promise<void> {
  const message = Buffer.alloc(p.size);
  const reply = Buffer.allocUnsafe(p.size);
  do {
    await s.sendall(message);
    await recvExact(s, reply);
  } while (!m.count());
}

function streamPingpong(unix: boolean): Roles {
  return {
    async server(p) {
      const l = streamListener(p, unix);
      const [c] = await l.accept();
      if (!unix) c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1);
      await echo(withTimeout(c, p), p.size);
      c.close();
      l.close();
    },
    async client(p) {
      const s = withTimeout(await streamClient(p, unix), p);
      const m = new Meter(p);
      await pingpong(s, p, m);
      s.close();
      m.report();
    },
  };
}

const udpPingpong: Roles = {
  async server(p) {
    const s = udpServer();
    const buf = Buffer.allocUnsafe(65536);
    // The first datagram is waited for in blocking mode (the client may
    // take a while to start); timeout mode applies from the second.
    let [n, from] = await s.recvfromInto(buf);
    withTimeout(s, p);
    if (p.udpserver === UDP_SERVER_CONNECTED) {
      await s.connect(from!);
      for (; n > 0; n = await s.recvInto(buf)) await s.send(buf.subarray(0, n));
    } else if (p.udpserver === UDP_SERVER_RECVFROM) {
      for (let data: Buffer = buf.subarray(0, n); data.length > 0; [data, from] = await s.recvfrom(65536)) await s.sendto(data, from!);
    } else {
      for (; n > 0; [n, from] = await s.recvfromInto(buf)) await s.sendto(buf.subarray(0, n), from!);
    }
    s.close(); // at the client's stop datagram
  },
  async client(p) {
    const s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
    await s.connect([LOOPBACK, port(p)]);
    withTimeout(s, p);
    const message = Buffer.alloc(p.size);
    const reply = Buffer.allocUnsafe(p.size);
    const m = new Meter(p);
    do {
      await s.send(message);
      if ((await s.recvInto(reply)) !== p.size) throw new Error("short reply");
    } while (!m.count());
    await s.send(Buffer.alloc(0));
    s.close();
    m.report();
  },
};

const bulk: Roles = {
  async server(p) {
    const l = streamListener(p, false);
    const [c] = await l.accept();
    const buf = Buffer.allocUnsafe(p.chunk);
    const counter = new BulkCounter(p);
    for (let n; (n = await c.recvInto(buf)) > 0;) counter.add(n);
    await c.sendall(Buffer.from(counter.finish()));
    c.close();
    l.close();
  },
  async client(p) {
    const s = await streamClient(p, false);
    const chunk = Buffer.alloc(p.chunk);
    for (let left = p.warmbytes + p.bytes; left > 0; left -= p.chunk) await s.sendall(left >= p.chunk ? chunk : chunk.subarray(0, left));
    s.shutdown(socket.SHUT_WR);
    const ack = Buffer.alloc(1);
    await recvExact(s, ack);
    if (ack.toString() !== "K") throw new Error("the server did not receive every byte");
    s.close();
  },
};

const accept: Roles = {
  async server(p) {
    timeLimit(p, "server");
    const l = streamListener(p, false);
    for (;;) {
      const [c] = await l.accept(); // until the runner stops the process
      c.close();
    }
  },
  async client(p) {
    const address: [string, number] = [LOOPBACK, port(p)];
    const m = new Meter(p);
    const byte = Buffer.alloc(1);
    do {
      const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
      await s.connect(address);
      if ((await s.recvInto(byte)) !== 0) throw new Error("expected EOF");
      s.close();
    } while (!m.count());
    m.report();
  },
};

const concurrent: Roles = {
  async server(p) {
    const l = streamListener(p, false);
    const loops: Promise<void>[] = [];
    for (let i = 0; i < p.conns; i++) {
      const [c] = await l.accept();
      c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1);
      loops.push(echo(c, p.size).finally(() => c.close()));
    }
    await Promise.all(loops);
    l.close();
  },
  async client(p) {
    const sockets: socket.Socket[] = [];
    for (let i = 0; i < p.conns; i++) sockets.push(await streamClient(p, false));
    const m = new Meter(p);
    await Promise.all(sockets.map((s) => pingpong(s, p, m)));
    for (const s of sockets) s.close();
    m.report();
  },
};

const oneway: Roles = {
  async server(p) {
    const s = udpServer(4 << 20);
    const counter = new ReceiveCounter(p.warmup);
    for (;;) {
      const batch = await s.recvmmsg(p.batch, p.bufsize);
      const stop = batch.findIndex(([data]) => data.length === 0);
      counter.add(stop < 0 ? batch.length : stop);
      if (stop >= 0) {
        counter.report();
        for (let i = 0; i < 3; i++) await s.sendto(Buffer.alloc(0), batch[stop]![1]!);
        break;
      }
    }
    s.close();
  },
  async client(p) {
    const s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
    await s.connect([LOOPBACK, port(p)]);
    const message = Buffer.alloc(p.size);
    const batch: [Buffer][] = Array.from({ length: p.batch }, () => [message]);
    const m = new Meter(p);
    let sent = 0;
    for (let done = false; !done;) {
      const n = await s.sendmmsg(batch);
      sent += n;
      done = m.count(n);
    }
    await stopReceiver(s);
    s.close();
    m.report(`sent=${sent}`);
  },
};

/** Empty datagrams until the receiver answers (it may still be catching up). */
async function stopReceiver(s: socket.Socket): Promise<void> {
  s.settimeout(0.02);
  const answer = Buffer.alloc(1);
  for (let tries = 0; tries < 500; tries++) {
    await s.send(Buffer.alloc(0));
    try {
      await s.recvInto(answer);
      return;
    } catch (error) {
      if (!(error instanceof socket.TimeoutError)) throw error;
    }
  }
  throw new Error("the server never answered the stop");
}

/** Accepts p.conns connections and keeps them, each with a recv pending or nothing. */
const idle = idleRoles((p, pending) => measureIdle(p, async () => {
  const l = streamListener(p, false);
  const held: socket.Socket[] = [];
  for (let i = 0; i < p.conns; i++) {
    const [c] = await l.accept();
    held.push(c);
    if (pending) c.recv(PENDING_RECV).catch(() => {}); // ends with the process
  }
  idleSockets = held;
}));
let idleSockets: socket.Socket[] = []; // held until the process ends

export const roles = { ...byWorkload({ streamPingpong, udpPingpong, bulk, accept, concurrent, oneway }), ...idle };
