// SPDX-License-Identifier: Apache-2.0
// A live edit of the resource base on a large center (issue #17): 5,000 units at 500 stations,
// 2,000 grids and 100 active incidents. How long the writer spends applying one edit (Decide and
// Apply of region::ChangeUnit, in memory), and how long from submitting it until the state the
// recommender reads (Engine::View) holds it, durable on a real SQLite log; each beside an AVL
// position report, the smallest command a center takes all day, measured in the same run.
// bench/README.md has the command and the figures.
#include "engine/engine.hpp"
#include "engine/machine.hpp"
#include "support/temp_dir.hpp"
#include "support/test_region.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace elink {
namespace {

constexpr int kStations = 500;
constexpr int kUnitsPerStation = 10;  // 5,000 units
constexpr int kGridRows = 40;
constexpr int kGridCols = 50;  // 2,000 grids
constexpr int kIncidents = 100;
constexpr double kCell = 0.002;  // degrees

core::Polygon Box(double lat0, double lon0, double lat1, double lon1) {
  return {{{lat0, lon0}, {lat0, lon1}, {lat1, lon1}, {lat1, lon0}, {lat0, lon0}}, {}};
}

// The small test region's organisations and plan, with a city's worth of grids, stations, units.
core::Region LargeRegion() {
  core::Region r = testing::SmallRegion();
  r.grids.clear();
  r.stations.clear();
  r.units.clear();
  for (int y = 0; y < kGridRows; ++y) {
    for (int x = 0; x < kGridCols; ++x) {
      const double lat = 30.0 + y * kCell;
      const double lon = 120.0 + x * kCell;
      const std::string id = "G" + std::to_string(y * kGridCols + x);
      r.grids.push_back({core::GridId(id),
                         {id, id},
                         core::OrgId(x < kGridCols / 2 ? "K1" : "K2"),
                         {Box(lat, lon, lat + kCell, lon + kCell)}});
    }
  }
  for (int s = 0; s < kStations; ++s) {
    const int y = (s / 25) * 2;
    const int x = (s % 25) * 2;
    const std::string id = "S" + std::to_string(s);
    r.stations.push_back({core::StationId(id),
                          {id, id},
                          core::StationKind::kFireStation,
                          core::OrgId(x < kGridCols / 2 ? "D1" : "D2"),
                          {30.0 + (y + 0.5) * kCell, 120.0 + (x + 0.5) * kCell},
                          ""});
    for (int k = 0; k < kUnitsPerStation; ++k) {
      core::Unit u;
      u.id = core::UnitId("U" + std::to_string(s * kUnitsPerStation + k));
      u.name = {u.id.value(), u.id.value()};
      u.type = k % 3 == 0 ? core::UnitType::kAmbulance : core::UnitType::kEngine;
      u.station = core::StationId(id);
      u.org = r.stations.back().org;
      u.crew = 4;
      r.units.push_back(std::move(u));
    }
  }
  return r;
}

std::vector<engine::CommandBody> Incidents() {
  std::vector<engine::CommandBody> out;
  for (int i = 0; i < kIncidents; ++i) {
    dispatch::ReportIncident report;
    report.type = "fire.residential";
    report.location = {30.0 + (i % 40 + 0.3) * kCell, 120.0 + (i % 50 + 0.3) * kCell};
    out.emplace_back(std::move(report));
  }
  return out;
}

// Edit i: unit U(i * 7 mod N) gets a crew of 4 or 5, in turn (never "nothing changes").
region::ChangeUnit Edit(std::int64_t i, std::vector<int>& crews) {
  const auto n = static_cast<std::int64_t>(crews.size());
  const auto u = static_cast<std::size_t>((i * 7) % n);
  crews[u] = crews[u] == 4 ? 5 : 4;
  region::ChangeUnit c;
  c.unit = core::UnitId("U" + std::to_string(u));
  c.crew = crews[u];
  c.reason = "bench";
  return c;
}
units::ReportPositions Position(std::int64_t i, TimePoint now) {
  units::ReportPositions p;
  p.reports.push_back({core::UnitId("U" + std::to_string((i * 7) % (kStations * kUnitsPerStation))),
                       {30.01 + static_cast<double>(i % 100) * 1e-5, 120.01},
                       now});
  return p;
}

void Percentiles(benchmark::State& state, std::vector<double>& us) {
  if (us.empty()) return;
  std::sort(us.begin(), us.end());
  const auto at = [&](double q) {
    return us[std::min(us.size() - 1,
                       static_cast<std::size_t>(q * static_cast<double>(us.size())))];
  };
  state.counters["p50_us"] = at(0.5);
  state.counters["p99_us"] = at(0.99);
  state.counters["max_us"] = us.back();
}

// The writer's work per command: Decide and Apply on the large state, in memory.
void BM_WriterApply(benchmark::State& state) {
  const bool edit = state.range(0) == 1;
  engine::Machine machine{core::State{}};
  std::vector<engine::Event> events;
  const TimePoint now = FromUnixMillis(1'800'000'000'000);
  if (!machine.Step({"bench", "", region::ImportRegion{LargeRegion()}}, now, events).ok()) {
    state.SkipWithError("region refused");
    return;
  }
  for (auto& c : Incidents()) (void)machine.Step({"bench", "", c}, now, events);
  std::vector<int> crews(kStations * kUnitsPerStation, 4);
  std::vector<double> us;
  std::int64_t i = 0;
  for (auto _ : state) {
    events.clear();
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = edit ? machine.Step({"bench", "", Edit(i, crews)}, now, events)
                        : machine.Step({"bench", "", Position(i, now)}, now, events);
    us.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
    if (!r.ok()) state.SkipWithError(r.status().ToString().c_str());
    ++i;
  }
  Percentiles(state, us);
}
BENCHMARK(BM_WriterApply)->ArgName("edit")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// Submit → durable on SQLite → the published state (what the recommender reads) holds it.
void BM_DurableUntilVisible(benchmark::State& state) {
  const bool edit = state.range(0) == 1;
  testing::TempDir dir;
  auto log = store::OpenSqliteLog({.path = dir / "center.db", .create_if_missing = true});
  if (!log.ok()) {
    state.SkipWithError("no log");
    return;
  }
  ManualClock clock{FromUnixMillis(1'800'000'000'000)};
  auto engine = engine::Engine::Open(**log, clock, {});
  if (!engine.ok() ||
      !(*engine)->Execute({"bench", "", region::ImportRegion{LargeRegion()}}).ok()) {
    state.SkipWithError("engine did not start");
    return;
  }
  for (auto& c : Incidents()) (void)(*engine)->Execute({"bench", "", c});
  std::vector<int> crews(kStations * kUnitsPerStation, 4);
  std::vector<double> us;
  std::int64_t i = 0;
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    bool seen = false;
    if (edit) {
      region::ChangeUnit c = Edit(i, crews);
      const core::UnitId id = c.unit;
      const int crew = *c.crew;
      seen = (*engine)->Execute({"bench", "", std::move(c)}).ok() &&
             (*engine)->View()->FindUnit(id)->crew == crew;
    } else {
      seen = (*engine)->Execute({"bench", "", Position(i, clock.Now())}).ok() &&
             (*engine)->View()->last_seq() > 0;
    }
    us.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
    if (!seen) state.SkipWithError("not visible");
    ++i;
  }
  Percentiles(state, us);
}
BENCHMARK(BM_DurableUntilVisible)
    ->ArgName("edit")
    ->Arg(0)
    ->Arg(1)
    ->UseRealTime()
    ->MinTime(3.0)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace elink

BENCHMARK_MAIN();
