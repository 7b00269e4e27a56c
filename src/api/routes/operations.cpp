// SPDX-License-Identifier: Apache-2.0
// The routes of healthz, readyz, metrics and this API's OpenAPI document.
#include "api/internal/routes.hpp"

namespace elink::api::internal {

using auth::Action;

void AddOperationsRoutes(RouteTable& table, RouteContext& ctx) {
  table
      .Add({.method = "GET",
            .pattern = "/healthz",
            .operation_id = "getHealth",
            .summary = "Liveness",
            .is_public = true},
           [](const CallPtr& call) {
             call->Reply(200, {{"status", "ok"}});
             return Status::Ok();
           })
      .Answers(schema::Obj({{"status", schema::Str()}}));
  table
      .Add({.method = "GET",
            .pattern = "/readyz",
            .operation_id = "getReadiness",
            .summary = "Readiness: false once the log has failed (fail-stop)",
            .is_public = true},
           [&ctx](const CallPtr& call) {
             const Status h = ctx.engine.health();
             if (!h.ok()) return Status::Unavailable(msg::kNotReady, h);
             call->Reply(200, {{"status", "ready"}, {"last_seq", call->state->last_seq()}});
             return Status::Ok();
           })
      .Answers(schema::Obj({{"status", schema::Str()}, {"last_seq", schema::Int()}}))
      .MayFail({503});
  table
      .Add({.method = "GET",
            .pattern = "/metrics",
            .operation_id = "getMetrics",
            .summary = "Prometheus metrics",
            .is_public = true},
           [&ctx](const CallPtr& call) {
             const engine::EngineStats st = ctx.engine.stats();
             std::vector<std::pair<std::pair<std::string, std::string>, double>> gauges = {
                 {{"elink_engine_queue_depth", "Commands waiting for the writer."},
                  static_cast<double>(ctx.engine.queue_depth())},
                 {{"elink_engine_commands_committed", "Commands committed since start."},
                  static_cast<double>(st.commands_committed)},
                 {{"elink_engine_commands_refused", "Commands refused since start."},
                  static_cast<double>(st.commands_refused)},
                 {{"elink_engine_batches", "Commit batches since start."},
                  static_cast<double>(st.batches)},
                 {{"elink_engine_max_batch", "Largest commit batch since start."},
                  static_cast<double>(st.max_batch_seen)},
                 {{"elink_log_last_seq", "Sequence number of the last committed event."},
                  static_cast<double>(call->state->last_seq())},
             };
             if (ctx.extra_gauges) {
               for (auto& g : ctx.extra_gauges()) gauges.push_back(std::move(g));
             }
             call->Send(200, "text/plain; version=0.0.4", ctx.metrics.Render(gauges));
             return Status::Ok();
           })
      .Produces("text/plain");
  table
      .Add({.method = "GET",
            .pattern = "/api/v1/openapi.json",
            .operation_id = "getOpenApi",
            .summary = "This document",
            .is_public = true},
           [&ctx](const CallPtr& call) {
             call->Reply(200, ctx.service.OpenApi());
             return Status::Ok();
           })
      .Answers(schema::Described({{"type", "object"}},
                                 "An OpenAPI 3.0 document (https://spec.openapis.org/oas/v3.0.3)"));
}

}  // namespace elink::api::internal
