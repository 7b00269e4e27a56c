#!/usr/bin/env bash
# clang-format over every C++ file we own. --check fails and prints the patch instead of fixing.
set -euo pipefail
cd "$(dirname "$0")/.."
files=$(git ls-files '*.cpp' '*.hpp' 2>/dev/null || find src tests tools bench -name '*.[ch]pp')
[ -n "$files" ] || exit 0
if [ "${1:-}" = "--check" ]; then
  status=0
  for f in $files; do
    if ! diff -u "$f" <(clang-format --style=file "$f") >/tmp/elink-format.diff; then
      cat /tmp/elink-format.diff
      status=1
    fi
  done
  [ $status -eq 0 ] && echo "format: $(echo "$files" | wc -w) files clean"
  exit $status
fi
clang-format -i --style=file $files
