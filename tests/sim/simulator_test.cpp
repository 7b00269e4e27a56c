#include "sim/simulator.hpp"

#include "core/region_loader.hpp"
#include "geo/dijkstra.hpp"
#include "geo/osm_import.hpp"
#include "sim/fire_region.hpp"
#include "sim/report.hpp"
#include "sim/sources.hpp"
#include "support/data_files.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

namespace elink::sim {
namespace {

using core::IncidentLevel;

// A lattice of streets over the small test region: 21 × 11 nodes 0.001° apart, every street
// both ways, 30 s a block.
std::shared_ptr<const geo::Router> LatticeRouter() {
  constexpr std::uint32_t kW = 21, kH = 11;
  geo::RoadGraphBuilder b(kW * kH);
  auto id = [](std::uint32_t x, std::uint32_t y) { return y * kW + x; };
  for (std::uint32_t y = 0; y < kH; ++y) {
    for (std::uint32_t x = 0; x < kW; ++x) {
      b.SetCoordinate(id(x, y), {static_cast<std::int32_t>(30'000'000 + y * 1000),
                                 static_cast<std::int32_t>(120'000'000 + x * 1000)});
      if (x + 1 < kW) {
        b.AddEdge({id(x, y), id(x + 1, y), 300, 96});
        b.AddEdge({id(x + 1, y), id(x, y), 300, 96});
      }
      if (y + 1 < kH) {
        b.AddEdge({id(x, y), id(x, y + 1), 300, 111});
        b.AddEdge({id(x, y + 1), id(x, y), 300, 111});
      }
    }
  }
  return geo::Router::Create(std::move(b).Build().value(), std::nullopt).value();
}

Durations Constant(double processing_s, double turnout_s, double on_scene_s) {
  Durations d;
  d.fallback = {{processing_s, processing_s}, {turnout_s, turnout_s}, {on_scene_s, on_scene_s}};
  d.source = "test constants";
  return d;
}

SimIncident Fire(double lat, double lon, std::int64_t at_s, std::string ref = "t") {
  SimIncident s;
  s.at = FromUnixMillis(1'767'225'600'000 + at_s * 1000);
  s.location = {lat, lon};
  s.type = "fire.residential";
  s.ref = std::move(ref);
  return s;
}

// Plain Dijkstra over the lattice between the snapped nodes: the independent oracle for a drive.
Millis DijkstraDrive(const geo::Router& router, core::LatLon from, core::LatLon to) {
  // Points on lattice nodes snap with fraction 0 or 1.
  auto node = [&](core::LatLon p) {
    const geo::Snap s = router.SnapTo({p.lat, p.lon}).value();
    return s.fraction < 0.5 ? s.a : s.b;
  };
  const auto dist = geo::DijkstraAll(router.graph(), node(from)).value();
  return Millis(static_cast<std::int64_t>(dist[node(to)]) * 100);
}

TEST(SimulatorTest, OneFireIsReachedAfterProcessingTurnoutAndTheRoadTime) {
  auto router = LatticeRouter();
  const core::Region region = testing::SmallRegionWithFirePlan(1);
  // Stations and the fire lie on lattice nodes, so the road time is exactly Dijkstra's.
  const std::vector<SimIncident> in = {Fire(30.002, 120.009, 0)};
  // A scenario's own variant too: joint assignment over 90-second windows waits out its window.
  PolicySpec windowed(Policy::kJoint);
  windowed.name = "joint-90s";
  windowed.window_s = 90;
  for (const PolicySpec& p : {PolicySpec(Policy::kClosestStation), PolicySpec(Policy::kRecommend),
                              PolicySpec(Policy::kJoint), windowed}) {
    SimOptions o;
    o.policy = p;
    Result<RunResult> r = Simulate(region, router, in, Constant(60, 45, 600), o);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_EQ(r->incidents.size(), 1U);
    const IncidentOutcome& out = r->incidents[0];
    ASSERT_TRUE(out.to_first_arrival) << p.name;
    const Millis drive = DijkstraDrive(*router, {30.005, 120.005}, {30.002, 120.009});
    const Millis joint_wait = p.name == "joint-90s" ? Millis(90'000) : Millis(0);
    EXPECT_EQ(*out.to_dispatch, Millis(60'000) + joint_wait) << p.name;
    EXPECT_EQ(*out.to_first_arrival, Millis(60'000 + 45'000) + joint_wait + drive) << p.name;
    // Every unit is free at its station, so the reference is what happened (without the joint
    // window, which is the policy's own).
    ASSERT_TRUE(out.bound_first_arrival) << p.name;
    EXPECT_EQ(*out.bound_first_arrival, Millis(60'000 + 45'000) + drive) << p.name;
    EXPECT_EQ(out.sent, 1);
    EXPECT_EQ(out.required, 1);
    EXPECT_EQ(out.district, "D1");
    EXPECT_EQ(r->units[1].unit, "E1");
    EXPECT_EQ(r->units[1].responses, 1) << "E1 at S1 is nearest";
    EXPECT_EQ(r->units[1].busy, Millis(45'000 + 600'000) + drive);
    EXPECT_EQ(r->units[1].homebound, DijkstraDrive(*router, {30.002, 120.009}, {30.005, 120.005}));
  }
}

// One engine, two fires a minute apart: the second waits for the engine to leave the first, and
// elink's recommendation sends it from where it is on its way home, without a turnout.
// A scenario's variant without mutual aid: the fire in D1 needs two engines, D1 has one, and E2
// of the neighbouring D2 goes under the agreement only while mutual aid is allowed.
TEST(SimulatorTest, WithoutMutualAidTheNeighboursEngineNeverGoes) {
  auto router = LatticeRouter();
  const core::Region region = testing::SmallRegionWithFirePlan(2);
  const std::vector<SimIncident> in = {Fire(30.002, 120.009, 0)};
  for (Policy base : {Policy::kRecommend, Policy::kJoint}) {
    for (bool aid : {true, false}) {
      SimOptions o;
      o.policy = PolicySpec(base);
      o.policy.mutual_aid = aid;
      Result<RunResult> r = Simulate(region, router, in, Constant(60, 45, 600), o);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      const IncidentOutcome& out = r->incidents[0];
      EXPECT_EQ(out.district, "D1");
      EXPECT_EQ(out.required, 2);
      EXPECT_EQ(out.sent, aid ? 2 : 1) << CodeOf(base) << " mutual_aid " << aid;
      for (const UnitUsage& u : r->units) {
        if (u.unit == "E1") {
          EXPECT_EQ(u.responses, 1);
        }
        if (u.unit == "E2") {
          EXPECT_EQ(u.responses, aid ? 1 : 0) << CodeOf(base);
        }
      }
    }
  }
}

TEST(SimulatorTest, ASecondFireWaitsForTheOnlyFreeEngineAndGetsItFromTheRoad) {
  auto router = LatticeRouter();
  core::Region region = testing::SmallRegionWithFirePlan(1);
  region.units.erase(region.units.begin() + 2);  // E2: E1 is the only engine
  const std::vector<SimIncident> in = {Fire(30.005, 120.012, 0, "a"),
                                       Fire(30.000, 120.005, 60, "b")};
  SimOptions o;
  Result<RunResult> r = Simulate(region, router, in, Constant(30, 40, 300), o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const IncidentOutcome& a = r->incidents[0];
  const IncidentOutcome& b = r->incidents[1];
  ASSERT_TRUE(a.to_first_arrival && b.to_first_arrival);
  EXPECT_FALSE(a.waited);
  EXPECT_TRUE(b.waited);
  const Millis to_a = DijkstraDrive(*router, {30.005, 120.005}, {30.005, 120.012});
  EXPECT_EQ(*a.to_first_arrival, Millis(70'000) + to_a);
  // E1 clears fire a at 30 + 40 + drive + 300 s and is sent straight on to b from fire a.
  const Millis clear_a = Millis(30'000 + 40'000 + 300'000) + to_a;
  const Millis a_to_b = DijkstraDrive(*router, {30.005, 120.012}, {30.000, 120.005});
  EXPECT_EQ(*b.to_dispatch, clear_a - Millis(60'000));
  EXPECT_EQ(*b.to_first_arrival, clear_a - Millis(60'000) + a_to_b);
  // The reference for b: E1 free at its station, as if fire a had not kept it.
  ASSERT_TRUE(a.bound_first_arrival && b.bound_first_arrival);
  EXPECT_EQ(*a.bound_first_arrival, *a.to_first_arrival);
  EXPECT_EQ(*b.bound_first_arrival,
            Millis(70'000) + DijkstraDrive(*router, {30.005, 120.005}, {30.000, 120.005}));
  EXPECT_LT(*b.bound_first_arrival, *b.to_first_arrival);
}

// The reference takes the soonest unit that matches a line of the plan at its station, with its
// own unit type's turnout and the drive mode of the call's priority; none for a type without a
// plan or a place off the roads.
TEST(SimulatorTest, ReferenceIsTheSoonestMatchingUnitWithItsTurnoutAndDriveMode) {
  auto router = LatticeRouter();
  const core::Region region = testing::SmallRegionWithFirePlan(1);
  Durations d = Constant(30, 40, 300);
  d.turnout_by_unit["engine"] = {90, 90};
  d.emergency = {65, 0.5};
  d.non_emergency = {100, 0.55};
  // Nearer S2 (E2) than S1 (E1): E2 at S2 is the soonest; the ambulance A1 matches no line.
  SimIncident fire = Fire(30.005, 120.013, 0, "fire");
  fire.priority = 2;
  SimIncident other = Fire(30.005, 120.013, 30, "no-plan");
  other.type = "medical.emergency";
  SimIncident off = Fire(31.5, 121.5, 60, "off-road");
  const std::vector<SimIncident> in = {fire, other, off};
  for (Policy p : {Policy::kClosestStation, Policy::kRecommend}) {
    SimOptions o;
    o.policy = p;
    const RunResult r = Simulate(region, router, in, d, o).value();
    const Millis routed = DijkstraDrive(*router, {30.005, 120.015}, {30.005, 120.013});
    const Millis drive(std::llround(100'000 + 0.55 * static_cast<double>(routed.count())));
    ASSERT_TRUE(r.incidents[0].bound_first_arrival) << CodeOf(p);
    EXPECT_EQ(*r.incidents[0].bound_first_arrival, Millis(30'000 + 90'000) + drive) << CodeOf(p);
    EXPECT_EQ(r.incidents[0].to_first_arrival, r.incidents[0].bound_first_arrival) << CodeOf(p);
    EXPECT_FALSE(r.incidents[1].bound_first_arrival) << r.incidents[1].refused;
    EXPECT_FALSE(r.incidents[2].bound_first_arrival);
  }
}

// Two fires wait for the only engine: one by one the older gets it first; the joint assignment
// gives it first to the level-II fire (weight 4 against 1), whatever the order.
// One engine, busy; a level-IV fire and then a level-II fire wait for it. The closest-station rule
// serves the oldest first; elink's recommendation the urgent one (a level-II call counts as 6
// minutes older); the joint assignment weighs them by level.
TEST(SimulatorTest, WaitingFiresAreServedByUrgencyAndAge) {
  auto router = LatticeRouter();
  core::Region region = testing::SmallRegionWithFirePlan(1);
  region.units.erase(region.units.begin() + 2);  // E2: E1 is the only engine
  auto arrival = [&](const std::vector<SimIncident>& in, Policy p, std::size_t k) {
    SimOptions o;
    o.policy = p;
    RunResult r = Simulate(region, router, in, Constant(5, 40, 900), o).value();
    EXPECT_TRUE(r.incidents[1].waited && r.incidents[2].waited) << CodeOf(p);
    return *r.incidents[k].to_first_arrival + (r.incidents[k].at - r.incidents[0].at);
  };
  SimIncident minor = Fire(30.003, 120.008, 10, "minor");
  SimIncident major = Fire(30.007, 120.008, 20, "major");
  major.level = IncidentLevel::kII;
  const std::vector<SimIncident> close = {Fire(30.005, 120.012, 0, "first"), minor, major};
  EXPECT_LT(arrival(close, Policy::kClosestStation, 1), arrival(close, Policy::kClosestStation, 2));
  EXPECT_LT(arrival(close, Policy::kRecommend, 2), arrival(close, Policy::kRecommend, 1));
  EXPECT_LT(arrival(close, Policy::kJoint, 2), arrival(close, Policy::kJoint, 1));
  // None starves: a level-IV call that has waited 7 minutes longer goes before the level-II one.
  SimIncident later = major;
  later.at = FromUnixMillis(ToUnixMillis(minor.at) + 7 * 60'000);
  const std::vector<SimIncident> apart = {Fire(30.005, 120.012, 0, "first"), minor, later};
  EXPECT_LT(arrival(apart, Policy::kRecommend, 1), arrival(apart, Policy::kRecommend, 2));
}

// Weighing coverage (PolicySpec::coverage_minutes): E1 at S1 and E2 at S2 each alone cover their
// own grid within a minute. A fire in D1 four blocks from S1 and six from S2: E2 is 60 s slower,
// within the slack, and leaving D2 uncovered (weight 1) costs less than leaving D1 (1 + this
// fire), so E2 goes; without weighing, or when E2 is more than 60 s slower, E1 goes.
TEST(SimulatorTest, WeighingCoverageSendsTheUnitWhoseLeavingUncoversLess) {
  auto router = LatticeRouter();
  const core::Region region = testing::SmallRegionWithFirePlan(1);
  PolicySpec weighing(Policy::kRecommend);
  weighing.name = "cover";
  weighing.coverage_minutes = 1;
  auto sent = [&](const PolicySpec& p, double lon) {
    SimOptions o;
    o.policy = p;
    const RunResult r =
        Simulate(region, router, {Fire(30.005, lon, 0)}, Constant(30, 45, 300), o).value();
    EXPECT_TRUE(r.incidents[0].to_first_arrival);
    std::string who;
    for (const UnitUsage& u : r.units) {
      if (u.responses > 0) who += u.unit;
    }
    return who;
  };
  EXPECT_EQ(sent(PolicySpec(Policy::kRecommend), 120.009), "E1");
  EXPECT_EQ(sent(weighing, 120.009), "E2");
  EXPECT_EQ(sent(weighing, 120.008), "E1") << "E2 is 120 s slower: beyond the slack";
  // The drive times the test stands on, from the oracle.
  EXPECT_EQ(DijkstraDrive(*router, {30.005, 120.015}, {30.005, 120.009}) -
                DijkstraDrive(*router, {30.005, 120.005}, {30.005, 120.009}),
            Millis(60'000));
}

// The maps of slow cells stand on the roads: with stations at two opposite corners of the
// lattice every street lies in the frame, and each (two-way) street is drawn once, in the first
// map; the others use it. Without roads there is no road layer.
TEST(SimulatorTest, SlowCellMapsDrawEveryStreetOnce) {
  auto router = LatticeRouter();
  core::Region region = testing::SmallRegionWithFirePlan(1);
  for (const auto& [id, at] : {std::pair{"SW", core::LatLon{30.000, 120.000}},
                               std::pair{"NE", core::LatLon{30.010, 120.020}}}) {
    core::Station corner = region.stations.front();
    corner.id = core::StationId(id);
    corner.location = at;
    region.stations.push_back(corner);
  }
  const std::vector<SimIncident> in = {Fire(30.002, 120.009, 0), Fire(30.006, 120.004, 900)};
  Scenario sc;
  sc.name = {"地图", "Map"};
  sc.policies = {Policy::kClosestStation, Policy::kRecommend};
  BuiltIncidents built;
  built.incidents = in;
  built.start = in.front().at;
  const Durations d = Constant(30, 40, 300);
  ReportInput input{&sc, &region, &built, d.source, {}};
  std::vector<PolicyKpi> kpis;
  for (const PolicySpec& p : sc.policies) {
    SimOptions o;
    o.policy = p;
    input.runs.push_back(Simulate(region, router, in, d, o).value());
    kpis.push_back(Summarise(input.runs.back(), sc, region));
  }
  const auto count = [](const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count(ReportHtml(input, kpis, false), "id=\"roads\""), 0U) << "no roads given";
  input.roads = &router->graph();
  const std::string html = ReportHtml(input, kpis, false);
  ASSERT_EQ(count(html, "id=\"roads\""), 1U);
  EXPECT_EQ(count(html, "<use href=\"#roads\"/>"), 1U) << "the second map uses the first's";
  const auto from = html.find(" d=\"", html.find("id=\"roads\""));
  const std::string path = html.substr(from, html.find('"', from + 4) - from);
  // 21 × 11 nodes: 20 × 11 east-west and 21 × 10 north-south streets.
  EXPECT_EQ(count(path, "M"), 20U * 11 + 21 * 10);
  EXPECT_NE(html.find("Grey lines are the roads"), std::string::npos);
}

// The same incidents and seed give the same report, byte for byte; another seed another one.
TEST(SimulatorTest, SameSeedSameReportBytes) {
  auto router = LatticeRouter();
  const core::Region region = testing::SmallRegionWithFirePlan(2);
  std::vector<SimIncident> in;
  for (int i = 0; i < 60; ++i) {
    in.push_back(Fire(30.001 + 0.0001 * (i % 80), 120.001 + 0.0003 * (i % 60), i * 97,
                      "f" + std::to_string(i)));
  }
  Scenario sc;
  sc.name = {"确定性", "Determinism"};
  sc.policies = {Policy::kClosestStation, Policy::kRecommend, Policy::kJoint};
  Durations d;  // log-normal defaults: draws matter
  auto report = [&](std::uint64_t seed) {
    BuiltIncidents built;
    built.incidents = in;
    built.start = in.front().at;
    ReportInput input{&sc, &region, &built, d.source, {}};
    std::vector<PolicyKpi> kpis;
    for (const PolicySpec& p : sc.policies) {
      SimOptions o;
      o.policy = p;
      o.seed = seed;
      input.runs.push_back(Simulate(region, router, in, d, o).value());
      kpis.push_back(Summarise(input.runs.back(), sc, region));
    }
    return ReportJson(input, kpis) + IncidentsCsv(input) + ReportHtml(input, kpis, true) +
           ReportHtml(input, kpis, false);
  };
  const std::string first = report(7);
  EXPECT_EQ(first, report(7));
  EXPECT_NE(first, report(8));
}

// Nothing here may read the wall clock: every SystemClock in the process fails while it runs.
std::atomic<int> wall_reads{0};
TimePoint CountingWall() {
  ++wall_reads;
  return FromUnixMillis(0);
}

TEST(SimulatorTest, NeverReadsTheWallClock) {
  auto router = LatticeRouter();
  const core::Region region = testing::SmallRegionWithFirePlan(2);
  std::vector<SimIncident> in;
  for (int i = 0; i < 40; ++i) in.push_back(Fire(30.004, 120.001 + 0.0004 * i, i * 30));
  SystemClock wall;
  const TimePoint before = wall.Now();
  const WallSource previous = ReplaceWallSourceForTesting(&CountingWall);
  // The replacement is in force: a read through any SystemClock is counted.
  (void)wall.Now();
  ASSERT_EQ(wall_reads.exchange(0), 1);
  std::size_t progress_calls = 0;
  for (Policy p : {Policy::kClosestStation, Policy::kRecommend, Policy::kJoint}) {
    SimOptions o;
    o.policy = p;
    o.progress = [&](std::size_t, std::size_t) { ++progress_calls; };
    ASSERT_TRUE(Simulate(region, router, in, Durations{}, o).ok());
  }
  ReplaceWallSourceForTesting(previous);
  EXPECT_EQ(wall_reads.load(), 0) << "the simulation read the wall clock";
  EXPECT_GT(progress_calls, 0U);
  EXPECT_GE(wall.Now(), before);
}

// Conservation on a real week: every SF call of the week inside the demo region is in each run
// exactly once, units sent add up to units' responses, and every unit's time adds up to the span.
class SfWeekTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string osm = elink::testing::DataPath("roads/sf-north.osm.gz");
    const std::string calls =
        elink::testing::DataPath("calls/sf-fire-calls-2016-12-31_to_2017-01-07.csv.gz");
    ELINK_REQUIRE_DATA(osm);
    ELINK_REQUIRE_DATA(calls);
    auto roads = geo::ImportOsm(osm);
    ASSERT_TRUE(roads.ok()) << roads.status().ToString();
    router_ = new std::shared_ptr<const geo::Router>(
        geo::Router::Create(std::move(roads->graph), std::nullopt).value());
    region_ = new core::Region(
        core::LoadRegion(std::string(ELINK_SOURCE_DIR) + "/data/regions/demo").value());
    log_ = new CallLog(LoadSfFireCalls(calls).value());
  }
  static void TearDownTestSuite() {
    delete router_;
    delete region_;
    delete log_;
  }
  void SetUp() override { ASSERT_NE(router_, nullptr) << "the suite's set-up failed"; }
  static std::shared_ptr<const geo::Router>* router_;
  static core::Region* region_;
  static CallLog* log_;
};
std::shared_ptr<const geo::Router>* SfWeekTest::router_ = nullptr;
core::Region* SfWeekTest::region_ = nullptr;
CallLog* SfWeekTest::log_ = nullptr;

TEST_F(SfWeekTest, EveryCallOnceAndUnitTimeAddsUp) {
  const std::vector<SimIncident> in = FromCalls(log_->calls);
  ASSERT_EQ(in.size(), log_->calls.size());
  const Durations d = FitDurations(*log_).value();
  for (Policy p : {Policy::kClosestStation, Policy::kRecommend}) {
    SimOptions o;
    o.policy = p;
    Result<RunResult> r = Simulate(*region_, *router_, in, d, o);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_EQ(r->incidents.size(), in.size());
    std::set<std::string> refs;
    std::size_t served = 0, off_map = 0, sent = 0;
    for (std::size_t i = 0; i < in.size(); ++i) {
      const IncidentOutcome& out = r->incidents[i];
      EXPECT_EQ(out.input, i);
      EXPECT_EQ(out.ref, in[i].ref);
      EXPECT_TRUE(refs.insert(out.ref).second) << "call " << out.ref << " twice";
      served += out.to_first_arrival ? 1U : 0U;
      off_map += out.unserved ? 1U : 0U;
      sent += static_cast<std::size_t>(out.sent);
      // Each incident ends one way only.
      EXPECT_LE(
          int(out.to_first_arrival.has_value()) + int(out.unserved) + int(!out.refused.empty()), 1);
    }
    // The demo region covers the north of the city only: most calls of the whole city are off
    // its roads, and those on them are served.
    EXPECT_GT(served, 300U) << CodeOf(p);
    EXPECT_GT(off_map, 1000U) << CodeOf(p);
    std::size_t responses = 0;
    const Millis span = std::chrono::duration_cast<Millis>(r->end - r->start);
    for (const UnitUsage& u : r->units) {
      EXPECT_EQ(u.busy + u.homebound + u.idle, span) << u.unit;
      responses += static_cast<std::size_t>(u.responses);
    }
    EXPECT_EQ(responses, sent);
  }
}

TEST_F(SfWeekTest, FittedDurationsAreTheLogsOwnFigures) {
  const Durations d = FitDurations(*log_).value();
  // Independent recount of the all-types turnout median from the raw responses.
  std::vector<double> turnout;
  for (const Call& c : log_->calls) {
    for (const UnitResponse& u : c.units) {
      if (!u.dispatched || !u.en_route) continue;
      const double s = std::chrono::duration<double>(*u.en_route - *u.dispatched).count();
      if (s >= 0 && s < 3600) turnout.push_back(s);
    }
  }
  ASSERT_GT(turnout.size(), 5000U);
  std::sort(turnout.begin(), turnout.end());
  EXPECT_DOUBLE_EQ(d.fallback.turnout.median_s, turnout[turnout.size() / 2]);
  EXPECT_GT(d.fallback.turnout.p90_s, d.fallback.turnout.median_s);
  EXPECT_TRUE(d.by_type.count("medical.emergency") == 1) << "the commonest type has its own fit";
  // The shipped file is what `elink fit-durations` makes of the real log.
  elink::testing::TempDir dir;
  const auto written = dir.path() / "fitted.toml";
  {
    std::ofstream f(written);
    f << DurationsToToml(d);
  }
  const Durations fitted = LoadDurations(written).value();
  const Durations shipped =
      LoadDurations(std::string(ELINK_SOURCE_DIR) + "/data/sim/durations-sf-2017.toml").value();
  EXPECT_EQ(shipped.fallback, fitted.fallback);
  EXPECT_EQ(shipped.by_type, fitted.by_type);
}

}  // namespace
}  // namespace elink::sim
