// SPDX-License-Identifier: Apache-2.0
// Fuzzes the simulator's TOML inputs (sim/scenario.hpp). The first byte picks the reader, the rest
// is the file: even, a scenario (ParseScenario); odd, a durations file (LoadDurations).
// Invariants: a Status (kInvalidArgument, or kNotFound for no file), never a throw or a crash.
// A scenario that loads keeps every value within the bounds the loader documents, has something
// to simulate, and its ramps expand to a bounded, time-ordered series. Durations that load are
// valid, and written back (DurationsToToml, tenths of a second) read back within 0.05 s.
#include "fuzz.hpp"
#include "sim/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace elink::fuzz {

namespace {

bool Finite(double v) { return std::isfinite(v); }

void CheckScenario(const sim::Scenario& s) {
  ELINK_FUZZ_CHECK(s.hours >= 0.01 && Finite(s.hours));
  ELINK_FUZZ_CHECK(s.speed >= 0.1 && s.speed <= 3600);
  ELINK_FUZZ_CHECK(s.standard_default_min >= 0.1 && s.standard_default_min <= 1440);
  for (const auto& [type, minutes] : s.standard_min) {
    ELINK_FUZZ_CHECK(minutes >= 0.1 && minutes <= 1440);
    ELINK_FUZZ_CHECK(s.StandardMinutes(type) == minutes);
  }
  ELINK_FUZZ_CHECK(!s.policies.empty());
  ELINK_FUZZ_CHECK(!s.calls.empty() || s.generator || !s.script.empty() || !s.readings.empty() ||
                   !s.warnings.empty());
  for (const auto& c : s.calls) ELINK_FUZZ_CHECK(c.format == "sf" || c.format == "simple");
  if (s.generator) {
    ELINK_FUZZ_CHECK(s.generator->fit_format == "sf" || s.generator->fit_format == "simple");
    ELINK_FUZZ_CHECK(s.generator->scale >= 0 && s.generator->scale <= 1000);
    if (s.generator->per_day) ELINK_FUZZ_CHECK(*s.generator->per_day >= 0);
  }
  for (const auto& step : s.script) {
    ELINK_FUZZ_CHECK(step.at_min >= 0 && Finite(step.at_min));
    ELINK_FUZZ_CHECK(step.incident.location.lat >= -90 && step.incident.location.lat <= 90);
    ELINK_FUZZ_CHECK(step.incident.location.lon >= -180 && step.incident.location.lon <= 180);
    ELINK_FUZZ_CHECK(!step.incident.type.empty());
  }
  for (const auto& r : s.readings) {
    ELINK_FUZZ_CHECK(r.at_min >= 0 && !r.sensor.empty() && Finite(r.value));
    const auto series = r.Series();
    ELINK_FUZZ_CHECK(!series.empty() && series.size() <= 10'001);
    for (std::size_t i = 0; i < series.size(); ++i) {
      ELINK_FUZZ_CHECK(Finite(series[i].first) && Finite(series[i].second));
      if (i > 0) ELINK_FUZZ_CHECK(series[i - 1].first <= series[i].first);
    }
  }
  for (const auto& w : s.warnings) {
    ELINK_FUZZ_CHECK(w.at_min >= 0 && w.expires_h >= 0.1 && w.expires_h <= 24 * 7);
    ELINK_FUZZ_CHECK(w.content.area.radius_km >= 0.01 && w.content.area.radius_km <= 1000);
  }
}

bool Close(double a, double b) { return std::fabs(a - b) <= 0.05 + 1e-9 * std::fabs(b); }

bool Close(const sim::Distribution& a, const sim::Distribution& b) {
  return Close(a.median_s, b.median_s) && Close(a.p90_s, b.p90_s);
}

bool Close(const sim::StepTimes& a, const sim::StepTimes& b) {
  return Close(a.call_processing, b.call_processing) && Close(a.turnout, b.turnout) &&
         Close(a.on_scene, b.on_scene);
}

bool HasTinyMedian(const sim::StepTimes& t) {
  return t.call_processing.median_s < 0.05 || t.turnout.median_s < 0.05 ||
         t.on_scene.median_s < 0.05;
}

}  // namespace

int ScenarioOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text = AsText(data + 1, size - 1);
  if (data[0] % 2 == 0) {
    auto s = sim::ParseScenario(text, "/nonexistent/base", "fuzz.toml");
    if (!s.ok()) {
      ELINK_FUZZ_CHECK(s.status().code() == StatusCode::kInvalidArgument);
      return 0;
    }
    CheckScenario(*s);
    return 0;
  }
  static const ScratchDir dir("scenario");
  const auto path = dir.path() / "durations.toml";
  WriteBytes(path, text);
  auto d = sim::LoadDurations(path);
  if (!d.ok()) {
    ELINK_FUZZ_CHECK(d.status().code() == StatusCode::kInvalidArgument);
    return 0;
  }
  for (const auto* t : {&d->fallback}) {
    ELINK_FUZZ_CHECK(t->call_processing.Validate("").ok() && t->turnout.Validate("").ok() &&
                     t->on_scene.Validate("").ok());
  }
  for (const auto& [type, t] : d->by_type) {
    ELINK_FUZZ_CHECK(t.call_processing.Validate(type).ok() && t.turnout.Validate(type).ok() &&
                     t.on_scene.Validate(type).ok());
  }
  // The writer keeps tenths of a second (what `elink fit-durations` needs): written back, the
  // figures come back within 0.05 s, the same keys and source, and writing again changes nothing.
  // A median under 0.05 s would be written as 0 and refused; fitted medians are seconds long.
  const std::string written = sim::DurationsToToml(*d);
  const auto again_path = dir.path() / "again.toml";
  WriteBytes(again_path, written);
  auto again = sim::LoadDurations(again_path);
  if (!again.ok()) {
    ELINK_FUZZ_CHECK(HasTinyMedian(d->fallback) ||
                     std::any_of(d->by_type.begin(), d->by_type.end(),
                                 [](const auto& kv) { return HasTinyMedian(kv.second); }) ||
                     std::any_of(d->turnout_by_unit.begin(), d->turnout_by_unit.end(),
                                 [](const auto& kv) { return kv.second.median_s < 0.05; }));
    return 0;
  }
  ELINK_FUZZ_CHECK(again->source == d->source);
  ELINK_FUZZ_CHECK(Close(again->fallback, d->fallback));
  ELINK_FUZZ_CHECK(again->by_type.size() == d->by_type.size());
  for (const auto& [type, t] : d->by_type) {
    const auto it = again->by_type.find(type);
    ELINK_FUZZ_CHECK(it != again->by_type.end() && Close(it->second, t));
  }
  ELINK_FUZZ_CHECK(again->turnout_by_unit.size() == d->turnout_by_unit.size());
  for (const auto& [type, t] : d->turnout_by_unit) {
    const auto it = again->turnout_by_unit.find(type);
    ELINK_FUZZ_CHECK(it != again->turnout_by_unit.end() && Close(it->second, t));
  }
  // Drive modes: overheads in tenths of a second, factors in thousandths.
  for (const auto& [a, b] : {std::pair{&again->emergency, &d->emergency},
                             std::pair{&again->non_emergency, &d->non_emergency}}) {
    ELINK_FUZZ_CHECK(std::abs(a->overhead_s - b->overhead_s) <= 0.05 + 1e-9 &&
                     std::abs(a->travel_factor - b->travel_factor) <= 0.0005 + 1e-9);
  }
  ELINK_FUZZ_CHECK(sim::DurationsToToml(*again) == written);
  return 0;
}

}  // namespace elink::fuzz

#ifdef ELINK_FUZZ_MAIN
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return elink::fuzz::ScenarioOneInput(data, size);
}
#endif
