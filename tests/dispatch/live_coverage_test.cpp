#include "dispatch/live_coverage.hpp"

#include "dispatch/events.hpp"
#include "dispatch/recommend.hpp"
#include "engine/registry.hpp"
#include "geo/dijkstra.hpp"
#include "geo/geo_test_util.hpp"
#include "region/events.hpp"
#include "road_oracle.hpp"
#include "support/constants.hpp"
#include "units/events.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

namespace elink::dispatch {
namespace {

using core::UnitType;
using testing::kTestNow;

// The random test city spans lat 42.500–42.510, lon 1.500–1.554; grids are a 3 × 6 tiling of it.
constexpr int kRows = 3;
constexpr int kCols = 6;
constexpr double kLat0 = 42.500;
constexpr double kLon0 = 1.500;
constexpr double kDLat = 0.010 / kRows;
constexpr double kDLon = 0.054 / kCols;

core::LatLon CellCentre(int r, int c) {
  return {kLat0 + (r + 0.5) * kDLat, kLon0 + (c + 0.5) * kDLon};
}

core::Region CoverageRegion(std::mt19937& rng) {
  std::uniform_real_distribution<double> lat(42.5005, 42.5095);
  std::uniform_real_distribution<double> lon(1.5005, 1.5530);
  core::Region r;
  r.id = "coverage";
  r.name = {"覆盖测试", "Coverage test"};
  core::Organisation root;
  root.id = core::OrgId("R");
  root.name = {"区域", "Region"};
  root.tier = core::OrgTier::kRegion;
  core::Organisation k;
  k.id = core::OrgId("K");
  k.name = {"社区", "Community"};
  k.tier = core::OrgTier::kCommunity;
  k.parent = root.id;
  r.organisations = {root, k};
  for (int row = 0; row < kRows; ++row) {
    for (int col = 0; col < kCols; ++col) {
      core::Grid g;
      g.id = core::GridId("G" + std::to_string(row) + std::to_string(col));
      g.name = {g.id.value(), g.id.value()};
      g.community = k.id;
      const double a = kLat0 + row * kDLat;
      const double b = kLon0 + col * kDLon;
      g.area = {
          core::Polygon{{{a, b}, {a, b + kDLon}, {a + kDLat, b + kDLon}, {a + kDLat, b}}, {}}};
      r.grids.push_back(g);
    }
  }
  for (int s = 0; s < 5; ++s) {
    core::Station st;
    st.id = core::StationId("S" + std::to_string(s));
    st.name = {st.id.value(), st.id.value()};
    st.org = root.id;
    st.location = {lat(rng), lon(rng)};
    r.stations.push_back(st);
  }
  for (int u = 0; u < 14; ++u) {
    core::Unit unit;
    unit.id = core::UnitId("U" + std::to_string(100 + u));
    unit.name = {unit.id.value(), unit.id.value()};
    unit.type = u % 3 == 2 ? UnitType::kAmbulance : UnitType::kEngine;
    unit.station = r.stations[rng() % r.stations.size()].id;
    unit.org = root.id;
    unit.crew = 4;
    r.units.push_back(unit);
  }
  return r;
}

void ApplyTo(core::State& state, engine::EventBody body, TimePoint at = kTestNow) {
  const Status s = engine::Apply(state, {state.last_seq() + 1, at, "tester", "", std::move(body)});
  ASSERT_TRUE(s.ok()) << s.ToString();
}

using test::DijkstraEta;

// The oracle's view of a free unit: where it starts and whether it turns out first.
struct FreeUnit {
  core::UnitId id;
  core::LatLon at;
  bool at_quarters;
};

TEST(LiveCoverageOracleTest, EqualsPlainDijkstraAndTheBestSingleMove) {
  int grids_checked = 0;
  int moves_checked = 0;
  int partial = 0;
  for (std::uint32_t city = 0; city < 6; ++city) {
    auto router = geo::Router::Create(geo::testing::RandomGraph(city + 90, 540, true), std::nullopt,
                                      {.max_snap_m = 400})
                      .value();
    std::mt19937 rng(city + 7);
    for (int k = 0; k < 6; ++k) {
      core::State state;
      ApplyTo(state, region::RegionImported{CoverageRegion(rng)});
      // Recent incidents weigh their grids; an old one does not.
      std::map<std::string, std::int64_t> weight;
      for (int i = 0; i < 8; ++i) {
        IncidentReported inc;
        inc.id = core::IncidentId(static_cast<std::uint64_t>(i + 1));
        inc.type = "fire.residential";
        const int row = static_cast<int>(rng() % kRows);
        const int col = static_cast<int>(rng() % kCols);
        inc.location = CellCentre(row, col);
        inc.grid = core::GridId("G" + std::to_string(row) + std::to_string(col));
        const bool old = i == 0;
        ApplyTo(state, inc, kTestNow - (old ? std::chrono::hours(24 * 40) : std::chrono::hours(i)));
        if (!old) ++weight[inc.grid->value()];
      }
      // Some engines are busy or away from quarters.
      std::vector<FreeUnit> free;
      std::vector<core::UnitId> ids;
      for (const auto& [id, u] : state.units()) ids.push_back(id);
      for (const core::UnitId& id : ids) {
        const core::Unit u = state.units().at(id);  // a copy: applying events may move it
        const int roll = static_cast<int>(rng() % 6);
        if (roll == 0) {
          ApplyTo(state, UnitDispatched{id, core::IncidentId(2)});
          continue;
        }
        const core::LatLon home = state.stations().at(u.station).location;
        if (roll == 1) {
          const core::LatLon away =
              CellCentre(static_cast<int>(rng() % kRows), static_cast<int>(rng() % kCols));
          ApplyTo(state,
                  units::UnitPositionReported{id, away, kTestNow - std::chrono::seconds(30)});
          if (core::HaversineMeters(away, home) > 150) {
            if (u.type == UnitType::kEngine) free.push_back({id, away, false});
            continue;
          }
        }
        if (u.type == UnitType::kEngine) free.push_back({id, home, true});
      }

      LiveCoverageOptions options;
      options.type = UnitType::kEngine;
      options.standard = std::chrono::seconds(60 + rng() % 400);
      options.max_moves = 2;
      const Result<LiveCoverage> got = ComputeLiveCoverage(state, *router, options, kTestNow);
      ASSERT_TRUE(got.ok()) << got.status().ToString();
      const geo::Distance turnout =
          static_cast<geo::Distance>(DefaultTurnout(UnitType::kEngine).count());
      const geo::Distance standard = static_cast<geo::Distance>(options.standard.count()) * 10;
      EXPECT_EQ(got->free_units, static_cast<int>(free.size()));
      EXPECT_TRUE(got->unplaced.empty());

      // Grid by grid, against plain Dijkstra from each free unit.
      std::int64_t covered = 0;
      std::int64_t total = 0;
      ASSERT_EQ(got->grids.size(), static_cast<std::size_t>(kRows * kCols));
      std::vector<core::LatLon> centres;
      std::vector<std::int64_t> weights;
      for (const GridCover& g : got->grids) {
        const int row = g.grid.value()[1] - '0';
        const int col = g.grid.value()[2] - '0';
        const core::LatLon c = CellCentre(row, col);
        EXPECT_NEAR(g.centre.lat, c.lat, 1e-9);
        EXPECT_NEAR(g.centre.lon, c.lon, 1e-9);
        EXPECT_EQ(g.weight, 1 + weight[g.grid.value()]) << g.grid.value();
        const bool placed = router->SnapTo({g.centre.lat, g.centre.lon}).ok();
        EXPECT_EQ(g.placed, placed);
        if (!placed) continue;
        // The oracle drives to the centre as computed (a point a hair away can snap to another
        // road where two are equally near).
        centres.push_back(g.centre);
        weights.push_back(g.weight);
        total += g.weight;
        geo::Distance soonest = geo::kUnreachable;
        int within = 0;
        for (const FreeUnit& f : free) {
          const geo::Distance d = DijkstraEta(*router, f.at, g.centre);
          if (d == geo::kUnreachable) continue;
          const geo::Distance t = d + (f.at_quarters ? turnout : 0);
          soonest = std::min(soonest, t);
          if (t <= standard) ++within;
        }
        EXPECT_EQ(g.units_within, within) << g.grid.value();
        if (soonest == geo::kUnreachable) {
          EXPECT_FALSE(g.soonest.has_value());
        } else {
          ASSERT_TRUE(g.soonest.has_value());
          EXPECT_EQ(static_cast<geo::Distance>(g.soonest->count()), soonest);
        }
        if (within > 0) covered += g.weight;
        ++grids_checked;
      }
      EXPECT_EQ(got->total_weight, total);
      EXPECT_EQ(got->covered_weight, covered);
      if (total > 0) {
        EXPECT_DOUBLE_EQ(got->share, static_cast<double>(covered) / static_cast<double>(total));
      }
      if (covered < total) ++partial;

      // The first move is the best single move of one free engine to a station engines answer
      // from: checked by trying every one.
      std::vector<core::StationId> engine_stations;
      for (const auto& [id, u] : state.units()) {
        if (u.type == UnitType::kEngine && std::find(engine_stations.begin(), engine_stations.end(),
                                                     u.station) == engine_stations.end()) {
          engine_stations.push_back(u.station);
        }
      }
      // The oracle's drives, each searched once (the moves try the same places many times).
      std::map<std::tuple<double, double, double, double>, geo::Distance> drives;
      const auto drive = [&](const core::LatLon& from, const core::LatLon& to) {
        const auto key = std::make_tuple(from.lat, from.lon, to.lat, to.lon);
        const auto it = drives.find(key);
        if (it != drives.end()) return it->second;
        return drives[key] = DijkstraEta(*router, from, to);
      };
      const auto covered_by = [&](const std::vector<FreeUnit>& at) {
        std::int64_t w = 0;
        for (std::size_t d = 0; d < centres.size(); ++d) {
          for (const FreeUnit& f : at) {
            const geo::Distance t = drive(f.at, centres[d]);
            if (t != geo::kUnreachable && t + (f.at_quarters ? turnout : 0) <= standard) {
              w += weights[d];
              break;
            }
          }
        }
        return w;
      };
      std::int64_t best = covered;
      for (std::size_t u = 0; u < free.size(); ++u) {
        for (const core::StationId& s : engine_stations) {
          std::vector<FreeUnit> moved = free;
          moved[u] = {free[u].id, state.stations().at(s).location, true};
          best = std::max(best, covered_by(moved));
        }
      }
      if (best == covered) {
        EXPECT_TRUE(got->moves.empty());
      } else {
        ASSERT_FALSE(got->moves.empty());
        EXPECT_DOUBLE_EQ(got->moves[0].share_before,
                         static_cast<double>(covered) / static_cast<double>(total));
        EXPECT_DOUBLE_EQ(got->moves[0].share_after,
                         static_cast<double>(best) / static_cast<double>(total));
        ++moves_checked;
      }
      for (std::size_t m = 1; m < got->moves.size(); ++m) {
        EXPECT_GT(got->moves[m].share_after, got->moves[m].share_before);
        EXPECT_DOUBLE_EQ(got->moves[m].share_before, got->moves[m - 1].share_after);
      }
    }
  }
  // The scenarios must have exercised what they check.
  EXPECT_GT(grids_checked, 300);
  EXPECT_GT(moves_checked, 5);
  EXPECT_GT(partial, 5);
}

TEST(LiveCoverageTest, NoFreeUnitsCoverNothingAndAdviseNothing) {
  auto router = geo::Router::Create(geo::testing::RandomGraph(91, 540, true), std::nullopt,
                                    {.max_snap_m = 400})
                    .value();
  std::mt19937 rng(3);
  core::State state;
  ApplyTo(state, region::RegionImported{CoverageRegion(rng)});
  std::vector<core::UnitId> ids;
  for (const auto& [id, u] : state.units()) ids.push_back(id);
  for (const core::UnitId& id : ids) {
    ApplyTo(state, units::UnitStatusChanged{id, core::UnitStatus::kAvailable,
                                            core::UnitStatus::kOutOfService, "drill"});
  }
  const LiveCoverage got = ComputeLiveCoverage(state, *router, {}, kTestNow).value();
  EXPECT_EQ(got.free_units, 0);
  EXPECT_EQ(got.covered_weight, 0);
  EXPECT_GT(got.total_weight, 0);
  EXPECT_EQ(got.share, 0.0);
  EXPECT_TRUE(got.moves.empty());
  for (const GridCover& g : got.grids) EXPECT_FALSE(g.soonest.has_value());
}

TEST(LiveCoverageTest, UnitsTheCallerMayNotSeeDoNotCount) {
  auto router = geo::Router::Create(geo::testing::RandomGraph(92, 540, true), std::nullopt,
                                    {.max_snap_m = 400})
                    .value();
  std::mt19937 rng(4);
  core::State state;
  ApplyTo(state, region::RegionImported{CoverageRegion(rng)});
  LiveCoverageOptions options;
  options.standard = std::chrono::seconds(3000);
  const LiveCoverage all = ComputeLiveCoverage(state, *router, options, kTestNow).value();
  EXPECT_GT(all.free_units, 0);
  options.visible = [](const core::Unit&) { return false; };
  const LiveCoverage none = ComputeLiveCoverage(state, *router, options, kTestNow).value();
  EXPECT_EQ(none.free_units, 0);
  EXPECT_EQ(none.covered_weight, 0);
  EXPECT_GT(all.covered_weight, 0);
}

TEST(LiveCoverageTest, BadOptionsAreRefusedNamingTheField) {
  auto router = geo::Router::Create(geo::testing::RandomGraph(93, 540, true), std::nullopt,
                                    {.max_snap_m = 400})
                    .value();
  std::mt19937 rng(5);
  core::State state;
  ApplyTo(state, region::RegionImported{CoverageRegion(rng)});
  const std::uint64_t seq = state.last_seq();
  const auto refused = [&](LiveCoverageOptions o, const std::string& field) {
    const Status s = ComputeLiveCoverage(state, *router, o, kTestNow).status();
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << field;
    EXPECT_EQ(s.field(), field);
    EXPECT_FALSE(s.message().empty());
  };
  LiveCoverageOptions o;
  o.standard = std::chrono::seconds(0);
  refused(o, "standard");
  o = {};
  o.standard = std::chrono::seconds(7201);
  refused(o, "standard");
  o = {};
  o.max_moves = -1;
  refused(o, "max_moves");
  o = {};
  o.max_moves = 21;
  refused(o, "max_moves");
  o = {};
  o.history = std::chrono::hours(-1);
  refused(o, "history");
  o = {};
  o.turnout = geo::TravelTime(-5);
  refused(o, "turnout");
  o = {};
  o.at_quarters_m = std::nan("");
  refused(o, "at_quarters_m");
  EXPECT_EQ(state.last_seq(), seq);
}

}  // namespace
}  // namespace elink::dispatch
