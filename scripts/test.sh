#!/usr/bin/env bash
# Runs every test of elink on a fresh Debian 12 machine: installs what is needed, checks layering
# and formatting, builds with warnings as errors, and runs the whole suite twice: in the release
# build and in the AddressSanitizer + UndefinedBehaviorSanitizer build; between the two, the
# dashboard (scripts/test-web.sh: its API types from the binary's OpenAPI document, redocly lint of
# that document, unit and end-to-end tests) against the release binary.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-$(nproc)}

bash scripts/install-deps.sh
bash scripts/check_layering.sh
bash scripts/check_thread_safety.sh
bash scripts/format.sh --check

echo "== release build (warnings are errors, every public header compiled alone)"
cmake --preset ci >/dev/null
cmake --build --preset ci -j "$JOBS"
ctest --preset ci -j "$JOBS"

echo "== dashboard (API types from elink openapi, build, redocly lint, Vitest, Playwright on Chromium)"
ELINK_BIN=build/ci/tools/elink bash scripts/test-web.sh

echo "== sanitizer build (ASan + UBSan)"
cmake --preset ci-asan >/dev/null
cmake --build --preset ci-asan -j "$JOBS"
ctest --preset ci-asan -j "$JOBS"
