// SPDX-License-Identifier: Apache-2.0
#include "app/demo.hpp"

#include "core/incident_types.hpp"
#include "dispatch/recommend.hpp"
#include "engine/messages.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <thread>
#include <vector>

namespace elink::app {

namespace {

struct Scene {
  const char* type;
  core::LatLon where;
  const char* address;
  const char* description;
  core::Casualties casualties;
};

// Real places in the north of San Francisco (the demo region).
const Scene kScenes[] = {
    {"fire.residential",
     {37.80055, -122.41905},
     "1000 Green St, Russian Hill",
     "三楼住户报警：厨房起火，浓烟进入楼道 / kitchen fire on the 3rd floor, smoke in the stairs",
     {1, 0, 0, 0}},
    {"traffic.entrapment",
     {37.80138, -122.42431},
     "Van Ness Ave & Lombard St",
     "两车相撞，一名驾驶员被困 / two-car collision, one driver trapped",
     {2, 0, 1, 0}},
    {"medical.emergency",
     {37.79410, -122.40780},
     "Portsmouth Square, Chinatown",
     "老年男性胸痛晕厥 / elderly man with chest pain, collapsed",
     {1, 0, 0, 0}},
};

core::LatLon WhereIs(const core::State& state, const core::Unit& u) {
  if (u.position) return *u.position;
  return state.stations().at(u.station).location;
}

}  // namespace

Status RunDemo(Center& center, const Clock& clock, const DemoOptions& options, std::ostream& out) {
  const Lang lang = options.lang;
  engine::Engine& engine = center.engine();
  if (!engine.View()->has_region()) {
    return Status::FailedPrecondition(engine::msg::kNoRegion);
  }
  auto say = [&](const std::string& text) {
    out << "[" << FormatTime(clock.Now()).substr(11, 8) << "] " << text << "\n" << std::flush;
  };
  auto pause = [&] { std::this_thread::sleep_for(options.pace); };
  auto run = [&](engine::CommandBody body) -> Result<engine::Reply> {
    return engine.Execute({"demo-dispatcher", "", std::move(body)});
  };

  say(std::string(Tr(lang, "演示开始：", "Demo start: ")) +
      std::string(Tr(lang, engine.View()->region_name().zh, engine.View()->region_name().en)));
  std::vector<std::pair<core::IncidentId, std::vector<core::UnitId>>> worked;

  for (const Scene& scene : kScenes) {
    const auto* type = core::FindIncidentType(scene.type);
    dispatch::ReportIncident report;
    report.type = scene.type;
    report.location = scene.where;
    report.address = scene.address;
    report.description = scene.description;
    report.casualties = scene.casualties;
    report.reporter_phone = "+1-415-555-0100";
    ELINK_ASSIGN_OR_RETURN(auto reported, run(report));
    const core::IncidentId id = *reported.incident;
    const auto view = engine.View();
    const core::Incident& inc = *view->FindIncident(id);
    say(fmt::format("{} #{} {} @ {} ({}: {})", Tr(lang, "接警", "Call received"), ToString(id),
                    Tr(lang, type->zh, type->en), scene.address, Tr(lang, "网格", "grid"),
                    inc.grid ? inc.grid->value() : "-"));
    pause();
    ELINK_RETURN_IF_ERROR(
        run(dispatch::ChangeIncidentStatus{id, core::IncidentStatus::kVerified, "demo"}).status());
    say(fmt::format("#{} {}", ToString(id), Tr(lang, "已核实", "verified")));

    const core::Plan* plan = dispatch::PlanFor(*engine.View(), scene.type);
    std::vector<core::UnitId> picked;
    std::set<core::UnitId> taken;
    if (plan != nullptr && !plan->levels.empty()) {
      const auto state = engine.View();
      // Level IV lines; raising the level would add the higher levels' lines.
      for (const auto& req : plan->levels.front().units) {
        std::vector<std::pair<double, const core::Unit*>> candidates;
        for (const auto& [uid, unit] : state->units()) {
          if (unit.status == core::UnitStatus::kAvailable && !taken.count(uid) &&
              dispatch::Matches(unit, req)) {
            candidates.emplace_back(core::HaversineMeters(WhereIs(*state, unit), scene.where),
                                    &unit);
          }
        }
        std::sort(candidates.begin(), candidates.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        for (int k = 0; k < req.count && static_cast<std::size_t>(k) < candidates.size(); ++k) {
          const core::Unit& u = *candidates[static_cast<std::size_t>(k)].second;
          taken.insert(u.id);
          picked.push_back(u.id);
          say(fmt::format("  {} {} — {:.1f} km {}", Tr(lang, "推荐", "recommend"),
                          Tr(lang, u.name.zh, u.name.en),
                          candidates[static_cast<std::size_t>(k)].first / 1000.0,
                          Tr(lang, "(直线距离)", "(straight line)")));
        }
      }
    }
    if (picked.empty()) {
      say(std::string(Tr(lang, "  无可用队伍，需请求支援", "  no unit available; ask for aid")));
      continue;
    }
    ELINK_RETURN_IF_ERROR(run(dispatch::DispatchUnits{id, picked}).status());
    say(fmt::format("#{} {} {} {}", ToString(id), Tr(lang, "已调派", "dispatched"), picked.size(),
                    Tr(lang, "支队伍", "units")));
    pause();
    for (const auto& u : picked) {
      ELINK_RETURN_IF_ERROR(
          run(dispatch::ChangeUnitStatus{u, core::UnitStatus::kEnRoute, ""}).status());
    }
    for (const auto& u : picked) {
      ELINK_RETURN_IF_ERROR(run(units::ReportPositions{{{u, scene.where, clock.Now()}}}).status());
      ELINK_RETURN_IF_ERROR(
          run(dispatch::ChangeUnitStatus{u, core::UnitStatus::kOnScene, ""}).status());
    }
    say(fmt::format("#{} {}", ToString(id), Tr(lang, "队伍到场处置", "units on scene")));
    worked.emplace_back(id, picked);
    pause();
  }

  for (const auto& [id, units] : worked) {
    ELINK_RETURN_IF_ERROR(
        run(dispatch::ChangeIncidentStatus{id, core::IncidentStatus::kControlled, "demo"})
            .status());
    for (const auto& u : units) {
      ELINK_RETURN_IF_ERROR(
          run(dispatch::ChangeUnitStatus{u, core::UnitStatus::kReturning, ""}).status());
    }
    ELINK_RETURN_IF_ERROR(
        run(dispatch::ChangeIncidentStatus{id, core::IncidentStatus::kClosed, "demo"}).status());
    for (const auto& u : units) {
      ELINK_RETURN_IF_ERROR(
          run(dispatch::ChangeUnitStatus{u, core::UnitStatus::kAvailable, ""}).status());
    }
    say(fmt::format("#{} {}", ToString(id),
                    Tr(lang, "险情已控制，队伍返队，事件结案", "controlled, units home, closed")));
    pause();
  }
  say(fmt::format("{} {} {}", Tr(lang, "演示结束，事件日志共", "Demo done; the event log holds"),
                  engine.View()->last_seq(), Tr(lang, "条事件", "events")));
  return {};
}

}  // namespace elink::app
