// SPDX-License-Identifier: Apache-2.0
#include "core/lifecycle.hpp"
#include "units/domain.hpp"

#include <string>

namespace elink::units {

Status Apply(core::StateWriter& w, const core::EventMeta& e, const UnitStatusChanged& b) {
  core::Unit* unit = w.FindUnit(b.unit);
  if (unit == nullptr) return core::NotApplicable(e, "no unit " + b.unit.value());
  if (unit->status != b.from) {
    return core::NotApplicable(e, "unit is " + std::string(core::CodeOf(unit->status)));
  }
  if (!core::CanTransition(b.from, b.to) || b.to == core::UnitStatus::kDispatched) {
    // Dispatch is its own event (dispatch::UnitDispatched): it names the incident.
    return core::NotApplicable(e, "illegal transition");
  }
  if (unit->incident) {
    if (core::Incident* inc = w.FindIncident(*unit->incident)) {
      core::Chronicle(*inc, e,
                      b.unit.value() + ":" + std::string(core::CodeOf(b.from)) + ">" +
                          std::string(core::CodeOf(b.to)));
    }
  }
  unit->status = b.to;
  unit->status_since = e.at;
  if (b.to == core::UnitStatus::kReturning || b.to == core::UnitStatus::kAvailable ||
      b.to == core::UnitStatus::kOutOfService) {
    unit->incident.reset();
  }
  return {};
}

Status Apply(core::StateWriter& w, const core::EventMeta& e, const UnitPositionReported& b) {
  core::Unit* unit = w.FindUnit(b.unit);
  if (unit == nullptr) return core::NotApplicable(e, "no unit " + b.unit.value());
  // Reports can arrive out of order; an older one never overwrites a newer position.
  if (!unit->position_at || *unit->position_at <= b.at) {
    unit->position = b.position;
    unit->position_at = b.at;
  }
  return {};
}

}  // namespace elink::units
