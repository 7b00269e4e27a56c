// SPDX-License-Identifier: Apache-2.0
#include "warning/monitoring.hpp"

#include "core/enums.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace elink::warning {

namespace {

using core::SensorLevel;

// "3.42 m", "12 mm/h", "0.5" (no unit).
std::string WithUnit(double v, const std::string& unit) {
  return unit.empty() ? FormatValue(v) : FormatValue(v) + " " + unit;
}

// "1 小时" / "1 h", "45 分钟" / "45 min".
core::Name SpanText(std::chrono::milliseconds span) {
  const double minutes = static_cast<double>(span.count()) / 60000.0;
  const auto whole = static_cast<long long>(minutes);
  if (static_cast<double>(whole) == minutes && whole % 60 == 0) {
    const std::string h = std::to_string(whole / 60);
    return {h + " 小时", h + " h"};
  }
  const std::string m = FormatValue(minutes);
  return {m + " 分钟", m + " min"};
}

std::string Colour(SensorLevel level, bool zh) {
  const auto& info = core::InfoOf(level);
  return std::string(zh ? info.zh : info.en);
}

void Append(core::Name& to, const std::string& zh, const std::string& en) {
  if (!to.zh.empty()) to.zh += "；";
  if (!to.en.empty()) to.en += "; ";
  to.zh += zh;
  to.en += en;
}

}  // namespace

std::string FormatValue(double v) {
  if (!std::isfinite(v)) return std::isnan(v) ? "NaN" : (v > 0 ? "inf" : "-inf");
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  if (s == "0" && v != 0) {
    // Below a thousandth (a gas concentration): three significant digits instead.
    std::snprintf(buf, sizeof buf, "%.3g", v);
    s = buf;
  }
  return s;
}

SensorLevel ThresholdLevel(const core::SensorThresholds& t, double value) {
  if (t.red && value >= *t.red) return SensorLevel::kRed;
  if (t.orange && value >= *t.orange) return SensorLevel::kOrange;
  if (t.yellow && value >= *t.yellow) return SensorLevel::kYellow;
  if (t.blue && value >= *t.blue) return SensorLevel::kBlue;
  return SensorLevel::kNone;
}

std::optional<Rise> RiseOver(const core::RiseRule& rule, std::span<const core::Reading> recent,
                             TimePoint at, double value) {
  const TimePoint start = at - std::chrono::minutes(rule.window_minutes);
  // Readings are in time order: the first at or after the window's start is the oldest in it.
  const auto oldest =
      std::lower_bound(recent.begin(), recent.end(), start,
                       [](const core::Reading& r, TimePoint t) { return r.at < t; });
  if (oldest == recent.end() || oldest->at >= at) return std::nullopt;
  const auto span = std::chrono::duration_cast<std::chrono::milliseconds>(at - oldest->at);
  if (span < kMinRiseSpan) return std::nullopt;
  Rise rise;
  rise.amount = value - oldest->value;
  rise.span = span;
  rise.per_hour = rise.amount * 3'600'000.0 / static_cast<double>(span.count());
  rise.from = *oldest;
  return rise;
}

Assessment Assess(const core::Sensor& sensor, std::span<const core::Reading> recent, TimePoint at,
                  double value) {
  Assessment a;
  const std::string kind_zh(core::InfoOf(sensor.kind).zh);
  const std::string kind_en(core::InfoOf(sensor.kind).en);
  const std::string shown = WithUnit(value, sensor.unit);

  a.threshold_level = ThresholdLevel(sensor.thresholds, value);
  if (a.threshold_level != SensorLevel::kNone) {
    const core::SensorThresholds& t = sensor.thresholds;
    const double limit = a.threshold_level == SensorLevel::kRed      ? *t.red
                         : a.threshold_level == SensorLevel::kOrange ? *t.orange
                         : a.threshold_level == SensorLevel::kYellow ? *t.yellow
                                                                     : *t.blue;
    const bool equal = value == limit;
    Append(a.reason,
           kind_zh + " " + shown + (equal ? " 达到" : " 超过") + Colour(a.threshold_level, true) +
               "阈值 " + WithUnit(limit, sensor.unit),
           kind_en + " " + shown + (equal ? " at the " : " above the ") +
               Colour(a.threshold_level, false) + " threshold " + WithUnit(limit, sensor.unit));
  }

  if (sensor.rise) {
    a.rise = RiseOver(*sensor.rise, recent, at, value);
    if (a.rise && a.rise->per_hour >= sensor.rise->per_hour) {
      a.rise_level = sensor.rise->level;
      const core::Name span = SpanText(a.rise->span);
      const std::string amount = WithUnit(a.rise->amount, sensor.unit);
      const std::string rate = WithUnit(a.rise->per_hour, sensor.unit);
      const std::string limit = WithUnit(sensor.rise->per_hour, sensor.unit);
      Append(a.reason,
             span.zh + "内上涨 " + amount + "（每小时 " + rate + "），达到" +
                 Colour(a.rise_level, true) + "涨幅阈值每小时 " + limit,
             "rose " + amount + " in " + span.en + " (" + rate + " per hour), at or above the " +
                 Colour(a.rise_level, false) + " rate of " + limit + " per hour");
    }
  }

  a.level = std::max(a.threshold_level, a.rise_level);
  if (a.level == SensorLevel::kNone) {
    a.reason = {kind_zh + " " + shown + "，低于各级预警阈值",
                kind_en + " " + shown + ", below every warning threshold"};
  }
  return a;
}

}  // namespace elink::warning
