#!/usr/bin/env bash
# A short, time-boxed libFuzzer run of every harness (tests/fuzz/), one process at a time, with
# ASan + UBSan, starting from the checked-in corpus. New inputs go to out/fuzz/<harness>/new, crashes
# to out/fuzz/<harness>/crash-*; nothing in the tree changes unless MERGE=1, which then adds the
# inputs that reach new coverage to tests/fuzz/corpus/<harness>/ (libFuzzer -set_cover_merge=1: a
# small set with the same coverage), leaving out files over 4 KB.
#
#   scripts/fuzz.sh                     # every harness, 120 s each
#   SECONDS_EACH=30 scripts/fuzz.sh codec_fuzz cap_fuzz
#   MERGE=1 scripts/fuzz.sh             # then review `git status tests/fuzz/corpus` and commit
#
# A harness's dictionary, tests/fuzz/<harness>.dict, is passed when there is one. Needs clang
# (Debian's clang 14 is enough). Prints one line per harness: time, executions, new
# inputs, crashes; the full libFuzzer log is out/fuzz/<harness>/log.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${SECONDS_EACH:-120}
JOBS=${JOBS:-2}
BUILD=build/fuzz
ALL=(codec_fuzz region_loader_fuzz json_input_fuzz scenario_fuzz graph_file_fuzz cap_fuzz
     osm_xml_fuzz http_query_fuzz orlib_fuzz)
HARNESSES=("$@")
[ ${#HARNESSES[@]} -eq 0 ] && HARNESSES=("${ALL[@]}")

if [ "${NO_BUILD:-0}" = 1 ]; then
  :  # the binaries are built already
elif [ ! -f "$BUILD/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$BUILD" -G Ninja -DELINK_FUZZ=ON -DELINK_SANITIZE=ON \
    -DELINK_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" -DCMAKE_CXX_FLAGS=-D_GLIBCXX_ASSERTIONS
fi
[ "${NO_BUILD:-0}" = 1 ] || cmake --build "$BUILD" -j "$JOBS" --target "${HARNESSES[@]}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
printf '%-20s %8s %12s %6s %8s\n' harness seconds execs new crashes
for h in "${HARNESSES[@]}"; do
  out=out/fuzz/$h
  rm -rf "$out/new"
  mkdir -p "$out/new"
  rm -f "$out"/crash-* "$out"/leak-* "$out"/timeout-* "$out"/oom-*
  set +e
  dict=()
  [ -f "tests/fuzz/$h.dict" ] && dict=(-dict="tests/fuzz/$h.dict")
  "$BUILD/tests/fuzz/$h" -max_total_time="$SECONDS_EACH" -timeout=10 -print_final_stats=1 \
    "${dict[@]}" -artifact_prefix="$out/" "$out/new" "tests/fuzz/corpus/$h" >"$out/log" 2>&1
  set -e
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$out/log" | grep -o '[0-9]*$' || echo 0)
  found=$(find "$out/new" -type f | wc -l)
  crashes=$(find "$out" -maxdepth 1 -name 'crash-*' -o -maxdepth 1 -name 'leak-*' \
    -o -maxdepth 1 -name 'timeout-*' -o -maxdepth 1 -name 'oom-*' | wc -l)
  printf '%-20s %8s %12s %6s %8s\n' "$h" "$SECONDS_EACH" "${execs:-0}" "$found" "$crashes"
  if [ "${MERGE:-0}" = 1 ] && [ "$found" -gt 0 ]; then
    "$BUILD/tests/fuzz/$h" -set_cover_merge=1 "tests/fuzz/corpus/$h" "$out/new" >>"$out/log" 2>&1
    find "tests/fuzz/corpus/$h" -regextype posix-extended -regex '.*/[0-9a-f]{40}' -size +4k -delete
  fi
done
