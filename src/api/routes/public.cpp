// SPDX-License-Identifier: Apache-2.0
// The routes of what anyone may do without signing in: a citizen's report, the warnings in force.
#include "api/internal/routes.hpp"
#include "util/text.hpp"
#include "warning/cap.hpp"

namespace elink::api::internal {

using auth::Action;

namespace {

// A photo's base64 text: 4 characters for every 3 bytes, padded.
constexpr std::size_t kMaxPhotoBase64Bytes = (core::kMaxPhotoBytes + 2) / 3 * 4;

// {"media_type", "data": base64}: a photo, checked as the engine will (core::CheckPhoto), its
// errors naming "photo.media_type" or "photo.data".
Result<dispatch::PhotoUpload> ReadPhoto(JsonObject& body) {
  ELINK_ASSIGN_OR_RETURN(JsonObject photo, body.Object("photo", true));
  dispatch::PhotoUpload out;
  std::string data;
  ELINK_RETURN_IF_ERROR(photo.String("media_type", &out.media_type, true, 64));
  // Room for a photo a little over the limit, so that it is refused as too large, not too long.
  ELINK_RETURN_IF_ERROR(photo.String("data", &data, true, kMaxPhotoBase64Bytes + 4));
  ELINK_RETURN_IF_ERROR(photo.Finish());
  std::optional<std::string> bytes = core::DecodeBase64(data);
  if (!bytes) {
    return Status::InvalidArgument("photo.data", msg::kNotBase64);
  }
  ELINK_RETURN_IF_ERROR(core::CheckPhoto(out.media_type, *bytes).WithFieldPrefix("photo"));
  out.bytes = std::move(*bytes);
  return out;
}

}  // namespace

void AddPublicRoutes(RouteTable& table, RouteContext& ctx) {
  Service::Route& report_route = table.Add(
      {.method = "POST",
       .pattern = "/api/v1/public/reports",
       .operation_id = "createCitizenReport",
       .summary =
           "A citizen's report (no sign-in): it lands as an unverified incident for a dispatcher",
       .is_public = true},
      [&ctx](const CallPtr& call) {
        if (!RequireJsonBody(*call)) return Status::Ok();
        const std::string& peer = call->request.remote_address;
        const std::string address = peer.substr(0, peer.rfind(':'));
        // The check and the count are one step: the slot is held until the report is read.
        auth::WindowLimiter::Slot slot = ctx.report_limiter.Begin(address);
        if (!slot.ok()) {
          const Millis wait = slot.retry_after();
          call->FailRetryAfter(
              429, "too_many_requests",
              Status::Unavailable(msg::kTooManyReports, Service::Call::RetrySeconds(wait)), wait);
          return Status::Ok();
        }
        ELINK_ASSIGN_OR_RETURN(JsonObject body, JsonObject::Parse(call->request.body));
        dispatch::ReportIncident r;
        r.source = core::IncidentSource::kCitizen;
        ELINK_RETURN_IF_ERROR(body.String("type", &r.type, true, 64));
        ELINK_RETURN_IF_ERROR(body.String("text", &r.description, true, 2000));
        if (IsBlank(r.description)) {
          return Status::InvalidArgument("text", msg::kSayWhatIsHappening);
        }
        ELINK_ASSIGN_OR_RETURN(JsonObject location, body.Object("location", true));
        ELINK_RETURN_IF_ERROR(location.Double("lat", &r.location.lat, true, -90, 90));
        ELINK_RETURN_IF_ERROR(location.Double("lon", &r.location.lon, true, -180, 180));
        ELINK_RETURN_IF_ERROR(location.Finish());
        ELINK_RETURN_IF_ERROR(body.String("address", &r.address, false, 400));
        ELINK_RETURN_IF_ERROR(body.String("name", &r.reporter_name, false, 100));
        ELINK_RETURN_IF_ERROR(body.String("phone", &r.reporter_phone, false, 40));
        if (body.Has("photo")) {
          ELINK_ASSIGN_OR_RETURN(r.photo, ReadPhoto(body));
        }
        ELINK_RETURN_IF_ERROR(body.Finish());
        // Counted once well-formed: a typo does not cost the citizen a report.
        slot.Count();
        ctx.engine.SubmitAsync(
            {"citizen@" + address, "", std::move(r)}, [call](Result<engine::Reply> reply) {
              if (!reply.ok()) {
                call->Fail(reply.status());
                return;
              }
              Json out = ReplyJson(*reply);
              out["reference"] = reply->incident ? Json(reply->incident->value()) : Json(nullptr);
              call->Reply(201, out);
            });
        return Status::Ok();
      });
  {
    using namespace schema;
    Json media_types = Json::array();
    for (const std::string_view t : core::kPhotoMediaTypes) media_types.push_back(std::string(t));
    Json text = Str();
    text["maxLength"] = 2000;
    Json data = {{"type", "string"}, {"format", "byte"}};
    report_route
        .Takes(
            Obj({{"type", Described(Str(), "An incident type code (GET /api/v1/incident-types)")},
                 {"text", Described(text, "What is happening, in the citizen's words")},
                 {"location", Ref("LatLon")},
                 {"address?", Str()},
                 {"name?", Str()},
                 {"phone?", Str()},
                 {"photo?",
                  Described(Obj({{"media_type", {{"type", "string"}, {"enum", media_types}}},
                                 {"data", Described(data, "The photo's bytes in base64")}}),
                            "at most " + std::to_string(core::kMaxPhotoBytes) +
                                " bytes once decoded; the bytes must be of the media type")}}))
        .Answers(Obj({{"saved", Bool()},
                      {"first_seq", Int()},
                      {"last_seq", Int()},
                      {"reference", Described(Nullable(Int()),
                                              "The incident the report became: quote it when "
                                              "calling back")}}),
                 201)
        .MayFail({409, 415, 429, 503});
  }
  table
      .Add({.method = "GET",
            .pattern = "/api/v1/public/alerts",
            .operation_id = "listPublicAlerts",
            .summary =
                "No sign-in: the warnings in force (drills left out), with a CAP 1.2 link each",
            .is_public = true},
           [&ctx](const CallPtr& call) {
             const TimePoint now = ctx.clock.Now();
             Json items = Json::array();
             for (const auto& [id, a] : call->state->alerts()) {
               if (a.content.exercise || !a.IsActive(now)) continue;
               Json j = AlertJson(a, now);
               j.erase("org");  // who issued it is in CAP's senderName; internal ids stay inside
               items.push_back(std::move(j));
             }
             std::reverse(items.begin(), items.end());  // newest first
             call->Reply(200, {{"items", std::move(items)}});
             return Status::Ok();
           })
      .Answers(schema::Items(AlertSchema(table, /*with_org=*/false)));
  table
      .Add({.method = "GET",
            .pattern = "/api/v1/public/alerts/{id}",
            .operation_id = "getPublicAlertCap",
            .summary =
                "No sign-in: one warning as a CAP 1.2 document (its Cancel message once cancelled)",
            .is_public = true},
           [](const CallPtr& call) {
             ELINK_ASSIGN_OR_RETURN(const std::uint64_t id, ParseId(call->params[0], "id"));
             const core::Alert* alert = call->state->FindAlert(core::AlertId(id));
             // A drill's warnings are for the trainees, not the public.
             if (alert == nullptr || alert->content.exercise) {
               return Status::NotFound(msg::kNoAlert, call->params[0]).At("id");
             }
             call->Send(200, "application/cap+xml; charset=utf-8",
                        alert->cancelled_at ? warning::CancelToCap(*call->state, *alert)
                                            : warning::AlertToCap(*call->state, *alert));
             return Status::Ok();
           })
      .Produces("application/cap+xml");
}

}  // namespace elink::api::internal
