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
#include "util/file.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>

namespace elink::app {
namespace {

// The durations fitted from the SF week (`elink fit-durations`), shipped with elink.
constexpr const char* kDefaultDurations = "data/sim/durations-sf-2017.toml";

Status WriteFile(const std::filesystem::path& path, const std::string& text) {
  return WriteFileAtomically(path.string(), text, 0644);
}

// Each policy over `options.seeds` seeds (the first one's runs are `first`): per policy the mean
// and range of p50 and p90 (the unreached calls infinitely late), and against closest_station
// the seeds where it is better and the mean difference. Prints the table; returns seeds.json.
Result<std::string> RunSeeds(const SimulateOptions& options, const sim::Scenario& scenario,
                             const core::Region& region,
                             const std::shared_ptr<const geo::Router>& router,
                             const sim::BuiltIncidents& built, const sim::Durations& durations,
                             const std::vector<sim::PolicyKpi>& first, Lang lang,
                             std::ostream& out) {
  const std::size_t n = static_cast<std::size_t>(options.seeds);
  // kpi[policy][seed]
  std::vector<std::vector<sim::PolicyKpi>> kpi(scenario.policies.size());
  for (std::size_t p = 0; p < kpi.size(); ++p) kpi[p].push_back(first[p]);
  for (std::size_t seed = 1; seed < n; ++seed) {
    // A generated stream is drawn again with each seed (a replay keeps its calls).
    sim::BuiltIncidents drawn;
    if (scenario.generator) {
      sim::Scenario reseeded = scenario;
      reseeded.seed = scenario.seed + seed;
      ELINK_ASSIGN_OR_RETURN(drawn, sim::BuildIncidents(reseeded));
      sim::KeepInside(drawn, region.grids);
    }
    const std::vector<sim::SimIncident>& incidents =
        scenario.generator ? drawn.incidents : built.incidents;
    for (std::size_t p = 0; p < scenario.policies.size(); ++p) {
      sim::SimOptions sim_options;
      sim_options.policy = scenario.policies[p];
      sim_options.seed = scenario.seed + seed;
      sim_options.exercise = scenario.exercise;
      // Outlives the run that reports under it.
      const std::string stage = fmt::format("seed {}/{} {}", seed + 1, n, sim_options.policy.name);
      if (options.progress) {
        sim_options.progress = [&](std::size_t done, std::size_t total) {
          options.progress(stage, done, total);
        };
      }
      ELINK_ASSIGN_OR_RETURN(sim::RunResult run,
                             sim::Simulate(region, router, incidents, durations, sim_options));
      kpi[p].push_back(sim::Summarise(run, scenario, region));
    }
  }
  std::optional<std::size_t> base;
  for (std::size_t p = 0; p < scenario.policies.size(); ++p) {
    if (scenario.policies[p].base == sim::Policy::kClosestStation && !base) base = p;
  }
  struct Spread {
    double mean = 0, min = 0, max = 0;
  };
  auto spread = [&](std::size_t p, auto value) {
    Spread sp{0, std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
    for (const sim::PolicyKpi& k : kpi[p]) {
      const double v = value(k);
      sp.mean += v / static_cast<double>(n);
      sp.min = std::min(sp.min, v);
      sp.max = std::max(sp.max, v);
    }
    return sp;
  };
  const auto p50 = [](const sim::PolicyKpi& k) { return k.response.p50_s / 60; };
  const auto p90 = [](const sim::PolicyKpi& k) { return k.response.p90_s / 60; };
  const auto unreached = [](const sim::PolicyKpi& k) {
    return static_cast<double>(k.response.unreached);
  };
  const auto within = [](const sim::PolicyKpi& k) { return k.within_share * 100; };
  nlohmann::ordered_json j;
  j["seeds"] = n;
  j["first_seed"] = scenario.seed;
  j["note"] = "unreached calls count as infinitely late in p50 and p90 (null when infinite)";
  // Rounded as report.json rounds (0.1 s, 0.001 min), so that the files compare.
  auto round_to = [](double x, double per) { return std::round(x * per) / per; };
  auto secs = [&](double x) {
    return std::isinf(x) ? nlohmann::ordered_json(nullptr)
                         : nlohmann::ordered_json(round_to(x, 10));
  };
  auto mins = [&](double x) {
    return std::isinf(x) || std::isnan(x) ? nlohmann::ordered_json(nullptr)
                                          : nlohmann::ordered_json(round_to(x, 1000));
  };
  out << Tr(lang,
            fmt::format("\n{} 个随机种子（{}–{}）；从未到达的事件在分位数中计为无限迟\n", n,
                        scenario.seed, scenario.seed + n - 1),
            fmt::format("\n{} seeds ({}–{}); calls never reached count as infinitely late in "
                        "the percentiles\n",
                        n, scenario.seed, scenario.seed + n - 1));
  if (scenario.generator) {
    out << Tr(lang, "生成的警情流随每个种子重新抽取\n",
              "the generated calls are drawn anew with each seed\n");
  }
  // The name column fits the longest policy name (at least 16).
  std::size_t width = 16;
  for (const sim::PolicySpec& p : scenario.policies) width = std::max(width, p.name.size());
  out << fmt::format("{:<{}}  ", Tr(lang, "策略", "policy"), width);
  out << Tr(lang,
            "p50 均值 [最小–最大]    p90 均值 [最小–最大]    未到达   标准内   "
            "对比就近站点: p90 更低/种子数, Δp90 均值, Δp50 均值\n",
            "p50 mean [min–max]     p90 mean [min–max]     unreached  within  "
            "vs closest_station: p90 lower in, mean Δp90, mean Δp50\n");
  for (std::size_t p = 0; p < kpi.size(); ++p) {
    const Spread a = spread(p, p50), b = spread(p, p90), u = spread(p, unreached),
                 w = spread(p, within);
    nlohmann::ordered_json pj;
    pj["policy"] = scenario.policies[p].name;
    nlohmann::ordered_json per_seed = nlohmann::ordered_json::array();
    for (std::size_t seed = 0; seed < n; ++seed) {
      const sim::PolicyKpi& k = kpi[p][seed];
      per_seed.push_back({{"seed", scenario.seed + seed},
                          {"p50_s", secs(k.response.p50_s)},
                          {"p90_s", secs(k.response.p90_s)},
                          {"unreached", k.response.unreached},
                          {"within_share", k.within_share}});
    }
    pj["runs"] = std::move(per_seed);
    std::string versus;
    if (base && *base != p) {
      int better = 0;
      double d90 = 0, d50 = 0;
      for (std::size_t seed = 0; seed < n; ++seed) {
        const sim::PolicyKpi& me = kpi[p][seed];
        const sim::PolicyKpi& them = kpi[*base][seed];
        if (me.response.p90_s < them.response.p90_s) ++better;
        d90 += (me.response.p90_s - them.response.p90_s) / 60 / static_cast<double>(n);
        d50 += (me.response.p50_s - them.response.p50_s) / 60 / static_cast<double>(n);
      }
      pj["vs_closest_station"] = {{"p90_lower_in", better},
                                  {"mean_delta_p90_min", mins(d90)},
                                  {"mean_delta_p50_min", mins(d50)}};
      // Both infinite (more than a tenth never reached under both): no difference to tell.
      const auto delta = [](double d) {
        return std::isnan(d) ? std::string("n/a") : fmt::format("{:+.2f} min", d);
      };
      versus = fmt::format("{}/{}, {}, {}", better, n, delta(d90), delta(d50));
    }
    out << fmt::format(
        "{:<{}}  {:5.2f} [{:.2f}–{:.2f}]     {:5.2f} [{:.2f}–{:.2f}]     {:7.1f}  {:5.1f} %  {}\n",
        scenario.policies[p].name, width, a.mean, a.min, a.max, b.mean, b.min, b.max, u.mean,
        w.mean, versus);
    j["policies"].push_back(std::move(pj));
  }
  // The reference every policy is held to: every unit free at its station (the same for every
  // policy of a seed), and how much of the room between closest_station and it each policy won.
  if (!kpi.empty()) {
    const auto b50 = [](const sim::PolicyKpi& k) { return k.bound.p50_s / 60; };
    const auto b90 = [](const sim::PolicyKpi& k) { return k.bound.p90_s / 60; };
    const Spread a = spread(0, b50), b = spread(0, b90);
    nlohmann::ordered_json rj;
    rj["what"] =
        "first unit on scene with every unit free at its station (no dispatch rule can "
        "do much better; policy − reference is what a rule can win)";
    nlohmann::ordered_json per_seed = nlohmann::ordered_json::array();
    for (std::size_t seed = 0; seed < n; ++seed) {
      const sim::PolicyKpi& k = kpi[0][seed];
      per_seed.push_back({{"seed", scenario.seed + seed},
                          {"p50_s", secs(k.bound.p50_s)},
                          {"p90_s", secs(k.bound.p90_s)},
                          {"unreached", k.bound.unreached}});
    }
    rj["runs"] = std::move(per_seed);
    j["reference"] = std::move(rj);
    out << fmt::format("{:<{}}  {:5.2f} [{:.2f}–{:.2f}]     {:5.2f} [{:.2f}–{:.2f}]     {}\n",
                       Tr(lang, "参照*", "reference*"), width, a.mean, a.min, a.max, b.mean, b.min,
                       b.max,
                       Tr(lang, "* 全部力量在各自站点空闲时; 任何派车规则都难以更低",
                          "* every unit free at its station: no dispatch rule does much better"));
    if (base) {
      for (std::size_t p = 0; p < kpi.size(); ++p) {
        if (p == *base) continue;
        double won = 0, room = 0;
        for (std::size_t seed = 0; seed < n; ++seed) {
          room += (kpi[*base][seed].response.p90_s - kpi[*base][seed].bound.p90_s) / 60 /
                  static_cast<double>(n);
          won += (kpi[*base][seed].response.p90_s - kpi[p][seed].response.p90_s) / 60 /
                 static_cast<double>(n);
        }
        if (!std::isfinite(room) || !std::isfinite(won) || room <= 0) continue;
        out << fmt::format(
            "{:<{}}  {}\n", scenario.policies[p].name, width,
            Tr(lang,
               fmt::format("赢得就近站点与参照之间 P90 空间的 {:.0f} %（{:.2f} / {:.2f} 分钟）",
                           100 * won / room, won, room),
               fmt::format("won {:.0f} % of the p90 room between closest_station and the "
                           "reference ({:.2f} of {:.2f} min)",
                           100 * won / room, won, room)));
        j["policies"][p]["p90_room_won_share"] = round_to(won / room, 1000);
      }
    }
  }
  return j.dump(2) + "\n";
}

Result<sim::Durations> ShippedDurations(const std::string& config);

// The calls of `built` (FromCalls of `log`) inside the region's grids, and the roster of the units
// that answered them, put in the region in place of its own units (its stations added).
struct InsideRoster {
  std::vector<sim::Call> inside;
  sim::Roster roster;
};
Result<InsideRoster> RosterInside(const sim::CallLog& log, core::Region& region,
                                  const sim::RosterOptions& roster_options,
                                  sim::BuiltIncidents& built) {
  sim::KeepInside(built, region.grids);
  InsideRoster out;
  std::size_t k = 0;
  for (const sim::Call& c : log.calls) {
    if (k < built.incidents.size() && built.incidents[k].ref == c.source_id) {
      out.inside.push_back(c);
      ++k;
    }
  }
  ELINK_ASSIGN_OR_RETURN(out.roster, sim::RosterFromCalls(out.inside, region, roster_options));
  region.units = out.roster.units;
  region.stations.insert(region.stations.end(), out.roster.stations.begin(),
                         out.roster.stations.end());
  return out;
}

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
  if (options.rate) {
    if (!scenario.generator) {
      return Status::InvalidArgument(
          "--rate",
          "the scenario draws no incidents ([generator]); --rate scales a generator's "
          "rates / 场景没有 [generator]，--rate 只能调整生成器的警情率");
    }
    if (!(*options.rate > 0 && *options.rate <= 1000)) {
      return Status::InvalidArgument("--rate", "must be more than 0 and at most 1000");
    }
    scenario.generator->scale = *options.rate;
    if (scenario.generator->per_day) *scenario.generator->per_day *= *options.rate;
    out << Tr(lang, "警情率: 生成器的 ", "Rate: ") << *options.rate
        << Tr(lang, " 倍\n", "× the generator's rates\n");
  }
  ELINK_ASSIGN_OR_RETURN(core::Region region, core::LoadRegion(options.config));
  ELINK_ASSIGN_OR_RETURN(sim::Durations durations, DurationsFor(scenario, options.config));
  ELINK_ASSIGN_OR_RETURN(auto router, LoadRouter(options.graph, options.max_snap_m));
  ELINK_ASSIGN_OR_RETURN(sim::BuiltIncidents built, sim::BuildIncidents(scenario));
  if (!options.roster_calls.empty()) {
    sim::RosterOptions roster_options;
    if (!options.roster_stations.empty()) {
      ELINK_ASSIGN_OR_RETURN(roster_options.extra_stations,
                             sim::LoadStations(options.roster_stations));
    }
    ELINK_ASSIGN_OR_RETURN(sim::CallLog log, sim::LoadSfFireCalls(options.roster_calls));
    sim::BuiltIncidents calls;
    calls.incidents = sim::FromCalls(log.calls, /*real_processing=*/false);
    ELINK_ASSIGN_OR_RETURN(InsideRoster real, RosterInside(log, region, roster_options, calls));
    out << fmt::format("{} {} ({}: {}; {}: {}; {}: {})\n",
                       Tr(lang, "名册取自真实警情:", "Roster from the real calls:"),
                       real.roster.units.size(), Tr(lang, "加入的站点", "stations added"),
                       real.roster.stations.size(), Tr(lang, "近似映射", "approximate mappings"),
                       real.roster.approximations.size(),
                       Tr(lang, "未计入的车辆", "units left out"), real.roster.left_out.size());
  }
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
  input.roads = &router->graph();
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
    out << fmt::format("{:16} {} {:.1f} / {:.1f} min · {} {} · {} {:.1f} % · {} {}\n", policy.name,
                       Tr(lang, "首车到场 p50/p90", "first unit p50/p90"), k.response.p50_s / 60,
                       k.response.p90_s / 60, Tr(lang, "未到达", "never reached"),
                       k.response.unreached, Tr(lang, "标准内", "within standard"),
                       k.within_share * 100, Tr(lang, "未派足车次", "plan units not sent"),
                       k.units_required - k.units_sent);
    input.runs.push_back(std::move(run));
  }
  if (!kpis.empty()) {
    const sim::PolicyKpi& k = kpis.front();
    out << fmt::format("{:16} {} {:.1f} / {:.1f} min · {} {}\n", Tr(lang, "参照", "reference"),
                       Tr(lang, "全部力量在站空闲时首车到场 p50/p90",
                          "every unit free at its station: first unit p50/p90"),
                       k.bound.p50_s / 60, k.bound.p90_s / 60, Tr(lang, "无法到达", "unreachable"),
                       k.bound.unreached);
  }
  std::string seeds_json;
  if (options.seeds > 1) {
    ELINK_ASSIGN_OR_RETURN(
        seeds_json, RunSeeds(options, scenario, region, router, built, durations, kpis, lang, out));
  }

  const std::filesystem::path dir(options.out);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IOError(options.out + ": " + ec.message());
  ELINK_RETURN_IF_ERROR(WriteFile(dir / "report.json", sim::ReportJson(input, kpis)));
  if (!seeds_json.empty()) ELINK_RETURN_IF_ERROR(WriteFile(dir / "seeds.json", seeds_json));
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
  ELINK_ASSIGN_OR_RETURN(InsideRoster real, RosterInside(log, region, roster_options, built));
  const std::vector<sim::Call>& inside = real.inside;
  const sim::Roster& roster = real.roster;
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
