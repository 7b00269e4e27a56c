#pragma once
// The region domain (区域): the center's region, its organisation tree, grids, stations, units,
// plans and sensors, set up once by `elink init`. Registered in engine/registry.hpp.

#include "core/domain.hpp"
#include "region/commands.hpp"
#include "region/events.hpp"

#include <variant>
#include <vector>

namespace elink::region {

struct Domain {
  using Commands = core::TypeList<ImportRegion>;
  using Events = core::TypeList<RegionImported>;
};

// The events this domain's commands make.
using Emitted = std::variant<RegionImported>;

// kFailedPrecondition when a region is loaded already; kInvalidArgument (field "region.…") for a
// region that core::ValidateRegion refuses.
Result<std::vector<Emitted>> Decide(const core::DecideContext& ctx, const ImportRegion& c);

// kCorruption (core::NotApplicable) when the event does not fit the state.
Status Apply(core::StateWriter& w, const core::EventMeta& e, const RegionImported& b);

}  // namespace elink::region
