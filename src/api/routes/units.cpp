// SPDX-License-Identifier: Apache-2.0
// The routes of units, their status and their AVL positions.
#include "api/internal/routes.hpp"

namespace elink::api::internal {

using auth::Action;

namespace {

// A unit's editable fields from a request: "name" (zh) and "name_en", "type", "capabilities",
// "crew"; all required when adding. Each given one replaces the unit's.
Status ReadUnitFields(JsonObject& body, core::Unit& unit, bool adding) {
  std::string name = unit.name.zh, name_en = unit.name.en, type;
  ELINK_RETURN_IF_ERROR(body.String("name", &name, adding, core::kMaxUnitNameBytes));
  ELINK_RETURN_IF_ERROR(body.String("name_en", &name_en, false, core::kMaxUnitNameBytes));
  unit.name = {name, name_en};
  ELINK_RETURN_IF_ERROR(body.String("type", &type, adding, 32));
  if (body.Has("type") || adding) {
    ELINK_ASSIGN_OR_RETURN(unit.type, core::ParseEnumField<core::UnitType>(type, "type"));
  }
  if (body.Has("capabilities")) {
    std::vector<std::string> codes;
    ELINK_RETURN_IF_ERROR(body.StringArray("capabilities", &codes, false, 16, 32));
    unit.capabilities.clear();
    for (std::size_t i = 0; i < codes.size(); ++i) {
      ELINK_ASSIGN_OR_RETURN(const core::Capability c,
                             core::ParseEnumField<core::Capability>(
                                 codes[i], "capabilities[" + std::to_string(i) + "]"));
      unit.capabilities.push_back(c);
    }
    // Sorted here; a capability named twice is the engine's to refuse, naming the field.
    std::sort(unit.capabilities.begin(), unit.capabilities.end());
  }
  std::int64_t crew = unit.crew;
  ELINK_RETURN_IF_ERROR(body.Int("crew", &crew, adding, 0, core::kMaxCrew));
  unit.crew = static_cast<int>(crew);
  return Status::Ok();
}

// "revision": the unit's revision the caller saw (optional).
Status ReadRevision(JsonObject& body, std::optional<std::uint64_t>& revision) {
  std::int64_t seen = 0;
  ELINK_RETURN_IF_ERROR(body.Int("revision", &seen, false, 0, INT64_MAX));
  if (body.Has("revision")) revision = static_cast<std::uint64_t>(seen);
  return Status::Ok();
}

// The organisation a unit at `station` belongs to: `org`, else the station's; none when the one
// that counts is unknown (the engine then refuses the edit naming the field).
std::optional<core::OrgId> HomeOrg(const core::State& state, const core::StationId& station,
                                   const core::OrgId& org) {
  if (!org.value().empty()) {
    return state.FindOrg(org) != nullptr ? std::optional(org) : std::nullopt;
  }
  if (const core::Station* s = state.stations().Find(station)) return s->org;
  return std::nullopt;
}

// The engine names an added unit's fields "unit.<field>"; the request has them at the top.
std::string UnitField(const std::string& f) { return f.rfind("unit.", 0) == 0 ? f.substr(5) : f; }

Json UnitEditSchema(bool adding) {
  const std::string q = adding ? "" : "?";
  Json s = schema::Obj(
      {{"name" + q, schema::Described(schema::Str(), "Chinese name")},
       {"name_en?", schema::Str()},
       {"type" + q, schema::Ref("UnitType")},
       {"capabilities?", schema::Arr(schema::Ref("Capability"))},
       {"crew" + q, schema::Int()},
       {"station" + q, schema::Described(schema::Str(), "Home station id")},
       {"org?", schema::Described(schema::Str(), "Organisation id (default: the station's)")},
       {"reason", schema::Described(schema::Str(), "Why (kept in the log)")}});
  if (adding) {
    s["properties"]["id"] = schema::Str();
    s["required"].push_back("id");
    s["properties"]["status"] =
        schema::Described(schema::Ref("UnitStatus"), "available (default) or out_of_service");
  } else {
    s["properties"]["revision"] = schema::Described(schema::Int(), "The unit's revision you saw");
  }
  return s;
}

}  // namespace

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
             ELINK_ASSIGN_OR_RETURN(const bool retired,
                                    QueryBool(call->Query("retired"), "retired", false));
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
               if (u.retired_at.has_value() != retired) continue;
               if (!auth::CanSeeUnit(*call->state, *call->user, u)) continue;
               items.push_back(UnitJson(u, now, ctx.options.stale_after));
             }
             call->Reply(200, {{"items", items}, {"seq", call->state->last_seq()}});
             return Status::Ok();
           })
      .Query("status", schema::Ref("UnitStatus"), "Only units of this status")
      .Query("type", schema::Ref("UnitType"), "Only units of this type")
      .Query("retired", schema::Bool(), "true: the retired units instead (default false)")
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

  // The resource base, edited live (region::AddUnit, ChangeUnit, RetireUnit): commanders and
  // administrators, within their subtree (the unit's organisation, and the one it goes to).
  table
      .Add({.method = "POST",
            .pattern = "/api/v1/units",
            .operation_id = "addUnit",
            .summary = "Add a unit to the resource base (available at its station at once)"},
           [&ctx](const CallPtr& call) {
             ELINK_ASSIGN_OR_RETURN(JsonObject body, JsonObject::Parse(call->request.body));
             region::AddUnit add;
             std::string id, station, org, status = "available";
             ELINK_RETURN_IF_ERROR(body.String("id", &id, true, core::kMaxUnitIdBytes));
             ELINK_RETURN_IF_ERROR(ReadUnitFields(body, add.unit, true));
             ELINK_RETURN_IF_ERROR(body.String("station", &station, true, 64));
             ELINK_RETURN_IF_ERROR(body.String("org", &org, false, 64));
             ELINK_RETURN_IF_ERROR(body.String("status", &status, false, 32));
             ELINK_RETURN_IF_ERROR(body.String("reason", &add.reason, true));
             ELINK_RETURN_IF_ERROR(body.Finish());
             ELINK_ASSIGN_OR_RETURN(add.unit.status,
                                    core::ParseEnumField<core::UnitStatus>(status, "status"));
             add.unit.id = core::UnitId(id);
             add.unit.station = core::StationId(station);
             add.unit.org = core::OrgId(org);
             ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kEditResources,
                                           HomeOrg(*call->state, add.unit.station, add.unit.org)));
             return ctx.Submit(call, std::move(add), Saved(call), UnitField);
           })
      .Takes(UnitEditSchema(true))
      .Answers(schema::Ref("CommandResponse"))
      .MayFail({409});
  table
      .Add({.method = "POST",
            .pattern = "/api/v1/units/{id}/change",
            .operation_id = "changeUnit",
            .summary = "Change a unit's name, type, capabilities, crew or home station (name "
                       "the revision you saw: a unit changed since is refused with 409)"},
           [&ctx](const CallPtr& call) {
             ELINK_ASSIGN_OR_RETURN(const core::Unit* u, VisibleUnit(*call, call->params[0], "id"));
             ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kEditResources, u->org));
             ELINK_ASSIGN_OR_RETURN(JsonObject body, JsonObject::Parse(call->request.body));
             region::ChangeUnit change;
             change.unit = u->id;
             core::Unit fields = *u;
             ELINK_RETURN_IF_ERROR(ReadUnitFields(body, fields, false));
             if (body.Has("name") || body.Has("name_en")) change.name = fields.name;
             if (body.Has("type")) change.type = fields.type;
             if (body.Has("capabilities")) change.capabilities = fields.capabilities;
             if (body.Has("crew")) change.crew = fields.crew;
             std::string station, org;
             ELINK_RETURN_IF_ERROR(body.String("station", &station, false, 64));
             ELINK_RETURN_IF_ERROR(body.String("org", &org, false, 64));
             if (body.Has("station")) change.station = core::StationId(station);
             if (body.Has("org")) change.org = core::OrgId(org);
             ELINK_RETURN_IF_ERROR(ReadRevision(body, change.revision));
             ELINK_RETURN_IF_ERROR(body.String("reason", &change.reason, true));
             ELINK_RETURN_IF_ERROR(body.Finish());
             // Where it goes must be in the caller's subtree too.
             if (change.station || change.org) {
               ELINK_RETURN_IF_ERROR(
                   Allowed(*call, Action::kEditResources,
                           HomeOrg(*call->state, change.station.value_or(u->station),
                                   change.org.value_or(change.station ? core::OrgId() : u->org))));
             }
             return ctx.Submit(call, std::move(change), Saved(call));
           })
      .Takes(UnitEditSchema(false))
      .Answers(schema::Ref("CommandResponse"))
      .MayFail({409});
  table
      .Add({.method = "POST",
            .pattern = "/api/v1/units/{id}/retire",
            .operation_id = "retireUnit",
            .summary = "Retire a unit: out of service for good, kept with its history (refused "
                       "while it is committed to an incident)"},
           [&ctx](const CallPtr& call) {
             ELINK_ASSIGN_OR_RETURN(const core::Unit* u, VisibleUnit(*call, call->params[0], "id"));
             ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kEditResources, u->org));
             ELINK_ASSIGN_OR_RETURN(JsonObject body, JsonObject::Parse(call->request.body));
             region::RetireUnit retire;
             retire.unit = u->id;
             ELINK_RETURN_IF_ERROR(ReadRevision(body, retire.revision));
             ELINK_RETURN_IF_ERROR(body.String("reason", &retire.reason, true));
             ELINK_RETURN_IF_ERROR(body.Finish());
             return ctx.Submit(call, std::move(retire), Saved(call));
           })
      .Takes(schema::Obj(
          {{"reason", schema::Described(schema::Str(), "Why (kept in the log)")},
           {"revision?", schema::Described(schema::Int(), "The unit's revision you saw")}}))
      .Answers(schema::Ref("CommandResponse"))
      .MayFail({409});
}

}  // namespace elink::api::internal
