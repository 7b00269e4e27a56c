#pragma once
// A region's roster built from a real call log: the units that answered the log's calls (unit id,
// SF Unit Type mapped to elink's unit types, the ALS flag as the `als` capability) at the station
// each answers from, for replaying the log against the units that really ran it. Every mapping
// that is not exact is named in Roster::approximations.

#include "core/model.hpp"
#include "sim/calls.hpp"
#include "sim/travel_check.hpp"
#include "util/status.hpp"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace elink::sim {

// How one SF Unit Type maps onto elink's units.
struct SfUnitTypeMapping {
  std::string_view sf_type;  // SF's Unit Type, exactly as in the data
  core::UnitType type = core::UnitType::kEngine;
  std::vector<core::Capability> capabilities;  // before `als` is added from the ALS flag
  bool approximate = false;                    // elink has no such unit; `type` is the nearest
  std::string_view note;                       // why, when approximate
};
// The documented table; unit types not in it are left out of the roster and counted.
const std::vector<SfUnitTypeMapping>& SfUnitTypeMappings();
const SfUnitTypeMapping* FindSfUnitType(std::string_view sf_type);

struct RosterOptions {
  // Region stations are named "<prefix><NN>" (the demo: "sf-fs-02"); a unit whose station is
  // not in the region is placed at the SF station of that number from `extra_stations` (added
  // to the region, with the organisation of the nearest region fire station).
  std::string station_prefix = "sf-fs-";
  std::vector<Station> extra_stations;
};

struct Roster {
  std::vector<core::Unit> units;        // by unit id
  std::vector<core::Station> stations;  // stations to add to the region (not there before)
  // Every approximate mapping, one line each, e.g. "M55 (MEDIC): station 3 = the station area
  // it answered first in most often (12 of 20 calls)".
  std::vector<std::string> approximations;
  std::map<std::string, std::size_t> left_out_by_type;  // units left out, by SF Unit Type
  std::vector<std::string> left_out;                    // "AIR1 (AIRPORT): no elink unit type"
};

// The roster of the units that answered `calls`, placed at `region`'s stations (and
// options.extra_stations). E/T + digits answer from that station; other units (medics, chiefs,
// rescue captains and squads, private ambulances) from the station whose area they answered
// first in most often (ties: the lower number), else in which they answered most often.
// kInvalidArgument ("calls") when no unit could be placed.
Result<Roster> RosterFromCalls(const std::vector<Call>& calls, const core::Region& region,
                               const RosterOptions& options);

// The roster as a region units.toml (docs/region-config.md), the approximations as comments.
std::string RosterToml(const Roster& roster, const std::string& source);

}  // namespace elink::sim
