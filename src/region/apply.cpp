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

Status Apply(core::StateWriter& w, const core::EventMeta& e, const UnitAdded& b) {
  if (w.state().FindUnit(b.unit.id) != nullptr) {
    return core::NotApplicable(e, "unit " + b.unit.id.value() + " exists");
  }
  if (w.state().stations().Find(b.unit.station) == nullptr) {
    return core::NotApplicable(e, "no station " + b.unit.station.value());
  }
  core::Unit& unit = *w.units().try_emplace(b.unit.id, b.unit).first;
  unit.status_since = e.at;
  unit.revision = e.seq;
  return {};
}

Status Apply(core::StateWriter& w, const core::EventMeta& e, const UnitChanged& b) {
  core::Unit* unit = w.FindUnit(b.unit);
  if (unit == nullptr) return core::NotApplicable(e, "no unit " + b.unit.value());
  if (unit->retired_at) return core::NotApplicable(e, "unit " + b.unit.value() + " is retired");
  if (w.state().stations().Find(b.station) == nullptr) {
    return core::NotApplicable(e, "no station " + b.station.value());
  }
  unit->name = b.name;
  unit->type = b.type;
  unit->capabilities = b.capabilities;
  unit->crew = b.crew;
  unit->station = b.station;
  unit->org = b.org;
  unit->revision = e.seq;
  return {};
}

Status Apply(core::StateWriter& w, const core::EventMeta& e, const UnitRetired& b) {
  core::Unit* unit = w.FindUnit(b.unit);
  if (unit == nullptr) return core::NotApplicable(e, "no unit " + b.unit.value());
  if (unit->retired_at) return core::NotApplicable(e, "unit " + b.unit.value() + " is retired");
  if (unit->status != b.from || unit->incident) {
    return core::NotApplicable(e, "unit " + b.unit.value() + " is not as retired from");
  }
  unit->status = core::UnitStatus::kOutOfService;
  unit->status_since = e.at;
  unit->retired_at = e.at;
  unit->revision = e.seq;
  return {};
}

}  // namespace elink::region
