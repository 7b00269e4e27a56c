#!/usr/bin/env bash
# Fails when a module includes a module it may not use (DESIGN.md "Layers"), or another module's
# internal/ headers. Linking catches calls against the arrows; this catches header-only uses.
set -euo pipefail
cd "$(dirname "$0")/.."

allowed() {
  case "$1" in
    util) echo "util" ;;
    core) echo "util core" ;;
    auth) echo "util core auth" ;;
    store) echo "util core store" ;;
    geo) echo "util geo" ;;
    dispatch|logistics|coverage|warning) echo "util core store geo $1" ;;
    engine) echo "util core store geo dispatch logistics coverage warning engine" ;;
    api) echo "util core auth store geo dispatch logistics coverage warning engine api" ;;
    federation|sim) echo "util core store geo dispatch logistics coverage warning engine $1" ;;
    app) echo "util core auth store geo dispatch logistics coverage warning engine api federation sim app" ;;
    *) echo "" ;;
  esac
}

status=0
for dir in src/*/; do
  module=$(basename "$dir")
  ok=$(allowed "$module")
  if [ -z "$ok" ]; then
    echo "layering: unknown module src/$module (add it to scripts/check_layering.sh)"
    status=1
    continue
  fi
  while IFS=: read -r file line inc; do
    target=$(echo "$inc" | sed -E 's/.*#include "([a-z_]+)\/.*/\1/')
    path=$(echo "$inc" | sed -E 's/.*#include "([^"]+)".*/\1/')
    if ! echo " $ok " | grep -q " $target "; then
      echo "layering: $file:$line: $module may not include $path"
      status=1
    fi
    if [ "$target" != "$module" ] && echo "$path" | grep -q "/internal/"; then
      echo "layering: $file:$line: $path is internal to $target"
      status=1
    fi
  done < <(grep -rn '#include "[a-z_]*/' "$dir" || true)
done
[ $status -eq 0 ] && echo "layering: ok"
exit $status
