#pragma once
// The tasks domain's events: a plan's department tasks issued, taken on, finished or escalated.
// Each is a fact in the past tense with its code in the log (kType), its field list
// (core/fields.hpp) and who may see it (whoever sees the incident).

#include "core/fields.hpp"
#include "core/model.hpp"
#include "core/visibility.hpp"
#include "util/clock.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace elink::tasks {

// The incident's plan was activated for levels down to `level` (on verification, or when the level
// was raised): `tasks` are the departments' new tasks, ids continuing the incident's.
struct PlanActivated {
  static constexpr std::string_view kType = "plan_activated";
  core::IncidentId incident;
  core::PlanId plan;
  core::IncidentLevel level = core::IncidentLevel::kIV;
  std::vector<core::DepartmentTask> tasks;

  static constexpr auto Fields() {
    return std::tuple{
        core::F("incident", &PlanActivated::incident), core::F("plan", &PlanActivated::plan),
        core::F("level", &PlanActivated::level), core::F("tasks", &PlanActivated::tasks)};
  }
  [[nodiscard]] core::Visibility WhoSees() const { return core::Visibility::Incident(incident); }
  friend auto operator<=>(const PlanActivated&, const PlanActivated&) = default;
};

// A department took the task on (`done` false) or finished it (`done` true).
struct TaskUpdated {
  static constexpr std::string_view kType = "task_updated";
  core::IncidentId incident;
  std::uint32_t task = 0;
  core::TaskStatus to = core::TaskStatus::kAcknowledged;
  std::string note;

  static constexpr auto Fields() {
    return std::tuple{core::F("incident", &TaskUpdated::incident),
                      core::F("task", &TaskUpdated::task), core::F("to", &TaskUpdated::to),
                      core::F("note", &TaskUpdated::note)};
  }
  [[nodiscard]] core::Visibility WhoSees() const { return core::Visibility::Incident(incident); }
  friend auto operator<=>(const TaskUpdated&, const TaskUpdated&) = default;
};

// A task not acknowledged by its deadline moved up to `to` (the same organisation when it is
// already at the top: a reminder), with a new deadline.
struct TaskEscalated {
  static constexpr std::string_view kType = "task_escalated";
  core::IncidentId incident;
  std::uint32_t task = 0;
  core::OrgId from;
  core::OrgId to;
  TimePoint due{};

  static constexpr auto Fields() {
    return std::tuple{core::F("incident", &TaskEscalated::incident),
                      core::F("task", &TaskEscalated::task), core::F("from", &TaskEscalated::from),
                      core::F("to", &TaskEscalated::to), core::F("due", &TaskEscalated::due)};
  }
  [[nodiscard]] core::Visibility WhoSees() const { return core::Visibility::Incident(incident); }
  friend auto operator<=>(const TaskEscalated&, const TaskEscalated&) = default;
};

}  // namespace elink::tasks
