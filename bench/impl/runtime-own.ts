// The ping-pong workloads on the running runtime's own socket API, the
// figure bsdsock is held against there (`npm run bench -- --runtime deno|bun`):
// Deno.listen/Deno.connect and Deno.listenDatagram (--unstable-net), or
// Bun.listen/Bun.connect and Bun.udpSocket. Written as each runtime's
// documentation shows; the same protocol as every implementation.
import { LOOPBACK, Meter, port, ready } from "./common.js";
import type { Roles } from "./roles.js";

// The few members of Deno's and Bun's globals used here (no type
// packages for either are installed).
interface DenoConn {
  read(buf: Uint8Array): Promise<number | null>;
  write(data: Uint8Array): Promise<number>;
  close(): void;
  setNoDelay?(on: boolean): void;
}
interface DenoListener extends AsyncIterable<DenoConn> {
  addr: { port?: number };
  accept(): Promise<DenoConn>;
  close(): void;
}
interface DenoDatagram {
  addr: { port: number };
  receive(buf?: Uint8Array): Promise<[Uint8Array, { hostname: string; port: number; transport: string }]>;
  send(data: Uint8Array, to: { hostname: string; port: number; transport: "udp" }): Promise<number>;
  close(): void;
}
interface DenoApi {
  listen(o: { hostname?: string; port?: number; transport?: "tcp" | "unix"; path?: string }): DenoListener;
  connect(o: { hostname?: string; port?: number; transport?: "tcp" | "unix"; path?: string }): Promise<DenoConn>;
  listenDatagram(o: { hostname: string; port: number; transport: "udp" }): DenoDatagram;
}
interface BunSocket {
  write(data: Uint8Array): number;
  end(): void;
  setNoDelay?(on: boolean): void;
}
interface BunHandlers {
  open?(s: BunSocket): void;
  data(s: BunSocket, data: Uint8Array): void;
  close?(s: BunSocket): void;
  error?(s: BunSocket, e: Error): void;
}
interface BunUdp {
  port: number;
  send(data: Uint8Array, port?: number, address?: string): boolean;
  close(): void;
}
interface BunApi {
  listen(o: { hostname?: string; port?: number; unix?: string; socket: BunHandlers }): { port: number; stop(closeActive?: boolean): void };
  connect(o: { hostname?: string; port?: number; unix?: string; socket: BunHandlers }): Promise<BunSocket>;
  udpSocket(o: {
    hostname?: string;
    port?: number;
    connect?: { hostname: string; port: number };
    socket: { data(s: BunUdp, data: Uint8Array, port: number, address: string): void };
  }): Promise<BunUdp>;
}

const g = globalThis as { Deno?: DenoApi; Bun?: BunApi };

function fail(error: unknown): never {
  throw error;
}

// ---- Deno ------------------------------------------------------------------

async function denoReadFull(c: DenoConn, buf: Uint8Array): Promise<boolean> {
  for (let got = 0; got < buf.length;) {
    const n = await c.read(buf.subarray(got));
    if (n === null) return false;
    got += n;
  }
  return true;
}

function denoStream(deno: DenoApi, unix: boolean): Roles {
  return {
    async server(p) {
      const l = unix ? deno.listen({ transport: "unix", path: p.path }) : deno.listen({ hostname: LOOPBACK, port: 0 });
      ready(unix ? p.path : l.addr.port!);
      const c = await l.accept();
      c.setNoDelay?.(true);
      const buf = new Uint8Array(p.size);
      while (await denoReadFull(c, buf)) await c.write(buf);
      c.close();
      l.close();
    },
    async client(p) {
      const c = unix ? await deno.connect({ transport: "unix", path: p.addr }) : await deno.connect({ hostname: LOOPBACK, port: port(p) });
      c.setNoDelay?.(true);
      const message = new Uint8Array(p.size);
      const reply = new Uint8Array(p.size);
      const m = new Meter(p);
      do {
        await c.write(message);
        if (!(await denoReadFull(c, reply))) fail(new Error("the server closed early"));
      } while (!m.count());
      c.close();
      m.report();
    },
  };
}

function denoUdp(deno: DenoApi): Roles {
  return {
    async server() {
      const s = deno.listenDatagram({ hostname: LOOPBACK, port: 0, transport: "udp" });
      ready(s.addr.port);
      for (;;) {
        const [data, from] = await s.receive();
        if (data.length === 0) break; // the client's stop datagram
        await s.send(data, { hostname: from.hostname, port: from.port, transport: "udp" });
      }
      s.close();
    },
    async client(p) {
      const s = deno.listenDatagram({ hostname: LOOPBACK, port: 0, transport: "udp" });
      const to = { hostname: LOOPBACK, port: port(p), transport: "udp" as const };
      const message = new Uint8Array(p.size);
      const m = new Meter(p);
      do {
        await s.send(message, to);
        const [reply] = await s.receive();
        if (reply.length !== p.size) fail(new Error("short reply"));
      } while (!m.count());
      await s.send(new Uint8Array(0), to);
      s.close();
      m.report();
    },
  };
}

// ---- Bun -------------------------------------------------------------------

function bunStream(bun: BunApi, unix: boolean): Roles {
  return {
    server(p) {
      const where = unix ? { unix: p.path } : { hostname: LOOPBACK, port: 0 };
      const server = bun.listen({
        ...where,
        socket: {
          open: (s) => s.setNoDelay?.(true),
          data: (s, data) => void s.write(data),
          close: () => server.stop(),
          error: (_s, e) => fail(e),
        },
      });
      ready(unix ? p.path : server.port);
    },
    async client(p) {
      const message = new Uint8Array(p.size);
      const m = new Meter(p);
      let got = 0;
      await new Promise<void>((resolve, reject) => {
        const where = unix ? { unix: p.addr } : { hostname: LOOPBACK, port: port(p) };
        void bun.connect({
          ...where,
          socket: {
            open(s) {
              s.setNoDelay?.(true);
              s.write(message);
            },
            data(s, data) {
              got += data.length;
              if (got < p.size) return;
              got -= p.size;
              if (m.count()) {
                s.end();
                resolve();
              } else {
                s.write(message);
              }
            },
            error: (_s, e) => reject(e),
          },
        }).catch(reject);
      });
      m.report();
    },
  };
}

function bunUdp(bun: BunApi): Roles {
  return {
    async server() {
      const s = await bun.udpSocket({
        hostname: LOOPBACK,
        port: 0,
        socket: {
          data(sock, data, from, address) {
            if (data.length === 0) sock.close(); // the client's stop datagram
            else sock.send(data, from, address);
          },
        },
      });
      ready(s.port);
    },
    async client(p) {
      const message = new Uint8Array(p.size);
      const m = new Meter(p);
      await new Promise<void>((resolve, reject) => {
        bun.udpSocket({
          connect: { hostname: LOOPBACK, port: port(p) },
          socket: {
            data(sock, data) {
              if (data.length !== p.size) reject(new Error("short reply"));
              if (m.count()) {
                sock.send(new Uint8Array(0));
                sock.close();
                resolve();
              } else {
                sock.send(message);
              }
            },
          },
        }).then((s) => void s.send(message), reject);
      });
      m.report();
    },
  };
}

function ownRoles(): Record<string, Roles> {
  if (g.Deno !== undefined) {
    return { "tcp-pingpong": denoStream(g.Deno, false), "unix-pingpong": denoStream(g.Deno, true), "udp-pingpong": denoUdp(g.Deno) };
  }
  if (g.Bun !== undefined) {
    return { "tcp-pingpong": bunStream(g.Bun, false), "unix-pingpong": bunStream(g.Bun, true), "udp-pingpong": bunUdp(g.Bun) };
  }
  throw new Error("the runtime's own API: run on Deno or Bun (npm run bench -- --runtime deno|bun)");
}

export const roles: Record<string, Roles> = ownRoles();
