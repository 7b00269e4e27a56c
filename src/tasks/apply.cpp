// SPDX-License-Identifier: Apache-2.0
#include "tasks/domain.hpp"

#include <string>

namespace elink::tasks {

namespace {

core::DepartmentTask* FindTask(core::Incident& inc, std::uint32_t id) {
  return id >= 1 && id <= inc.tasks.size() ? &inc.tasks[id - 1] : nullptr;
}

}  // namespace

Status Apply(core::StateWriter& w, const core::EventMeta& e, const PlanActivated& b) {
  core::Incident* inc = w.FindIncident(b.incident);
  if (inc == nullptr) return core::NotApplicable(e, "no incident " + ToString(b.incident));
  if (!inc->IsOpen()) return core::NotApplicable(e, "incident is finished");
  if (w.plans().Find(b.plan) == nullptr) return core::NotApplicable(e, "no plan " + b.plan.value());
  if (inc->plan && *inc->plan != b.plan) {
    return core::NotApplicable(e, "incident has plan " + inc->plan->value());
  }
  std::uint32_t next = static_cast<std::uint32_t>(inc->tasks.size()) + 1;
  for (const core::DepartmentTask& t : b.tasks) {
    if (t.id != next++) {
      return core::NotApplicable(e, "task id " + std::to_string(t.id) + " out of sequence");
    }
    if (w.state().FindOrg(t.org) == nullptr) {
      return core::NotApplicable(e, "no organisation " + t.org.value());
    }
  }
  inc->plan = b.plan;
  inc->plan_level = b.level;
  inc->tasks.insert(inc->tasks.end(), b.tasks.begin(), b.tasks.end());
  std::string detail = b.plan.value() + ":" + std::string(core::CodeOf(b.level));
  if (!b.tasks.empty()) {
    detail += ":" + std::to_string(b.tasks.front().id) + "-" + std::to_string(b.tasks.back().id);
  }
  core::Chronicle(*inc, e, std::move(detail));
  return {};
}

Status Apply(core::StateWriter& w, const core::EventMeta& e, const TaskUpdated& b) {
  core::Incident* inc = w.FindIncident(b.incident);
  if (inc == nullptr) return core::NotApplicable(e, "no incident " + ToString(b.incident));
  core::DepartmentTask* task = FindTask(*inc, b.task);
  if (task == nullptr) return core::NotApplicable(e, "no task " + std::to_string(b.task));
  if (task->status == core::TaskStatus::kDone || b.to == core::TaskStatus::kPending ||
      task->status == b.to) {
    return core::NotApplicable(e, "task is " + std::string(core::CodeOf(task->status)));
  }
  // Finishing a task also acknowledges it when no one had.
  if (!task->acknowledged_at) {
    task->acknowledged_at = e.at;
    task->acknowledged_by = std::string(e.actor);
  }
  if (b.to == core::TaskStatus::kDone) task->done_at = e.at;
  task->status = b.to;
  if (!b.note.empty()) task->note = b.note;
  core::Chronicle(*inc, e, std::to_string(b.task) + ":" + std::string(core::CodeOf(b.to)));
  return {};
}

Status Apply(core::StateWriter& w, const core::EventMeta& e, const TaskEscalated& b) {
  core::Incident* inc = w.FindIncident(b.incident);
  if (inc == nullptr) return core::NotApplicable(e, "no incident " + ToString(b.incident));
  core::DepartmentTask* task = FindTask(*inc, b.task);
  if (task == nullptr) return core::NotApplicable(e, "no task " + std::to_string(b.task));
  if (task->status != core::TaskStatus::kPending) {
    return core::NotApplicable(e, "task is " + std::string(core::CodeOf(task->status)));
  }
  if (task->org != b.from) return core::NotApplicable(e, "task is held by " + task->org.value());
  if (w.state().FindOrg(b.to) == nullptr) {
    return core::NotApplicable(e, "no organisation " + b.to.value());
  }
  task->org = b.to;
  task->due = b.due;
  ++task->escalations;
  core::Chronicle(*inc, e, std::to_string(b.task) + ":" + b.from.value() + ">" + b.to.value());
  return {};
}

}  // namespace elink::tasks
