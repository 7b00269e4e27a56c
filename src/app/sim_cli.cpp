#include "app/sim_cli.hpp"

#include "app/center.hpp"
#include "core/region_loader.hpp"
#include "sim/calls.hpp"
#include "sim/drill.hpp"
#include "sim/report.hpp"
#include "sim/roster.hpp"
#include "sim/scenario.hpp"
#include "sim/simulator.hpp"
#include "sim/sources.hpp"
#include "sim/travel_check.hpp"
#include "sim/validate_sim.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

namespace elink::app {
namespace {

// The durations fitted from the SF week (`elink fit-durations`), shipped with elink.
constexpr const char* kDefaultDurations = "data/sim/durations-sf-2017.toml";

Status WriteFile(const std::filesystem::path& path, const std::string& text) {
  const std::filesystem::path tmp = path.string() + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << text;
    f.flush();
    if (!f) return Status::IOError(path.string() + ": cannot write");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Status::IOError(path.string() + ": " + ec.message());
  return Status::Ok();
}

Result<sim::Durations> ShippedDurations(const std::string& config);

// The scenario's durations file; the built-in defaults when it asks for them by name; else the
// shipped fitted file, found from the region directory up or from the working directory. Never a
// silent fallback: without any of them the simulation is refused, saying what to give.
Result<sim::Durations> DurationsFor(const sim::Scenario& scenario, const std::string& config) {
  if (scenario.durations_file) return sim::LoadDurations(*scenario.durations_file);
  if (scenario.durations_builtin) {
    sim::Durations built_in;
    built_in.source = "elink built-in defaults (durations = \"built-in\")";
    return built_in;
  }
  return ShippedDurations(config);
}
Result<sim::Durations> ShippedDurations(const std::string& config) {
  for (std::filesystem::path dir = std::filesystem::absolute(config); !dir.empty();
       dir = dir.parent_path()) {
    const auto candidate = dir / kDefaultDurations;
    std::error_code ec;
    if (std::filesystem::is_regular_file(candidate, ec)) return sim::LoadDurations(candidate);
    if (dir == dir.parent_path()) break;
  }
  if (std::filesystem::is_regular_file(kDefaultDurations)) {
    return sim::LoadDurations(kDefaultDurations);
  }
  return Status::NotFound(
      "durations", std::string("no step times: the scenario names no durations file and ") +
                       kDefaultDurations +
                       " is neither above the region directory nor in the working directory; add "
                       "durations = \"<file>\" (made by elink fit-durations from a call log) or "
                       "durations = \"built-in\" (elink's generic defaults) to the scenario");
}

}  // namespace

Status RunSimulate(const SimulateOptions& options, Lang lang, std::ostream& out) {
  ELINK_ASSIGN_OR_RETURN(sim::Scenario scenario, sim::LoadScenario(options.scenario));
  ELINK_ASSIGN_OR_RETURN(core::Region region, core::LoadRegion(options.config));
  ELINK_ASSIGN_OR_RETURN(sim::Durations durations, DurationsFor(scenario, options.config));
  ELINK_ASSIGN_OR_RETURN(auto router, LoadRouter(options.graph, options.max_snap_m));
  ELINK_ASSIGN_OR_RETURN(sim::BuiltIncidents built, sim::BuildIncidents(scenario));
  sim::KeepInside(built, region.grids);
  out << Tr(lang, "处置时长: ", "Step times: ") << durations.source << "\n";
  out << Tr(lang, "事件: ", "Incidents: ") << built.incidents.size()
      << Tr(lang, "（区域外未计入 ", " (left out, outside the region: ") << built.outside_region
      << Tr(lang, " 起）\n", ")\n");
  if (!scenario.readings.empty() || !scenario.warnings.empty()) {
    out << Tr(lang, "脚本中的监测读数与预警只用于演练（elink serve --drill），模拟不计入\n",
              "the script's sensor readings and warnings are for drills (elink serve --drill); "
              "the simulation leaves them out\n");
  }

  sim::ReportInput input;
  input.scenario = &scenario;
  input.region = &region;
  input.built = &built;
  input.durations_source = durations.source;
  std::vector<sim::PolicyKpi> kpis;
  for (const sim::PolicySpec& policy : scenario.policies) {
    sim::SimOptions sim_options;
    sim_options.policy = policy;
    sim_options.seed = scenario.seed;
    sim_options.exercise = scenario.exercise;
    const std::string stage = "simulate " + policy.name;
    if (options.progress) {
      sim_options.progress = [&](std::size_t done, std::size_t total) {
        options.progress(stage, done, total);
      };
    }
    ELINK_ASSIGN_OR_RETURN(sim::RunResult run,
                           sim::Simulate(region, router, built.incidents, durations, sim_options));
    kpis.push_back(sim::Summarise(run, scenario, region));
    const sim::PolicyKpi& k = kpis.back();
    out << fmt::format("{:16} {} {:.1f} / {:.1f} min · {} {:.1f} % · {} {}\n", policy.name,
                       Tr(lang, "首车到场 p50/p90", "first unit p50/p90"), k.response.p50_s / 60,
                       k.response.p90_s / 60, Tr(lang, "标准内", "within standard"),
                       k.within_share * 100, Tr(lang, "未派足车次", "plan units not sent"),
                       k.units_required - k.units_sent);
    input.runs.push_back(std::move(run));
  }

  const std::filesystem::path dir(options.out);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IOError(options.out + ": " + ec.message());
  ELINK_RETURN_IF_ERROR(WriteFile(dir / "report.json", sim::ReportJson(input, kpis)));
  ELINK_RETURN_IF_ERROR(WriteFile(dir / "incidents.csv", sim::IncidentsCsv(input)));
  ELINK_RETURN_IF_ERROR(WriteFile(dir / "report.html", sim::ReportHtml(input, kpis, true)));
  ELINK_RETURN_IF_ERROR(WriteFile(dir / "report.en.html", sim::ReportHtml(input, kpis, false)));
  out << Tr(lang, "报告: ", "Report: ") << (dir / "report.html").string() << "\n";
  return Status::Ok();
}

Status RunDrillReport(const std::string& db, bool json, Lang lang, std::ostream& out) {
  const SystemClock clock;
  // A read: works beside a running server (no lock).
  ELINK_ASSIGN_OR_RETURN(auto center, Center::Open({.db = db, .read_only = true}, clock));
  const auto state = center->engine().View();
  const sim::DrillScore score = sim::ScoreDrill(*state);
  out << (json ? sim::DrillScoreJson(score) : sim::FormatDrillScore(score, lang == Lang::kZh));
  return Status::Ok();
}

Status RunFitDurations(const std::string& calls, const std::string& output, std::ostream& out,
                       const sim::DriveMode& emergency, const sim::DriveMode& non_emergency) {
  ELINK_ASSIGN_OR_RETURN(sim::CallLog log, sim::LoadSfFireCalls(calls));
  ELINK_ASSIGN_OR_RETURN(sim::Durations durations, sim::FitDurations(log));
  durations.emergency = emergency;
  durations.non_emergency = non_emergency;
  durations.source = "fitted by `elink fit-durations` from " + log.report.source;
  const std::string text =
      "# Step times per incident type (median and 90th percentile, seconds), fitted from a real\n"
      "# call log. Regenerate: elink fit-durations --calls <SF CSV> -o <this file>\n"
      "# [--emergency S,F --non-emergency S,F: the drive modes, real ≈ S + F × routed, from\n"
      "# elink validate-travel and validate-travel --fit-priority 2 on the region's graph]\n" +
      sim::DurationsToToml(durations);
  if (output.empty()) {
    out << text;
    return Status::Ok();
  }
  return WriteFile(output, text);
}

Status RunValidateSim(const ValidateSimOptions& options, Lang lang, std::ostream& out) {
  ELINK_ASSIGN_OR_RETURN(core::Region region, core::LoadRegion(options.config));
  ELINK_ASSIGN_OR_RETURN(sim::Durations durations,
                         options.durations.empty()
                             ? ShippedDurations(options.config)
                             : sim::LoadDurations(std::filesystem::path(options.durations)));
  sim::RosterOptions roster_options;
  if (!options.stations.empty()) {
    ELINK_ASSIGN_OR_RETURN(roster_options.extra_stations, sim::LoadStations(options.stations));
  }
  ELINK_ASSIGN_OR_RETURN(auto router, LoadRouter(options.graph, options.max_snap_m));
  ELINK_ASSIGN_OR_RETURN(sim::CallLog log, sim::LoadSfFireCalls(options.calls));

  // The calls inside the region, as incidents that keep their real call processing.
  sim::BuiltIncidents built;
  built.incidents = sim::FromCalls(log.calls, /*real_processing=*/true);
  sim::KeepInside(built, region.grids);
  std::vector<sim::Call> inside;
  {
    std::size_t k = 0;
    for (const sim::Call& c : log.calls) {
      if (k < built.incidents.size() && built.incidents[k].ref == c.source_id) {
        inside.push_back(c);
        ++k;
      }
    }
  }
  ELINK_ASSIGN_OR_RETURN(sim::Roster roster, sim::RosterFromCalls(inside, region, roster_options));
  region.units = roster.units;
  region.stations.insert(region.stations.end(), roster.stations.begin(), roster.stations.end());
  if (!options.roster_out.empty()) {
    ELINK_RETURN_IF_ERROR(
        WriteFile(options.roster_out, sim::RosterToml(roster, log.report.source)));
  }
  out << Tr(lang, "处置时长: ", "Step times: ") << durations.source << "\n";
  out << fmt::format("{}: {} ({} {}, {} {}); {}: {}\n", Tr(lang, "警情", "calls"), log.calls.size(),
                     Tr(lang, "区域内", "inside the region"), inside.size(),
                     Tr(lang, "被拒行", "rows rejected"), log.report.rows_rejected,
                     Tr(lang, "名册", "roster"), roster.units.size());
  out << fmt::format("{}: {}; {}: {}; {}: {}\n", Tr(lang, "加入的站点", "stations added"),
                     roster.stations.size(), Tr(lang, "近似映射", "approximate mappings"),
                     roster.approximations.size(), Tr(lang, "未计入的车辆", "units left out"),
                     roster.left_out.size());
  for (const auto& [type, n] : roster.left_out_by_type) {
    out << fmt::format("  {} {}: {}\n", Tr(lang, "未计入", "left out"), type, n);
  }
  sim::SimOptions sim_options;
  sim_options.policy = sim::Policy::kClosestStation;
  sim_options.seed = options.seed;
  sim_options.non_emergency_ambulance = options.non_emergency_ambulance;
  if (options.non_emergency_ambulance) {
    out << Tr(lang, "优先级 1、2 的 ALS 需求由最近的救护车满足\n",
              "priority 1 and 2: the ALS line takes the closest ambulance\n");
  }
  if (options.progress) {
    sim_options.progress = [&](std::size_t done, std::size_t total) {
      options.progress("simulate closest_station", done, total);
    };
  }
  ELINK_ASSIGN_OR_RETURN(sim::RunResult run,
                         sim::Simulate(region, router, built.incidents, durations, sim_options));
  out << sim::FormatComparison(sim::CompareFirstUnit(inside, built.incidents, run));
  return Status::Ok();
}

}  // namespace elink::app
