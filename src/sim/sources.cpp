#include "sim/sources.hpp"

#include "sim/roster.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace elink::sim {
namespace {

// Uniform in [0, 1) from one word, the same on every standard library.
double Uniform(Rng& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

// Knuth's method in steps of 30 so that large rates do not underflow exp(−λ).
std::uint64_t Poisson(double lambda, Rng& rng) {
  std::uint64_t n = 0;
  while (lambda > 0) {
    const double step = std::min(lambda, 30.0);
    lambda -= step;
    const double limit = std::exp(-step);
    double p = Uniform(rng);
    while (p > limit) {
      ++n;
      p *= Uniform(rng);
    }
  }
  return n;
}

std::pair<std::int32_t, std::int32_t> CellOf(const core::LatLon& p) {
  return {static_cast<std::int32_t>(std::floor(p.lat / kCellDeg)),
          static_cast<std::int32_t>(std::floor(p.lon / kCellDeg))};
}

int HourOfDay(TimePoint t) {
  const auto days = std::chrono::floor<std::chrono::days>(t);
  return static_cast<int>(std::chrono::duration_cast<std::chrono::hours>(t - days).count());
}

Distribution Fit(std::vector<double>& seconds) {
  std::sort(seconds.begin(), seconds.end());
  auto at = [&](double q) {
    return seconds[std::min(seconds.size() - 1,
                            static_cast<std::size_t>(q * static_cast<double>(seconds.size())))];
  };
  Distribution d;
  d.median_s = std::max(1.0, at(0.5));
  d.p90_s = std::max(d.median_s, at(0.9));
  return d;
}

}  // namespace

std::vector<SimIncident> FromCalls(const std::vector<Call>& calls, bool real_processing) {
  std::vector<SimIncident> out;
  out.reserve(calls.size());
  for (const Call& c : calls) {
    SimIncident s;
    s.at = c.received;
    s.location = c.location;
    s.type = c.type;
    s.ref = c.source_id;
    s.description = c.source_type;
    s.priority = c.priority;
    if (real_processing) {
      std::optional<TimePoint> first;
      for (const UnitResponse& u : c.units) {
        if (u.dispatched && (!first || *u.dispatched < *first)) first = u.dispatched;
      }
      // As fit-durations: a negative or day-long span is a clerical error, and is drawn instead.
      if (first && *first >= c.received && *first - c.received < std::chrono::hours(24)) {
        s.processing = std::chrono::duration_cast<Millis>(*first - c.received);
      }
    }
    out.push_back(std::move(s));
  }
  return out;
}

double CallRates::PerDay() const {
  double per_day = 0;
  for (const auto& [key, cell] : cells) {
    for (double r : cell.per_hour) per_day += r;
  }
  return per_day;
}

Result<CallRates> FitRates(const std::vector<Call>& calls) {
  if (calls.empty()) return Status::InvalidArgument("fit", "the call log has no call to fit from");
  CallRates rates;
  rates.calls = FromCalls(calls);
  auto [first, last] =
      std::minmax_element(calls.begin(), calls.end(),
                          [](const Call& a, const Call& b) { return a.received < b.received; });
  // Whole days, at least one: a log of a week and a minute counts as a week.
  rates.days = std::max(
      1.0, std::round(std::chrono::duration<double>(last->received - first->received).count() /
                      86400.0));
  for (std::uint32_t i = 0; i < calls.size(); ++i) {
    CallRates::Cell& cell = rates.cells[CellOf(calls[i].location)];
    cell.per_hour[HourOfDay(calls[i].received)] += 1.0 / rates.days;
    cell.calls.push_back(i);
  }
  return rates;
}

std::vector<SimIncident> Generate(const CallRates& rates, TimePoint start, double hours,
                                  double scale, std::uint64_t seed) {
  Rng rng(seed ^ 0x5eed5eed5eedULL);
  std::vector<SimIncident> out;
  const auto total_hours = static_cast<std::int64_t>(std::ceil(hours));
  const TimePoint end = start + Millis(static_cast<std::int64_t>(hours * 3'600'000));
  for (std::int64_t h = 0; h < total_hours; ++h) {
    const TimePoint hour_start = start + std::chrono::hours(h);
    const int hod = HourOfDay(hour_start);
    for (const auto& [key, cell] : rates.cells) {
      const std::uint64_t n = Poisson(cell.per_hour[hod] * scale, rng);
      for (std::uint64_t k = 0; k < n; ++k) {
        const auto offset = static_cast<std::int64_t>(Uniform(rng) * 3'600'000);
        const std::size_t pick =
            static_cast<std::size_t>(Uniform(rng) * static_cast<double>(cell.calls.size()));
        SimIncident s = rates.calls[cell.calls[std::min(pick, cell.calls.size() - 1)]];
        s.at = hour_start + Millis(offset);
        if (s.at >= end) continue;
        s.ref = fmt::format("gen:{}", out.size());
        out.push_back(std::move(s));
      }
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const SimIncident& a, const SimIncident& b) { return a.at < b.at; });
  for (std::size_t i = 0; i < out.size(); ++i) out[i].ref = fmt::format("gen:{}", i);
  return out;
}

Result<BuiltIncidents> BuildIncidents(const Scenario& scenario) {
  BuiltIncidents built;
  std::vector<SimIncident> logged;
  for (const CallSource& src : scenario.calls) {
    Result<CallLog> log = src.format == "sf" ? LoadSfFireCalls(src.path.string())
                                             : LoadSimpleCalls(src.path.string());
    if (!log.ok()) return log.status();
    auto incidents = FromCalls(log->calls);
    logged.insert(logged.end(), incidents.begin(), incidents.end());
    built.imports.push_back(std::move(log->report));
  }
  std::stable_sort(logged.begin(), logged.end(),
                   [](const SimIncident& a, const SimIncident& b) { return a.at < b.at; });
  TimePoint start = FromUnixMillis(1'767'225'600'000);  // 2026-01-01T00:00:00Z
  if (scenario.start) {
    start = *scenario.start;
  } else if (!logged.empty()) {
    start = logged.front().at;
  }
  const TimePoint end = start + Millis(static_cast<std::int64_t>(scenario.hours * 3'600'000));
  built.start = start;
  for (SimIncident& s : logged) {
    if (s.at < start) {
      ++built.before_start;
    } else if (s.at >= end) {
      ++built.after_end;
    } else {
      built.incidents.push_back(std::move(s));
    }
  }
  if (scenario.generator) {
    const GeneratorSpec& g = *scenario.generator;
    Result<CallLog> log =
        g.fit_format == "sf" ? LoadSfFireCalls(g.fit.string()) : LoadSimpleCalls(g.fit.string());
    if (!log.ok()) return log.status();
    ELINK_ASSIGN_OR_RETURN(CallRates rates, FitRates(log->calls));
    built.imports.push_back(std::move(log->report));
    double scale = g.scale;
    if (g.per_day) scale = *g.per_day / rates.PerDay();
    auto drawn = Generate(rates, start, scenario.hours, scale, scenario.seed);
    built.incidents.insert(built.incidents.end(), drawn.begin(), drawn.end());
  }
  for (const ScriptedIncident& step : scenario.script) {
    SimIncident s = step.incident;
    s.at = start + Millis(static_cast<std::int64_t>(std::llround(step.at_min * 60'000)));
    built.incidents.push_back(std::move(s));
  }
  std::stable_sort(built.incidents.begin(), built.incidents.end(),
                   [](const SimIncident& a, const SimIncident& b) { return a.at < b.at; });
  return built;
}

void KeepInside(BuiltIncidents& built, const std::vector<core::Grid>& grids) {
  if (grids.empty()) return;
  std::vector<SimIncident> kept;
  for (SimIncident& s : built.incidents) {
    bool inside = false;
    for (const core::Grid& g : grids) {
      for (const core::Polygon& poly : g.area) inside = inside || core::Contains(poly, s.location);
      if (inside) break;
    }
    if (inside) {
      kept.push_back(std::move(s));
    } else {
      ++built.outside_region;
    }
  }
  built.incidents = std::move(kept);
}

Result<Durations> FitDurations(const CallLog& log, std::size_t min_samples) {
  struct Samples {
    std::vector<double> processing, turnout, on_scene;
  };
  Samples all;
  std::map<std::string, Samples> by_type;
  std::map<std::string, std::vector<double>> by_unit;  // turnout by elink unit type
  auto secs = [](TimePoint a, TimePoint b) { return std::chrono::duration<double>(b - a).count(); };
  for (const Call& c : log.calls) {
    Samples& mine = by_type[c.type];
    std::optional<TimePoint> first_dispatch;
    for (const UnitResponse& u : c.units) {
      if (u.dispatched && (!first_dispatch || *u.dispatched < *first_dispatch)) {
        first_dispatch = u.dispatched;
      }
      // Negative or day-long spans are clerical errors in the log, not response times.
      if (u.dispatched && u.en_route) {
        const double s = secs(*u.dispatched, *u.en_route);
        if (s >= 0 && s < 3600) {
          all.turnout.push_back(s);
          mine.turnout.push_back(s);
          if (const SfUnitTypeMapping* m = FindSfUnitType(u.unit_type)) {
            by_unit[std::string(core::CodeOf(m->type))].push_back(s);
          }
        }
      }
      if (u.on_scene && u.available) {
        const double s = secs(*u.on_scene, *u.available);
        if (s > 0 && s < 86400) {
          all.on_scene.push_back(s);
          mine.on_scene.push_back(s);
        }
      }
    }
    if (first_dispatch) {
      const double s = secs(c.received, *first_dispatch);
      if (s >= 0 && s < 86400) {
        all.processing.push_back(s);
        mine.processing.push_back(s);
      }
    }
  }
  if (all.processing.empty() || all.turnout.empty() || all.on_scene.empty()) {
    return Status::InvalidArgument("calls", "the log has no complete unit response to fit from");
  }
  Durations d;
  d.source = log.report.source;
  d.fallback = {Fit(all.processing), Fit(all.turnout), Fit(all.on_scene)};
  for (auto& [type, s] : by_type) {
    StepTimes t = d.fallback;
    bool own = false;
    if (s.processing.size() >= min_samples) t.call_processing = Fit(s.processing), own = true;
    if (s.turnout.size() >= min_samples) t.turnout = Fit(s.turnout), own = true;
    if (s.on_scene.size() >= min_samples) t.on_scene = Fit(s.on_scene), own = true;
    if (own) d.by_type[type] = t;
  }
  for (auto& [type, s] : by_unit) {
    if (s.size() >= min_samples) d.turnout_by_unit[type] = Fit(s);
  }
  return d;
}

}  // namespace elink::sim
