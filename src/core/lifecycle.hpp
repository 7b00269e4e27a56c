#pragma once
// The legal lifecycles of incidents and units (DESIGN.md "Domain"). Commands that change a status
// are checked here before any event is made.
//
//   incident: reported → verified → dispatched → on_scene → controlled → closed
//             reported|verified → merged;  reported|verified|dispatched → cancelled
//   unit:     available → dispatched → [acknowledged →] en_route → on_scene → returning → available
//             dispatched|acknowledged|en_route → returning (recalled);  returning → dispatched
//             (re-tasked)
//             available|returning → out_of_service → available

#include "core/enums.hpp"
#include "util/status.hpp"

namespace elink::core {

bool IsTerminal(IncidentStatus s);
bool CanTransition(IncidentStatus from, IncidentStatus to);
bool CanTransition(UnitStatus from, UnitStatus to);

// OK, or kFailedPrecondition with a message a dispatcher can read ("incident is closed; ...").
Status CheckTransition(IncidentStatus from, IncidentStatus to);
Status CheckTransition(UnitStatus from, UnitStatus to);

}  // namespace elink::core
