// SPDX-License-Identifier: Apache-2.0
#include "util/clock.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace elink {

namespace {
TimePoint ReadSystemClock() {
  return std::chrono::time_point_cast<Millis>(std::chrono::system_clock::now());
}
std::atomic<WallSource> wall_source{&ReadSystemClock};
}  // namespace

TimePoint SystemClock::Now() const { return wall_source.load(std::memory_order_relaxed)(); }

WallSource ReplaceWallSourceForTesting(WallSource source) { return wall_source.exchange(source); }

std::string FormatTime(TimePoint t) {
  const auto secs = std::chrono::floor<std::chrono::seconds>(t);
  const auto ms = (t - secs).count();
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03d}Z", secs, ms);
}

}  // namespace elink
