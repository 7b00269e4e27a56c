#!/usr/bin/env bash
# Fails when a module includes a module it may not use (DESIGN.md "Layers"), or another module's
# internal/ headers. Linking catches calls against the arrows; this catches header-only uses.
set -euo pipefail
cd "$(dirname "$0")/.."

allowed() {
  case "$1" in
    util) echo "util" ;;
    core) echo "util core" ;;
    store) echo "util core store" ;;
    geo) echo "util geo" ;;
    # The domains (engine/registry.hpp): each on core, a few on each other where one's commands
    # make another's events (dispatch makes units' and tasks' events).
    region|units|tasks|auth) echo "util core $1" ;;
    warning|logistics|coverage) echo "util core store geo $1" ;;
    dispatch) echo "util core store geo coverage units tasks dispatch" ;;
    engine) echo "util core store geo region units tasks dispatch logistics coverage warning auth engine" ;;
    api|federation|sim) echo "util core store geo region units tasks dispatch logistics coverage warning auth engine $1" ;;
    app) echo "util core store geo region units tasks dispatch logistics coverage warning auth engine api federation sim app" ;;
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
