// SPDX-License-Identifier: Apache-2.0
#include "tasks/domain.hpp"
#include "tasks/messages.hpp"
#include "tasks/plan_tasks.hpp"

#include <algorithm>
#include <chrono>
#include <string>

namespace elink::tasks {

Result<std::vector<Emitted>> Decide(const core::DecideContext& ctx, const UpdateTask& c) {
  ELINK_ASSIGN_OR_RETURN(const core::Incident* inc,
                         core::GetIncident(ctx.state, c.incident, "incident"));
  ELINK_RETURN_IF_ERROR(core::CheckText("note", c.note, core::kMaxLongText));
  if (c.task < 1 || c.task > inc->tasks.size()) {
    return Status::NotFound(msg::kNoTask, c.incident.value(), c.task).At("task");
  }
  const core::DepartmentTask& task = inc->tasks[c.task - 1];
  if (c.to == core::TaskStatus::kPending) {
    return Status::InvalidArgument("to", msg::kGoesTo);
  }
  if (task.status == core::TaskStatus::kDone || task.status == c.to) {
    return Status::FailedPrecondition(msg::kAlready, c.task, core::Word(task.status)).At("task");
  }
  if (!inc->IsOpen() && c.to == core::TaskStatus::kAcknowledged) {
    return Status::FailedPrecondition(msg::kOnlyFinishing, core::Word(inc->status)).At("incident");
  }
  return std::vector<Emitted>{TaskUpdated{c.incident, c.task, c.to, c.note}};
}

Result<std::vector<Emitted>> Decide(const core::DecideContext& ctx,
                                    const EscalateOverdueTasks& /*c*/) {
  std::vector<Emitted> events;
  for (const auto& [id, inc] : ctx.state.incidents()) {
    if (!inc.IsOpen()) continue;
    for (const core::DepartmentTask& t : inc.tasks) {
      if (!t.Overdue(ctx.now)) continue;
      events.emplace_back(
          TaskEscalated{id, t.id, t.org, EscalationTarget(ctx.state, t.org, t.department),
                        ctx.now + std::chrono::minutes(std::max(1, t.ack_within_minutes))});
    }
  }
  return events;
}

}  // namespace elink::tasks
