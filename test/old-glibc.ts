// An older real C library to run Node under: Debian 11's glibc 2.31 (what
// Ubuntu 20.04, RHEL 8 and Amazon Linux 2023's neighbours carry), with the
// C++ runtime Node needs, unpacked from Debian's archive into a folder and
// used through its own dynamic loader:
//
//   <root>/lib64/ld-linux-x86-64.so.2 --library-path <root's lib dirs> node ...
//
// apt-get does the fetching with a private source list and state, so the
// machine's own apt configuration is untouched. Official Node 20 needs glibc
// 2.28, so it runs there itself.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const SUITE = "bullseye";
const PACKAGES = ["libc6", "libstdc++6", "libgcc-s1"];
const KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg";

export interface OldGlibc {
  /** Runs `argv` under the old C library: [loader, --library-path, dirs, ...argv]. */
  command(argv: string[]): string[];
}

/** The archive the machine's apt already uses for Debian, or Debian's own. */
function debianMirror(): string {
  for (const file of ["/etc/apt/sources.list.d/debian.sources", "/etc/apt/sources.list"]) {
    if (!existsSync(file)) continue;
    const text = execFileSync("cat", [file], { encoding: "utf8" });
    const uri = /^URIs:\s*(\S+\/debian)\s*$/m.exec(text)?.[1] ?? /^deb\s+(?:\[[^\]]*\]\s+)?(\S+\/debian)\s/m.exec(text)?.[1];
    if (uri) return uri;
  }
  return "http://deb.debian.org/debian";
}

/**
 * Debian 11's C library unpacked under `dir`, or the reason it cannot be
 * had here (no apt-get, no archive key, the archive unreachable).
 */
export function fetchOldGlibc(dir: string): OldGlibc | string {
  if (!existsSync("/usr/bin/apt-get") || !existsSync("/usr/bin/dpkg-deb")) return "apt-get and dpkg-deb are needed to fetch Debian 11's C library";
  if (!existsSync(KEYRING)) return `${KEYRING} is missing (debian-archive-keyring)`;
  const state = join(dir, "apt");
  for (const sub of ["lists/partial", "cache/archives/partial", "debs"]) mkdirSync(join(state, sub), { recursive: true });
  writeFileSync(join(state, "status"), "");
  writeFileSync(join(state, "sources.list"), `deb [signed-by=${KEYRING}] ${debianMirror()} ${SUITE} main\n`);
  const options = [
    "-o", `Dir::Etc::SourceList=${join(state, "sources.list")}`, "-o", "Dir::Etc::SourceParts=/nonexistent",
    "-o", `Dir::State::Lists=${join(state, "lists")}`, "-o", `Dir::Cache=${join(state, "cache")}`,
    // An empty package status: the machine's newer installed versions must
    // not be what "download" picks.
    "-o", `Dir::State::status=${join(state, "status")}`,
    "-o", "APT::Architecture=amd64", "-o", "Acquire::Retries=1", "-o", "Acquire::http::Timeout=30",
    "-o", "Debug::NoLocking=1", "-qq",
  ];
  try {
    execFileSync("apt-get", [...options, "update"], { stdio: "pipe", timeout: 180_000 });
    execFileSync("apt-get", [...options, "download", ...PACKAGES], { cwd: join(state, "debs"), stdio: "pipe", timeout: 180_000 });
  } catch (error) {
    const detail = (error as { stderr?: Buffer }).stderr?.toString().trim().split("\n").slice(-2).join(" ") ?? String(error);
    return `Debian's archive could not be reached for ${SUITE}'s ${PACKAGES.join(", ")}: ${detail}`;
  }
  const root = join(dir, "root");
  for (const deb of readdirSync(join(state, "debs")).filter((f) => f.endsWith(".deb"))) {
    execFileSync("dpkg-deb", ["-x", join(state, "debs", deb), root], { timeout: 60_000 });
  }
  // lib64/ld-linux-x86-64.so.2 links to an absolute path: the one beside libc.
  const loader = join(root, "lib", "x86_64-linux-gnu", "ld-linux-x86-64.so.2");
  if (!existsSync(loader)) return `${SUITE}'s libc6 has no ${loader}`;
  const libraryPath = ["lib/x86_64-linux-gnu", "usr/lib/x86_64-linux-gnu"].map((d) => join(root, d)).join(":");
  return { command: (argv) => [loader, "--library-path", libraryPath, ...argv] };
}
