// SPDX-License-Identifier: Apache-2.0
// Sensor readings through Decide and State::Apply: a reading is recorded with its level, a change
// of level is its own event in the same command, drills move only the exercise track, every
// refusal names its field and changes nothing, the readings kept stay bounded, and replaying the
// encoded log gives the same state.
#include "core/codec.hpp"
#include "engine/decide.hpp"
#include "engine/decide_apply.hpp"
#include "support/test_region.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace elink::engine {
namespace {

// The domains' commands and events by name (engine/registry.hpp lists them).
using namespace elink::engine::domains;  // NOLINT(google-build-using-namespace)

using core::SensorId;
using core::SensorLevel;
using std::chrono::minutes;

class MonitoringTest : public ::testing::Test {
 protected:
  void SetUp() override {
    core::Region region = testing::SmallRegion();
    core::Sensor s;
    s.id = SensorId("WL-1");
    s.name = {"东河水位站", "East River gauge"};
    s.kind = core::SensorKind::kWaterLevel;
    s.unit = "m";
    s.location = {30.005, 120.005};
    s.org = core::OrgId("D1");
    s.thresholds = {2.5, 2.8, 3.2, 3.6};
    s.rise = core::RiseRule{0.5, SensorLevel::kYellow, 60};
    region.sensors.push_back(s);
    ASSERT_TRUE(Run(ImportRegion{region}).ok());
    imported_at_ = now_;
  }

  // Runs the command at now_ and keeps the events it made, for the replay check.
  Status Run(const CommandBody& c, std::vector<engine::EventBody>* made = nullptr) {
    std::vector<engine::EventBody> bodies;
    const std::uint64_t before = state_.last_seq();
    const Status s = testing::DecideAndApply(state_, c, now_, &bodies);
    if (s.ok()) {
      for (std::size_t i = 0; i < bodies.size(); ++i) {
        log_.push_back(engine::Event{before + 1 + i, now_, "tester", "", bodies[i]});
      }
    }
    if (made != nullptr) *made = bodies;
    return s;
  }

  Status Read(double value, int minute, bool exercise = false,
              std::vector<engine::EventBody>* made = nullptr) {
    now_ = t0_ + minutes(minute);
    return Run(RecordReading{SensorId("WL-1"), now_, value, exercise}, made);
  }

  void ExpectRefused(const CommandBody& c, StatusCode code, std::string_view field) {
    static_cast<void>(testing::ExpectRefusedByDecide(state_, c, now_, code, field));
  }

  const core::SensorState& Sensor() const { return *state_.FindSensor(SensorId("WL-1")); }

  core::State state_;
  std::vector<engine::Event> log_;
  TimePoint t0_ = FromUnixMillis(1'780'000'000'000);
  TimePoint now_ = t0_;
  TimePoint imported_at_{};
};

TEST_F(MonitoringTest, ARisingSeriesRaisesTheLevelStepByStep) {
  std::vector<engine::EventBody> made;
  ASSERT_TRUE(Read(2.0, 0, false, &made).ok());
  ASSERT_EQ(made.size(), 1U);  // no change from none
  const auto* rec = std::get_if<warning::ReadingRecorded>(&made[0]);
  ASSERT_NE(rec, nullptr);
  EXPECT_EQ(*rec,
            (warning::ReadingRecorded{SensorId("WL-1"), t0_, 2.0, SensorLevel::kNone, false}));
  EXPECT_EQ(Sensor().live.level_since, imported_at_);

  ASSERT_TRUE(Read(2.6, 20, false, &made).ok());  // blue by threshold (0.6 m in 20 min: 1.8 m/h)
  ASSERT_EQ(made.size(), 2U);
  const auto* changed = std::get_if<warning::SensorLevelChanged>(&made[1]);
  ASSERT_NE(changed, nullptr);
  EXPECT_EQ(changed->from, SensorLevel::kNone);
  // The rate (1.8 m/h >= 0.5) makes it yellow, above blue's threshold.
  EXPECT_EQ(changed->to, SensorLevel::kYellow);
  EXPECT_FALSE(changed->exercise);
  EXPECT_NE(changed->reason_zh.find("20 分钟内上涨 0.6 m"), std::string::npos)
      << changed->reason_zh;
  EXPECT_NE(changed->reason_en.find("rose 0.6 m in 20 min"), std::string::npos)
      << changed->reason_en;
  EXPECT_EQ(Sensor().live.level, SensorLevel::kYellow);
  EXPECT_EQ(Sensor().live.level_since, t0_ + minutes(20));
  EXPECT_EQ(Sensor().live.reason.zh, changed->reason_zh);

  ASSERT_TRUE(Read(3.42, 40, false, &made).ok());
  ASSERT_EQ(made.size(), 2U);
  changed = std::get_if<warning::SensorLevelChanged>(&made[1]);
  ASSERT_NE(changed, nullptr);
  EXPECT_EQ(changed->from, SensorLevel::kYellow);
  EXPECT_EQ(changed->to, SensorLevel::kOrange);
  EXPECT_EQ(changed->reason_zh.rfind("水位 3.42 m 超过橙色阈值 3.2 m", 0), 0U)
      << changed->reason_zh;

  ASSERT_TRUE(Read(3.43, 50, false, &made).ok());  // still orange: no change event
  EXPECT_EQ(made.size(), 1U);
  EXPECT_EQ(Sensor().live.level_since, t0_ + minutes(40));

  // The river falls back: levels go down the same way.
  ASSERT_TRUE(Read(1.0, 200, false, &made).ok());
  ASSERT_EQ(made.size(), 2U);
  EXPECT_EQ(std::get<warning::SensorLevelChanged>(made[1]).to, SensorLevel::kNone);
  ASSERT_EQ(Sensor().live.readings.size(), 1U);  // the older ones are over two hours back
  EXPECT_EQ(Sensor().live.readings.back().level, SensorLevel::kNone);
}

TEST_F(MonitoringTest, DrillReadingsNeverMoveTheRealLevel) {
  ASSERT_TRUE(Read(2.0, 0).ok());
  std::vector<engine::EventBody> made;
  ASSERT_TRUE(Read(3.7, 5, true, &made).ok());  // a drill: red on the exercise track
  ASSERT_EQ(made.size(), 2U);
  EXPECT_TRUE(std::get<warning::ReadingRecorded>(made[0]).exercise);
  EXPECT_TRUE(std::get<warning::SensorLevelChanged>(made[1]).exercise);
  EXPECT_EQ(Sensor().exercise.level, SensorLevel::kRed);
  EXPECT_EQ(Sensor().live.level, SensorLevel::kNone);
  EXPECT_EQ(Sensor().live.readings.size(), 1U);
  // The tracks are ordered apart: a real reading older than the drill's is fine.
  now_ = t0_ + minutes(6);
  ASSERT_TRUE(Run(RecordReading{SensorId("WL-1"), t0_ + minutes(3), 2.9, false}).ok());
  EXPECT_EQ(Sensor().live.level, SensorLevel::kYellow);
  EXPECT_EQ(Sensor().exercise.level, SensorLevel::kRed);
  // The drill ends low: the exercise level falls, the real one stays.
  ASSERT_TRUE(Read(1.0, 30, true).ok());
  EXPECT_EQ(Sensor().exercise.level, SensorLevel::kNone);
  EXPECT_EQ(Sensor().live.level, SensorLevel::kYellow);
}

TEST_F(MonitoringTest, BadReadingsAreRefusedNamingTheField) {
  ASSERT_TRUE(Read(2.0, 10).ok());
  const TimePoint last = now_;
  ExpectRefused(RecordReading{SensorId("nope"), now_, 1.0, false}, StatusCode::kNotFound, "sensor");
  ExpectRefused(RecordReading{SensorId("WL-1"), now_ + minutes(1),
                              std::numeric_limits<double>::quiet_NaN(), false},
                StatusCode::kInvalidArgument, "value");
  ExpectRefused(RecordReading{SensorId("WL-1"), now_ + minutes(1),
                              std::numeric_limits<double>::infinity(), false},
                StatusCode::kInvalidArgument, "value");
  ExpectRefused(RecordReading{SensorId("WL-1"), last, 2.1, false}, StatusCode::kFailedPrecondition,
                "at");
  ExpectRefused(RecordReading{SensorId("WL-1"), last - minutes(1), 2.1, false},
                StatusCode::kFailedPrecondition, "at");
  ExpectRefused(RecordReading{SensorId("WL-1"), now_ + minutes(5) + Millis(1), 2.1, false},
                StatusCode::kInvalidArgument, "at");
  // Exactly 5 minutes ahead is accepted.
  EXPECT_TRUE(Run(RecordReading{SensorId("WL-1"), now_ + minutes(5), 2.1, false}).ok());
}

TEST_F(MonitoringTest, ReadingsKeptAreBounded) {
  // One reading every 10 s for 3 hours: the state keeps at most 256, all within 2 hours.
  for (int i = 1; i <= 3 * 360; ++i) {
    now_ = t0_ + std::chrono::seconds(10 * i);
    ASSERT_TRUE(Run(RecordReading{SensorId("WL-1"), now_, 1.0 + 0.0001 * i, false}).ok());
  }
  const auto& readings = Sensor().live.readings;
  EXPECT_EQ(readings.size(), core::kMaxReadingsKept);
  EXPECT_EQ(readings.back().at, now_);
  EXPECT_GE(readings.front().at, now_ - core::kReadingRetention);
  EXPECT_TRUE(std::is_sorted(readings.begin(), readings.end(),
                             [](const auto& a, const auto& b) { return a.at < b.at; }));
}

TEST_F(MonitoringTest, ReplayingTheEncodedLogGivesTheSameState) {
  ASSERT_TRUE(Read(2.0, 0).ok());
  ASSERT_TRUE(Read(2.6, 20).ok());
  ASSERT_TRUE(Read(3.7, 25, true).ok());
  ASSERT_TRUE(Read(3.42, 40).ok());
  ASSERT_TRUE(Read(1.0, 200).ok());
  ASSERT_TRUE(Read(1.1, 210, true).ok());
  core::State replayed;
  for (const engine::Event& e : log_) {
    const std::string payload = engine::EncodePayload(e);
    const Result<engine::Event> decoded =
        engine::DecodeEvent(e.seq, e.at, engine::TypeOf(e.body), payload);
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    ASSERT_EQ(*decoded, e);
    ASSERT_TRUE(engine::Apply(replayed, *decoded).ok());
  }
  EXPECT_TRUE(replayed == state_);
  const Result<core::State> snap = core::DecodeState(core::EncodeState(state_));
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  EXPECT_TRUE(*snap == state_);
}

TEST_F(MonitoringTest, ApplyRefusesEventsThatDoNotFit) {
  ASSERT_TRUE(Read(2.0, 10).ok());
  const core::State before = state_;
  const auto apply = [&](engine::EventBody body) {
    return engine::Apply(state_,
                         engine::Event{state_.last_seq() + 1, now_, "t", "", std::move(body)});
  };
  EXPECT_EQ(apply(warning::ReadingRecorded{SensorId("WL-1"), now_, 1.0, SensorLevel::kNone, false})
                .code(),
            StatusCode::kCorruption);
  EXPECT_EQ(apply(warning::SensorLevelChanged{SensorId("WL-1"), SensorLevel::kBlue,
                                              SensorLevel::kRed, "", "", false})
                .code(),
            StatusCode::kCorruption);
  EXPECT_EQ(apply(warning::SensorLevelChanged{SensorId("x"), SensorLevel::kNone, SensorLevel::kRed,
                                              "", "", false})
                .code(),
            StatusCode::kCorruption);
  EXPECT_TRUE(state_ == before);
}

}  // namespace
}  // namespace elink::engine
