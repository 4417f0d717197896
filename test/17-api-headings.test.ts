// docs/api.md covers every export: its level-3 headings are compared with
// the module's exports, both ways.
//
// The heading format (follow it when adding a section):
//
//   ### `name(args)` · `nameSync(args)`      a function (twins may share a heading)
//   ### `sock.method(args)` · `sock.methodSync(args)`   a Socket method
//   ### `TypeName` · `OtherType`              a class, a value or a type
//
// Each code span in a `### ` heading names one thing: the identifier it
// starts with (after `sock.`, for Socket methods). Constants need no
// heading: a code span `PREFIX_*` in the Constants section's table covers
// every constant that starts with PREFIX_, and a constant may also be named
// in that table as it is (`SOMAXCONN`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as socket from "../src/index.js";
import { repo } from "./typecheck.js";

const doc = readFileSync(join(repo, "docs", "api.md"), "utf8");
const headings = doc.split("\n").filter((line) => line.startsWith("### "));
const named = headings.flatMap((h) => [...h.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
const moduleNames = new Set(named.filter((n) => !n.startsWith("sock.")).map((n) => /^[A-Za-z_$][\w$]*/.exec(n)?.[0] ?? n));
const methodNames = new Set(named.filter((n) => n.startsWith("sock.")).map((n) => /^sock\.([\w$]+)/.exec(n)?.[1] ?? n));

const constantsSection = doc.slice(doc.indexOf("\n## Constants"), doc.indexOf("\n## ", doc.indexOf("\n## Constants") + 1));
const tableSpans = constantsSection.split("\n").filter((l) => l.startsWith("|")).flatMap((l) => [...l.matchAll(/`([A-Z][A-Z0-9_]*\*?)`/g)].map((m) => m[1]!));
const prefixes = tableSpans.filter((s) => s.endsWith("*")).map((s) => s.slice(0, -1));
const tableNames = new Set(tableSpans.filter((s) => !s.endsWith("*")));

const isConstant = (name: string): boolean => /^[A-Z][A-Z0-9_]*$/.test(name) && typeof (socket as Record<string, unknown>)[name] !== "function";
const runtimeExports = Object.keys(socket);

/** The type-only exports of src/index.ts (`export type { … }` and `type X` in a list). */
function typeExports(): string[] {
  const index = readFileSync(join(repo, "src", "index.ts"), "utf8");
  const names: string[] = [];
  for (const block of index.matchAll(/export type \{([^}]*)\}/g)) names.push(...block[1]!.split(",").map((n) => n.trim()).filter(Boolean));
  for (const m of index.matchAll(/\btype (\w+)(?=\s*[,}\n])/g)) names.push(m[1]!);
  return names.map((n) => n.split(/\s+as\s+/).pop()!);
}

/** The types public-constants.ts exports (AddressFamily… are also values). */
function constantTypes(): string[] {
  const text = readFileSync(join(repo, "src", "public-constants.ts"), "utf8");
  return [...text.matchAll(/^export type (\w+)/gm)].map((m) => m[1]!);
}

test("every value the module exports has a heading (constants: a row of the constants table)", () => {
  const missing = runtimeExports.filter((name) => {
    if (moduleNames.has(name)) return false;
    if (isConstant(name)) return !(tableNames.has(name) || prefixes.some((p) => name.startsWith(p)));
    return true;
  });
  assert.deepEqual(missing, []);
});

test("every type the module exports has a heading", () => {
  const missing = [...typeExports(), ...constantTypes()].filter((name) => !moduleNames.has(name));
  assert.deepEqual(missing, []);
});

test("every public Socket method has a `sock.` heading", () => {
  const methods = Object.getOwnPropertyNames(socket.Socket.prototype).filter((n) => n !== "constructor" && typeof Object.getOwnPropertyDescriptor(socket.Socket.prototype, n)!.value === "function");
  assert.ok(methods.includes("recvmmsg") && methods.includes("connectExSync"));
  assert.deepEqual(methods.filter((m) => !methodNames.has(m)), []);
});

test("no heading names something the module does not have", () => {
  const known = new Set([...runtimeExports, ...typeExports(), ...constantTypes()]);
  assert.deepEqual([...moduleNames].filter((n) => !known.has(n)), []);
  const methods = new Set(Object.getOwnPropertyNames(socket.Socket.prototype));
  assert.deepEqual([...methodNames].filter((m) => !methods.has(m)), []);
});

test("the contents table links every section", () => {
  const sections = doc.split("\n").filter((l) => l.startsWith("## ") && l !== "## Contents").map((l) => l.slice(3));
  const anchor = (title: string): string => `#${title.toLowerCase().replace(/[^a-z0-9 -]/g, "").replace(/ /g, "-")}`;
  for (const title of sections) assert.ok(doc.includes(`](${anchor(title)})`), `contents link to ${title}`);
});
