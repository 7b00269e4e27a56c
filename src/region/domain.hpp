#pragma once
// The region domain (区域): the center's region, its organisation tree, grids, stations, units,
// plans and sensors, set up by `elink init` and edited live since (units so far: added, changed,
// retired, each with who and why). Registered in engine/registry.hpp.

#include "core/domain.hpp"
#include "region/commands.hpp"
#include "region/events.hpp"

#include <variant>
#include <vector>

namespace elink::region {

struct Domain {
  using Commands = core::TypeList<ImportRegion, AddUnit, ChangeUnit, RetireUnit>;
  using Events = core::TypeList<RegionImported, UnitAdded, UnitChanged, UnitRetired>;
};

// The events this domain's commands make.
using Emitted = std::variant<RegionImported, UnitAdded, UnitChanged, UnitRetired>;

// kFailedPrecondition when a region is loaded already; kInvalidArgument (field "region.…") for a
// region that core::ValidateRegion refuses.
Result<std::vector<Emitted>> Decide(const core::DecideContext& ctx, const ImportRegion& c);
// Live edits of units. kFailedPrecondition without a region; kInvalidArgument naming the field
// (as the region loader checks a unit, and an unknown station or organisation); kNotFound for an
// unknown unit; kConflict for an id taken (AddUnit) or a stale `revision`; kFailedPrecondition
// for a retired unit, for retiring a unit committed to an incident, or for an edit that changes
// nothing.
Result<std::vector<Emitted>> Decide(const core::DecideContext& ctx, const AddUnit& c);
Result<std::vector<Emitted>> Decide(const core::DecideContext& ctx, const ChangeUnit& c);
Result<std::vector<Emitted>> Decide(const core::DecideContext& ctx, const RetireUnit& c);

// kCorruption (core::NotApplicable) when the event does not fit the state.
Status Apply(core::StateWriter& w, const core::EventMeta& e, const RegionImported& b);
Status Apply(core::StateWriter& w, const core::EventMeta& e, const UnitAdded& b);
Status Apply(core::StateWriter& w, const core::EventMeta& e, const UnitChanged& b);
Status Apply(core::StateWriter& w, const core::EventMeta& e, const UnitRetired& b);

}  // namespace elink::region
