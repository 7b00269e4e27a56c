// SPDX-License-Identifier: Apache-2.0
// The routes of department tasks of an activated plan.
#include "api/internal/routes.hpp"

namespace elink::api::internal {

using auth::Action;

void AddTaskRoutes(RouteTable& table, RouteContext& ctx) {
  table
      .Add({.method = "POST",
            .pattern = "/api/v1/incidents/{id}/tasks/{task}",
            .operation_id = "updateIncidentTask",
            .summary = "A department acknowledges or finishes its task (to: acknowledged | done)"},
           [&ctx](const CallPtr& call) {
             ELINK_ASSIGN_OR_RETURN(const core::Incident* inc,
                                    VisibleIncident(*call, call->params[0]));
             ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kAcknowledgeTask, inc->jurisdiction));
             ELINK_ASSIGN_OR_RETURN(const std::uint64_t task, ParseId(call->params[1], "task"));
             if (task > inc->tasks.size()) {
               return Status::NotFound(msg::kNoTask, call->params[1]).At("task");
             }
             ELINK_ASSIGN_OR_RETURN(const auto change,
                                    ReadChange<core::TaskStatus>(call->request.body, "note"));
             const core::TaskStatus status = change.first;
             const std::string& note = change.second;
             return ctx.Submit(
                 call, tasks::UpdateTask{inc->id, static_cast<std::uint32_t>(task), status, note},
                 Saved(call));
           })
      .Takes(StatusChangeSchema(schema::Ref("TaskStatus"), "note"))
      .Answers(schema::Ref("CommandResponse"))
      .MayFail({409, 503});
}

}  // namespace elink::api::internal
