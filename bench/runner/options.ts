// The command line of `npm run bench`.
import { IMPLEMENTATIONS, type Impl, type Mode, WORKLOADS } from "../workloads.js";
import { RUNTIMES, type Runtime } from "./runtimes.js";

export type Pinning = "same" | "split";

export interface Options {
  mode: Mode;
  runs: number;
  workloads: string[];
  impls: Impl[];
  pinnings: Pinning[];
  /** Directory for the JSON results; null: do not write any. */
  out: string | null;
  /** Print the Markdown table of this results file instead of running. */
  markdown: string | null;
  /** The runtime of the TypeScript implementations' processes. */
  runtime: Runtime;
}

export const USAGE = `usage: npm run bench -- [options]

  --quick            short runs, 1 per cell (the whole table in about a minute and a half)
  --runs N           runs per cell (default 5; quick: 1)
  --only a,b         workloads to run (${WORKLOADS.map((w) => w.name).join(", ")})
  --impl a,b         implementations to run (${IMPLEMENTATIONS.join(", ")})
  --pin same,split   same-core (both processes on CPU 0) and/or split-core (CPU 0 and 1)
  --out DIR          where to write the JSON results (default bench/results)
  --no-save          do not write JSON results
  --smoke            tiny counts, for checking the plumbing only (figures mean nothing)
  --markdown FILE    print the README's table for a results file, and run nothing
  --runtime R        run the TypeScript processes on node (default), deno or bun: by
                     default then the ping-pongs only, with the runtime's own API ("own")
  --help             this text`;

/** The value after `flag`, which must be there and not empty. */
function required(flag: string, value: string | undefined, what = "a value"): string {
  if (value === undefined || value === "") throw new Error(`${flag} needs ${what}`);
  return value;
}

function list<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T[] {
  const items = required(flag, value).split(",");
  for (const item of items) {
    if (!allowed.includes(item as T)) throw new Error(`${flag}: unknown "${item}" (one of ${allowed.join(", ")})`);
  }
  return items as T[];
}

export function parseOptions(argv: readonly string[], defaultOut: string): Options | null {
  const o: Options = {
    mode: "full",
    runs: 0,
    workloads: WORKLOADS.map((w) => w.name),
    impls: [...IMPLEMENTATIONS],
    pinnings: ["same", "split"],
    out: defaultOut,
    markdown: null,
    runtime: "node",
  };
  let impls: Impl[] | null = null;
  let workloads: string[] | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    switch (arg) {
      case "--help":
      case "-h":
        return null;
      case "--quick":
        o.mode = "quick";
        break;
      case "--smoke":
        o.mode = "smoke";
        break;
      case "--runs": {
        const n = Number(argv[++i]);
        if (!Number.isInteger(n) || n < 1 || n > 100) throw new Error("--runs must be an integer 1-100");
        o.runs = n;
        break;
      }
      case "--only":
        workloads = list(arg, argv[++i], WORKLOADS.map((w) => w.name));
        break;
      case "--impl":
        impls = list(arg, argv[++i], IMPLEMENTATIONS);
        break;
      case "--pin":
        o.pinnings = list(arg, argv[++i], ["same", "split"] as const);
        break;
      case "--out":
        o.out = required(arg, argv[++i], "a directory");
        break;
      case "--no-save":
        o.out = null;
        break;
      case "--runtime":
        o.runtime = list(arg, argv[++i], RUNTIMES)[0]!;
        break;
      case "--markdown":
        o.markdown = required(arg, argv[++i], "a results file");
        break;
      default:
        throw new Error(`unknown option ${arg}`);
    }
  }
  if (o.runs === 0) o.runs = o.mode === "full" ? 5 : 1;
  // On Node, "own" is node:net; elsewhere the C floor is the same for all.
  const other = o.runtime !== "node";
  o.impls = impls ?? IMPLEMENTATIONS.filter((i) => (other ? i !== "c" : i !== "own"));
  o.workloads = workloads ?? WORKLOADS.filter((w) => !other || w.impls.includes("own")).map((w) => w.name);
  if (!other && o.impls.includes("own")) throw new Error('--impl own needs --runtime deno or bun');
  return o;
}
