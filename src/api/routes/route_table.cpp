// SPDX-License-Identifier: Apache-2.0
// The route table and what the handlers of every resource share (api/internal/routes.hpp).
#include "api/internal/routes.hpp"
#include "core/messages.hpp"
#include "util/check.hpp"
#include "warning/cap.hpp"

#include <algorithm>

namespace elink::api::internal {

using auth::Action;

Service::Route& RouteTable::Add(const RouteSpec& spec, Handler handler) {
  ELINK_CHECK(!spec.operation_id.empty()) << spec.method << " " << spec.pattern;
  for (const Service::Route& r : routes_) {
    ELINK_CHECK(r.operation_id != spec.operation_id) << "operationId " << spec.operation_id;
    ELINK_CHECK(r.method != spec.method || r.pattern != spec.pattern)
        << spec.method << " " << spec.pattern;
  }
  Service::Route r;
  r.method = spec.method;
  r.pattern = spec.pattern;
  r.operation_id = spec.operation_id;
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
  r.public_route = spec.is_public;
  r.summary = spec.summary;
  r.fn = std::move(handler);
  routes_.push_back(std::move(r));
  return routes_.back();
}

Json RouteTable::Schema(std::string_view name, Json schema) {
  const std::string key(name);
  if (schemas_.contains(key)) {
    ELINK_CHECK(schemas_[key] == schema) << "two schemas named " << key;
  } else {
    schemas_[key] = std::move(schema);
  }
  return schema::Ref(name);
}

Json SavedSchema() {
  using namespace schema;
  return Obj({{"saved", Described(Bool(), "Always true: the events are on disk")},
              {"first_seq", Described(Int(), "The first event the command appended")},
              {"last_seq", Described(Int(), "The last event the command appended")}});
}

void AddCommonSchemas(RouteTable& table) {
  using namespace schema;
  table.Schema("Localized", Obj({{"zh", Str()}, {"en", Str()}}));
  table.Schema("LatLon", Obj({{"lat", Described(Num(), "WGS-84 latitude, degrees")},
                              {"lon", Described(Num(), "WGS-84 longitude, degrees")}}));
  table.Schema("CommandResponse", SavedSchema());
  Json views = ViewSchemas();
  for (auto& [name, s] : views.items()) table.Schema(name, std::move(s));
}

Status RouteContext::Submit(const CallPtr& call, engine::CommandBody body,
                            std::function<void(const engine::Reply&)> ok, FieldOf field_of) const {
  engine.SubmitAsync(
      {call->user != nullptr ? call->user->name : "public",
       call->request.Header("x-request-id").substr(0, 128), std::move(body)},
      [call, ok = std::move(ok), field_of = std::move(field_of)](Result<engine::Reply> r) {
        if (r.ok()) {
          ok(*r);
        } else if (field_of && !r.status().field().empty()) {
          // The same error (its declared message too) about the request's field.
          Status s = r.status();
          std::string field = field_of(s.field());
          call->Fail(std::move(s).At(std::move(field)));
        } else {
          call->Fail(r.status());
        }
      });
  return Status::Ok();
}

Status RouteContext::OnCompute(const CallPtr& call, std::function<Status()> work) const {
  const bool queued = compute.TryPost([call, work = std::move(work)] {
    if (Status s = work(); !s.ok()) call->Fail(s);
  });
  if (!queued) {
    return Status::Unavailable(msg::kBusy);
  }
  return Status::Ok();
}

std::function<void(const engine::Reply&)> Saved(const CallPtr& call) {
  return [call](const engine::Reply& r) { call->Reply(200, ReplyJson(r)); };
}

Result<const core::Incident*> VisibleIncident(const Service::Call& call, const std::string& text,
                                              const std::string& field) {
  ELINK_ASSIGN_OR_RETURN(const std::uint64_t id, ParseId(text, field));
  const core::Incident* inc = call.state->FindIncident(core::IncidentId(id));
  if (inc == nullptr) return Status::NotFound(core::msg::kNoIncident, text).At(field);
  if (!auth::CanSeeIncident(*call.state, *call.user, *inc)) {
    return Status::PermissionDenied(msg::kIncidentNotYours, text).At(field);
  }
  return inc;
}

Result<const core::Unit*> VisibleUnit(const Service::Call& call, const std::string& id,
                                      const std::string& field) {
  const core::Unit* unit = call.state->FindUnit(core::UnitId(id));
  if (unit == nullptr) return Status::NotFound(core::msg::kNoUnit, id.substr(0, 64)).At(field);
  if (!auth::CanSeeUnit(*call.state, *call.user, *unit)) {
    return Status::PermissionDenied(msg::kUnitNotYours, id).At(field);
  }
  return unit;
}

Status Allowed(const Service::Call& call, Action action, std::optional<core::OrgId> target) {
  return auth::Check(*call.state, *call.user, action, target);
}

bool RequireJsonBody(Service::Call& call) {
  const std::string header = call.request.Header("content-type");
  std::string_view type = header;
  type = type.substr(0, type.find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  constexpr std::string_view kJson = "application/json";
  const bool json = type.size() == kJson.size() &&
                    std::equal(type.begin(), type.end(), kJson.begin(), [](char a, char b) {
                      return (a >= 'A' && a <= 'Z' ? static_cast<char>(a - 'A' + 'a') : a) == b;
                    });
  if (!json) {
    call.Fail(415, "unsupported_media_type", Status::InvalidArgument("", msg::kJsonContentType));
  }
  return json;
}

Json AlertSchema(RouteTable& table, bool with_org) {
  using namespace schema;
  const Json area = Obj(
      {{"description", Ref("Localized")}, {"lat", Num()}, {"lon", Num()}, {"radius_km", Num()}});
  Json s =
      Obj({{"id", Int()},
           {"org", Described(Str(), "The organisation that issued it")},
           {"level", table.Schema("AlertLevel", Enum<core::AlertLevel>())},
           {"level_name", Ref("Localized")},
           {"category", Enum<core::AlertCategory>()},
           {"urgency", Enum<core::AlertUrgency>()},
           {"certainty", Enum<core::AlertCertainty>()},
           {"severity",
            Described({{"type", "string"}, {"enum", {"Minor", "Moderate", "Severe", "Extreme"}}},
                      "CAP 1.2 severity, from the level")},
           {"event", Ref("Localized")},
           {"headline", Ref("Localized")},
           {"description", Ref("Localized")},
           {"instruction", Ref("Localized")},
           {"area", area},
           {"exercise", Bool()},
           {"sent", Time()},
           {"expires", Time()},
           {"active", Bool()},
           {"cap", Described(Str(), "The warning as CAP 1.2 (a public link)")},
           {"incident?", Int()},
           {"cancelled_at?", Time()},
           {"cancel_reason?", Str()}});
  if (!with_org) {
    s["properties"].erase("org");
    auto& req = s["required"];
    req.erase(std::remove(req.begin(), req.end(), Json("org")), req.end());
    return table.Schema("PublicAlert", std::move(s));
  }
  return table.Schema("AlertItem", std::move(s));
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

}  // namespace elink::api::internal
