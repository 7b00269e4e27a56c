#pragma once
// The dispatcher's operational commands of the `elink` binary, each a command on the engine
// (logged, replayable) or a read of its state: incident status and level, dispatch (named units
// or the recommended set), unit status, AVL positions and the unit status board, department
// tasks (acknowledge, finish, escalate overdue), the joint assignment over open incidents, and
// place search in the region's street names.

#include "app/i18n.hpp"
#include "core/state.hpp"
#include "engine/engine.hpp"
#include "geo/router.hpp"
#include "util/clock.hpp"
#include "util/status.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace elink::app {

// "a,b,c" → {"a", "b", "c"}, blanks dropped; kInvalidArgument naming `field` when empty or longer
// than `max_items`.
Result<std::vector<std::string>> ParseList(const std::string& text, const std::string& field,
                                           std::size_t max_items);

// Verify, on scene, controlled, closed or cancelled (`to` is the status code).
Status RunIncidentStatus(engine::Engine& engine, const std::string& actor, std::uint64_t incident,
                         const std::string& to, const std::string& reason, Lang lang,
                         std::ostream& out);
// Raises or lowers the level; lists the department tasks a raise adds.
Status RunIncidentLevel(engine::Engine& engine, const std::string& actor, std::uint64_t incident,
                        const std::string& to, const std::string& reason, Lang lang,
                        std::ostream& out);
// The incident's detail and chronology.
Status RunIncidentShow(const core::State& state, std::uint64_t incident, Lang lang, TimePoint now,
                       std::ostream& out);

// Dispatches `units` (ids), or, when empty and `router` is given, every unit the recommendation
// picks that is not on the incident yet. kInvalidArgument ("units") when neither is given.
Status RunDispatch(engine::Engine& engine, const std::string& actor,
                   std::shared_ptr<const geo::Router> router, std::uint64_t incident,
                   const std::vector<std::string>& units, Lang lang, TimePoint now,
                   std::ostream& out);

Status RunUnitStatus(engine::Engine& engine, const std::string& actor, const std::string& unit,
                     const std::string& to, const std::string& reason, Lang lang,
                     std::ostream& out);
// An AVL report at `at` ("lat,lon") as of now.
Status RunUnitPosition(engine::Engine& engine, const std::string& actor, const std::string& unit,
                       const std::string& at, Lang lang, TimePoint now, std::ostream& out);
// The unit status board: every unit, its status and time in it, its incident, and its position's
// age, marked stale beyond `stale_after`.
void RunUnitList(const core::State& state, Lang lang, TimePoint now,
                 std::chrono::seconds stale_after, std::ostream& out);

// `to` is "acknowledged" or "done".
Status RunTaskUpdate(engine::Engine& engine, const std::string& actor, std::uint64_t incident,
                     std::uint32_t task, const std::string& to, const std::string& note, Lang lang,
                     std::ostream& out);
// Escalates every overdue task and lists what moved where.
Status RunTaskEscalate(engine::Engine& engine, const std::string& actor, Lang lang,
                       std::ostream& out);

// The joint assignment over `incidents`, or when empty over every open incident that is verified
// or further and still short of its plan.
Status RunAssign(const core::State& state, std::shared_ptr<const geo::Router> router,
                 const std::vector<std::uint64_t>& incidents, Lang lang, TimePoint now,
                 std::ostream& out);

// Streets and intersections matching `query` in the graph's street names, best first.
Status RunPlaceSearch(const geo::Router& router, const std::string& query, std::size_t limit,
                      Lang lang, std::ostream& out);
// The best place for `query`, for `incident create --place`; kNotFound ("place") when none.
Result<geo::Position> ResolvePlace(const geo::Router& router, const std::string& query,
                                   std::string* name);

}  // namespace elink::app
