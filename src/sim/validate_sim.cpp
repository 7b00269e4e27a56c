#include "sim/validate_sim.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <unordered_map>

namespace elink::sim {
namespace {

double Minutes(Millis d) { return std::chrono::duration<double>(d).count() / 60.0; }

struct Samples {
  std::vector<double> real, sim, real_dispatch, sim_dispatch;
};

FirstUnitRow Row(std::string label, const Samples& s) {
  FirstUnitRow r;
  r.label = std::move(label);
  r.calls = s.real.size();
  r.real_p50 = Quantile(s.real, 0.5).value_or(0);
  r.real_p90 = Quantile(s.real, 0.9).value_or(0);
  r.sim_p50 = Quantile(s.sim, 0.5).value_or(0);
  r.sim_p90 = Quantile(s.sim, 0.9).value_or(0);
  r.real_dispatch_p50 = Quantile(s.real_dispatch, 0.5).value_or(0);
  r.real_dispatch_p90 = Quantile(s.real_dispatch, 0.9).value_or(0);
  r.sim_dispatch_p50 = Quantile(s.sim_dispatch, 0.5).value_or(0);
  r.sim_dispatch_p90 = Quantile(s.sim_dispatch, 0.9).value_or(0);
  return r;
}

}  // namespace

std::optional<double> Quantile(std::vector<double> values, double q) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  const auto k = static_cast<std::size_t>(std::floor(q * static_cast<double>(values.size())));
  return values[std::min(values.size() - 1, k)];
}

FirstUnitComparison CompareFirstUnit(const std::vector<Call>& calls,
                                     const std::vector<SimIncident>& incidents,
                                     const RunResult& run) {
  FirstUnitComparison out;
  out.calls = calls.size();
  std::unordered_map<std::string, std::size_t> by_ref;
  for (const IncidentOutcome& o : run.incidents) {
    if (o.input < incidents.size())
      by_ref.emplace(incidents[o.input].ref, &o - run.incidents.data());
  }
  std::map<int, Samples, std::greater<>> by_priority;
  Samples all;
  for (const Call& call : calls) {
    std::optional<TimePoint> dispatched;
    std::optional<TimePoint> on_scene;
    for (const UnitResponse& u : call.units) {
      if (u.dispatched && (!dispatched || *u.dispatched < *dispatched)) dispatched = u.dispatched;
      if (u.on_scene && (!on_scene || *u.on_scene < *on_scene)) on_scene = u.on_scene;
    }
    if (!on_scene || !dispatched) {
      ++out.left_out["no real arrival"];
      continue;
    }
    const Millis real = std::chrono::duration_cast<Millis>(*on_scene - call.received);
    const Millis real_dispatch = std::chrono::duration_cast<Millis>(*on_scene - *dispatched);
    if (real < Millis(0) || real_dispatch < Millis(0) || real > Millis(86'400'000) ||
        *dispatched < call.received) {
      ++out.left_out["real times out of order"];
      continue;
    }
    const auto found = by_ref.find(call.source_id);
    if (found == by_ref.end()) {
      ++out.left_out["not simulated"];
      continue;
    }
    const IncidentOutcome& o = run.incidents[found->second];
    if (!o.to_first_arrival || !o.to_dispatch) {
      ++out.left_out["no simulated arrival"];
      continue;
    }
    for (Samples* s : {&by_priority[call.priority], &all}) {
      s->real.push_back(Minutes(real));
      s->real_dispatch.push_back(Minutes(real_dispatch));
      s->sim.push_back(Minutes(*o.to_first_arrival));
      s->sim_dispatch.push_back(Minutes(*o.to_first_arrival - *o.to_dispatch));
    }
  }
  for (const auto& [priority, s] : by_priority) {
    out.rows.push_back(Row(fmt::format("priority {}", priority), s));
  }
  out.rows.push_back(Row("all", all));
  return out;
}

std::string FormatComparison(const FirstUnitComparison& c) {
  auto diff = [](double sim, double real) {
    return real > 0 ? fmt::format("{:+.0f} %", (sim / real - 1) * 100) : std::string("-");
  };
  std::string out =
      "first unit on scene, minutes      | from call received                | from first "
      "dispatch\n"
      "                         calls   | real p50  sim p50 (diff) real p90  sim p90 (diff) | "
      "real p50  sim p50 (diff) real p90  sim p90 (diff)\n";
  for (const FirstUnitRow& r : c.rows) {
    out += fmt::format(
        "{:<12} {:>10}   | {:8.1f} {:8.1f} {:>7} {:8.1f} {:8.1f} {:>7} | {:8.1f} {:8.1f} {:>7} "
        "{:8.1f} {:8.1f} {:>7}\n",
        r.label, r.calls, r.real_p50, r.sim_p50, diff(r.sim_p50, r.real_p50), r.real_p90, r.sim_p90,
        diff(r.sim_p90, r.real_p90), r.real_dispatch_p50, r.sim_dispatch_p50,
        diff(r.sim_dispatch_p50, r.real_dispatch_p50), r.real_dispatch_p90, r.sim_dispatch_p90,
        diff(r.sim_dispatch_p90, r.real_dispatch_p90));
  }
  out += fmt::format("calls in the log: {}", c.calls);
  for (const auto& [why, n] : c.left_out) out += fmt::format("; left out, {}: {}", why, n);
  out += "\n";
  return out;
}

}  // namespace elink::sim
