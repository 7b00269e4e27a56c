// SPDX-License-Identifier: Apache-2.0
#include "dispatch/duplicates.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

namespace elink::dispatch {
namespace {

std::string_view Family(std::string_view type) { return type.substr(0, type.find('.')); }

// Families (or exact types) that one emergency often shows as, reported by different callers.
constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kRelated = {{
    {"fire", "utility"},          // a gas leak and the fire it starts
    {"fire", "hazmat"},           // a chemical fire and the leak
    {"fire.vehicle", "traffic"},  // a crash and the burning car
    {"traffic", "medical.mass_casualty"},
    {"traffic", "medical.emergency"},  // "someone is hurt" from a crash
    {"building", "geo"},               // an earthquake or landslide and the collapse
    {"building", "utility"},           // a gas explosion and the collapse
    {"flood", "rescue.water"},
    {"flood", "geo.landslide"},           // a rainstorm's two faces
    {"social", "medical.mass_casualty"},  // a crush and its casualties
}};

bool Matches(std::string_view pattern, std::string_view type) {
  return pattern.find('.') == std::string_view::npos ? Family(type) == pattern : type == pattern;
}

}  // namespace

bool RelatedTypes(std::string_view a, std::string_view b) {
  if (Family(a) == Family(b)) return true;
  return std::any_of(kRelated.begin(), kRelated.end(), [&](const auto& pair) {
    return (Matches(pair.first, a) && Matches(pair.second, b)) ||
           (Matches(pair.first, b) && Matches(pair.second, a));
  });
}

Result<std::vector<DuplicateCandidate>> FindDuplicates(const core::State& state,
                                                       std::string_view type,
                                                       const core::LatLon& where, TimePoint when,
                                                       const DuplicateOptions& options,
                                                       std::optional<core::IncidentId> exclude) {
  if (!(options.max_distance_m >= 0)) {
    return Status::InvalidArgument("max_distance_m", "must be a distance of 0 m or more");
  }
  if (options.max_age.count() < 0)
    return Status::InvalidArgument("max_age", "must not be negative");
  if (!std::isfinite(where.lat) || !std::isfinite(where.lon) || std::abs(where.lat) > 90 ||
      std::abs(where.lon) > 180) {
    return Status::InvalidArgument("where", "not a position on Earth");
  }
  std::vector<DuplicateCandidate> out;
  // Incidents are numbered in the order they were reported, so the scan walks back from the newest
  // and stops at the first one older than the window (with an hour's slack for a clock that
  // stepped back): its cost follows the recent reports, not the center's whole history.
  const TimePoint oldest = when - options.max_age - std::chrono::hours(1);
  for (std::uint64_t k = state.next_incident_id().value(); k-- > 1;) {
    const core::Incident* inc = state.FindIncident(core::IncidentId(k));
    if (inc == nullptr) continue;
    if (inc->reported_at < oldest) break;
    if (!inc->IsOpen() || (exclude && inc->id == *exclude) || !RelatedTypes(type, inc->type)) {
      continue;
    }
    const auto age = std::chrono::duration_cast<std::chrono::seconds>(when - inc->reported_at);
    // A report may reach us before an earlier-stamped one is logged: count both directions.
    if (std::chrono::abs(age) > options.max_age) continue;
    const double d = core::HaversineMeters(where, inc->location);
    if (d > options.max_distance_m) continue;
    out.push_back({inc->id, inc->type, d, age});
  }
  std::sort(out.begin(), out.end(), [](const DuplicateCandidate& a, const DuplicateCandidate& b) {
    return a.distance_m != b.distance_m ? a.distance_m < b.distance_m : a.id < b.id;
  });
  if (out.size() > options.max_candidates) out.resize(options.max_candidates);
  return out;
}

}  // namespace elink::dispatch
