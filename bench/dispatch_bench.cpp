// SPDX-License-Identifier: Apache-2.0
// Recommendation latency: 1,000 units at 100 synthetic stations and 100 open incidents, on DIMACS
// New York and on the largest OSM extract (Andorra). Each iteration recommends for the next
// incident; units move between rounds as AVL reports arrive. Reports p50/p99 per recommendation
// as counters, beside the same 1,000-unit query done as one PHAST sweep (Router::TimesTo).
#include "dispatch/assign.hpp"
#include "dispatch/live_coverage.hpp"
#include "dispatch/recommend.hpp"
#include "engine/registry.hpp"
#include "geo/dimacs.hpp"
#include "geo/osm_import.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace elink::dispatch {
namespace {

const std::string kData = ELINK_SOURCE_DIR "/data/roads";  // data/PROVENANCE.md
const TimePoint kNow = TimePoint(std::chrono::hours(24 * 365 * 56));

struct World {
  std::shared_ptr<const geo::Router> router;
  core::State state;
  std::vector<core::IncidentId> incidents;
  std::vector<geo::Position> unit_positions;
};

Result<geo::RoadGraph> LoadGraph(const std::string& name) {
  if (name == "ny") {
    return geo::LoadDimacs({.time_gr = kData + "/dimacs-ny/USA-road-t.NY.gr.gz",
                            .distance_gr = {},
                            .coordinates = kData + "/dimacs-ny/USA-road-d.NY.co.gz"});
  }
  Result<geo::ImportedRoads> roads = geo::ImportOsm(kData + "/andorra.osm.pbf");
  if (!roads.ok()) return roads.status();
  return std::move(roads->graph);
}

void Apply(core::State& s, engine::EventBody body) {
  const Status st = engine::Apply(s, {s.last_seq() + 1, kNow, "bench", "", std::move(body)});
  if (!st.ok()) {
    std::fprintf(stderr, "dispatch_bench: %s\n", st.ToString().c_str());
    std::exit(1);
  }
}

const World& Get(const std::string& name) {
  static std::map<std::string, std::unique_ptr<World>> cache;
  auto& slot = cache[name];
  if (slot) return *slot;
  Result<geo::RoadGraph> g = LoadGraph(name);
  if (!g.ok()) {
    std::fprintf(stderr, "dispatch_bench: %s\n", g.status().ToString().c_str());
    std::exit(1);
  }
  auto w = std::make_unique<World>();
  const geo::RoadGraph graph = std::move(g).value();
  std::mt19937 rng(7);
  std::uniform_int_distribution<geo::NodeIndex> node(0, graph.node_count() - 1);
  auto random_place = [&] {
    const geo::LatLonE6 c = graph.Coordinate(node(rng));
    return core::LatLon{c.lat_e6 / 1e6, c.lon_e6 / 1e6};
  };
  core::Region r;
  r.id = "bench";
  r.name = {"基准区域", "Benchmark region"};
  core::Organisation root;
  root.id = core::OrgId("R");
  root.name = {"区域", "Region"};
  core::Organisation district;
  district.id = core::OrgId("D");
  district.name = {"区", "District"};
  district.tier = core::OrgTier::kDistrict;
  district.parent = root.id;
  core::Organisation community;
  community.id = core::OrgId("K");
  community.name = {"社区", "Community"};
  community.tier = core::OrgTier::kCommunity;
  community.parent = district.id;
  r.organisations = {root, district, community};
  // Grids: a 20 × 20 tiling of the graph's extent (the demand of live coverage).
  double south = 90, north = -90, west = 180, east = -180;
  for (geo::NodeIndex v = 0; v < graph.node_count(); ++v) {
    const geo::LatLonE6 c = graph.Coordinate(v);
    south = std::min(south, c.lat_e6 / 1e6);
    north = std::max(north, c.lat_e6 / 1e6);
    west = std::min(west, c.lon_e6 / 1e6);
    east = std::max(east, c.lon_e6 / 1e6);
  }
  const double dlat = (north - south) / 20;
  const double dlon = (east - west) / 20;
  for (int row = 0; row < 20; ++row) {
    for (int col = 0; col < 20; ++col) {
      core::Grid grid;
      grid.id = core::GridId("G" + std::to_string(row * 20 + col));
      grid.name = {"网格", "Grid"};
      grid.community = community.id;
      const double a = south + row * dlat;
      const double b = west + col * dlon;
      grid.area = {core::Polygon{{{a, b}, {a, b + dlon}, {a + dlat, b + dlon}, {a + dlat, b}}, {}}};
      r.grids.push_back(grid);
    }
  }
  for (int s = 0; s < 100; ++s) {
    core::Station st;
    st.id = core::StationId("S" + std::to_string(s));
    st.name = {"站", "Station"};
    st.org = district.id;
    st.location = random_place();
    r.stations.push_back(st);
  }
  const core::UnitType types[] = {core::UnitType::kEngine, core::UnitType::kEngine,
                                  core::UnitType::kLadder, core::UnitType::kAmbulance};
  for (int u = 0; u < 1000; ++u) {
    core::Unit unit;
    unit.id = core::UnitId("U" + std::to_string(u));
    unit.name = {"车", "Unit"};
    unit.type = types[u % 4];
    if (unit.type == core::UnitType::kLadder) unit.capabilities = {core::Capability::kAerial};
    unit.station = r.stations[static_cast<std::size_t>(u) % r.stations.size()].id;
    unit.org = district.id;
    r.units.push_back(unit);
  }
  core::Plan plan;
  plan.id = core::PlanId("fire");
  plan.name = {"火灾", "Fire"};
  plan.incident_types = {"fire.residential"};
  core::PlanLevel iv;
  iv.units = {{core::UnitType::kEngine, std::nullopt, 2, 8},
              {std::nullopt, core::Capability::kAerial, 1, 8},
              {core::UnitType::kAmbulance, std::nullopt, 1, 10}};
  plan.levels = {iv};
  r.plans = {plan};
  Apply(w->state, region::RegionImported{r});
  for (int i = 0; i < 100; ++i) {
    dispatch::IncidentReported inc;
    inc.id = w->state.next_incident_id();
    inc.type = "fire.residential";
    inc.location = random_place();
    inc.jurisdiction = district.id;
    w->incidents.push_back(inc.id);
    Apply(w->state, inc);
  }
  for (int u = 0; u < 1000; ++u) {
    const core::LatLon p = random_place();
    w->unit_positions.push_back({p.lat, p.lon});
  }
  w->router =
      geo::Router::Create(graph, std::nullopt, {.max_snap_m = 5000, .progress = {}}).value();
  slot = std::move(w);
  return *slot;
}

double Percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
}

void BM_Recommend(benchmark::State& state, const std::string& name) {
  const World& w = Get(name);
  Recommender recommender(w.router);
  (void)recommender.Recommend(w.state, w.incidents[0], kNow);  // places the 1,000 units once
  std::vector<double> micros;
  std::size_t i = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(recommender.Recommend(w.state, w.incidents[i++ % 100], kNow));
    micros.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
            .count());
  }
  state.counters["p50_us"] = Percentile(micros, 0.50);
  state.counters["p99_us"] = Percentile(micros, 0.99);
}

// Baseline in the same run: the 1,000 units' times to the incident by one full sweep.
void BM_SweepTimesTo(benchmark::State& state, const std::string& name) {
  const World& w = Get(name);
  std::size_t i = 0;
  for (auto _ : state) {
    const core::Incident* inc = w.state.FindIncident(w.incidents[i++ % 100]);
    benchmark::DoNotOptimize(
        w.router->TimesTo(w.unit_positions, {inc->location.lat, inc->location.lon}));
  }
}

// 50 incidents competing for the 1,000 units: each wants 2 engines, 1 aerial unit and 1
// ambulance (200 slots), weights by level; times from the fleet index. The solve alone, and the
// whole (50 many-to-one queries + solve).
void BM_Assign50x1000(benchmark::State& state, const std::string& name, bool with_times) {
  const World& w = Get(name);
  geo::FleetIndex fleet(w.router);
  for (std::uint32_t u = 0; u < w.unit_positions.size(); ++u)
    (void)fleet.Place(u, w.unit_positions[u]);
  std::vector<const core::Unit*> units;
  for (const auto& [id, u] : w.state.units()) units.push_back(&u);
  auto build = [&] {
    AssignmentProblem p;
    p.unit_count = units.size();
    for (std::uint32_t i = 0; i < 50; ++i) {
      const core::Incident* inc = w.state.FindIncident(w.incidents[i]);
      const std::vector<geo::Distance> t =
          fleet.TimesTo({inc->location.lat, inc->location.lon}).value();
      const std::uint32_t weight = 1U << (i % 4);
      const core::UnitType wanted[] = {core::UnitType::kEngine, core::UnitType::kEngine,
                                       core::UnitType::kLadder, core::UnitType::kAmbulance};
      for (const core::UnitType type : wanted) {
        p.slots.push_back({i, weight});
        for (std::size_t u = 0; u < units.size(); ++u) {
          const bool ok = units[u]->type == type && u < t.size() && t[u] != geo::kUnreachable;
          p.times.push_back(ok ? static_cast<std::int64_t>(t[u]) : kNotEligible);
        }
      }
    }
    return p;
  };
  const AssignmentProblem fixed = build();
  for (auto _ : state) {
    if (with_times) {
      benchmark::DoNotOptimize(SolveAssignment(build()));
    } else {
      benchmark::DoNotOptimize(SolveAssignment(fixed));
    }
  }
}

// Live coverage of the 500 engines (100 stations, at quarters) over 400 grids, with three moves of
// advice; the baseline in the same run is its stations × grids time matrix alone. DIMACS `t`
// weights have no stated unit (docs/routing.md): the standard is set so that the share is
// partial, which is what makes the advice work.
void BM_LiveCoverage(benchmark::State& state, const std::string& name) {
  const World& w = Get(name);
  LiveCoverageOptions options;
  options.standard = std::chrono::seconds(7200);
  for (auto _ : state) {
    benchmark::DoNotOptimize(ComputeLiveCoverage(w.state, *w.router, options, kNow));
  }
  const LiveCoverage c = ComputeLiveCoverage(w.state, *w.router, options, kNow).value();
  state.counters["share"] = c.share;
  state.counters["moves"] = static_cast<double>(c.moves.size());
  state.counters["grids_placed"] = static_cast<double>(
      std::count_if(c.grids.begin(), c.grids.end(), [](const GridCover& g) { return g.placed; }));
}

void BM_StationGridMatrix(benchmark::State& state, const std::string& name) {
  const World& w = Get(name);
  std::vector<geo::Position> stations;
  for (const auto& [id, st] : w.state.stations()) {
    if (w.router->SnapTo({st.location.lat, st.location.lon}).ok()) {
      stations.push_back({st.location.lat, st.location.lon});
    }
  }
  std::vector<geo::Position> centres;
  for (const auto& [id, g] : w.state.grids()) {
    const auto& ring = g.area.front().outer;
    const geo::Position c{(ring[0].lat + ring[2].lat) / 2, (ring[0].lon + ring[2].lon) / 2};
    if (w.router->SnapTo(c).ok()) centres.push_back(c);
  }
  for (auto _ : state) benchmark::DoNotOptimize(w.router->Matrix(stations, centres));
}

BENCHMARK_CAPTURE(BM_LiveCoverage, ny, "ny")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_StationGridMatrix, ny, "ny")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Assign50x1000, ny_solve, "ny", false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Assign50x1000, ny_with_times, "ny", true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Recommend, ny, "ny")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_SweepTimesTo, ny, "ny")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Recommend, andorra, "andorra")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_SweepTimesTo, andorra, "andorra")->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace elink::dispatch

BENCHMARK_MAIN();
