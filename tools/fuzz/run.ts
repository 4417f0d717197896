// npm run fuzz -- [--seed N] [--calls N] [--chunk N] [--jobs N] [--verbose]
// Prints the seed first (a run is replayed with the same --seed, --calls and
// --chunk; one child's calls with --seed <its seed> --calls <chunk>
// --verbose), then the outcome classes and samples of the severe ones.
// Exits 1 if a severe outcome is not a known issue (./classify.ts).
import { randomInt } from "node:crypto";
import { CLASSES } from "./classify.js";
import { runCampaign } from "./campaign.js";

const argv = process.argv.slice(2);
function option(name: string, fallback: number): number {
  const i = argv.indexOf(name);
  if (i < 0) return fallback;
  const n = Number(argv[i + 1]);
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`fuzz: ${name} must be a non-negative integer, not ${argv[i + 1]}`);
  return n;
}

const seed = option("--seed", randomInt(2 ** 32));
const calls = option("--calls", 100_000);
const chunk = option("--chunk", 5000);
const jobs = option("--jobs", 2);
console.log(`fuzz: seed ${seed}, ${calls} calls, ${chunk} per child, ${jobs} at a time`);
const started = Date.now();
const result = await runCampaign({ seed, calls, chunk, jobs, verbose: argv.includes("--verbose"),
  log: argv.includes("--quiet") ? undefined : (line) => console.log(line) });
console.log(`fuzz: seed ${seed}, ${calls} calls in ${((Date.now() - started) / 1000).toFixed(1)} s,` +
  ` ${result.isolated ? "in namespaces of its own" : "NOT isolated (no root or unshare): local names only"}`);
for (const c of CLASSES) console.log(`  ${c.padEnd(20)} ${result.counts[c]}`);
console.log(`  (calls still pending when their child ended: ${result.pendingAtEnd})`);
for (const s of result.samples) {
  console.log(`${s.known ? "known  " : "SEVERE "} ${s.signature}\n        call ${s.call}: ${s.what.slice(0, 300)}\n        replay: npm run fuzz -- --seed ${s.seed} --calls ${chunk} --chunk ${chunk} --verbose`);
}
process.exitCode = result.unknownSevere > 0 ? 1 : 0;
