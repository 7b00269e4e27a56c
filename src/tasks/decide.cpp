// SPDX-License-Identifier: Apache-2.0
#include "tasks/domain.hpp"
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
    return Status::NotFound(
        "incident " + ToString(c.incident) + " has no task " + std::to_string(c.task), "task");
  }
  const core::DepartmentTask& task = inc->tasks[c.task - 1];
  if (c.to == core::TaskStatus::kPending) {
    return Status::InvalidArgument("to", "a task goes to acknowledged or done");
  }
  if (task.status == core::TaskStatus::kDone || task.status == c.to) {
    return Status::FailedPrecondition(
        "task " + std::to_string(c.task) + " is already " + std::string(core::CodeOf(task.status)),
        "task");
  }
  if (!inc->IsOpen() && c.to == core::TaskStatus::kAcknowledged) {
    return Status::FailedPrecondition(
        "incident is " + std::string(core::CodeOf(inc->status)) + "; only finishing is recorded",
        "incident");
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
