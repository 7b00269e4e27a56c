// SPDX-License-Identifier: Apache-2.0
#include "tasks/plan_tasks.hpp"

#include <algorithm>
#include <chrono>

namespace elink::tasks {

namespace {

// OrgTier counts down from the region (0) to the community, so "at or above" is <=.
bool AtOrAbove(core::OrgTier tier, core::OrgTier wanted) {
  return static_cast<int>(tier) <= static_cast<int>(wanted);
}

const core::Organisation* Root(const core::State& state) {
  for (const auto& [id, org] : state.organisations()) {
    if (!org.parent) return &org;
  }
  return nullptr;
}

bool HasDepartment(const core::Organisation& org, core::DepartmentKind kind) {
  return std::any_of(org.departments.begin(), org.departments.end(),
                     [&](const core::Department& d) { return d.kind == kind; });
}

}  // namespace

core::OrgId CommandOrg(const core::State& state, const std::optional<core::OrgId>& jurisdiction,
                       core::OrgTier tier) {
  const core::Organisation* root = Root(state);
  const core::Organisation* o = jurisdiction ? state.FindOrg(*jurisdiction) : nullptr;
  // Bounded by the organisation count, so a damaged tree with a cycle cannot loop.
  for (std::size_t steps = 0; o != nullptr && steps <= state.organisations().size(); ++steps) {
    if (AtOrAbove(o->tier, tier)) return o->id;
    if (!o->parent) return o->id;
    o = state.FindOrg(*o->parent);
  }
  return root != nullptr ? root->id : jurisdiction.value_or(core::OrgId(""));
}

core::OrgId TaskHolder(const core::State& state, const core::OrgId& org,
                       core::DepartmentKind department) {
  const core::Organisation* o = state.FindOrg(org);
  for (std::size_t steps = 0; o != nullptr && steps <= state.organisations().size(); ++steps) {
    if (HasDepartment(*o, department)) return o->id;
    if (!o->parent) break;
    o = state.FindOrg(*o->parent);
  }
  return org;
}

core::OrgId EscalationTarget(const core::State& state, const core::OrgId& org,
                             core::DepartmentKind department) {
  const core::Organisation* o = state.FindOrg(org);
  if (o == nullptr || !o->parent) return org;
  return TaskHolder(state, *o->parent, department);
}

std::vector<core::DepartmentTask> NewTasks(const core::State& state, const core::Incident& incident,
                                           const core::Plan& plan, core::IncidentLevel level,
                                           TimePoint now) {
  // Levels are numbered I = 1 ... IV = 4: a level is new when it is below (more severe than) what
  // was activated and not below `level`.
  const int done = incident.plan_level ? static_cast<int>(*incident.plan_level) : 5;
  std::vector<const core::PlanLevel*> levels;
  for (const core::PlanLevel& l : plan.levels) {
    const int n = static_cast<int>(l.level);
    if (n < done && n >= static_cast<int>(level)) levels.push_back(&l);
  }
  std::stable_sort(levels.begin(), levels.end(), [](const auto* a, const auto* b) {
    return static_cast<int>(a->level) > static_cast<int>(b->level);
  });
  std::vector<core::DepartmentTask> out;
  auto next = static_cast<std::uint32_t>(incident.tasks.size()) + 1;
  for (const core::PlanLevel* l : levels) {
    const core::OrgId commander = CommandOrg(state, incident.jurisdiction, l->command_tier);
    for (const core::PlanTask& t : l->tasks) {
      core::DepartmentTask task;
      task.id = next++;
      task.department = t.department;
      task.task = t.task;
      task.level = l->level;
      task.org = TaskHolder(state, commander, t.department);
      task.ack_within_minutes = t.ack_within_minutes;
      task.created_at = now;
      task.due = now + std::chrono::minutes(t.ack_within_minutes);
      out.push_back(std::move(task));
    }
  }
  return out;
}

}  // namespace elink::tasks
