#!/usr/bin/env bash
# clang-tidy over our sources, using the compile commands of a configured build (default: ci).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/ci}
[ -f "$build/compile_commands.json" ] || cmake --preset ci >/dev/null
files=$(git ls-files 'src/*.cpp' 'tools/*.cpp')
run-clang-tidy -quiet -p "$build" $files 2>/dev/null || clang-tidy -p "$build" --quiet $files
