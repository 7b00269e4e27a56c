#!/usr/bin/env bash
# The HTTP API benchmark of issue 5 (figures in bench/README.md, "HTTP API (issue 5)").
#
# One run, on loopback, the load tool on the same cores as the servers:
#   (a) baseline: http_baseline (elink's HttpServer answering a fixed body at once), GET, max rate
#   (b) elink serve: GET /api/v1/incidents/1 with a bearer token, max rate
#   (d0) baseline: the requests of (d1) at a fixed POST_RATE (open loop, http_load) → p99 floor
#   (d1) elink serve: POST /api/v1/incidents at a fixed POST_RATE (open loop, http_load) on the
#        fresh center → p99
#   (c) elink serve: POST /api/v1/incidents (answered once durable), max rate
#   (d2) as (d1), on the center (c) has filled
#   (e) elink serve: POST /api/v1/units/positions (one AVL report, also durable), max rate
#   (f) as (e) at the fixed POST_RATE → p99
# (a) and (b) take turns ROUNDS times; GET/baseline is the ratio of their summed rates. (e) and
# (f) are a control: a durable command whose reply does not scan the open incidents.
#
# Max rates come from wrk (-t2 -c32 --latency; installed with apt-get when missing) or, when wrk
# cannot be had, from http_load in closed loop (2 threads, 32 connections).
#
#   bench/api_bench.sh                       # build (release preset), then measure
#   SKIP_BUILD=1 DURATION=5 bench/api_bench.sh
#
# Environment: DURATION (s a phase, 10), ROUNDS (baseline/GET turns, 3), CONNECTIONS (32),
# POST_RATE (/s for (d) and (f), 1000), LOAD_TOOL (auto | wrk | http_load), THREADS (server
# threads of both servers, 2), SKIP_BUILD (1: use the binaries in build/release), KEEP (1: keep
# the temporary center and the log of every phase).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD="$ROOT/build/release"
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-32}
POST_RATE=${POST_RATE:-1000}
LOAD_TOOL=${LOAD_TOOL:-auto}
THREADS=${THREADS:-2}

ELINK="$BUILD/tools/elink"
BASELINE="$BUILD/bench/http_baseline"
LOAD="$BUILD/bench/http_load"

log() { printf '%s\n' "$*" >&2; }

# --- build -------------------------------------------------------------------------------------
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  log "== building (release preset): elink http_baseline http_load"
  (cd "$ROOT" && cmake --preset release >/dev/null &&
    cmake --build --preset release --target elink http_baseline http_load -j2 >/dev/null)
fi
for bin in "$ELINK" "$BASELINE" "$LOAD"; do
  [[ -x "$bin" ]] || { log "missing $bin (build it, or drop SKIP_BUILD)"; exit 2; }
done

# --- the load tool -----------------------------------------------------------------------------
if [[ "$LOAD_TOOL" != http_load ]] && ! command -v wrk >/dev/null; then
  SUDO=()
  if [[ $(id -u) != 0 ]]; then
    if command -v sudo >/dev/null; then SUDO=(sudo -n); else SUDO=(false); fi
  fi
  log "== wrk is missing: apt-get install wrk"
  if ! "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null 2>&1; then
    "${SUDO[@]}" apt-get update -q >/dev/null 2>&1 || true
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null 2>&1 ||
      log "   could not install wrk: max rates from http_load in closed loop"
  fi
fi
if [[ "$LOAD_TOOL" == auto ]]; then
  if command -v wrk >/dev/null; then LOAD_TOOL=wrk; else LOAD_TOOL=http_load; fi
fi
if [[ "$LOAD_TOOL" == wrk ]] && ! command -v wrk >/dev/null; then
  log "LOAD_TOOL=wrk but wrk is not installed"
  exit 2
fi

# --- a temporary center and the two servers ----------------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/elink-api-bench.XXXXXX")
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ "${KEEP:-0}" == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

DB="$WORK/center.db"
PASSWORD="bench password, long enough"
printf '%s\n' "$PASSWORD" >"$WORK/pw"
"$ELINK" --lang en init --db "$DB" --config "$ROOT/data/regions/demo" >/dev/null
# A dispatcher of the city: every grid and unit of the demo region is in its jurisdiction.
"$ELINK" --lang en user add --db "$DB" --name bench --role dispatcher --org sf \
  --password-file "$WORK/pw" >/dev/null

# start_server NAME COMMAND...: starts it in the background (stdout in NAME.out) and sets PORT to
# the port it announces ("...http://127.0.0.1:PORT/"). Not in a subshell: PIDS must see the pid.
start_server() {
  local name=$1 i
  shift
  "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
  PIDS+=($!)
  PORT=""
  for ((i = 0; i < 200; i++)); do
    PORT=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' "$WORK/$name.out" | head -n 1)
    [[ -n "$PORT" ]] && break
    sleep 0.05
  done
  [[ -n "$PORT" ]] || { log "$name did not start: $(cat "$WORK/$name.err")"; exit 1; }
}
# Default log level (warn): no access-log line per request.
start_server serve "$ELINK" --lang en serve --db "$DB" --listen 127.0.0.1:0 --threads "$THREADS"
ELINK_PORT=$PORT
start_server baseline "$BASELINE" --port 0 --threads "$THREADS"
BASE_PORT=$PORT

# One request with http_load --print: the body on stdout; fails unless 2xx.
call() {
  local method=$1 path=$2
  shift 2
  "$LOAD" --port "$ELINK_PORT" --method "$method" --path "$path" --print "$@" 2>/dev/null
}
login=$(call POST /api/v1/auth/login --body "{\"user\": \"bench\", \"password\": \"$PASSWORD\"}") ||
  { log "login failed: $login"; exit 1; }
TOKEN=$(sed -n 's/.*"token": *"\([^"]*\)".*/\1/p' <<<"$login")
AUTH="Authorization: Bearer $TOKEN"

# Incident reports spread over the demo region (northern San Francisco) with assorted types, as in
# a shift: few probable duplicates each. One JSON body a line, used in turn.
TYPES="fire.residential fire.high_rise fire.vehicle medical.emergency traffic.accident \
traffic.entrapment hazmat.leak utility.gas_leak rescue.technical rescue.water building.collapse \
flood.waterlogging social.crowd health.food_poisoning geo.landslide"
awk -v types="$TYPES" 'BEGIN {
  srand(42); n = split(types, t, " ");
  for (i = 0; i < 20000; i++)
    printf "{\"type\": \"%s\", \"location\": {\"lat\": %.6f, \"lon\": %.6f}}\n",
      t[1 + int(rand() * n)], 37.7810 + rand() * 0.0290, -122.4840 + rand() * 0.0890;
}' >"$WORK/incidents.jsonl"
# One AVL report of a unit the user sees, the units in turn.
units=$(call GET /api/v1/units --header "$AUTH" | grep -o '"id":"[^"]*","incident"' |
  cut -d'"' -f4 | tr '\n' ' ') || { log "GET /api/v1/units failed"; exit 1; }
[[ -n "$units" ]] || { log "no unit visible"; exit 1; }
awk -v units="$units" 'BEGIN {
  srand(7); n = split(units, u, " ");
  for (i = 0; i < 20000; i++)
    printf "{\"reports\": [{\"unit\": \"%s\", \"lat\": %.6f, \"lon\": %.6f}]}\n",
      u[1 + i % n], 37.7810 + rand() * 0.0290, -122.4840 + rand() * 0.0890;
}' >"$WORK/positions.jsonl"
# wrk: POST the bodies of a file in turn.
for kind in incidents positions; do
  path=/api/v1/$kind
  [[ $kind == positions ]] && path=/api/v1/units/positions
  cat >"$WORK/$kind.lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
local bodies = {}
for line in io.lines("$WORK/$kind.jsonl") do bodies[#bodies + 1] = line end
local i = 0
request = function()
  i = i % #bodies + 1
  return wrk.format(nil, "$path", nil, bodies[i])
end
EOF
done

created=$(call POST /api/v1/incidents --header "$AUTH" \
  --body '{"type": "fire.residential", "location": {"lat": 37.8003, "lon": -122.4372}}') ||
  { log "creating incident 1 failed: $created"; exit 1; }
[[ "$created" =~ \"id\":\ ?1[,}] ]] || { log "the first incident is not 1: $created"; exit 1; }
call GET /api/v1/incidents/1 --header "$AUTH" >/dev/null || { log "GET incident 1 failed"; exit 1; }

# --- measuring ---------------------------------------------------------------------------------
# wrk's latency line ("99%   3.21ms") in ms.
wrk_ms() {
  awk -v p="$1" '$1 == p {
    v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
    if (u == "us") v /= 1000; else if (u == "s") v *= 1000; else if (u == "m") v *= 60000;
    print v; exit }'
}
# The RESULT line of http_load → "rate p50 p99 bad p99.9 max" (bad: non-2xx, errors, unfinished).
result_fields() {
  awk '/^RESULT/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); r[kv[1]] = kv[2] }
    print r["rate"], r["p50_ms"], r["p99_ms"], r["non2xx"] + r["errors"] + r["unfinished"],
      r["p999_ms"], r["max_ms"] }'
}
# max_rate NAME PORT PATH [KIND]: closed loop, as fast as possible → "rate p50 p99 bad".
# KIND (incidents or positions) POSTs the bodies of KIND.jsonl; none: GET.
max_rate() {
  local name=$1 port=$2 path=$3 kind=${4:-} out
  if [[ "$LOAD_TOOL" == wrk ]]; then
    local -a args=(-t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency)
    [[ "$name" != baseline* ]] && args+=(-H "$AUTH")
    [[ -n "$kind" ]] && args+=(-s "$WORK/$kind.lua")
    out=$(wrk "${args[@]}" "http://127.0.0.1:$port$path")
    printf '%s\n' "$out" >"$WORK/$name.log"
    printf '%s %s %s %s\n' \
      "$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")" \
      "$(wrk_ms 50% <<<"$out")" "$(wrk_ms 99% <<<"$out")" \
      "$(awk '/Non-2xx or 3xx responses:/ {n += $NF} /Socket errors:/ {
          for (i = 3; i <= NF; i += 2) n += $(i + 1) } END {print n + 0}' <<<"$out")"
  else
    local -a args=(--port "$port" --path "$path" --rate 0 --connections "$CONNECTIONS"
      --threads 2 --seconds "$DURATION" --warmup 1)
    [[ "$name" != baseline* ]] && args+=(--header "$AUTH")
    [[ -n "$kind" ]] && args+=(--method POST --bodies-file "$WORK/$kind.jsonl")
    out=$("$LOAD" "${args[@]}" || true)
    printf '%s\n' "$out" >"$WORK/$name.log"
    result_fields <<<"$out" | cut -d' ' -f1-4
  fi
}
# fixed_rate NAME PORT PATH KIND: open loop at POST_RATE → "rate p50 p99 bad p99.9 max".
fixed_rate() {
  local name=$1 port=$2 path=$3 kind=$4 out
  out=$("$LOAD" --port "$port" --method POST --path "$path" --header "$AUTH" \
    --bodies-file "$WORK/$kind.jsonl" --rate "$POST_RATE" --connections "$CONNECTIONS" \
    --seconds "$DURATION" --warmup 1 --per-second || true)
  printf '%s\n' "$out" >"$WORK/$name.log"
  result_fields <<<"$out"
}
# "commands_committed batches" of the engine since the server started, from /metrics.
engine_counts() {
  call GET /metrics | awk '$1 == "elink_engine_commands_committed" {c = $2}
    $1 == "elink_engine_batches" {b = $2} END {printf "%d %d\n", c, b}'
}
# batch_note BEFORE AFTER: commands committed between two engine_counts, and per commit batch.
batch_note() {
  awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " "); c = y[1] - x[1];
    n = y[2] - x[2]; printf "%d commands committed, %.1f a commit batch", c, (n > 0 ? c / n : 0) }'
}

# Share of the CPUs busy over one second, before measuring (another build or test run skews
# every figure; the load average lags by minutes).
cpu_busy() {
  local a b
  a=$(head -n 1 /proc/stat)
  sleep 1
  b=$(head -n 1 /proc/stat)
  awk -v a="$a" -v b="$b" 'BEGIN { n = split(a, x, " "); split(b, y, " "); t = 0;
    for (i = 2; i <= n; i++) t += y[i] - x[i]; idle = y[5] - x[5] + y[6] - x[6];
    printf "%.0f", (t > 0 ? 100 * (t - idle) / t : 0) }'
}
BUSY_AT_START=$(cpu_busy)
log "== $(nproc) cores, ${BUSY_AT_START}% busy before the run; max rates by $LOAD_TOOL; $DURATION s" \
  "a phase; servers on $THREADS threads (elink :$ELINK_PORT, baseline :$BASE_PORT)"
if ((BUSY_AT_START > 10)); then
  log "   something else is using the CPUs: the figures will be low and noisy"
fi
declare -a BASE GET
base_sum=0
get_sum=0
for ((r = 1; r <= ROUNDS; r++)); do
  log "-- (a) baseline GET /, max rate (round $r)"
  BASE[r]=$(max_rate "baseline$r" "$BASE_PORT" /)
  log "   ${BASE[r]}"
  log "-- (b) elink GET /api/v1/incidents/1, max rate (round $r)"
  GET[r]=$(max_rate "get$r" "$ELINK_PORT" /api/v1/incidents/1)
  log "   ${GET[r]}"
  base_sum=$(awk -v a="$base_sum" -v b="${BASE[r]%% *}" 'BEGIN {print a + b}')
  get_sum=$(awk -v a="$get_sum" -v b="${GET[r]%% *}" 'BEGIN {print a + b}')
done
declare -A PHASE NOTE
COUNTS=$(engine_counts)
phase() {
  local key=$1 what=$2 after
  shift 2
  log "-- ($key) $what"
  PHASE[$key]=$("$@")
  after=$(engine_counts)
  NOTE[$key]="$(batch_note "$COUNTS" "$after"), $(cut -d' ' -f1 <<<"$after") in all"
  COUNTS=$after
  log "   ${PHASE[$key]}; ${NOTE[$key]}"
}
phase d0 "baseline POST (the same requests) at $POST_RATE/s, open loop" \
  fixed_rate fixed_baseline "$BASE_PORT" /api/v1/incidents incidents
phase d1 "elink POST /api/v1/incidents at $POST_RATE/s, open loop, fresh center" \
  fixed_rate fixed_incidents1 "$ELINK_PORT" /api/v1/incidents incidents
phase c "elink POST /api/v1/incidents, max rate" \
  max_rate post_incidents "$ELINK_PORT" /api/v1/incidents incidents
phase d2 "elink POST /api/v1/incidents at $POST_RATE/s, open loop, after (c)" \
  fixed_rate fixed_incidents2 "$ELINK_PORT" /api/v1/incidents incidents
phase e "elink POST /api/v1/units/positions, max rate" \
  max_rate post_positions "$ELINK_PORT" /api/v1/units/positions positions
phase f "elink POST /api/v1/units/positions at $POST_RATE/s, open loop" \
  fixed_rate fixed_positions "$ELINK_PORT" /api/v1/units/positions positions

# --- the table ---------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "?" }'; }
row() { printf '| %-52s | %9s | %8s | %8s | %8s | %6s |\n' "$@"; }
base_mean=$(awk -v s="$base_sum" -v n="$ROUNDS" 'BEGIN {print s / n}')
echo
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, max rates by $LOAD_TOOL -t2 -c$CONNECTIONS" \
  "(closed loop), fixed rates by http_load (open loop, $CONNECTIONS connections)," \
  "$DURATION s a phase, servers on $THREADS threads; CPUs ${BUSY_AT_START}% busy before the run"
echo
row "load" "rate /s" "× base" "p50 ms" "p99 ms" "errors"
row "---" "---:" "---:" "---:" "---:" "---:"
for ((r = 1; r <= ROUNDS; r++)); do
  read -r rate p50 p99 bad <<<"${BASE[r]}"
  row "(a) baseline GET /, max rate (round $r)" "$rate" "" "$p50" "$p99" "$bad"
  read -r rate p50 p99 bad <<<"${GET[r]}"
  row "(b) GET /api/v1/incidents/1, max rate (round $r)" "$rate" \
    "$(ratio "$rate" "${BASE[r]%% *}")" "$p50" "$p99" "$bad"
done
declare -A LABEL=(
  [d0]="(d0) baseline POST at $POST_RATE/s (same requests)"
  [d1]="(d1) POST incidents at $POST_RATE/s, fresh center"
  [c]="(c) POST /api/v1/incidents, max rate"
  [d2]="(d2) POST incidents at $POST_RATE/s, after (c)"
  [e]="(e) POST /api/v1/units/positions, max rate"
  [f]="(f) POST units/positions at $POST_RATE/s")
for key in d0 d1 c d2 e f; do
  read -r rate p50 p99 bad _ <<<"${PHASE[$key]}"
  row "${LABEL[$key]}" "$rate" "$(ratio "$rate" "$base_mean")" "$p50" "$p99" "$bad"
done
echo
for key in d0 d1 c d2 e f; do
  read -r _ _ _ _ p999 max <<<"${PHASE[$key]}"
  tail=""
  [[ -n "${max:-}" ]] && tail="; p99.9 $p999 ms, max $max ms"
  echo "($key) ${NOTE[$key]}$tail"
done
echo
echo "GET / baseline, rates summed over $ROUNDS rounds: $(ratio "$get_sum" "$base_sum")  (aim ≥ 0.5)"
p99() { cut -d' ' -f3 <<<"${PHASE[$1]}"; }
echo "p99 of POST /api/v1/incidents at $POST_RATE/s: $(p99 d1) ms fresh ($(ratio "$(p99 d1)" \
  "$(p99 d0)")× the baseline's $(p99 d0) ms), $(p99 d2) ms after (c)  (aim ≤ 10 ms)"
echo "p99 of POST /api/v1/units/positions at $POST_RATE/s: $(p99 f) ms"
if [[ "${KEEP:-0}" == 1 ]]; then
  echo "every phase's output, with p50/p99 by second for the open-loop ones: $WORK/*.log"
else
  echo "KEEP=1 keeps every phase's output (p50/p99 by second for the open-loop ones)"
fi
