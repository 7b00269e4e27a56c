// SPDX-License-Identifier: Apache-2.0
// The routes of the reference data: incident types, organisations, grids, stations, plans, the road
// map and place search.
#include "api/internal/routes.hpp"
#include "api/map_layers.hpp"
#include "core/incident_types.hpp"
#include "geo/gazetteer.hpp"

namespace elink::api::internal {

using auth::Action;

void AddReferenceRoutes(RouteTable& table, RouteContext& ctx) {
  // A list of reference data, for whoever may read it.
  const auto reference = [&](std::string_view path, std::string_view operation_id,
                             std::string_view summary, const Json& item, auto items) {
    table
        .Add({.method = "GET", .pattern = path, .operation_id = operation_id, .summary = summary},
             [items](const CallPtr& call) {
               ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kReadReference));
               call->Reply(200, {{"items", items(*call->state)}});
               return Status::Ok();
             })
        .Answers(schema::Items(item));
  };
  reference("/api/v1/incident-types", "listIncidentTypes",
            "The incident type catalogue, each with the types its duplicates may be reported as",
            table.Schema(
                "IncidentType",
                schema::Obj({{"code", schema::Str()},
                             {"category", schema::Ref("Category")},
                             {"name", schema::Ref("Localized")},
                             {"related", schema::Described(schema::Arr(schema::Str()),
                                                           "The types a duplicate of it may be "
                                                           "reported as (itself among them)")}})),
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
  reference("/api/v1/organisations", "listOrganisations", "The organisation tree",
            schema::Ref("Organisation"), [](const core::State& st) {
              Json out = Json::array();
              for (const auto& [id, o] : st.organisations()) out.push_back(OrgJson(o));
              return out;
            });
  reference("/api/v1/grids", "listGrids", "Grids (网格) with their areas", schema::Ref("Grid"),
            [](const core::State& st) {
              Json out = Json::array();
              for (const auto& [id, g] : st.grids()) out.push_back(GridJson(g));
              return out;
            });
  reference("/api/v1/stations", "listStations", "Stations", schema::Ref("Station"),
            [](const core::State& st) {
              Json out = Json::array();
              for (const auto& [id, s] : st.stations()) out.push_back(StationJson(s));
              return out;
            });
  reference("/api/v1/plans", "listPlans", "Response plans (应急预案)", schema::Ref("Plan"),
            [](const core::State& st) {
              Json out = Json::array();
              for (const auto& [id, p] : st.plans()) out.push_back(PlanJson(p));
              return out;
            });

  table
      .Add({.method = "GET",
            .pattern = "/api/v1/duplicate-rule",
            .operation_id = "getDuplicateRule",
            .summary = "The rule a new report is flagged as a probable duplicate by: an open "
                       "incident of a related type (GET /api/v1/incident-types), this near, "
                       "reported this long before or after"},
           [&ctx](const CallPtr& call) {
             ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kReadReference));
             const dispatch::DuplicateOptions& rule = ctx.duplicates.options();
             call->Reply(200, {{"max_distance_m", rule.max_distance_m},
                               {"max_age_s", rule.max_age.count()}});
             return Status::Ok();
           })
      .Answers(table.Schema(
          "DuplicateRule",
          schema::Obj({{"max_distance_m", schema::Described(schema::Num(), "Straight line")},
                       {"max_age_s", schema::Int()}})));
  table
      .Add({.method = "GET",
            .pattern = "/api/v1/map/roads",
            .operation_id = "getRoadMap",
            .summary = "The road network as GeoJSON, one MultiLineString per road class (the map "
                       "has no tiles)"},
           [&ctx](const CallPtr& call) {
             ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kReadReference));
             if (ctx.roads_geojson.empty()) {
               return Status::Unavailable(msg::kNoGraph);
             }
             HttpResponse r;
             r.content_type = "application/geo+json";
             r.body = ctx.roads_geojson;
             // The graph does not change while the center runs.
             r.headers.emplace_back("Cache-Control", "private, max-age=3600");
             call->Send(std::move(r));
             return Status::Ok();
           })
      .Produces("application/geo+json")
      .Answers(table.Schema("RoadCollection", RoadsGeoJsonSchema()))
      .MayFail({503});
  table
      .Add({.method = "GET",
            .pattern = "/api/v1/places",
            .operation_id = "searchPlaces",
            .summary = "Streets and corners by name (q, limit)"},
           [&ctx](const CallPtr& call) {
             ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kReadReference));
             if (ctx.gazetteer == nullptr) {
               return Status::Unavailable(msg::kNoGraph);
             }
             ELINK_ASSIGN_OR_RETURN(const std::size_t limit, Limit(call->Query("limit"), 10, 50));
             Result<std::vector<geo::PlaceMatch>> found =
                 ctx.gazetteer->Search(call->Query("q"), limit);
             if (!found.ok()) return Status(found.status()).At("q");
             Json items = Json::array();
             for (const geo::PlaceMatch& m : *found) {
               items.push_back(
                   {{"name", m.name},
                    {"kind",
                     m.kind == geo::PlaceMatch::Kind::kIntersection ? "intersection" : "street"},
                    {"location", {{"lat", m.lat}, {"lon", m.lon}}},
                    {"score", m.score}});
             }
             call->Reply(200, {{"items", items}});
             return Status::Ok();
           })
      .Query(
          "q", schema::Str(),
          "A street (\"lombard\") or a corner (\"Chestnut St & Fillmore St\", \"人民路与解放路\")")
      .Query("limit", schema::Int(), "At most this many (1 to 50, default 10)")
      .Answers(schema::Items(table.Schema(
          "Place",
          schema::Obj({{"name", schema::Str()},
                       {"kind", {{"type", "string"}, {"enum", {"street", "intersection"}}}},
                       {"location", schema::Ref("LatLon")},
                       {"score", schema::Num()}}))))
      .MayFail({503});
}

}  // namespace elink::api::internal
