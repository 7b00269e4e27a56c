#!/usr/bin/env bash
# Clang's thread-safety analysis (-Wthread-safety) over every source that uses the annotations of
# util/thread_annotations.hpp (ELINK_GUARDED_BY, ELINK_REQUIRES, util::MutexLock): a member read
# or written without its mutex fails the check. g++ builds ignore the annotations; this is where
# they are enforced. Syntax only, a few seconds a file.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang++ >/dev/null || { echo "check_thread_safety: clang++ is needed (scripts/install-deps.sh)" >&2; exit 2; }
files=()
for f in $(git ls-files 'src/*.cpp'); do
  header="${f%.cpp}.hpp"
  # Annotated here, in its own header, or through a header that is annotated (a lending pool).
  pattern='ELINK_(GUARDED_BY|REQUIRES|EXCLUDES)|util::MutexLock|util/(lending_pool|work_pool|thread_annotations)\.hpp'
  if grep -qE "$pattern" "$f" || { [ -f "$header" ] && grep -qE "$pattern" "$header"; }; then
    files+=("$f")
  fi
done
[ ${#files[@]} -gt 0 ] || { echo "check_thread_safety: no annotated source found" >&2; exit 1; }
status=0
for f in "${files[@]}"; do
  if ! clang++ -std=c++20 -fsyntax-only -Wthread-safety -Werror -Isrc "$f"; then
    echo "check_thread_safety: $f" >&2
    status=1
  fi
done
[ $status -eq 0 ] && echo "thread safety: ${#files[@]} annotated sources clean"
exit $status
