// One run of one cell: a server process and a client process of the same
// implementation, each pinned to its CPU, talking over loopback. The
// server announces its address ("READY <port|path>"), the client gets it as
// addr=…, and the reporting process prints "RESULT ops=… seconds=…". Every
// process is bounded: one that overruns its time is killed, and the run
// fails with a message that says which process and why.
import { type ChildProcess, spawn } from "node:child_process";

export interface Command {
  file: string;
  args: string[];
}

export interface RunSpec {
  label: string;
  server: Command;
  client: Command;
  /** CPU lists for taskset, or null to run unpinned. */
  serverCpu: string | null;
  clientCpu: string | null;
  reporter: "client" | "server";
  /** Stop the server with SIGTERM once the client is done. */
  stopServer: boolean;
  /** Seconds each process may run. */
  limit: number;
}

export interface RunResult {
  ops: number;
  seconds: number;
  extra: Record<string, string>;
}

/** A started process, with its output gathered line by line. */
class Proc {
  readonly child: ChildProcess;
  readonly lines: string[] = [];
  stderr = "";
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  #waiters: { prefix: string; resolve: (line: string) => void }[] = [];

  constructor(readonly name: string, command: Command, cpu: string | null) {
    const [file, args] = cpu === null ? [command.file, command.args] : ["taskset", ["-c", cpu, command.file, ...command.args]];
    this.child = spawn(file, args, { stdio: ["ignore", "pipe", "pipe"] });
    let pending = "";
    this.child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      pending += chunk;
      for (let nl = pending.indexOf("\n"); nl >= 0; nl = pending.indexOf("\n")) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        this.lines.push(line);
        this.#waiters = this.#waiters.filter((w) => !(line.startsWith(w.prefix) && (w.resolve(line), true)));
      }
    });
    this.child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
      if (this.stderr.length < 10_000) this.stderr += chunk;
    });
    this.exited = new Promise((resolve) => {
      this.child.on("error", (error) => {
        this.stderr += String(error);
        resolve({ code: -1, signal: null });
      });
      this.child.on("close", (code, signal) => resolve({ code, signal }));
    });
  }

  /** The first line starting with `prefix`. */
  line(prefix: string): Promise<string> {
    const seen = this.lines.find((l) => l.startsWith(prefix));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => this.#waiters.push({ prefix, resolve }));
  }

  kill(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }

  describe(): string {
    const err = this.stderr.trim();
    return err === "" ? "" : `\n  ${this.name} stderr: ${err.split("\n").slice(-8).join("\n  ")}`;
  }
}

function timeout<T>(ms: number, what: string): { promise: Promise<T>; cancel: () => void } {
  let timer: NodeJS.Timeout;
  const promise = new Promise<T>((_, reject) => {
    timer = setTimeout(() => reject(new Error(what)), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

function parseResult(line: string): RunResult {
  const extra: Record<string, string> = {};
  for (const field of line.slice("RESULT ".length).trim().split(/\s+/)) {
    const eq = field.indexOf("=");
    if (eq > 0) extra[field.slice(0, eq)] = field.slice(eq + 1);
  }
  const ops = Number(extra.ops);
  const seconds = Number(extra.seconds);
  delete extra.ops;
  delete extra.seconds;
  if (!Number.isFinite(ops) || !(seconds > 0)) throw new Error(`a RESULT line without ops and seconds: ${line}`);
  return { ops, seconds, extra };
}

/** Ends a process: SIGTERM, then SIGKILL if it ignores that. */
async function stop(p: Proc): Promise<void> {
  p.kill("SIGTERM");
  const t = timeout<void>(2000, "");
  try {
    await Promise.race([p.exited, t.promise]);
  } catch {
    p.kill("SIGKILL");
    await p.exited;
  } finally {
    t.cancel();
  }
}

export async function runOnce(spec: RunSpec): Promise<RunResult> {
  const server = new Proc("server", spec.server, spec.serverCpu);
  let client: Proc | null = null;
  const limitMs = spec.limit * 1000;
  try {
    // 1. The server says where it listens.
    const startup = timeout<string>(15_000, `${spec.label}: the server did not print READY within 15 s`);
    const died = server.exited.then(({ code, signal }) => {
      throw new Error(`${spec.label}: the server exited before READY (code ${code}, signal ${signal})`);
    });
    let readyLine: string;
    try {
      readyLine = await Promise.race([server.line("READY "), startup.promise, died]);
    } finally {
      startup.cancel();
      died.catch(() => {});
    }
    const addr = readyLine.slice("READY ".length).trim();

    // 2. The client runs against it, bounded in time.
    client = new Proc("client", { file: spec.client.file, args: [...spec.client.args, `addr=${addr}`] }, spec.clientCpu);
    const clientLimit = timeout<never>(limitMs, `${spec.label}: the client was still running after ${spec.limit} s; killed`);
    try {
      const { code, signal } = await Promise.race([client.exited, clientLimit.promise]);
      if (code !== 0) throw new Error(`${spec.label}: the client failed (code ${code}, signal ${signal})`);
    } finally {
      clientLimit.cancel();
    }

    // 3. The server ends by itself (or is stopped, for servers that run until told).
    if (spec.stopServer) {
      await stop(server);
    } else {
      const serverLimit = timeout<never>(10_000, `${spec.label}: the server did not exit within 10 s after the client; killed`);
      try {
        const { code, signal } = await Promise.race([server.exited, serverLimit.promise]);
        if (code !== 0) throw new Error(`${spec.label}: the server failed (code ${code}, signal ${signal})`);
      } finally {
        serverLimit.cancel();
      }
    }
    const reporter = spec.reporter === "client" ? client : server;
    const line = reporter.lines.find((l) => l.startsWith("RESULT "));
    if (line === undefined) throw new Error(`${spec.label}: the ${spec.reporter} printed no RESULT line`);
    return parseResult(line);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(message + server.describe() + (client?.describe() ?? ""));
  } finally {
    await Promise.all([stop(server), client === null ? undefined : stop(client)]);
  }
}
