// SPDX-License-Identifier: Apache-2.0
#include "util/clock.hpp"

#include <gtest/gtest.h>

namespace elink {
namespace {

TEST(ClockTest, ManualClockMovesOnlyWhenTold) {
  ManualClock c(FromUnixMillis(1'000));
  EXPECT_EQ(ToUnixMillis(c.Now()), 1'000);
  EXPECT_EQ(ToUnixMillis(c.Now()), 1'000);
  c.Advance(Millis(250));
  EXPECT_EQ(ToUnixMillis(c.Now()), 1'250);
  c.Set(FromUnixMillis(5));
  EXPECT_EQ(ToUnixMillis(c.Now()), 5);
}

TEST(ClockTest, FormatsIso8601Utc) {
  // 2026-11-29T01:02:03.456Z
  EXPECT_EQ(FormatTime(FromUnixMillis(1'795'914'123'456)), "2026-11-29T01:02:03.456Z");
  EXPECT_EQ(FormatTime(FromUnixMillis(0)), "1970-01-01T00:00:00.000Z");
}

TEST(ClockTest, SystemClockIsNearTheWall) {
  SystemClock c;
  const auto wall = std::chrono::system_clock::now();
  const auto diff = std::chrono::abs(c.Now() - std::chrono::time_point_cast<Millis>(wall));
  EXPECT_LT(diff, std::chrono::seconds(5));
}

}  // namespace
}  // namespace elink
