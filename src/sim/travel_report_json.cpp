// SPDX-License-Identifier: Apache-2.0
#include "sim/internal/travel_common.hpp"
#include "sim/travel_check.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

// The JSON report and pairs.csv.

namespace elink::sim {

using internal::Fixed;
using internal::kClasses;
using internal::Seconds;

namespace {

nlohmann::json StatsJson(const ErrorStats& s) {
  const auto r1 = [](double v) { return std::round(v * 10) / 10; };
  return {{"n", s.n},
          {"mean_bias_s", r1(s.mean_bias_s)},
          {"median_bias_s", r1(s.median_bias_s)},
          {"mae_s", r1(s.mae_s)},
          {"median_ae_s", r1(s.median_ae_s)},
          {"p90_ae_s", r1(s.p90_ae_s)},
          {"median_real_s", r1(s.median_real_s)},
          {"median_predicted_s", r1(s.median_predicted_s)},
          {"median_ratio", std::round(s.median_ratio * 1000) / 1000}};
}

}  // namespace

std::string TravelReportJson(const TravelReport& r, const ImportReport& calls,
                             const std::string& graph_source) {
  nlohmann::json j;
  j["graph"] = graph_source;
  j["calls_file"] = {{"source", calls.source},
                     {"rows_read", calls.rows_read},
                     {"rows_used", calls.rows_used},
                     {"rows_rejected", calls.rows_rejected},
                     {"calls_built", calls.calls_built}};
  j["options"] = {{"max_snap_m", r.options.max_snap_m},
                  {"min_idle_s", Seconds(r.options.min_idle)},
                  {"min_real_s", Seconds(r.options.min_real)},
                  {"max_real_s", Seconds(r.options.max_real)},
                  {"min_pairs_per_class", r.options.min_pairs_per_class},
                  {"fit_min_priority", r.options.fit_min_priority},
                  {"fit_max_priority", r.options.fit_max_priority}};
  j["calls_total"] = r.calls_total;
  j["calls_outside_area"] = r.calls_outside_area;
  j["calls_considered"] = r.calls_considered;
  j["skipped_total"] = r.skipped_total;
  j["skipped"] = r.skipped;
  j["pair_count"] = r.pairs.size();
  j["overall"] = StatsJson(r.overall);
  nlohmann::json classes = nlohmann::json::object();
  for (const auto& [c, s] : r.by_road_class) classes[geo::RoadClassName(c)] = StatsJson(s);
  j["by_road_class"] = classes;
  nlohmann::json prio = nlohmann::json::object();
  for (const auto& [p, s] : r.by_priority) prio[std::to_string(p)] = StatsJson(s);
  j["by_priority"] = prio;

  const auto r3 = [](double v) { return std::round(v * 1000) / 1000; };
  const auto r1 = [](double v) { return std::round(v * 10) / 10; };
  nlohmann::json fit;
  fit["pairs"] = r.fit.pairs;
  fit["global_factor"] = r3(r.fit.global);
  fit["median_ae_before_s"] = r1(r.fit.median_ae_before_s);
  fit["median_ae_global_s"] = r1(r.fit.median_ae_global_s);
  fit["median_ae_per_class_s"] = r1(r.fit.median_ae_per_class_s);
  fit["cv_median_ae_before_s"] = r1(r.fit.cv_median_ae_before_s);
  fit["cv_median_ae_global_s"] = r1(r.fit.cv_median_ae_global_s);
  fit["cv_median_ae_per_class_s"] = r1(r.fit.cv_median_ae_per_class_s);
  fit["recommend"] = r.fit.recommend_per_class ? "per_class" : "global";
  fit["overhead_model"] = {{"overhead_s", r.fit.overhead_s},
                           {"factor", r3(r.fit.overhead_factor)},
                           {"median_ae_s", r1(r.fit.median_ae_overhead_s)},
                           {"cv_median_ae_s", r1(r.fit.cv_median_ae_overhead_s)}};
  nlohmann::json per = nlohmann::json::object();
  for (std::size_t c = 1; c < kClasses; ++c) {
    if (r.fit.per_class[c] <= 0) continue;
    per[geo::RoadClassName(static_cast<geo::RoadClass>(c))] = {
        {"time_factor", r3(r.fit.per_class[c])},
        {"fitted", r.fit.class_fitted[c]},
        {"pairs", r.fit.class_pairs[c]},
        {"graph_kmh", r1(r.graph_kmh[c])},
        {"per_class_kmh", r1(r.graph_kmh[c] / r.fit.per_class[c])},
        {"global_kmh", r1(r.graph_kmh[c] / r.fit.global)}};
  }
  fit["per_class"] = per;
  j["fit"] = fit;
  nlohmann::json pairs = nlohmann::json::array();
  for (const TravelPair& p : r.pairs) {
    pairs.push_back({{"call", p.call_id},
                     {"unit", p.unit_id},
                     {"station", p.station},
                     {"priority", p.priority},
                     {"type", p.type},
                     {"lat", p.call_location.lat},
                     {"lon", p.call_location.lon},
                     {"real_s", p.real_s},
                     {"predicted_s", p.predicted_s},
                     {"distance_m", std::round(p.distance_m)},
                     {"road_class", geo::RoadClassName(p.call_road)}});
  }
  j["pairs"] = pairs;
  return j.dump(2) + "\n";
}

std::string TravelPairsCsv(const TravelReport& r) {
  std::string out =
      "call,unit,station,priority,type,lat,lon,station_lat,station_lon,real_s,predicted_s,"
      "error_s,distance_m,road_class\n";
  for (const TravelPair& p : r.pairs) {
    out += p.call_id + "," + p.unit_id + "," + std::to_string(p.station) + "," +
           std::to_string(p.priority) + "," + p.type + "," + Fixed(p.call_location.lat, 6) + "," +
           Fixed(p.call_location.lon, 6) + "," + Fixed(p.station_location.lat, 6) + "," +
           Fixed(p.station_location.lon, 6) + "," + Fixed(p.real_s, 0) + "," +
           Fixed(p.predicted_s, 1) + "," + Fixed(p.error_s(), 1) + "," + Fixed(p.distance_m, 0) +
           "," + geo::RoadClassName(p.call_road) + "\n";
  }
  return out;
}

}  // namespace elink::sim
