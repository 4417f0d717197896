// A worker that ends while the addon still has work under way (docs/api.md,
// "Conventions": worker threads). Node unloads the addon of a worker that ends when no
// other thread loaded it, so the addon must finish everything it started
// before its environment is gone: a libuv callback that ran afterwards
// would jump into unmapped code (SIGSEGV) or make JavaScript values where
// none can be made (abort). Each case runs in a child process whose main
// thread never loads bsdsock, and the child must exit normally.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { libraryUrl } from "./child.js";
import { checkNoLeaks } from "./helpers.js";
import { unshareUnavailable } from "./netns.js";
import { evalArgs } from "./runtime.js";

checkNoLeaks();

/**
 * Runs `body` (an ES module with the library imported as `socket`) in a
 * worker of a child process whose main thread does not import bsdsock. The
 * worker posts "ready" when its work is under way; with `terminate`, the
 * main thread then terminates it. Returns the child's result; its stdout
 * has "exit <code>" for the worker.
 */
function runWorkerInChild(body: string, terminate: boolean, wrap: (argv: string[]) => string[] = (a) => a) {
  const workerCode = `import { parentPort } from "node:worker_threads";\nconst socket = await import(${JSON.stringify(libraryUrl)});\n${body}`;
  const main = [
    `import { Worker } from "node:worker_threads";`,
    `const w = new Worker(new URL("data:text/javascript," + encodeURIComponent(${JSON.stringify(workerCode)})));`,
    `w.on("message", (m) => { console.log(m); if (m === "ready" && ${terminate}) w.terminate(); });`,
    `w.on("error", (e) => { console.log("error", String(e)); });`,
    `w.on("exit", (code) => console.log("exit", code));`,
  ].join("\n");
  const [command, ...args] = wrap([process.execPath, ...evalArgs(main)]);
  const r = spawnSync(command!, args, { encoding: "utf8", timeout: 30_000 });
  assert.equal(r.error, undefined, String(r.error));
  return r;
}

/** The child ended normally, after the worker got its work under way. */
function assertCleanExit(r: ReturnType<typeof runWorkerInChild>, workerExit: number): void {
  assert.equal(r.signal, null, `the child died of ${r.signal}: ${r.stderr}`);
  assert.equal(r.status, 0, `the child exited with ${r.status}: ${r.stderr}`);
  assert.equal(r.stderr, "");
  assert.deepEqual(r.stdout.trim().split("\n"), ["ready", `exit ${workerExit}`]);
}

describe("a worker ends while a poller has calls waiting or is open", () => {
  test("process.exit(0) in the worker with a recv pending", () => {
    assertCleanExit(runWorkerInChild(`
      const [a, b] = socket.socketpair();
      a.recv(1);
      parentPort.postMessage("ready");
      setTimeout(() => process.exit(0), 20);
    `, false), 0);
  });

  test("worker.terminate() from the main thread with a recv pending", () => {
    assertCleanExit(runWorkerInChild(`
      const [a, b] = socket.socketpair();
      a.recv(1);
      parentPort.postMessage("ready");
    `, true), 1);
  });

  test("close() just before process.exit(0)", () => {
    assertCleanExit(runWorkerInChild(`
      const [a, b] = socket.socketpair();
      a.recv(1).catch(() => {});
      parentPort.postMessage("ready");
      setTimeout(() => { a.close(); b.close(); process.exit(0); }, 20);
    `, false), 0);
  });

  test("several sockets with calls pending in both directions", () => {
    assertCleanExit(runWorkerInChild(`
      // On the global: a module's top-level const is garbage once the module
      // has run, and a collected peer would close (EPIPE for the sender).
      const held = (globalThis.held = []);
      for (let i = 0; i < 5; i++) {
        const [a, b] = socket.socketpair();
        held.push(a, b);
        a.recv(1);
        b.recv(1);
      }
      // A sender that waits too: fill one end until send would block.
      const [c, d] = socket.socketpair();
      held.push(c, d);
      c.sendall(Buffer.alloc(8 << 20));
      parentPort.postMessage("ready");
      setTimeout(() => process.exit(0), 20);
    `, false), 0);
  });

  test("a poller idle but still watching", () => {
    assertCleanExit(runWorkerInChild(`
      const [a, b] = socket.socketpair();
      const pending = a.recv(1); // waits on the poller
      await new Promise((r) => setTimeout(r, 10));
      await b.sendall(Buffer.from("x"));
      await pending; // the poller goes idle, still watching
      parentPort.postMessage("ready");
      setTimeout(() => process.exit(0), 20);
    `, false), 0);
  });

  test("process.exit(0) in the continuation of an awaited recv, inside the poller's callback", () => {
    assertCleanExit(runWorkerInChild(`
      const [a, b] = socket.socketpair();
      const pending = a.recv(1);
      await new Promise((r) => setTimeout(r, 10));
      parentPort.postMessage("ready");
      await b.sendall(Buffer.from("x"));
      await pending; // resumes in the microtasks of the poller's callback
      process.exit(0);
    `, false), 0);
  });
});

describe("a worker is terminated while a lookup runs", () => {
  test("the lookup finishing while the worker closes its handles does not abort the process", (t) => {
    const reason = unshareUnavailable();
    if (reason !== undefined) {
      t.skip(reason);
      return;
    }
    // A slow lookup without any traffic leaving the machine: the child runs
    // in its own mount and network namespaces, where the only name server
    // is on the loopback and never answers (2 s until glibc gives up).
    const dir = mkdtempSync(join(tmpdir(), "bsdsock-test-"));
    try {
      writeFileSync(join(dir, "resolv.conf"), "nameserver 127.0.0.1\noptions timeout:2 attempts:1\n");
      writeFileSync(join(dir, "hosts"), "127.0.0.1 localhost\n");
      writeFileSync(join(dir, "nsswitch.conf"), "hosts: files dns\n");
      const setup = [
        "ip link set lo up",
        'mount --bind "$1/resolv.conf" /etc/resolv.conf',
        'mount --bind "$1/hosts" /etc/hosts',
        existsSync("/etc/nsswitch.conf") ? 'mount --bind "$1/nsswitch.conf" /etc/nsswitch.conf' : "true",
        "shift",
        'exec "$@"',
      ].join(" && ");
      const r = runWorkerInChild(`
        // The server that never answers (with nothing bound to the port,
        // the kernel's "port unreachable" would end the lookup at once).
        const dgram = await import("node:dgram");
        const silent = dgram.createSocket("udp4");
        await new Promise((resolve) => silent.bind(53, "127.0.0.1", resolve));
        socket.getaddrinfo("slow.test", 80).then(() => parentPort.postMessage("settled"), () => parentPort.postMessage("settled"));
        parentPort.postMessage("ready");
      `, true, (argv) => ["unshare", "--mount", "--net", "sh", "-c", setup, "sh", dir, ...argv]);
      assertCleanExit(r, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
