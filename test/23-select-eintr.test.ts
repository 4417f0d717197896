// selectSync() and pollSync() blocked in poll(2) retry EINTR with the time
// that remains (PEP 475). A child process blocks its main thread; a worker
// thread of the child writes 300 ms later, while this process sends the
// child SIGUSR2 again and again.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { libraryUrl } from "./child.js";
import { evalArgs, lacks } from "./runtime.js";
import { WIN, skipWholeFile } from "./platform.js";

const { test } = skipWholeFile(lacks({ win32: WIN.signals }));

/** The child's program (serialized: it must not use this module's scope). */
async function child(lib: string): Promise<void> {
  const { Worker } = await import("node:worker_threads");
  const socket: typeof import("../src/index.js") = await import(lib);
  const { binding: real, setBindingForTesting } = await import(new URL("./binding.js", lib).href);
  const { EINTR } = (await import("node:os")).constants.errno;
  let interrupted = 0;
  setBindingForTesting({
    pollfds(table: Int32Array, count: number, ms: number): number {
      const r = real.pollfds(table, count, ms);
      if (r === -EINTR) interrupted++;
      return r;
    },
  });
  process.on("SIGUSR2", () => {});
  // A worker writes to `fd` after 300 ms (or does nothing, fd -1).
  const writeLater = (fd: number): Promise<number> => {
    // The library writes, not node:fs (Deno's refuses descriptors it did not
    // open), from an ES module (Deno refuses import() in an eval'd CommonJS worker).
    const code = `import { workerData as fd } from "node:worker_threads";
      const socket = await import(${JSON.stringify(lib)});
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
      if (fd >= 0) {
        const peer = socket.fromfd(fd, socket.AF_UNIX, socket.SOCK_STREAM);
        peer.sendSync(new TextEncoder().encode("late"));
        peer.close();
      }`;
    const worker = new Worker(new URL("data:text/javascript," + encodeURIComponent(code)), { execArgv: [], workerData: fd });
    return new Promise((resolve, reject) => worker.once("error", reject).once("exit", resolve));
  };
  const say = (line: string): void => void process.stdout.write(line + "\n");
  const results: Record<string, unknown> = {};
  const [a, b] = socket.socketpair();

  let done = writeLater(b.fileno());
  say("ready");
  results.select = socket.selectSync([a], [], []).map((l) => l.length);
  await done;
  a.recvSync(10);

  const p = socket.poll();
  p.register(a, socket.POLLIN);
  done = writeLater(b.fileno());
  say("ready");
  results.poll = p.pollSync(10_000).map(([, events]) => events);
  await done;
  a.recvSync(10);

  done = writeLater(-1);
  say("ready");
  results.timedOut = socket.selectSync([a], [], [], 0.4);
  await done;

  a.close();
  b.close();
  results.interrupted = interrupted > 0;
  say(`result ${JSON.stringify(results)}`);
}

function sendSigusr2(pid: number): boolean {
  try {
    return process.kill(pid, "SIGUSR2");
  } catch {
    return false; // gone already
  }
}

test("selectSync and pollSync survive SIGUSR2 and complete, or time out (child process)", { timeout: 30_000 }, async () => {
  const script = `(${child.toString()})(${JSON.stringify(libraryUrl)});`;
  const proc = spawn(process.execPath, evalArgs(script), { stdio: ["ignore", "pipe", "pipe"] });
  const killer = setTimeout(() => proc.kill("SIGKILL"), 20_000);
  let stdout = "";
  let stderr = "";
  let exited = false;
  let sent = 0;
  const pester = async (): Promise<void> => {
    for (let i = 0; i < 8 && !exited; i++) {
      await new Promise((r) => setTimeout(r, 25));
      // process.kill, not proc.kill: Deno's ChildProcess takes any signal it
      // sent for the end of the child (later kill()s answer false, and the
      // exit is reported as that signal even though the child exited 0).
      if (!exited && sendSigusr2(proc.pid!)) sent++;
    }
  };
  proc.stdout.setEncoding("utf8").on("data", (d: string) => {
    for (const line of d.split("\n")) if (line === "ready") void pester();
    stdout += d;
  });
  proc.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const [code, signal] = await new Promise<[number | null, string | null]>((resolve) => proc.on("close", (c, s) => resolve([c, s])));
  exited = true;
  clearTimeout(killer);
  assert.equal(signal, null, `the child was killed: ${stderr}`);
  assert.equal(code, 0, stderr);
  assert.ok(sent > 0, "signals were sent");
  const line = stdout.split("\n").find((l) => l.startsWith("result "));
  assert.ok(line !== undefined, stdout + stderr);
  assert.deepEqual(JSON.parse(line.slice(7)), { select: [1, 0, 0], poll: [1], timedOut: [[], [], []], interrupted: true });
});
