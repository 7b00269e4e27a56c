// SPDX-License-Identifier: Apache-2.0
#include "engine/decide.hpp"

#include "core/incident_types.hpp"
#include "core/lifecycle.hpp"
#include "dispatch/recommend.hpp"
#include "dispatch/tasks.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"
#include "warning/monitoring.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

namespace elink::engine {

namespace {

using core::EventBody;
using core::IncidentStatus;
using core::UnitStatus;
using Events = std::vector<EventBody>;

Status CheckText(std::string_view field, const std::string& text, std::size_t max_bytes) {
  if (text.size() > max_bytes) {
    return Status::InvalidArgument(std::string(field),
                                   "longer than " + std::to_string(max_bytes) + " bytes");
  }
  if (!IsValidUtf8(text)) return Status::InvalidArgument(std::string(field), "not valid UTF-8");
  return {};
}

Result<const core::Incident*> GetIncident(const core::State& state, const core::IncidentId& id,
                                          std::string_view field) {
  const core::Incident* inc = state.FindIncident(id);
  if (inc == nullptr) {
    return Status::NotFound("no incident " + ToString(id), std::string(field));
  }
  return inc;
}

Result<const core::Unit*> GetUnit(const core::State& state, const core::UnitId& id,
                                  std::string_view field) {
  const core::Unit* unit = state.FindUnit(id);
  if (unit == nullptr) return Status::NotFound("no unit '" + id.value() + "'", std::string(field));
  return unit;
}

Result<const core::User*> GetUser(const core::State& state, const std::string& name) {
  const core::User* user = state.FindUser(name);
  if (user == nullptr) {
    return Status::NotFound("no user '" + name.substr(0, core::kMaxUserNameBytes) + "'", "name");
  }
  return user;
}

// The organisation named by a command's `field`: kInvalidArgument when there is none.
Result<const core::Organisation*> GetOrg(const core::State& state, const core::OrgId& id,
                                         std::string_view field) {
  const core::Organisation* org = state.FindOrg(id);
  if (org == nullptr) {
    return Status::InvalidArgument(std::string(field),
                                   "unknown organisation '" + id.value().substr(0, 64) + "'");
  }
  return org;
}

// A regional coordinator acts across the whole region, so belongs to its root.
Status CheckRoleAt(core::Role role, const core::Organisation& org) {
  if (role == core::Role::kRegionalCoordinator && org.parent) {
    return Status::InvalidArgument("org",
                                   "a regional coordinator belongs to the root organisation");
  }
  return {};
}

Status CheckPasswordHash(const std::string& hash) {
  if (!core::IsArgon2idHash(hash)) {
    // The value is not quoted: it may be a password sent by mistake.
    return Status::InvalidArgument("password_hash", "not an argon2id hash string");
  }
  return {};
}

bool IsRootAdmin(const core::State& state, const core::User& user) {
  if (user.disabled || user.role != core::Role::kAdmin) return false;
  const core::Organisation* org = state.FindOrg(user.org);
  return org != nullptr && !org->parent;
}

// Refuses to take away the last enabled administrator of the root organisation: without one, no
// one could manage the region's users over the API.
Status KeepLastRootAdmin(const core::State& state, const core::User& user, std::string_view field) {
  if (!IsRootAdmin(state, user)) return {};
  for (const auto& [name, other] : state.users()) {
    if (name != user.name && IsRootAdmin(state, other)) return {};
  }
  return Status::FailedPrecondition(
      "user '" + user.name + "' is the last administrator of the root organisation",
      std::string(field));
}

// Units still committed to `incident` (dispatched, en route or on scene).
std::vector<const core::Unit*> CommittedUnits(const core::State& state,
                                              const core::Incident& incident) {
  std::vector<const core::Unit*> out;
  for (const auto& id : incident.units) {
    const core::Unit* u = state.FindUnit(id);
    if (u != nullptr && u->incident == incident.id) out.push_back(u);
  }
  return out;
}

class Decider {
 public:
  Decider(const core::State& state, TimePoint now, const GridLocator* grids)
      : state_(state), now_(now), grids_(grids) {}

  Result<Events> operator()(const ImportRegion& c) const {
    if (state_.has_region()) {
      return Status::FailedPrecondition("the center already has region '" + state_.region_id() +
                                        "'");
    }
    ELINK_RETURN_IF_ERROR(core::ValidateRegion(c.region).WithFieldPrefix("region"));
    return Events{core::RegionImported{c.region}};
  }

  Result<Events> operator()(const ReportIncident& c) const {
    const core::IncidentTypeInfo* type = core::FindIncidentType(c.type);
    if (type == nullptr) {
      return Status::InvalidArgument("type",
                                     "unknown incident type '" + c.type.substr(0, 64) + "'");
    }
    ELINK_RETURN_IF_ERROR(core::ValidateLatLon(c.location).WithFieldPrefix("location"));
    ELINK_RETURN_IF_ERROR(CheckText("address", c.address, kMaxLongText));
    ELINK_RETURN_IF_ERROR(CheckText("description", c.description, kMaxLongText));
    ELINK_RETURN_IF_ERROR(CheckText("reporter_name", c.reporter_name, kMaxShortText));
    ELINK_RETURN_IF_ERROR(CheckText("reporter_phone", c.reporter_phone, kMaxShortText));
    const auto& k = c.casualties;
    for (const auto& [name, v] :
         {std::pair{"injured", k.injured}, std::pair{"dead", k.dead},
          std::pair{"trapped", k.trapped}, std::pair{"missing", k.missing}}) {
      if (v < 0 || v > 1'000'000) {
        return Status::InvalidArgument(std::string("casualties.") + name,
                                       "must be within [0, 1000000]");
      }
    }
    if (c.photo) {
      ELINK_RETURN_IF_ERROR(
          core::CheckPhoto(c.photo->media_type, c.photo->bytes).WithFieldPrefix("photo"));
    }
    core::IncidentReported e;
    e.id = state_.next_incident_id();
    e.type = c.type;
    e.level = c.level;
    e.source = c.source;
    e.location = c.location;
    e.address = c.address;
    const core::Grid* grid =
        grids_ != nullptr ? grids_->Locate(state_, c.location) : state_.GridAt(c.location);
    if (grid != nullptr) {
      e.grid = grid->id;
      e.jurisdiction = grid->community;
    }
    e.description = c.description;
    e.reporter_name = c.reporter_name;
    e.reporter_phone = c.reporter_phone;
    e.casualties = c.casualties;
    e.exercise = c.exercise;
    Events events{std::move(e)};
    if (c.photo) {
      // Hashed here rather than by the caller: the event must say what its bytes are.
      events.emplace_back(core::IncidentPhotoAttached{
          state_.next_incident_id(), 1, c.photo->media_type, c.photo->bytes.size(),
          ToHex(Sha256(c.photo->bytes)), core::Blob{c.photo->bytes}});
    }
    return events;
  }

  Result<Events> operator()(const ChangeIncidentStatus& c) const {
    ELINK_ASSIGN_OR_RETURN(const core::Incident* inc, GetIncident(state_, c.id, "id"));
    ELINK_RETURN_IF_ERROR(CheckText("reason", c.reason, kMaxLongText));
    if (c.to == IncidentStatus::kDispatched) {
      return Status::InvalidArgument("to", "an incident becomes dispatched by dispatching units");
    }
    if (c.to == IncidentStatus::kMerged) {
      return Status::InvalidArgument("to", "use merge to merge an incident into another");
    }
    ELINK_RETURN_IF_ERROR(core::CheckTransition(inc->status, c.to).WithFieldPrefix("to"));
    Events events;
    const auto committed = CommittedUnits(state_, *inc);
    if (c.to == IncidentStatus::kClosed && !committed.empty()) {
      return Status::FailedPrecondition(
          "unit " + committed.front()->id.value() +
              " is still committed; release every unit before closing",
          "to");
    }
    if (c.to == IncidentStatus::kCancelled) {
      for (const core::Unit* u : committed) {
        if (u->status == UnitStatus::kOnScene) {
          return Status::FailedPrecondition(
              "unit " + u->id.value() + " is on scene; it must leave the scene before cancelling",
              "to");
        }
      }
      // Units on their way are recalled with the cancellation, in the same commit.
      for (const core::Unit* u : committed) {
        events.emplace_back(core::UnitStatusChanged{u->id, u->status, UnitStatus::kReturning,
                                                    "incident cancelled"});
      }
    }
    events.emplace(events.begin(), core::IncidentStatusChanged{c.id, inc->status, c.to, c.reason});
    // Verification activates the plan (启动预案): its departments get their tasks.
    if (c.to == IncidentStatus::kVerified) AddPlanActivation(*inc, inc->level, events);
    return events;
  }

  Result<Events> operator()(const ChangeIncidentLevel& c) const {
    ELINK_ASSIGN_OR_RETURN(const core::Incident* inc, GetIncident(state_, c.id, "id"));
    ELINK_RETURN_IF_ERROR(CheckText("reason", c.reason, kMaxLongText));
    if (!inc->IsOpen()) {
      return Status::FailedPrecondition(
          "incident is " + std::string(core::CodeOf(inc->status)) + "; its level cannot change",
          "id");
    }
    if (inc->level == c.to) {
      return Status::FailedPrecondition(
          "incident is already level " + std::string(core::CodeOf(c.to)), "to");
    }
    Events events{core::IncidentLevelChanged{c.id, inc->level, c.to, c.reason}};
    // A raised level adds the new levels' tasks to an active plan; a lowered one keeps them.
    if (inc->plan_level) AddPlanActivation(*inc, c.to, events);
    return events;
  }

  Result<Events> operator()(const MergeIncidents& c) const {
    if (c.duplicate == c.into) {
      return Status::InvalidArgument("into", "an incident cannot be merged into itself");
    }
    ELINK_ASSIGN_OR_RETURN(const core::Incident* dup,
                           GetIncident(state_, c.duplicate, "duplicate"));
    ELINK_ASSIGN_OR_RETURN(const core::Incident* into, GetIncident(state_, c.into, "into"));
    ELINK_RETURN_IF_ERROR(
        core::CheckTransition(dup->status, IncidentStatus::kMerged).WithFieldPrefix("duplicate"));
    if (!into->IsOpen()) {
      return Status::FailedPrecondition(
          "incident " + ToString(c.into) + " is " + std::string(core::CodeOf(into->status)),
          "into");
    }
    return Events{core::IncidentsMerged{c.duplicate, c.into}};
  }

  Result<Events> operator()(const DispatchUnits& c) const {
    ELINK_ASSIGN_OR_RETURN(const core::Incident* inc, GetIncident(state_, c.incident, "incident"));
    if (c.units.empty()) return Status::InvalidArgument("units", "name at least one unit");
    if (c.units.size() > kMaxUnitsPerDispatch) {
      return Status::InvalidArgument(
          "units", "at most " + std::to_string(kMaxUnitsPerDispatch) + " units per dispatch");
    }
    switch (inc->status) {
      case IncidentStatus::kVerified:
      case IncidentStatus::kDispatched:
      case IncidentStatus::kOnScene:
      case IncidentStatus::kControlled: break;
      case IncidentStatus::kReported:
        return Status::FailedPrecondition("incident is not verified yet; verify it first",
                                          "incident");
      case IncidentStatus::kClosed:
      case IncidentStatus::kMerged:
      case IncidentStatus::kCancelled:
        return Status::FailedPrecondition("incident is " + std::string(core::CodeOf(inc->status)),
                                          "incident");
    }
    Events events;
    std::set<core::UnitId> seen;
    for (std::size_t i = 0; i < c.units.size(); ++i) {
      const std::string field = "units[" + std::to_string(i) + "]";
      if (!seen.insert(c.units[i]).second) {
        return Status::InvalidArgument(field, "unit '" + c.units[i].value() + "' named twice");
      }
      ELINK_ASSIGN_OR_RETURN(const core::Unit* unit, GetUnit(state_, c.units[i], field));
      if (!core::CanTransition(unit->status, UnitStatus::kDispatched)) {
        std::string why =
            "unit " + unit->id.value() + " is " + std::string(core::CodeOf(unit->status));
        if (unit->incident) why += " at incident " + ToString(*unit->incident);
        return Status::FailedPrecondition(std::move(why), field);
      }
      events.emplace_back(core::UnitDispatched{unit->id, c.incident});
    }
    if (inc->status == IncidentStatus::kVerified) {
      events.emplace_back(core::IncidentStatusChanged{c.incident, IncidentStatus::kVerified,
                                                      IncidentStatus::kDispatched, ""});
    }
    return events;
  }

  Result<Events> operator()(const ChangeUnitStatus& c) const {
    ELINK_ASSIGN_OR_RETURN(const core::Unit* unit, GetUnit(state_, c.unit, "unit"));
    ELINK_RETURN_IF_ERROR(CheckText("reason", c.reason, kMaxLongText));
    if (c.to == UnitStatus::kDispatched) {
      return Status::InvalidArgument("to", "a unit is dispatched by dispatching it to an incident");
    }
    ELINK_RETURN_IF_ERROR(core::CheckTransition(unit->status, c.to).WithFieldPrefix("to"));
    Events events{core::UnitStatusChanged{c.unit, unit->status, c.to, c.reason}};
    // The first unit to arrive puts the incident on scene.
    if (c.to == UnitStatus::kOnScene && unit->incident) {
      const core::Incident* inc = state_.FindIncident(*unit->incident);
      if (inc != nullptr && inc->status == IncidentStatus::kDispatched) {
        events.emplace_back(core::IncidentStatusChanged{inc->id, IncidentStatus::kDispatched,
                                                        IncidentStatus::kOnScene,
                                                        "first unit on scene: " + c.unit.value()});
      }
    }
    return events;
  }

  Result<Events> operator()(const ReportPositions& c) const {
    if (c.reports.empty()) return Status::InvalidArgument("reports", "no position reports");
    if (c.reports.size() > kMaxPositionReports) {
      return Status::InvalidArgument(
          "reports", "at most " + std::to_string(kMaxPositionReports) + " reports per batch");
    }
    Events events;
    for (std::size_t i = 0; i < c.reports.size(); ++i) {
      const auto& r = c.reports[i];
      const std::string field = "reports[" + std::to_string(i) + "]";
      ELINK_RETURN_IF_ERROR(GetUnit(state_, r.unit, field + ".unit").status());
      ELINK_RETURN_IF_ERROR(core::ValidateLatLon(r.position).WithFieldPrefix(field + ".position"));
      // A device clock a little ahead is tolerated; one far ahead would pin the position forever.
      if (r.at > now_ + std::chrono::minutes(1)) {
        return Status::InvalidArgument(field + ".at", "is in the future");
      }
      events.emplace_back(core::UnitPositionReported{r.unit, r.position, r.at});
    }
    return events;
  }

  Result<Events> operator()(const UpdateTask& c) const {
    ELINK_ASSIGN_OR_RETURN(const core::Incident* inc, GetIncident(state_, c.incident, "incident"));
    ELINK_RETURN_IF_ERROR(CheckText("note", c.note, kMaxLongText));
    if (c.task < 1 || c.task > inc->tasks.size()) {
      return Status::NotFound(
          "incident " + ToString(c.incident) + " has no task " + std::to_string(c.task), "task");
    }
    const core::DepartmentTask& task = inc->tasks[c.task - 1];
    if (c.to == core::TaskStatus::kPending) {
      return Status::InvalidArgument("to", "a task goes to acknowledged or done");
    }
    if (task.status == core::TaskStatus::kDone || task.status == c.to) {
      return Status::FailedPrecondition(
          "task " + std::to_string(c.task) + " is already " + std::string(CodeOf(task.status)),
          "task");
    }
    if (!inc->IsOpen() && c.to == core::TaskStatus::kAcknowledged) {
      return Status::FailedPrecondition(
          "incident is " + std::string(core::CodeOf(inc->status)) + "; only finishing is recorded",
          "incident");
    }
    return Events{core::TaskUpdated{c.incident, c.task, c.to, c.note}};
  }

  Result<Events> operator()(const ShareIncident& c) const {
    ELINK_ASSIGN_OR_RETURN(const core::Incident* inc, GetIncident(state_, c.incident, "incident"));
    ELINK_ASSIGN_OR_RETURN(const core::Organisation* org, GetOrg(state_, c.org, "org"));
    if (std::binary_search(inc->shared_with.begin(), inc->shared_with.end(), c.org)) {
      return Status::FailedPrecondition(
          "incident " + ToString(c.incident) + " is already shared with " + c.org.value(), "org");
    }
    // Its own jurisdiction and everything above it see the incident anyway; an incident outside
    // every grid has no jurisdiction and belongs to the root.
    const bool sees = inc->jurisdiction ? state_.IsWithin(*inc->jurisdiction, c.org) : !org->parent;
    if (sees) {
      return Status::FailedPrecondition("incident " + ToString(c.incident) + " is within " +
                                            c.org.value() + "'s jurisdiction already",
                                        "org");
    }
    return Events{core::IncidentShared{c.incident, c.org}};
  }

  Result<Events> operator()(const UnshareIncident& c) const {
    ELINK_ASSIGN_OR_RETURN(const core::Incident* inc, GetIncident(state_, c.incident, "incident"));
    if (!std::binary_search(inc->shared_with.begin(), inc->shared_with.end(), c.org)) {
      return Status::FailedPrecondition("incident " + ToString(c.incident) +
                                            " is not shared with '" + c.org.value().substr(0, 64) +
                                            "'",
                                        "org");
    }
    return Events{core::IncidentUnshared{c.incident, c.org}};
  }

  Result<Events> operator()(const PublishAlert& c) const {
    const core::AlertContent& a = c.content;
    ELINK_RETURN_IF_ERROR(GetOrg(state_, a.org, "org").status());
    const struct {
      const char* field;
      const core::Name* text;
      std::size_t max_bytes;
    } texts[] = {{"event", &a.event, kMaxShortText},
                 {"headline", &a.headline, kMaxShortText},
                 {"description", &a.description, kMaxLongText},
                 {"instruction", &a.instruction, kMaxLongText},
                 {"area.description", &a.area.description, kMaxShortText}};
    for (const auto& t : texts) {
      ELINK_RETURN_IF_ERROR(CheckText(std::string(t.field) + ".zh", t.text->zh, t.max_bytes));
      ELINK_RETURN_IF_ERROR(CheckText(std::string(t.field) + ".en", t.text->en, t.max_bytes));
    }
    if (a.headline.zh.empty() && a.headline.en.empty()) {
      return Status::InvalidArgument("headline", "needed in zh-CN or English");
    }
    if (a.area.description.zh.empty() && a.area.description.en.empty()) {
      return Status::InvalidArgument("area.description", "needed in zh-CN or English");
    }
    ELINK_RETURN_IF_ERROR(core::ValidateLatLon(a.area.center).WithFieldPrefix("area.center"));
    if (!(a.area.radius_km > 0 && a.area.radius_km <= 1000)) {
      return Status::InvalidArgument("area.radius_km", "must be within (0, 1000]");
    }
    if (a.expires <= now_ || a.expires > now_ + std::chrono::hours(24 * 7)) {
      return Status::InvalidArgument("expires", "must be after now and within 7 days");
    }
    if (a.incident) {
      ELINK_RETURN_IF_ERROR(GetIncident(state_, *a.incident, "incident").status());
    }
    return Events{core::AlertPublished{state_.next_alert_id(), a}};
  }

  Result<Events> operator()(const CancelAlert& c) const {
    const core::Alert* alert = state_.FindAlert(c.alert);
    if (alert == nullptr) {
      return Status::NotFound("no alert " + std::to_string(c.alert.value()), "alert");
    }
    if (alert->cancelled_at) {
      return Status::FailedPrecondition("the alert was cancelled already", "alert");
    }
    if (!alert->IsActive(now_)) {
      return Status::FailedPrecondition("the alert has expired", "alert");
    }
    ELINK_RETURN_IF_ERROR(CheckText("reason", c.reason, kMaxLongText));
    return Events{core::AlertCancelled{c.alert, c.reason}};
  }

  Result<Events> operator()(const RecordReading& c) const {
    const core::SensorState* sensor = state_.FindSensor(c.sensor);
    if (sensor == nullptr) {
      return Status::NotFound("no sensor '" + c.sensor.value().substr(0, 64) + "'", "sensor");
    }
    if (!std::isfinite(c.value)) return Status::InvalidArgument("value", "must be a finite number");
    if (c.at > now_ + kMaxReadingAhead) {
      return Status::InvalidArgument("at", "more than 5 minutes ahead of the server's clock");
    }
    const core::SensorTrack& track = sensor->Track(c.exercise);
    if (!track.readings.empty() && c.at <= track.readings.back().at) {
      return Status::FailedPrecondition(
          "not newer than the sensor's last reading (" + FormatTime(track.readings.back().at) + ")",
          "at");
    }
    const warning::Assessment a = warning::Assess(sensor->sensor, track.readings, c.at, c.value);
    Events events{core::ReadingRecorded{c.sensor, c.at, c.value, a.level, c.exercise}};
    if (a.level != track.level) {
      events.push_back(core::SensorLevelChanged{c.sensor, track.level, a.level, a.reason.zh,
                                                a.reason.en, c.exercise});
    }
    return events;
  }

  Result<Events> operator()(const AddUser& c) const {
    if (!core::IsValidUserName(c.name)) {
      return Status::InvalidArgument("name", "1 to " + std::to_string(core::kMaxUserNameBytes) +
                                                 " characters, each a-z, 0-9, '.', '_' or '-'");
    }
    if (state_.FindUser(c.name) != nullptr) {
      return Status::Conflict("user '" + c.name + "' already exists", "name");
    }
    ELINK_RETURN_IF_ERROR(CheckText("display.zh", c.display.zh, kMaxShortText));
    ELINK_RETURN_IF_ERROR(CheckText("display.en", c.display.en, kMaxShortText));
    ELINK_ASSIGN_OR_RETURN(const core::Organisation* org, GetOrg(state_, c.org, "org"));
    ELINK_RETURN_IF_ERROR(CheckRoleAt(c.role, *org));
    ELINK_RETURN_IF_ERROR(CheckPasswordHash(c.password_hash));
    return Events{core::UserAdded{c.name, c.display, c.role, c.org, c.password_hash}};
  }

  Result<Events> operator()(const ChangeUserRole& c) const {
    ELINK_ASSIGN_OR_RETURN(const core::User* user, GetUser(state_, c.name));
    ELINK_ASSIGN_OR_RETURN(const core::Organisation* org, GetOrg(state_, c.org, "org"));
    ELINK_RETURN_IF_ERROR(CheckRoleAt(c.role, *org));
    if (user->role == c.role && user->org == c.org) {
      return Status::FailedPrecondition("user '" + c.name + "' already is " +
                                            std::string(core::CodeOf(c.role)) + " at " +
                                            c.org.value(),
                                        "role");
    }
    core::User changed = *user;
    changed.role = c.role;
    changed.org = c.org;
    if (!IsRootAdmin(state_, changed))
      ELINK_RETURN_IF_ERROR(KeepLastRootAdmin(state_, *user, "role"));
    return Events{core::UserRoleChanged{c.name, c.role, c.org}};
  }

  Result<Events> operator()(const ChangePassword& c) const {
    ELINK_RETURN_IF_ERROR(GetUser(state_, c.name).status());
    ELINK_RETURN_IF_ERROR(CheckPasswordHash(c.password_hash));
    return Events{core::UserPasswordChanged{c.name, c.password_hash}};
  }

  Result<Events> operator()(const SetUserDisabled& c) const {
    ELINK_ASSIGN_OR_RETURN(const core::User* user, GetUser(state_, c.name));
    if (user->disabled == c.disabled) {
      return Status::FailedPrecondition(
          "user '" + c.name + "' is already " + (c.disabled ? "disabled" : "enabled"), "disabled");
    }
    if (!c.disabled) return Events{core::UserEnabled{c.name}};
    ELINK_RETURN_IF_ERROR(KeepLastRootAdmin(state_, *user, "disabled"));
    return Events{core::UserDisabled{c.name}};
  }

  Result<Events> operator()(const RevokeUserTokens& c) const {
    ELINK_RETURN_IF_ERROR(GetUser(state_, c.name).status());
    return Events{core::UserTokensRevoked{c.name}};
  }

  Result<Events> operator()(const EscalateOverdueTasks& /*c*/) const {
    Events events;
    for (const auto& [id, inc] : state_.incidents()) {
      if (!inc.IsOpen()) continue;
      for (const core::DepartmentTask& t : inc.tasks) {
        if (!t.Overdue(now_)) continue;
        events.emplace_back(core::TaskEscalated{
            id, t.id, t.org, dispatch::EscalationTarget(state_, t.org, t.department),
            now_ + std::chrono::minutes(std::max(1, t.ack_within_minutes))});
      }
    }
    return events;
  }

 private:
  // Appends the activation of the incident's plan down to `level`, when it has a plan and the
  // level is new.
  void AddPlanActivation(const core::Incident& inc, core::IncidentLevel level,
                         Events& events) const {
    const core::Plan* plan =
        inc.plan ? state_.plans().Find(*inc.plan) : dispatch::PlanFor(state_, inc.type);
    if (plan == nullptr) return;
    if (inc.plan_level && static_cast<int>(level) >= static_cast<int>(*inc.plan_level)) return;
    events.emplace_back(core::PlanActivated{inc.id, plan->id, level,
                                            dispatch::NewTasks(state_, inc, *plan, level, now_)});
  }

  const core::State& state_;
  TimePoint now_;
  const GridLocator* grids_;
};

}  // namespace

Result<std::vector<core::EventBody>> Decide(const core::State& state, const CommandBody& command,
                                            TimePoint now, const GridLocator* grids) {
  if (!state.has_region() && !std::holds_alternative<ImportRegion>(command)) {
    return Status::FailedPrecondition("the center has no region; run elink init first");
  }
  return std::visit(Decider(state, now, grids), command);
}

}  // namespace elink::engine
