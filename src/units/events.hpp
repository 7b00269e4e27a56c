#pragma once
// The units domain's events: a unit's status and its position. Each is a fact in the past tense
// with its code in the log (kType), its field list (core/fields.hpp) and who may see it.

#include "core/fields.hpp"
#include "core/model.hpp"
#include "core/visibility.hpp"
#include "util/clock.hpp"

#include <string>
#include <string_view>
#include <tuple>

namespace elink::units {

struct UnitStatusChanged {
  static constexpr std::string_view kType = "unit_status_changed";
  core::UnitId unit;
  core::UnitStatus from = core::UnitStatus::kAvailable;
  core::UnitStatus to = core::UnitStatus::kAvailable;
  std::string reason;

  static constexpr auto Fields() {
    return std::tuple_cat(std::tuple{core::F("unit", &UnitStatusChanged::unit)},
                          core::TransitionFields<UnitStatusChanged>());
  }
  [[nodiscard]] core::Visibility WhoSees() const { return core::Visibility::Unit(unit); }
  friend auto operator<=>(const UnitStatusChanged&, const UnitStatusChanged&) = default;
};

// An AVL position report. `at` is when the unit was there, which may be before the event's time.
struct UnitPositionReported {
  static constexpr std::string_view kType = "unit_position_reported";
  core::UnitId unit;
  core::LatLon position;
  TimePoint at{};

  static constexpr auto Fields() {
    return std::tuple{core::F("unit", &UnitPositionReported::unit),
                      core::F("position", &UnitPositionReported::position),
                      core::F("at", &UnitPositionReported::at)};
  }
  [[nodiscard]] core::Visibility WhoSees() const { return core::Visibility::Unit(unit); }
  friend auto operator<=>(const UnitPositionReported&, const UnitPositionReported&) = default;
};

}  // namespace elink::units
