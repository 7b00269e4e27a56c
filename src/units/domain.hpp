#pragma once
// The units domain (救援队伍, AVL): where each unit is and its status. A unit's status changes with
// an incident's response, decided in dispatch/ (which makes this domain's UnitStatusChanged); this
// domain decides position reports. Registered in engine/registry.hpp.

#include "core/domain.hpp"
#include "units/commands.hpp"
#include "units/events.hpp"

#include <cstddef>
#include <variant>
#include <vector>

namespace elink::units {

inline constexpr std::size_t kMaxPositionReports = 1000;

struct Domain {
  using Commands = core::TypeList<ReportPositions>;
  using Events = core::TypeList<UnitStatusChanged, UnitPositionReported>;
};

using Emitted = std::variant<UnitPositionReported>;

// kInvalidArgument for an empty or oversized batch, a bad position or a time more than a minute
// ahead of now (field "reports[i]…"); kNotFound for an unknown unit.
Result<std::vector<Emitted>> Decide(const core::DecideContext& ctx, const ReportPositions& c);

// kCorruption (core::NotApplicable) when the event does not fit the state.
Status Apply(core::StateWriter& w, const core::EventMeta& e, const UnitStatusChanged& b);
Status Apply(core::StateWriter& w, const core::EventMeta& e, const UnitPositionReported& b);

}  // namespace elink::units
