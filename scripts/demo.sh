#!/usr/bin/env bash
# The main job for now: builds elink, creates a command center for the demo region (northern San
# Francisco: real fire stations, synthetic grids), runs a narrated shift of real commands on it,
# builds the road graph from the bundled OpenStreetMap extract, reports a new fire and shows the
# units elink recommends by road travel time, then shows what the center holds and verifies its
# hash-chained event log; then builds the dashboard and serves the center with it, printing the
# address and the demo logins, with a drill (data/scenarios/demo-drill.toml) feeding exercise
# incidents into it.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-$(nproc)}
LANG_OPT=${ELINK_LANG:-zh-CN}

bash scripts/install-deps.sh
# ELINK_BIN: an elink already built (the test suite runs the demo with its own build).
if [ -n "${ELINK_BIN:-}" ]; then
  ELINK=$ELINK_BIN
else
  cmake --preset release >/dev/null
  cmake --build --preset release -j "$JOBS" --target elink
  ELINK=build/release/tools/elink
fi
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

# The center itself: the dashboard at /, the API, the live stream, until Ctrl-C.
# ELINK_DEMO_SERVE=0 stops here (scripted runs).
[ "${ELINK_DEMO_SERVE:-1}" = "0" ] && exit 0
WEB_OPT=()
if command -v npm >/dev/null; then
  echo
  echo "== dashboard: npm ci && npm run build (web/)"
  # The API types are generated from this elink's `openapi` (web/scripts/gen-api.mjs).
  (cd web && npm ci --no-audit --no-fund --loglevel=error && ELINK_BIN="$ELINK" npm run build >/dev/null)
  WEB_OPT=(--web web/dist)
else
  echo "npm is missing: the API runs without the dashboard" >&2
fi
PASSWORD=${ELINK_DEMO_PASSWORD:-elink-demo-2026}
for who in "dispatcher 调度员 dispatcher sf-central" "commander 指挥长 commander sf" \
  "coordinator 区域协调员 regional_coordinator bay-area" "admin 管理员 admin bay-area"; do
  read -r name display role org <<<"$who"
  printf '%s\n' "$PASSWORD" | "$ELINK" user add --db "$DB" --name "$name" --display "$display" \
    --role "$role" --org "$org" --password-stdin >/dev/null
done
LISTEN=${ELINK_LISTEN:-127.0.0.1:8080}
echo
echo "== 指挥中心 / command center: http://$LISTEN/"
echo "   登录 / sign in: dispatcher, commander, coordinator or admin — 密码 / password: $PASSWORD"
echo "   演练 / drill: data/scenarios/demo-drill.toml — 演练事件持续送入，请在大屏上处置"
echo "   (exercise incidents keep arriving: handle them on the dashboard)"
echo "   之后评估 / afterwards: $ELINK drill-report --db $DB"
echo "   Ctrl-C 停止 / to stop"
exec "$ELINK" --lang "$LANG_OPT" serve --db "$DB" --graph "$GRAPH" "${WEB_OPT[@]}" --listen "$LISTEN" \
  --drill "${ELINK_DEMO_DRILL:-data/scenarios/demo-drill.toml}"
