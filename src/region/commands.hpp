#pragma once
// The region domain's commands: setting up a center with its region (`elink init`), and editing
// its resource base live (units added, changed, retired), each edit with its reason.

#include "core/model.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace elink::region {

// Sets up a new center with its region. Refused once a region is loaded.
struct ImportRegion {
  core::Region region;
};

// A unit joins the resource base (a new ambulance), available at its station. Its id is new,
// also among retired units; its station and organisation exist.
struct AddUnit {
  core::Unit unit;  // its reference fields; status available or out_of_service
  std::string reason;
};

// A unit's reference data changes: each field given replaces the unit's. `revision`, when given,
// is the unit's revision its author saw (core::Unit::revision, 0 when never edited): an edit of
// a unit changed since is refused (kConflict) instead of overwriting the other edit.
struct ChangeUnit {
  core::UnitId unit;
  std::optional<core::Name> name;
  std::optional<core::UnitType> type;
  std::optional<std::vector<core::Capability>> capabilities;
  std::optional<int> crew;
  std::optional<core::StationId> station;  // its home station
  std::optional<core::OrgId> org;          // default: the new station's organisation
  std::optional<std::uint64_t> revision;
  std::string reason;
};

// A unit leaves service for good: out of service, never dispatched again, kept with its history.
// Refused while it is committed to an incident.
struct RetireUnit {
  core::UnitId unit;
  std::optional<std::uint64_t> revision;
  std::string reason;
};

}  // namespace elink::region
