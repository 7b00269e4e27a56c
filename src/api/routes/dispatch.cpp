// SPDX-License-Identifier: Apache-2.0
// The routes of the advice and the sending: recommendation, routes of units on their way, dispatch,
// the joint assignment.
#include "api/internal/routes.hpp"
#include "core/messages.hpp"
#include "dispatch/live_coverage.hpp"
#include "units/origin.hpp"

#include <algorithm>
#include <cmath>

namespace elink::api::internal {

using auth::Action;

namespace {

Json CoverageSchema() {
  using schema::Arr;
  using schema::Described;
  using schema::Int;
  using schema::Num;
  using schema::Obj;
  using schema::Str;
  return Obj(
      {{"type", schema::Ref("UnitType")},
       {"standard_s", Int()},
       {"turnout_s", Described(Num(), "Added to the drive of a unit at quarters")},
       {"free_units", Described(Int(),
                                "Available units of the type the caller may see, placed "
                                "on the roads")},
       {"covered_weight", Int()},
       {"total_weight", Described(Int(), "Of the grids whose centre is on the roads")},
       {"share", schema::Within(Num(), 0, 1)},
       {"grids",
        Arr(Obj({{"grid", Str()},
                 {"centre", schema::Ref("LatLon")},
                 {"weight", Described(Int(), "1 + incidents reported in it over the last 30 days")},
                 {"placed", Described(schema::Bool(),
                                      "Its centre is on the road network; a grid "
                                      "that is not is left out of the share")},
                 {"covered", schema::Bool()},
                 {"units_within", Int()},
                 {"soonest_s", Described(schema::Nullable(Num()),
                                         "The soonest free unit, turnout + drive; null: none")}}))},
       {"moves",
        Described(Arr(Obj({{"unit", Str()},
                           {"from", Described(schema::Nullable(Str()),
                                              "The station it stands at; null: on the road")},
                           {"to", Str()},
                           {"share_before", schema::Within(Num(), 0, 1)},
                           {"share_after", schema::Within(Num(), 0, 1)}})),
                  "One at a time, each after the ones before it")},
       {"unplaced", Arr(Obj({{"unit", Str()}, {"reason", Str()}}))},
       {"seq", Described(Int(), "The log head it is as of")}});
}

}  // namespace

void AddDispatchRoutes(RouteTable& table, RouteContext& ctx) {
  table
      .Add({.method = "GET",
            .pattern = "/api/v1/incidents/{id}/recommendation",
            .operation_id = "getRecommendation",
            .summary = "The units to send, line by line of the plan, with ETAs by road"},
           [&ctx](const CallPtr& call) {
             ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kReadIncidents));
             ELINK_ASSIGN_OR_RETURN(const core::Incident* inc,
                                    VisibleIncident(*call, call->params[0]));
             if (ctx.recommender == nullptr) {
               return Status::Unavailable(msg::kNoGraph);
             }
             return ctx.OnCompute(call, [&ctx, call, id = inc->id]() -> Status {
               ELINK_ASSIGN_OR_RETURN(
                   const dispatch::Recommendation rec,
                   ctx.recommender->Recommend(*call->state, id, ctx.clock.Now()));
               Json out = RecommendationJson(rec);
               out["text"] = {{"zh", dispatch::Describe(rec, *call->state, true)},
                              {"en", dispatch::Describe(rec, *call->state, false)}};
               call->Reply(200, out);
               return Status::Ok();
             });
           })
      .Answers(schema::Ref("Recommendation"))
      .MayFail({503});
  table
      .Add({.method = "GET",
            .pattern = "/api/v1/incidents/{id}/routes",
            .operation_id = "listUnitRoutes",
            .summary = "The road route and ETA of each unit on its way to the incident"},
           [&ctx](const CallPtr& call) {
             ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kReadIncidents));
             ELINK_ASSIGN_OR_RETURN(const core::Incident* inc,
                                    VisibleIncident(*call, call->params[0]));
             if (ctx.options.router == nullptr) {
               return Status::Unavailable(msg::kNoGraph);
             }
             return ctx.OnCompute(call, [&ctx, call, id = inc->id, to = inc->location]() -> Status {
               Json routes = Json::array();
               for (const auto& [uid, unit] : call->state->units()) {
                 if (!units::IsOnTheWay(unit, id)) continue;
                 Json item = {{"unit", uid.value()},
                              {"status", std::string(core::CodeOf(unit.status))},
                              {"since_ms", ToUnixMillis(unit.status_since)}};
                 const std::optional<units::UnitOrigin> from =
                     units::OriginOf(*call->state, unit, ctx.clock.Now(), ctx.options.stale_after);
                 if (!from) {
                   item["error"] = "no position and no station";
                   routes.push_back(std::move(item));
                   continue;
                 }
                 item["origin"] = units::CodeOf(from->origin);
                 const auto r =
                     ctx.options.router->Route({from->at.lat, from->at.lon}, {to.lat, to.lon});
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
           })
      .Answers(table.Schema(
          "RoutesResponse",
          schema::Obj(
              {{"incident", schema::Int()},
               {"routes",
                schema::Arr(table.Schema(
                    "UnitRoute",
                    schema::Obj(
                        {{"unit", schema::Str()},
                         {"status", schema::Ref("UnitStatus")},
                         {"since_ms",
                          schema::Described(schema::Int(), "Its status since, Unix milliseconds")},
                         {"origin?", schema::Ref("UnitOrigin")},
                         {"eta_s?", schema::Num()},
                         {"distance_m?", schema::Num()},
                         {"line?", schema::Described(schema::Arr(schema::Pair(schema::Num())),
                                                     "The road route as [lat, lon] points")},
                         {"error?", schema::Described(schema::Str(),
                                                      "Why it has no route (then no eta_s, "
                                                      "distance_m or line)")}})))}})))
      .MayFail({503});
  table
      .Add({.method = "POST",
            .pattern = "/api/v1/incidents/{id}/dispatch",
            .operation_id = "dispatchUnits",
            .summary = "Dispatch units (出动)"},
           [&ctx](const CallPtr& call) {
             ELINK_ASSIGN_OR_RETURN(const core::Incident* inc,
                                    VisibleIncident(*call, call->params[0]));
             ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kDispatch, inc->jurisdiction));
             ELINK_ASSIGN_OR_RETURN(JsonObject body, JsonObject::Parse(call->request.body));
             std::vector<std::string> units;
             ELINK_RETURN_IF_ERROR(body.StringArray("units", &units, true, 64, 64));
             ELINK_RETURN_IF_ERROR(body.Finish());
             dispatch::DispatchUnits command{inc->id, {}};
             for (std::size_t i = 0; i < units.size(); ++i) {
               const std::string field = "units[" + std::to_string(i) + "]";
               const core::Unit* u = call->state->FindUnit(core::UnitId(units[i]));
               if (u == nullptr) return Status::NotFound(core::msg::kNoUnit, units[i]).At(field);
               // A unit of a district with a mutual-aid agreement may be sent though it is not
               // ours.
               if (!auth::CanSeeUnit(*call->state, *call->user, *u) &&
                   dispatch::AffiliationOf(*call->state, u->org, inc->jurisdiction) ==
                       dispatch::Affiliation::kOther) {
                 return Status::PermissionDenied(msg::kUnitNotOurs, units[i]).At(field);
               }
               command.units.push_back(u->id);
             }
             return ctx.Submit(call, std::move(command), Saved(call));
           })
      .Takes(schema::Obj(
          {{"units", schema::Described(schema::Arr(schema::Str()), "Unit ids, at most 64")}}))
      .Answers(schema::Ref("CommandResponse"))
      .MayFail({409, 503});
  table
      .Add({.method = "POST",
            .pattern = "/api/v1/assignments",
            .operation_id = "assignJointly",
            .summary = "Share the available units among several incidents, weighted by level"},
           [&ctx](const CallPtr& call) {
             ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kAssign));
             ELINK_ASSIGN_OR_RETURN(JsonObject body, JsonObject::Parse(call->request.body));
             std::vector<std::int64_t> ids;
             ELINK_RETURN_IF_ERROR(body.IntArray("incidents", &ids, true, 200, 1, INT64_MAX));
             ELINK_RETURN_IF_ERROR(body.Finish());
             if (ids.empty()) return Status::InvalidArgument("incidents", msg::kNameAnIncident);
             std::vector<core::IncidentId> incidents;
             for (std::size_t i = 0; i < ids.size(); ++i) {
               const std::string field = "incidents[" + std::to_string(i) + "]";
               if (std::find(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(i), ids[i]) !=
                   ids.begin() + static_cast<std::ptrdiff_t>(i)) {
                 return Status::InvalidArgument(field, msg::kIncidentTwice);
               }
               ELINK_ASSIGN_OR_RETURN(const core::Incident* inc,
                                      VisibleIncident(*call, std::to_string(ids[i]), field));
               incidents.push_back(inc->id);
             }
             // Who may ask is checked first; whether the center can answer, after.
             if (ctx.recommender == nullptr) {
               return Status::Unavailable(msg::kNoGraph);
             }
             return ctx.OnCompute(call, [&ctx, call, incidents = std::move(incidents)]() -> Status {
               ELINK_ASSIGN_OR_RETURN(
                   const dispatch::JointAssignment joint,
                   ctx.recommender->AssignJointly(*call->state, incidents, ctx.clock.Now()));
               Json out = JointAssignmentJson(joint);
               out["text"] = {{"zh", dispatch::DescribeJoint(joint, *call->state, true)},
                              {"en", dispatch::DescribeJoint(joint, *call->state, false)}};
               call->Reply(200, out);
               return Status::Ok();
             });
           })
      .Takes(
          schema::Obj({{"incidents", schema::Described(schema::Arr(schema::Int()),
                                                       "Incident ids, at most 200, each once")}}))
      .Answers(schema::Ref("JointAssignment"))
      .MayFail({404, 503});
  table
      .Add({.method = "GET",
            .pattern = "/api/v1/coverage",
            .operation_id = "getCoverage",
            .summary =
                "Live coverage (实时覆盖): the share of each grid's demand that the free units "
                "of a type reach within the standard from where they are, and move-up "
                "advice (补位建议)"},
           [&ctx](const CallPtr& call) {
             ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kReadUnits));
             dispatch::LiveCoverageOptions options;
             if (const std::string t = call->Query("type"); !t.empty()) {
               ELINK_ASSIGN_OR_RETURN(options.type,
                                      core::ParseEnumField<core::UnitType>(t, "type"));
             }
             ELINK_ASSIGN_OR_RETURN(const std::int64_t minutes,
                                    QueryInteger(call->Query("minutes"), "minutes", 8, 1, 120));
             ELINK_ASSIGN_OR_RETURN(const std::int64_t moves,
                                    QueryInteger(call->Query("moves"), "moves", 3, 0, 20));
             options.standard = std::chrono::minutes(minutes);
             options.max_moves = static_cast<int>(moves);
             options.stale_after = ctx.options.stale_after;
             if (ctx.options.router == nullptr) {
               return Status::Unavailable(msg::kNoGraph);
             }
             return ctx.OnCompute(call, [&ctx, call, options]() mutable -> Status {
               const core::State& state = *call->state;
               options.visible = [&state, user = call->user](const core::Unit& u) {
                 return auth::CanSeeUnit(state, *user, u);
               };
               ELINK_ASSIGN_OR_RETURN(const dispatch::LiveCoverage cov,
                                      dispatch::ComputeLiveCoverage(state, *ctx.options.router,
                                                                    options, ctx.clock.Now()));
               call->Reply(200, CoverageJson(cov, state.last_seq()));
               return Status::Ok();
             });
           })
      .Query("type", schema::Ref("UnitType"), "Units of this type (default engine)")
      .Query("minutes", schema::Int(),
             "The standard: turnout at quarters plus drive, 1 to 120 minutes (default 8)")
      .Query("moves", schema::Int(), "At most this many moves advised, 0 to 20 (default 3)")
      .Answers(table.Schema("Coverage", CoverageSchema()))
      .MayFail({503});
}

}  // namespace elink::api::internal
