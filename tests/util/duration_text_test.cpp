// SPDX-License-Identifier: Apache-2.0
// The zh-CN/English duration texts against figures worked out by hand, at each unit's edges.
#include "util/duration_text.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace elink {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

TEST(DurationTextTest, MinutesAndSecondsUnderAnHourThenHoursAndMinutes) {
  EXPECT_EQ(DurationText(seconds(0), true), "0分00秒");
  EXPECT_EQ(DurationText(seconds(0), false), "0 min 00 s");
  EXPECT_EQ(DurationText(seconds(200), true), "3分20秒");
  EXPECT_EQ(DurationText(seconds(200), false), "3 min 20 s");
  EXPECT_EQ(DurationText(seconds(3599), true), "59分59秒");
  EXPECT_EQ(DurationText(seconds(3600), true), "1小时00分");
  EXPECT_EQ(DurationText(seconds(3600), false), "1 h 00 min");
  EXPECT_EQ(DurationText(seconds(3600 + 5 * 60 + 59), true), "1小时05分");
  EXPECT_EQ(DurationText(seconds(100 * 3600 + 60), false), "100 h 01 min");
  EXPECT_EQ(DurationText(seconds(-30), false), "0 min 00 s");
}

TEST(DurationTextTest, AgesInWholeMinutesWithDaysAndHoursWhenAny) {
  EXPECT_EQ(AgeText(minutes(0), true), "0分钟");
  EXPECT_EQ(AgeText(minutes(7), true), "7分钟");
  EXPECT_EQ(AgeText(minutes(7), false), "7 min");
  EXPECT_EQ(AgeText(minutes(60), true), "1小时0分钟");
  EXPECT_EQ(AgeText(minutes(65), true), "1小时5分钟");
  EXPECT_EQ(AgeText(minutes(65), false), "1 h 5 min");
  EXPECT_EQ(AgeText(minutes(24 * 60), false), "1 d 0 h 0 min");
  EXPECT_EQ(AgeText(minutes(26 * 60 + 5), true), "1天2小时5分钟");
  EXPECT_EQ(AgeText(minutes(26 * 60 + 5), false), "1 d 2 h 5 min");
  EXPECT_EQ(AgeText(minutes(-3), false), "0 min");
}

}  // namespace
}  // namespace elink
