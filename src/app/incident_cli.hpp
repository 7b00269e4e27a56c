#pragma once
// The dispatcher's commands of the `elink` binary: report and list incidents through the engine,
// and the unit recommendation for an incident on the region's road graph.

#include "app/i18n.hpp"
#include "core/state.hpp"
#include "dispatch/live_coverage.hpp"
#include "engine/engine.hpp"
#include "geo/router.hpp"
#include "util/clock.hpp"
#include "util/status.hpp"

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>

namespace elink::app {

// The recommendation for one incident of a center, on the region's road graph, as text in
// `lang` (or JSON when `json`). Codes of dispatch::Recommender::Recommend.
Status RunRecommend(const core::State& state, std::shared_ptr<const geo::Router> router,
                    std::uint64_t incident, bool json, Lang lang, TimePoint now, std::ostream& out);

// Live coverage of the free units of a type (dispatch::ComputeLiveCoverage) and the move-up
// advice, as text in `lang` (or JSON when `json`, as GET /api/v1/coverage). Its codes.
Status RunCoverage(const core::State& state, const geo::Router& router,
                   const dispatch::LiveCoverageOptions& options, bool json, Lang lang,
                   TimePoint now, std::ostream& out);

struct IncidentCreateOptions {
  std::string type;          // incident type code, e.g. fire.residential
  std::string level = "IV";  // I, II, III or IV
  std::string at;            // "lat,lon"
  std::string address;
  std::string description;
  std::string source = "call";  // call, sensor, citizen, grid_worker, upstream
  std::string reporter_name;
  std::string reporter_phone;
  core::Casualties casualties;
  std::string actor = "cli";
};

// Reports an incident through the engine (logged like any command); prints its number, then any
// open incident it probably duplicates (dispatch::FindDuplicates) with distance and age.
// Codes of the engine's Decide, and kInvalidArgument for a bad level or position.
Status RunIncidentCreate(engine::Engine& engine, const IncidentCreateOptions& options, Lang lang,
                         std::ostream& out);
// Merges incident `duplicate` into `into` (its reports join the original's chronology).
// Codes of the engine's Decide (kNotFound, kFailedPrecondition).
Status RunIncidentMerge(engine::Engine& engine, std::uint64_t duplicate, std::uint64_t into,
                        Lang lang, std::ostream& out);
// Open incidents (or all with `all`), one line each: number, status, level, type, age, place.
void RunIncidentList(const core::State& state, bool all, Lang lang, TimePoint now,
                     std::ostream& out);

}  // namespace elink::app
