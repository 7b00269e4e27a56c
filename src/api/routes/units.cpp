// SPDX-License-Identifier: Apache-2.0
// The routes of units, their status and their AVL positions.
#include "api/internal/routes.hpp"

namespace elink::api::internal {

using auth::Action;

void AddUnitRoutes(RouteTable& table, RouteContext& ctx) {
  table
      .Add({.method = "GET",
            .pattern = "/api/v1/units",
            .operation_id = "listUnits",
            .summary = "Units the user may see (filters: status, type)"},
           [&ctx](const CallPtr& call) {
             ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kReadUnits));
             std::optional<core::UnitStatus> status;
             std::optional<core::UnitType> type;
             if (const std::string s = call->Query("status"); !s.empty()) {
               ELINK_ASSIGN_OR_RETURN(status, core::ParseEnumField<core::UnitStatus>(s, "status"));
             }
             if (const std::string t = call->Query("type"); !t.empty()) {
               ELINK_ASSIGN_OR_RETURN(type, core::ParseEnumField<core::UnitType>(t, "type"));
             }
             Json items = Json::array();
             const TimePoint now = ctx.clock.Now();
             for (const auto& [id, u] : call->state->units()) {
               if ((status && u.status != *status) || (type && u.type != *type)) continue;
               if (!auth::CanSeeUnit(*call->state, *call->user, u)) continue;
               items.push_back(UnitJson(u, now, ctx.options.stale_after));
             }
             call->Reply(200, {{"items", items}, {"seq", call->state->last_seq()}});
             return Status::Ok();
           })
      .Query("status", schema::Ref("UnitStatus"), "Only units of this status")
      .Query("type", schema::Ref("UnitType"), "Only units of this type")
      .Answers(
          schema::Obj({{"items", schema::Arr(schema::Ref("Unit"))},
                       {"seq", schema::Described(schema::Int(), "The log head they are as of")}}));
  table
      .Add({.method = "GET",
            .pattern = "/api/v1/units/{id}",
            .operation_id = "getUnit",
            .summary = "One unit"},
           [&ctx](const CallPtr& call) {
             ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kReadUnits));
             ELINK_ASSIGN_OR_RETURN(const core::Unit* u, VisibleUnit(*call, call->params[0], "id"));
             call->Reply(200, UnitJson(*u, ctx.clock.Now(), ctx.options.stale_after));
             return Status::Ok();
           })
      .Answers(schema::Ref("Unit"));
  table
      .Add(
          {.method = "POST",
           .pattern = "/api/v1/units/{id}/status",
           .operation_id = "changeUnitStatus",
           .summary =
               "Change a unit's status (acknowledged, en_route, on_scene, returning, available, "
               "out_of_service)"},
          [&ctx](const CallPtr& call) {
            ELINK_ASSIGN_OR_RETURN(const core::Unit* u, VisibleUnit(*call, call->params[0], "id"));
            ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kChangeUnitStatus, u->org));
            ELINK_ASSIGN_OR_RETURN(const auto change,
                                   ReadChange<core::UnitStatus>(call->request.body));
            const core::UnitStatus status = change.first;
            const std::string& reason = change.second;
            return ctx.Submit(call, dispatch::ChangeUnitStatus{u->id, status, reason}, Saved(call));
          })
      .Takes(StatusChangeSchema(schema::Ref("UnitStatus")))
      .Answers(schema::Ref("CommandResponse"))
      .MayFail({409, 503});
  table
      .Add({.method = "POST",
            .pattern = "/api/v1/units/positions",
            .operation_id = "reportUnitPositions",
            .summary = "AVL positions in a batch (at most 1000)"},
           [&ctx](const CallPtr& call) {
             ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kReportPositions));
             ELINK_ASSIGN_OR_RETURN(JsonObject body, JsonObject::Parse(call->request.body));
             ELINK_ASSIGN_OR_RETURN(std::vector<JsonObject> reports,
                                    body.ObjectArray("reports", true, 1000));
             ELINK_RETURN_IF_ERROR(body.Finish());
             units::ReportPositions batch;
             const TimePoint now = ctx.clock.Now();
             for (std::size_t i = 0; i < reports.size(); ++i) {
               const std::string field = "reports[" + std::to_string(i) + "]";
               std::string unit;
               double lat = 0;
               double lon = 0;
               std::int64_t at_ms = ToUnixMillis(now);
               ELINK_RETURN_IF_ERROR(reports[i].String("unit", &unit, true, 64));
               ELINK_RETURN_IF_ERROR(reports[i].Double("lat", &lat, true, -90, 90));
               ELINK_RETURN_IF_ERROR(reports[i].Double("lon", &lon, true, -180, 180));
               ELINK_RETURN_IF_ERROR(reports[i].Int("at_ms", &at_ms, false, 0, 32503680000000));
               ELINK_RETURN_IF_ERROR(reports[i].Finish());
               ELINK_ASSIGN_OR_RETURN(const core::Unit* u,
                                      VisibleUnit(*call, unit, field + ".unit"));
               batch.reports.push_back({u->id, {lat, lon}, FromUnixMillis(at_ms)});
             }
             if (batch.reports.empty())
               return Status::InvalidArgument("reports", msg::kNoPositionReports);
             // The engine's report has "at"; the request's has "at_ms".
             return ctx.Submit(call, std::move(batch), Saved(call), [](const std::string& f) {
               return f.size() > 3 && f.compare(f.size() - 3, 3, ".at") == 0 ? f + "_ms" : f;
             });
           })
      .Takes(schema::Obj(
          {{"reports", schema::Described(
                           schema::Arr(schema::Obj(
                               {{"unit", schema::Str()},
                                {"lat", schema::Num()},
                                {"lon", schema::Num()},
                                {"at_ms?", schema::Described(schema::Int(),
                                                             "Unix milliseconds; default: now")}})),
                           "At most 1000")}}))
      .Answers(schema::Ref("CommandResponse"))
      .MayFail({404, 409, 503});
}

}  // namespace elink::api::internal
