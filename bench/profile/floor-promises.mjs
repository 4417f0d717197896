// The same with the least Promise machinery: each wait is an awaited Promise
// resolved by the poller callback. See bench/PROFILE.md; run with ./floor.sh.
import { binding } from "../../dist/src/binding.js";
import * as socket from "../../dist/src/index.js";
const [role, port, dur] = process.argv.slice(2);
const R = binding.POLL_READABLE;
const buf = Buffer.alloc(65536), msg = Buffer.alloc(64);
function readable(fd) { let resolve; const p = new binding.Poller(fd, () => { const r = resolve; resolve = null; r?.(); }); p.start(R); return { p, wait: () => new Promise((r) => { resolve = r; }) }; }
if (role === "server") {
  const l = socket.socket(); l.bind(["127.0.0.1", 0]); l.listen();
  console.log("READY", l.getsockname()[1]);
  const [c] = l.acceptSync(); c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1);
  const fd = c.fileno(); const r = readable(fd);
  for (;;) { let n = binding.recv(fd, buf, 0, 65536, 0); if (n < 0) { await r.wait(); n = binding.recv(fd, buf, 0, 65536, 0); } if (n === 0) break; if (n > 0) await Promise.resolve(binding.send(fd, buf, 0, n, 0)); }
  r.p.close(); c.close(); l.close();
} else {
  const s = socket.socket(); s.connectSync(["127.0.0.1", Number(port)]); s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1);
  const fd = s.fileno(); let ops = 0; const t0 = performance.now(); const end = t0 + Number(dur) * 1000; const r = readable(fd);
  for (;;) {
    await Promise.resolve(binding.send(fd, msg, 0, 64, 0));
    await r.wait(); binding.recv(fd, buf, 0, 64, 0);
    if ((++ops & 15) === 0 && performance.now() >= end) break;
  }
  console.log("RESULT ops=" + ops, "rate", (ops / ((performance.now() - t0) / 1000)).toFixed(0)); r.p.close(); s.close();
}
