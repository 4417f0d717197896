// Editors show the doc comments of the shipped declarations: every public
// function and Socket method has one, with an @param for each parameter and
// an @returns when it returns something. Read from dist/src/*.d.ts, as an
// editor reads them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import * as socket from "../src/index.js";
import { repo } from "./typecheck.js";

const dir = join(repo, "dist", "src");
const declarations = readdirSync(dir).filter((f) => f.endsWith(".d.ts")).map((f) => readFileSync(join(dir, f), "utf8")).join("\n");
const socketDeclarations = readFileSync(join(dir, "socket.d.ts"), "utf8");

interface Problem {
  name: string;
  missing: string;
}

/** The doc comment right before `at` in `text`, or null. */
function commentBefore(text: string, at: number): string | null {
  const before = text.slice(0, at).trimEnd();
  if (!before.endsWith("*/")) return null;
  return before.slice(before.lastIndexOf("/**"));
}

/** The parameter names of the signature that starts at `at` (its first line up to the closing parenthesis). */
function parameters(text: string, at: number): string[] {
  const open = text.indexOf("(", at);
  let depth = 0;
  let end = open;
  for (; end < text.length; end++) {
    const c = text[end];
    if (c === "(" || c === "<" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === ">" || c === "]" || c === "}") depth--;
    if (depth === 0) break;
  }
  const inside = text.slice(open + 1, end);
  const names: string[] = [];
  let level = 0;
  let start = 0;
  for (let i = 0; i <= inside.length; i++) {
    const c = inside[i];
    if (c === "(" || c === "<" || c === "[" || c === "{") level++;
    else if (c === ")" || c === ">" || c === "]" || c === "}") level--;
    else if ((c === "," && level === 0) || i === inside.length) {
      const name = /^\s*(?:\.\.\.)?([A-Za-z_$][\w$]*)\??\s*:/.exec(inside.slice(start, i))?.[1];
      if (name !== undefined) names.push(name);
      start = i + 1;
    }
  }
  return names;
}

function check(name: string, text: string, at: number, returnsVoid: boolean): Problem[] {
  const comment = commentBefore(text, at);
  if (comment === null) return [{ name, missing: "a doc comment" }];
  const problems: Problem[] = [];
  for (const p of parameters(text, at)) {
    if (!new RegExp(`@param ${p}\\b`).test(comment)) problems.push({ name, missing: `@param ${p}` });
  }
  if (!returnsVoid && !comment.includes("@returns")) problems.push({ name, missing: "@returns" });
  return problems;
}

/** Whether the first signature at `at` returns void (or Promise<void>). */
function voidAt(text: string, at: number): boolean {
  const line = text.slice(at, text.indexOf(";\n", at));
  return /\):\s*(void|Promise<void>)$/.test(line.trim());
}

test("every exported function has a doc comment with @param for each parameter and @returns", () => {
  const functions = Object.entries(socket).filter(([n, v]) => typeof v === "function" && !/^[A-Z][a-z]/.test(n) && !/Error$|^error$|^gaierror$|^herror$|^timeout$/.test(n) && !["AddressFamily", "SocketKind", "MsgFlag", "AddressInfo"].includes(n));
  assert.ok(functions.length > 40, `${functions.length} functions`);
  const problems: Problem[] = [];
  for (const [name] of functions) {
    const m = new RegExp(`export declare function ${name}\\b`).exec(declarations);
    if (m === null) {
      problems.push({ name, missing: "a declaration (is it an alias?)" });
      continue;
    }
    const text = declarations;
    problems.push(...check(name, text, m.index, voidAt(text, m.index)));
  }
  assert.deepEqual(problems, []);
});

test("every public Socket method has a doc comment with @param for each parameter and @returns", () => {
  const methods = Object.getOwnPropertyNames(socket.Socket.prototype).filter((n) => n !== "constructor" && typeof Object.getOwnPropertyDescriptor(socket.Socket.prototype, n)!.value === "function");
  const problems: Problem[] = [];
  for (const name of methods) {
    const m = new RegExp(`\\n    ${name}(<[^(]*>)?\\(`).exec(socketDeclarations);
    if (m === null) {
      problems.push({ name, missing: "a declaration" });
      continue;
    }
    const at = m.index + 1;
    problems.push(...check(`Socket.${name}`, socketDeclarations, at, voidAt(socketDeclarations, at)));
  }
  assert.deepEqual(problems, []);
});
