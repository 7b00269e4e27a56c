// SPDX-License-Identifier: Apache-2.0
// Joint assignment over several incidents: on random cities its total weighted arrival time equals
// an exhaustive search over every way of giving units to slots, with every unit timed by plain
// Dijkstra; on the demo region's real roads a major fire takes the nearest engines from a small
// one next to it, and the small one is told which units it ceded and to whom.
#include "core/messages.hpp"
#include "core/region_loader.hpp"
#include "dispatch/messages.hpp"
#include "dispatch/recommend.hpp"
#include "engine/registry.hpp"
#include "geo/dijkstra.hpp"
#include "geo/geo_test_util.hpp"
#include "geo/osm_import.hpp"
#include "road_oracle.hpp"
#include "support/constants.hpp"
#include "support/data_files.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <random>

namespace elink::dispatch {
namespace {

using core::IncidentId;
using core::IncidentLevel;
using core::UnitType;

using testing::kTestNow;

void Apply(core::State& state, engine::EventBody body) {
  const Status s =
      engine::Apply(state, {state.last_seq() + 1, kTestNow, "tester", "", std::move(body)});
  ASSERT_TRUE(s.ok()) << s.ToString();
}

core::Organisation Org(const char* id, core::OrgTier tier, const char* parent) {
  core::Organisation o;
  o.id = core::OrgId(id);
  o.name = {id, id};
  o.tier = tier;
  if (parent != nullptr) o.parent = core::OrgId(parent);
  return o;
}

// One district, `n` units of two types at random stations, a plan asking for engines and a
// ladder at IV and one more engine at III.
core::Region RandomRegion(std::mt19937& rng, int n) {
  std::uniform_real_distribution<double> lat(42.5005, 42.5095);
  std::uniform_real_distribution<double> lon(1.5005, 1.5530);
  core::Region r;
  r.id = "joint";
  r.name = {"联合", "Joint"};
  r.organisations = {Org("R", core::OrgTier::kRegion, nullptr),
                     Org("D", core::OrgTier::kDistrict, "R"),
                     Org("K", core::OrgTier::kCommunity, "D")};
  for (int i = 0; i < n; ++i) {
    core::Station st;
    st.id = core::StationId("S" + std::to_string(i));
    st.name = {st.id.value(), st.id.value()};
    st.org = core::OrgId("D");
    st.location = {lat(rng), lon(rng)};
    r.stations.push_back(st);
    core::Unit u;
    u.id = core::UnitId("U" + std::to_string(i));
    u.name = {u.id.value(), u.id.value()};
    u.type = rng() % 3 == 0 ? UnitType::kLadder : UnitType::kEngine;
    u.station = st.id;
    u.org = st.org;
    r.units.push_back(u);
  }
  core::Plan plan;
  plan.id = core::PlanId("fire");
  plan.name = {"火灾", "Fire"};
  plan.incident_types = {"fire.residential"};
  core::PlanLevel iv;
  iv.level = IncidentLevel::kIV;
  iv.units = {{UnitType::kEngine, std::nullopt, 2, 6}, {UnitType::kLadder, std::nullopt, 1, 6}};
  core::PlanLevel iii;
  iii.level = IncidentLevel::kIII;
  iii.command_tier = core::OrgTier::kCity;
  iii.units = {{UnitType::kEngine, std::nullopt, 1, 10}};
  plan.levels = {iv, iii};
  r.plans = {plan};
  return r;
}

using test::DijkstraEta;

TEST(JointAssignmentOracleTest, TotalEqualsExhaustiveSearchOnRandomCities) {
  int cases = 0;
  int contested = 0;
  for (std::uint32_t city = 0; city < 4; ++city) {
    auto router = geo::Router::Create(geo::testing::RandomGraph(city + 90, 540, true), std::nullopt,
                                      {.max_snap_m = 400})
                      .value();
    Recommender recommender(router);
    std::mt19937 rng(city + 7);
    std::uniform_real_distribution<double> lat(42.5005, 42.5095);
    std::uniform_real_distribution<double> lon(1.5005, 1.5530);
    for (int k = 0; k < 25; ++k, ++cases) {
      core::State state;
      Apply(state, region::RegionImported{RandomRegion(rng, 5 + static_cast<int>(rng() % 3))});
      const int n_inc = 2;
      std::vector<IncidentId> ids;
      for (int i = 0; i < n_inc; ++i) {
        dispatch::IncidentReported inc;
        inc.id = IncidentId(static_cast<std::uint64_t>(i + 1));
        inc.type = "fire.residential";
        inc.level = rng() % 2 == 0 ? IncidentLevel::kIV : IncidentLevel::kIII;
        inc.location = {lat(rng), lon(rng)};
        inc.jurisdiction = core::OrgId("K");
        Apply(state, inc);
        ids.push_back(inc.id);
      }
      Result<JointAssignment> joint = recommender.AssignJointly(state, ids, kTestNow);
      ASSERT_TRUE(joint.ok()) << joint.status().ToString();

      // The oracle: slots from the plan, times by Dijkstra plus the crew's turnout (every unit is
      // at quarters), every assignment tried.
      struct Slot {
        std::size_t inc;
        UnitType type;
        std::int64_t weight;
      };
      std::vector<Slot> slots;
      for (std::size_t i = 0; i < ids.size(); ++i) {
        const core::Incident& inc = *state.FindIncident(ids[i]);
        const std::int64_t w = inc.level == IncidentLevel::kIII ? 2 : 1;
        slots.push_back({i, UnitType::kEngine, w});
        slots.push_back({i, UnitType::kEngine, w});
        slots.push_back({i, UnitType::kLadder, w});
        if (inc.level == IncidentLevel::kIII) slots.push_back({i, UnitType::kEngine, w});
      }
      std::vector<const core::Unit*> units;
      for (const auto& [id, u] : state.units()) units.push_back(&u);
      std::vector<std::vector<geo::Distance>> eta(ids.size());     // the drive
      std::vector<std::vector<geo::Distance>> priced(ids.size());  // turnout + drive
      geo::Distance max_eta = 0;
      for (std::size_t i = 0; i < ids.size(); ++i) {
        for (const core::Unit* u : units) {
          const geo::Distance t = DijkstraEta(*router, state.stations().Find(u->station)->location,
                                              state.FindIncident(ids[i])->location);
          eta[i].push_back(t);
          const geo::Distance c =
              t == geo::kUnreachable
                  ? t
                  : t + static_cast<geo::Distance>(DefaultTurnout(u->type).count());
          priced[i].push_back(c);
          if (c != geo::kUnreachable) max_eta = std::max(max_eta, c);
        }
      }
      const std::int64_t unfilled = static_cast<std::int64_t>(max_eta) + 1;
      std::vector<bool> used(units.size(), false);
      std::int64_t best = std::numeric_limits<std::int64_t>::max();
      std::function<void(std::size_t, std::int64_t)> search = [&](std::size_t s,
                                                                  std::int64_t cost) {
        if (cost >= best) return;
        if (s == slots.size()) {
          best = cost;
          return;
        }
        search(s + 1, cost + slots[s].weight * unfilled);
        for (std::size_t u = 0; u < units.size(); ++u) {
          const geo::Distance t = priced[slots[s].inc][u];
          if (used[u] || units[u]->type != slots[s].type || t == geo::kUnreachable) continue;
          used[u] = true;
          search(s + 1, cost + slots[s].weight * static_cast<std::int64_t>(t));
          used[u] = false;
        }
      };
      search(0, 0);
      EXPECT_EQ(joint->total_cost, best) << "city " << city << " case " << k;

      // The solution itself is consistent: each unit once, of the line's type, its true ETA.
      std::set<core::UnitId> seen;
      for (std::size_t i = 0; i < joint->incidents.size(); ++i) {
        for (const LinePlan& line : joint->incidents[i].lines) {
          for (const Pick& p : line.picks) {
            EXPECT_TRUE(seen.insert(p.unit).second) << p.unit.value() << " given twice";
            const core::Unit* u = state.FindUnit(p.unit);
            EXPECT_EQ(u->type, *line.requirement.unit_type);
            const auto at = std::find(units.begin(), units.end(), u) - units.begin();
            EXPECT_EQ(p.eta, geo::ToTravelTime(eta[i][static_cast<std::size_t>(at)]));
          }
        }
        if (!joint->incidents[i].ceded.empty()) ++contested;
      }
    }
  }
  EXPECT_EQ(cases, 100);
  EXPECT_GT(contested, 0) << "no case where incidents competed for a unit";
}

TEST(JointAssignmentTest, BadRequestsAreRefused) {
  auto router =
      geo::Router::Create(geo::testing::RandomGraph(3, 540, true), std::nullopt, {}).value();
  Recommender recommender(router);
  std::mt19937 rng(1);
  core::State state;
  Apply(state, region::RegionImported{RandomRegion(rng, 4)});
  dispatch::IncidentReported inc;
  inc.id = IncidentId(1);
  inc.type = "fire.residential";
  inc.location = {42.505, 1.52};
  Apply(state, inc);
  const Status none = recommender.AssignJointly(state, {}, kTestNow).status();
  EXPECT_EQ(none.field(), "incidents");
  EXPECT_EQ(none.message_id(), &msg::kNameAnIncident);
  EXPECT_EQ(none.message(), "name at least one incident");
  EXPECT_EQ(none.Text(Lang::kZhCN), "请至少指定一个事件");
  const Status twice =
      recommender.AssignJointly(state, {IncidentId(1), IncidentId(1)}, kTestNow).status();
  EXPECT_EQ(twice.field(), "incidents");
  EXPECT_EQ(twice.message_id(), &msg::kIncidentNamedTwice);
  EXPECT_EQ(twice.Text(Lang::kZhCN), "同一事件被指定了两次");
  const Status missing =
      recommender.AssignJointly(state, {IncidentId(1), IncidentId(9)}, kTestNow).status();
  EXPECT_EQ(missing.code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.field(), "incidents[1].incident");
  EXPECT_EQ(missing.message_id(), &core::msg::kNoIncident);
  EXPECT_EQ(missing.Text(Lang::kZhCN), "没有编号为 9 的事件");
  const Status many =
      recommender.AssignJointly(state, std::vector<IncidentId>(201, IncidentId(1)), kTestNow)
          .status();
  EXPECT_EQ(many.field(), "incidents");
  EXPECT_EQ(many.message_id(), &msg::kAtMostIncidents);
  EXPECT_EQ(many.message(), "at most 200 incidents");
  EXPECT_EQ(many.Text(Lang::kZhCN), "最多 200 个事件");
  Apply(state, dispatch::IncidentStatusChanged{IncidentId(1), core::IncidentStatus::kReported,
                                               core::IncidentStatus::kCancelled, "prank"});
  const Status closed = recommender.AssignJointly(state, {IncidentId(1)}, kTestNow).status();
  EXPECT_EQ(closed.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(closed.field(), "incidents[0]");
  EXPECT_EQ(closed.message_id(), &msg::kNoLongerOpen);
  EXPECT_EQ(closed.Text(Lang::kZhCN), "事件 1 已结束");
}

// Two fires 150 m apart in the Marina on the real roads: alone, each would take the same
// nearest engines; jointly the level-II fire (weight 4) gets them and the level-IV one is told.
TEST(JointAssignmentSfTest, TheMajorFireTakesTheNearestEnginesAndTheSmallOneIsTold) {
  const std::string osm = elink::testing::DataPath("roads/sf-north.osm.gz");
  ELINK_REQUIRE_DATA(osm);
  Result<geo::ImportedRoads> roads = geo::ImportOsm(osm);
  ASSERT_TRUE(roads.ok()) << roads.status().ToString();
  auto router = geo::Router::Create(std::move(roads->graph), std::nullopt).value();
  Result<core::Region> region =
      core::LoadRegion(std::string(ELINK_SOURCE_DIR) + "/data/regions/demo");
  ASSERT_TRUE(region.ok()) << region.status().ToString();
  core::State state;
  Apply(state, region::RegionImported{std::move(region).value()});
  const auto report = [&](std::uint64_t id, core::LatLon at, IncidentLevel level) {
    dispatch::IncidentReported inc;
    inc.id = IncidentId(id);
    inc.type = "fire.residential";
    inc.level = level;
    inc.location = at;
    for (const auto& [gid, grid] : state.grids()) {
      for (const auto& poly : grid.area) {
        if (core::Contains(poly, at)) inc.jurisdiction = grid.community;
      }
    }
    Apply(state, inc);
  };
  report(1, {37.8003, -122.4372}, IncidentLevel::kIV);
  report(2, {37.8008, -122.4355}, IncidentLevel::kII);
  Recommender recommender(router);
  const Recommendation small_alone = recommender.Recommend(state, IncidentId(1), kTestNow).value();
  Result<JointAssignment> joint =
      recommender.AssignJointly(state, {IncidentId(1), IncidentId(2)}, kTestNow);
  ASSERT_TRUE(joint.ok()) << joint.status().ToString();
  const IncidentShare& small = joint->incidents[0];
  const IncidentShare& big = joint->incidents[1];
  EXPECT_EQ(small.weight, 1U);
  EXPECT_EQ(big.weight, 4U);
  ASSERT_FALSE(small.ceded.empty()) << "the two fires want the same first-due units";
  for (const auto& [unit, to] : small.ceded) {
    EXPECT_EQ(to, IncidentId(2));
    bool in_big = false;
    for (const LinePlan& line : big.lines) {
      for (const Pick& p : line.picks) in_big = in_big || p.unit == unit;
    }
    EXPECT_TRUE(in_big) << unit.value() << " was ceded but is not on the major fire";
  }
  // The small fire's first engine line now arrives later than it would alone.
  ASSERT_FALSE(small.lines.empty());
  ASSERT_FALSE(small.lines[0].picks.empty());
  EXPECT_GT(small.lines[0].picks[0].eta, small_alone.lines[0].picks[0].eta);
  const std::string zh = DescribeJoint(*joint, state, true);
  EXPECT_NE(zh.find("让给事件 2"), std::string::npos) << zh;
  const std::string en = DescribeJoint(*joint, state, false);
  EXPECT_NE(en.find("ceded to incident 2"), std::string::npos) << en;
}

}  // namespace
}  // namespace elink::dispatch
