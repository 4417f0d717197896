#!/usr/bin/env bash
# Debian packages the platform tests use, installed once (idempotent, quick
# when already there): qemu's user-mode emulator and Debian's arm64 C and C++
# libraries for the arm64 run (scripts/test-arm64.mjs), and musl's dynamic
# loaders (x86-64 and arm64) that test/30-pack.test.ts loads the musl binaries with;
# and Wine 8 (wine, the launcher, and wine64, without the 32-bit half), which
# runs Node's Windows build for scripts/ci/test-wine.mjs. Wine is the largest:
# its three packages are 97 MB to download and 655 MB unpacked (here: 2 s to
# download from Debian's mirror, 4 s to unpack), plus the libraries they
# pull in that a minimal Debian lacks; expect a minute or two cold.
set -euo pipefail
want=(qemu-user-static musl musl:arm64 libc6:arm64 libstdc++6:arm64 wine wine64)
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "apt-deps: not root, cannot install ${missing[*]}; the tests that need them skip" >&2
  exit 0
fi
dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
