#!/usr/bin/env bash
# Installs what ruchy-jit needs from Debian (when missing; needs root) and
# builds it into build/ with Ninja. Safe to run again: it only rebuilds what
# changed.
#   scripts/setup.sh [extra cmake arguments]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

packages=(build-essential cmake ninja-build ccache pkg-config git
  llvm-19-dev llvm-19-tools libzstd-dev zlib1g-dev
  libgc-dev libabsl-dev libfmt-dev libgtest-dev libgmock-dev libbenchmark-dev
  libcli11-dev nlohmann-json3-dev hyperfine python3)
scripts/install-packages.sh "${packages[@]}"

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build build -j2
