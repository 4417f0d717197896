// The public types, as a strict project (strict, module nodenext) sees
// them: test/types/first-program.ts (the first program: UDP server,
// createConnection, getsockopt, sendFds/recvFds, getaddrinfo, batched
// datagrams, the short address forms) compiles with no cast, and each
// mistake in test/types/expect-errors.ts is a compile error.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repo, runTsc, typecheck } from "./typecheck.js";
import { lacks } from "./runtime.js";
import { WIN, skipWholeFile } from "./platform.js";

const { test } = skipWholeFile(lacks({ win32: WIN.tsc }));

const fixtures = join(repo, "test", "types");

test("the fixtures compile against the package as installed (its exports and types)", () => {
  assert.equal(runTsc(fixtures), "");
});

test("the first program uses no cast", () => {
  const text = readFileSync(join(fixtures, "first-program.ts"), "utf8");
  assert.doesNotMatch(text, /\bas\s+(unknown|any|socket\.)|<[A-Za-z.]+>\s*\w/);
});

test("every expected error is one: without its directive, each line fails to compile", () => {
  const text = readFileSync(join(fixtures, "expect-errors.ts"), "utf8");
  const lines = text.split("\n");
  const expected = lines.flatMap((line, i) => (line.startsWith("// @ts-expect-error") ? [i + 2] : []));
  assert.ok(expected.length >= 10, `${expected.length} cases`);
  // Blank the directives (keeping line numbers), then every case must be reported.
  const bare = lines.map((line) => (line.startsWith("// @ts-expect-error") ? "" : line)).join("\n");
  const output = typecheck({ "expect-errors.ts": bare });
  const failing = new Set([...output.matchAll(/^expect-errors\.ts\((\d+),\d+\): error/gm)].map((m) => Number(m[1])));
  for (const line of expected) assert.ok(failing.has(line), `line ${line} (${lines[line - 1]}) compiles:\n${output}`);
});

test("the enum objects are typed by name: a known name is its constant's type", () => {
  const output = typecheck({
    "enums.ts": [
      'import * as socket from "bsdsock";',
      "const inet: socket.AddressFamily<\"AF_INET\"> = socket.AddressFamily.AF_INET;",
      "const kind: socket.SocketKind = socket.SocketKind.SOCK_DGRAM;",
      "const name: string | undefined = socket.AddressFamily(inet);",
      "const s = socket.socket(socket.AddressFamily.AF_INET6, kind);",
      "const [host, port, flowinfo, scopeId] = s.getsockname();",
      "console.log(name, host, port, flowinfo, scopeId);",
    ].join("\n"),
  });
  assert.equal(output, "");
});
