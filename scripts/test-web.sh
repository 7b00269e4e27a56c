#!/usr/bin/env bash
# Builds and tests the dashboard (web/): installs Debian's Chromium (and CJK fonts for readable
# screenshots) when missing, then `npm ci`, the API types generated from `elink openapi`, the type
# check and production build, redocly lint of that OpenAPI document (any warning fails), the Vitest
# unit tests, and the end-to-end tests that drive Chromium against a real `elink serve`.
#
# The type generation and the e2e tests need an elink binary: ELINK_BIN (relative to the repository
# root or absolute), else build/ci/tools/elink, else build/release/tools/elink. Screenshots go to
# out/test-artifacts/screenshots/. Exits non-zero on any failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# ---- system packages: Debian's Chromium, and CJK fonts so that screenshots are readable ----
bash scripts/install-deps.sh chromium fonts-noto-cjk

# ---- Node ----
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "test-web: node and npm are needed (Node 20.19 or newer)" >&2
  exit 1
fi
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
  echo "test-web: Node $(node --version) is too old; Vite needs 20.19 or newer" >&2
  exit 1
fi

# The API types are generated from `$ELINK_BIN openapi` (web/scripts/gen-api.mjs) and the e2e tests
# run it: one binary for both, passed to npm in the environment.
if [ -z "${ELINK_BIN:-}" ]; then
  if [ -x "$ROOT/build/ci/tools/elink" ]; then
    ELINK_BIN="build/ci/tools/elink"
  elif [ -x "$ROOT/build/release/tools/elink" ]; then
    ELINK_BIN="build/release/tools/elink"
  else
    echo "test-web: no elink binary (build/ci or build/release); set ELINK_BIN" >&2
    exit 1
  fi
fi
export ELINK_BIN

cd web
echo "test-web: npm ci"
npm ci --no-audit --no-fund --loglevel=error

echo "test-web: the OpenAPI document and the API types from $ELINK_BIN openapi"
npm run gen:api

# redocly lint (web/redocly.yaml) of that document: any error or warning fails the run, but after
# the build and the tests (so that they still say what they have to say).
echo "test-web: redocly lint of the OpenAPI document"
lint_status=0
node scripts/lint-api.mjs || lint_status=$?

echo "test-web: type check and build"
npm run build

echo "test-web: unit tests"
npm test

echo "test-web: end-to-end tests with $ELINK_BIN"
node --test --test-concurrency=1 e2e/

if [ "$lint_status" -ne 0 ]; then
  echo "test-web: the OpenAPI document has problems (redocly lint above): failing" >&2
  exit 1
fi
