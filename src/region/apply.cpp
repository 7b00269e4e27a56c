// SPDX-License-Identifier: Apache-2.0
#include "region/domain.hpp"

namespace elink::region {

Status Apply(core::StateWriter& w, const core::EventMeta& e, const RegionImported& b) {
  if (w.state().has_region()) return core::NotApplicable(e, "a region is already loaded");
  if (b.region.id.empty()) return core::NotApplicable(e, "region has no id");
  w.SetRegion(b.region.id, b.region.name);
  for (const auto& o : b.region.organisations) w.organisations().try_emplace(o.id, o);
  for (const auto& g : b.region.grids) w.grids().try_emplace(g.id, g);
  for (const auto& s : b.region.stations) w.stations().try_emplace(s.id, s);
  for (const auto& p : b.region.plans) w.plans().try_emplace(p.id, p);
  for (const auto& u : b.region.units) {
    core::Unit& unit = *w.units().try_emplace(u.id, u).first;
    unit.status_since = e.at;
  }
  for (const auto& s : b.region.sensors) {
    core::SensorState& sensor = *w.sensors().try_emplace(s.id, core::SensorState{s, {}, {}}).first;
    sensor.live.level_since = e.at;
    sensor.exercise.level_since = e.at;
  }
  return {};
}

}  // namespace elink::region
