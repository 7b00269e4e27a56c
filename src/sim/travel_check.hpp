#pragma once
// Travel-time validation: how far the road graph's travel times are from real fire engines.
// For every SF call inside the graph's area, one engine or truck that drove from its own station
// (the first dispatched, else the first to arrive) gives a pair: the drive time our router
// predicts from the station to the call, and the real en route → on scene time of the log. The
// report gives the errors overall, by road class of the call's street and by priority, and fits
// speed factors per road class (or one for all) that would bring the profile closest to the
// streets. Method, figures and the command: docs/travel-validation.md; the command itself is
// app/travel_cli.hpp.

#include "geo/graph.hpp"
#include "geo/router.hpp"
#include "sim/calls.hpp"
#include "util/clock.hpp"
#include "util/status.hpp"

#include <array>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace elink::sim {

// A fire station: its number ("Fire Station #39" → 39) and where it is.
struct Station {
  int number = 0;
  std::string name;
  core::LatLon location;
};

// A GeoJSON FeatureCollection of Point features. The station number is the property "station"
// (a number or a numeric string) when present, else the number after '#' in "common_name"
// (DataSF City Facilities), else the trailing number of "name" (OSM "San Francisco Fire Station
// 39"). Features without a number are refused (kInvalidArgument naming "features[i]"), as are
// two features with the same number. kIOError when the file cannot be read.
Result<std::vector<Station>> LoadStations(const std::string& path);
Result<std::vector<Station>> ParseStations(std::string_view text, const std::string& name);

// The station of an SF engine or truck: "E01" → 1, "T10" → 10, "E48" → 48. nullopt for any other
// unit (medics, chiefs, rescue squads) or an id that is not a letter followed by 1-3 digits.
std::optional<int> SfUnitStation(std::string_view unit_id);

struct TravelCheckOptions {
  // A call or a station farther than this from the nearest road of the graph is outside it.
  double max_snap_m = 100;
  // A unit that cleared its previous call less than this before being dispatched (or had not
  // cleared it) may have been on the road, not at quarters: such pairs are skipped.
  Millis min_idle{10 * 60 * 1000};
  // Real en route → on scene times outside [min_real, max_real] are taken as logging errors.
  Millis min_real{1000};
  Millis max_real{30 * 60 * 1000};
  // Classes with fewer pairs than this (counting a pair for a class when the class carries at
  // least a fifth of its predicted time) keep the global factor in the per-class fit.
  std::size_t min_pairs_per_class = 30;
  // The profile is for emergency driving: only pairs of calls of at least this priority (3:
  // lights and siren) are fitted. Errors are reported for every pair.
  int fit_min_priority = 3;
  // And at most this one: `--fit-priority 2` fits the non-emergency drives alone (2..2).
  int fit_max_priority = 3;
  // Called with (calls done, calls total).
  std::function<void(std::size_t done, std::size_t total)> progress;
};

// Why a call gave no pair.
inline constexpr std::string_view kSkipNoEngine = "no_engine_or_truck";
inline constexpr std::string_view kSkipIncomplete = "incomplete_times";  // no en route / on scene
inline constexpr std::string_view kSkipStationUnknown = "station_unknown";
inline constexpr std::string_view kSkipStationOutside = "station_outside_graph";
inline constexpr std::string_view kSkipNotAtQuarters = "maybe_not_at_quarters";
inline constexpr std::string_view kSkipImplausible = "implausible_times";
inline constexpr std::string_view kSkipNoRoute = "no_route";

// One call with its unit: the real and the predicted drive.
struct TravelPair {
  std::string call_id;
  std::string unit_id;
  int station = 0;
  int priority = 0;
  std::string type;
  core::LatLon call_location;
  core::LatLon station_location;
  double real_s = 0;                                    // en route → on scene
  double predicted_s = 0;                               // router, station → call
  double distance_m = 0;                                // along the predicted route
  geo::RoadClass call_road = geo::RoadClass::kUnknown;  // class of the call's snapped segment
  // Predicted seconds spent on each road class (adds up to predicted_s).
  std::array<double, geo::kRoadClassCount> class_s{};
  [[nodiscard]] double error_s() const { return predicted_s - real_s; }
};

struct ErrorStats {
  std::size_t n = 0;
  double mean_bias_s = 0;    // mean of predicted − real
  double median_bias_s = 0;  // median of predicted − real
  double mae_s = 0;          // mean |predicted − real|
  double median_ae_s = 0;    // median |predicted − real|
  double p90_ae_s = 0;
  double median_real_s = 0;
  double median_predicted_s = 0;
  double median_ratio = 0;  // median of predicted / real
};

// Time multipliers on the graph's edge times: predicted' = Σ_class factor × seconds on class.
// A factor above 1 means the streets are slower than the profile (speed ÷ factor).
struct SpeedFit {
  std::size_t pairs = 0;                                  // pairs fitted
  double global = 1;                                      // one factor for every class
  std::array<double, geo::kRoadClassCount> per_class{};   // 0 for classes with no time at all
  std::array<bool, geo::kRoadClassCount> class_fitted{};  // false: thin, kept the global factor
  std::array<std::size_t, geo::kRoadClassCount> class_pairs{};  // support, see options
  double median_ae_before_s = 0;
  double median_ae_global_s = 0;
  double median_ae_per_class_s = 0;
  // Two-fold cross-validation (calls split alternately): median |error| on the held-out half.
  double cv_median_ae_before_s = 0;
  double cv_median_ae_global_s = 0;
  double cv_median_ae_per_class_s = 0;
  bool recommend_per_class = false;  // per-class beats global on held-out calls
  // Diagnostic: real ≈ overhead + factor × predicted (a fixed time per trip plus one factor),
  // fitted the same way, with its held-out error.
  double overhead_s = 0;
  double overhead_factor = 1;
  double median_ae_overhead_s = 0;
  double cv_median_ae_overhead_s = 0;
};

struct TravelReport {
  std::size_t calls_total = 0;
  std::size_t calls_outside_area = 0;  // the call's place is not within max_snap_m of the graph
  std::size_t calls_considered = 0;    // calls_total − calls_outside_area
  std::map<std::string, std::size_t> skipped;  // reason → calls; sums to considered − pairs
  std::size_t skipped_total = 0;
  std::vector<TravelPair> pairs;
  ErrorStats overall;
  std::map<geo::RoadClass, ErrorStats> by_road_class;  // of the call's snapped segment
  std::map<int, ErrorStats> by_priority;
  SpeedFit fit;  // on the pairs of priority >= options.fit_min_priority
  TravelCheckOptions options;
  // How fast the graph drives each class: its edges' total length over their total time, km/h
  // (0 for a class it lacks). The time factors apply to these speeds, whatever profile built it.
  std::array<double, geo::kRoadClassCount> graph_kmh{};
};

// Pairs every call with its unit and compares. `stations` by number. Fails only for bad options
// (kInvalidArgument); calls that cannot be used are counted in `skipped` or
// `calls_outside_area`.
Result<TravelReport> CheckTravelTimes(const geo::Router& router, std::span<const Call> calls,
                                      std::span<const Station> stations,
                                      const TravelCheckOptions& options = {});

// Error statistics of a set of pairs (all zero when empty).
ErrorStats ComputeErrorStats(std::span<const TravelPair> pairs);
// Fits the factors on `pairs` (their class_s); min_pairs_per_class as in the options.
SpeedFit FitSpeedFactors(std::span<const TravelPair> pairs, std::size_t min_pairs_per_class);

// The report as JSON (every figure, the pairs, the fit with current and suggested speeds).
std::string TravelReportJson(const TravelReport& report, const ImportReport& calls,
                             const std::string& graph_source);
// A self-contained HTML page (no external resources): figures, tables and an SVG scatter chart
// of predicted against real time with the diagonal.
std::string TravelReportHtml(const TravelReport& report, const ImportReport& calls,
                             const std::string& graph_source);
// A summary for a terminal, in Chinese or English.
std::string TravelReportText(const TravelReport& report, const ImportReport& calls, bool chinese);
// pairs.csv: one line per pair.
std::string TravelPairsCsv(const TravelReport& report);

}  // namespace elink::sim
