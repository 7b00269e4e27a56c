#include "sim/drill.hpp"

#include "core/region_loader.hpp"
#include "engine/machine.hpp"
#include "sim/fire_region.hpp"
#include "store/event_log.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace elink::sim {
namespace {

using namespace std::chrono_literals;

// A river gauge of district D1: orange from 3.2 m.
core::Sensor Gauge() {
  core::Sensor s;
  s.id = core::SensorId("river-1");
  s.name = {"东河水位站", "East River gauge"};
  s.kind = core::SensorKind::kWaterLevel;
  s.unit = "m";
  s.location = {30.005, 120.005};
  s.org = core::OrgId("D1");
  s.thresholds.blue = 2.5;
  s.thresholds.yellow = 2.8;
  s.thresholds.orange = 3.2;
  s.thresholds.red = 3.6;
  return s;
}

class DrillTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_ = store::OpenSqliteLog({.path = dir_.path() / "center.db", .create_if_missing = true})
               .value();
    engine_ = engine::Engine::Open(*log_, clock_, {}).value();
    core::Region region = testing::SmallRegionWithFirePlan(2);
    region.sensors = {Gauge()};
    ASSERT_TRUE(engine_->Execute({"init", "", region::ImportRegion{region}}).ok());
  }
  void Do(engine::CommandBody body) {
    const auto r = engine_->Execute({"trainee", "", std::move(body)});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  elink::testing::TempDir dir_;
  ManualClock clock_{FromUnixMillis(1'800'000'000'000)};
  std::unique_ptr<store::EventLog> log_;
  std::unique_ptr<engine::Engine> engine_;
};

SimIncident Step(double at_minutes, double lon, std::string ref) {
  SimIncident s;
  s.at = FromUnixMillis(1'767'225'600'000 + static_cast<std::int64_t>(at_minutes * 60'000));
  s.location = {30.005, lon};
  s.type = "fire.residential";
  s.ref = std::move(ref);
  return s;
}

// The incidents as a drill's steps (at speed 1: only warnings' expiries depend on it).
std::vector<DrillStep> Steps(std::vector<SimIncident> incidents) {
  BuiltIncidents built;
  built.incidents = std::move(incidents);
  built.start = FromUnixMillis(1'767'225'600'000);
  return DrillSteps(Scenario{}, built, 1);
}

// The feeder reports each scripted incident, as an exercise, once the center's clock reaches its
// time scaled by the speed, and not before.
TEST_F(DrillTest, FeedsTheScriptAsExercisesOnTheCentersClock) {
  const TimePoint start = FromUnixMillis(1'767'225'600'000);
  DrillFeeder feeder(*engine_, clock_, Steps({Step(0, 120.004, "a"), Step(10, 120.014, "b")}),
                     start, 2);
  // Step a is due at once.
  for (int i = 0; i < 400 && feeder.fed() < 1; ++i) std::this_thread::sleep_for(5ms);
  ASSERT_EQ(feeder.fed(), 1U);
  // Step b is due 10 simulated minutes later, 5 real minutes at speed 2.
  clock_.Advance(4min);
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(feeder.fed(), 1U) << "fed before its time";
  clock_.Advance(1min);
  feeder.Wait();
  EXPECT_EQ(feeder.fed(), 2U);
  EXPECT_EQ(feeder.refused(), 0U);
  const auto state = engine_->View();
  ASSERT_EQ(state->incidents().size(), 2U);
  for (const auto& [id, inc] : state->incidents()) {
    EXPECT_TRUE(inc.exercise);
    EXPECT_EQ(inc.type, "fire.residential");
  }
}

// A rising river and the weather bureau's warning, played at speed 60: the readings go on the
// gauge's exercise track and raise its exercise level step by step, the real level stays none;
// the warning is published as an exercise, expiring its hours on the drill's clock.
TEST_F(DrillTest, FeedsRisingReadingsAndWarningsAsExercises) {
  Result<Scenario> scenario = ParseScenario(R"toml(
name = "涨水演练"
[[script]]
kind = "reading"
sensor = "river-1"
at_min = 0
value = 2.0
to_value = 3.4
until_min = 70
every_min = 10
[[script]]
kind = "warning"
at_min = 30
org = "D1"
colour = "orange"
category = "Met"
headline = "东河洪水橙色预警（演练）"
headline_en = "Orange flood warning, East River (drill)"
area = "东河沿岸"
lat = 30.005
lon = 120.005
radius_km = 3
expires_h = 6
)toml",
                                            "/tmp", "drill.toml");
  ASSERT_TRUE(scenario.ok()) << scenario.status().ToString();
  BuiltIncidents built;
  built.start = FromUnixMillis(1'767'225'600'000);
  std::vector<DrillStep> steps = DrillSteps(*scenario, built, 60);
  ASSERT_TRUE(CheckDrill(steps, *engine_->View(), clock_.Now()).ok());
  ASSERT_EQ(steps.size(), 9U);  // 8 readings (0, 10 … 70 min) and the warning
  const TimePoint started = clock_.Now();
  DrillFeeder feeder(*engine_, clock_, std::move(steps), built.start, 60);
  // 70 drill minutes at speed 60 are 70 seconds of the center's clock, in 10 s steps.
  for (int k = 0; k < 8; ++k) {
    for (int i = 0; i < 400 && feeder.fed() + feeder.refused() <
                                   static_cast<std::size_t>(k) + 1 + (k >= 3 ? 1 : 0);
         ++i) {
      std::this_thread::sleep_for(5ms);
    }
    clock_.Advance(10s);
  }
  feeder.Wait();
  EXPECT_EQ(feeder.fed(), 9U);
  EXPECT_EQ(feeder.refused(), 0U);

  const auto state = engine_->View();
  const core::SensorState* gauge = state->FindSensor(core::SensorId("river-1"));
  ASSERT_NE(gauge, nullptr);
  EXPECT_TRUE(gauge->live.readings.empty()) << "a drill never touches the real track";
  EXPECT_EQ(gauge->live.level, core::SensorLevel::kNone);
  ASSERT_EQ(gauge->exercise.readings.size(), 8U);
  // 2.0 + 0.2 m every 10 minutes: 3.4 m at the end is above the orange threshold (3.2 m) and
  // below red (3.6 m).
  EXPECT_DOUBLE_EQ(gauge->exercise.readings.back().value, 3.4);
  EXPECT_EQ(gauge->exercise.level, core::SensorLevel::kOrange);
  for (std::size_t i = 1; i < gauge->exercise.readings.size(); ++i) {
    EXPECT_GT(gauge->exercise.readings[i].at, gauge->exercise.readings[i - 1].at);
    EXPECT_GE(gauge->exercise.readings[i].level, gauge->exercise.readings[i - 1].level)
        << "the river only rises";
  }
  ASSERT_EQ(state->alerts().size(), 1U);
  const core::Alert& alert = state->alerts().begin()->second;
  EXPECT_TRUE(alert.content.exercise);
  EXPECT_EQ(alert.content.level, core::AlertLevel::kOrange);
  EXPECT_EQ(alert.sender, "elink-drill");
  // Published 30 drill minutes in (30 s of the center's clock at speed 60); 6 drill hours last
  // 6 minutes of it.
  EXPECT_GE(alert.sent, started + 30s);
  EXPECT_EQ(alert.content.expires - alert.sent, std::chrono::minutes(6));
}

// A drill with a step the engine would refuse does not start: an unknown sensor, an unknown
// issuing organisation, a warning without an area; the message names the step.
TEST_F(DrillTest, CheckRefusesStepsTheEngineWouldRefuse) {
  const std::uint64_t before = engine_->View()->last_seq();
  BuiltIncidents built;
  built.start = FromUnixMillis(1'767'225'600'000);
  Scenario s;
  s.readings.push_back({.at_min = 0, .sensor = "river-9", .value = 1});
  Status st = CheckDrill(DrillSteps(s, built, 1), *engine_->View(), clock_.Now());
  EXPECT_EQ(st.code(), StatusCode::kNotFound);
  EXPECT_NE(st.ToString().find("drill step reading:0.0"), std::string::npos) << st.ToString();
  EXPECT_NE(st.ToString().find("river-9"), std::string::npos) << st.ToString();
  s.readings[0].sensor = "river-1";
  EXPECT_TRUE(CheckDrill(DrillSteps(s, built, 1), *engine_->View(), clock_.Now()).ok());

  ScriptedWarning w;
  w.content.org = core::OrgId("atlantis");
  w.content.headline = {"预警", "Warning"};
  w.content.area = {{"东河", "East River"}, {30.005, 120.005}, 3};
  s.warnings.push_back(w);
  st = CheckDrill(DrillSteps(s, built, 1), *engine_->View(), clock_.Now());
  EXPECT_NE(st.ToString().find("atlantis"), std::string::npos) << st.ToString();
  s.warnings[0].content.org = core::OrgId("D1");
  EXPECT_TRUE(CheckDrill(DrillSteps(s, built, 1), *engine_->View(), clock_.Now()).ok());
  s.warnings[0].content.area.description = {};
  st = CheckDrill(DrillSteps(s, built, 1), *engine_->View(), clock_.Now());
  EXPECT_EQ(st.field(), "area.description") << st.ToString();
  EXPECT_EQ(engine_->View()->last_seq(), before) << "checking changes nothing";
}

TEST_F(DrillTest, StopEndsAFeedThatIsStillWaiting) {
  const TimePoint start = FromUnixMillis(1'767'225'600'000);
  DrillFeeder feeder(*engine_, clock_, Steps({Step(60, 120.004, "late")}), start, 1);
  std::this_thread::sleep_for(100ms);
  feeder.Stop();
  EXPECT_EQ(feeder.fed(), 0U);
  EXPECT_EQ(engine_->View()->incidents().size(), 0U);
}

// A handled drill, scored by hand: verified after 1 min (20/20), dispatched after 6 min (30 ×
// (1 − 3/6) = 15), one of two engines on scene within 8 min of the report (50 × 1/2 = 25).
TEST_F(DrillTest, ScoresVerificationDispatchAndPlanUnitsInTime) {
  dispatch::ReportIncident drill;
  drill.type = "fire.residential";
  drill.location = {30.005, 120.004};
  drill.exercise = true;
  Do(drill);
  dispatch::ReportIncident real = drill;
  real.exercise = false;
  Do(real);  // never scored
  const core::IncidentId id(1);
  clock_.Advance(1min);
  Do(dispatch::ChangeIncidentStatus{id, core::IncidentStatus::kVerified, ""});
  clock_.Advance(5min);
  Do(dispatch::DispatchUnits{id, {core::UnitId("E1"), core::UnitId("E2")}});
  clock_.Advance(1min);
  Do(dispatch::ChangeUnitStatus{core::UnitId("E1"), core::UnitStatus::kEnRoute, ""});
  Do(dispatch::ChangeUnitStatus{core::UnitId("E2"), core::UnitStatus::kEnRoute, ""});
  clock_.Advance(1min);  // 8 min after the report
  Do(dispatch::ChangeUnitStatus{core::UnitId("E1"), core::UnitStatus::kOnScene, ""});
  clock_.Advance(2min);
  Do(dispatch::ChangeUnitStatus{core::UnitId("E2"), core::UnitStatus::kOnScene, ""});

  const DrillScore score = ScoreDrill(*engine_->View());
  ASSERT_EQ(score.incidents.size(), 1U);
  const DrillIncidentScore& s = score.incidents[0];
  EXPECT_EQ(s.id, id);
  EXPECT_EQ(*s.to_verify, Millis(60'000));
  EXPECT_EQ(*s.to_dispatch, Millis(360'000));
  EXPECT_EQ(*s.to_first_arrival, Millis(480'000));
  EXPECT_EQ(s.units_required, 2);
  EXPECT_EQ(s.units_in_time, 1);
  EXPECT_DOUBLE_EQ(s.score, 20 + 15 + 25);
  EXPECT_DOUBLE_EQ(score.mean_score, 60);
  const std::string zh = FormatDrillScore(score, true);
  EXPECT_NE(zh.find("居民住宅火灾"), std::string::npos) << zh;
  EXPECT_NE(zh.find("1/2"), std::string::npos) << zh;
  const std::string en = FormatDrillScore(score, false);
  EXPECT_NE(en.find("residential fire"), std::string::npos) << en;
  EXPECT_NE(DrillScoreJson(score).find("\"score\": 60.0"), std::string::npos)
      << DrillScoreJson(score);
}

TEST_F(DrillTest, AnUnhandledDrillScoresNothingAndACenterWithoutDrillsIsEmpty) {
  EXPECT_TRUE(ScoreDrill(*engine_->View()).incidents.empty());
  dispatch::ReportIncident drill;
  drill.type = "fire.residential";
  drill.location = {30.005, 120.004};
  drill.exercise = true;
  Do(drill);
  const DrillScore score = ScoreDrill(*engine_->View());
  ASSERT_EQ(score.incidents.size(), 1U);
  EXPECT_DOUBLE_EQ(score.incidents[0].score, 0);
  EXPECT_FALSE(score.incidents[0].to_verify);
}

// The README's first command serves the demo with data/scenarios/demo-drill.toml: every step of
// it, incidents, readings and warnings, must be one the engine takes on the demo region, or the
// demo would not start.
TEST(DemoDrillTest, EveryStepOfTheShippedDrillPassesTheEngine) {
  const std::string root = ELINK_SOURCE_DIR;
  Result<core::Region> region = core::LoadRegion(root + "/data/regions/demo");
  ASSERT_TRUE(region.ok()) << region.status().ToString();
  const std::size_t sensors = region->sensors.size();
  engine::Machine machine{core::State{}};
  const TimePoint now = FromUnixMillis(1'800'000'000'000);
  std::vector<engine::Event> events;
  ASSERT_TRUE(
      machine.Step({"init", "", region::ImportRegion{std::move(*region)}}, now, events).ok());
  Result<Scenario> scenario = LoadScenario(root + "/data/scenarios/demo-drill.toml");
  ASSERT_TRUE(scenario.ok()) << scenario.status().ToString();
  Result<BuiltIncidents> built = BuildIncidents(*scenario);
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  const std::vector<DrillStep> steps = DrillSteps(*scenario, *built, scenario->speed);
  std::size_t readings = 0;
  for (const ScriptedReading& r : scenario->readings) readings += r.Series().size();
  EXPECT_EQ(steps.size(), built->incidents.size() + readings + scenario->warnings.size());
  EXPECT_GE(scenario->warnings.size(), 2U);
  EXPECT_EQ(sensors, 3U);
  const Status checked = CheckDrill(steps, machine.state(), now);
  EXPECT_TRUE(checked.ok()) << checked.ToString();
}

}  // namespace
}  // namespace elink::sim
