// The soak test (npm run soak): many concurrent TCP connections echoing,
// both ends bsdsock, the server in a child process. It checks every byte
// that comes back, stops by itself (all done, or the time limit), and
// prints the wall time and both processes' peak RSS.
//
//   npm run soak                              10,000 connections, 10 round trips each
//   npm run soak -- --connections 2000 --rounds 50 --size 512 --limit 120
//
// Each process holds one descriptor per connection, so both need
// RLIMIT_NOFILE above the connection count. Node cannot raise it itself:
// the script re-runs itself once under `ulimit -n` (a shell builtin) when
// the soft limit is too low, up to the hard limit (or beyond, as root).
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as socket from "../src/index.js";

interface Options {
  connections: number;
  rounds: number;
  size: number;
  /** Seconds before the run gives up (and fails). */
  limit: number;
}

function parseOptions(argv: string[]): Options {
  const o: Options = { connections: 10_000, rounds: 10, size: 256, limit: 300 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]!.replace(/^--/, "") as keyof Options;
    const value = Number(argv[i + 1]);
    if (!(key in o) || !Number.isInteger(value) || value <= 0) throw new Error(`soak: bad option ${argv[i]} ${argv[i + 1]}`);
    o[key] = value;
  }
  return o;
}

/** The soft and hard RLIMIT_NOFILE of this process (/proc/self/limits). */
function fileLimits(): [number, number] {
  const line = readFileSync("/proc/self/limits", "utf8").split("\n").find((l) => l.startsWith("Max open files"));
  const [soft, hard] = (line ?? "").split(/\s+/).slice(3, 5).map((v) => (v === "unlimited" ? Infinity : Number(v)));
  return [soft ?? 1024, hard ?? 1024];
}

const self = fileURLToPath(import.meta.url);
const peakRssMiB = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

// ---- the server (a child process) -------------------------------------

async function echo(conn: socket.Socket): Promise<void> {
  try {
    for (;;) {
      const data = await conn.recv(65536);
      if (data.length === 0) return;
      await conn.sendall(data);
    }
  } finally {
    conn.close();
  }
}

/** Accepts `count` connections, echoes each until EOF, then reports. */
async function server(count: number): Promise<void> {
  const listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1);
  listener.bind(["127.0.0.1", 0]);
  listener.listen(4096);
  process.stdout.write(`port ${(listener.getsockname() as [string, number])[1]}\n`);
  const sessions: Promise<void>[] = [];
  let failed = 0;
  for (let i = 0; i < count; i++) {
    const [conn] = await listener.accept();
    sessions.push(echo(conn).catch(() => {
      failed++;
    }));
  }
  listener.close();
  await Promise.all(sessions);
  process.stdout.write(`done ${failed} ${peakRssMiB()}\n`);
}

// ---- the client (this process) ----------------------------------------

/** One connection: `rounds` messages of `size` bytes, each echo checked. */
async function session(port: number, o: Options, id: number): Promise<number> {
  const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  try {
    await s.connect(["127.0.0.1", port]);
    const message = Buffer.alloc(o.size, id & 0xff);
    const back = Buffer.alloc(o.size);
    for (let r = 0; r < o.rounds; r++) {
      message.writeUInt32BE(r, 0);
      await s.sendall(message);
      for (let got = 0; got < o.size;) {
        const n = await s.recvInto(back.subarray(got));
        if (n === 0) throw new Error(`connection ${id}: EOF after ${got} bytes of round ${r}`);
        got += n;
      }
      if (!back.equals(message)) throw new Error(`connection ${id}: round ${r} came back different`);
    }
    return o.rounds * o.size;
  } finally {
    s.close();
  }
}

async function client(o: Options): Promise<void> {
  const started = performance.now();
  const child = spawn(process.execPath, [self, "--server", String(o.connections)], { stdio: ["ignore", "pipe", "inherit"] });
  const killer = setTimeout(() => {
    process.stderr.write(`soak: time limit of ${o.limit} s reached\n`);
    child.kill("SIGKILL");
    process.exit(1);
  }, o.limit * 1000);
  killer.unref();
  const lines = (async function* () {
    let buffered = "";
    for await (const chunk of child.stdout) {
      buffered += String(chunk);
      let nl: number;
      while ((nl = buffered.indexOf("\n")) !== -1) {
        yield buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
      }
    }
  })();
  const first = await lines.next();
  const port = Number(String(first.value).split(" ")[1]);
  if (!(port > 0)) throw new Error(`soak: the server did not start (${String(first.value)})`);

  // Every connection at once: the connects queue in the listener's backlog.
  let open = 0;
  let peakOpen = 0;
  const sessions = Array.from({ length: o.connections }, (_, id) => {
    open++;
    peakOpen = Math.max(peakOpen, open);
    return session(port, o, id).finally(() => {
      open--;
    });
  });
  const results = await Promise.allSettled(sessions);
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
  const bytes = results.reduce((sum, r) => sum + (r.status === "fulfilled" ? r.value : 0), 0);
  const last = await lines.next();
  const [, serverFailed, serverRss] = String(last.value).split(" ");
  const seconds = (performance.now() - started) / 1000;
  clearTimeout(killer);
  console.log(`soak: ${o.connections} connections (${peakOpen} open at once), ${o.rounds} round trips of ${o.size} bytes each`);
  console.log(`  wall time      ${seconds.toFixed(2)} s`);
  console.log(`  echoed         ${(bytes / 1e6).toFixed(1)} MB, every byte checked`);
  console.log(`  failures       client ${failures.length}, server ${serverFailed}`);
  console.log(`  peak RSS       client ${peakRssMiB()} MiB, server ${serverRss} MiB`);
  console.log(`  RLIMIT_NOFILE  ${fileLimits()[0]}`);
  if (failures.length > 0) {
    console.log(`  first failure: ${String(failures[0]!.reason)}`);
    process.exitCode = 1;
  }
}

// ---- entry --------------------------------------------------------------

const argv = process.argv.slice(2);
if (argv[0] === "--server") {
  await server(Number(argv[1]));
} else {
  const o = parseOptions(argv.filter((a) => a !== "--raised"));
  const need = o.connections + 256;
  const [soft, hard] = fileLimits();
  if (soft < need && !argv.includes("--raised")) {
    // Raise the limit with the shell's ulimit and run again (once); as root
    // the hard limit may be raised too, otherwise up to it.
    const target = process.getuid?.() === 0 ? need : Math.min(need, hard);
    const quoted = [process.execPath, self, ...argv, "--raised"].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
    const r = spawnSync("sh", ["-c", `ulimit -n ${target} 2>/dev/null || ulimit -n ${hard}; exec ${quoted}`], { stdio: "inherit" });
    process.exit(r.status ?? 1);
  }
  if (soft < need) {
    process.stderr.write(`soak: RLIMIT_NOFILE is ${soft}, ${need} needed; running ${soft - 256} connections\n`);
    o.connections = Math.max(1, soft - 256);
  }
  await client(o);
}
