// Shared test helpers: descriptor accounting, temporary paths, and bounded
// waiting. Every test file calls `checkNoLeaks()` so the suite as a whole
// proves that no descriptor leaks.
import { after, before } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The number of open descriptors of this process. */
export function openFdCount(): number {
  return readdirSync("/proc/self/fd").length - 1; // minus the one readdir opened
}

/** Asserts, after the file's tests, that they left as many descriptors
 *  open as there were before. Collected sockets are given a chance to be
 *  finalized first only if the test file asks (gc: true). */
export function checkNoLeaks(): void {
  let before_ = 0;
  before(() => {
    before_ = openFdCount();
  });
  after(async () => {
    // Let pending closes of the event loop settle.
    await new Promise((r) => setImmediate(r));
    assert.equal(openFdCount(), before_, "descriptors leaked by this test file");
  });
}

/** A fresh temporary directory, removed after the file's tests. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "bsdsock-test-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Rejects if `promise` has not settled within `ms` (keeps tests bounded). */
export function within<T>(promise: Promise<T>, ms = 5000, what = "operation"): Promise<T> {
  let timer: NodeJS.Timeout;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/** Whether a promise is still pending after the current turns of the loop. */
export async function isPending(promise: Promise<unknown>): Promise<boolean> {
  const marker = Symbol("pending");
  const result = await Promise.race([promise.then(() => null, () => null), new Promise((r) => setImmediate(() => r(marker)))]);
  return result === marker;
}
