#!/usr/bin/env bash
# The main job for now: builds elink, creates a command center for the demo region (northern San
# Francisco: real fire stations, synthetic grids), runs a narrated shift of real commands on it,
# then shows what the center holds and verifies its hash-chained event log.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-$(nproc)}
LANG_OPT=${ELINK_LANG:-zh-CN}

bash scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$JOBS" --target elink

ELINK=build/release/tools/elink
DB=out/demo/center.db
mkdir -p out/demo
rm -f "$DB" "$DB-wal" "$DB-shm"
"$ELINK" --lang "$LANG_OPT" init --db "$DB" --config data/regions/demo
"$ELINK" --lang "$LANG_OPT" demo --db "$DB" "$@"
echo
"$ELINK" --lang "$LANG_OPT" info --db "$DB"
"$ELINK" --lang "$LANG_OPT" verify-log --db "$DB"
