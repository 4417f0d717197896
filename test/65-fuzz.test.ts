// The fuzzer (tools/fuzz, `npm run fuzz`) in the suite: a short run with a
// fixed seed must end with no crash, no hang, no unhandled rejection and no
// internal error (issue 10), and the fuzzer must be seen to detect a crash
// and a hang of its children, so that its zeros mean something.
import assert from "node:assert/strict";
import { runCampaign } from "../tools/fuzz/campaign.js";
import { checkNoLeaks } from "./helpers.js";
import { lacks } from "./runtime.js";
import { skipWholeFile, WIN } from "./platform.js";

const { test } = skipWholeFile(lacks({ win32: WIN.fuzz }));

checkNoLeaks();

test("6,000 fuzzed calls (seed 20261202): no crash, hang, unhandled rejection or internal error", async () => {
  const r = await runCampaign({ seed: 20261202, calls: 6000, chunk: 1500, jobs: 2 });
  const unknown = r.samples.filter((s) => !s.known).map((s) => `${s.signature} at call ${s.call} of seed ${s.seed}: ${s.what}`);
  assert.deepEqual(unknown, [], "severe outcomes that are not known issues");
  assert.equal(r.unknownSevere, 0, JSON.stringify(r.counts));
  // The calls reached the library: results, argument errors and OS errors all came back.
  assert.ok(r.counts.result > 500 && r.counts["argument-error"] > 500 && r.counts.oserror > 20, JSON.stringify(r.counts));
});

test("a child that aborts is counted as a crash, one that stops as a hang", async () => {
  const crashed = await runCampaign({ seed: 1, calls: 200, chunk: 200, jobs: 1, selfTest: "crash" });
  assert.equal(crashed.counts.crash, 1);
  assert.equal(crashed.unknownSevere, 1);
  const hung = await runCampaign({ seed: 1, calls: 200, chunk: 200, jobs: 1, selfTest: "hang", hangMs: 1500 });
  assert.equal(hung.counts.hang, 1);
  assert.equal(hung.unknownSevere, 1);
});
