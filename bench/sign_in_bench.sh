#!/usr/bin/env bash
# Sign-in flood against signed-in users (issue #16, item 3; figures in bench/README.md, "Sign-in
# flood"). One run, on loopback, one fresh center, the load tool on the same cores as the server:
#   (1) GET /api/v1/me with a bearer token at a fixed RATE (open loop, http_load): p50/p99 alone;
#   (2) the same while SIGNERS clients sign in continuously (POST /api/v1/auth/login, right
#       password, closed loop: each sends its next sign-in as soon as the last is answered).
# The ratio (2)/(1) of the p50 and the p99 is what counts: argon2id (~50-100 ms of CPU each) runs
# on the sign-in pool, not on the I/O threads, so the GETs should barely move.
#
#   bench/sign_in_bench.sh                    # builds elink and http_load (ci preset), then runs
#   SKIP_BUILD=1 bench/sign_in_bench.sh
#
# Environment: BUILD (build/ci), DURATION (s a phase, 10), RATE (GET/s, 200), SIGNERS (4),
# THREADS (server I/O threads, 2), SKIP_BUILD (1: use the binaries in BUILD).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$ROOT/build/ci}
DURATION=${DURATION:-10}
RATE=${RATE:-200}
SIGNERS=${SIGNERS:-4}
THREADS=${THREADS:-2}
ELINK="$BUILD/tools/elink"
LOAD="$BUILD/bench/http_load"

log() { printf '%s\n' "$*" >&2; }

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  log "== building (ci preset): elink http_load"
  (cd "$ROOT" && cmake --preset ci >/dev/null && cmake --build --preset ci --target elink http_load -j2 >/dev/null)
fi
for bin in "$ELINK" "$LOAD"; do
  [[ -x "$bin" ]] || { log "missing $bin (build it, or drop SKIP_BUILD)"; exit 2; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/elink-sign-in-bench.XXXXXX")
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

DB="$WORK/center.db"
PASSWORD="bench password, long enough"
printf '%s\n' "$PASSWORD" >"$WORK/pw"
"$ELINK" --lang en init --db "$DB" --config "$ROOT/data/regions/demo" >/dev/null
"$ELINK" --lang en user add --db "$DB" --name bench --role dispatcher --org sf \
  --password-file "$WORK/pw" >/dev/null

"$ELINK" --lang en serve --db "$DB" --listen 127.0.0.1:0 --threads "$THREADS" \
  >"$WORK/serve.out" 2>"$WORK/serve.err" &
PIDS+=($!)
PORT=""
for ((i = 0; i < 200; i++)); do
  PORT=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' "$WORK/serve.out" | head -n 1)
  [[ -n "$PORT" ]] && break
  sleep 0.05
done
[[ -n "$PORT" ]] || { log "elink serve did not start: $(cat "$WORK/serve.err")"; exit 1; }

LOGIN_BODY="{\"user\": \"bench\", \"password\": \"$PASSWORD\"}"
login=$("$LOAD" --port "$PORT" --method POST --path /api/v1/auth/login --body "$LOGIN_BODY" \
  --print 2>/dev/null) || { log "login failed: $login"; exit 1; }
TOKEN=$(sed -n 's/.*"token": *"\([^"]*\)".*/\1/p' <<<"$login")

get_me() {
  "$LOAD" --port "$PORT" --path /api/v1/me --header "Authorization: Bearer $TOKEN" \
    --rate "$RATE" --connections 8 --seconds "$DURATION" --warmup 1 | tail -n 1
}

log "== (1) GET /api/v1/me at $RATE/s, alone"
alone=$(get_me)
log "$alone"
log "== (2) the same while $SIGNERS clients sign in continuously"
"$LOAD" --port "$PORT" --method POST --path /api/v1/auth/login --body "$LOGIN_BODY" \
  --rate 0 --connections "$SIGNERS" --seconds $((DURATION + 2)) --warmup 0 \
  >"$WORK/signers.out" 2>&1 &
SIGNERS_PID=$!
sleep 1
flood=$(get_me)
log "$flood"
wait "$SIGNERS_PID" || true
signers=$(tail -n 1 "$WORK/signers.out")
log "sign-ins: $signers"

field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$2"; }
p50a=$(field p50_ms "$alone"); p99a=$(field p99_ms "$alone")
p50b=$(field p50_ms "$flood"); p99b=$(field p99_ms "$flood")
printf 'GET /api/v1/me at %s/s: alone p50 %s ms p99 %s ms; with %s signing in p50 %s ms p99 %s ms\n' \
  "$RATE" "$p50a" "$p99a" "$SIGNERS" "$p50b" "$p99b"
awk -v a="$p50a" -v b="$p50b" -v c="$p99a" -v d="$p99b" \
  'BEGIN { printf "ratio (flood/alone): p50 %.2fx, p99 %.2fx\n", b / a, d / c }'
printf 'sign-ins meanwhile: %s\n' "$signers"
