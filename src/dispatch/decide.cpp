// SPDX-License-Identifier: Apache-2.0
#include "core/incident_types.hpp"
#include "core/lifecycle.hpp"
#include "core/messages.hpp"
#include "dispatch/domain.hpp"
#include "dispatch/messages.hpp"
#include "dispatch/recommend.hpp"
#include "tasks/plan_tasks.hpp"
#include "util/sha256.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <utility>

namespace elink::dispatch {

namespace {

using core::IncidentStatus;
using core::UnitStatus;
using Events = std::vector<Emitted>;

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

// Appends the activation of the incident's plan down to `level`, when it has a plan and the level
// is new.
void AddPlanActivation(const core::DecideContext& ctx, const core::Incident& inc,
                       core::IncidentLevel level, Events& events) {
  const core::Plan* plan =
      inc.plan ? ctx.state.plans().Find(*inc.plan) : PlanFor(ctx.state, inc.type);
  if (plan == nullptr) return;
  if (inc.plan_level && static_cast<int>(level) >= static_cast<int>(*inc.plan_level)) return;
  events.emplace_back(tasks::PlanActivated{inc.id, plan->id, level,
                                           tasks::NewTasks(ctx.state, inc, *plan, level, ctx.now)});
}

}  // namespace

Result<Events> Decide(const core::DecideContext& ctx, const ReportIncident& c) {
  const core::IncidentTypeInfo* type = core::FindIncidentType(c.type);
  if (type == nullptr) {
    return Status::InvalidArgument("type", msg::kUnknownType, c.type.substr(0, 64));
  }
  ELINK_RETURN_IF_ERROR(core::ValidateLatLon(c.location).WithFieldPrefix("location"));
  ELINK_RETURN_IF_ERROR(core::CheckText("address", c.address, core::kMaxLongText));
  ELINK_RETURN_IF_ERROR(core::CheckText("description", c.description, core::kMaxLongText));
  ELINK_RETURN_IF_ERROR(core::CheckText("reporter_name", c.reporter_name, core::kMaxShortText));
  ELINK_RETURN_IF_ERROR(core::CheckText("reporter_phone", c.reporter_phone, core::kMaxShortText));
  const auto& k = c.casualties;
  for (const auto& [name, v] : {std::pair{"injured", k.injured}, std::pair{"dead", k.dead},
                                std::pair{"trapped", k.trapped}, std::pair{"missing", k.missing}}) {
    if (v < 0 || v > 1'000'000) {
      return Status::InvalidArgument(std::string("casualties.") + name, core::msg::kWithin, 0,
                                     1'000'000);
    }
  }
  if (c.photo) {
    ELINK_RETURN_IF_ERROR(
        core::CheckPhoto(c.photo->media_type, c.photo->bytes).WithFieldPrefix("photo"));
  }
  // The event says what the command reported, all but its photo (committed as its own event).
  IncidentReported e;
  static_cast<core::IncidentReport&>(e) = c;
  e.id = ctx.state.next_incident_id();
  if (const core::Grid* grid = ctx.GridAt(c.location)) {
    e.grid = grid->id;
    e.jurisdiction = grid->community;
  }
  Events events{std::move(e)};
  if (c.photo) {
    // Hashed here rather than by the caller: the event must say what its bytes are.
    events.emplace_back(IncidentPhotoAttached{ctx.state.next_incident_id(), 1, c.photo->media_type,
                                              c.photo->bytes.size(), ToHex(Sha256(c.photo->bytes)),
                                              core::Blob{c.photo->bytes}});
  }
  return events;
}

Result<Events> Decide(const core::DecideContext& ctx, const ChangeIncidentStatus& c) {
  ELINK_ASSIGN_OR_RETURN(const core::Incident* inc, core::GetIncident(ctx.state, c.id, "id"));
  ELINK_RETURN_IF_ERROR(core::CheckText("reason", c.reason, core::kMaxLongText));
  if (c.to == IncidentStatus::kDispatched) {
    return Status::InvalidArgument("to", msg::kDispatchedByDispatching);
  }
  if (c.to == IncidentStatus::kMerged) {
    return Status::InvalidArgument("to", msg::kUseMerge);
  }
  ELINK_RETURN_IF_ERROR(core::CheckTransition(inc->status, c.to).WithFieldPrefix("to"));
  Events events;
  const auto committed = CommittedUnits(ctx.state, *inc);
  if (c.to == IncidentStatus::kClosed && !committed.empty()) {
    return Status::FailedPrecondition(msg::kStillCommitted, committed.front()->id.value()).At("to");
  }
  if (c.to == IncidentStatus::kCancelled) {
    for (const core::Unit* u : committed) {
      if (u->status == UnitStatus::kOnScene) {
        return Status::FailedPrecondition(msg::kOnSceneBeforeCancel, u->id.value()).At("to");
      }
    }
    // Units on their way are recalled with the cancellation, in the same commit.
    for (const core::Unit* u : committed) {
      events.emplace_back(
          units::UnitStatusChanged{u->id, u->status, UnitStatus::kReturning, "incident cancelled"});
    }
  }
  events.emplace(events.begin(), IncidentStatusChanged{c.id, inc->status, c.to, c.reason});
  // Verification activates the plan (启动预案): its departments get their tasks.
  if (c.to == IncidentStatus::kVerified) AddPlanActivation(ctx, *inc, inc->level, events);
  return events;
}

Result<Events> Decide(const core::DecideContext& ctx, const ChangeIncidentLevel& c) {
  ELINK_ASSIGN_OR_RETURN(const core::Incident* inc, core::GetIncident(ctx.state, c.id, "id"));
  ELINK_RETURN_IF_ERROR(core::CheckText("reason", c.reason, core::kMaxLongText));
  if (!inc->IsOpen()) {
    return Status::FailedPrecondition(msg::kLevelFinished, core::Word(inc->status)).At("id");
  }
  if (inc->level == c.to) {
    return Status::FailedPrecondition(msg::kAlreadyLevel, core::Word(c.to)).At("to");
  }
  Events events{IncidentLevelChanged{c.id, inc->level, c.to, c.reason}};
  // A raised level adds the new levels' tasks to an active plan; a lowered one keeps them.
  if (inc->plan_level) AddPlanActivation(ctx, *inc, c.to, events);
  return events;
}

Result<Events> Decide(const core::DecideContext& ctx, const MergeIncidents& c) {
  if (c.duplicate == c.into) {
    return Status::InvalidArgument("into", msg::kMergeIntoItself);
  }
  ELINK_ASSIGN_OR_RETURN(const core::Incident* dup,
                         core::GetIncident(ctx.state, c.duplicate, "duplicate"));
  ELINK_ASSIGN_OR_RETURN(const core::Incident* into, core::GetIncident(ctx.state, c.into, "into"));
  ELINK_RETURN_IF_ERROR(
      core::CheckTransition(dup->status, IncidentStatus::kMerged).WithFieldPrefix("duplicate"));
  if (!into->IsOpen()) {
    return Status::FailedPrecondition(msg::kIncidentIs, c.into.value(), core::Word(into->status))
        .At("into");
  }
  return Events{IncidentsMerged{c.duplicate, c.into}};
}

Result<Events> Decide(const core::DecideContext& ctx, const DispatchUnits& c) {
  ELINK_ASSIGN_OR_RETURN(const core::Incident* inc,
                         core::GetIncident(ctx.state, c.incident, "incident"));
  if (c.units.empty()) return Status::InvalidArgument("units", msg::kNameAUnit);
  if (c.units.size() > kMaxUnitsPerDispatch) {
    return Status::InvalidArgument("units", msg::kUnitsPerDispatch, kMaxUnitsPerDispatch);
  }
  switch (inc->status) {
    case IncidentStatus::kVerified:
    case IncidentStatus::kDispatched:
    case IncidentStatus::kOnScene:
    case IncidentStatus::kControlled: break;
    case IncidentStatus::kReported:
      return Status::FailedPrecondition(msg::kNotVerified).At("incident");
    case IncidentStatus::kClosed:
    case IncidentStatus::kMerged:
    case IncidentStatus::kCancelled:
      return Status::FailedPrecondition(msg::kThisIncidentIs, core::Word(inc->status))
          .At("incident");
  }
  Events events;
  std::set<core::UnitId> seen;
  for (std::size_t i = 0; i < c.units.size(); ++i) {
    const std::string field = "units[" + std::to_string(i) + "]";
    if (!seen.insert(c.units[i]).second) {
      return Status::InvalidArgument(field, msg::kUnitTwice, c.units[i].value());
    }
    ELINK_ASSIGN_OR_RETURN(const core::Unit* unit, core::GetUnit(ctx.state, c.units[i], field));
    if (!core::CanTransition(unit->status, UnitStatus::kDispatched)) {
      if (unit->incident) {
        return Status::FailedPrecondition(msg::kUnitIsAt, unit->id.value(),
                                          core::Word(unit->status), unit->incident->value())
            .At(field);
      }
      return Status::FailedPrecondition(msg::kUnitIs, unit->id.value(), core::Word(unit->status))
          .At(field);
    }
    events.emplace_back(UnitDispatched{unit->id, c.incident});
  }
  if (inc->status == IncidentStatus::kVerified) {
    events.emplace_back(IncidentStatusChanged{c.incident, IncidentStatus::kVerified,
                                              IncidentStatus::kDispatched, ""});
  }
  return events;
}

Result<Events> Decide(const core::DecideContext& ctx, const ChangeUnitStatus& c) {
  ELINK_ASSIGN_OR_RETURN(const core::Unit* unit, core::GetUnit(ctx.state, c.unit, "unit"));
  ELINK_RETURN_IF_ERROR(core::CheckText("reason", c.reason, core::kMaxLongText));
  // A retired unit stays out of service for good (region::RetireUnit).
  if (unit->retired_at)
    return Status::FailedPrecondition(msg::kUnitRetired, c.unit.value()).At("unit");
  if (c.to == UnitStatus::kDispatched) {
    return Status::InvalidArgument("to", msg::kUnitByDispatching);
  }
  ELINK_RETURN_IF_ERROR(core::CheckTransition(unit->status, c.to).WithFieldPrefix("to"));
  Events events{units::UnitStatusChanged{c.unit, unit->status, c.to, c.reason}};
  // The first unit to arrive puts the incident on scene.
  if (c.to == UnitStatus::kOnScene && unit->incident) {
    const core::Incident* inc = ctx.state.FindIncident(*unit->incident);
    if (inc != nullptr && inc->status == IncidentStatus::kDispatched) {
      events.emplace_back(IncidentStatusChanged{inc->id, IncidentStatus::kDispatched,
                                                IncidentStatus::kOnScene,
                                                "first unit on scene: " + c.unit.value()});
    }
  }
  return events;
}

Result<Events> Decide(const core::DecideContext& ctx, const ShareIncident& c) {
  ELINK_ASSIGN_OR_RETURN(const core::Incident* inc,
                         core::GetIncident(ctx.state, c.incident, "incident"));
  ELINK_ASSIGN_OR_RETURN(const core::Organisation* org, core::GetOrg(ctx.state, c.org, "org"));
  if (std::binary_search(inc->shared_with.begin(), inc->shared_with.end(), c.org)) {
    return Status::FailedPrecondition(msg::kAlreadyShared, c.incident.value(), c.org.value())
        .At("org");
  }
  // Its own jurisdiction and everything above it see the incident anyway; an incident outside
  // every grid has no jurisdiction and belongs to the root.
  const bool sees =
      inc->jurisdiction ? ctx.state.IsWithin(*inc->jurisdiction, c.org) : !org->parent;
  if (sees) {
    return Status::FailedPrecondition(msg::kWithinAlready, c.incident.value(), c.org.value())
        .At("org");
  }
  return Events{IncidentShared{c.incident, c.org}};
}

Result<Events> Decide(const core::DecideContext& ctx, const UnshareIncident& c) {
  ELINK_ASSIGN_OR_RETURN(const core::Incident* inc,
                         core::GetIncident(ctx.state, c.incident, "incident"));
  if (!std::binary_search(inc->shared_with.begin(), inc->shared_with.end(), c.org)) {
    return Status::FailedPrecondition(msg::kNotShared, c.incident.value(),
                                      c.org.value().substr(0, 64))
        .At("org");
  }
  return Events{IncidentUnshared{c.incident, c.org}};
}

Result<Events> Decide(const core::DecideContext& ctx, const AddIncidentNote& c) {
  ELINK_ASSIGN_OR_RETURN(const core::Incident* inc,
                         core::GetIncident(ctx.state, c.incident, "incident"));
  if (c.text.empty()) return Status::InvalidArgument("text", core::msg::kRequired);
  ELINK_RETURN_IF_ERROR(core::CheckText("text", c.text, core::kMaxLongText));
  if (inc->status == IncidentStatus::kMerged) {
    return Status::FailedPrecondition(msg::kIncidentIs, c.incident.value(), core::Word(inc->status))
        .At("incident");
  }
  return Events{IncidentNoteAdded{c.incident, c.text}};
}

}  // namespace elink::dispatch
