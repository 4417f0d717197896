// Passing an open file between two processes over a Unix socket.
//
// The parent opens a file and starts a second process with one end of a
// socket pair as its descriptor 3. It sends the file's descriptor across
// (SCM_RIGHTS, with sendFds). The child receives it (recvFds), reads the
// file through it, and answers with what it read, handing the descriptor
// back. The child never opens the file by name: it gets the parent's open
// file itself, so both share one file offset, and the parent sees that the
// child read to the end.
//
//   node dist/examples/pass-fd.js [file]   (without a file: a temporary one)
//   node dist/examples/pass-fd.js --child  (the second process; its socket is fd 3)
import * as socket from "bsdsock";
import { spawn } from "node:child_process";
import { closeSync, fstatSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const TIMEOUT = 10; // seconds: every wait of both processes is bounded

/** Reads from the descriptor's current offset to the end of the file. */
function readToEnd(fd: number): Buffer {
  const parts: Buffer[] = [];
  const chunk = Buffer.alloc(65536);
  for (let n; (n = readSync(fd, chunk, 0, chunk.length, null)) > 0; ) parts.push(Buffer.from(chunk.subarray(0, n)));
  return Buffer.concat(parts);
}

async function child(): Promise<void> {
  using sock = socket.socket(null, null, null, 3); // family and type read from the descriptor
  sock.settimeout(TIMEOUT);
  const [note, fds] = await socket.recvFds(sock, 1024, 1);
  const fd = fds[0];
  if (fd === undefined) throw new Error("child: no descriptor arrived");
  const text = readToEnd(fd).toString();
  console.log(`child:  got descriptor ${fd} with "${note}", read ${text.length} characters`);
  // The answer carries the descriptor back: the parent gets the same open file.
  await socket.sendFds(sock, [Buffer.from(text)], [fd]);
  closeSync(fd);
}

async function parent(path: string): Promise<void> {
  const [mine, theirs] = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM);
  using _mine = mine;
  mine.settimeout(TIMEOUT);
  const script = fileURLToPath(import.meta.url);
  const proc = spawn(process.execPath, [script, "--child"], { stdio: ["ignore", "inherit", "inherit", theirs.fileno()] });
  const exited = new Promise<number | null>((resolve, reject) => {
    proc.once("exit", resolve);
    proc.once("error", reject);
  });
  theirs.close(); // the child has its own copy now

  const fd = openSync(path, "r");
  const { ino } = fstatSync(fd);
  await socket.sendFds(mine, [Buffer.from(path)], [fd]);
  console.log(`parent: sent descriptor ${fd} of ${path}`);
  closeSync(fd); // the descriptor in flight keeps the file open

  const [answer, fds] = await socket.recvFds(mine, 65536, 1);
  const back = fds[0];
  if (back === undefined) throw new Error("parent: the child did not hand the descriptor back");
  try {
    const same = fstatSync(back).ino === ino;
    const left = readToEnd(back).length; // the child read to the end of the shared offset
    console.log(`parent: the child read ${JSON.stringify(answer.toString())}`);
    console.log(`parent: got it back as descriptor ${back}: ${same ? "the same file" : "ANOTHER FILE"}, ${left} bytes left to read`);
    if (!same || left !== 0) process.exitCode = 1;
  } finally {
    closeSync(back);
  }
  const code = await exited;
  if (code !== 0) throw new Error(`the child exited with ${code}`);
}

if (process.argv[2] === "--child") {
  await child();
} else if (process.argv[2] !== undefined) {
  await parent(process.argv[2]);
} else {
  const dir = mkdtempSync(join(tmpdir(), "pass-fd-"));
  try {
    const path = join(dir, "hello.txt");
    writeFileSync(path, "Hello from a file the parent opened.\n");
    await parent(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
