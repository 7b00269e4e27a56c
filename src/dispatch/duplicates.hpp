#pragma once
// Duplicate detection (重复警情): a new report of a related type close in place and time to an
// open incident is probably the same emergency seen by another caller. FindDuplicates lists the
// open incidents that qualify, nearest first, with their distance and age, for the dispatcher to
// merge or keep apart; nothing is merged automatically.

#include "core/model.hpp"
#include "core/state.hpp"
#include "util/clock.hpp"
#include "util/status.hpp"
#include "util/thread_annotations.hpp"

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
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

// FindDuplicates at the rate reports come in. The scan above walks every incident of the last
// half hour, which is nothing on a normal shift and milliseconds per report in a disaster (or at
// 1,000 reports a second). The index keeps recent incidents in cells of 0.005° and looks only at
// the cells within reach of `where`; the answers are FindDuplicates' own, candidate for candidate
// (tests/dispatch/duplicates_test.cpp compares the two on random centers). It learns new
// incidents from each state it is asked about (by id, so each incident once), forgets those too
// old to matter, and falls back to the scan for a `when` older than what it keeps. Thread-safe.
class DuplicateIndex {
 public:
  explicit DuplicateIndex(DuplicateOptions options = {}) : options_(options) {}
  DuplicateIndex(const DuplicateIndex&) = delete;
  DuplicateIndex& operator=(const DuplicateIndex&) = delete;

  // FindDuplicates(state, type, where, when, options, exclude).
  Result<std::vector<DuplicateCandidate>> Find(
      const core::State& state, std::string_view type, const core::LatLon& where, TimePoint when,
      std::optional<core::IncidentId> exclude = std::nullopt);

  // Incidents held (for tests and metrics).
  [[nodiscard]] std::size_t size() const;

  // The rule it finds duplicates by (the API serves it, so the dashboard warns by the same one).
  [[nodiscard]] const DuplicateOptions& options() const { return options_; }

 private:
  void Learn(const core::State& state) ELINK_REQUIRES(mu_);
  void Prune() ELINK_REQUIRES(mu_);

  const DuplicateOptions options_;
  mutable util::Mutex mu_;
  // Incidents below it are indexed (or were, and pruned).
  std::uint64_t next_id_ ELINK_GUARDED_BY(mu_) = 1;
  struct Entry {
    core::IncidentId id;
    TimePoint reported_at;
    core::LatLon location;
  };
  std::unordered_map<std::int64_t, std::vector<Entry>> cells_ ELINK_GUARDED_BY(mu_);
  std::size_t size_ ELINK_GUARDED_BY(mu_) = 0;
  std::size_t added_since_prune_ ELINK_GUARDED_BY(mu_) = 0;
  TimePoint newest_ ELINK_GUARDED_BY(mu_){};
  // Incidents reported before it may have been pruned: a search reaching back further scans.
  TimePoint horizon_ ELINK_GUARDED_BY(mu_) = TimePoint::min();
};

}  // namespace elink::dispatch
