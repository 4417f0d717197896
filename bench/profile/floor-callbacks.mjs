// Floor of any library on Node's loop: tcp ping-pong driving the addon's poller and
// system call functions directly, with plain callbacks (no Socket class, no
// Promises). See bench/PROFILE.md; run with ./floor.sh.
import { binding } from "../../dist/src/binding.js";
import * as socket from "../../dist/src/index.js";
const [role, port, dur] = process.argv.slice(2);
const R = binding.POLL_READABLE;
const buf = Buffer.alloc(65536), msg = Buffer.alloc(64);
if (role === "server") {
  const l = socket.socket(); l.bind(["127.0.0.1", 0]); l.listen();
  console.log("READY", l.getsockname()[1]);
  const [c] = l.acceptSync(); c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1);
  const fd = c.fileno();
  const p = new binding.Poller(fd, () => {
    const n = binding.recv(fd, buf, 0, 65536, 0);
    if (n === 0) { p.close(); c.close(); l.close(); return; }
    if (n > 0) binding.send(fd, buf, 0, n, 0);
  });
  p.start(R);
} else {
  const s = socket.socket(); s.connectSync(["127.0.0.1", Number(port)]); s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1);
  const fd = s.fileno(); let ops = 0; const t0 = performance.now(); const end = t0 + Number(dur) * 1000;
  const p = new binding.Poller(fd, () => {
    const n = binding.recv(fd, buf, 0, 64, 0);
    if (n !== 64) return;
    if ((++ops & 15) === 0 && performance.now() >= end) { console.log("RESULT ops=" + ops, "rate", (ops / ((performance.now() - t0) / 1000)).toFixed(0)); p.close(); s.close(); return; }
    binding.send(fd, msg, 0, 64, 0);
  });
  p.start(R);
  binding.send(fd, msg, 0, 64, 0);
}
