// SPDX-License-Identifier: Apache-2.0
#include "units/origin.hpp"

namespace elink::units {

std::optional<UnitOrigin> OriginOf(const core::State& state, const core::Unit& unit, TimePoint now,
                                   std::chrono::seconds stale_after) {
  if (unit.position) {
    const bool stale = !unit.position_at || now - *unit.position_at > stale_after;
    return UnitOrigin{*unit.position, stale ? Origin::kAvlStale : Origin::kAvl};
  }
  if (auto station = state.stations().Find(unit.station)) {
    return UnitOrigin{station->location, Origin::kStation};
  }
  return std::nullopt;
}

std::string_view CodeOf(Origin origin) {
  switch (origin) {
    case Origin::kAvl: return "avl";
    case Origin::kAvlStale: return "avl_stale";
    case Origin::kStation: return "station";
  }
  return "station";
}

bool IsOnTheWay(const core::Unit& unit, const core::IncidentId& incident) {
  return unit.incident == incident && (unit.status == core::UnitStatus::kDispatched ||
                                       unit.status == core::UnitStatus::kAcknowledged ||
                                       unit.status == core::UnitStatus::kEnRoute);
}

}  // namespace elink::units
