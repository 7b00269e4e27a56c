// SPDX-License-Identifier: Apache-2.0
// Monitoring rules: hand-computed cases for thresholds, the rate of rise and the reasons, then an
// independent brute-force oracle (written from the rule's wording, not from the code) over random
// series.
#include "warning/monitoring.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace elink::warning {
namespace {

using core::Reading;
using core::SensorLevel;
using std::chrono::minutes;

const TimePoint kT0 = FromUnixMillis(1'780'000'000'000);

core::Sensor Gauge() {
  core::Sensor s;
  s.id = core::SensorId("WL-1");
  s.name = {"东河水位站", "East River gauge"};
  s.kind = core::SensorKind::kWaterLevel;
  s.unit = "m";
  s.org = core::OrgId("D1");
  s.thresholds = {2.5, 2.8, 3.2, 3.6};
  s.rise = core::RiseRule{0.5, SensorLevel::kYellow, 60};
  return s;
}

Reading At(int minute, double value) { return {kT0 + minutes(minute), value, SensorLevel::kNone}; }

TEST(MonitoringTest, ThresholdLevels) {
  const core::SensorThresholds t{2.5, 2.8, 3.2, 3.6};
  EXPECT_EQ(ThresholdLevel(t, 1.0), SensorLevel::kNone);
  EXPECT_EQ(ThresholdLevel(t, 2.4999), SensorLevel::kNone);
  EXPECT_EQ(ThresholdLevel(t, 2.5), SensorLevel::kBlue);
  EXPECT_EQ(ThresholdLevel(t, 2.8), SensorLevel::kYellow);
  EXPECT_EQ(ThresholdLevel(t, 3.42), SensorLevel::kOrange);
  EXPECT_EQ(ThresholdLevel(t, 99), SensorLevel::kRed);
  const core::SensorThresholds only_high{std::nullopt, std::nullopt, 50.0, 80.0};
  EXPECT_EQ(ThresholdLevel(only_high, 49), SensorLevel::kNone);
  EXPECT_EQ(ThresholdLevel(only_high, 60), SensorLevel::kOrange);
  EXPECT_EQ(ThresholdLevel(only_high, 80), SensorLevel::kRed);
}

TEST(MonitoringTest, ThresholdReasonInBothLanguages) {
  const Assessment a = Assess(Gauge(), {}, kT0, 3.42);
  EXPECT_EQ(a.level, SensorLevel::kOrange);
  EXPECT_EQ(a.reason.zh, "水位 3.42 m 超过橙色阈值 3.2 m");
  EXPECT_EQ(a.reason.en, "water level 3.42 m above the orange threshold 3.2 m");
  const Assessment at = Assess(Gauge(), {}, kT0, 2.8);
  EXPECT_EQ(at.reason.zh, "水位 2.8 m 达到黄色阈值 2.8 m");
  EXPECT_EQ(at.reason.en, "water level 2.8 m at the yellow threshold 2.8 m");
  const Assessment none = Assess(Gauge(), {}, kT0, 1.2);
  EXPECT_EQ(none.level, SensorLevel::kNone);
  EXPECT_EQ(none.reason.zh, "水位 1.2 m，低于各级预警阈值");
  EXPECT_EQ(none.reason.en, "water level 1.2 m, below every warning threshold");
}

TEST(MonitoringTest, RateOfRiseOverAnHour) {
  // 1.6 m at minute 0, 2.4 m at minute 60: 0.8 m in an hour >= 0.5 m/h, yellow; the value alone
  // is below blue.
  const std::vector<Reading> recent = {At(0, 1.6), At(30, 2.0)};
  const Assessment a = Assess(Gauge(), recent, kT0 + minutes(60), 2.4);
  ASSERT_TRUE(a.rise.has_value());
  EXPECT_NEAR(a.rise->amount, 0.8, 1e-12);
  EXPECT_NEAR(a.rise->per_hour, 0.8, 1e-12);
  EXPECT_EQ(a.rise->span, minutes(60));
  EXPECT_EQ(a.threshold_level, SensorLevel::kNone);
  EXPECT_EQ(a.rise_level, SensorLevel::kYellow);
  EXPECT_EQ(a.level, SensorLevel::kYellow);
  EXPECT_EQ(a.reason.zh, "1 小时内上涨 0.8 m（每小时 0.8 m），达到黄色涨幅阈值每小时 0.5 m");
  EXPECT_EQ(a.reason.en,
            "rose 0.8 m in 1 h (0.8 m per hour), at or above the yellow rate of 0.5 m per hour");
}

TEST(MonitoringTest, RateIsScaledToPerHourAndUsesTheOldestReadingInTheWindow) {
  // Window 60 min ending at minute 100: readings at 30 (outside), 40 (the oldest inside), 70.
  // 2.0 → 2.3 in 60 min is 0.3 m/h: no rise level. Over a 30-min window ending at 100, the oldest
  // inside is 70 (2.2): 0.1 m in 30 min = 0.2 m/h.
  const std::vector<Reading> recent = {At(30, 1.0), At(40, 2.0), At(70, 2.2)};
  core::Sensor s = Gauge();
  Assessment a = Assess(s, recent, kT0 + minutes(100), 2.3);
  ASSERT_TRUE(a.rise.has_value());
  EXPECT_EQ(a.rise->from.at, kT0 + minutes(40));
  EXPECT_NEAR(a.rise->per_hour, 0.3, 1e-12);
  EXPECT_EQ(a.level, SensorLevel::kNone);
  s.rise->window_minutes = 30;
  a = Assess(s, recent, kT0 + minutes(100), 2.3);
  ASSERT_TRUE(a.rise.has_value());
  EXPECT_EQ(a.rise->from.at, kT0 + minutes(70));
  EXPECT_NEAR(a.rise->per_hour, 0.2, 1e-12);
  // 0.3 m in 15 min = 1.2 m/h: yellow, and the reason says minutes.
  s.rise->window_minutes = 60;
  a = Assess(s, std::vector<Reading>{At(0, 2.0)}, kT0 + minutes(15), 2.3);
  EXPECT_EQ(a.level, SensorLevel::kYellow);
  EXPECT_EQ(a.reason.zh, "15 分钟内上涨 0.3 m（每小时 1.2 m），达到黄色涨幅阈值每小时 0.5 m");
  EXPECT_EQ(a.reason.en,
            "rose 0.3 m in 15 min (1.2 m per hour), at or above the yellow rate of 0.5 m per hour");
}

TEST(MonitoringTest, NoRateUnderTenMinutesOfReadings) {
  // A jump of 1 m in 9 minutes says nothing about the rate yet; at 10 minutes it does.
  EXPECT_FALSE(
      Assess(Gauge(), std::vector<Reading>{At(0, 1.0)}, kT0 + minutes(9), 2.0).rise.has_value());
  EXPECT_EQ(Assess(Gauge(), std::vector<Reading>{At(0, 1.0)}, kT0 + minutes(9), 2.0).level,
            SensorLevel::kNone);
  EXPECT_EQ(Assess(Gauge(), std::vector<Reading>{At(0, 1.0)}, kT0 + minutes(10), 2.0).level,
            SensorLevel::kYellow);
  // Nothing in the window at all: no rate.
  EXPECT_FALSE(
      Assess(Gauge(), std::vector<Reading>{At(0, 1.0)}, kT0 + minutes(61), 2.0).rise.has_value());
  // The window's start is inclusive.
  EXPECT_TRUE(
      Assess(Gauge(), std::vector<Reading>{At(0, 1.0)}, kT0 + minutes(60), 2.0).rise.has_value());
  // A sensor without a rule has no rate.
  core::Sensor s = Gauge();
  s.rise.reset();
  EXPECT_FALSE(
      Assess(s, std::vector<Reading>{At(0, 1.0)}, kT0 + minutes(30), 2.0).rise.has_value());
}

TEST(MonitoringTest, LevelIsTheHigherOfThresholdAndRate) {
  core::Sensor s = Gauge();
  s.rise->level = SensorLevel::kRed;
  // Orange by threshold, red by a 1 m/h rise: red, both reasons.
  Assessment a = Assess(s, std::vector<Reading>{At(0, 2.42)}, kT0 + minutes(60), 3.42);
  EXPECT_EQ(a.threshold_level, SensorLevel::kOrange);
  EXPECT_EQ(a.rise_level, SensorLevel::kRed);
  EXPECT_EQ(a.level, SensorLevel::kRed);
  EXPECT_EQ(
      a.reason.zh,
      "水位 3.42 m 超过橙色阈值 3.2 m；1 小时内上涨 1 m（每小时 1 m），达到红色涨幅阈值每小时 "
      "0.5 m");
  // Red by threshold beats a yellow rate.
  a = Assess(Gauge(), std::vector<Reading>{At(0, 2.9)}, kT0 + minutes(60), 3.7);
  EXPECT_EQ(a.level, SensorLevel::kRed);
  // A falling river has a negative rate, never a rise level.
  a = Assess(Gauge(), std::vector<Reading>{At(0, 3.0)}, kT0 + minutes(60), 2.6);
  EXPECT_EQ(a.level, SensorLevel::kBlue);
  EXPECT_LT(a.rise->per_hour, 0);
}

TEST(MonitoringTest, FormatValue) {
  EXPECT_EQ(FormatValue(3.42), "3.42");
  EXPECT_EQ(FormatValue(2.4 - 1.6), "0.8");
  EXPECT_EQ(FormatValue(12), "12");
  EXPECT_EQ(FormatValue(-0.5), "-0.5");
  EXPECT_EQ(FormatValue(0), "0");
  EXPECT_EQ(FormatValue(0.00012), "0.00012");
  EXPECT_EQ(FormatValue(1234.5678), "1234.568");
}

// ---- the oracle -------------------------------------------------------------------------------

int Rank(SensorLevel l) { return static_cast<int>(l); }

// The rule as the design states it, computed the slow way: scan every earlier reading, keep those
// with at >= new.at - window, take the one with the smallest time, require new.at - its time >=
// 10 minutes, compare (new - old) / hours >= rate. Thresholds: every colour the value reaches,
// the highest of them.
SensorLevel Oracle(const core::Sensor& s, const std::vector<Reading>& recent, TimePoint at,
                   double value) {
  int level = 0;
  const std::optional<double> th[] = {s.thresholds.blue, s.thresholds.yellow, s.thresholds.orange,
                                      s.thresholds.red};
  for (int i = 0; i < 4; ++i) {
    if (th[i] && value >= *th[i]) level = std::max(level, i + 1);
  }
  if (s.rise) {
    const Reading* oldest = nullptr;
    for (const Reading& r : recent) {
      const auto age_ms = (at - r.at).count();
      if (age_ms <= 0 || age_ms > std::int64_t{s.rise->window_minutes} * 60'000) continue;
      if (oldest == nullptr || r.at < oldest->at) oldest = &r;
    }
    if (oldest != nullptr) {
      const double hours = static_cast<double>((at - oldest->at).count()) / 3'600'000.0;
      if (hours * 60 >= 10 && (value - oldest->value) / hours >= s.rise->per_hour) {
        level = std::max(level, Rank(s.rise->level));
      }
    }
  }
  return static_cast<SensorLevel>(level);
}

TEST(MonitoringTest, AgreesWithABruteForceOracleOnRandomSeries) {
  std::mt19937_64 rng(20260701);
  std::uniform_real_distribution<double> step(-0.3, 0.45);
  std::uniform_int_distribution<int> gap_s(20, 900);
  std::uniform_int_distribution<int> window(5, 180);
  std::uniform_int_distribution<int> coin(0, 3);
  int decided_by_rate = 0;
  for (int series = 0; series < 300; ++series) {
    core::Sensor s = Gauge();
    s.rise->window_minutes = window(rng);
    s.rise->per_hour = 0.2 + 0.1 * coin(rng);
    s.rise->level = static_cast<SensorLevel>(1 + coin(rng));
    if (coin(rng) == 0) s.thresholds.blue.reset();
    if (coin(rng) == 0) s.thresholds.orange.reset();
    std::vector<Reading> recent;
    TimePoint t = kT0;
    double v = 2.0;
    for (int i = 0; i < 80; ++i) {
      t += std::chrono::seconds(gap_s(rng));
      v += step(rng);
      const Assessment a = Assess(s, recent, t, v);
      const SensorLevel expected = Oracle(s, recent, t, v);
      ASSERT_EQ(a.level, expected) << "series " << series << " reading " << i;
      if (a.rise_level != SensorLevel::kNone && a.rise_level > a.threshold_level) ++decided_by_rate;
      recent.push_back({t, v, a.level});
    }
  }
  EXPECT_GT(decided_by_rate, 100) << "the series hardly exercise the rate rule";
}

}  // namespace
}  // namespace elink::warning
