#!/usr/bin/env python3
"""Reads Google Benchmark JSON from engine_bench and prints the ratios bench/README.md records:
the engine with 1 submitter against raw SQLite commits, and 64 submitters against 1.
With --benchmark_repetitions, the medians are used."""
import json
import sys

data = json.load(open(sys.argv[1]) if len(sys.argv) > 1 else sys.stdin)
rate = {}
for b in data["benchmarks"]:
    if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
        continue
    name = b.get("run_name", b["name"]).split("/min_time")[0]
    for key in ("commits_per_s", "commands_per_s"):
        if key in b and (name not in rate or b.get("aggregate_name") == "median"):
            rate[name] = (b[key], b.get("mean_batch"))
raw, _ = rate["BM_RawSqliteCommit"]
one, _ = rate["BM_EngineDurableCommands/1"]
many, batch = rate["BM_EngineDurableCommands/64"]
print(f"raw SQLite single-row commits : {raw:10.0f} /s")
print(f"engine, 1 submitter           : {one:10.0f} /s  = {one / raw:.2f}x raw SQLite  (aim >= 0.7x)")
print(f"engine, 64 submitters         : {many:10.0f} /s  = {many / one:.1f}x 1 submitter (aim >= 20x),"
      f" mean batch {batch:.0f}")
