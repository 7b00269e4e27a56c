#!/usr/bin/env python3
"""Reads Google Benchmark JSON from engine_bench and prints the figures bench/README.md records.
The aims are judged on BM_PairedRatios (the three loads take turns on the same disk); the separate
benchmarks are printed beside them for the absolute rates. With repetitions, medians are used."""
import json
import sys

data = json.load(open(sys.argv[1]) if len(sys.argv) > 1 else sys.stdin)
runs = {}
for b in data["benchmarks"]:
    if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
        continue
    name = b.get("run_name", b["name"]).split("/min_time")[0].split("/iterations")[0]
    if name not in runs or b.get("aggregate_name") == "median":
        runs[name] = b

p = runs.get("BM_PairedRatios")
if p:
    print("interleaved on the same disk (BM_PairedRatios):")
    print(f"  raw SQLite single-row commits : {p['raw_per_s']:8.0f} /s")
    print(f"  engine, 1 submitter           : {p['one_per_s']:8.0f} /s = {p['one_vs_raw']:.2f}x raw   (aim >= 0.7x)")
    print(f"  engine, 64 submitters         : {p['many_per_s']:8.0f} /s = {p['many_vs_one']:.1f}x 1 submitter (aim >= 20x)")
raw = runs.get("BM_RawSqliteCommit")
one = runs.get("BM_EngineDurableCommands/1")
many = runs.get("BM_EngineDurableCommands/64")
if raw and one and many:
    print("separately timed (BM_RawSqliteCommit, BM_EngineDurableCommands/1 and /64):")
    print(f"  raw {raw['commits_per_s']:.0f} /s, 1 submitter {one['commands_per_s']:.0f} /s, "
          f"64 submitters {many['commands_per_s']:.0f} /s (mean batch {many['mean_batch']:.0f})")
