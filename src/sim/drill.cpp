#include "sim/drill.hpp"

#include "core/incident_types.hpp"
#include "dispatch/recommend.hpp"
#include "engine/decide.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <optional>

namespace elink::sim {

std::vector<DrillStep> DrillSteps(const Scenario& scenario, const BuiltIncidents& built,
                                  double speed, const PlaceNamer& name_place) {
  std::vector<DrillStep> steps;
  for (const SimIncident& in : built.incidents) {
    dispatch::ReportIncident report{in, std::nullopt};  // the incident's report, without a photo
    if (report.address.empty() && name_place) report.address = name_place(in.location);
    report.reporter_name = "演练 / drill";
    report.exercise = true;
    steps.push_back({in.at, in.ref, [report](TimePoint) -> engine::CommandBody { return report; }});
  }
  auto at_minute = [&](double m) {
    return built.start + Millis(static_cast<std::int64_t>(std::llround(m * 60'000)));
  };
  for (std::size_t r = 0; r < scenario.readings.size(); ++r) {
    const ScriptedReading& step = scenario.readings[r];
    const auto series = step.Series();
    for (std::size_t k = 0; k < series.size(); ++k) {
      const auto [minute, value] = series[k];
      steps.push_back({at_minute(minute), fmt::format("reading:{}.{}", r, k),
                       [sensor = step.sensor, value](TimePoint now) -> engine::CommandBody {
                         return warning::RecordReading{core::SensorId(sensor), now, value, true};
                       }});
    }
  }
  for (std::size_t w = 0; w < scenario.warnings.size(); ++w) {
    const ScriptedWarning& step = scenario.warnings[w];
    // The warning lasts its hours on the drill's clock.
    const auto lasts =
        Millis(std::max<std::int64_t>(60'000, std::llround(step.expires_h * 3'600'000 / speed)));
    steps.push_back({at_minute(step.at_min), fmt::format("warning:{}", w),
                     [content = step.content, lasts](TimePoint now) -> engine::CommandBody {
                       warning::PublishAlert publish{content};
                       publish.content.exercise = true;
                       publish.content.expires = now + lasts;
                       return publish;
                     }});
  }
  std::stable_sort(steps.begin(), steps.end(),
                   [](const DrillStep& a, const DrillStep& b) { return a.at < b.at; });
  return steps;
}

Status CheckDrill(const std::vector<DrillStep>& steps, const core::State& state, TimePoint now) {
  for (const DrillStep& step : steps) {
    const auto decided = engine::Decide(state, step.make(now), now);
    if (!decided.ok()) {
      const Status& st = decided.status();
      return Status(st.code(), "drill step " + step.ref + ": " + st.message(), st.field());
    }
  }
  return Status::Ok();
}

DrillFeeder::DrillFeeder(engine::Engine& engine, const Clock& clock, std::vector<DrillStep> steps,
                         TimePoint start, double speed)
    : engine_(engine),
      clock_(clock),
      steps_(std::move(steps)),
      start_(start),
      speed_(speed),
      started_(clock.Now()) {
  std::stable_sort(steps_.begin(), steps_.end(),
                   [](const DrillStep& a, const DrillStep& b) { return a.at < b.at; });
  thread_ = std::thread([this] { Run(); });
}

DrillFeeder::~DrillFeeder() { Stop(); }

void DrillFeeder::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void DrillFeeder::Wait() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return done_ || stopping_; });
}

void DrillFeeder::Run() {
  for (const DrillStep& step : steps_) {
    const auto offset =
        std::chrono::duration<double, std::milli>(step.at - start_).count() / speed_;
    const TimePoint due = started_ + Millis(static_cast<std::int64_t>(std::max(0.0, offset)));
    {
      std::unique_lock lock(mu_);
      // The clock is the center's; waits are re-measured against it, so a clock that jumps
      // (a test's manual clock) is followed within 50 ms.
      while (!stopping_ && clock_.Now() < due) {
        const auto left = std::min<Millis>(due - clock_.Now(), Millis(50));
        cv_.wait_for(lock, left);
      }
      if (stopping_) break;
    }
    const auto r = engine_.Execute({"elink-drill", "drill-" + step.ref, step.make(clock_.Now())});
    if (r.ok()) {
      ++fed_;
    } else {
      ++refused_;
      spdlog::warn("drill step {} refused: {}", step.ref, r.status().ToString());
    }
  }
  {
    std::lock_guard lock(mu_);
    done_ = true;
  }
  cv_.notify_all();
}

namespace {

// Linear from full marks at the target to nothing at three times it.
double Points(std::optional<Millis> took, Millis target, double full) {
  if (!took) return 0;
  if (*took <= target) return full;
  const double over =
      static_cast<double>((*took - target).count()) / static_cast<double>((target * 2).count());
  return full * std::max(0.0, 1.0 - over);
}

std::optional<Millis> Since(TimePoint from, const std::optional<TimePoint>& to) {
  if (!to) return std::nullopt;
  return std::chrono::duration_cast<Millis>(*to - from);
}

std::string Min(const std::optional<Millis>& m) {
  return m ? fmt::format("{:.1f}", static_cast<double>(m->count()) / 60'000.0) : "-";
}

}  // namespace

DrillScore ScoreDrill(const core::State& state, std::optional<TimePoint> since) {
  DrillScore out;
  double total = 0;
  for (const auto& [id, inc] : state.incidents()) {
    if (!inc.exercise || (since && inc.reported_at < *since)) continue;
    if (inc.status == core::IncidentStatus::kMerged ||
        inc.status == core::IncidentStatus::kCancelled) {
      continue;
    }
    DrillIncidentScore s;
    s.id = id;
    s.type = inc.type;
    s.level = inc.level;
    s.reported_at = inc.reported_at;
    s.to_verify = Since(inc.reported_at, inc.verified_at);
    s.to_dispatch = Since(inc.reported_at, inc.dispatched_at);
    // When each unit first reached the scene, from the incident's chronology.
    std::map<std::string, TimePoint> arrived;
    for (const core::ChronologyEntry& e : inc.chronology) {
      if (e.what != "unit_status_changed") continue;
      const auto colon = e.detail.find(':');
      if (colon == std::string::npos || !e.detail.ends_with(">on_scene")) continue;
      arrived.try_emplace(e.detail.substr(0, colon), e.at);
    }
    for (const auto& [unit, at] : arrived) {
      if (!s.to_first_arrival || at - inc.reported_at < *s.to_first_arrival) {
        s.to_first_arrival = std::chrono::duration_cast<Millis>(at - inc.reported_at);
      }
    }
    double plan_points = 0;
    if (const core::Plan* plan = dispatch::PlanOf(state, inc)) {
      s.has_plan = true;
      std::vector<std::string> used;
      for (const auto& [level, req] : dispatch::ActiveLines(*plan, inc.level)) {
        s.units_required += req.count;
        int met = 0;
        for (const auto& [unit_id, at] : arrived) {
          if (met >= req.count) break;
          if (std::find(used.begin(), used.end(), unit_id) != used.end()) continue;
          const core::Unit* unit = state.FindUnit(core::UnitId(unit_id));
          if (unit == nullptr || !dispatch::Matches(*unit, req)) continue;
          if (at - inc.reported_at > std::chrono::minutes(req.within_minutes)) continue;
          used.push_back(unit_id);
          ++met;
        }
        s.units_in_time += met;
      }
      plan_points = s.units_required == 0
                        ? 50
                        : 50.0 * s.units_in_time / static_cast<double>(s.units_required);
    }
    s.score = Points(s.to_verify, std::chrono::minutes(2), 20) +
              Points(s.to_dispatch, std::chrono::minutes(3), 30) + plan_points;
    out.verified += s.to_verify ? 1U : 0U;
    out.dispatched += s.to_dispatch ? 1U : 0U;
    out.units_required += static_cast<std::size_t>(s.units_required);
    out.units_in_time += static_cast<std::size_t>(s.units_in_time);
    total += s.score;
    out.incidents.push_back(std::move(s));
  }
  out.mean_score = out.incidents.empty() ? 0 : total / static_cast<double>(out.incidents.size());
  return out;
}

std::string FormatDrillScore(const DrillScore& score, bool zh) {
  std::string out = zh ? "演练评估(按预案)\n" : "Drill assessment (against the plans)\n";
  out += zh ? fmt::format("{:>5}  {:<22} {:>4} {:>8} {:>8} {:>8} {:>9} {:>6}\n", "事件", "类型",
                          "级别", "核实/分", "派车/分", "到场/分", "按时到场", "得分")
            : fmt::format("{:>5}  {:<26} {:>5} {:>9} {:>9} {:>9} {:>9} {:>6}\n", "id", "type",
                          "level", "verify m", "dispatch", "arrive m", "in time", "score");
  for (const DrillIncidentScore& s : score.incidents) {
    const auto* info = core::FindIncidentType(s.type);
    const std::string type = info == nullptr ? s.type : std::string(zh ? info->zh : info->en);
    out += fmt::format("{:>5}  {:<26} {:>5} {:>9} {:>9} {:>9} {:>9} {:>6.0f}\n", s.id.value(), type,
                       core::CodeOf(s.level), Min(s.to_verify), Min(s.to_dispatch),
                       Min(s.to_first_arrival),
                       fmt::format("{}/{}", s.units_in_time, s.units_required), s.score);
  }
  out += zh ? fmt::format(
                  "演练事件 {} 起，已核实 {}，已派车 {}，预案力量按时到场 {}/{}，平均得分 {:.0f}\n",
                  score.incidents.size(), score.verified, score.dispatched, score.units_in_time,
                  score.units_required, score.mean_score)
            : fmt::format(
                  "{} exercise incidents, {} verified, {} dispatched, plan units on scene in "
                  "time {}/{}, mean score {:.0f}\n",
                  score.incidents.size(), score.verified, score.dispatched, score.units_in_time,
                  score.units_required, score.mean_score);
  return out;
}

std::string DrillScoreJson(const DrillScore& score) {
  nlohmann::ordered_json j;
  auto secs = [](const std::optional<Millis>& m) -> nlohmann::ordered_json {
    if (!m) return nullptr;
    return static_cast<double>(m->count()) / 1000.0;
  };
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const DrillIncidentScore& s : score.incidents) {
    list.push_back({{"id", s.id.value()},
                    {"type", s.type},
                    {"level", core::CodeOf(s.level)},
                    {"reported_at", FormatTime(s.reported_at)},
                    {"verify_s", secs(s.to_verify)},
                    {"dispatch_s", secs(s.to_dispatch)},
                    {"first_arrival_s", secs(s.to_first_arrival)},
                    {"has_plan", s.has_plan},
                    {"units_required", s.units_required},
                    {"units_in_time", s.units_in_time},
                    {"score", std::round(s.score * 10) / 10}});
  }
  j["incidents"] = list;
  j["verified"] = score.verified;
  j["dispatched"] = score.dispatched;
  j["units_required"] = score.units_required;
  j["units_in_time"] = score.units_in_time;
  j["mean_score"] = std::round(score.mean_score * 10) / 10;
  return j.dump(1) + "\n";
}

}  // namespace elink::sim
