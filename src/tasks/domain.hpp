#pragma once
// The tasks domain (多部门联动): the department tasks an incident's plan issues, their
// acknowledgement and escalation up the organisation tree (plan_tasks.hpp has the rules).
// dispatch/ activates plans (it makes PlanActivated); this domain decides the departments' updates
// and the escalation timer. Registered in engine/registry.hpp.

#include "core/domain.hpp"
#include "tasks/commands.hpp"
#include "tasks/events.hpp"

#include <variant>
#include <vector>

namespace elink::tasks {

struct Domain {
  using Commands = core::TypeList<UpdateTask, EscalateOverdueTasks>;
  using Events = core::TypeList<PlanActivated, TaskUpdated, TaskEscalated>;
};

using Emitted = std::variant<TaskUpdated, TaskEscalated>;

// kNotFound for an unknown incident or task; kInvalidArgument for a note too long or a task sent
// back to pending; kFailedPrecondition for a task done or already in that status, or an
// acknowledgement once the incident is finished.
Result<std::vector<Emitted>> Decide(const core::DecideContext& ctx, const UpdateTask& c);
// One TaskEscalated per overdue task of an open incident; none when nothing is overdue.
Result<std::vector<Emitted>> Decide(const core::DecideContext& ctx, const EscalateOverdueTasks& c);

// kCorruption (core::NotApplicable) when the event does not fit the state.
Status Apply(core::StateWriter& w, const core::EventMeta& e, const PlanActivated& b);
Status Apply(core::StateWriter& w, const core::EventMeta& e, const TaskUpdated& b);
Status Apply(core::StateWriter& w, const core::EventMeta& e, const TaskEscalated& b);

}  // namespace elink::tasks
