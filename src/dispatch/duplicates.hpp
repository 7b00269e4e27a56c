#pragma once
// Duplicate detection (重复警情): a new report of a related type close in place and time to an
// open incident is probably the same emergency seen by another caller. FindDuplicates lists the
// open incidents that qualify, nearest first, with their distance and age, for the dispatcher to
// merge or keep apart; nothing is merged automatically.

#include "core/model.hpp"
#include "core/state.hpp"
#include "util/clock.hpp"
#include "util/status.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace elink::dispatch {

struct DuplicateOptions {
  double max_distance_m = 300;            // straight line between the reported places
  std::chrono::seconds max_age{30 * 60};  // since the open incident was reported
  // The nearest this many are listed: a street with fifty reports of one flood is one warning.
  std::size_t max_candidates = 20;
};

struct DuplicateCandidate {
  core::IncidentId id;
  std::string type;
  double distance_m = 0;
  std::chrono::seconds age{0};
};

// Same family ("fire.residential" and "fire.high_rise"), or families that one emergency often
// produces together: a vehicle fire and a crash, a gas leak and a fire, an earthquake and a
// collapse, a flood and a water rescue, and so on (the table is in duplicates.cpp).
bool RelatedTypes(std::string_view a, std::string_view b);

// Open incidents of a type related to `type`, within `options.max_distance_m` of `where` and
// reported at most `options.max_age` before `when` (or after it), nearest first; `exclude` (the
// new incident itself) is left out. kInvalidArgument for a negative or NaN distance or a negative
// age ("max_distance_m", "max_age") or a position that is not a finite lat/lon ("where").
Result<std::vector<DuplicateCandidate>> FindDuplicates(
    const core::State& state, std::string_view type, const core::LatLon& where, TimePoint when,
    const DuplicateOptions& options = {}, std::optional<core::IncidentId> exclude = std::nullopt);

}  // namespace elink::dispatch
