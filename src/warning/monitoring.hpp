#pragma once
// Monitoring rules (监测预警): the level a sensor's new reading puts it at, and why, in zh-CN and
// English. Pure functions of the sensor's configuration, its recent readings and the new one; the
// engine calls them when it decides a RecordReading, and the level goes into the event, so replay
// never re-runs the rules.
//
// Level = the higher of
//   - the threshold level: the highest colour whose threshold the value reaches (value >= it);
//   - the rate-of-rise level: the rule's colour when the rise per hour over the window reaches
//     the rule's value. The rise is the new value minus the oldest reading within the window
//     [at - window, at], scaled to per hour by the time between them; it counts only when that
//     time is at least kMinRiseSpan, so two readings a minute apart cannot raise a warning.

#include "core/model.hpp"
#include "util/clock.hpp"

#include <chrono>
#include <optional>
#include <span>
#include <string>

namespace elink::warning {

// The shortest stretch of readings a rate of rise is computed over.
inline constexpr std::chrono::minutes kMinRiseSpan{10};

// A rise measured over the window: from `from` (the oldest reading within it) to the new reading.
struct Rise {
  double amount = 0;  // new value - from.value, in the sensor's unit
  std::chrono::milliseconds span{0};
  double per_hour = 0;  // amount scaled to one hour
  core::Reading from;
};

struct Assessment {
  core::SensorLevel level = core::SensorLevel::kNone;
  core::SensorLevel threshold_level = core::SensorLevel::kNone;
  core::SensorLevel rise_level = core::SensorLevel::kNone;
  std::optional<Rise> rise;  // when the sensor has a rule and the window spans kMinRiseSpan
  core::Name reason;  // "水位 3.42 m 超过橙色阈值 3.2 m" / "water level 3.42 m above ..."
};

// The highest colour whose threshold `value` reaches; none below every threshold.
core::SensorLevel ThresholdLevel(const core::SensorThresholds& thresholds, double value);

// The rise over `rule`'s window ending at (`at`, `value`); nullopt when no reading before `at`
// lies in the window or they span less than kMinRiseSpan. `recent`: earlier readings, in time
// order, all before `at`.
std::optional<Rise> RiseOver(const core::RiseRule& rule, std::span<const core::Reading> recent,
                             TimePoint at, double value);

// The level of a new reading (`at`, `value`, finite) and its reason. `recent` as for RiseOver.
Assessment Assess(const core::Sensor& sensor, std::span<const core::Reading> recent, TimePoint at,
                  double value);

// A value as people read it: at most 3 decimals, trailing zeros dropped ("3.42", "0.8", "12").
std::string FormatValue(double v);

}  // namespace elink::warning
