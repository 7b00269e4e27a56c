// SPDX-License-Identifier: Apache-2.0
#include "core/state.hpp"

#include "core/incident_types.hpp"
#include "core/lifecycle.hpp"

#include <algorithm>
#include <string>

namespace elink::core {

namespace {

Status Bad(const Event& e, const std::string& why) {
  return Status::Corruption("event " + std::to_string(e.seq) + " (" + std::string(TypeOf(e.body)) +
                            ") does not apply: " + why);
}

void Chronicle(Incident& inc, const Event& e, std::string detail) {
  inc.chronology.push_back(
      ChronologyEntry{e.seq, e.at, e.actor, std::string(TypeOf(e.body)), std::move(detail)});
}

template <typename K, typename V>
V* Find(CowMap<K, V>& m, const K& k) {
  return m.FindMutable(k);
}

template <typename K, typename V>
const V* Find(const CowMap<K, V>& m, const K& k) {
  return m.Find(k);
}

}  // namespace

std::string_view TypeOf(const EventBody& body) {
  return std::visit([](const auto& b) { return std::decay_t<decltype(b)>::kType; }, body);
}

Status State::Apply(const Event& event) {
  if (event.seq != last_seq_ + 1) {
    return Bad(event, "expected event " + std::to_string(last_seq_ + 1));
  }
  if (event.seq > 1 && !has_region() && !std::holds_alternative<RegionImported>(event.body)) {
    return Bad(event, "the center has no region yet");
  }
  ELINK_RETURN_IF_ERROR(std::visit([&](const auto& b) { return ApplyBody(event, b); }, event.body));
  last_seq_ = event.seq;
  last_event_at_ = event.at;
  return {};
}

Status State::ApplyBody(const Event& e, const RegionImported& b) {
  if (has_region()) return Bad(e, "a region is already loaded");
  if (b.region.id.empty()) return Bad(e, "region has no id");
  region_id_ = b.region.id;
  region_name_ = b.region.name;
  for (const auto& o : b.region.organisations) orgs_.try_emplace(o.id, o);
  for (const auto& g : b.region.grids) grids_.try_emplace(g.id, g);
  for (const auto& s : b.region.stations) stations_.try_emplace(s.id, s);
  for (const auto& p : b.region.plans) plans_.try_emplace(p.id, p);
  for (const auto& u : b.region.units) {
    Unit& unit = *units_.try_emplace(u.id, u).first;
    unit.status_since = e.at;
  }
  for (const auto& s : b.region.sensors) {
    SensorState& sensor = *sensors_.try_emplace(s.id, SensorState{s, {}, {}}).first;
    sensor.live.level_since = e.at;
    sensor.exercise.level_since = e.at;
  }
  return {};
}

Status State::ApplyBody(const Event& e, const IncidentReported& b) {
  if (b.id.value() != next_incident_id_) {
    return Bad(e, "incident id " + ToString(b.id) + " is not the next id " +
                      std::to_string(next_incident_id_));
  }
  const IncidentTypeInfo* type = FindIncidentType(b.type);
  if (type == nullptr) return Bad(e, "unknown incident type '" + b.type + "'");
  Incident inc;
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
  Chronicle(inc, e, std::string(CodeOf(b.source)));
  incidents_.try_emplace(b.id, std::move(inc));
  ++next_incident_id_;
  return {};
}

Status State::ApplyBody(const Event& e, const IncidentStatusChanged& b) {
  Incident* inc = Find(incidents_, b.id);
  if (inc == nullptr) return Bad(e, "no incident " + ToString(b.id));
  if (inc->status != b.from) return Bad(e, "incident is " + std::string(CodeOf(inc->status)));
  if (!CanTransition(b.from, b.to)) return Bad(e, "illegal transition");
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
  Chronicle(*inc, e, std::string(CodeOf(b.from)) + ">" + std::string(CodeOf(b.to)));
  return {};
}

Status State::ApplyBody(const Event& e, const IncidentLevelChanged& b) {
  Incident* inc = Find(incidents_, b.id);
  if (inc == nullptr) return Bad(e, "no incident " + ToString(b.id));
  if (inc->level != b.from) return Bad(e, "incident level is " + std::string(CodeOf(inc->level)));
  if (!inc->IsOpen()) return Bad(e, "incident is finished");
  inc->level = b.to;
  Chronicle(*inc, e, std::string(CodeOf(b.from)) + ">" + std::string(CodeOf(b.to)));
  return {};
}

Status State::ApplyBody(const Event& e, const IncidentsMerged& b) {
  Incident* dup = Find(incidents_, b.duplicate);
  Incident* into = Find(incidents_, b.into);
  if (dup == nullptr || into == nullptr || dup == into) return Bad(e, "bad incident pair");
  if (!CanTransition(dup->status, IncidentStatus::kMerged)) {
    return Bad(e, "incident " + ToString(b.duplicate) + " cannot be merged");
  }
  if (!into->IsOpen()) return Bad(e, "incident " + ToString(b.into) + " is finished");
  dup->status = IncidentStatus::kMerged;
  dup->merged_into = b.into;
  dup->closed_at = e.at;
  into->merged_from.push_back(b.duplicate);
  Chronicle(*dup, e, "into:" + ToString(b.into));
  Chronicle(*into, e, "from:" + ToString(b.duplicate));
  return {};
}

Status State::ApplyBody(const Event& e, const UnitDispatched& b) {
  Unit* unit = Find(units_, b.unit);
  Incident* inc = Find(incidents_, b.incident);
  if (unit == nullptr) return Bad(e, "no unit " + b.unit.value());
  if (inc == nullptr) return Bad(e, "no incident " + ToString(b.incident));
  if (!CanTransition(unit->status, UnitStatus::kDispatched)) {
    return Bad(e, "unit " + b.unit.value() + " is " + std::string(CodeOf(unit->status)));
  }
  if (!inc->IsOpen()) return Bad(e, "incident is finished");
  unit->status = UnitStatus::kDispatched;
  unit->status_since = e.at;
  unit->incident = b.incident;
  if (std::find(inc->units.begin(), inc->units.end(), b.unit) == inc->units.end()) {
    inc->units.push_back(b.unit);
  }
  Chronicle(*inc, e, b.unit.value());
  return {};
}

Status State::ApplyBody(const Event& e, const UnitStatusChanged& b) {
  Unit* unit = Find(units_, b.unit);
  if (unit == nullptr) return Bad(e, "no unit " + b.unit.value());
  if (unit->status != b.from) return Bad(e, "unit is " + std::string(CodeOf(unit->status)));
  if (!CanTransition(b.from, b.to) || b.to == UnitStatus::kDispatched) {
    // Dispatch is its own event (UnitDispatched): it names the incident.
    return Bad(e, "illegal transition");
  }
  if (unit->incident) {
    if (Incident* inc = Find(incidents_, *unit->incident)) {
      Chronicle(
          *inc, e,
          b.unit.value() + ":" + std::string(CodeOf(b.from)) + ">" + std::string(CodeOf(b.to)));
    }
  }
  unit->status = b.to;
  unit->status_since = e.at;
  if (b.to == UnitStatus::kReturning || b.to == UnitStatus::kAvailable ||
      b.to == UnitStatus::kOutOfService) {
    unit->incident.reset();
  }
  return {};
}

Status State::ApplyBody(const Event& e, const UnitPositionReported& b) {
  Unit* unit = Find(units_, b.unit);
  if (unit == nullptr) return Bad(e, "no unit " + b.unit.value());
  // Reports can arrive out of order; an older one never overwrites a newer position.
  if (!unit->position_at || *unit->position_at <= b.at) {
    unit->position = b.position;
    unit->position_at = b.at;
  }
  return {};
}

Status State::ApplyBody(const Event& e, const PlanActivated& b) {
  Incident* inc = Find(incidents_, b.incident);
  if (inc == nullptr) return Bad(e, "no incident " + ToString(b.incident));
  if (!inc->IsOpen()) return Bad(e, "incident is finished");
  if (Find(plans_, b.plan) == nullptr) return Bad(e, "no plan " + b.plan.value());
  if (inc->plan && *inc->plan != b.plan) return Bad(e, "incident has plan " + inc->plan->value());
  std::uint32_t next = static_cast<std::uint32_t>(inc->tasks.size()) + 1;
  for (const DepartmentTask& t : b.tasks) {
    if (t.id != next++) return Bad(e, "task id " + std::to_string(t.id) + " out of sequence");
    if (Find(orgs_, t.org) == nullptr) return Bad(e, "no organisation " + t.org.value());
  }
  inc->plan = b.plan;
  inc->plan_level = b.level;
  inc->tasks.insert(inc->tasks.end(), b.tasks.begin(), b.tasks.end());
  std::string detail = b.plan.value() + ":" + std::string(CodeOf(b.level));
  if (!b.tasks.empty()) {
    detail += ":" + std::to_string(b.tasks.front().id) + "-" + std::to_string(b.tasks.back().id);
  }
  Chronicle(*inc, e, std::move(detail));
  return {};
}

namespace {

DepartmentTask* FindTask(Incident& inc, std::uint32_t id) {
  return id >= 1 && id <= inc.tasks.size() ? &inc.tasks[id - 1] : nullptr;
}

}  // namespace

Status State::ApplyBody(const Event& e, const TaskUpdated& b) {
  Incident* inc = Find(incidents_, b.incident);
  if (inc == nullptr) return Bad(e, "no incident " + ToString(b.incident));
  DepartmentTask* task = FindTask(*inc, b.task);
  if (task == nullptr) return Bad(e, "no task " + std::to_string(b.task));
  if (task->status == TaskStatus::kDone || b.to == TaskStatus::kPending || task->status == b.to) {
    return Bad(e, "task is " + std::string(CodeOf(task->status)));
  }
  // Finishing a task also acknowledges it when no one had.
  if (!task->acknowledged_at) {
    task->acknowledged_at = e.at;
    task->acknowledged_by = e.actor;
  }
  if (b.to == TaskStatus::kDone) task->done_at = e.at;
  task->status = b.to;
  if (!b.note.empty()) task->note = b.note;
  Chronicle(*inc, e, std::to_string(b.task) + ":" + std::string(CodeOf(b.to)));
  return {};
}

Status State::ApplyBody(const Event& e, const TaskEscalated& b) {
  Incident* inc = Find(incidents_, b.incident);
  if (inc == nullptr) return Bad(e, "no incident " + ToString(b.incident));
  DepartmentTask* task = FindTask(*inc, b.task);
  if (task == nullptr) return Bad(e, "no task " + std::to_string(b.task));
  if (task->status != TaskStatus::kPending) {
    return Bad(e, "task is " + std::string(CodeOf(task->status)));
  }
  if (task->org != b.from) return Bad(e, "task is held by " + task->org.value());
  if (Find(orgs_, b.to) == nullptr) return Bad(e, "no organisation " + b.to.value());
  task->org = b.to;
  task->due = b.due;
  ++task->escalations;
  Chronicle(*inc, e, std::to_string(b.task) + ":" + b.from.value() + ">" + b.to.value());
  return {};
}

Status State::ApplyBody(const Event& e, const IncidentShared& b) {
  Incident* inc = Find(incidents_, b.incident);
  if (inc == nullptr) return Bad(e, "no incident " + ToString(b.incident));
  if (Find(orgs_, b.org) == nullptr) return Bad(e, "no organisation " + b.org.value());
  const auto at = std::lower_bound(inc->shared_with.begin(), inc->shared_with.end(), b.org);
  if (at != inc->shared_with.end() && *at == b.org) {
    return Bad(e, "incident is already shared with " + b.org.value());
  }
  inc->shared_with.insert(at, b.org);
  Chronicle(*inc, e, b.org.value());
  return {};
}

Status State::ApplyBody(const Event& e, const IncidentUnshared& b) {
  Incident* inc = Find(incidents_, b.incident);
  if (inc == nullptr) return Bad(e, "no incident " + ToString(b.incident));
  const auto at = std::lower_bound(inc->shared_with.begin(), inc->shared_with.end(), b.org);
  if (at == inc->shared_with.end() || *at != b.org) {
    return Bad(e, "incident is not shared with " + b.org.value());
  }
  inc->shared_with.erase(at);
  Chronicle(*inc, e, b.org.value());
  return {};
}

Status State::ApplyBody(const Event& e, const UserAdded& b) {
  if (!IsValidUserName(b.name)) return Bad(e, "bad user name");
  if (Find(users_, b.name) != nullptr) return Bad(e, "user " + b.name + " exists");
  if (Find(orgs_, b.org) == nullptr) return Bad(e, "no organisation " + b.org.value());
  if (!IsArgon2idHash(b.password_hash)) return Bad(e, "password hash is not argon2id");
  User user;
  user.name = b.name;
  user.display = b.display;
  user.role = b.role;
  user.org = b.org;
  user.password_hash = b.password_hash;
  user.created_at = e.at;
  users_.try_emplace(b.name, std::move(user));
  return {};
}

Status State::ApplyBody(const Event& e, const UserRoleChanged& b) {
  User* user = Find(users_, b.name);
  if (user == nullptr) return Bad(e, "no user " + b.name);
  if (Find(orgs_, b.org) == nullptr) return Bad(e, "no organisation " + b.org.value());
  user->role = b.role;
  user->org = b.org;
  return {};
}

Status State::ApplyBody(const Event& e, const UserPasswordChanged& b) {
  User* user = Find(users_, b.name);
  if (user == nullptr) return Bad(e, "no user " + b.name);
  if (!IsArgon2idHash(b.password_hash)) return Bad(e, "password hash is not argon2id");
  user->password_hash = b.password_hash;
  ++user->token_version;
  return {};
}

Status State::ApplyBody(const Event& e, const UserDisabled& b) {
  User* user = Find(users_, b.name);
  if (user == nullptr) return Bad(e, "no user " + b.name);
  if (user->disabled) return Bad(e, "user is already disabled");
  user->disabled = true;
  ++user->token_version;
  return {};
}

Status State::ApplyBody(const Event& e, const UserEnabled& b) {
  User* user = Find(users_, b.name);
  if (user == nullptr) return Bad(e, "no user " + b.name);
  if (!user->disabled) return Bad(e, "user is not disabled");
  user->disabled = false;
  return {};
}

Status State::ApplyBody(const Event& e, const UserTokensRevoked& b) {
  User* user = Find(users_, b.name);
  if (user == nullptr) return Bad(e, "no user " + b.name);
  ++user->token_version;
  return {};
}

Status State::ApplyBody(const Event& e, const AlertPublished& b) {
  if (b.id.value() != next_alert_id_) {
    return Bad(e, "alert id " + std::to_string(b.id.value()) + " is not the next id " +
                      std::to_string(next_alert_id_));
  }
  if (FindOrg(b.content.org) == nullptr) return Bad(e, "no organisation " + b.content.org.value());
  Alert alert;
  alert.id = b.id;
  alert.content = b.content;
  alert.sent = e.at;
  alert.sender = e.actor;
  alerts_.try_emplace(b.id, std::move(alert));
  ++next_alert_id_;
  return {};
}

Status State::ApplyBody(const Event& e, const AlertCancelled& b) {
  Alert* alert = Find(alerts_, b.id);
  if (alert == nullptr) return Bad(e, "no alert " + std::to_string(b.id.value()));
  if (alert->cancelled_at) return Bad(e, "alert already cancelled");
  alert->cancelled_at = e.at;
  alert->cancel_reason = b.reason;
  return {};
}

Status State::ApplyBody(const Event& e, const IncidentPhotoAttached& b) {
  Incident* inc = Find(incidents_, b.incident);
  if (inc == nullptr) return Bad(e, "no incident " + ToString(b.incident));
  if (b.photo != inc->photos.size() + 1) {
    return Bad(e, "photo " + std::to_string(b.photo) + " is not the next index " +
                      std::to_string(inc->photos.size() + 1));
  }
  if (b.size != b.data.bytes.size()) return Bad(e, "size does not match the bytes");
  if (const Status s = CheckPhoto(b.media_type, b.data.bytes); !s.ok()) {
    return Bad(e, s.field() + ": " + s.message());
  }
  const bool hex =
      b.sha256.size() == 64 && std::all_of(b.sha256.begin(), b.sha256.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      });
  if (!hex) return Bad(e, "sha256 is not 64 lowercase hex digits");
  // The bytes stay in the log; the state keeps where to find them.
  inc->photos.push_back(IncidentPhoto{b.photo, b.media_type, b.size, b.sha256, e.seq, e.at});
  Chronicle(*inc, e, std::to_string(b.photo) + ":" + b.media_type + ":" + std::to_string(b.size));
  return {};
}

Status State::ApplyBody(const Event& e, const ReadingRecorded& b) {
  SensorState* sensor = Find(sensors_, b.sensor);
  if (sensor == nullptr) return Bad(e, "no sensor " + b.sensor.value());
  SensorTrack& track = b.exercise ? sensor->exercise : sensor->live;
  if (!track.readings.empty() && b.at <= track.readings.back().at) {
    return Bad(e, "reading is not newer than the sensor's last");
  }
  track.readings.push_back(Reading{b.at, b.value, b.level});
  // Keep what the rules can need: the retention, or the rise window when it is longer; and never
  // more than kMaxReadingsKept, so that a chatty sensor cannot grow the state.
  std::chrono::minutes keep = kReadingRetention;
  if (sensor->sensor.rise) {
    keep = std::max(keep, std::chrono::minutes(sensor->sensor.rise->window_minutes));
  }
  const TimePoint cutoff = b.at - keep;
  const auto first_kept = std::find_if(track.readings.begin(), track.readings.end(),
                                       [&](const Reading& r) { return r.at >= cutoff; });
  track.readings.erase(track.readings.begin(), first_kept);
  if (track.readings.size() > kMaxReadingsKept) {
    track.readings.erase(track.readings.begin(),
                         track.readings.end() - static_cast<std::ptrdiff_t>(kMaxReadingsKept));
  }
  return {};
}

Status State::ApplyBody(const Event& e, const SensorLevelChanged& b) {
  SensorState* sensor = Find(sensors_, b.sensor);
  if (sensor == nullptr) return Bad(e, "no sensor " + b.sensor.value());
  SensorTrack& track = b.exercise ? sensor->exercise : sensor->live;
  if (track.level != b.from) {
    return Bad(e, "sensor level is " + std::string(CodeOf(track.level)));
  }
  if (b.from == b.to) return Bad(e, "the level does not change");
  if (track.readings.empty()) return Bad(e, "no reading brought the change");
  track.level = b.to;
  track.level_since = track.readings.back().at;
  track.reason = Name{b.reason_zh, b.reason_en};
  return {};
}

const Organisation* State::FindOrg(const OrgId& id) const { return Find(orgs_, id); }
const Unit* State::FindUnit(const UnitId& id) const { return Find(units_, id); }
const Incident* State::FindIncident(const IncidentId& id) const { return Find(incidents_, id); }
const User* State::FindUser(std::string_view name) const { return Find(users_, std::string(name)); }
const Alert* State::FindAlert(const AlertId& id) const { return Find(alerts_, id); }
const SensorState* State::FindSensor(const SensorId& id) const { return Find(sensors_, id); }

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
