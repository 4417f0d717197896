// The address types agree with the codecs, form by form
// (test/address-forms.ts): each accepted form compiles as its family's
// AddressInputOf and encodes at run time, and what it decodes to encodes
// back to the same bytes; each rejected form fails to compile and throws a
// TypeError naming the function. What a socket returns (AddressOf) is
// accepted back (AddressInputOf) for every family, and for a plain Socket.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as socket from "../src/index.js";
import { binding } from "../src/binding.js";
import { codecFor } from "../src/sockaddr/common.js";
import { decodeAddress, encodeAddress } from "../src/sockaddr/index.js";
import { addressForms } from "./address-forms.js";
import { lacks } from "./runtime.js";
import { WIN } from "./platform.js";
import { typecheck } from "./typecheck.js";

const bt = binding.layout.bluetooth ?? {};
const constants = socket as unknown as Record<string, number>;

/** The value of one form's source text, as the compiled program would have it. */
function evaluate(expression: string): unknown {
  return new Function("socket", "bt", "Buffer", `return (${expression});`)(socket, bt, Buffer);
}

test("the types: accepted forms compile, rejected forms do not, returned forms are accepted back", { skip: lacks({ win32: WIN.tsc }) }, () => {
  const lines = [
    'import * as socket from "bsdsock";',
    "declare function returned<F extends socket.AddressFamily>(family: F): socket.AddressOf<F>;",
    "const plain: socket.AddressInputOf<socket.AddressFamily> = returned(socket.AF_INET as socket.AddressFamily);",
    "void plain;",
  ];
  const accepted = new Map<number, string>();
  const rejected = new Map<number, string>();
  for (const group of addressForms) {
    const input = `socket.AddressInputOf<typeof socket.${group.family}>`;
    lines.push(`{ const back: ${input} = returned(socket.${group.family}); void back; }`);
    accepted.set(lines.length, `${group.family}: what it returns`);
    for (const form of group.accepted) {
      lines.push(`{ const a: ${input} = ${form}; void a; }`);
      accepted.set(lines.length, `${group.family}: ${form}`);
    }
    for (const form of group.rejected) {
      lines.push(`{ const a: ${input} = ${form}; void a; }`);
      rejected.set(lines.length, `${group.family}: ${form}`);
    }
  }
  const output = typecheck({ "forms.ts": lines.join("\n") });
  const failing = new Set([...output.matchAll(/^forms\.ts\((\d+),\d+\): error/gm)].map((m) => Number(m[1])));
  for (const [line, form] of accepted) assert.ok(!failing.has(line), `${form} does not compile:\n${output}`);
  for (const [line, form] of rejected) assert.ok(failing.has(line), `${form} compiles`);
  assert.equal(failing.size, rejected.size, output);
});

for (const group of addressForms) {
  const family = constants[group.family];
  const shape = { family: family!, type: evaluate(group.type) as number, proto: evaluate(group.proto) as number };
  const name = `${group.family}${group.proto === "0" ? "" : ` (${group.proto.replace(/^\w+\./, "")})`}`;
  const skip = family === undefined || codecFor(family) === undefined || Number.isNaN(shape.proto) ? `no ${group.family} codec on this platform`
    : (group.family === "AF_UNIX" && lacks({ win32: WIN.unixForms })) || false;

  test(`the codec of ${name} takes every accepted form, and what it returns back`, { skip }, () => {
    for (const form of group.accepted) {
      const bytes = encodeAddress("bind", evaluate(form), shape);
      const decoded = decodeAddress(bytes, bytes.length, shape);
      assert.notEqual(decoded, null, form);
      assert.deepEqual(encodeAddress("bind", decoded, shape), bytes, `${form} → ${String(decoded)} encodes differently`);
    }
  });

  test(`the codec of ${name} rejects every rejected form with a TypeError naming the function`, { skip }, () => {
    for (const form of group.rejected) {
      assert.throws(() => encodeAddress("bind", evaluate(form), shape), (e: unknown) => {
        assert.ok(e instanceof TypeError, `${form}: ${String(e)}`);
        assert.match(e.message, /^bind\(\)/, form);
        return true;
      }, form);
    }
  });
}
