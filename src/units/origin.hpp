#pragma once
// Where a unit sets out from, one rule for everyone who times or draws its way (the recommender,
// the routes of units on their way, the dashboard through the API): its last AVL position, stale
// once older than the center's limit, else the station it answers from. And which units are on
// their way to an incident.

#include "core/model.hpp"
#include "core/state.hpp"
#include "util/clock.hpp"

#include <chrono>
#include <optional>
#include <string_view>

namespace elink::units {

// Where a unit's travel is measured from.
enum class Origin { kAvl, kAvlStale, kStation };

struct UnitOrigin {
  core::LatLon at;
  Origin origin = Origin::kStation;
};

// The unit's last AVL position (kAvlStale when it is older than `stale_after` at `now`, or has no
// time), else its station's place; nullopt when it has neither.
std::optional<UnitOrigin> OriginOf(const core::State& state, const core::Unit& unit, TimePoint now,
                                   std::chrono::seconds stale_after);

// "avl", "avl_stale", "station": the API's and the log's names.
std::string_view CodeOf(Origin origin);

// Dispatched to `incident`, or acknowledged or en route to it: a unit on its way, not there yet.
bool IsOnTheWay(const core::Unit& unit, const core::IncidentId& incident);

}  // namespace elink::units
