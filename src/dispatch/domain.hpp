#pragma once
// The dispatch domain (接处警、调度): incidents from report to close, the units sent to them and
// their status while they respond, duplicates merged, incidents shared with another jurisdiction;
// verifying an incident or raising its level activates its plan (tasks/). Registered in
// engine/registry.hpp. The recommendation, joint assignment and duplicate search that advise a
// dispatcher are beside it in this folder.

#include "core/domain.hpp"
#include "dispatch/commands.hpp"
#include "dispatch/events.hpp"
#include "tasks/events.hpp"
#include "units/events.hpp"

#include <cstddef>
#include <variant>
#include <vector>

namespace elink::dispatch {

inline constexpr std::size_t kMaxUnitsPerDispatch = 64;

struct Domain {
  using Commands = core::TypeList<ReportIncident, ChangeIncidentStatus, ChangeIncidentLevel,
                                  MergeIncidents, DispatchUnits, ChangeUnitStatus, ShareIncident,
                                  UnshareIncident, AddIncidentNote>;
  using Events = core::TypeList<IncidentReported, IncidentPhotoAttached, IncidentStatusChanged,
                                IncidentLevelChanged, IncidentsMerged, UnitDispatched,
                                IncidentShared, IncidentUnshared, IncidentNoteAdded>;
};

// The events this domain's commands make: its own, and a unit's status (units/) and a plan's
// activation (tasks/).
using Emitted = std::variant<IncidentReported, IncidentPhotoAttached, IncidentStatusChanged,
                             IncidentLevelChanged, IncidentsMerged, UnitDispatched, IncidentShared,
                             IncidentUnshared, IncidentNoteAdded, units::UnitStatusChanged,
                             tasks::PlanActivated>;

// Each: the events the command causes, or why it is refused: kInvalidArgument (bad input, naming
// the field), kNotFound (unknown incident or unit), kFailedPrecondition (the state does not allow
// it, e.g. dispatching a unit that is on scene elsewhere).
Result<std::vector<Emitted>> Decide(const core::DecideContext& ctx, const ReportIncident& c);
Result<std::vector<Emitted>> Decide(const core::DecideContext& ctx, const ChangeIncidentStatus& c);
Result<std::vector<Emitted>> Decide(const core::DecideContext& ctx, const ChangeIncidentLevel& c);
Result<std::vector<Emitted>> Decide(const core::DecideContext& ctx, const MergeIncidents& c);
Result<std::vector<Emitted>> Decide(const core::DecideContext& ctx, const DispatchUnits& c);
Result<std::vector<Emitted>> Decide(const core::DecideContext& ctx, const ChangeUnitStatus& c);
Result<std::vector<Emitted>> Decide(const core::DecideContext& ctx, const ShareIncident& c);
Result<std::vector<Emitted>> Decide(const core::DecideContext& ctx, const UnshareIncident& c);
Result<std::vector<Emitted>> Decide(const core::DecideContext& ctx, const AddIncidentNote& c);

// kCorruption (core::NotApplicable) when the event does not fit the state.
Status Apply(core::StateWriter& w, const core::EventMeta& e, const IncidentReported& b);
Status Apply(core::StateWriter& w, const core::EventMeta& e, const IncidentPhotoAttached& b);
Status Apply(core::StateWriter& w, const core::EventMeta& e, const IncidentStatusChanged& b);
Status Apply(core::StateWriter& w, const core::EventMeta& e, const IncidentLevelChanged& b);
Status Apply(core::StateWriter& w, const core::EventMeta& e, const IncidentsMerged& b);
Status Apply(core::StateWriter& w, const core::EventMeta& e, const UnitDispatched& b);
Status Apply(core::StateWriter& w, const core::EventMeta& e, const IncidentShared& b);
Status Apply(core::StateWriter& w, const core::EventMeta& e, const IncidentUnshared& b);
Status Apply(core::StateWriter& w, const core::EventMeta& e, const IncidentNoteAdded& b);

}  // namespace elink::dispatch
