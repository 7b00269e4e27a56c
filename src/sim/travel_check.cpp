// SPDX-License-Identifier: Apache-2.0
#include "sim/travel_check.hpp"

#include "geo/ch.hpp"
#include "geo/graph_file.hpp"
#include "geo/osm_import.hpp"
#include "geo/snap.hpp"
#include "util/file.hpp"
#include "util/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <unordered_map>
#include <utility>

namespace elink::sim {
namespace {

constexpr std::size_t kClasses = geo::kRoadClassCount;

std::size_t ClassIndex(geo::RoadClass c) { return static_cast<std::size_t>(c); }

double Seconds(Millis d) { return static_cast<double>(d.count()) / 1000.0; }

// Median of `v` (reorders it); 0 when empty.
double Median(std::vector<double>& v) {
  if (v.empty()) return 0;
  const std::size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  const double upper = v[mid];
  if (v.size() % 2 == 1) return upper;
  const double lower = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid));
  return (lower + upper) / 2;
}

// The q-quantile (0..1) by the nearest rank; 0 when empty.
double Quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
  return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

std::string Fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

Result<std::string> ReadText(const std::string& path) {
  return ReadWholeFile(path, std::size_t{256} << 20);
}

Status WriteText(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return Status::IOError("cannot write " + path.string());
  return Status::Ok();
}

// A positive whole number ending `s`, or at the start of `s`.
std::optional<int> LeadingNumber(std::string_view s) {
  std::size_t n = 0;
  while (n < s.size() && n < 4 && s[n] >= '0' && s[n] <= '9') ++n;
  if (n == 0 || n > 3) return std::nullopt;
  int v = 0;
  std::from_chars(s.data(), s.data() + n, v);
  return v > 0 ? std::optional<int>(v) : std::nullopt;
}
std::optional<int> TrailingNumber(std::string_view s) {
  std::size_t n = 0;
  while (n < s.size() && s[s.size() - 1 - n] >= '0' && s[s.size() - 1 - n] <= '9') ++n;
  if (n == 0) return std::nullopt;
  return LeadingNumber(s.substr(s.size() - n));
}

// Seconds of the predicted route on each road class. The route is searched again on the
// hierarchy (same snaps, same rule as Router::Route) to learn its edges.
std::optional<std::array<double, kClasses>> ClassSeconds(const geo::Router& router,
                                                         geo::ChQuery& query,
                                                         const geo::RouteResult& route) {
  const geo::RoadGraph& g = router.graph();
  std::array<double, kClasses> out{};
  const auto add = [&](std::size_t edge, geo::Distance t) {
    if (edge == geo::kNoEdge) return;
    out[ClassIndex(g.Class(edge))] += geo::TimeSeconds(t);
  };
  const geo::Snap& s = route.from;
  const geo::Snap& t = route.to;
  const std::optional<geo::Distance> direct = router.SameSegmentTime(s, t);
  const std::vector<geo::Endpoint> departs = geo::DepartEndpoints(g, s);
  const std::vector<geo::Endpoint> arrives = geo::ArriveEndpoints(g, t);
  Result<geo::Route> routed = query.FindRoute(departs, arrives);
  if (direct && (!routed.ok() || *direct <= routed->time)) {
    add(s.forward_edge, *direct);
    return out;
  }
  if (!routed.ok() || routed->nodes.empty()) return std::nullopt;
  const std::vector<geo::NodeIndex>& nodes = routed->nodes;
  for (const geo::Endpoint& e : departs) {
    if (e.node == nodes.front()) {
      add(e.node == s.b ? s.forward_edge : s.backward_edge, e.offset);
      break;
    }
  }
  for (std::size_t i = 0; i + 1 < nodes.size(); ++i) {
    std::size_t best = geo::kNoEdge;
    for (std::size_t e = g.EdgeBegin(nodes[i]); e < g.EdgeEnd(nodes[i]); ++e) {
      if (g.Target(e) == nodes[i + 1] && (best == geo::kNoEdge || g.Time(e) < g.Time(best))) {
        best = e;
      }
    }
    if (best == geo::kNoEdge) return std::nullopt;
    add(best, g.Time(best));
  }
  for (const geo::Endpoint& e : arrives) {
    if (e.node == nodes.back()) {
      add(e.node == t.a ? t.forward_edge : t.backward_edge, e.offset);
      break;
    }
  }
  return out;
}

// Every dispatch of every unit, to tell whether it came from quarters.
struct Dispatch {
  TimePoint dispatched;
  std::optional<TimePoint> available;
};
using DispatchIndex = std::unordered_map<std::string, std::vector<Dispatch>>;

DispatchIndex IndexDispatches(std::span<const Call> calls) {
  DispatchIndex index;
  for (const Call& call : calls) {
    for (const UnitResponse& u : call.units) {
      if (u.dispatched) index[u.unit_id].push_back({*u.dispatched, u.available});
    }
  }
  for (auto& [unit, list] : index) {
    std::stable_sort(list.begin(), list.end(), [](const Dispatch& a, const Dispatch& b) {
      return a.dispatched < b.dispatched;
    });
  }
  return index;
}

// True when the unit's previous dispatch ended (available) at least `min_idle` before `t`.
bool CameFromQuarters(const DispatchIndex& index, const std::string& unit, TimePoint t,
                      Millis min_idle) {
  const auto it = index.find(unit);
  if (it == index.end()) return true;
  const std::vector<Dispatch>& list = it->second;
  const auto after =
      std::lower_bound(list.begin(), list.end(), t,
                       [](const Dispatch& d, TimePoint when) { return d.dispatched < when; });
  if (after == list.begin()) return true;  // its first dispatch in the log: nothing says otherwise
  const Dispatch& previous = *std::prev(after);
  return previous.available && *previous.available + min_idle <= t;
}

// Mean and median errors of predictions `pred` against `real`.
double MedianAbsError(std::span<const double> pred, std::span<const double> real,
                      std::vector<double>& scratch) {
  scratch.resize(pred.size());
  for (std::size_t i = 0; i < pred.size(); ++i) scratch[i] = std::abs(pred[i] - real[i]);
  return Median(scratch);
}

// The fit works on a matrix of class seconds (pairs × classes) and the real times.
struct FitData {
  std::vector<std::array<double, kClasses>> class_s;
  std::vector<double> real;
};

FitData MakeFitData(std::span<const TravelPair> pairs, const std::vector<std::size_t>& rows) {
  FitData d;
  for (const std::size_t i : rows) {
    d.class_s.push_back(pairs[i].class_s);
    d.real.push_back(pairs[i].real_s);
  }
  return d;
}

std::vector<double> Predict(const FitData& d, const std::array<double, kClasses>& factor) {
  std::vector<double> p(d.real.size(), 0.0);
  for (std::size_t i = 0; i < p.size(); ++i) {
    for (std::size_t c = 0; c < kClasses; ++c) p[i] += factor[c] * d.class_s[i][c];
  }
  return p;
}

constexpr double kFactorMin = 0.3;
constexpr double kFactorMax = 4.0;

// argmin over s of median |base + s·x − real|: a grid of 0.01, then of 0.001 around the best.
// The median is flat over ranges of s; ties go to the lower mean |error|, then to the candidate
// nearest `current`.
double SearchFactor(std::span<const double> base, std::span<const double> x,
                    std::span<const double> real, double current, std::vector<double>& scratch) {
  std::vector<double> pred(base.size());
  struct Cost {
    double median;
    double mean;
  };
  const auto cost = [&](double s) {
    double sum = 0;
    for (std::size_t i = 0; i < pred.size(); ++i) {
      pred[i] = base[i] + s * x[i];
      sum += std::abs(pred[i] - real[i]);
    }
    const double n = std::max<double>(1, static_cast<double>(pred.size()));
    return Cost{MedianAbsError(pred, real, scratch), sum / n};
  };
  constexpr double kTie = 1e-9;
  double best = current;
  Cost best_cost = cost(current);
  const auto scan = [&](double lo, double hi, double step) {
    const auto steps = static_cast<int>(std::lround((hi - lo) / step));
    for (int k = 0; k <= steps; ++k) {
      const double s = lo + step * k;
      const Cost c = cost(s);
      bool better = c.median < best_cost.median - kTie;
      if (!better && std::abs(c.median - best_cost.median) <= kTie) {
        better =
            c.mean < best_cost.mean - kTie || (std::abs(c.mean - best_cost.mean) <= kTie &&
                                               std::abs(s - current) < std::abs(best - current));
      }
      if (better) {
        best = s;
        best_cost = c;
      }
    }
  };
  scan(kFactorMin, kFactorMax, 0.01);
  scan(std::max(kFactorMin, best - 0.01), std::min(kFactorMax, best + 0.01), 0.001);
  return best;
}

double FitGlobal(const FitData& d, std::vector<double>& scratch) {
  std::vector<double> base(d.real.size(), 0.0);
  std::vector<double> total(d.real.size(), 0.0);
  for (std::size_t i = 0; i < total.size(); ++i) {
    for (const double v : d.class_s[i]) total[i] += v;
  }
  return SearchFactor(base, total, d.real, 1.0, scratch);
}

// Coordinate descent from the global factor over the classes marked in `fit_class`.
std::array<double, kClasses> FitPerClass(const FitData& d, double global,
                                         const std::array<bool, kClasses>& fit_class,
                                         std::vector<double>& scratch) {
  std::array<double, kClasses> factor;
  factor.fill(global);
  const std::size_t n = d.real.size();
  std::vector<double> base(n);
  std::vector<double> x(n);
  for (int round = 0; round < 20; ++round) {
    bool moved = false;
    for (std::size_t c = 0; c < kClasses; ++c) {
      if (!fit_class[c]) continue;
      for (std::size_t i = 0; i < n; ++i) {
        base[i] = 0;
        for (std::size_t k = 0; k < kClasses; ++k) {
          if (k != c) base[i] += factor[k] * d.class_s[i][k];
        }
        x[i] = d.class_s[i][c];
      }
      const double s = SearchFactor(base, x, d.real, factor[c], scratch);
      if (std::abs(s - factor[c]) > 1e-9) {
        factor[c] = s;
        moved = true;
      }
    }
    if (!moved) break;
  }
  return factor;
}

struct OverheadFit {
  double overhead_s = 0;
  double factor = 1;
  double median_ae_s = 0;
};

// real ≈ a + s × predicted: a on a grid of 5 s from −120 to 300, s searched for each a.
OverheadFit FitOverhead(const FitData& d, double start, std::vector<double>& scratch) {
  std::vector<double> total(d.real.size(), 0.0);
  for (std::size_t i = 0; i < total.size(); ++i) {
    for (const double v : d.class_s[i]) total[i] += v;
  }
  OverheadFit best;
  best.median_ae_s = std::numeric_limits<double>::infinity();
  std::vector<double> pred(total.size());
  for (int a = -120; a <= 300; a += 5) {
    const std::vector<double> base(total.size(), static_cast<double>(a));
    const double s = SearchFactor(base, total, d.real, start, scratch);
    for (std::size_t i = 0; i < pred.size(); ++i) pred[i] = a + s * total[i];
    const double c = MedianAbsError(pred, d.real, scratch);
    if (c < best.median_ae_s - 1e-9) best = {static_cast<double>(a), s, c};
  }
  if (total.empty()) best.median_ae_s = 0;
  return best;
}

std::array<double, kClasses> Uniform(double v) {
  std::array<double, kClasses> a;
  a.fill(v);
  return a;
}

// --- output helpers -------------------------------------------------------------------------

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

std::string SkippedText(const TravelReport& r) {
  std::string out;
  for (const auto& [reason, n] : r.skipped) {
    if (!out.empty()) out += ", ";
    out += reason + " " + std::to_string(n);
  }
  return out.empty() ? "-" : out;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

Result<std::vector<Station>> ParseStations(std::string_view text, const std::string& name) {
  const nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded()) return Status::InvalidArgument("stations", name + ": not valid JSON");
  if (!doc.is_object() || !doc.contains("features") || !doc["features"].is_array()) {
    return Status::InvalidArgument("stations", name + ": not a GeoJSON FeatureCollection");
  }
  std::vector<Station> out;
  const nlohmann::json& features = doc["features"];
  for (std::size_t i = 0; i < features.size(); ++i) {
    const nlohmann::json& f = features[i];
    const std::string field = name + ": features[" + std::to_string(i) + "]";
    if (!f.is_object()) return Status::InvalidArgument(field, "not a Feature");
    const nlohmann::json props = f.contains("properties") && f["properties"].is_object()
                                     ? f["properties"]
                                     : nlohmann::json::object();
    std::optional<int> number;
    std::string label;
    if (props.contains("station")) {
      const nlohmann::json& s = props["station"];
      if (s.is_number_integer() && s.get<std::int64_t>() > 0 && s.get<std::int64_t>() < 1000) {
        number = static_cast<int>(s.get<std::int64_t>());
      } else if (s.is_string()) {
        number = LeadingNumber(s.get<std::string>());
      }
      label = "station " + s.dump();
    } else if (props.contains("common_name") && props["common_name"].is_string()) {
      label = props["common_name"].get<std::string>();
      const std::size_t hash = label.find('#');
      if (hash != std::string::npos)
        number = LeadingNumber(std::string_view(label).substr(hash + 1));
    } else if (props.contains("name") && props["name"].is_string()) {
      label = props["name"].get<std::string>();
      number = TrailingNumber(label);
    }
    if (!number) {
      return Status::InvalidArgument(
          field,
          "no station number (property \"station\", \"common_name\" with #N, or a "
          "\"name\" ending in the number)");
    }
    const nlohmann::json* geometry =
        f.contains("geometry") && f["geometry"].is_object() ? &f["geometry"] : nullptr;
    if (geometry == nullptr || geometry->value("type", "") != "Point" ||
        !geometry->contains("coordinates") || !(*geometry)["coordinates"].is_array() ||
        (*geometry)["coordinates"].size() < 2 || !(*geometry)["coordinates"][0].is_number() ||
        !(*geometry)["coordinates"][1].is_number()) {
      return Status::InvalidArgument(field + ".geometry", "must be a Point [lon, lat]");
    }
    const core::LatLon at{(*geometry)["coordinates"][1].get<double>(),
                          (*geometry)["coordinates"][0].get<double>()};
    ELINK_RETURN_IF_ERROR(core::ValidateLatLon(at).WithFieldPrefix(field + ".geometry"));
    for (const Station& s : out) {
      if (s.number == *number) {
        return Status::InvalidArgument(field,
                                       "station " + std::to_string(*number) + " appears twice");
      }
    }
    out.push_back({*number, label, at});
  }
  if (out.empty()) return Status::InvalidArgument("stations", name + ": no stations");
  return out;
}

Result<std::vector<Station>> LoadStations(const std::string& path) {
  ELINK_ASSIGN_OR_RETURN(const std::string text, ReadText(path));
  return ParseStations(text, std::filesystem::path(path).filename().string());
}

std::optional<int> SfUnitStation(std::string_view unit_id) {
  if (unit_id.size() < 2 || (unit_id[0] != 'E' && unit_id[0] != 'T')) return std::nullopt;
  const std::string_view digits = unit_id.substr(1);
  if (digits.size() > 3 || digits.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  return LeadingNumber(digits);
}

ErrorStats ComputeErrorStats(std::span<const TravelPair> pairs) {
  ErrorStats s;
  s.n = pairs.size();
  if (pairs.empty()) return s;
  std::vector<double> err;
  std::vector<double> abs_err;
  std::vector<double> real;
  std::vector<double> pred;
  std::vector<double> ratio;
  for (const TravelPair& p : pairs) {
    err.push_back(p.error_s());
    abs_err.push_back(std::abs(p.error_s()));
    real.push_back(p.real_s);
    pred.push_back(p.predicted_s);
    ratio.push_back(p.predicted_s / p.real_s);
    s.mean_bias_s += p.error_s();
    s.mae_s += std::abs(p.error_s());
  }
  s.mean_bias_s /= static_cast<double>(s.n);
  s.mae_s /= static_cast<double>(s.n);
  s.p90_ae_s = Quantile(abs_err, 0.9);
  s.median_bias_s = Median(err);
  s.median_ae_s = Median(abs_err);
  s.median_real_s = Median(real);
  s.median_predicted_s = Median(pred);
  s.median_ratio = Median(ratio);
  return s;
}

SpeedFit FitSpeedFactors(std::span<const TravelPair> pairs, std::size_t min_pairs_per_class) {
  SpeedFit fit;
  fit.pairs = pairs.size();
  if (pairs.empty()) return fit;
  std::vector<double> scratch;
  std::vector<std::size_t> all(pairs.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  const FitData data = MakeFitData(pairs, all);

  std::array<bool, kClasses> has_time{};
  for (const TravelPair& p : pairs) {
    double total = 0;
    for (const double v : p.class_s) total += v;
    for (std::size_t c = 0; c < kClasses; ++c) {
      if (p.class_s[c] > 0) has_time[c] = true;
      if (total > 0 && p.class_s[c] >= 0.2 * total) ++fit.class_pairs[c];
    }
  }
  for (std::size_t c = 0; c < kClasses; ++c) {
    fit.class_fitted[c] = fit.class_pairs[c] >= std::max<std::size_t>(1, min_pairs_per_class);
  }

  fit.median_ae_before_s = MedianAbsError(Predict(data, Uniform(1)), data.real, scratch);
  fit.global = FitGlobal(data, scratch);
  fit.median_ae_global_s = MedianAbsError(Predict(data, Uniform(fit.global)), data.real, scratch);
  const std::array<double, kClasses> per = FitPerClass(data, fit.global, fit.class_fitted, scratch);
  fit.median_ae_per_class_s = MedianAbsError(Predict(data, per), data.real, scratch);
  for (std::size_t c = 0; c < kClasses; ++c) fit.per_class[c] = has_time[c] ? per[c] : 0;

  // Two folds: calls alternately; fit on one, measure on the other, pool the held-out errors.
  std::vector<double> held_before;
  std::vector<double> held_global;
  std::vector<double> held_class;
  for (std::size_t fold = 0; fold < 2; ++fold) {
    std::vector<std::size_t> train;
    std::vector<std::size_t> test;
    for (std::size_t i = 0; i < pairs.size(); ++i) (i % 2 == fold ? test : train).push_back(i);
    if (train.empty() || test.empty()) continue;
    const FitData tr = MakeFitData(pairs, train);
    const FitData te = MakeFitData(pairs, test);
    const double g = FitGlobal(tr, scratch);
    const std::array<double, kClasses> pc = FitPerClass(tr, g, fit.class_fitted, scratch);
    const std::vector<double> pb = Predict(te, Uniform(1));
    const std::vector<double> pg = Predict(te, Uniform(g));
    const std::vector<double> pp = Predict(te, pc);
    for (std::size_t i = 0; i < te.real.size(); ++i) {
      held_before.push_back(std::abs(pb[i] - te.real[i]));
      held_global.push_back(std::abs(pg[i] - te.real[i]));
      held_class.push_back(std::abs(pp[i] - te.real[i]));
    }
  }
  fit.cv_median_ae_before_s = Median(held_before);
  fit.cv_median_ae_global_s = Median(held_global);
  fit.cv_median_ae_per_class_s = Median(held_class);
  fit.recommend_per_class =
      !held_class.empty() && fit.cv_median_ae_per_class_s < 0.99 * fit.cv_median_ae_global_s;

  // Diagnostic: a fixed overhead per trip plus one factor.
  const OverheadFit all_fit = FitOverhead(data, fit.global, scratch);
  fit.overhead_s = all_fit.overhead_s;
  fit.overhead_factor = all_fit.factor;
  fit.median_ae_overhead_s = all_fit.median_ae_s;
  std::vector<double> held_overhead;
  for (std::size_t fold = 0; fold < 2; ++fold) {
    std::vector<std::size_t> train;
    std::vector<std::size_t> test;
    for (std::size_t i = 0; i < pairs.size(); ++i) (i % 2 == fold ? test : train).push_back(i);
    if (train.empty() || test.empty()) continue;
    const OverheadFit o = FitOverhead(MakeFitData(pairs, train), fit.global, scratch);
    const FitData te = MakeFitData(pairs, test);
    const std::vector<double> p = Predict(te, Uniform(o.factor));
    for (std::size_t i = 0; i < te.real.size(); ++i) {
      held_overhead.push_back(std::abs(o.overhead_s + p[i] - te.real[i]));
    }
  }
  fit.cv_median_ae_overhead_s = Median(held_overhead);
  return fit;
}

Result<TravelReport> CheckTravelTimes(const geo::Router& router, std::span<const Call> calls,
                                      std::span<const Station> stations,
                                      const TravelCheckOptions& options) {
  if (!(options.max_snap_m > 0) || !std::isfinite(options.max_snap_m)) {
    return Status::InvalidArgument("max_snap_m", "must be a positive number of metres");
  }
  if (options.min_idle.count() < 0 || options.min_real.count() < 0 ||
      options.max_real <= options.min_real) {
    return Status::InvalidArgument("min_idle", "durations must be >= 0 and min_real < max_real");
  }
  TravelReport report;
  report.options = options;
  report.options.progress = nullptr;
  report.calls_total = calls.size();

  // Stations: where each one meets the road graph.
  std::unordered_map<int, const Station*> station_of;
  std::unordered_map<int, bool> station_inside;
  for (const Station& s : stations) {
    station_of[s.number] = &s;
    const Result<geo::Snap> snap = router.SnapTo({s.location.lat, s.location.lon}, "station");
    station_inside[s.number] = snap.ok() && snap->distance_m <= options.max_snap_m;
  }
  const DispatchIndex dispatches = IndexDispatches(calls);
  geo::ChQuery query(router.hierarchy());
  const auto skip = [&](std::string_view reason) {
    ++report.skipped[std::string(reason)];
    ++report.skipped_total;
  };

  for (std::size_t ci = 0; ci < calls.size(); ++ci) {
    if (options.progress && (ci % 256 == 0 || ci + 1 == calls.size())) {
      options.progress(ci + 1, calls.size());
    }
    const Call& call = calls[ci];
    const geo::Position at{call.location.lat, call.location.lon};
    const Result<geo::Snap> call_snap = router.SnapTo(at, "call");
    if (!call_snap.ok() || call_snap->distance_m > options.max_snap_m) {
      ++report.calls_outside_area;
      continue;
    }
    ++report.calls_considered;

    // Engines and trucks, most preferred first: the first dispatched, then by arrival.
    std::vector<const UnitResponse*> candidates;
    for (const UnitResponse& u : call.units) {
      if (SfUnitStation(u.unit_id)) candidates.push_back(&u);
    }
    if (candidates.empty()) {
      skip(kSkipNoEngine);
      continue;
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const UnitResponse* a, const UnitResponse* b) {
                       if ((a->sequence == 1) != (b->sequence == 1)) return a->sequence == 1;
                       if (a->on_scene.has_value() != b->on_scene.has_value()) {
                         return a->on_scene.has_value();
                       }
                       if (a->on_scene && *a->on_scene != *b->on_scene) {
                         return *a->on_scene < *b->on_scene;
                       }
                       return a->sequence < b->sequence;
                     });
    std::string_view first_reason;
    bool paired = false;
    for (const UnitResponse* u : candidates) {
      std::string_view reason;
      const int number = *SfUnitStation(u->unit_id);
      if (!u->dispatched || !u->en_route || !u->on_scene) {
        reason = kSkipIncomplete;
      } else if (*u->en_route < *u->dispatched || *u->on_scene - *u->en_route < options.min_real ||
                 *u->on_scene - *u->en_route > options.max_real) {
        reason = kSkipImplausible;
      } else if (!station_of.contains(number)) {
        reason = kSkipStationUnknown;
      } else if (!station_inside[number]) {
        reason = kSkipStationOutside;
      } else if (!CameFromQuarters(dispatches, u->unit_id, *u->dispatched, options.min_idle)) {
        reason = kSkipNotAtQuarters;
      }
      const Station* station = reason.empty() ? station_of[number] : nullptr;
      Result<geo::RouteResult> route = Status::NotFound("not routed");
      if (station != nullptr) {
        route = router.Route({station->location.lat, station->location.lon}, at);
        if (!route.ok()) reason = kSkipNoRoute;
      }
      if (!reason.empty()) {
        if (first_reason.empty()) first_reason = reason;
        continue;
      }
      TravelPair pair;
      pair.call_id = call.source_id;
      pair.unit_id = u->unit_id;
      pair.station = number;
      pair.priority = call.priority;
      pair.type = call.type;
      pair.call_location = call.location;
      pair.station_location = station->location;
      pair.real_s = Seconds(std::chrono::duration_cast<Millis>(*u->on_scene - *u->en_route));
      pair.predicted_s = geo::TimeSeconds(route->time);
      pair.distance_m = route->distance_m;
      pair.call_road = router.graph().Class(call_snap->forward_edge);
      const std::optional<std::array<double, kClasses>> split = ClassSeconds(router, query, *route);
      double total = 0;
      if (split) {
        pair.class_s = *split;
        for (const double v : pair.class_s) total += v;
      }
      if (total > 0) {
        // Equal to the route's time up to rounding; scale so that the parts add up exactly.
        for (double& v : pair.class_s) v *= pair.predicted_s / total;
      } else {
        pair.class_s[ClassIndex(pair.call_road)] = pair.predicted_s;
      }
      report.pairs.push_back(std::move(pair));
      paired = true;
      break;
    }
    if (!paired) skip(first_reason);
  }

  report.overall = ComputeErrorStats(report.pairs);
  std::map<geo::RoadClass, std::vector<TravelPair>> by_class;
  std::map<int, std::vector<TravelPair>> by_priority;
  for (const TravelPair& p : report.pairs) {
    by_class[p.call_road].push_back(p);
    by_priority[p.priority].push_back(p);
  }
  for (const auto& [c, list] : by_class) report.by_road_class[c] = ComputeErrorStats(list);
  for (const auto& [p, list] : by_priority) report.by_priority[p] = ComputeErrorStats(list);
  std::vector<TravelPair> emergency;
  for (const TravelPair& p : report.pairs) {
    if (p.priority >= options.fit_min_priority) emergency.push_back(p);
  }
  report.fit = FitSpeedFactors(emergency, options.min_pairs_per_class);
  const geo::RoadGraph& g = router.graph();
  std::array<double, kClasses> metres{};
  std::array<double, kClasses> seconds{};
  for (geo::NodeIndex u = 0; u < g.node_count(); ++u) {
    for (std::size_t e = g.EdgeBegin(u); e < g.EdgeEnd(u); ++e) {
      metres[ClassIndex(g.Class(e))] += static_cast<double>(g.LengthM(e));
      seconds[ClassIndex(g.Class(e))] += geo::TimeSeconds(g.Time(e));
    }
  }
  for (std::size_t c = 0; c < kClasses; ++c) {
    report.graph_kmh[c] = seconds[c] > 0 ? metres[c] / seconds[c] * 3.6 : 0;
  }
  return report;
}

// --- reports ---------------------------------------------------------------------------------

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
                  {"fit_min_priority", r.options.fit_min_priority}};
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

std::string TravelReportText(const TravelReport& r, const ImportReport& calls, bool zh) {
  const auto L = [zh](const char* z, const char* e) { return std::string(zh ? z : e); };
  std::string out;
  out += L("行驶时间校验", "Travel-time validation") + ": " + calls.source + " " +
         std::to_string(calls.rows_read) + L(" 行，拒绝 ", " rows, ") +
         std::to_string(calls.rows_rejected) + L(" 行，", " rejected, ") +
         std::to_string(r.calls_total) + L(" 起警情", " calls") + "\n";
  out += L("  路网范围内 ", "  inside the graph ") + std::to_string(r.calls_considered) +
         L("，范围外 ", ", outside ") + std::to_string(r.calls_outside_area) +
         L("；配对 ", "; pairs ") + std::to_string(r.pairs.size()) + L("，跳过 ", ", skipped ") +
         std::to_string(r.skipped_total) + " (" + SkippedText(r) + ")\n";
  const auto stats = [&](const ErrorStats& s) {
    return L("中位绝对误差 ", "median |error| ") + Fixed(s.median_ae_s, 0) +
           L(" 秒，平均绝对误差 ", " s, mean |error| ") + Fixed(s.mae_s, 0) +
           L(" 秒，偏差(预测−实际) 中位 ", " s, bias (predicted − real) median ") +
           Fixed(s.median_bias_s, 0) + L(" 秒/平均 ", " s / mean ") + Fixed(s.mean_bias_s, 0) +
           L(" 秒", " s");
  };
  if (r.pairs.empty()) {
    out += L("  没有可比较的配对。\n", "  no pairs to compare.\n");
    return out;
  }
  out += "  " + stats(r.overall) + "\n";
  out += L("  实际中位 ", "  real median ") + Fixed(r.overall.median_real_s, 0) +
         L(" 秒，预测中位 ", " s, predicted median ") + Fixed(r.overall.median_predicted_s, 0) +
         L(" 秒，预测/实际 中位 ", " s, predicted/real median ") +
         Fixed(r.overall.median_ratio, 2) + "\n";
  out += L("  按警情所在道路等级：\n", "  by road class of the call's street:\n");
  for (const auto& [c, s] : r.by_road_class) {
    out += "    " + std::string(geo::RoadClassName(c)) + " n=" + std::to_string(s.n) + ": " +
           stats(s) + "\n";
  }
  out += L("  按优先级：\n", "  by priority:\n");
  for (const auto& [p, s] : r.by_priority) {
    out += "    " + std::to_string(p) + " n=" + std::to_string(s.n) + ": " + stats(s) + "\n";
  }
  const SpeedFit& f = r.fit;
  out +=
      L("  拟合(优先级 ≥ ", "  fit (priority >= ") + std::to_string(r.options.fit_min_priority) +
      L(" 的 ", ", ") + std::to_string(f.pairs) +
      L(" 对；时间系数 >1 表示实际更慢)：统一系数 ",
        " pairs; a time factor > 1 means the streets are slower): global ") +
      Fixed(f.global, 2) + L("，中位绝对误差 ", ", median |error| ") +
      Fixed(f.median_ae_before_s, 0) + " → " + Fixed(f.median_ae_global_s, 0) +
      L(" 秒(分道路等级 ", " s (per class ") + Fixed(f.median_ae_per_class_s, 0) +
      L(" 秒)；交叉验证 ", " s); cross-validated ") + Fixed(f.cv_median_ae_before_s, 0) + " → " +
      Fixed(f.cv_median_ae_global_s, 0) + " / " + Fixed(f.cv_median_ae_per_class_s, 0) +
      L(" 秒；建议：", " s; recommend: ") +
      (f.recommend_per_class ? L("分道路等级", "per class") : L("统一系数", "one global factor")) +
      "\n";
  out += L("  各道路等级：系数，路网车速 → 拟合车速\n",
           "  by road class: factor, the graph's speed → the fitted speed\n");
  for (std::size_t c = 1; c < kClasses; ++c) {
    if (f.per_class[c] <= 0) continue;
    out += "    " + std::string(geo::RoadClassName(static_cast<geo::RoadClass>(c))) + ": " +
           Fixed(f.per_class[c], 2) +
           (f.class_fitted[c] ? "" : L(" (数据少，取统一系数)", " (thin: the global factor)")) +
           ", " + Fixed(r.graph_kmh[c], 1) + " km/h → " +
           Fixed(r.graph_kmh[c] / f.per_class[c], 1) + L(" (分等级) / ", " by class / ") +
           Fixed(r.graph_kmh[c] / f.global, 1) + L(" (统一系数)\n", " with the global factor\n");
  }
  out += L("  诊断：实际 ≈ ", "  diagnostic: real ≈ ") + Fixed(f.overhead_s, 0) +
         L(" 秒 + ", " s + ") + Fixed(f.overhead_factor, 2) +
         L(" × 预测，中位绝对误差 ", " × predicted, median |error| ") +
         Fixed(f.median_ae_overhead_s, 0) + L(" 秒(交叉验证 ", " s (cross-validated ") +
         Fixed(f.cv_median_ae_overhead_s, 0) + L(" 秒)\n", " s)\n");
  return out;
}

std::string TravelReportHtml(const TravelReport& r, const ImportReport& calls,
                             const std::string& graph_source) {
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
       "<title>elink travel-time validation</title>\n<style>\n"
       "body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#222;max-width:1000px}\n"
       "table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;"
       "padding:3px 8px;text-align:right}th{background:#f2f2f2}td:first-child,th:first-child"
       "{text-align:left}\n.note{color:#555}\n</style></head><body>\n";
  h += "<h1>Travel-time validation</h1>\n<p class=\"note\">Graph: " + EscapeMarkup(graph_source) +
       "<br>Calls: " + EscapeMarkup(calls.source) + " — " + std::to_string(calls.rows_read) +
       " rows, " + std::to_string(calls.rows_rejected) + " rejected, " +
       std::to_string(r.calls_total) +
       " calls.<br>Real time: en route → on scene of the engine or truck that drove from its "
       "station (the first dispatched, else the first to arrive). Predicted: elink's router from "
       "the station to the call.</p>\n";
  h += "<table><tr><th>calls</th><th>inside graph</th><th>outside</th><th>pairs</th>"
       "<th>skipped</th></tr><tr><td>" +
       std::to_string(r.calls_total) + "</td><td>" + std::to_string(r.calls_considered) +
       "</td><td>" + std::to_string(r.calls_outside_area) + "</td><td>" +
       std::to_string(r.pairs.size()) + "</td><td>" + std::to_string(r.skipped_total) +
       "</td></tr></table>\n<p>Skipped: " + EscapeMarkup(SkippedText(r)) + "</p>\n";
  const auto row = [&](const std::string& label, const ErrorStats& s) {
    return "<tr><td>" + EscapeMarkup(label) + "</td><td>" + std::to_string(s.n) + "</td><td>" +
           Fixed(s.median_ae_s, 0) + "</td><td>" + Fixed(s.mae_s, 0) + "</td><td>" +
           Fixed(s.p90_ae_s, 0) + "</td><td>" + Fixed(s.median_bias_s, 0) + "</td><td>" +
           Fixed(s.mean_bias_s, 0) + "</td><td>" + Fixed(s.median_real_s, 0) + "</td><td>" +
           Fixed(s.median_predicted_s, 0) + "</td><td>" + Fixed(s.median_ratio, 2) + "</td></tr>\n";
  };
  const std::string head =
      "<tr><th></th><th>n</th><th>median |err| s</th><th>mean |err| s</th><th>p90 |err| s</th>"
      "<th>median bias s</th><th>mean bias s</th><th>median real s</th>"
      "<th>median predicted s</th><th>median pred/real</th></tr>\n";
  h += "<h2>Errors (predicted − real)</h2>\n<table>" + head + row("all", r.overall);
  for (const auto& [c, s] : r.by_road_class) {
    h += row(std::string("road class: ") + geo::RoadClassName(c), s);
  }
  for (const auto& [p, s] : r.by_priority) h += row("priority " + std::to_string(p), s);
  h += "</table>\n";

  // Scatter: predicted (x) against real (y), seconds, with the diagonal and the global fit.
  const double w = 640;
  const double hgt = 480;
  const double m = 56;
  // The axes reach the 97th percentile of the larger of the two times, so that a few very long
  // drives do not squeeze the rest into a corner; points beyond sit on the edge.
  std::vector<double> larger;
  for (const TravelPair& p : r.pairs) larger.push_back(std::max(p.real_s, p.predicted_s));
  const double top = std::max(60.0, std::ceil(Quantile(larger, 0.97) / 60) * 60);
  const auto sx = [&](double v) { return m + std::min(v, top) / top * (w - 2 * m); };
  const auto sy = [&](double v) { return hgt - m - std::min(v, top) / top * (hgt - 2 * m); };
  h += "<h2>Predicted against real</h2>\n<svg width=\"" + Fixed(w, 0) + "\" height=\"" +
       Fixed(hgt, 0) + "\" viewBox=\"0 0 " + Fixed(w, 0) + " " + Fixed(hgt, 0) +
       "\" role=\"img\" aria-label=\"scatter of predicted against real "
       "drive time\">\n<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n";
  const double tick = top <= 600 ? 60 : top <= 1200 ? 120 : 300;
  for (double t = 0; t <= top + 1e-9; t += tick) {
    h += "<line x1=\"" + Fixed(sx(t), 1) + "\" y1=\"" + Fixed(sy(0), 1) + "\" x2=\"" +
         Fixed(sx(t), 1) + "\" y2=\"" + Fixed(sy(top), 1) + "\" stroke=\"#eee\"/>";
    h += "<line x1=\"" + Fixed(sx(0), 1) + "\" y1=\"" + Fixed(sy(t), 1) + "\" x2=\"" +
         Fixed(sx(top), 1) + "\" y2=\"" + Fixed(sy(t), 1) + "\" stroke=\"#eee\"/>";
    h += "<text x=\"" + Fixed(sx(t), 1) + "\" y=\"" + Fixed(sy(0) + 16, 1) +
         "\" font-size=\"11\" text-anchor=\"middle\">" + Fixed(t / 60, 0) + "</text>";
    h += "<text x=\"" + Fixed(sx(0) - 6, 1) + "\" y=\"" + Fixed(sy(t) + 4, 1) +
         "\" font-size=\"11\" text-anchor=\"end\">" + Fixed(t / 60, 0) + "</text>\n";
  }
  h += "<rect x=\"" + Fixed(m, 0) + "\" y=\"" + Fixed(m, 0) + "\" width=\"" + Fixed(w - 2 * m, 0) +
       "\" height=\"" + Fixed(hgt - 2 * m, 0) + "\" fill=\"none\" stroke=\"#888\"/>\n";
  h += "<line x1=\"" + Fixed(sx(0), 1) + "\" y1=\"" + Fixed(sy(0), 1) + "\" x2=\"" +
       Fixed(sx(top), 1) + "\" y2=\"" + Fixed(sy(top), 1) +
       "\" stroke=\"#333\" stroke-dasharray=\"4 3\"><title>predicted = real</title></line>\n";
  if (r.fit.global > 0) {
    // real = global × predicted, drawn to the edge of the plot.
    const double x_end = std::min(top, top / r.fit.global);
    h += "<line x1=\"" + Fixed(sx(0), 1) + "\" y1=\"" + Fixed(sy(0), 1) + "\" x2=\"" +
         Fixed(sx(x_end), 1) + "\" y2=\"" + Fixed(sy(x_end * r.fit.global), 1) +
         "\" stroke=\"#c60\" stroke-width=\"1.5\"><title>fit: real = " + Fixed(r.fit.global, 2) +
         " × predicted</title></line>\n";
  }
  if (r.fit.pairs > 0) {
    // real = overhead + factor × predicted.
    const double a = r.fit.overhead_s;
    const double b = r.fit.overhead_factor;
    const double x0 = a >= 0 ? 0 : std::min(top, -a / b);
    const double x1 = std::max(x0, std::min(top, (top - a) / b));
    h += "<line x1=\"" + Fixed(sx(x0), 1) + "\" y1=\"" + Fixed(sy(a + b * x0), 1) + "\" x2=\"" +
         Fixed(sx(x1), 1) + "\" y2=\"" + Fixed(sy(a + b * x1), 1) +
         "\" stroke=\"#8a3ab9\" stroke-width=\"1.5\" stroke-dasharray=\"8 3\"><title>real = " +
         Fixed(a, 0) + " s + " + Fixed(b, 2) + " × predicted</title></line>\n";
  }
  for (const TravelPair& p : r.pairs) {
    h += "<circle cx=\"" + Fixed(sx(p.predicted_s), 1) + "\" cy=\"" + Fixed(sy(p.real_s), 1) +
         "\" r=\"2.5\" fill=\"" + (p.priority >= 3 ? "#1f5fbf" : "#2a9d4b") +
         "\" fill-opacity=\"0.55\"><title>" + EscapeMarkup(p.call_id) + " " +
         EscapeMarkup(p.unit_id) + ": predicted " + Fixed(p.predicted_s, 0) + " s, real " +
         Fixed(p.real_s, 0) + " s</title></circle>\n";
  }
  h += "<text x=\"" + Fixed(w / 2, 0) + "\" y=\"" + Fixed(hgt - 14, 0) +
       "\" font-size=\"12\" text-anchor=\"middle\">predicted drive time, minutes</text>\n";
  h += "<text x=\"16\" y=\"" + Fixed(hgt / 2, 0) +
       "\" font-size=\"12\" text-anchor=\"middle\" "
       "transform=\"rotate(-90 16 " +
       Fixed(hgt / 2, 0) +
       ")\">real en route → on scene, "
       "minutes</text>\n";
  h += "<text x=\"" + Fixed(m, 0) + "\" y=\"" + Fixed(m - 14, 0) +
       "\" font-size=\"11\"><tspan fill=\"#1f5fbf\">● priority 3</tspan>  <tspan "
       "fill=\"#2a9d4b\">● priority 2</tspan>  <tspan fill=\"#333\">- - predicted = real</tspan>"
       "  <tspan fill=\"#c60\">— fitted factor</tspan>  <tspan fill=\"#8a3ab9\">- - overhead "
       "+ factor</tspan></text>\n</svg>\n";
  std::size_t beyond = 0;
  for (const double v : larger) beyond += v > top ? 1U : 0U;
  h += "<p class=\"note\">" + std::to_string(beyond) + " points beyond " + Fixed(top / 60, 0) +
       " min are drawn on the edge. Hover a point for its call.</p>\n";

  const SpeedFit& f = r.fit;
  h += "<h2>Speed factors</h2>\n<p>Time factor: predicted times multiplied by it fit the "
       "streets best (median |error|); above 1 the streets are slower than the profile. "
       "Fitted on the " +
       std::to_string(f.pairs) + " pairs of priority " +
       std::to_string(r.options.fit_min_priority) +
       " and above (emergency driving). Global factor <b>" + Fixed(f.global, 2) +
       "</b>: median |error| " + Fixed(f.median_ae_before_s, 0) + " → " +
       Fixed(f.median_ae_global_s, 0) + " s (per class " + Fixed(f.median_ae_per_class_s, 0) +
       " s). On held-out calls (two folds): " + Fixed(f.cv_median_ae_before_s, 0) + " → " +
       Fixed(f.cv_median_ae_global_s, 0) + " s global, " + Fixed(f.cv_median_ae_per_class_s, 0) +
       " s per class. Recommended: <b>" +
       (f.recommend_per_class ? "per-class factors" : "one global factor") + "</b>.</p>\n";
  h += "<table><tr><th>road class</th><th>pairs</th><th>fitted</th><th>time factor</th>"
       "<th>graph km/h</th><th>km/h by class</th><th>km/h with the global factor</th></tr>\n";
  for (std::size_t c = 1; c < kClasses; ++c) {
    if (f.per_class[c] <= 0) continue;
    h += "<tr><td>" + std::string(geo::RoadClassName(static_cast<geo::RoadClass>(c))) +
         "</td><td>" + std::to_string(f.class_pairs[c]) + "</td><td>" +
         (f.class_fitted[c] ? "yes" : "no (global)") + "</td><td>" + Fixed(f.per_class[c], 2) +
         "</td><td>" + Fixed(r.graph_kmh[c], 1) + "</td><td>" +
         Fixed(r.graph_kmh[c] / f.per_class[c], 1) + "</td><td>" +
         Fixed(r.graph_kmh[c] / f.global, 1) + "</td></tr>\n";
  }
  h += "</table>\n<p class=\"note\">Diagnostic: real ≈ " + Fixed(f.overhead_s, 0) + " s + " +
       Fixed(f.overhead_factor, 2) + " × predicted gives median |error| " +
       Fixed(f.median_ae_overhead_s, 0) + " s (held out: " + Fixed(f.cv_median_ae_overhead_s, 0) +
       " s).</p>\n</body></html>\n";
  return h;
}

Status RunValidateTravel(const ValidateTravelOptions& options, std::ostream& out) {
  ELINK_ASSIGN_OR_RETURN(const CallLog log, LoadSfFireCalls(options.calls));
  ELINK_ASSIGN_OR_RETURN(const std::vector<Station> stations, LoadStations(options.stations));
  ELINK_ASSIGN_OR_RETURN(geo::LoadedGraph loaded, geo::ReadGraphFile(options.graph));
  const std::string graph_source = loaded.info.source.empty()
                                       ? std::filesystem::path(options.graph).filename().string()
                                       : loaded.info.source;
  geo::RouterOptions router_options;
  router_options.max_snap_m = options.check.max_snap_m;
  if (options.progress) {
    router_options.progress = [&](std::size_t done, std::size_t total) {
      options.progress("contracting", done, total);
    };
  }
  ELINK_ASSIGN_OR_RETURN(
      const std::shared_ptr<const geo::Router> router,
      geo::Router::Create(std::move(loaded.graph), std::move(loaded.ch), router_options));
  TravelCheckOptions check = options.check;
  if (options.progress) {
    check.progress = [&](std::size_t done, std::size_t total) {
      options.progress("calls", done, total);
    };
  }
  ELINK_ASSIGN_OR_RETURN(const TravelReport report,
                         CheckTravelTimes(*router, log.calls, stations, check));
  if (!options.out_dir.empty()) {
    const std::filesystem::path dir(options.out_dir);
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return Status::IOError("cannot create " + options.out_dir + ": " + ec.message());
    ELINK_RETURN_IF_ERROR(
        WriteText(dir / "report.json", TravelReportJson(report, log.report, graph_source)));
    ELINK_RETURN_IF_ERROR(
        WriteText(dir / "report.html", TravelReportHtml(report, log.report, graph_source)));
    ELINK_RETURN_IF_ERROR(WriteText(dir / "pairs.csv", TravelPairsCsv(report)));
  }
  if (options.json) {
    out << TravelReportJson(report, log.report, graph_source);
  } else {
    out << TravelReportText(report, log.report, options.chinese);
    if (!options.out_dir.empty()) {
      out << (options.chinese ? "  报告: " : "  report: ")
          << (std::filesystem::path(options.out_dir) / "report.html").string() << "\n";
    }
  }
  return Status::Ok();
}

}  // namespace elink::sim
