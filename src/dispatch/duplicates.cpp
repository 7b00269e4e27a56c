// SPDX-License-Identifier: Apache-2.0
#include "dispatch/duplicates.hpp"

#include "dispatch/messages.hpp"

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

namespace {

Status CheckQuery(const core::LatLon& where, const DuplicateOptions& options) {
  if (!(options.max_distance_m >= 0)) {
    return Status::InvalidArgument("max_distance_m", msg::kDistanceNotNegative);
  }
  if (options.max_age.count() < 0) return Status::InvalidArgument("max_age", msg::kNotNegative);
  if (!std::isfinite(where.lat) || !std::isfinite(where.lon) || std::abs(where.lat) > 90 ||
      std::abs(where.lon) > 180) {
    return Status::InvalidArgument("where", msg::kNotOnEarth);
  }
  return {};
}

// The rule, for one incident: the candidate it makes, if it qualifies.
std::optional<DuplicateCandidate> Qualifies(const core::Incident& inc, std::string_view type,
                                            const core::LatLon& where, TimePoint when,
                                            const DuplicateOptions& options,
                                            std::optional<core::IncidentId> exclude) {
  if (!inc.IsOpen() || (exclude && inc.id == *exclude) || !RelatedTypes(type, inc.type)) {
    return std::nullopt;
  }
  const auto age = std::chrono::duration_cast<std::chrono::seconds>(when - inc.reported_at);
  // A report may reach us before an earlier-stamped one is logged: count both directions.
  if (std::chrono::abs(age) > options.max_age) return std::nullopt;
  const double d = core::HaversineMeters(where, inc.location);
  if (d > options.max_distance_m) return std::nullopt;
  return DuplicateCandidate{inc.id, inc.type, d, age};
}

void NearestFirst(std::vector<DuplicateCandidate>& out, const DuplicateOptions& options) {
  std::sort(out.begin(), out.end(), [](const DuplicateCandidate& a, const DuplicateCandidate& b) {
    return a.distance_m != b.distance_m ? a.distance_m < b.distance_m : a.id < b.id;
  });
  if (out.size() > options.max_candidates) out.resize(options.max_candidates);
}

constexpr double kCellDeg = 0.0025;
constexpr double kMetresPerDegree = 111'195.0;  // of latitude (HaversineMeters' Earth radius)
// Beyond this many cells each way the scan is as cheap as the cells (near the poles, or for a
// very wide search).
constexpr std::int64_t kMaxCellReach = 64;

std::int64_t CellOf(double deg) { return static_cast<std::int64_t>(std::floor(deg / kCellDeg)); }
std::int64_t Key(std::int64_t lat_cell, std::int64_t lon_cell) {
  // lat cells lie in [-18000, 18000], lon cells in [-36000, 36000].
  return (lat_cell + 20'000) * 100'000 + (lon_cell + 40'000);
}

}  // namespace

Result<std::vector<DuplicateCandidate>> FindDuplicates(const core::State& state,
                                                       std::string_view type,
                                                       const core::LatLon& where, TimePoint when,
                                                       const DuplicateOptions& options,
                                                       std::optional<core::IncidentId> exclude) {
  ELINK_RETURN_IF_ERROR(CheckQuery(where, options));
  std::vector<DuplicateCandidate> out;
  // Incidents are numbered in the order they were reported, so the scan walks back from the newest
  // and stops at the first one older than the window (with an hour's slack for a clock that
  // stepped back): its cost follows the recent reports, not the center's whole history.
  const TimePoint oldest = when - options.max_age - std::chrono::hours(1);
  for (std::uint64_t k = state.next_incident_id().value(); k-- > 1;) {
    const core::Incident* inc = state.FindIncident(core::IncidentId(k));
    if (inc == nullptr) continue;
    if (inc->reported_at < oldest) break;
    if (auto c = Qualifies(*inc, type, where, when, options, exclude)) out.push_back(*c);
  }
  NearestFirst(out, options);
  return out;
}

void DuplicateIndex::Learn(const core::State& state) {
  const std::uint64_t end = state.next_incident_id().value();
  for (; next_id_ < end; ++next_id_) {
    const core::Incident* inc = state.FindIncident(core::IncidentId(next_id_));
    if (inc == nullptr) continue;
    cells_[Key(CellOf(inc->location.lat), CellOf(inc->location.lon))].push_back(
        {inc->id, inc->reported_at, inc->location});
    newest_ = std::max(newest_, inc->reported_at);
    ++size_;
    ++added_since_prune_;
  }
  if (added_since_prune_ >= 4096) Prune();
}

void DuplicateIndex::Prune() {
  // Two windows back from the newest report, with the scan's hour of slack: a search for a new
  // report never reaches that far.
  const TimePoint cutoff = newest_ - 2 * options_.max_age - std::chrono::hours(1);
  for (auto it = cells_.begin(); it != cells_.end();) {
    auto& entries = it->second;
    const auto old = std::remove_if(entries.begin(), entries.end(),
                                    [&](const Entry& e) { return e.reported_at < cutoff; });
    size_ -= static_cast<std::size_t>(entries.end() - old);
    entries.erase(old, entries.end());
    it = entries.empty() ? cells_.erase(it) : std::next(it);
  }
  horizon_ = std::max(horizon_, cutoff);
  added_since_prune_ = 0;
}

std::size_t DuplicateIndex::size() const {
  const util::MutexLock lock(mu_);
  return size_;
}

Result<std::vector<DuplicateCandidate>> DuplicateIndex::Find(
    const core::State& state, std::string_view type, const core::LatLon& where, TimePoint when,
    std::optional<core::IncidentId> exclude) {
  ELINK_RETURN_IF_ERROR(CheckQuery(where, options_));
  const double reach_m = options_.max_distance_m;
  // The cells of the box around `where` that holds the search circle. A degree of longitude
  // shrinks towards the poles: take the narrowest row the box touches.
  const double dlat = reach_m / kMetresPerDegree;
  const double edge_lat = std::min(90.0, std::abs(where.lat) + dlat);
  const double cos_edge = std::cos(edge_lat * M_PI / 180.0);
  const double dlon = cos_edge > 1e-9 ? dlat / cos_edge : 360.0;
  const std::int64_t lat_lo = CellOf(where.lat - dlat);
  const std::int64_t lat_hi = CellOf(where.lat + dlat);
  const std::int64_t lon_lo = CellOf(where.lon - dlon);
  const std::int64_t lon_hi = CellOf(where.lon + dlon);
  const bool reachable =
      lat_hi - lat_lo <= 2 * kMaxCellReach && lon_hi - lon_lo <= 2 * kMaxCellReach;
  const TimePoint earliest = when - options_.max_age;
  const TimePoint latest = when + options_.max_age;
  std::vector<std::pair<core::IncidentId, double>> near;
  bool scan = !reachable;
  {
    const util::MutexLock lock(mu_);
    Learn(state);
    scan = scan || when - options_.max_age - std::chrono::hours(1) < horizon_;
    if (!scan) {
      const std::int64_t lon_cells = CellOf(180.0) - CellOf(-180.0);
      for (std::int64_t a = lat_lo; a <= lat_hi; ++a) {
        for (std::int64_t b = lon_lo; b <= lon_hi; ++b) {
          // Longitude wraps at the antimeridian.
          std::int64_t wrapped = b;
          if (wrapped < CellOf(-180.0)) wrapped += lon_cells;
          if (wrapped >= CellOf(180.0)) wrapped -= lon_cells;
          const auto it = cells_.find(Key(a, wrapped));
          if (it == cells_.end()) continue;
          // Place and time first, from the index alone; only the few left are looked up.
          for (const Entry& e : it->second) {
            if (e.reported_at < earliest || e.reported_at > latest) continue;
            const double d = core::HaversineMeters(where, e.location);
            if (d <= reach_m) near.emplace_back(e.id, d);
          }
        }
      }
    }
  }
  // The fallback scan reads only the caller's state: the index need not be held for it.
  if (scan) return FindDuplicates(state, type, where, when, options_, exclude);
  std::vector<DuplicateCandidate> out;
  for (const auto& [id, d] : near) {
    // The caller's state is the truth: it may be older than what the index has learnt.
    const core::Incident* inc = state.FindIncident(id);
    if (inc == nullptr) continue;
    if (auto c = Qualifies(*inc, type, where, when, options_, exclude)) out.push_back(*c);
  }
  NearestFirst(out, options_);
  return out;
}

}  // namespace elink::dispatch
