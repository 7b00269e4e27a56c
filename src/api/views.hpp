#pragma once
// The JSON the API answers with: views of the state's objects for clients. Names come in both
// languages ({"zh": ..., "en": ...}) and vocabularies as their codes, so a client shows either
// language without asking again; times are ISO 8601 UTC strings. Nothing secret is ever written
// (a user's password hash has no view).

#include "core/model.hpp"
#include "core/state.hpp"
#include "dispatch/duplicates.hpp"
#include "dispatch/live_coverage.hpp"
#include "dispatch/recommend.hpp"
#include "util/clock.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <string>

namespace elink::api {

using Json = nlohmann::json;

// The OpenAPI schemas (name → schema) of what the functions below write, named as the
// dashboard's types are (Unit, IncidentSummary, Recommendation, ...): the route table puts them in
// the document's components and the routes refer to them.
Json ViewSchemas();

Json NameJson(const core::Name& name);
Json TimeJson(TimePoint t);
Json OrgJson(const core::Organisation& org);
Json GridJson(const core::Grid& grid);
Json StationJson(const core::Station& station);
Json PlanJson(const core::Plan& plan);
// `stale` marks an AVL position older than `stale_after` at `now`.
Json UnitJson(const core::Unit& unit, TimePoint now, std::chrono::seconds stale_after);
Json TaskJson(const core::DepartmentTask& task, TimePoint now);
// What a list shows: identity, type, level, status, place, times.
Json IncidentSummaryJson(const core::Incident& incident);
// Where GET serves an incident's photo: /api/v1/incidents/{id}/photos/{n}.
std::string PhotoUrl(const core::IncidentId& incident, std::uint32_t photo);
// Everything about one incident, with its chronology as entries and as readable lines in zh-CN
// and English, and its photos (index, media_type, size, sha256, attached_at, url).
Json IncidentDetailJson(const core::Incident& incident, const core::State& state, TimePoint now);
// A monitoring sensor: configuration, its live level and last reading, and its exercise track's
// ({"level", "level_name", "level_since", "reason", "last_value", "last_at"}); with
// `with_readings`, each track's recent readings too ({"at", "value", "level"}, oldest first).
Json SensorJson(const core::SensorState& sensor, bool with_readings);
// A probable duplicate: {"id", "type", "distance_m", "age_s"}.
Json DuplicateJson(const dispatch::DuplicateCandidate& d);
Json RecommendationJson(const dispatch::Recommendation& rec);
// Live coverage as GET /api/v1/coverage answers it, as of log position `seq`.
Json CoverageJson(const dispatch::LiveCoverage& coverage, std::uint64_t seq);
Json JointAssignmentJson(const dispatch::JointAssignment& joint);

}  // namespace elink::api
