// SPDX-License-Identifier: Apache-2.0
// The routes of incidents from report to close: list, report, detail, photos, status, level, merge,
// share, notes, duplicates.
#include "api/internal/routes.hpp"
#include "util/sha256.hpp"

namespace elink::api::internal {

using auth::Action;

namespace {

constexpr std::size_t kMaxIncidentsPage = 500;

}  // namespace

void AddIncidentRoutes(RouteTable& table, RouteContext& ctx) {
  table
      .Add({.method = "GET",
            .pattern = "/api/v1/incidents",
            .operation_id = "listIncidents",
            .summary = "Incidents the user may see, by id (filters: status=open|all|<code>, type, "
                       "level; paging: after, limit)"},
           [](const CallPtr& call) {
             ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kReadIncidents));
             const std::string status = call->Query("status");
             std::optional<core::IncidentStatus> exact;
             if (!status.empty() && status != "open" && status != "all") {
               ELINK_ASSIGN_OR_RETURN(exact,
                                      core::ParseEnumField<core::IncidentStatus>(status, "status"));
             }
             std::optional<core::IncidentLevel> level;
             if (const std::string l = call->Query("level"); !l.empty()) {
               ELINK_ASSIGN_OR_RETURN(level, core::ParseEnumField<core::IncidentLevel>(l, "level"));
             }
             const std::string type = call->Query("type");
             std::uint64_t after = 0;
             if (const std::string a = call->Query("after"); !a.empty()) {
               ELINK_ASSIGN_OR_RETURN(after, ParseId(a, "after"));
             }
             ELINK_ASSIGN_OR_RETURN(const std::size_t limit,
                                    Limit(call->Query("limit"), 100, kMaxIncidentsPage));
             Json items = Json::array();
             std::optional<std::uint64_t> next;
             for (const auto& [id, inc] : call->state->incidents()) {
               if (id.value() <= after) continue;
               if (exact ? inc.status != *exact : (status != "all" && !inc.IsOpen())) continue;
               if ((level && inc.level != *level) || (!type.empty() && inc.type != type)) continue;
               if (!auth::CanSeeIncident(*call->state, *call->user, inc)) continue;
               if (items.size() == limit) {
                 next = items.back()["id"].get<std::uint64_t>();
                 break;
               }
               items.push_back(IncidentSummaryJson(inc));
             }
             // `seq`: the log position this page reflects, to line it up with the stream.
             call->Reply(200, {{"items", items},
                               {"next_after", next ? Json(*next) : Json(nullptr)},
                               {"seq", call->state->last_seq()}});
             return Status::Ok();
           })
      .Query("status", schema::Str(), "open (default), all, or one status (IncidentStatus)")
      .Query("type", schema::Str(), "Only incidents of this type")
      .Query("level", schema::Ref("Level"), "Only incidents of this level")
      .Query("after", schema::Int(), "Incidents whose id is greater (paging: next_after)")
      .Query("limit", schema::Int(), "At most this many (1 to 500, default 100)")
      .Answers(table.Schema(
          "IncidentPage",
          schema::Obj(
              {{"items", schema::Arr(schema::Ref("IncidentSummary"))},
               {"next_after", schema::Described(schema::Nullable(schema::Int()),
                                                "Ask again with after=this; null: no more")},
               {"seq", schema::Described(schema::Int(), "The log head it is as of")}})));
  table
      .Add({.method = "POST",
            .pattern = "/api/v1/incidents",
            .operation_id = "createIncident",
            .summary = "Report an incident (接警)"},
           [&ctx](const CallPtr& call) {
             ELINK_ASSIGN_OR_RETURN(JsonObject body, JsonObject::Parse(call->request.body));
             dispatch::ReportIncident r;
             std::string level = "IV";
             std::string source = "call";
             ELINK_RETURN_IF_ERROR(body.String("type", &r.type, true, 64));
             ELINK_RETURN_IF_ERROR(body.String("level", &level, false, 8));
             ELINK_RETURN_IF_ERROR(body.String("source", &source, false, 32));
             ELINK_ASSIGN_OR_RETURN(JsonObject location, body.Object("location", true));
             ELINK_RETURN_IF_ERROR(location.Double("lat", &r.location.lat, true, -90, 90));
             ELINK_RETURN_IF_ERROR(location.Double("lon", &r.location.lon, true, -180, 180));
             ELINK_RETURN_IF_ERROR(location.Finish());
             ELINK_RETURN_IF_ERROR(body.String("address", &r.address, false));
             ELINK_RETURN_IF_ERROR(body.String("description", &r.description, false));
             ELINK_RETURN_IF_ERROR(body.String("reporter_name", &r.reporter_name, false, 200));
             ELINK_RETURN_IF_ERROR(body.String("reporter_phone", &r.reporter_phone, false, 200));
             ELINK_RETURN_IF_ERROR(body.Bool("exercise", &r.exercise, false));
             ELINK_ASSIGN_OR_RETURN(JsonObject casualties, body.Object("casualties", false));
             std::int64_t n = 0;
             for (auto [name, field] : {std::pair{"injured", &r.casualties.injured},
                                        std::pair{"dead", &r.casualties.dead},
                                        std::pair{"trapped", &r.casualties.trapped},
                                        std::pair{"missing", &r.casualties.missing}}) {
               n = *field;
               ELINK_RETURN_IF_ERROR(casualties.Int(name, &n, false, 0, 1'000'000));
               *field = static_cast<int>(n);
             }
             ELINK_RETURN_IF_ERROR(casualties.Finish());
             ELINK_RETURN_IF_ERROR(body.Finish());
             ELINK_ASSIGN_OR_RETURN(r.level,
                                    core::ParseEnumField<core::IncidentLevel>(level, "level"));
             ELINK_ASSIGN_OR_RETURN(r.source,
                                    core::ParseEnumField<core::IncidentSource>(source, "source"));
             // The caller's scope decides: the incident's owner is the grid's community.
             const core::Grid* grid = call->state->GridAt(r.location);
             ELINK_RETURN_IF_ERROR(
                 Allowed(*call, Action::kCreateIncident,
                         grid != nullptr ? std::optional(grid->community) : std::nullopt)
                     .WithFieldPrefix(grid != nullptr ? "location" : ""));
             ctx.engine.SubmitAsync(
                 {call->user->name, call->request.Header("x-request-id").substr(0, 128), r},
                 [&ctx, call](Result<engine::Reply> reply) {
                   if (!reply.ok()) {
                     call->Fail(reply.status());
                     return;
                   }
                   Json out = ReplyJson(*reply);
                   out["id"] = reply->incident ? Json(reply->incident->value()) : Json(nullptr);
                   out["duplicates"] = Json::array();
                   // Saved first, flagged after: a duplicate is the dispatcher's call. This runs on
                   // the engine's writer thread, which must only decide, append and apply: the
                   // search goes to the compute pool. When that is full the report is still saved
                   // and answered, with duplicates_checked false (GET .../duplicates asks again).
                   const auto incident = reply->incident;
                   const bool queued = ctx.compute.TryPost([&ctx, call, incident, out]() mutable {
                     const auto state = ctx.engine.View();
                     if (const core::Incident* inc =
                             incident ? state->FindIncident(*incident) : nullptr) {
                       if (auto found = ctx.duplicates.Find(*state, inc->type, inc->location,
                                                            inc->reported_at, inc->id);
                           found.ok()) {
                         for (const auto& d : *found) out["duplicates"].push_back(DuplicateJson(d));
                       }
                     }
                     out["duplicates_checked"] = true;
                     call->Reply(201, out);
                   });
                   if (!queued) {
                     out["duplicates_checked"] = false;
                     call->Reply(201, out);
                   }
                 });
             return Status::Ok();
           })
      .Takes(table.Schema(
          "CreateIncidentBody",
          schema::Obj({{"type", schema::Described(schema::Str(), "GET /api/v1/incident-types")},
                       {"location", schema::Ref("LatLon")},
                       {"level?", schema::Described(schema::Ref("Level"), "Default IV")},
                       {"source?", schema::Described(schema::Ref("Source"), "Default call")},
                       {"address?", schema::Str()},
                       {"description?", schema::Str()},
                       {"reporter_name?", schema::StrUpTo(200)},
                       {"reporter_phone?", schema::StrUpTo(200)},
                       {"casualties?",
                        schema::Obj({{"injured?", schema::Within(schema::Int(), 0, 1000000)},
                                     {"dead?", schema::Within(schema::Int(), 0, 1000000)},
                                     {"trapped?", schema::Within(schema::Int(), 0, 1000000)},
                                     {"missing?", schema::Within(schema::Int(), 0, 1000000)}})},
                       {"exercise?", schema::Described(schema::Bool(), "A drill's incident")}})))
      .Answers(
          table.Schema(
              "CreateIncidentResponse",
              schema::Extend(SavedSchema(),
                             {{"id", schema::Described(schema::Int(), "The new incident")},
                              {"duplicates", schema::Arr(schema::Ref("DuplicateCandidate"))},
                              {"duplicates_checked",
                               schema::Described(schema::Bool(),
                                                 "false: the center was too busy to look; ask GET "
                                                 "/api/v1/incidents/{id}/duplicates")}})),
          201)
      .MayFail({409, 503});
  table
      .Add({.method = "GET",
            .pattern = "/api/v1/incidents/{id}",
            .operation_id = "getIncident",
            .summary = "An incident with its tasks and chronology"},
           [&ctx](const CallPtr& call) {
             ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kReadIncidents));
             ELINK_ASSIGN_OR_RETURN(const core::Incident* inc,
                                    VisibleIncident(*call, call->params[0]));
             call->Reply(200, IncidentDetailJson(*inc, *call->state, ctx.clock.Now()));
             return Status::Ok();
           })
      .Answers(schema::Ref("IncidentDetail"));
  Service::Route& photo_route = table.Add(
      {.method = "GET",
       .pattern = "/api/v1/incidents/{id}/photos/{photo}",
       .operation_id = "getIncidentPhoto",
       .summary = "A photo of the incident (its bytes, as reported), read back from the event log"},
      [&ctx](const CallPtr& call) {
        ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kReadIncidents));
        ELINK_ASSIGN_OR_RETURN(const core::Incident* inc, VisibleIncident(*call, call->params[0]));
        ELINK_ASSIGN_OR_RETURN(const std::uint64_t n, ParseId(call->params[1], "photo"));
        if (n > inc->photos.size()) {
          return Status::NotFound(msg::kNoPhoto, call->params[0], call->params[1].substr(0, 24))
              .At("photo");
        }
        const core::IncidentPhoto& photo = inc->photos[n - 1];
        // A photo never changes: a client that has it (its SHA-256 as the ETag) need not read it
        // again, but asks each time (no-cache), so that access taken away applies at once.
        const std::string etag = "\"" + photo.sha256 + "\"";
        HttpResponse r;
        r.headers.emplace_back("Cache-Control", "private, no-cache");
        r.headers.emplace_back("ETag", etag);
        if (call->request.Header("if-none-match") == etag) {
          r.status = 304;
          call->Send(std::move(r));
          return Status::Ok();
        }
        if (ctx.options.log == nullptr) return Status::Unavailable(msg::kNoEventLog);
        // The state knows where the bytes are; the log has them (and they never entered memory
        // for longer than this request).
        Result<std::vector<store::Record>> read = ctx.options.log->Read(photo.seq, 1);
        if (!read.ok() || read->empty()) {
          return read.ok() ? Status::Internal(msg::kPhotoUnreadable,
                                              "no event " + std::to_string(photo.seq))
                           : Status::Internal(msg::kPhotoUnreadable, read.status());
        }
        const store::Record& record = read->front();
        Result<engine::Event> event =
            engine::DecodeEvent(record.seq, record.at, record.type, record.payload);
        if (!event.ok()) {
          return Status::Internal(msg::kPhotoUnreadable, event.status());
        }
        auto* attached = std::get_if<dispatch::IncidentPhotoAttached>(&event->body);
        if (attached == nullptr || attached->incident != inc->id || attached->photo != n ||
            attached->media_type != photo.media_type ||
            ToHex(Sha256(attached->data.bytes)) != photo.sha256) {
          return Status::Internal(msg::kPhotoMismatch);
        }
        r.content_type = photo.media_type;
        r.body = std::move(attached->data.bytes);
        // Only ever shown as the image it says it is: never sniffed as something else, never a
        // document that could run or load anything.
        r.headers.emplace_back("X-Content-Type-Options", "nosniff");
        r.headers.emplace_back("Content-Security-Policy", "default-src 'none'");
        call->Send(std::move(r));
        return Status::Ok();
      });
  for (const std::string_view t : core::kPhotoMediaTypes) photo_route.Produces(std::string(t));
  photo_route.MayFail({304, 503});
  table
      .Add({.method = "POST",
            .pattern = "/api/v1/incidents/{id}/status",
            .operation_id = "changeIncidentStatus",
            .summary = "Verify (activates the plan), on_scene, controlled, closed or cancelled"},
           [&ctx](const CallPtr& call) {
             ELINK_ASSIGN_OR_RETURN(const core::Incident* inc,
                                    VisibleIncident(*call, call->params[0]));
             ELINK_ASSIGN_OR_RETURN(const auto change,
                                    ReadChange<core::IncidentStatus>(call->request.body));
             const core::IncidentStatus status = change.first;
             const std::string& reason = change.second;
             const bool finishing = status == core::IncidentStatus::kClosed ||
                                    status == core::IncidentStatus::kCancelled;
             ELINK_RETURN_IF_ERROR(
                 Allowed(*call, finishing ? Action::kCloseIncident : Action::kVerifyIncident,
                         inc->jurisdiction));
             return ctx.Submit(call, dispatch::ChangeIncidentStatus{inc->id, status, reason},
                               Saved(call));
           })
      .Takes(StatusChangeSchema(schema::Ref("IncidentStatus")))
      .Answers(schema::Ref("CommandResponse"))
      .MayFail({409, 503});
  table
      .Add({.method = "POST",
            .pattern = "/api/v1/incidents/{id}/level",
            .operation_id = "changeIncidentLevel",
            .summary = "Raise or lower the response level"},
           [&ctx](const CallPtr& call) {
             ELINK_ASSIGN_OR_RETURN(const core::Incident* inc,
                                    VisibleIncident(*call, call->params[0]));
             ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kChangeIncidentLevel, inc->jurisdiction));
             ELINK_ASSIGN_OR_RETURN(const auto change,
                                    ReadChange<core::IncidentLevel>(call->request.body));
             const core::IncidentLevel level = change.first;
             const std::string& reason = change.second;
             return ctx.Submit(call, dispatch::ChangeIncidentLevel{inc->id, level, reason},
                               Saved(call));
           })
      .Takes(StatusChangeSchema(schema::Ref("Level")))
      .Answers(schema::Ref("CommandResponse"))
      .MayFail({409, 503});
  table
      .Add({.method = "POST",
            .pattern = "/api/v1/incidents/{id}/merge",
            .operation_id = "mergeIncident",
            .summary = "Merge this incident (a duplicate report) into another"},
           [&ctx](const CallPtr& call) {
             ELINK_ASSIGN_OR_RETURN(const core::Incident* dup,
                                    VisibleIncident(*call, call->params[0]));
             ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kMergeIncidents, dup->jurisdiction));
             ELINK_ASSIGN_OR_RETURN(JsonObject body, JsonObject::Parse(call->request.body));
             std::int64_t into = 0;
             ELINK_RETURN_IF_ERROR(body.Int("into", &into, true, 1, INT64_MAX));
             ELINK_RETURN_IF_ERROR(body.Finish());
             ELINK_ASSIGN_OR_RETURN(const core::Incident* target,
                                    VisibleIncident(*call, std::to_string(into), "into"));
             return ctx.Submit(call, dispatch::MergeIncidents{dup->id, target->id}, Saved(call),
                               [](const std::string& f) { return f == "duplicate" ? "id" : f; });
           })
      .Takes(schema::Obj({{"into", schema::Described(schema::Int(), "The incident it repeats")}}))
      .Answers(schema::Ref("CommandResponse"))
      .MayFail({409, 503});
  table
      .Add({.method = "POST",
            .pattern = "/api/v1/incidents/{id}/share",
            .operation_id = "shareIncident",
            .summary =
                "Share the incident with another jurisdiction (it then sees and helps with it)"},
           [&ctx](const CallPtr& call) {
             ELINK_ASSIGN_OR_RETURN(const core::Incident* inc,
                                    VisibleIncident(*call, call->params[0]));
             ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kShareIncident, inc->jurisdiction));
             ELINK_ASSIGN_OR_RETURN(JsonObject body, JsonObject::Parse(call->request.body));
             std::string org;
             ELINK_RETURN_IF_ERROR(body.String("org", &org, true, 64));
             ELINK_RETURN_IF_ERROR(body.Finish());
             return ctx.Submit(call, dispatch::ShareIncident{inc->id, core::OrgId(org)},
                               Saved(call));
           })
      .Takes(schema::Obj({{"org", schema::Described(schema::Str(), "An organisation's id")}}))
      .Answers(schema::Ref("CommandResponse"))
      .MayFail({409, 503});
  table
      .Add({.method = "POST",
            .pattern = "/api/v1/incidents/{id}/notes",
            .operation_id = "addIncidentNote",
            .summary = "Add a note to the incident's record (补充记录), kept in its chronology"},
           [&ctx](const CallPtr& call) {
             ELINK_ASSIGN_OR_RETURN(const core::Incident* inc,
                                    VisibleIncident(*call, call->params[0]));
             // Whoever may report an incident may add to a report.
             ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kCreateIncident, inc->jurisdiction));
             ELINK_ASSIGN_OR_RETURN(JsonObject body, JsonObject::Parse(call->request.body));
             std::string text;
             ELINK_RETURN_IF_ERROR(body.String("text", &text, true, core::kMaxLongText));
             ELINK_RETURN_IF_ERROR(body.Finish());
             return ctx.Submit(call, dispatch::AddIncidentNote{inc->id, text},
                               [call](const engine::Reply& r) { call->Reply(201, ReplyJson(r)); });
           })
      .Takes(table.Schema("IncidentNoteBody", schema::Obj({{"text", schema::Str()}})))
      .Answers(schema::Ref("CommandResponse"), 201)
      .MayFail({409, 503});
  table
      .Add({.method = "GET",
            .pattern = "/api/v1/incidents/{id}/duplicates",
            .operation_id = "listIncidentDuplicates",
            .summary = "Open incidents this one probably repeats, nearest first"},
           [&ctx](const CallPtr& call) {
             ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kReadIncidents));
             ELINK_ASSIGN_OR_RETURN(const core::Incident* inc,
                                    VisibleIncident(*call, call->params[0]));
             return ctx.OnCompute(call, [&ctx, call, inc]() -> Status {
               ELINK_ASSIGN_OR_RETURN(const std::vector<dispatch::DuplicateCandidate> found,
                                      ctx.duplicates.Find(*call->state, inc->type, inc->location,
                                                          inc->reported_at, inc->id));
               Json items = Json::array();
               for (const auto& d : found) {
                 const core::Incident* other = call->state->FindIncident(d.id);
                 if (other == nullptr || !auth::CanSeeIncident(*call->state, *call->user, *other)) {
                   continue;
                 }
                 items.push_back(DuplicateJson(d));
               }
               call->Reply(200, {{"items", items}});
               return Status::Ok();
             });
           })
      .Answers(schema::Items(schema::Ref("DuplicateCandidate")))
      .MayFail({503});
}

}  // namespace elink::api::internal
