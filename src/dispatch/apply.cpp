// SPDX-License-Identifier: Apache-2.0
#include "core/incident_types.hpp"
#include "core/lifecycle.hpp"
#include "dispatch/domain.hpp"

#include <algorithm>
#include <string>
#include <utility>

namespace elink::dispatch {

using core::IncidentStatus;
using core::NotApplicable;
using core::UnitStatus;

Status Apply(core::StateWriter& w, const core::EventMeta& e, const IncidentReported& b) {
  if (b.id != w.state().next_incident_id()) {
    return NotApplicable(e, "incident id " + ToString(b.id) + " is not the next id " +
                                ToString(w.state().next_incident_id()));
  }
  const core::IncidentTypeInfo* type = core::FindIncidentType(b.type);
  if (type == nullptr) return NotApplicable(e, "unknown incident type '" + b.type + "'");
  core::Incident inc;
  inc.id = b.id;
  inc.type = b.type;
  inc.category = type->category;
  inc.level = b.level;
  inc.status = IncidentStatus::kReported;
  inc.source = b.source;
  inc.location = b.location;
  inc.address = b.address;
  inc.grid = b.grid;
  inc.jurisdiction = b.jurisdiction;
  inc.description = b.description;
  inc.reporter_name = b.reporter_name;
  inc.reporter_phone = b.reporter_phone;
  inc.casualties = b.casualties;
  inc.exercise = b.exercise;
  inc.reported_at = e.at;
  core::Chronicle(inc, e, std::string(core::CodeOf(b.source)));
  w.incidents().try_emplace(b.id, std::move(inc));
  w.TakeIncidentId();
  return {};
}

Status Apply(core::StateWriter& w, const core::EventMeta& e, const IncidentStatusChanged& b) {
  core::Incident* inc = w.FindIncident(b.id);
  if (inc == nullptr) return NotApplicable(e, "no incident " + ToString(b.id));
  if (inc->status != b.from) {
    return NotApplicable(e, "incident is " + std::string(core::CodeOf(inc->status)));
  }
  if (!core::CanTransition(b.from, b.to)) return NotApplicable(e, "illegal transition");
  inc->status = b.to;
  switch (b.to) {
    case IncidentStatus::kVerified: inc->verified_at = e.at; break;
    case IncidentStatus::kDispatched: inc->dispatched_at = e.at; break;
    case IncidentStatus::kOnScene: inc->on_scene_at = e.at; break;
    case IncidentStatus::kControlled: inc->controlled_at = e.at; break;
    case IncidentStatus::kClosed:
    case IncidentStatus::kCancelled: inc->closed_at = e.at; break;
    case IncidentStatus::kReported:
    case IncidentStatus::kMerged: break;
  }
  core::Chronicle(*inc, e,
                  std::string(core::CodeOf(b.from)) + ">" + std::string(core::CodeOf(b.to)));
  return {};
}

Status Apply(core::StateWriter& w, const core::EventMeta& e, const IncidentLevelChanged& b) {
  core::Incident* inc = w.FindIncident(b.id);
  if (inc == nullptr) return NotApplicable(e, "no incident " + ToString(b.id));
  if (inc->level != b.from) {
    return NotApplicable(e, "incident level is " + std::string(core::CodeOf(inc->level)));
  }
  if (!inc->IsOpen()) return NotApplicable(e, "incident is finished");
  inc->level = b.to;
  core::Chronicle(*inc, e,
                  std::string(core::CodeOf(b.from)) + ">" + std::string(core::CodeOf(b.to)));
  return {};
}

Status Apply(core::StateWriter& w, const core::EventMeta& e, const IncidentsMerged& b) {
  core::Incident* dup = w.FindIncident(b.duplicate);
  core::Incident* into = w.FindIncident(b.into);
  if (dup == nullptr || into == nullptr || dup == into)
    return NotApplicable(e, "bad incident pair");
  if (!core::CanTransition(dup->status, IncidentStatus::kMerged)) {
    return NotApplicable(e, "incident " + ToString(b.duplicate) + " cannot be merged");
  }
  if (!into->IsOpen()) return NotApplicable(e, "incident " + ToString(b.into) + " is finished");
  dup->status = IncidentStatus::kMerged;
  dup->merged_into = b.into;
  dup->closed_at = e.at;
  into->merged_from.push_back(b.duplicate);
  core::Chronicle(*dup, e, "into:" + ToString(b.into));
  core::Chronicle(*into, e, "from:" + ToString(b.duplicate));
  return {};
}

Status Apply(core::StateWriter& w, const core::EventMeta& e, const UnitDispatched& b) {
  core::Unit* unit = w.FindUnit(b.unit);
  core::Incident* inc = w.FindIncident(b.incident);
  if (unit == nullptr) return NotApplicable(e, "no unit " + b.unit.value());
  if (inc == nullptr) return NotApplicable(e, "no incident " + ToString(b.incident));
  if (!core::CanTransition(unit->status, UnitStatus::kDispatched)) {
    return NotApplicable(
        e, "unit " + b.unit.value() + " is " + std::string(core::CodeOf(unit->status)));
  }
  if (!inc->IsOpen()) return NotApplicable(e, "incident is finished");
  unit->status = UnitStatus::kDispatched;
  unit->status_since = e.at;
  unit->incident = b.incident;
  if (std::find(inc->units.begin(), inc->units.end(), b.unit) == inc->units.end()) {
    inc->units.push_back(b.unit);
  }
  core::Chronicle(*inc, e, b.unit.value());
  return {};
}

Status Apply(core::StateWriter& w, const core::EventMeta& e, const IncidentShared& b) {
  core::Incident* inc = w.FindIncident(b.incident);
  if (inc == nullptr) return NotApplicable(e, "no incident " + ToString(b.incident));
  if (w.state().FindOrg(b.org) == nullptr)
    return NotApplicable(e, "no organisation " + b.org.value());
  const auto at = std::lower_bound(inc->shared_with.begin(), inc->shared_with.end(), b.org);
  if (at != inc->shared_with.end() && *at == b.org) {
    return NotApplicable(e, "incident is already shared with " + b.org.value());
  }
  inc->shared_with.insert(at, b.org);
  core::Chronicle(*inc, e, b.org.value());
  return {};
}

Status Apply(core::StateWriter& w, const core::EventMeta& e, const IncidentUnshared& b) {
  core::Incident* inc = w.FindIncident(b.incident);
  if (inc == nullptr) return NotApplicable(e, "no incident " + ToString(b.incident));
  const auto at = std::lower_bound(inc->shared_with.begin(), inc->shared_with.end(), b.org);
  if (at == inc->shared_with.end() || *at != b.org) {
    return NotApplicable(e, "incident is not shared with " + b.org.value());
  }
  inc->shared_with.erase(at);
  core::Chronicle(*inc, e, b.org.value());
  return {};
}

Status Apply(core::StateWriter& w, const core::EventMeta& e, const IncidentPhotoAttached& b) {
  core::Incident* inc = w.FindIncident(b.incident);
  if (inc == nullptr) return NotApplicable(e, "no incident " + ToString(b.incident));
  if (b.photo != inc->photos.size() + 1) {
    return NotApplicable(e, "photo " + std::to_string(b.photo) + " is not the next index " +
                                std::to_string(inc->photos.size() + 1));
  }
  if (b.size != b.data.bytes.size()) return NotApplicable(e, "size does not match the bytes");
  if (const Status s = core::CheckPhoto(b.media_type, b.data.bytes); !s.ok()) {
    return NotApplicable(e, s.field() + ": " + s.message());
  }
  const bool hex =
      b.sha256.size() == 64 && std::all_of(b.sha256.begin(), b.sha256.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      });
  if (!hex) return NotApplicable(e, "sha256 is not 64 lowercase hex digits");
  // The bytes stay in the log; the state keeps where to find them.
  inc->photos.push_back(core::IncidentPhoto{b.photo, b.media_type, b.size, b.sha256, e.seq, e.at});
  core::Chronicle(*inc, e,
                  std::to_string(b.photo) + ":" + b.media_type + ":" + std::to_string(b.size));
  return {};
}

Status Apply(core::StateWriter& w, const core::EventMeta& e, const IncidentNoteAdded& b) {
  core::Incident* inc = w.FindIncident(b.incident);
  if (inc == nullptr) return NotApplicable(e, "no incident " + ToString(b.incident));
  if (inc->status == IncidentStatus::kMerged) return NotApplicable(e, "incident is merged");
  core::Chronicle(*inc, e, b.text);
  return {};
}

}  // namespace elink::dispatch
