#pragma once
// The region domain's events. Each is a fact in the past tense with its code in the log (kType),
// its field list (the log's JSON, core/fields.hpp) and who may see it (core/visibility.hpp).

#include "core/fields.hpp"
#include "core/model.hpp"
#include "core/visibility.hpp"

#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace elink::region {

// The center was set up with its region's reference data (`elink init`).
struct RegionImported {
  static constexpr std::string_view kType = "region_imported";
  core::Region region;

  static constexpr auto Fields() { return std::tuple{core::F("region", &RegionImported::region)}; }
  [[nodiscard]] core::Visibility WhoSees() const { return core::Visibility::Admins(); }
  friend auto operator<=>(const RegionImported&, const RegionImported&) = default;
};

// A unit joined the resource base. `unit` holds its reference fields and starting status.
struct UnitAdded {
  static constexpr std::string_view kType = "unit_added";
  core::Unit unit;
  std::string reason;

  static constexpr auto Fields() {
    return std::tuple{core::F("unit", &UnitAdded::unit), core::F("reason", &UnitAdded::reason)};
  }
  [[nodiscard]] core::Visibility WhoSees() const { return core::Visibility::Unit(unit.id); }
  friend auto operator<=>(const UnitAdded&, const UnitAdded&) = default;
};

// A unit's reference data changed: its fields as they are now (the log's earlier events hold what
// they were).
struct UnitChanged {
  static constexpr std::string_view kType = "unit_changed";
  core::UnitId unit;
  core::Name name;
  core::UnitType type = core::UnitType::kEngine;
  std::vector<core::Capability> capabilities;
  int crew = 0;
  core::StationId station;
  core::OrgId org;
  std::string reason;

  static constexpr auto Fields() {
    return std::tuple{
        core::F("unit", &UnitChanged::unit), core::F("name", &UnitChanged::name),
        core::F("type", &UnitChanged::type), core::F("capabilities", &UnitChanged::capabilities),
        core::F("crew", &UnitChanged::crew), core::F("station", &UnitChanged::station),
        core::F("org", &UnitChanged::org),   core::F("reason", &UnitChanged::reason)};
  }
  [[nodiscard]] core::Visibility WhoSees() const { return core::Visibility::Unit(unit); }
  friend auto operator<=>(const UnitChanged&, const UnitChanged&) = default;
};

// A unit was retired: out of service for good, kept for the history that names it.
struct UnitRetired {
  static constexpr std::string_view kType = "unit_retired";
  core::UnitId unit;
  core::UnitStatus from = core::UnitStatus::kAvailable;  // its status before
  std::string reason;

  static constexpr auto Fields() {
    return std::tuple{core::F("unit", &UnitRetired::unit), core::F("from", &UnitRetired::from),
                      core::F("reason", &UnitRetired::reason)};
  }
  [[nodiscard]] core::Visibility WhoSees() const { return core::Visibility::Unit(unit); }
  friend auto operator<=>(const UnitRetired&, const UnitRetired&) = default;
};

}  // namespace elink::region
