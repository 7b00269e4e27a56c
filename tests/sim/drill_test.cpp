#include "sim/drill.hpp"

#include "sim/fire_region.hpp"
#include "store/event_log.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace elink::sim {
namespace {

using namespace std::chrono_literals;

class DrillTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_ = store::OpenSqliteLog({.path = dir_.path() / "center.db", .create_if_missing = true})
               .value();
    engine_ = engine::Engine::Open(*log_, clock_, {}).value();
    ASSERT_TRUE(
        engine_->Execute({"init", "", engine::ImportRegion{testing::SmallRegionWithFirePlan(2)}})
            .ok());
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

SimIncident Step(double minutes, double lon, std::string ref) {
  SimIncident s;
  s.at = FromUnixMillis(1'767'225'600'000 + static_cast<std::int64_t>(minutes * 60'000));
  s.location = {30.005, lon};
  s.type = "fire.residential";
  s.ref = std::move(ref);
  return s;
}

// The feeder reports each scripted incident, as an exercise, once the center's clock reaches its
// time scaled by the speed, and not before.
TEST_F(DrillTest, FeedsTheScriptAsExercisesOnTheCentersClock) {
  const TimePoint start = FromUnixMillis(1'767'225'600'000);
  DrillFeeder feeder(*engine_, clock_, {Step(0, 120.004, "a"), Step(10, 120.014, "b")}, start, 2);
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

TEST_F(DrillTest, StopEndsAFeedThatIsStillWaiting) {
  const TimePoint start = FromUnixMillis(1'767'225'600'000);
  DrillFeeder feeder(*engine_, clock_, {Step(60, 120.004, "late")}, start, 1);
  std::this_thread::sleep_for(100ms);
  feeder.Stop();
  EXPECT_EQ(feeder.fed(), 0U);
  EXPECT_EQ(engine_->View()->incidents().size(), 0U);
}

// A handled drill, scored by hand: verified after 1 min (20/20), dispatched after 6 min (30 ×
// (1 − 3/6) = 15), one of two engines on scene within 8 min of the report (50 × 1/2 = 25).
TEST_F(DrillTest, ScoresVerificationDispatchAndPlanUnitsInTime) {
  engine::ReportIncident drill;
  drill.type = "fire.residential";
  drill.location = {30.005, 120.004};
  drill.exercise = true;
  Do(drill);
  engine::ReportIncident real = drill;
  real.exercise = false;
  Do(real);  // never scored
  const core::IncidentId id(1);
  clock_.Advance(1min);
  Do(engine::ChangeIncidentStatus{id, core::IncidentStatus::kVerified, ""});
  clock_.Advance(5min);
  Do(engine::DispatchUnits{id, {core::UnitId("E1"), core::UnitId("E2")}});
  clock_.Advance(1min);
  Do(engine::ChangeUnitStatus{core::UnitId("E1"), core::UnitStatus::kEnRoute, ""});
  Do(engine::ChangeUnitStatus{core::UnitId("E2"), core::UnitStatus::kEnRoute, ""});
  clock_.Advance(1min);  // 8 min after the report
  Do(engine::ChangeUnitStatus{core::UnitId("E1"), core::UnitStatus::kOnScene, ""});
  clock_.Advance(2min);
  Do(engine::ChangeUnitStatus{core::UnitId("E2"), core::UnitStatus::kOnScene, ""});

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
  engine::ReportIncident drill;
  drill.type = "fire.residential";
  drill.location = {30.005, 120.004};
  drill.exercise = true;
  Do(drill);
  const DrillScore score = ScoreDrill(*engine_->View());
  ASSERT_EQ(score.incidents.size(), 1U);
  EXPECT_DOUBLE_EQ(score.incidents[0].score, 0);
  EXPECT_FALSE(score.incidents[0].to_verify);
}

}  // namespace
}  // namespace elink::sim
