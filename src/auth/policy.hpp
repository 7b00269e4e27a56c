#pragma once
// The access policy of `elink serve`, as data and functions (no HTTP): what each role may do
// (RoleAllows) and where (the user's organisation's subtree, plus incidents shared with it).
// docs/auth.md has the same table for people. The API calls Check*, for every route and for each
// event it streams, with the state it answers from.
//
// Scope: a user at organisation O acts on O and everything below it. An incident is in scope when
// its jurisdiction is, or when it is shared (Incident::shared_with) with an organisation in scope
// — so sharing with a district lets that district and everyone above it in, not the communities
// below it. An incident outside every grid has no jurisdiction and belongs to the root
// organisation. A unit is in scope by its organisation, and is also visible (and its status and
// position may be reported) while it is committed to an incident the user can see: the mutual-aid
// engine from the next district that arrived at your incident.

#include "core/model.hpp"
#include "core/state.hpp"
#include "util/status.hpp"

#include <optional>
#include <span>
#include <string_view>

namespace elink::auth {

enum class Action {
  kReadIncidents,
  kCreateIncident,
  kVerifyIncident,  // and the other forward steps: on scene, controlled
  kChangeIncidentLevel,
  kMergeIncidents,
  kCloseIncident,  // close or cancel
  kDispatch,
  kChangeUnitStatus,
  kReportPositions,
  kAcknowledgeTask,  // acknowledge or finish a department task
  kShareIncident,    // share and unshare
  kReadUnits,
  kReadEventLog,
  kManageUsers,
  kReadReference,  // organisations, grids, stations, plans
  kAssign,         // joint assignment of units across several incidents
  kPublishAlert,   // publish and cancel public warnings
  kRecordReading,  // post a monitoring sensor's reading, within the sensor's organisation
  kEditResources,  // add, change and retire units, within the unit's organisation
};

// Every action, in declaration order.
std::span<const Action> AllActions();
// "read_incidents", "dispatch", ...
std::string_view ActionCode(Action action);

// The role table (docs/auth.md):
//   viewer                reads incidents, units and reference data
//   analyst               viewer + the event log
//   grid_worker           viewer + creates incidents (reports)
//   dispatcher            grid_worker + verifies, dispatches, unit status and positions, tasks,
//                         sensor readings
//   commander             dispatcher + level, merge, close, share, the event log, warnings,
//                         the resource base (units) within its subtree
//   regional_coordinator  commander + joint assignment (and belongs to the root organisation)
//   admin                 everything, users included
bool RoleAllows(core::Role role, Action action);

// True when `target` is the user's organisation or below it.
bool InScope(const core::State& state, const core::User& user, const core::OrgId& target);
// Jurisdiction in scope, or shared with an organisation in scope; no jurisdiction: root only.
bool CanSeeIncident(const core::State& state, const core::User& user,
                    const core::Incident& incident);
// Organisation in scope, or committed to an incident the user can see.
bool CanSeeUnit(const core::State& state, const core::User& user, const core::Unit& unit);

// OK when `user` (enabled) has a role that allows `action` and `target`, when given, is in scope.
// kPermissionDenied otherwise, with a message for people: "role viewer may not dispatch",
// "D2组织 is outside D1组织's jurisdiction", "user 'x' is disabled".
Status Check(const core::State& state, const core::User& user, Action action,
             const std::optional<core::OrgId>& target = std::nullopt);

// Check for an action on one incident: the role allows it and the user can see the incident
// (CanSeeIncident: acting on a shared incident is what sharing is for). kNotFound when there is
// no such incident; kPermissionDenied "incident 4 is outside 中区's jurisdiction". (An API that
// does not want to reveal which incidents exist may answer both the same way.)
Status CheckIncident(const core::State& state, const core::User& user, Action action,
                     const core::IncidentId& incident);

// Check for an action on one unit: kReadUnits needs CanSeeUnit; kChangeUnitStatus and
// kReportPositions accept a unit in scope or committed to an incident the user can see; any
// other action (kDispatch above all) needs the unit's organisation in scope — a district sends
// only its own units, and another district's units come by sharing the incident with it.
// kNotFound when there is no such unit.
Status CheckUnit(const core::State& state, const core::User& user, Action action,
                 const core::UnitId& unit);

}  // namespace elink::auth
