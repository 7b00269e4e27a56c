// SPDX-License-Identifier: Apache-2.0
// The routes of public warnings (预警信息发布, CAP 1.2) and monitoring sensors (监测预警).
#include "api/internal/routes.hpp"
#include "core/messages.hpp"

#include <algorithm>

namespace elink::api::internal {

using auth::Action;

namespace {

// {"zh", "en"}, each optional text of at most `max` bytes.
Status ReadName(JsonObject& parent, std::string_view name, core::Name* out, bool required,
                std::size_t max) {
  ELINK_ASSIGN_OR_RETURN(JsonObject j, parent.Object(name, required));
  ELINK_RETURN_IF_ERROR(j.String("zh", &out->zh, false, max));
  ELINK_RETURN_IF_ERROR(j.String("en", &out->en, false, max));
  return j.Finish();
}

// ReadName's schema: {zh?, en?}.
Json LocalizedBodySchema() { return schema::Obj({{"zh?", schema::Str()}, {"en?", schema::Str()}}); }

}  // namespace

void AddWarningRoutes(RouteTable& table, RouteContext& ctx) {
  // Public warnings (预警信息发布, CAP 1.2).
  table
      .Add({.method = "POST",
            .pattern = "/api/v1/alerts",
            .operation_id = "publishAlert",
            .summary = "Publish a public warning"},
           [&ctx](const CallPtr& call) {
             ELINK_ASSIGN_OR_RETURN(JsonObject body, JsonObject::Parse(call->request.body));
             core::AlertContent a;
             std::string org = call->user->org.value();
             std::string level;
             std::string category;
             std::string urgency = "Expected";
             std::string certainty = "Likely";
             std::int64_t minutes = 0;
             std::int64_t incident = 0;
             ELINK_RETURN_IF_ERROR(body.String("org", &org, false, 64));
             ELINK_RETURN_IF_ERROR(body.String("level", &level, true, 16));
             ELINK_RETURN_IF_ERROR(body.String("category", &category, true, 16));
             ELINK_RETURN_IF_ERROR(body.String("urgency", &urgency, false, 16));
             ELINK_RETURN_IF_ERROR(body.String("certainty", &certainty, false, 16));
             ELINK_RETURN_IF_ERROR(ReadName(body, "event", &a.event, true, 200));
             ELINK_RETURN_IF_ERROR(ReadName(body, "headline", &a.headline, true, 200));
             ELINK_RETURN_IF_ERROR(ReadName(body, "description", &a.description, false, 4000));
             ELINK_RETURN_IF_ERROR(ReadName(body, "instruction", &a.instruction, false, 4000));
             ELINK_ASSIGN_OR_RETURN(JsonObject area, body.Object("area", true));
             ELINK_RETURN_IF_ERROR(ReadName(area, "description", &a.area.description, true, 200));
             ELINK_RETURN_IF_ERROR(area.Double("lat", &a.area.center.lat, true, -90, 90));
             ELINK_RETURN_IF_ERROR(area.Double("lon", &a.area.center.lon, true, -180, 180));
             ELINK_RETURN_IF_ERROR(area.Double("radius_km", &a.area.radius_km, true, 0.001, 1000));
             ELINK_RETURN_IF_ERROR(area.Finish());
             ELINK_RETURN_IF_ERROR(body.Int("expires_in_minutes", &minutes, true, 1, 7 * 24 * 60));
             ELINK_RETURN_IF_ERROR(body.Int("incident", &incident, false, 1, INT64_MAX));
             ELINK_RETURN_IF_ERROR(body.Bool("exercise", &a.exercise, false));
             ELINK_RETURN_IF_ERROR(body.Finish());
             a.org = core::OrgId(org);
             ELINK_ASSIGN_OR_RETURN(a.level,
                                    core::ParseEnumField<core::AlertLevel>(level, "level"));
             ELINK_ASSIGN_OR_RETURN(
                 a.category, core::ParseEnumField<core::AlertCategory>(category, "category"));
             ELINK_ASSIGN_OR_RETURN(a.urgency,
                                    core::ParseEnumField<core::AlertUrgency>(urgency, "urgency"));
             ELINK_ASSIGN_OR_RETURN(
                 a.certainty, core::ParseEnumField<core::AlertCertainty>(certainty, "certainty"));
             if (call->state->FindOrg(a.org) == nullptr) {
               return Status::InvalidArgument("org", core::msg::kUnknownOrg, org);
             }
             ELINK_RETURN_IF_ERROR(
                 Allowed(*call, Action::kPublishAlert, a.org).WithFieldPrefix("org"));
             if (incident != 0) {
               ELINK_ASSIGN_OR_RETURN(const core::Incident* inc,
                                      VisibleIncident(*call, std::to_string(incident)));
               a.incident = inc->id;
             }
             a.expires = ctx.clock.Now() + std::chrono::minutes(minutes);
             ctx.engine.SubmitAsync(
                 {call->user->name, call->request.Header("x-request-id").substr(0, 128),
                  warning::PublishAlert{a}},
                 [call](Result<engine::Reply> reply) {
                   if (!reply.ok()) {
                     call->Fail(reply.status());
                     return;
                   }
                   Json out = ReplyJson(*reply);
                   const std::uint64_t id = reply->alert ? reply->alert->value() : 0;
                   out["id"] = id;
                   out["cap"] = "/api/v1/public/alerts/" + std::to_string(id);
                   call->Reply(201, out);
                 });
             return Status::Ok();
           })
      .Takes(schema::Obj(
          {{"org?",
            schema::Described(schema::Str(), "The issuing organisation; default the caller's")},
           {"level", schema::Ref("AlertLevel")},
           {"category", schema::Enum<core::AlertCategory>()},
           {"urgency?", schema::Described(schema::Enum<core::AlertUrgency>(), "Default Expected")},
           {"certainty?",
            schema::Described(schema::Enum<core::AlertCertainty>(), "Default Likely")},
           {"event", LocalizedBodySchema()},
           {"headline", LocalizedBodySchema()},
           {"description?", LocalizedBodySchema()},
           {"instruction?", LocalizedBodySchema()},
           {"area", schema::Obj({{"description", LocalizedBodySchema()},
                                 {"lat", schema::Num()},
                                 {"lon", schema::Num()},
                                 {"radius_km", schema::Num()}})},
           {"expires_in_minutes", schema::Described(schema::Int(), "1 to 10080 (a week)")},
           {"incident?", schema::Described(schema::Int(), "The incident it is about")},
           {"exercise?", schema::Described(schema::Bool(), "A drill's warning: never public")}}))
      .Answers(schema::Extend(SavedSchema(),
                              {{"id", schema::Int()},
                               {"cap", schema::Described(schema::Str(), "Its CAP 1.2 link")}}),
               201)
      .MayFail({404, 409, 503});
  table
      .Add({.method = "POST",
            .pattern = "/api/v1/alerts/{id}/cancel",
            .operation_id = "cancelAlert",
            .summary = "Cancel a public warning"},
           [&ctx](const CallPtr& call) {
             ELINK_ASSIGN_OR_RETURN(const std::uint64_t id, ParseId(call->params[0], "id"));
             const core::Alert* alert = call->state->FindAlert(core::AlertId(id));
             if (alert == nullptr) return Status::NotFound(msg::kNoAlert, call->params[0]).At("id");
             ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kPublishAlert, alert->content.org));
             ELINK_ASSIGN_OR_RETURN(JsonObject body, JsonObject::Parse(call->request.body, true));
             std::string reason;
             ELINK_RETURN_IF_ERROR(body.String("reason", &reason, false));
             ELINK_RETURN_IF_ERROR(body.Finish());
             return ctx.Submit(call, warning::CancelAlert{alert->id, reason}, Saved(call));
           })
      .Takes(schema::Obj({{"reason?", schema::Str()}}))
      .Answers(schema::Ref("CommandResponse"))
      .MayFail({409, 503});
  table
      .Add({.method = "GET",
            .pattern = "/api/v1/alerts",
            .operation_id = "listAlerts",
            .summary = "Every warning, newest first, drills and cancelled ones included "
                       "(active=true: in force)"},
           [&ctx](const CallPtr& call) {
             ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kReadReference));
             const std::string active = call->Query("active");
             if (!active.empty() && active != "true" && active != "false") {
               return Status::InvalidArgument("active", msg::kTrueOrFalse);
             }
             const TimePoint now = ctx.clock.Now();
             Json items = Json::array();
             for (const auto& [id, a] : call->state->alerts()) {
               if (active == "true" && !a.IsActive(now)) continue;
               items.push_back(AlertJson(a, now));
             }
             // Newest first, the latest 500.
             std::reverse(items.begin(), items.end());
             if (items.size() > 500) items.erase(items.begin() + 500, items.end());
             call->Reply(200, {{"items", std::move(items)}});
             return Status::Ok();
           })
      .Query("active", {{"type", "string"}, {"enum", {"true", "false"}}},
             "true: only those in force")
      .Answers(schema::Items(AlertSchema(table, /*with_org=*/true)));
  // Monitoring (监测预警).
  table
      .Add({.method = "GET",
            .pattern = "/api/v1/sensors",
            .operation_id = "listSensors",
            .summary = "Monitoring sensors with their thresholds, last reading and level (live and "
                       "exercise)"},
           [](const CallPtr& call) {
             ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kReadReference));
             Json items = Json::array();
             for (const auto& [id, s] : call->state->sensors())
               items.push_back(SensorJson(s, false));
             call->Reply(200, {{"items", std::move(items)}});
             return Status::Ok();
           })
      .Answers(schema::Items(schema::Ref("SensorItem")));
  table
      .Add({.method = "GET",
            .pattern = "/api/v1/sensors/{id}",
            .operation_id = "getSensor",
            .summary = "One sensor with its recent readings (last 2 hours)"},
           [](const CallPtr& call) {
             ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kReadReference));
             const core::SensorState* s = call->state->FindSensor(core::SensorId(call->params[0]));
             if (s == nullptr) {
               return Status::NotFound(msg::kNoSensor, call->params[0].substr(0, 64)).At("id");
             }
             call->Reply(200, SensorJson(*s, true));
             return Status::Ok();
           })
      .Answers(schema::Ref("SensorItem"));
  table
      .Add({.method = "POST",
            .pattern = "/api/v1/sensors/{id}/readings",
            .operation_id = "recordSensorReading",
            .summary =
                "Record a sensor reading {value, at (RFC 3339, default now), exercise}; 201 with "
                "its level"},
           [&ctx](const CallPtr& call) {
             ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kRecordReading));
             const core::SensorState* s = call->state->FindSensor(core::SensorId(call->params[0]));
             if (s == nullptr) {
               return Status::NotFound(msg::kNoSensor, call->params[0].substr(0, 64)).At("id");
             }
             ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kRecordReading, s->sensor.org));
             ELINK_ASSIGN_OR_RETURN(JsonObject body, JsonObject::Parse(call->request.body));
             warning::RecordReading reading;
             reading.sensor = s->sensor.id;
             reading.at = ctx.clock.Now();
             // Wide enough for any physical quantity a sensor reports; beyond it is a broken gauge.
             ELINK_RETURN_IF_ERROR(body.Double("value", &reading.value, true, -1e9, 1e9));
             ELINK_RETURN_IF_ERROR(body.Time("at", &reading.at, false));
             ELINK_RETURN_IF_ERROR(body.Bool("exercise", &reading.exercise, false));
             ELINK_RETURN_IF_ERROR(body.Finish());
             const bool exercise = reading.exercise;
             ctx.engine.SubmitAsync(
                 {call->user->name, call->request.Header("x-request-id").substr(0, 128),
                  std::move(reading)},
                 [call, exercise](Result<engine::Reply> reply) {
                   if (!reply.ok()) {
                     // The engine names the sensor "sensor"; the request names it in the path.
                     const Status& st = reply.status();
                     call->Fail(st.field() == "sensor" ? Status(st).At("id") : st);
                     return;
                   }
                   Json out = ReplyJson(*reply);
                   const core::SensorLevel level = reply->level.value_or(core::SensorLevel::kNone);
                   out["sensor"] = call->params[0];
                   out["level"] = std::string(core::CodeOf(level));
                   out["level_changed"] = reply->last_seq > reply->first_seq;
                   out["exercise"] = exercise;
                   call->Reply(201, out);
                 });
             return Status::Ok();
           })
      .Takes(schema::Obj({{"value", schema::Num()},
                          {"at?", schema::Described(schema::Time(), "Default now")},
                          {"exercise?", schema::Described(schema::Bool(), "A drill's reading")}}))
      .Answers(schema::Extend(SavedSchema(), {{"sensor", schema::Str()},
                                              {"level", schema::Ref("SensorLevel")},
                                              {"level_changed", schema::Bool()},
                                              {"exercise", schema::Bool()}}),
               201)
      .MayFail({409, 503});
}

}  // namespace elink::api::internal
