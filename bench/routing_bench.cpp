// SPDX-License-Identifier: Apache-2.0
// One-to-one road routing on the DIMACS New York graph: contraction-hierarchy queries beside plain
// Dijkstra (stopping at the target) over the same random pairs, in the same run. Preprocessing
// time is reported as a counter of BM_ChPreprocess. docs/routing.md has the command and figures.
#include "geo/ch.hpp"
#include "geo/dijkstra.hpp"
#include "geo/dimacs.hpp"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace elink::geo {
namespace {

const std::string kDir = ELINK_SOURCE_DIR "/../shared/data/dimacs-ny";

struct Fixture {
  RoadGraph graph;
  ContractionHierarchy ch;
  double preprocess_seconds = 0;
  std::vector<std::pair<NodeIndex, NodeIndex>> pairs;
};

// Loaded once for all benchmarks; exits when the data are missing.
const Fixture& Ny() {
  static const std::unique_ptr<Fixture> fixture = [] {
    auto f = std::make_unique<Fixture>();
    Result<RoadGraph> g = LoadDimacs({.time_gr = kDir + "/USA-road-t.NY.gr.gz"});
    if (!g.ok()) {
      std::fprintf(stderr, "routing_bench: %s\n", g.status().ToString().c_str());
      std::exit(1);
    }
    f->graph = std::move(g).value();
    const auto start = std::chrono::steady_clock::now();
    f->ch = ContractionHierarchy::Build(f->graph);
    f->preprocess_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::mt19937 rng(42);
    std::uniform_int_distribution<NodeIndex> node(0, f->graph.node_count() - 1);
    for (int i = 0; i < 1000; ++i) f->pairs.emplace_back(node(rng), node(rng));
    return f;
  }();
  return *fixture;
}

void BM_ChPreprocess(benchmark::State& state) {
  const Fixture& f = Ny();
  for (auto _ : state) benchmark::DoNotOptimize(f.preprocess_seconds);
  state.counters["preprocess_s"] = f.preprocess_seconds;
  state.counters["shortcuts"] = static_cast<double>(f.ch.shortcut_count());
}

void BM_DijkstraOneToOne(benchmark::State& state) {
  const Fixture& f = Ny();
  std::size_t i = 0;
  for (auto _ : state) {
    const auto [s, t] = f.pairs[i++ % f.pairs.size()];
    benchmark::DoNotOptimize(DijkstraRoute(f.graph, s, t));
  }
}

void BM_ChTime(benchmark::State& state) {
  const Fixture& f = Ny();
  ChQuery query(f.ch);
  std::size_t i = 0;
  for (auto _ : state) {
    const auto [s, t] = f.pairs[i++ % f.pairs.size()];
    benchmark::DoNotOptimize(query.Time(s, t));
  }
}

void BM_ChRoute(benchmark::State& state) {
  const Fixture& f = Ny();
  ChQuery query(f.ch);
  std::size_t i = 0;
  for (auto _ : state) {
    const auto [s, t] = f.pairs[i++ % f.pairs.size()];
    benchmark::DoNotOptimize(query.FindRoute(s, t));
  }
}

BENCHMARK(BM_ChPreprocess)->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK(BM_DijkstraOneToOne)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ChTime)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ChRoute)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace elink::geo

BENCHMARK_MAIN();
