#!/usr/bin/env bash
# The main job for now: builds elink, creates a command center for the demo region (northern San
# Francisco: real fire stations, synthetic grids), runs a narrated shift of real commands on it,
# builds the road graph from the bundled OpenStreetMap extract, reports a new fire and shows the
# units elink recommends by road travel time, then shows what the center holds and verifies its
# hash-chained event log.
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
# Roads: © OpenStreetMap contributors, ODbL 1.0 (data/PROVENANCE.md).
"$ELINK" --lang "$LANG_OPT" import-osm data/roads/sf-north.osm.gz -o out/demo/roads.graph \
  --pois out/demo/pois.geojson | head -n 1
GRAPH=out/demo/roads.graph
E=("$ELINK" --lang "$LANG_OPT" --as dispatcher1)
# A call located by its street corner, verified (the fire plan is activated and its departments
# get their tasks), the recommended units sent; a second, bigger fire next to it; the joint
# assignment of what is left; the first fire's detail and chronology.
"${E[@]}" incident create --db "$DB" --type fire.residential --level III \
  --place "Chestnut St & Fillmore St" --graph "$GRAPH"
INCIDENT=$("$ELINK" incident list --db "$DB" | tail -n 1 | cut -f1)
"${E[@]}" incident status --db "$DB" --incident "$INCIDENT" --to verified
"${E[@]}" recommend --db "$DB" --graph "$GRAPH" --incident "$INCIDENT"
"${E[@]}" dispatch --db "$DB" --incident "$INCIDENT" --recommended --graph "$GRAPH"
echo
"${E[@]}" incident create --db "$DB" --type fire.high_rise --level II --at 37.8008,-122.4355 \
  --address "Fillmore St & Lombard St"
SECOND=$("$ELINK" incident list --db "$DB" | tail -n 1 | cut -f1)
"${E[@]}" incident status --db "$DB" --incident "$SECOND" --to verified >/dev/null
"${E[@]}" assign --db "$DB" --graph "$GRAPH" --incidents "$INCIDENT,$SECOND"
echo
"${E[@]}" incident show --db "$DB" --incident "$INCIDENT"
echo
"$ELINK" --lang "$LANG_OPT" info --db "$DB"
"$ELINK" --lang "$LANG_OPT" verify-log --db "$DB"
