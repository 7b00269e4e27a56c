// SPDX-License-Identifier: Apache-2.0
#include "core/model.hpp"
#include "region/domain.hpp"
#include "region/messages.hpp"

#include <algorithm>
#include <string>

namespace elink::region {

Result<std::vector<Emitted>> Decide(const core::DecideContext& ctx, const ImportRegion& c) {
  if (ctx.state.has_region()) {
    return Status::FailedPrecondition(msg::kAlreadyHasRegion, ctx.state.region_id());
  }
  ELINK_RETURN_IF_ERROR(core::ValidateRegion(c.region).WithFieldPrefix("region"));
  return std::vector<Emitted>{RegionImported{c.region}};
}

namespace {

// An edit says why: the reason goes to the log with who made it.
Status CheckReason(const std::string& reason) {
  if (reason.empty()) return Status::InvalidArgument("reason", msg::kReasonRequired);
  return core::CheckText("reason", reason, core::kMaxLongText);
}

// The station and organisation a unit names exist; the organisation defaults to the station's.
Status CheckHome(const core::State& state, core::Unit& unit, const std::string& path) {
  const core::Station* station = state.stations().Find(unit.station);
  if (station == nullptr) {
    return Status::InvalidArgument(path + "station", msg::kNoStation, unit.station.value());
  }
  if (unit.org.value().empty()) unit.org = station->org;
  if (state.FindOrg(unit.org) == nullptr) {
    return Status::InvalidArgument(path + "org", msg::kNoOrganisation, unit.org.value());
  }
  return Status::Ok();
}

// The unit an edit names, live and at the revision its author saw.
Result<const core::Unit*> EditedUnit(const core::State& state, const core::UnitId& id,
                                     const std::optional<std::uint64_t>& revision) {
  ELINK_ASSIGN_OR_RETURN(const core::Unit* unit, core::GetUnit(state, id, "unit"));
  if (unit->retired_at) return Status::FailedPrecondition(msg::kRetired, id.value()).At("unit");
  const std::uint64_t now = unit->revision.value_or(0);
  if (revision && *revision != now) {
    return Status::Conflict(msg::kStaleRevision, id.value(), now, *revision).At("revision");
  }
  return unit;
}

}  // namespace

Result<std::vector<Emitted>> Decide(const core::DecideContext& ctx, const AddUnit& c) {
  if (!ctx.state.has_region()) return Status::FailedPrecondition(msg::kNoRegion);
  ELINK_RETURN_IF_ERROR(CheckReason(c.reason));
  core::Unit unit = c.unit;
  ELINK_RETURN_IF_ERROR(core::ValidateUnitReference(unit, "unit"));
  if (const core::Unit* taken = ctx.state.FindUnit(unit.id)) {
    return Status::Conflict(taken->retired_at ? msg::kUnitIdRetired : msg::kUnitIdTaken,
                            unit.id.value())
        .At("unit.id");
  }
  ELINK_RETURN_IF_ERROR(CheckHome(ctx.state, unit, "unit."));
  if (unit.status != core::UnitStatus::kAvailable &&
      unit.status != core::UnitStatus::kOutOfService) {
    return Status::InvalidArgument("unit.status", msg::kAddedStatus);
  }
  // A new unit is at rest at its station: nothing dynamic comes with it.
  core::Unit added;
  added.id = unit.id;
  added.name = unit.name;
  added.type = unit.type;
  added.capabilities = unit.capabilities;
  added.station = unit.station;
  added.org = unit.org;
  added.crew = unit.crew;
  added.status = unit.status;
  return std::vector<Emitted>{UnitAdded{std::move(added), c.reason}};
}

Result<std::vector<Emitted>> Decide(const core::DecideContext& ctx, const ChangeUnit& c) {
  if (!ctx.state.has_region()) return Status::FailedPrecondition(msg::kNoRegion);
  ELINK_ASSIGN_OR_RETURN(const core::Unit* was, EditedUnit(ctx.state, c.unit, c.revision));
  ELINK_RETURN_IF_ERROR(CheckReason(c.reason));
  core::Unit unit = *was;
  if (c.name) unit.name = *c.name;
  if (c.type) unit.type = *c.type;
  if (c.capabilities) {
    unit.capabilities = *c.capabilities;
    std::sort(unit.capabilities.begin(), unit.capabilities.end());
    if (std::adjacent_find(unit.capabilities.begin(), unit.capabilities.end()) !=
        unit.capabilities.end()) {
      return Status::InvalidArgument("capabilities", msg::kCapabilityTwice);
    }
  }
  if (c.crew) unit.crew = *c.crew;
  if (c.station) {
    unit.station = *c.station;
    // A unit that moves to another organisation's station goes with it unless told otherwise.
    if (!c.org) unit.org = {};
  }
  if (c.org) unit.org = *c.org;
  ELINK_RETURN_IF_ERROR(core::ValidateUnitReference(unit, ""));
  ELINK_RETURN_IF_ERROR(CheckHome(ctx.state, unit, ""));
  if (unit.name == was->name && unit.type == was->type && unit.capabilities == was->capabilities &&
      unit.crew == was->crew && unit.station == was->station && unit.org == was->org) {
    return Status::FailedPrecondition(msg::kNothingChanged);
  }
  return std::vector<Emitted>{UnitChanged{unit.id, unit.name, unit.type, unit.capabilities,
                                          unit.crew, unit.station, unit.org, c.reason}};
}

Result<std::vector<Emitted>> Decide(const core::DecideContext& ctx, const RetireUnit& c) {
  if (!ctx.state.has_region()) return Status::FailedPrecondition(msg::kNoRegion);
  ELINK_ASSIGN_OR_RETURN(const core::Unit* unit, EditedUnit(ctx.state, c.unit, c.revision));
  ELINK_RETURN_IF_ERROR(CheckReason(c.reason));
  if (unit->incident) {
    return Status::FailedPrecondition(msg::kCommitted, c.unit.value(), unit->incident->value())
        .At("unit");
  }
  return std::vector<Emitted>{UnitRetired{c.unit, unit->status, c.reason}};
}

}  // namespace elink::region
