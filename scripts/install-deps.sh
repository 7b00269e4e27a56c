#!/usr/bin/env bash
# Installs every Debian 12 package elink needs to build, test and run, or only the packages named
# as arguments (scripts/test-web.sh: Chromium and fonts). Idempotent: packages already present are
# skipped quickly. Needs root or sudo.
set -euo pipefail

PACKAGES=(
  # toolchain and build
  g++ cmake ninja-build pkg-config git clang-format
  # clang for its thread-safety analysis of the annotated locks (scripts/check_thread_safety.sh)
  clang
  # the demo region generator, replayed by a test (scripts/gen_demo_region.py)
  python3
  # tests and benchmarks
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  # CAP 1.2 output is checked against the OASIS schema with xmllint
  libxml2-utils
  # libraries
  libsqlite3-dev sqlite3 libsodium-dev libcli11-dev libtomlplusplus-dev
  libspdlog-dev libfmt-dev nlohmann-json3-dev zlib1g-dev
  # OpenStreetMap import (libosmium is header-only; it reads PBF/XML with these)
  libosmium2-dev libprotozero-dev libexpat1-dev libbz2-dev liblz4-dev
  # Boost (Beast/Asio for the server, Geometry R-trees) and LEMON (min-cost flow)
  libboost-dev liblemon-dev
  # CBC, the exact MILP referee of the coverage solvers' tests and benchmark
  coinor-cbc
)
if [ $# -gt 0 ]; then PACKAGES=("$@"); fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
