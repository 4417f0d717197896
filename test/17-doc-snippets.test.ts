// The documentation cannot drift from the code: every ```ts snippet in
// README.md and docs/*.md is type-checked, strictly, against the built
// declarations, and those marked ```ts run are run.
//
// Rules for snippets:
// - Each one is its own module. `import * as socket from "bsdsock";` is
//   added to one that imports nothing from "bsdsock".
// - One that uses these names without declaring them gets them declared
//   (types only; such a snippet is not runnable): `tcp` (a connected TCP
//   socket), `udp` (a UDP socket), `server` (a listening TCP socket), `unix`
//   (a connected Unix stream socket), `sock` (a socket of any family).
// - ```ts run: run with node, after type-checking. It must use only the
//   loopback, end by itself within 20 seconds and exit 0.
// - Other code blocks (```sh, ```text, ```python) are not checked.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { project, repo } from "./typecheck.js";
import { lacks } from "./runtime.js";
import { WIN, skipWholeFile } from "./platform.js";

const { test } = skipWholeFile(lacks({ win32: WIN.tsc }));

interface Snippet {
  file: string; // where it is: "docs/api.md:123"
  code: string;
  run: boolean;
}

const PRELUDE: Readonly<Record<string, string>> = {
  tcp: 'socket.Socket<socket.AddressFamily<"AF_INET">, socket.SocketKind<"SOCK_STREAM">>',
  udp: 'socket.Socket<socket.AddressFamily<"AF_INET">, socket.SocketKind<"SOCK_DGRAM">>',
  server: 'socket.Socket<socket.AddressFamily<"AF_INET">, socket.SocketKind<"SOCK_STREAM">>',
  unix: 'socket.Socket<socket.AddressFamily<"AF_UNIX">, socket.SocketKind<"SOCK_STREAM">>',
  sock: "socket.Socket",
};

function snippetsOf(relative: string): Snippet[] {
  const lines = readFileSync(join(repo, relative), "utf8").split("\n");
  const out: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```ts( run)?\s*$/.exec(lines[i]!);
    if (open === null) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end] !== "```") end++;
    assert.ok(end < lines.length, `${relative}:${i + 1}: unclosed code block`);
    out.push({ file: `${relative}:${i + 1}`, code: lines.slice(start, end).join("\n"), run: open[1] !== undefined });
    i = end;
  }
  return out;
}

/** The snippet as a module: the import and the declarations it relies on. */
function moduleOf(s: Snippet): string {
  const head: string[] = [];
  if (!/from "bsdsock"/.test(s.code)) head.push('import * as socket from "bsdsock";');
  for (const [name, type] of Object.entries(PRELUDE)) {
    const used = new RegExp(`\\b${name}\\b`).test(s.code);
    // Declared: `const tcp`, `function tcp`, or a destructuring with `=` (not `for (const [a] of tcp)`).
    const declared = new RegExp(`(?:const|let|var|using|function)\\s+${name}\\b|(?:const|let|var|using)\\s+[\\[{][^=\\n]*\\b${name}\\b[^=\\n]*=(?!=)`).test(s.code);
    if (used && !declared) {
      assert.ok(!s.run, `${s.file}: a runnable snippet must declare ${name} itself`);
      head.push(`declare const ${name}: ${type};`);
    }
  }
  // `export {}` keeps a snippet without imports a module (top-level await).
  return `${head.join("\n")}\n${s.code}\nexport {};\n`;
}

const docs = ["README.md", ...readdirSync(join(repo, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
const snippets = docs.flatMap(snippetsOf);
const names = snippets.map((_, i) => `snippet${i}.ts`);

test("the documentation has TypeScript snippets in README.md, docs/api.md and docs/python.md, some runnable", () => {
  for (const file of ["README.md", "docs/api.md", "docs/python.md"]) {
    assert.ok(snippets.some((s) => s.file.startsWith(`${file}:`)), `${file} has snippets`);
  }
  assert.ok(snippets.filter((s) => s.run).length >= 3);
});

test("every snippet type-checks (strict, module nodenext) against the built declarations; the runnable ones run", () => {
  const p = project(Object.fromEntries(snippets.map((s, i) => [names[i]!, moduleOf(s)])), true);
  try {
    // Name each diagnostic by the snippet's place in the documentation.
    const diagnostics = p.diagnostics.replace(/^snippet(\d+)\.ts\((\d+),(\d+)\)/gm, (_, k: string, line: string) =>
      `${snippets[Number(k)]!.file} (module line ${line})`);
    assert.equal(diagnostics, "");
    for (const [i, s] of snippets.entries()) {
      if (!s.run) continue;
      const r = spawnSync(process.execPath, [join(p.dir, "out", names[i]!.replace(/\.ts$/, ".js"))], { cwd: p.dir, encoding: "utf8", timeout: 20_000 });
      assert.equal(r.status, 0, `${s.file} exited with ${r.status} (${r.signal ?? "no signal"}):\n${r.stdout}\n${r.stderr}`);
    }
  } finally {
    p.dispose();
  }
});
