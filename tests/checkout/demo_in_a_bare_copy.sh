#!/usr/bin/env bash
# The README's first command on a clone with nothing beside it: copies the checkout's own files
# (what git tracks, plus new files not ignored; no build outputs) into an empty folder, then runs
# scripts/demo.sh there with ELINK_DEMO_SERVE=0, using the elink binary given (ELINK_BIN, so that
# the test does not build elink a second time). Fails if the demo fails or reads anything from
# beside the copy, which it cannot find there.
# Usage: tests/checkout/demo_in_a_bare_copy.sh ELINK_BINARY   (from the repository root)
set -euo pipefail
bin=$(realpath "$1")
root=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
copy="$tmp/elink"
mkdir "$copy"

if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$root" && git ls-files -z --cached --others --exclude-standard) |
    while IFS= read -r -d '' f; do
      [ -f "$root/$f" ] || continue  # deleted in the working tree
      mkdir -p "$copy/$(dirname "$f")"
      cp -p "$root/$f" "$copy/$f"
    done
else
  tar -C "$root" --exclude=./build --exclude=./out --exclude=./web/node_modules \
    --exclude=./web/dist --exclude=./.git -cf - . | tar -C "$copy" -xf -
fi
[ "$(ls -A "$tmp")" = "elink" ] || { echo "the copy is not alone in $tmp" >&2; exit 1; }
[ ! -e "$copy/build" ] || { echo "build outputs were copied" >&2; exit 1; }

log="$tmp/demo.log"
if ! (cd "$copy" && ELINK_DEMO_SERVE=0 ELINK_BIN="$bin" ELINK_LANG=en \
      bash scripts/demo.sh --pace-ms 0) >"$log" 2>&1; then
  cat "$log"
  echo "FAILED: scripts/demo.sh in a bare copy of the checkout" >&2
  exit 1
fi
# The steps the README promises, in the order it promises them.
for expect in "Demo done" "wrote road graph" "plan activated" "ETA" "dispatched to incident" \
  "Joint assignment" "hash chain intact"; do
  if ! grep -q -i -- "$expect" "$log"; then
    cat "$log"
    echo "FAILED: the demo's output lacks \"$expect\"" >&2
    exit 1
  fi
done
echo "demo ran to the end in $copy ($(wc -l <"$log") lines of output)"
