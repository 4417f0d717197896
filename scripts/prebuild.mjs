// Copies the addon built in build/Release into prebuilds/<platform>-<arch>/,
// where the loader (src/binding.ts) looks first: run by `prepack`, so the
// published package carries a binary that installs without a compiler.
// It copies rather than moves, so the working tree keeps its own build.
// The addon uses Node-API only, so one binary serves every Node version.
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(root, "prebuilds", `${process.platform}-${process.arch}`);
rmSync(join(root, "prebuilds"), { recursive: true, force: true });
mkdirSync(target, { recursive: true });
copyFileSync(join(root, "build", "Release", "bsdsock.node"), join(target, "bsdsock.napi.node"));
console.log(`prebuild: ${join("prebuilds", `${process.platform}-${process.arch}`, "bsdsock.napi.node")}`);
