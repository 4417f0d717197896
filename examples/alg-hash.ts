// SHA-256 with the kernel's crypto API (AF_ALG), as in the kernel's
// documentation (Documentation/crypto/userspace-if.rst): bind a
// ["hash", "sha256"] socket, accept an operation socket, send the data,
// receive the digest. Checked against node:crypto.
//
//   node dist/examples/alg-hash.js [text]        (default "abc")
import { createHash } from "node:crypto";
import * as socket from "bsdsock";

const text = process.argv[2] ?? "abc";

let alg: socket.Socket;
try {
  alg = socket.socket(socket.AF_ALG, socket.SOCK_SEQPACKET, 0);
} catch (e) {
  if (e instanceof socket.OSError && e.code === "EAFNOSUPPORT") {
    console.log("alg-hash: this kernel has no AF_ALG (socket() says EAFNOSUPPORT); load af_alg and algif_hash to try it");
    process.exit(0);
  }
  throw e;
}
try {
  alg.bind(["hash", "sha256"]);
  const [op] = await alg.accept();
  try {
    await op.sendall(Buffer.from(text));
    const digest = await op.recv(32);
    const expected = createHash("sha256").update(text).digest("hex");
    console.log(`sha256(${JSON.stringify(text)}) = ${digest.toString("hex")}`);
    console.log(digest.toString("hex") === expected ? "matches node:crypto" : `MISMATCH: node:crypto says ${expected}`);
  } finally {
    op.close();
  }
} finally {
  alg.close();
}
