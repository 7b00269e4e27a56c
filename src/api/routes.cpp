// SPDX-License-Identifier: Apache-2.0
// The handlers of the REST API and the OpenAPI document made from the same table.
#include "api/internal/call.hpp"
#include "api/json_input.hpp"
#include "api/map_layers.hpp"
#include "api/visibility.hpp"
#include "auth/password.hpp"
#include "auth/policy.hpp"
#include "core/codec.hpp"
#include "core/incident_types.hpp"
#include "dispatch/duplicates.hpp"
#include "dispatch/recommend.hpp"
#include "geo/gazetteer.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"
#include "warning/cap.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace elink::api {

using auth::Action;
using CallPtr = std::shared_ptr<Service::Call>;
using internal::Limit;
using internal::ParseId;
using internal::ReplyJson;

namespace {

constexpr std::size_t kMaxIncidentsPage = 500;
constexpr std::size_t kMaxEventsPage = 1000;
// Records read from the log at once for the event log route.
constexpr std::size_t kLogReadPage = 64;
// A photo's base64 text: 4 characters for every 3 bytes, padded.
constexpr std::size_t kMaxPhotoBase64Bytes = (core::kMaxPhotoBytes + 2) / 3 * 4;

Json UserJson(const core::User& u) {
  // Never the password hash.
  return {{"name", u.name},
          {"display", NameJson(u.display)},
          {"role", std::string(core::CodeOf(u.role))},
          {"org", u.org.value()}};
}

// The incident `text` names, if the caller may see it; errors name `field` (the path's "id", or
// the body's field that named it).
Result<const core::Incident*> VisibleIncident(const Service::Call& call, const std::string& text,
                                              const std::string& field = "id") {
  ELINK_ASSIGN_OR_RETURN(const std::uint64_t id, ParseId(text, field));
  const core::Incident* inc = call.state->FindIncident(core::IncidentId(id));
  if (inc == nullptr) return Status::NotFound("no incident " + text, field);
  if (!auth::CanSeeIncident(*call.state, *call.user, *inc)) {
    return Status(StatusCode::kPermissionDenied,
                  "incident " + text + " is outside your jurisdiction", field);
  }
  return inc;
}

Result<const core::Unit*> VisibleUnit(const Service::Call& call, const std::string& id,
                                      const std::string& field) {
  const core::Unit* unit = call.state->FindUnit(core::UnitId(id));
  if (unit == nullptr) return Status::NotFound("no unit '" + id.substr(0, 64) + "'", field);
  if (!auth::CanSeeUnit(*call.state, *call.user, *unit)) {
    return Status(StatusCode::kPermissionDenied, "unit " + id + " is outside your jurisdiction",
                  field);
  }
  return unit;
}

Status Allowed(const Service::Call& call, Action action,
               std::optional<core::OrgId> target = std::nullopt) {
  return auth::Check(*call.state, *call.user, action, target);
}

// {"to": <code>, <text_field>: optional free text}: the body of every status-like change.
template <typename E>
Result<std::pair<E, std::string>> ReadChange(const std::string& body,
                                             std::string_view text_field = "reason") {
  ELINK_ASSIGN_OR_RETURN(JsonObject j, JsonObject::Parse(body));
  std::string to;
  std::string text;
  ELINK_RETURN_IF_ERROR(j.String("to", &to, true, 32));
  ELINK_RETURN_IF_ERROR(j.String(text_field, &text, false));
  ELINK_RETURN_IF_ERROR(j.Finish());
  ELINK_ASSIGN_OR_RETURN(const E value, core::ParseEnumField<E>(to, "to"));
  return std::pair{value, std::move(text)};
}

// {"zh", "en"}, each optional text of at most `max` bytes.
Status ReadName(JsonObject& parent, std::string_view name, core::Name* out, bool required,
                std::size_t max) {
  ELINK_ASSIGN_OR_RETURN(JsonObject j, parent.Object(name, required));
  ELINK_RETURN_IF_ERROR(j.String("zh", &out->zh, false, max));
  ELINK_RETURN_IF_ERROR(j.String("en", &out->en, false, max));
  return j.Finish();
}

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
    return Status::InvalidArgument("photo.data",
                                   "not base64 (RFC 4648, standard alphabet, with padding)");
  }
  ELINK_RETURN_IF_ERROR(core::CheckPhoto(out.media_type, *bytes).WithFieldPrefix("photo"));
  out.bytes = std::move(*bytes);
  return out;
}

Json AlertJson(const core::Alert& a, TimePoint now) {
  const core::AlertContent& c = a.content;
  Json out = {{"id", a.id.value()},
              {"org", c.org.value()},
              {"level", std::string(core::CodeOf(c.level))},
              {"level_name", NameJson(core::Name{std::string(core::InfoOf(c.level).zh),
                                                 std::string(core::InfoOf(c.level).en)})},
              {"category", std::string(core::CodeOf(c.category))},
              {"urgency", std::string(core::CodeOf(c.urgency))},
              {"certainty", std::string(core::CodeOf(c.certainty))},
              {"severity", warning::CapSeverity(c.level)},
              {"event", NameJson(c.event)},
              {"headline", NameJson(c.headline)},
              {"description", NameJson(c.description)},
              {"instruction", NameJson(c.instruction)},
              {"area",
               {{"description", NameJson(c.area.description)},
                {"lat", c.area.center.lat},
                {"lon", c.area.center.lon},
                {"radius_km", c.area.radius_km}}},
              {"exercise", c.exercise},
              {"sent", FormatTime(a.sent)},
              {"expires", FormatTime(c.expires)},
              {"active", a.IsActive(now)},
              {"cap", "/api/v1/public/alerts/" + std::to_string(a.id.value())}};
  if (c.incident) out["incident"] = c.incident->value();
  if (a.cancelled_at) {
    out["cancelled_at"] = FormatTime(*a.cancelled_at);
    out["cancel_reason"] = a.cancel_reason;
  }
  return out;
}

}  // namespace

void Service::AddRoutes() {
  const auto add = [this](std::string method, std::string pattern, bool is_public,
                          std::string summary, std::function<Status(const CallPtr&)> fn) {
    Route r;
    r.method = std::move(method);
    r.segments.clear();
    r.pattern = std::move(pattern);
    std::string_view p = r.pattern;
    while (!p.empty()) {
      if (p.front() == '/') {
        p.remove_prefix(1);
        continue;
      }
      const std::size_t j = std::min(p.find('/'), p.size());
      r.segments.emplace_back(p.substr(0, j));
      p.remove_prefix(j);
    }
    r.public_route = is_public;
    r.summary = std::move(summary);
    r.fn = std::move(fn);
    routes_.push_back(std::move(r));
  };
  // Submits a command as the caller and answers `ok(reply)` once it is durable.
  // Submits a command as the caller and answers `ok(reply)` once it is durable. The engine names
  // the fields of its command; `field_of`, when given, turns such a name into the request's own
  // (the merged incident is the engine's "duplicate" and the path's "id").
  using FieldOf = std::function<std::string(const std::string&)>;
  const auto submit = [this](const CallPtr& call, engine::CommandBody body,
                             std::function<void(const engine::Reply&)> ok,
                             FieldOf field_of = nullptr) {
    engine_.SubmitAsync(
        {call->user != nullptr ? call->user->name : "public",
         call->request.Header("x-request-id").substr(0, 128), std::move(body)},
        [call, ok = std::move(ok), field_of = std::move(field_of)](Result<engine::Reply> r) {
          if (r.ok()) {
            ok(*r);
          } else if (field_of && !r.status().field().empty()) {
            call->Fail(
                Status(r.status().code(), r.status().message(), field_of(r.status().field())));
          } else {
            call->Fail(r.status());
          }
        });
    return Status::Ok();
  };
  const auto saved = [](const CallPtr& call) {
    return [call](const engine::Reply& r) { call->Reply(200, ReplyJson(r)); };
  };

  // ---- operations --------------------------------------------------------------------------
  add("GET", "/healthz", true, "Liveness", [](const CallPtr& call) {
    call->Reply(200, {{"status", "ok"}});
    return Status::Ok();
  });
  add("GET", "/readyz", true, "Readiness: false once the log has failed (fail-stop)",
      [this](const CallPtr& call) {
        const Status h = engine_.health();
        if (!h.ok()) return Status::Unavailable("not ready: " + h.message());
        call->Reply(200, {{"status", "ready"}, {"last_seq", call->state->last_seq()}});
        return Status::Ok();
      });
  add("GET", "/metrics", true, "Prometheus metrics", [this](const CallPtr& call) {
    const engine::EngineStats st = engine_.stats();
    std::vector<std::pair<std::pair<std::string, std::string>, double>> gauges = {
        {{"elink_engine_queue_depth", "Commands waiting for the writer."},
         static_cast<double>(engine_.queue_depth())},
        {{"elink_engine_commands_committed", "Commands committed since start."},
         static_cast<double>(st.commands_committed)},
        {{"elink_engine_commands_refused", "Commands refused since start."},
         static_cast<double>(st.commands_refused)},
        {{"elink_engine_batches", "Commit batches since start."}, static_cast<double>(st.batches)},
        {{"elink_engine_max_batch", "Largest commit batch since start."},
         static_cast<double>(st.max_batch_seen)},
        {{"elink_log_last_seq", "Sequence number of the last committed event."},
         static_cast<double>(call->state->last_seq())},
    };
    if (extra_) {
      for (auto& g : extra_()) gauges.push_back(std::move(g));
    }
    call->Send(200, "text/plain; version=0.0.4", metrics_.Render(gauges));
    return Status::Ok();
  });
  add("GET", "/api/v1/openapi.json", true, "This document", [this](const CallPtr& call) {
    call->Reply(200, OpenApi());
    return Status::Ok();
  });

  // ---- sign in -------------------------------------------------------------------------------
  add("POST", "/api/v1/auth/login", true, "Sign in; returns a bearer token",
      [this](const CallPtr& call) {
        ELINK_ASSIGN_OR_RETURN(JsonObject body, JsonObject::Parse(call->request.body));
        std::string name;
        std::string password;
        ELINK_RETURN_IF_ERROR(body.String("user", &name, true, 64));
        ELINK_RETURN_IF_ERROR(body.String("password", &password, true, 1024));
        ELINK_RETURN_IF_ERROR(body.Finish());
        // Failures count per client address, not per connection: drop the port.
        const std::string& peer = call->request.remote_address;
        const std::string address = peer.substr(0, peer.rfind(':'));
        if (const Millis wait = login_limiter_.RetryAfter(name, address); wait.count() > 0) {
          call->Fail(429, "too_many_requests",
                     "too many failed sign-ins; try again in " +
                         std::to_string((wait.count() + 999) / 1000) + " s");
          return Status::Ok();
        }
        Result<const core::User*> checked = auth::CheckPassword(*call->state, name, password);
        if (!checked.ok()) {
          login_limiter_.RecordFailure(name, address);
          return checked.status();
        }
        const core::User* user = *checked;
        login_limiter_.RecordSuccess(name, address);
        const TimePoint expires = clock_.Now() + options_.token_ttl;
        call->Reply(200, {{"token", auth::IssueToken(options_.token_key, user->name,
                                                     user->token_version, expires)},
                          {"expires_at", TimeJson(expires)},
                          {"user", UserJson(*user)}});
        return Status::Ok();
      });
  add("POST", "/api/v1/public/reports", true,
      "A citizen's report (no sign-in): it lands as an unverified incident for a dispatcher",
      [this](const CallPtr& call) {
        const std::string& peer = call->request.remote_address;
        const std::string address = peer.substr(0, peer.rfind(':'));
        if (const Millis wait = report_limiter_.RetryAfter(address, address); wait.count() > 0) {
          call->Fail(429, "too_many_requests",
                     "too many reports from this address; try again in " +
                         std::to_string((wait.count() + 999) / 1000) + " s");
          return Status::Ok();
        }
        ELINK_ASSIGN_OR_RETURN(JsonObject body, JsonObject::Parse(call->request.body));
        dispatch::ReportIncident r;
        r.source = core::IncidentSource::kCitizen;
        ELINK_RETURN_IF_ERROR(body.String("type", &r.type, true, 64));
        ELINK_RETURN_IF_ERROR(body.String("text", &r.description, true, 2000));
        if (IsBlank(r.description)) {
          return Status::InvalidArgument("text", "say what is happening");
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
        report_limiter_.RecordFailure(address, address);
        engine_.SubmitAsync(
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
    const Json text = {{"type", "string"}};
    Json media_types = Json::array();
    for (const std::string_view t : core::kPhotoMediaTypes) media_types.push_back(std::string(t));
    routes_.back().request_schema = {
        {"type", "object"},
        {"required", {"type", "text", "location"}},
        {"additionalProperties", false},
        {"properties",
         {{"type", text},
          {"text", {{"type", "string"}, {"maxLength", 2000}}},
          {"location",
           {{"type", "object"},
            {"required", {"lat", "lon"}},
            {"properties", {{"lat", {{"type", "number"}}}, {"lon", {{"type", "number"}}}}}}},
          {"address", text},
          {"name", text},
          {"phone", text},
          {"photo",
           {{"type", "object"},
            {"required", {"media_type", "data"}},
            {"additionalProperties", false},
            {"description", "at most " + std::to_string(core::kMaxPhotoBytes) +
                                " bytes once decoded; the bytes must be of the media type"},
            {"properties",
             {{"media_type", {{"type", "string"}, {"enum", media_types}}},
              {"data", {{"type", "string"}, {"format", "byte"}}}}}}}}}};
  }
  add("GET", "/api/v1/me", false, "The signed-in user", [](const CallPtr& call) {
    call->Reply(200, UserJson(*call->user));
    return Status::Ok();
  });

  // ---- reference data ----------------------------------------------------------------------
  const auto reference = [&](const char* path, const char* summary, auto items) {
    add("GET", path, false, summary, [items](const CallPtr& call) {
      ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kReadReference));
      call->Reply(200, {{"items", items(*call->state)}});
      return Status::Ok();
    });
  };
  reference("/api/v1/incident-types",
            "The incident type catalogue, each with the types its duplicates may be reported as",
            [](const core::State&) {
              Json out = Json::array();
              const auto types = core::IncidentTypes();
              for (const auto& t : types) {
                Json related = Json::array();
                for (const auto& other : types) {
                  if (dispatch::RelatedTypes(t.code, other.code)) related.push_back(other.code);
                }
                out.push_back({{"code", t.code},
                               {"category", std::string(core::CodeOf(t.category))},
                               {"name", {{"zh", t.zh}, {"en", t.en}}},
                               {"related", std::move(related)}});
              }
              return out;
            });
  reference("/api/v1/organisations", "The organisation tree", [](const core::State& st) {
    Json out = Json::array();
    for (const auto& [id, o] : st.organisations()) out.push_back(OrgJson(o));
    return out;
  });
  reference("/api/v1/grids", "Grids (网格) with their areas", [](const core::State& st) {
    Json out = Json::array();
    for (const auto& [id, g] : st.grids()) out.push_back(GridJson(g));
    return out;
  });
  reference("/api/v1/stations", "Stations", [](const core::State& st) {
    Json out = Json::array();
    for (const auto& [id, s] : st.stations()) out.push_back(StationJson(s));
    return out;
  });
  reference("/api/v1/plans", "Response plans (应急预案)", [](const core::State& st) {
    Json out = Json::array();
    for (const auto& [id, p] : st.plans()) out.push_back(PlanJson(p));
    return out;
  });

  // ---- units ---------------------------------------------------------------------------------
  add("GET", "/api/v1/units", false, "Units the user may see (filters: status, type)",
      [this](const CallPtr& call) {
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
        const TimePoint now = clock_.Now();
        for (const auto& [id, u] : call->state->units()) {
          if ((status && u.status != *status) || (type && u.type != *type)) continue;
          if (!auth::CanSeeUnit(*call->state, *call->user, u)) continue;
          items.push_back(UnitJson(u, now, options_.stale_after));
        }
        call->Reply(200, {{"items", items}, {"seq", call->state->last_seq()}});
        return Status::Ok();
      });
  add("GET", "/api/v1/units/{id}", false, "One unit", [this](const CallPtr& call) {
    ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kReadUnits));
    ELINK_ASSIGN_OR_RETURN(const core::Unit* u, VisibleUnit(*call, call->params[0], "id"));
    call->Reply(200, UnitJson(*u, clock_.Now(), options_.stale_after));
    return Status::Ok();
  });
  add("POST", "/api/v1/units/{id}/status", false,
      "Change a unit's status (acknowledged, en_route, on_scene, returning, available, "
      "out_of_service)",
      [submit, saved](const CallPtr& call) {
        ELINK_ASSIGN_OR_RETURN(const core::Unit* u, VisibleUnit(*call, call->params[0], "id"));
        ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kChangeUnitStatus, u->org));
        ELINK_ASSIGN_OR_RETURN(const auto change, ReadChange<core::UnitStatus>(call->request.body));
        const core::UnitStatus status = change.first;
        const std::string& reason = change.second;
        return submit(call, dispatch::ChangeUnitStatus{u->id, status, reason}, saved(call));
      });
  add("POST", "/api/v1/units/positions", false, "AVL positions in a batch (at most 1000)",
      [this, submit, saved](const CallPtr& call) {
        ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kReportPositions));
        ELINK_ASSIGN_OR_RETURN(JsonObject body, JsonObject::Parse(call->request.body));
        ELINK_ASSIGN_OR_RETURN(std::vector<JsonObject> reports,
                               body.ObjectArray("reports", true, 1000));
        ELINK_RETURN_IF_ERROR(body.Finish());
        units::ReportPositions batch;
        const TimePoint now = clock_.Now();
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
          ELINK_ASSIGN_OR_RETURN(const core::Unit* u, VisibleUnit(*call, unit, field + ".unit"));
          batch.reports.push_back({u->id, {lat, lon}, FromUnixMillis(at_ms)});
        }
        if (batch.reports.empty()) return Status::InvalidArgument("reports", "no position reports");
        // The engine's report has "at"; the request's has "at_ms".
        return submit(call, std::move(batch), saved(call), [](const std::string& f) {
          return f.size() > 3 && f.compare(f.size() - 3, 3, ".at") == 0 ? f + "_ms" : f;
        });
      });

  // ---- incidents -----------------------------------------------------------------------------
  add("GET", "/api/v1/incidents", false,
      "Incidents the user may see, by id (filters: status=open|all|<code>, type, level; paging: "
      "after, limit)",
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
      });
  add("POST", "/api/v1/incidents", false, "Report an incident (接警)", [this](const CallPtr& call) {
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
    for (auto [name, field] :
         {std::pair{"injured", &r.casualties.injured}, std::pair{"dead", &r.casualties.dead},
          std::pair{"trapped", &r.casualties.trapped},
          std::pair{"missing", &r.casualties.missing}}) {
      n = *field;
      ELINK_RETURN_IF_ERROR(casualties.Int(name, &n, false, 0, 1'000'000));
      *field = static_cast<int>(n);
    }
    ELINK_RETURN_IF_ERROR(casualties.Finish());
    ELINK_RETURN_IF_ERROR(body.Finish());
    ELINK_ASSIGN_OR_RETURN(r.level, core::ParseEnumField<core::IncidentLevel>(level, "level"));
    ELINK_ASSIGN_OR_RETURN(r.source, core::ParseEnumField<core::IncidentSource>(source, "source"));
    // The caller's scope decides: the incident's owner is the grid's community.
    const core::Grid* grid = call->state->GridAt(r.location);
    ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kCreateIncident,
                                  grid != nullptr ? std::optional(grid->community) : std::nullopt)
                              .WithFieldPrefix(grid != nullptr ? "location" : ""));
    engine_.SubmitAsync(
        {call->user->name, call->request.Header("x-request-id").substr(0, 128), r},
        [this, call](Result<engine::Reply> reply) {
          if (!reply.ok()) {
            call->Fail(reply.status());
            return;
          }
          Json out = ReplyJson(*reply);
          out["id"] = reply->incident ? Json(reply->incident->value()) : Json(nullptr);
          out["duplicates"] = Json::array();
          // Saved first, flagged after: a duplicate is the dispatcher's call. This runs on the
          // engine's writer thread, which must only decide, append and apply: the search goes
          // to the compute pool. When that is full the report is still saved and answered, with
          // duplicates_checked false (GET .../duplicates asks again).
          const auto incident = reply->incident;
          const bool queued = compute_->TryPost([this, call, incident, out]() mutable {
            const auto state = engine_.View();
            if (const core::Incident* inc = incident ? state->FindIncident(*incident) : nullptr) {
              if (auto found =
                      duplicates_.Find(*state, inc->type, inc->location, inc->reported_at, inc->id);
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
  });
  add("GET", "/api/v1/incidents/{id}", false, "An incident with its tasks and chronology",
      [this](const CallPtr& call) {
        ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kReadIncidents));
        ELINK_ASSIGN_OR_RETURN(const core::Incident* inc, VisibleIncident(*call, call->params[0]));
        call->Reply(200, IncidentDetailJson(*inc, *call->state, clock_.Now()));
        return Status::Ok();
      });
  add("GET", "/api/v1/incidents/{id}/photos/{photo}", false,
      "A photo of the incident (its bytes, as reported), read back from the event log",
      [this](const CallPtr& call) {
        ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kReadIncidents));
        ELINK_ASSIGN_OR_RETURN(const core::Incident* inc, VisibleIncident(*call, call->params[0]));
        ELINK_ASSIGN_OR_RETURN(const std::uint64_t n, ParseId(call->params[1], "photo"));
        if (n > inc->photos.size()) {
          return Status::NotFound(
              "incident " + call->params[0] + " has no photo " + call->params[1].substr(0, 24),
              "photo");
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
        if (options_.log == nullptr) return Status::Unavailable("no event log attached");
        // The state knows where the bytes are; the log has them (and they never entered memory
        // for longer than this request).
        Result<std::vector<store::Record>> read = options_.log->Read(photo.seq, 1);
        if (!read.ok() || read->empty()) {
          return Status::Internal("the photo could not be read from the event log: " +
                                  (read.ok() ? std::string("no event ") + std::to_string(photo.seq)
                                             : read.status().message()));
        }
        const store::Record& record = read->front();
        Result<engine::Event> event =
            engine::DecodeEvent(record.seq, record.at, record.type, record.payload);
        if (!event.ok()) {
          return Status::Internal("the photo could not be read from the event log: " +
                                  event.status().message());
        }
        auto* attached = std::get_if<dispatch::IncidentPhotoAttached>(&event->body);
        if (attached == nullptr || attached->incident != inc->id || attached->photo != n ||
            attached->media_type != photo.media_type ||
            ToHex(Sha256(attached->data.bytes)) != photo.sha256) {
          return Status::Internal("the photo in the event log does not match its description");
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
  for (const std::string_view t : core::kPhotoMediaTypes) routes_.back().produces.emplace_back(t);
  add("POST", "/api/v1/incidents/{id}/status", false,
      "Verify (activates the plan), on_scene, controlled, closed or cancelled",
      [submit, saved](const CallPtr& call) {
        ELINK_ASSIGN_OR_RETURN(const core::Incident* inc, VisibleIncident(*call, call->params[0]));
        ELINK_ASSIGN_OR_RETURN(const auto change,
                               ReadChange<core::IncidentStatus>(call->request.body));
        const core::IncidentStatus status = change.first;
        const std::string& reason = change.second;
        const bool finishing =
            status == core::IncidentStatus::kClosed || status == core::IncidentStatus::kCancelled;
        ELINK_RETURN_IF_ERROR(Allowed(*call,
                                      finishing ? Action::kCloseIncident : Action::kVerifyIncident,
                                      inc->jurisdiction));
        return submit(call, dispatch::ChangeIncidentStatus{inc->id, status, reason}, saved(call));
      });
  add("POST", "/api/v1/incidents/{id}/level", false, "Raise or lower the response level",
      [submit, saved](const CallPtr& call) {
        ELINK_ASSIGN_OR_RETURN(const core::Incident* inc, VisibleIncident(*call, call->params[0]));
        ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kChangeIncidentLevel, inc->jurisdiction));
        ELINK_ASSIGN_OR_RETURN(const auto change,
                               ReadChange<core::IncidentLevel>(call->request.body));
        const core::IncidentLevel level = change.first;
        const std::string& reason = change.second;
        return submit(call, dispatch::ChangeIncidentLevel{inc->id, level, reason}, saved(call));
      });
  add("POST", "/api/v1/incidents/{id}/merge", false,
      "Merge this incident (a duplicate report) into another",
      [submit, saved](const CallPtr& call) {
        ELINK_ASSIGN_OR_RETURN(const core::Incident* dup, VisibleIncident(*call, call->params[0]));
        ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kMergeIncidents, dup->jurisdiction));
        ELINK_ASSIGN_OR_RETURN(JsonObject body, JsonObject::Parse(call->request.body));
        std::int64_t into = 0;
        ELINK_RETURN_IF_ERROR(body.Int("into", &into, true, 1, INT64_MAX));
        ELINK_RETURN_IF_ERROR(body.Finish());
        ELINK_ASSIGN_OR_RETURN(const core::Incident* target,
                               VisibleIncident(*call, std::to_string(into), "into"));
        return submit(call, dispatch::MergeIncidents{dup->id, target->id}, saved(call),
                      [](const std::string& f) { return f == "duplicate" ? "id" : f; });
      });
  add("POST", "/api/v1/incidents/{id}/share", false,
      "Share the incident with another jurisdiction (it then sees and helps with it)",
      [submit, saved](const CallPtr& call) {
        ELINK_ASSIGN_OR_RETURN(const core::Incident* inc, VisibleIncident(*call, call->params[0]));
        ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kShareIncident, inc->jurisdiction));
        ELINK_ASSIGN_OR_RETURN(JsonObject body, JsonObject::Parse(call->request.body));
        std::string org;
        ELINK_RETURN_IF_ERROR(body.String("org", &org, true, 64));
        ELINK_RETURN_IF_ERROR(body.Finish());
        return submit(call, dispatch::ShareIncident{inc->id, core::OrgId(org)}, saved(call));
      });
  add("POST", "/api/v1/incidents/{id}/notes", false,
      "Add a note to the incident's record (补充记录), kept in its chronology",
      [submit](const CallPtr& call) {
        ELINK_ASSIGN_OR_RETURN(const core::Incident* inc, VisibleIncident(*call, call->params[0]));
        // Whoever may report an incident may add to a report.
        ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kCreateIncident, inc->jurisdiction));
        ELINK_ASSIGN_OR_RETURN(JsonObject body, JsonObject::Parse(call->request.body));
        std::string text;
        ELINK_RETURN_IF_ERROR(body.String("text", &text, true, core::kMaxLongText));
        ELINK_RETURN_IF_ERROR(body.Finish());
        return submit(call, dispatch::AddIncidentNote{inc->id, text},
                      [call](const engine::Reply& r) { call->Reply(201, ReplyJson(r)); });
      });
  add("GET", "/api/v1/incidents/{id}/recommendation", false,
      "The units to send, line by line of the plan, with ETAs by road",
      [this](const CallPtr& call) {
        ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kReadIncidents));
        ELINK_ASSIGN_OR_RETURN(const core::Incident* inc, VisibleIncident(*call, call->params[0]));
        if (recommender_ == nullptr) {
          return Status::Unavailable("the center was started without a road graph (--graph)");
        }
        return OnCompute(call, [this, call, id = inc->id]() -> Status {
          ELINK_ASSIGN_OR_RETURN(const dispatch::Recommendation rec,
                                 recommender_->Recommend(*call->state, id, clock_.Now()));
          Json out = RecommendationJson(rec);
          out["text"] = {{"zh", dispatch::Describe(rec, *call->state, true)},
                         {"en", dispatch::Describe(rec, *call->state, false)}};
          call->Reply(200, out);
          return Status::Ok();
        });
      });
  add("GET", "/api/v1/incidents/{id}/routes", false,
      "The road route and ETA of each unit on its way to the incident",
      [this](const CallPtr& call) {
        ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kReadIncidents));
        ELINK_ASSIGN_OR_RETURN(const core::Incident* inc, VisibleIncident(*call, call->params[0]));
        if (options_.router == nullptr) {
          return Status::Unavailable("the center was started without a road graph (--graph)");
        }
        return OnCompute(call, [this, call, id = inc->id, to = inc->location]() -> Status {
          Json routes = Json::array();
          for (const auto& [uid, unit] : call->state->units()) {
            if (!units::IsOnTheWay(unit, id)) continue;
            Json item = {{"unit", uid.value()},
                         {"status", std::string(core::CodeOf(unit.status))},
                         {"since_ms", ToUnixMillis(unit.status_since)}};
            const std::optional<units::UnitOrigin> from =
                units::OriginOf(*call->state, unit, clock_.Now(), options_.stale_after);
            if (!from) {
              item["error"] = "no position and no station";
              routes.push_back(std::move(item));
              continue;
            }
            item["origin"] = units::CodeOf(from->origin);
            const auto r = options_.router->Route({from->at.lat, from->at.lon}, {to.lat, to.lon});
            if (!r.ok()) {
              item["error"] = r.status().message();
              routes.push_back(std::move(item));
              continue;
            }
            item["eta_s"] = geo::TimeSeconds(r->time);
            item["distance_m"] = std::round(r->distance_m);
            Json line = Json::array();
            for (const geo::Position& p : r->geometry) {
              line.push_back({std::round(p.lat * 1e5) / 1e5, std::round(p.lon * 1e5) / 1e5});
            }
            item["line"] = std::move(line);
            routes.push_back(std::move(item));
          }
          call->Reply(200, {{"incident", id.value()}, {"routes", std::move(routes)}});
          return Status::Ok();
        });
      });
  add("GET", "/api/v1/incidents/{id}/duplicates", false,
      "Open incidents this one probably repeats, nearest first", [this](const CallPtr& call) {
        ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kReadIncidents));
        ELINK_ASSIGN_OR_RETURN(const core::Incident* inc, VisibleIncident(*call, call->params[0]));
        return OnCompute(call, [this, call, inc]() -> Status {
          ELINK_ASSIGN_OR_RETURN(
              const std::vector<dispatch::DuplicateCandidate> found,
              duplicates_.Find(*call->state, inc->type, inc->location, inc->reported_at, inc->id));
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
      });
  add("POST", "/api/v1/incidents/{id}/dispatch", false, "Dispatch units (出动)",
      [submit, saved](const CallPtr& call) {
        ELINK_ASSIGN_OR_RETURN(const core::Incident* inc, VisibleIncident(*call, call->params[0]));
        ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kDispatch, inc->jurisdiction));
        ELINK_ASSIGN_OR_RETURN(JsonObject body, JsonObject::Parse(call->request.body));
        std::vector<std::string> units;
        ELINK_RETURN_IF_ERROR(body.StringArray("units", &units, true, 64, 64));
        ELINK_RETURN_IF_ERROR(body.Finish());
        dispatch::DispatchUnits command{inc->id, {}};
        for (std::size_t i = 0; i < units.size(); ++i) {
          const std::string field = "units[" + std::to_string(i) + "]";
          const core::Unit* u = call->state->FindUnit(core::UnitId(units[i]));
          if (u == nullptr) return Status::NotFound("no unit '" + units[i] + "'", field);
          // A unit of a district with a mutual-aid agreement may be sent though it is not ours.
          if (!auth::CanSeeUnit(*call->state, *call->user, *u) &&
              dispatch::AffiliationOf(*call->state, u->org, inc->jurisdiction) ==
                  dispatch::Affiliation::kOther) {
            return Status(
                StatusCode::kPermissionDenied,
                "unit " + units[i] + " is neither yours nor covered by a mutual-aid agreement",
                field);
          }
          command.units.push_back(u->id);
        }
        return submit(call, std::move(command), saved(call));
      });
  add("POST", "/api/v1/incidents/{id}/tasks/{task}", false,
      "A department acknowledges or finishes its task (to: acknowledged | done)",
      [submit, saved](const CallPtr& call) {
        ELINK_ASSIGN_OR_RETURN(const core::Incident* inc, VisibleIncident(*call, call->params[0]));
        ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kAcknowledgeTask, inc->jurisdiction));
        ELINK_ASSIGN_OR_RETURN(const std::uint64_t task, ParseId(call->params[1], "task"));
        if (task > inc->tasks.size()) {
          return Status::NotFound("incident has no task " + call->params[1], "task");
        }
        ELINK_ASSIGN_OR_RETURN(const auto change,
                               ReadChange<core::TaskStatus>(call->request.body, "note"));
        const core::TaskStatus status = change.first;
        const std::string& note = change.second;
        return submit(call,
                      tasks::UpdateTask{inc->id, static_cast<std::uint32_t>(task), status, note},
                      saved(call));
      });
  add("POST", "/api/v1/assignments", false,
      "Share the available units among several incidents, weighted by level",
      [this](const CallPtr& call) {
        ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kAssign));
        ELINK_ASSIGN_OR_RETURN(JsonObject body, JsonObject::Parse(call->request.body));
        std::vector<std::int64_t> ids;
        ELINK_RETURN_IF_ERROR(body.IntArray("incidents", &ids, true, 200, 1, INT64_MAX));
        ELINK_RETURN_IF_ERROR(body.Finish());
        if (ids.empty()) return Status::InvalidArgument("incidents", "name at least one incident");
        std::vector<core::IncidentId> incidents;
        for (std::size_t i = 0; i < ids.size(); ++i) {
          const std::string field = "incidents[" + std::to_string(i) + "]";
          if (std::find(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(i), ids[i]) !=
              ids.begin() + static_cast<std::ptrdiff_t>(i)) {
            return Status::InvalidArgument(field, "names an incident twice");
          }
          ELINK_ASSIGN_OR_RETURN(const core::Incident* inc,
                                 VisibleIncident(*call, std::to_string(ids[i]), field));
          incidents.push_back(inc->id);
        }
        // Who may ask is checked first; whether the center can answer, after.
        if (recommender_ == nullptr) {
          return Status::Unavailable("the center was started without a road graph (--graph)");
        }
        return OnCompute(call, [this, call, incidents = std::move(incidents)]() -> Status {
          ELINK_ASSIGN_OR_RETURN(
              const dispatch::JointAssignment joint,
              recommender_->AssignJointly(*call->state, incidents, clock_.Now()));
          Json out = JointAssignmentJson(joint);
          out["text"] = {{"zh", dispatch::DescribeJoint(joint, *call->state, true)},
                         {"en", dispatch::DescribeJoint(joint, *call->state, false)}};
          call->Reply(200, out);
          return Status::Ok();
        });
      });

  // ---- public warnings (预警信息发布, CAP 1.2) -----------------------------------------------
  add("POST", "/api/v1/alerts", false, "Publish a public warning", [this](const CallPtr& call) {
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
    ELINK_ASSIGN_OR_RETURN(a.level, core::ParseEnumField<core::AlertLevel>(level, "level"));
    ELINK_ASSIGN_OR_RETURN(a.category,
                           core::ParseEnumField<core::AlertCategory>(category, "category"));
    ELINK_ASSIGN_OR_RETURN(a.urgency, core::ParseEnumField<core::AlertUrgency>(urgency, "urgency"));
    ELINK_ASSIGN_OR_RETURN(a.certainty,
                           core::ParseEnumField<core::AlertCertainty>(certainty, "certainty"));
    if (call->state->FindOrg(a.org) == nullptr) {
      return Status::InvalidArgument("org", "unknown organisation '" + org + "'");
    }
    ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kPublishAlert, a.org).WithFieldPrefix("org"));
    if (incident != 0) {
      ELINK_ASSIGN_OR_RETURN(const core::Incident* inc,
                             VisibleIncident(*call, std::to_string(incident)));
      a.incident = inc->id;
    }
    a.expires = clock_.Now() + std::chrono::minutes(minutes);
    engine_.SubmitAsync({call->user->name, call->request.Header("x-request-id").substr(0, 128),
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
  });
  add("POST", "/api/v1/alerts/{id}/cancel", false, "Cancel a public warning",
      [submit, saved](const CallPtr& call) {
        ELINK_ASSIGN_OR_RETURN(const std::uint64_t id, ParseId(call->params[0], "id"));
        const core::Alert* alert = call->state->FindAlert(core::AlertId(id));
        if (alert == nullptr) return Status::NotFound("no alert " + call->params[0], "id");
        ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kPublishAlert, alert->content.org));
        ELINK_ASSIGN_OR_RETURN(JsonObject body, JsonObject::Parse(call->request.body, true));
        std::string reason;
        ELINK_RETURN_IF_ERROR(body.String("reason", &reason, false));
        ELINK_RETURN_IF_ERROR(body.Finish());
        return submit(call, warning::CancelAlert{alert->id, reason}, saved(call));
      });
  add("GET", "/api/v1/alerts", false,
      "Every warning, newest first, drills and cancelled ones included (active=true: in force)",
      [this](const CallPtr& call) {
        ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kReadReference));
        const std::string active = call->Query("active");
        if (!active.empty() && active != "true" && active != "false") {
          return Status::InvalidArgument("active", "expected true or false");
        }
        const TimePoint now = clock_.Now();
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
      });
  add("GET", "/api/v1/public/alerts", true,
      "No sign-in: the warnings in force (drills left out), with a CAP 1.2 link each",
      [this](const CallPtr& call) {
        const TimePoint now = clock_.Now();
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
      });
  add("GET", "/api/v1/public/alerts/{id}", true,
      "No sign-in: one warning as a CAP 1.2 document (its Cancel message once cancelled)",
      [](const CallPtr& call) {
        ELINK_ASSIGN_OR_RETURN(const std::uint64_t id, ParseId(call->params[0], "id"));
        const core::Alert* alert = call->state->FindAlert(core::AlertId(id));
        // A drill's warnings are for the trainees, not the public.
        if (alert == nullptr || alert->content.exercise) {
          return Status::NotFound("no alert " + call->params[0], "id");
        }
        call->Send(200, "application/cap+xml; charset=utf-8",
                   alert->cancelled_at ? warning::CancelToCap(*call->state, *alert)
                                       : warning::AlertToCap(*call->state, *alert));
        return Status::Ok();
      });
  // ---- monitoring (监测预警) --------------------------------------------------------------------
  add("GET", "/api/v1/sensors", false,
      "Monitoring sensors with their thresholds, last reading and level (live and exercise)",
      [](const CallPtr& call) {
        ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kReadReference));
        Json items = Json::array();
        for (const auto& [id, s] : call->state->sensors()) items.push_back(SensorJson(s, false));
        call->Reply(200, {{"items", std::move(items)}});
        return Status::Ok();
      });
  add("GET", "/api/v1/sensors/{id}", false, "One sensor with its recent readings (last 2 hours)",
      [](const CallPtr& call) {
        ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kReadReference));
        const core::SensorState* s = call->state->FindSensor(core::SensorId(call->params[0]));
        if (s == nullptr) {
          return Status::NotFound("no sensor '" + call->params[0].substr(0, 64) + "'", "id");
        }
        call->Reply(200, SensorJson(*s, true));
        return Status::Ok();
      });
  add("POST", "/api/v1/sensors/{id}/readings", false,
      "Record a sensor reading {value, at (RFC 3339, default now), exercise}; 201 with its level",
      [this](const CallPtr& call) {
        ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kRecordReading));
        const core::SensorState* s = call->state->FindSensor(core::SensorId(call->params[0]));
        if (s == nullptr) {
          return Status::NotFound("no sensor '" + call->params[0].substr(0, 64) + "'", "id");
        }
        ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kRecordReading, s->sensor.org));
        ELINK_ASSIGN_OR_RETURN(JsonObject body, JsonObject::Parse(call->request.body));
        warning::RecordReading reading;
        reading.sensor = s->sensor.id;
        reading.at = clock_.Now();
        // Wide enough for any physical quantity a sensor reports; beyond it is a broken gauge.
        ELINK_RETURN_IF_ERROR(body.Double("value", &reading.value, true, -1e9, 1e9));
        ELINK_RETURN_IF_ERROR(body.Time("at", &reading.at, false));
        ELINK_RETURN_IF_ERROR(body.Bool("exercise", &reading.exercise, false));
        ELINK_RETURN_IF_ERROR(body.Finish());
        const bool exercise = reading.exercise;
        engine_.SubmitAsync(
            {call->user->name, call->request.Header("x-request-id").substr(0, 128),
             std::move(reading)},
            [call, exercise](Result<engine::Reply> reply) {
              if (!reply.ok()) {
                // The engine names the sensor "sensor"; the request names it in the path.
                const Status& st = reply.status();
                call->Fail(st.field() == "sensor" ? Status(st.code(), st.message(), "id") : st);
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
      });

  // ---- event log and places --------------------------------------------------------------------
  add("GET", "/api/v1/events", false,
      "The event log from a sequence number (after, limit), only what the user may see",
      [this](const CallPtr& call) {
        ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kReadEventLog));
        if (options_.log == nullptr) return Status::Unavailable("no event log attached");
        std::uint64_t after = 0;
        if (const std::string a = call->Query("after"); !a.empty()) {
          std::uint64_t v = 0;
          const auto [end, ec] = std::from_chars(a.data(), a.data() + a.size(), v);
          if (ec != std::errc() || end != a.data() + a.size()) {
            return Status::InvalidArgument("after", "expected a sequence number");
          }
          after = v;
        }
        ELINK_ASSIGN_OR_RETURN(const std::size_t limit,
                               Limit(call->Query("limit"), 100, kMaxEventsPage));
        // Read a few records at a time: a record may hold a photo of up to 2 MiB, which its JSON
        // leaves out, so memory stays bounded by the read page, not by `limit`.
        Json items = Json::array();
        std::uint64_t last = after;
        for (std::size_t read = 0; read < limit;) {
          const std::size_t want = std::min(kLogReadPage, limit - read);
          ELINK_ASSIGN_OR_RETURN(const std::vector<store::Record> records,
                                 options_.log->Read(last + 1, want));
          for (const store::Record& r : records) {
            ELINK_ASSIGN_OR_RETURN(const engine::Event e,
                                   engine::DecodeEvent(r.seq, r.at, r.type, r.payload));
            last = r.seq;
            if (VisibleTo(e, *call->state, *call->user)) items.push_back(EventJson(e));
          }
          read += records.size();
          if (records.size() < want) break;
        }
        call->Reply(200,
                    {{"items", items}, {"next_after", last}, {"head", call->state->last_seq()}});
        return Status::Ok();
      });
  add("GET", "/api/v1/map/roads", false,
      "The road network as GeoJSON, one MultiLineString per road class (the map has no tiles)",
      [this](const CallPtr& call) {
        ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kReadReference));
        if (roads_geojson_.empty()) {
          return Status::Unavailable("the center was started without a road graph (--graph)");
        }
        HttpResponse r;
        r.content_type = "application/geo+json";
        r.body = roads_geojson_;
        // The graph does not change while the center runs.
        r.headers.emplace_back("Cache-Control", "private, max-age=3600");
        call->Send(std::move(r));
        return Status::Ok();
      });
  add("GET", "/api/v1/places", false, "Streets and corners by name (q, limit)",
      [this](const CallPtr& call) {
        ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kReadReference));
        if (gazetteer_ == nullptr) {
          return Status::Unavailable("the center was started without a road graph (--graph)");
        }
        ELINK_ASSIGN_OR_RETURN(const std::size_t limit, Limit(call->Query("limit"), 10, 50));
        Result<std::vector<geo::PlaceMatch>> found = gazetteer_->Search(call->Query("q"), limit);
        if (!found.ok()) return Status::InvalidArgument("q", found.status().message());
        Json items = Json::array();
        for (const geo::PlaceMatch& m : *found) {
          items.push_back(
              {{"name", m.name},
               {"kind", m.kind == geo::PlaceMatch::Kind::kIntersection ? "intersection" : "street"},
               {"location", {{"lat", m.lat}, {"lon", m.lon}}},
               {"score", m.score}});
        }
        call->Reply(200, {{"items", items}});
        return Status::Ok();
      });
}

Json Service::OpenApi() const {
  Json paths = Json::object();
  for (const Route& r : routes_) {
    Json op = {{"summary", r.summary},
               {"responses",
                {{"200", {{"description", "OK"}}},
                 {"default",
                  {{"description", "A problem document (RFC 9457)"},
                   {"content",
                    {{"application/problem+json",
                      {{"schema", {{"$ref", "#/components/schemas/Problem"}}}}}}}}}}}};
    if (!r.public_route) op["security"] = Json::array({{{"bearer", Json::array()}}});
    Json params = Json::array();
    for (const std::string& seg : r.segments) {
      if (seg.front() == '{') {
        params.push_back({{"name", seg.substr(1, seg.size() - 2)},
                          {"in", "path"},
                          {"required", true},
                          {"schema", {{"type", "string"}}}});
      }
    }
    if (!params.empty()) op["parameters"] = params;
    if (!r.produces.empty()) {
      Json content = Json::object();
      for (const std::string& type : r.produces) {
        content[type] = {{"schema", {{"type", "string"}, {"format", "binary"}}}};
      }
      op["responses"]["200"]["content"] = content;
    }
    if (!r.request_schema.is_null()) {
      op["requestBody"] = {{"required", true},
                           {"content", {{"application/json", {{"schema", r.request_schema}}}}}};
    }
    std::string method = r.method;
    std::transform(method.begin(), method.end(), method.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    paths[r.pattern][method] = op;
  }
  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "elink command center API"},
            {"version", "1"},
            {"description",
             "区域应急联动指挥平台 API. Errors are problem documents whose title and detail are in "
             "zh-CN; send Accept-Language: en (or ?lang=en) for English. The live event stream is "
             "a WebSocket at /api/v1/stream?token=…&after=SEQ (401 with WWW-Authenticate: Bearer "
             "when the token does not do)."}}},
          {"paths", paths},
          {"components",
           {{"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}},
            {"schemas",
             {{"Problem",
               {{"type", "object"},
                {"properties",
                 {{"type", {{"type", "string"}}},
                  {"title", {{"type", "string"}}},
                  {"status", {{"type", "integer"}}},
                  {"detail", {{"type", "string"}}},
                  {"field", {{"type", "string"}}}}}}}}}}}};
}

}  // namespace elink::api
