#pragma once
// The tasks domain's commands: a department acknowledges or finishes its task; overdue tasks move
// up.

#include "core/model.hpp"

#include <cstdint>
#include <string>

namespace elink::tasks {

// A department acknowledges (to = acknowledged) or finishes (to = done) one of its tasks.
struct UpdateTask {
  core::IncidentId incident;
  std::uint32_t task = 0;
  core::TaskStatus to = core::TaskStatus::kAcknowledged;
  std::string note;
};

// Escalates every task of an open incident whose acknowledgement deadline has passed. Sent by the
// server's timer (and `elink tasks escalate`); makes no event when nothing is overdue.
struct EscalateOverdueTasks {};

}  // namespace elink::tasks
