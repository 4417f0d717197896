// The module's close() given the number of a descriptor a Socket still
// watches (the fuzzer found it): the Socket's poller must leave the event
// loop's epoll set first. Before, libuv found the watched descriptor closed
// at its next epoll_ctl and aborted the whole process, so the case runs in
// a child process.
//
// On Windows the number is a SOCKET handle, and Winsock answers a handle
// that is closed with WSAENOTSOCK (an OSError, as CPython raises it) where
// POSIX says EBADF: the same cases expect that code there.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { libraryUrl } from "./child.js";
import { checkNoLeaks } from "./helpers.js";
import { evalArgs, lacks } from "./runtime.js";
import { windows } from "./platform.js";
import { test } from "node:test";

checkNoLeaks();

/** What a call on a number closed behind the Socket's back fails with. */
const CLOSED = windows ? "ENOTSOCK" : "EBADF";

function runChild(code: string): unknown {
  const r = spawnSync(process.execPath, evalArgs(code), { encoding: "utf8", timeout: 20_000 });
  assert.equal(r.signal, null, `the child died of ${r.signal}: ${r.stderr}`);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test("close(sock.fileno()) right after a call started waiting, before the loop ran: the call fails with EBADF (WSAENOTSOCK on Windows)", {
  // Seen with a cold module cache: the closed number came back as a socket
  // of Deno's own before the poller looked, so the recv() resolved.
  skip: lacks({ deno: "its own threads open descriptors while the child loads modules, so a number closed behind the Socket's back may be reused before the call sees EBADF" }),
}, () => {
  // The poller was started but libuv adds the descriptor to epoll only at
  // its next turn: by then the number is closed.
  assert.deepEqual(runChild(`
    const socket = await import(${JSON.stringify(libraryUrl)});
    const [a, b] = socket.socketpair();
    a.settimeout(0.5);
    const pending = a.recv(1).then(() => "resolved", (e) => e.code ?? String(e));
    socket.close(a.fileno());
    const result = await pending;
    // The Socket's own close() now meets a closed number: EBADF, as in the reference.
    const closing = (() => { try { a.close(); return "closed"; } catch (e) { return e.constructor.name + " " + e.code; } })();
    b.close();
    console.log(JSON.stringify([result, closing]));
  `), [CLOSED, `OSError ${CLOSED}`]);
});

test("close(sock.fileno()) while a call waits on the Socket: later calls fail with EBADF (WSAENOTSOCK on Windows), the process lives", () => {
  const code = `
    const socket = await import(${JSON.stringify(libraryUrl)});
    const [a, b] = socket.socketpair();
    const pending = a.recv(1).then(() => "resolved", (e) => e.code);
    await new Promise((r) => setTimeout(r, 10)); // the poller watches a's descriptor now
    socket.close(a.fileno());
    // Wait for writability as well: the poller would change what it watches.
    const sending = a.sendall(Buffer.alloc(8 << 20)).then(() => "resolved", (e) => e.code);
    const [c, d] = socket.socketpair(); // may reuse the number
    await new Promise((r) => setTimeout(r, 20));
    c.close(); d.close(); // before a's close(), which could close a reused number
    const closing = (() => { try { a.close(); return "closed"; } catch (e) { return e.constructor.name + " " + e.code; } })();
    b.close();
    console.log(JSON.stringify([await pending, await sending, closing]));
  `;
  assert.deepEqual(runChild(code), [CLOSED, CLOSED, `OSError ${CLOSED}`]);
});
