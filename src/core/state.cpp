// SPDX-License-Identifier: Apache-2.0
#include "core/state.hpp"

#include <string>

namespace elink::core {

const Organisation* State::FindOrg(const OrgId& id) const { return orgs_.Find(id); }
const Unit* State::FindUnit(const UnitId& id) const { return units_.Find(id); }
const Incident* State::FindIncident(const IncidentId& id) const { return incidents_.Find(id); }
const User* State::FindUser(std::string_view name) const { return users_.Find(std::string(name)); }
const Alert* State::FindAlert(const AlertId& id) const { return alerts_.Find(id); }
const SensorState* State::FindSensor(const SensorId& id) const { return sensors_.Find(id); }

const Grid* State::GridAt(const LatLon& p) const {
  for (const auto& [id, grid] : grids_) {
    for (const auto& poly : grid.area) {
      if (Contains(poly, p)) return &grid;
    }
  }
  return nullptr;
}

bool State::IsWithin(const OrgId& org, const OrgId& ancestor) const {
  const Organisation* o = FindOrg(org);
  // Bounded by the number of organisations, so a damaged tree with a cycle cannot loop forever.
  for (std::size_t steps = 0; o != nullptr && steps <= orgs_.size(); ++steps) {
    if (o->id == ancestor) return true;
    if (!o->parent) return false;
    o = FindOrg(*o->parent);
  }
  return false;
}

}  // namespace elink::core
