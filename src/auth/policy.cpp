// SPDX-License-Identifier: Apache-2.0
#include "auth/policy.hpp"

#include "auth/messages.hpp"
#include "core/enums.hpp"
#include "core/messages.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>

namespace elink::auth {

namespace {

using core::Role;

constexpr std::uint32_t Bit(Role r) { return std::uint32_t{1} << static_cast<unsigned>(r); }

constexpr std::uint32_t kEveryone =
    Bit(Role::kViewer) | Bit(Role::kAnalyst) | Bit(Role::kGridWorker) | Bit(Role::kDispatcher) |
    Bit(Role::kCommander) | Bit(Role::kRegionalCoordinator) | Bit(Role::kAdmin);
constexpr std::uint32_t kCommanders =
    Bit(Role::kCommander) | Bit(Role::kRegionalCoordinator) | Bit(Role::kAdmin);
constexpr std::uint32_t kDispatchers = Bit(Role::kDispatcher) | kCommanders;
constexpr std::uint32_t kReporters = Bit(Role::kGridWorker) | kDispatchers;

struct ActionInfo {
  Action action;
  std::string_view code;
  Message phrase;  // a word: "role viewer may not <phrase>"
  std::uint32_t roles;
};

// The policy. Keep docs/auth.md in step.
constexpr std::array<ActionInfo, 19> kActions{{
    {Action::kReadIncidents, "read_incidents", msg::kReadIncidents, kEveryone},
    {Action::kCreateIncident, "create_incident", msg::kCreateIncident, kReporters},
    {Action::kVerifyIncident, "verify_incident", msg::kVerifyIncident, kDispatchers},
    {Action::kChangeIncidentLevel, "change_incident_level", msg::kChangeIncidentLevel, kCommanders},
    {Action::kMergeIncidents, "merge_incidents", msg::kMergeIncidents, kCommanders},
    {Action::kCloseIncident, "close_incident", msg::kCloseIncident, kCommanders},
    {Action::kDispatch, "dispatch", msg::kDispatch, kDispatchers},
    {Action::kChangeUnitStatus, "change_unit_status", msg::kChangeUnitStatus, kDispatchers},
    {Action::kReportPositions, "report_positions", msg::kReportPositions, kDispatchers},
    {Action::kAcknowledgeTask, "acknowledge_task", msg::kAcknowledgeTask, kDispatchers},
    {Action::kShareIncident, "share_incident", msg::kShareIncident, kCommanders},
    {Action::kReadUnits, "read_units", msg::kReadUnits, kEveryone},
    {Action::kReadEventLog, "read_event_log", msg::kReadEventLog,
     Bit(Role::kAnalyst) | kCommanders},
    {Action::kManageUsers, "manage_users", msg::kManageUsers, Bit(Role::kAdmin)},
    {Action::kReadReference, "read_reference", msg::kReadReference, kEveryone},
    {Action::kAssign, "assign", msg::kAssign, Bit(Role::kRegionalCoordinator) | Bit(Role::kAdmin)},
    {Action::kPublishAlert, "publish_alert", msg::kPublishAlert, kCommanders},
    // Readings come from the duty desk (值班) that watches the sensors and from gateway accounts
    // that relay them, both dispatcher accounts, as AVL gateways are for positions; so the same
    // roles as report_positions. Analysts, viewers and grid workers only read: a reading moves a
    // warning level, which is an operational act, not analysis.
    {Action::kRecordReading, "record_reading", msg::kRecordReading, kDispatchers},
    // The resource base (units; later stations, grids, plans) is kept by the commanders who
    // answer for it and by administrators, within their organisation's subtree.
    {Action::kEditResources, "edit_resources", msg::kEditResources, kCommanders},
}};

constexpr std::array<Action, kActions.size()> kAllActions = [] {
  std::array<Action, kActions.size()> out{};
  for (std::size_t i = 0; i < kActions.size(); ++i) out[i] = kActions[i].action;
  return out;
}();

const ActionInfo& InfoOf(Action action) {
  for (const ActionInfo& info : kActions) {
    if (info.action == action) return info;
  }
  return kActions.front();  // unreachable for a valid enumerator
}

// The organisation's name for messages: Chinese, else English, else its id.
std::string OrgLabel(const core::State& state, const core::OrgId& id) {
  const core::Organisation* org = state.FindOrg(id);
  if (org == nullptr) return id.value();
  if (!org->name.zh.empty()) return org->name.zh;
  if (!org->name.en.empty()) return org->name.en;
  return id.value();
}

// `what` (a message and its argument) is outside the user's organisation's jurisdiction.
template <typename A>
Status Outside(const core::State& state, const core::User& user, const Message& what, const A& a) {
  return Status::PermissionDenied(what, a, OrgLabel(state, user.org));
}

bool IsRoot(const core::State& state, const core::OrgId& id) {
  const core::Organisation* org = state.FindOrg(id);
  return org != nullptr && !org->parent;
}

}  // namespace

std::span<const Action> AllActions() { return kAllActions; }

std::string_view ActionCode(Action action) { return InfoOf(action).code; }

bool RoleAllows(core::Role role, Action action) { return (InfoOf(action).roles & Bit(role)) != 0; }

bool InScope(const core::State& state, const core::User& user, const core::OrgId& target) {
  return state.IsWithin(target, user.org);
}

bool CanSeeIncident(const core::State& state, const core::User& user,
                    const core::Incident& incident) {
  if (incident.jurisdiction ? InScope(state, user, *incident.jurisdiction)
                            : IsRoot(state, user.org)) {
    return true;
  }
  return std::any_of(incident.shared_with.begin(), incident.shared_with.end(),
                     [&](const core::OrgId& org) { return InScope(state, user, org); });
}

bool CanSeeUnit(const core::State& state, const core::User& user, const core::Unit& unit) {
  if (InScope(state, user, unit.org)) return true;
  if (!unit.incident) return false;
  const core::Incident* incident = state.FindIncident(*unit.incident);
  return incident != nullptr && CanSeeIncident(state, user, *incident);
}

Status Check(const core::State& state, const core::User& user, Action action,
             const std::optional<core::OrgId>& target) {
  if (user.disabled) return Status::PermissionDenied(msg::kUserDisabled, user.name);
  if (!RoleAllows(user.role, action)) {
    return Status::PermissionDenied(msg::kRoleMayNot, core::Word(user.role), InfoOf(action).phrase);
  }
  if (target && !InScope(state, user, *target)) {
    return Outside(state, user, msg::kOutside, OrgLabel(state, *target));
  }
  return {};
}

Status CheckIncident(const core::State& state, const core::User& user, Action action,
                     const core::IncidentId& id) {
  ELINK_RETURN_IF_ERROR(Check(state, user, action));
  const core::Incident* incident = state.FindIncident(id);
  if (incident == nullptr) return Status::NotFound(core::msg::kNoIncident, ToString(id));
  if (!CanSeeIncident(state, user, *incident)) {
    return Outside(state, user, msg::kIncidentOutside, ToString(id));
  }
  return {};
}

Status CheckUnit(const core::State& state, const core::User& user, Action action,
                 const core::UnitId& id) {
  ELINK_RETURN_IF_ERROR(Check(state, user, action));
  const core::Unit* unit = state.FindUnit(id);
  if (unit == nullptr) return Status::NotFound(core::msg::kNoUnit, id.value());
  bool allowed = false;
  switch (action) {
    case Action::kReadUnits:
    case Action::kChangeUnitStatus:
    case Action::kReportPositions: allowed = CanSeeUnit(state, user, *unit); break;
    default: allowed = InScope(state, user, unit->org); break;
  }
  if (!allowed) return Outside(state, user, msg::kUnitOutside, id.value());
  return {};
}

}  // namespace elink::auth
