#pragma once
// Department tasks (多部门联动): when an incident's plan is activated, each task of each active
// level goes to the named department of the organisation that commands at that level (IV the
// district, III the city, II and I the region), or, when that organisation has no such
// department, to the nearest organisation above that has one. A task not acknowledged by its
// deadline is escalated to the same department one level up, with a new deadline.

#include "core/model.hpp"
#include "core/state.hpp"
#include "util/clock.hpp"

#include <optional>
#include <vector>

namespace elink::tasks {

// The organisation commanding at `tier` for an incident owned by `jurisdiction`: the nearest
// organisation at or above it whose tier is `tier` or higher. The root when there is no owner.
core::OrgId CommandOrg(const core::State& state, const std::optional<core::OrgId>& jurisdiction,
                       core::OrgTier tier);

// Who holds a task for `department` starting at `org`: `org` when it has the department, else
// the nearest organisation above with one, else `org` itself (its own office answers for it).
core::OrgId TaskHolder(const core::State& state, const core::OrgId& org,
                       core::DepartmentKind department);

// Where an overdue task held by `org` goes: TaskHolder of `org`'s parent; `org` itself at the
// root (the escalation is then a reminder at the top).
core::OrgId EscalationTarget(const core::State& state, const core::OrgId& org,
                             core::DepartmentKind department);

// The tasks `plan` adds when `incident` is activated down to `level`: those of every plan level
// more severe than what was activated before (incident.plan_level; none before) and no more
// severe than `level`, IV first, numbered after the incident's existing tasks, due at
// `now` + their acknowledgement window. Empty when nothing is new.
std::vector<core::DepartmentTask> NewTasks(const core::State& state, const core::Incident& incident,
                                           const core::Plan& plan, core::IncidentLevel level,
                                           TimePoint now);

}  // namespace elink::tasks
