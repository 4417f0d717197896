// The examples of the other families run and stop by themselves: each is
// started as a child process (bounded in time) and its output checked.
// Where the kernel lacks a family, the example must say so clearly.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkNoLeaks } from "./helpers.js";

checkNoLeaks();

const examples = join(dirname(fileURLToPath(import.meta.url)), "..", "examples");
const linux = process.platform === "linux";
const root = process.getuid?.() === 0;

function run(name: string, ...args: string[]): string {
  const r = spawnSync(process.execPath, [join(examples, `${name}.js`), ...args], { encoding: "utf8", timeout: 30_000 });
  assert.equal(r.signal, null, `${name} was killed (did not stop by itself)`);
  assert.equal(r.status, 0, `${name} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

describe("family examples", { skip: !linux && "Linux only" }, () => {
  test("netlink-routes lists lo and the IPv4 routes", () => {
    const out = run("netlink-routes");
    assert.match(out, /^\s+\d+: lo UP/m);
    assert.match(out, /IPv4 routes \(main table\):/);
  });

  test("ping gets its echo replies from 127.0.0.1 (raw socket as root, else a ping socket)", { skip: !root && "needs root or a ping_group_range that admits this group" }, () => {
    assert.match(run("ping", "127.0.0.1", "2"), /2 sent, 2 received/);
  });

  test("sniff captures frames on lo and stops", { skip: !root && "AF_PACKET needs root" }, () => {
    assert.match(run("sniff", "lo", "2"), /[12] frame\(s\) captured/);
  });

  test("alg-hash: the SHA-256 matches node:crypto, or it says the kernel has no AF_ALG", () => {
    assert.match(run("alg-hash", "abc"), /matches node:crypto|this kernel has no AF_ALG/);
  });

  test("can: frames on vcan0, or it says why there are none", () => {
    assert.match(run("can"), /Received: can_id=1|no CAN support|there is no interface vcan0/);
  });
});
