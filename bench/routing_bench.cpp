// SPDX-License-Identifier: Apache-2.0
// Road routing on the DIMACS New York graph and on the largest OSM extract: contraction-hierarchy
// queries beside plain and bidirectional Dijkstra over the same random pairs, in the same run;
// many units to one incident (ChSweep, and ChSourceIndex) and a 100 x 100 matrix. Preprocessing
// time and memory are counters of BM_ChPreprocess. bench/README.md has the command and the figures.
#include "geo/ch.hpp"
#include "geo/dijkstra.hpp"
#include "geo/dimacs.hpp"
#include "geo/osm_import.hpp"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace elink::geo {
namespace {

const std::string kData = ELINK_SOURCE_DIR "/data/roads";  // data/PROVENANCE.md

struct Fixture {
  RoadGraph graph;
  RoadGraph reverse;
  ContractionHierarchy ch;
  double preprocess_seconds = 0;
  std::vector<std::pair<NodeIndex, NodeIndex>> pairs;
  std::vector<std::vector<Endpoint>> units;    // 1,000 random single-node "units"
  std::vector<std::vector<Endpoint>> sources;  // 100 matrix rows
  std::vector<std::vector<Endpoint>> targets;  // 100 matrix columns
  std::vector<NodeIndex> incidents;            // targets for many-to-one
};

Result<RoadGraph> LoadGraph(const std::string& name) {
  if (name == "ny") return LoadDimacs({.time_gr = kData + "/dimacs-ny/USA-road-t.NY.gr.gz"});
  // The largest OSM extract in data/roads (20,388 nodes after import).
  if (name == "andorra") {
    Result<ImportedRoads> roads = ImportOsm(kData + "/andorra.osm.pbf");
    if (!roads.ok()) return roads.status();
    return std::move(roads->graph);
  }
  return Status::NotFound("no benchmark graph named " + name);
}

// Each graph is loaded and contracted once for all benchmarks; exits when data are missing.
const Fixture& Get(const std::string& name) {
  static std::map<std::string, std::unique_ptr<Fixture>> cache;
  auto& slot = cache[name];
  if (slot) return *slot;
  auto f = std::make_unique<Fixture>();
  Result<RoadGraph> g = LoadGraph(name);
  if (!g.ok()) {
    std::fprintf(stderr, "routing_bench: %s\n", g.status().ToString().c_str());
    std::exit(1);
  }
  f->graph = std::move(g).value();
  f->reverse = ReverseGraph(f->graph);
  const auto start = std::chrono::steady_clock::now();
  f->ch = ContractionHierarchy::Build(f->graph);
  f->preprocess_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::mt19937 rng(42);
  std::uniform_int_distribution<NodeIndex> node(0, f->graph.node_count() - 1);
  for (int i = 0; i < 1000; ++i) f->pairs.emplace_back(node(rng), node(rng));
  for (int i = 0; i < 1000; ++i) f->units.push_back({{node(rng), 0}});
  for (int i = 0; i < 100; ++i) f->sources.push_back({{node(rng), 0}});
  for (int i = 0; i < 100; ++i) f->targets.push_back({{node(rng), 0}});
  for (int i = 0; i < 100; ++i) f->incidents.push_back(node(rng));
  slot = std::move(f);
  return *slot;
}

void BM_ChPreprocess(benchmark::State& state, const std::string& name) {
  const Fixture& f = Get(name);
  for (auto _ : state) benchmark::DoNotOptimize(f.preprocess_seconds);
  state.counters["nodes"] = static_cast<double>(f.graph.node_count());
  state.counters["preprocess_s"] = f.preprocess_seconds;
  state.counters["shortcuts"] = static_cast<double>(f.ch.shortcut_count());
  state.counters["ch_bytes_per_node"] =
      static_cast<double>(f.ch.MemoryBytes()) / static_cast<double>(f.graph.node_count());
}

void BM_DijkstraOneToOne(benchmark::State& state, const std::string& name) {
  const Fixture& f = Get(name);
  std::size_t i = 0;
  for (auto _ : state) {
    const auto [s, t] = f.pairs[i++ % f.pairs.size()];
    benchmark::DoNotOptimize(DijkstraRoute(f.graph, s, t));
  }
}

void BM_BidirectionalDijkstra(benchmark::State& state, const std::string& name) {
  const Fixture& f = Get(name);
  std::size_t i = 0;
  for (auto _ : state) {
    const auto [s, t] = f.pairs[i++ % f.pairs.size()];
    benchmark::DoNotOptimize(BidirectionalDijkstraTime(f.graph, f.reverse, s, t));
  }
}

void BM_ChTime(benchmark::State& state, const std::string& name) {
  const Fixture& f = Get(name);
  ChQuery query(f.ch);
  std::size_t i = 0;
  for (auto _ : state) {
    const auto [s, t] = f.pairs[i++ % f.pairs.size()];
    benchmark::DoNotOptimize(query.Time(s, t));
  }
}

void BM_ChRoute(benchmark::State& state, const std::string& name) {
  const Fixture& f = Get(name);
  ChQuery query(f.ch);
  std::size_t i = 0;
  for (auto _ : state) {
    const auto [s, t] = f.pairs[i++ % f.pairs.size()];
    benchmark::DoNotOptimize(query.FindRoute(s, t));
  }
}

// The dispatch query: 1,000 units' travel times to one incident, one sweep plus 1,000 look-ups.
void BM_ManyToOne1000(benchmark::State& state, const std::string& name) {
  const Fixture& f = Get(name);
  ChSweep sweep(f.ch);
  std::vector<Distance> times(f.units.size());
  std::size_t i = 0;
  for (auto _ : state) {
    const Endpoint incident{f.incidents[i++ % f.incidents.size()], 0};
    benchmark::DoNotOptimize(sweep.ToTargets({&incident, 1}));
    for (std::size_t u = 0; u < f.units.size(); ++u) times[u] = sweep.TimeAt(f.units[u]);
    benchmark::DoNotOptimize(times.data());
  }
}

// The same query with the units' upward searches kept in buckets (ChSourceIndex): one backward
// search per incident. The index is built once; its build time is a counter.
void BM_ManyToOne1000Indexed(benchmark::State& state, const std::string& name) {
  const Fixture& f = Get(name);
  ChSourceIndex index(f.ch);
  const auto start = std::chrono::steady_clock::now();
  for (std::uint32_t u = 0; u < f.units.size(); ++u) (void)index.Set(u, f.units[u]);
  const double build_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::vector<Distance> times;
  std::size_t i = 0;
  for (auto _ : state) {
    const Endpoint incident{f.incidents[i++ % f.incidents.size()], 0};
    benchmark::DoNotOptimize(index.TimesTo({&incident, 1}, times));
  }
  state.counters["index_build_ms"] = build_ms;
}

void BM_Matrix100x100(benchmark::State& state, const std::string& name) {
  const Fixture& f = Get(name);
  for (auto _ : state) benchmark::DoNotOptimize(TimeMatrix(f.ch, f.sources, f.targets));
}

#define ELINK_ROUTING_BENCHMARKS(graph)                                                       \
  BENCHMARK_CAPTURE(BM_ChPreprocess, graph, #graph)->Iterations(1)->Unit(benchmark::kSecond); \
  BENCHMARK_CAPTURE(BM_DijkstraOneToOne, graph, #graph)->Unit(benchmark::kMicrosecond);       \
  BENCHMARK_CAPTURE(BM_BidirectionalDijkstra, graph, #graph)->Unit(benchmark::kMicrosecond);  \
  BENCHMARK_CAPTURE(BM_ChTime, graph, #graph)->Unit(benchmark::kMicrosecond);                 \
  BENCHMARK_CAPTURE(BM_ChRoute, graph, #graph)->Unit(benchmark::kMicrosecond);                \
  BENCHMARK_CAPTURE(BM_ManyToOne1000, graph, #graph)->Unit(benchmark::kMicrosecond);          \
  BENCHMARK_CAPTURE(BM_ManyToOne1000Indexed, graph, #graph)->Unit(benchmark::kMicrosecond);   \
  BENCHMARK_CAPTURE(BM_Matrix100x100, graph, #graph)->Unit(benchmark::kMicrosecond)

ELINK_ROUTING_BENCHMARKS(ny);
ELINK_ROUTING_BENCHMARKS(andorra);

}  // namespace
}  // namespace elink::geo

BENCHMARK_MAIN();
