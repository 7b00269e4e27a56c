#!/usr/bin/env python3
"""Reads Google Benchmark JSON (engine_bench --benchmark_format=json) and prints the ratios that
bench/README.md records: engine with 1 submitter vs raw SQLite commits, 64 vs 1 submitter."""
import json
import sys

data = json.load(open(sys.argv[1]) if len(sys.argv) > 1 else sys.stdin)
rate = {}
for b in data["benchmarks"]:
    for key in ("commits_per_s", "commands_per_s"):
        if key in b:
            rate[b["name"]] = b[key]
raw = rate["BM_RawSqliteCommit/min_time:3.000/real_time"]
one = rate["BM_EngineDurableCommands/1/min_time:3.000/real_time"]
many = rate["BM_EngineDurableCommands/64/min_time:3.000/real_time"]
print(f"raw SQLite single-row commits : {raw:10.0f} /s")
print(f"engine, 1 submitter           : {one:10.0f} /s  = {one / raw:.2f}x raw   (aim >= 0.7x)")
print(f"engine, 64 submitters         : {many:10.0f} /s  = {many / one:.1f}x 1-submitter (aim >= 20x)")
