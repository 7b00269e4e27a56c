// SPDX-License-Identifier: Apache-2.0
// `elink simulate`, `fit-durations` and `drill-report` as a user runs them: help, clear errors for
// bad input, and a whole run of the shipped SF-week scenario, twice, byte for byte the same.
#include "app/process.hpp"
#include "support/data_files.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace elink {
namespace {

const std::string kSource = ELINK_SOURCE_DIR;
const std::string kRegion = kSource + "/data/regions/demo";
const std::string kRoads = kSource + "/data/roads/sf-north.osm.gz";
using testing::kSfCalls;

using testing::ReadAll;

TEST(SimulateCliTest, Help) {
  auto r = testing::RunElink({"simulate", "--help"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  for (const char* option : {"--config", "--graph", "--scenario", "--out"}) {
    EXPECT_NE(r.out.find(option), std::string::npos) << option;
  }
  r = testing::RunElink({"drill-report", "--help"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("--json"), std::string::npos);
  r = testing::RunElink({"fit-durations", "--help"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = testing::RunElink({"serve", "--help"});
  EXPECT_NE(r.out.find("--drill"), std::string::npos) << r.out;
}

class SimulateCliRun : public ::testing::Test {
 protected:
  void SetUp() override {
    ELINK_REQUIRE_DATA(kSfCalls);
    graph_ = (dir_ / "roads.graph").string();
    const auto r = testing::RunElink({"import-osm", kRoads, "-o", graph_});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  testing::TempDir dir_;
  std::string graph_;
};

TEST_F(SimulateCliRun, BadScenariosAreRefusedWithFileLineAndField) {
  std::ofstream(dir_ / "bad.toml") << "name = \"x\"\nhours = -3\n";
  auto r = testing::RunElink({"--lang", "en", "simulate", "--config", kRegion, "--graph", graph_,
                              "--scenario", (dir_ / "bad.toml").string(), "--out",
                              (dir_ / "out").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.toml:2: hours"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "out")) << "nothing written for a bad scenario";
  r = testing::RunElink({"simulate", "--config", kRegion, "--graph", graph_, "--scenario",
                         (dir_ / "missing.toml").string(), "--out", (dir_ / "out").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("missing.toml"), std::string::npos) << r.err;
  std::ofstream(dir_ / "garbage.toml") << std::string("\x00\x01\xff", 3);
  r = testing::RunElink({"simulate", "--config", kRegion, "--graph", graph_, "--scenario",
                         (dir_ / "garbage.toml").string(), "--out", (dir_ / "out").string()});
  EXPECT_EQ(r.exit_code, 2);
}

// simulate --roster-calls: the scenario runs with the units that answered the log's calls (the
// excerpt's 12), not the region's own; a log of no usable unit is refused, nothing written.
TEST_F(SimulateCliRun, SimulateWithTheRosterOfARealLog) {
  const std::string excerpt = kSource + "/tests/sim/data/sf-calls-excerpt.csv";
  const std::string scenario = kSource + "/data/scenarios/sf-week.toml";
  const auto r = testing::RunElink({"--lang", "en", "simulate", "--config", kRegion, "--graph",
                                    graph_, "--scenario", scenario, "--out", (dir_ / "r").string(),
                                    "--roster-calls", excerpt});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Roster from the real calls: 12"), std::string::npos) << r.out;
  const nlohmann::json report = nlohmann::json::parse(ReadAll(dir_ / "r" / "report.json"));
  for (const auto& p : report["policies"]) EXPECT_EQ(p["units"].size(), 12U) << p["policy"];

  std::string text = ReadAll(excerpt);
  for (const char* type : {"ENGINE", "MEDIC", "PRIVATE", "CHIEF"}) {
    for (std::size_t at = text.find(type); at != std::string::npos; at = text.find(type)) {
      text.replace(at, std::string(type).size(), "HOVERCRAFT");
    }
  }
  std::ofstream(dir_ / "hovercraft.csv") << text;
  const auto bad = testing::RunElink({"simulate", "--config", kRegion, "--graph", graph_,
                                      "--scenario", scenario, "--out", (dir_ / "h").string(),
                                      "--roster-calls", (dir_ / "hovercraft.csv").string()});
  EXPECT_EQ(bad.exit_code, 2) << bad.out;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "h" / "report.json"));
}

// validate-sim on the checked-in excerpt of the real week: the table, its call counts, and the
// same output twice; bad call files are refused with a clear error and nothing else.
TEST_F(SimulateCliRun, ValidateSimOnTheExcerptAndOnBadCallFiles) {
  const std::string excerpt = kSource + "/tests/sim/data/sf-calls-excerpt.csv";
  const std::vector<std::string> args = {"--lang", "en",      "validate-sim", "--config",
                                         kRegion,  "--graph", graph_,         "--calls"};
  auto with = [&](const std::string& calls, std::vector<std::string> more = {}) {
    std::vector<std::string> a = args;
    a.push_back(calls);
    a.insert(a.end(), more.begin(), more.end());
    return testing::RunElink(a);
  };
  const auto r = with(excerpt, {"--roster-out", (dir_ / "units.toml").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("calls: 7 (inside the region 7, rows rejected 0); roster: 12"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("priority 3"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("priority 2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("calls in the log: 7"), std::string::npos) << r.out;
  EXPECT_NE(ReadAll(dir_ / "units.toml").find("[[units]]"), std::string::npos);
  EXPECT_EQ(with(excerpt).out, r.out) << "deterministic";
  const auto ambulance = with(excerpt, {"--non-emergency-ambulance"});
  ASSERT_EQ(ambulance.exit_code, 0) << ambulance.err;
  EXPECT_NE(ambulance.out.find("the ALS line takes the closest ambulance"), std::string::npos);
  EXPECT_NE(ambulance.out.find("calls in the log: 7"), std::string::npos) << ambulance.out;

  // The literal's own bytes, its NUL first (a length past them reads beyond it: ASan).
  constexpr char kGarbage[] = "\x00\x01\xff not a log\n";
  std::ofstream(dir_ / "garbage.csv") << std::string(kGarbage, sizeof kGarbage - 1);
  auto bad = with((dir_ / "garbage.csv").string());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("header"), std::string::npos) << bad.err;
  // A gzip file cut in the middle.
  const std::string gz = ReadAll(kSfCalls);
  std::ofstream(dir_ / "cut.csv.gz", std::ios::binary) << gz.substr(0, gz.size() / 2);
  bad = with((dir_ / "cut.csv.gz").string());
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_FALSE(bad.err.empty());
  // Units of no elink type only: no roster, said so.
  std::string text = ReadAll(excerpt);
  for (const char* type : {"ENGINE", "MEDIC", "PRIVATE", "CHIEF"}) {
    for (std::size_t at = text.find(type); at != std::string::npos; at = text.find(type)) {
      text.replace(at, std::string(type).size(), "HOVERCRAFT");
    }
  }
  std::ofstream(dir_ / "hovercraft.csv") << text;
  bad = with((dir_ / "hovercraft.csv").string());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("no unit of the call log could be placed"), std::string::npos) << bad.err;
}

// The shipped scenario on the demo region: every call of the log is accounted for (inside the
// region and reported, or left out as outside it), the policies are side by side, and a second
// run writes the same bytes.
TEST_F(SimulateCliRun, SfWeekScenarioIsCompleteAndDeterministic) {
  const std::string scenario = kSource + "/data/scenarios/sf-week.toml";
  auto run = [&](const std::string& out) {
    return testing::RunElink({"--lang", "en", "simulate", "--config", kRegion, "--graph", graph_,
                              "--scenario", scenario, "--out", out});
  };
  auto r = run((dir_ / "a").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("closest_station"), std::string::npos) << r.out;
  const nlohmann::json report = nlohmann::json::parse(ReadAll(dir_ / "a" / "report.json"));
  const auto& inputs = report["inputs"];
  EXPECT_EQ(inputs["imports"][0]["calls"], 3560);
  EXPECT_EQ(inputs["incidents"].get<int>() + inputs["left_out_outside_region"].get<int>() +
                inputs["left_out_before_start"].get<int>() +
                inputs["left_out_after_end"].get<int>(),
            3560);
  ASSERT_EQ(report["policies"].size(), 3U);
  for (const auto& p : report["policies"]) {
    EXPECT_EQ(p["incidents"], inputs["incidents"]) << p["policy"];
    EXPECT_EQ(p["served"].get<int>() + p["unserved"].get<int>() + p["refused"].get<int>() +
                  p["no_plan"].get<int>(),
              p["incidents"].get<int>())
        << p["policy"];
    int histogram = 0;
    for (const auto& n : p["response_histogram_minutes"]) histogram += n.get<int>();
    EXPECT_EQ(histogram, p["served"].get<int>());
  }
  const std::string csv = ReadAll(dir_ / "a" / "incidents.csv");
  EXPECT_EQ(static_cast<int>(std::count(csv.begin(), csv.end(), '\n')),
            inputs["incidents"].get<int>() + 1);
  // The percentiles recounted from incidents.csv, calls never reached infinitely late (nearest
  // rank over every counted call); utilisation by type recounted from the per-unit figures.
  {
    std::vector<std::vector<std::string>> rows;
    std::istringstream lines(csv);
    for (std::string line; std::getline(lines, line);) {
      std::vector<std::string> cells;
      std::istringstream cs(line);
      for (std::string cell; std::getline(cs, cell, ',');) cells.push_back(cell);
      if (!line.empty() && line.back() == ',') cells.emplace_back();
      rows.push_back(std::move(cells));
    }
    const std::vector<std::string>& header = rows.front();
    for (const auto& p : report["policies"]) {
      const std::string name = p["policy"];
      const auto col = [&](const std::string& c) {
        return static_cast<std::size_t>(std::find(header.begin(), header.end(), name + "_" + c) -
                                        header.begin());
      };
      // Percentiles of one column over the counted calls, an empty cell infinitely late.
      const auto recount = [&](std::size_t column, const nlohmann::json& figures,
                               const std::string& what) {
        std::vector<double> times;
        int unreached = 0;
        for (std::size_t row = 1; row < rows.size(); ++row) {
          const std::string& outcome = rows[row][col("outcome")];
          if (outcome == "refused" || outcome == "no_plan") continue;
          const std::string& t = rows[row][column];
          if (t.empty()) {
            ++unreached;
            times.push_back(std::numeric_limits<double>::infinity());
          } else {
            times.push_back(std::stod(t));
          }
        }
        ASSERT_FALSE(times.empty());
        std::sort(times.begin(), times.end());
        const auto rank = [&](double q) {
          return times[static_cast<std::size_t>(std::ceil(q * static_cast<double>(times.size()))) -
                       1];
        };
        EXPECT_EQ(figures["unreached"].get<int>(), unreached) << name << " " << what;
        for (const auto& [key, q] : {std::pair{"p50_s", 0.5}, std::pair{"p90_s", 0.9}}) {
          if (std::isinf(rank(q))) {
            EXPECT_TRUE(figures[key].is_null()) << name << " " << what << " " << key;
          } else {
            EXPECT_NEAR(figures[key].get<double>(), rank(q), 0.051) << name << " " << what << key;
          }
        }
      };
      recount(col("response_s"), p["response"], "response");
      EXPECT_EQ(p["unserved"].get<int>(), p["response"]["unreached"].get<int>()) << name;
      // The reference (every unit free at its station) is one column, the same for every policy.
      const auto bound_col = static_cast<std::size_t>(
          std::find(header.begin(), header.end(), "bound_s") - header.begin());
      ASSERT_LT(bound_col, header.size());
      recount(bound_col, p["bound_every_unit_free"], "reference");
      EXPECT_EQ(p["bound_every_unit_free"], report["policies"][0]["bound_every_unit_free"]);
      if (!p["response"]["p50_s"].is_null()) {
        EXPECT_LE(p["bound_every_unit_free"]["p50_s"].get<double>(),
                  p["response"]["p50_s"].get<double>() + 6)
            << name << ": only a unit on its way home beats the reference";
      }
      std::map<std::string, std::pair<int, double>> by_type;  // units, sum of utilisation
      for (const auto& u : p["units"]) {
        auto& [n, sum] = by_type[u["type"].get<std::string>()];
        ++n;
        sum += u["utilisation"].get<double>();
      }
      ASSERT_EQ(p["utilisation_by_unit_type"].size(), by_type.size()) << name;
      double before = 2;
      for (const auto& t : p["utilisation_by_unit_type"]) {
        const auto& [n, sum] = by_type.at(t["type"].get<std::string>());
        EXPECT_EQ(t["units"].get<int>(), n);
        EXPECT_NEAR(t["utilisation"].get<double>(), sum / n, 1e-3);
        EXPECT_LE(t["utilisation"].get<double>(), before) << "busiest first";
        before = t["utilisation"].get<double>();
      }
    }
  }
  const std::string html = ReadAll(dir_ / "a" / "report.html");
  EXPECT_NE(html.find("<svg"), std::string::npos);
  // The slow-cell maps stand on the region's roads: defined once, used by the other maps.
  EXPECT_NE(html.find("<path id=\"roads\" d=\"M"), std::string::npos);
  EXPECT_EQ(html.find("id=\"roads\""), html.rfind("id=\"roads\""));
  EXPECT_NE(html.find("<use href=\"#roads\"/>"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http"), std::string::npos) << "nothing fetched from outside";
  EXPECT_NE(html.find("关键指标"), std::string::npos);
  EXPECT_NE(html.find("未计入的事件"), std::string::npos);
  EXPECT_NE(html.find("近似映射的警情类型"), std::string::npos) << "the approximations are named";
  EXPECT_NE(html.find("计为无限迟"), std::string::npos);
  EXPECT_NE(ReadAll(dir_ / "a" / "report.en.html").find("Key figures"), std::string::npos);

  r = run((dir_ / "b").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* f : {"report.json", "incidents.csv", "report.html", "report.en.html"}) {
    EXPECT_EQ(ReadAll(dir_ / "a" / f), ReadAll(dir_ / "b" / f)) << f << " differs between runs";
  }
}

// Several seeds: every policy runs with each, the first seed's figures are the report's, and the
// comparison with closest_station is counted seed by seed.
TEST_F(SimulateCliRun, SeveralSeedsGiveTheSpreadAndTheComparisonSeedBySeed) {
  const std::string scenario = kSource + "/data/scenarios/sf-week.toml";
  const auto r =
      testing::RunElink({"--lang", "en", "simulate", "--config", kRegion, "--graph", graph_,
                         "--scenario", scenario, "--out", (dir_ / "s").string(), "--seeds", "3"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("3 seeds (2017–2019)"), std::string::npos) << r.out;
  const nlohmann::json report = nlohmann::json::parse(ReadAll(dir_ / "s" / "report.json"));
  const nlohmann::json seeds = nlohmann::json::parse(ReadAll(dir_ / "s" / "seeds.json"));
  EXPECT_EQ(seeds["seeds"], 3);
  ASSERT_EQ(seeds["policies"].size(), report["policies"].size());
  for (std::size_t p = 0; p < seeds["policies"].size(); ++p) {
    const auto& sp = seeds["policies"][p];
    ASSERT_EQ(sp["runs"].size(), 3U);
    EXPECT_EQ(sp["runs"][0]["p90_s"], report["policies"][p]["response"]["p90_s"]);
    std::set<double> p90s;
    for (const auto& run : sp["runs"]) p90s.insert(run["p90_s"].get<double>());
    EXPECT_GT(p90s.size(), 1U) << "the seeds differ";
    if (sp["policy"] == "closest_station") continue;
    int lower = 0;
    double delta = 0;
    for (std::size_t k = 0; k < 3; ++k) {
      const double mine = sp["runs"][k]["p90_s"];
      const double theirs = seeds["policies"][0]["runs"][k]["p90_s"];
      lower += mine < theirs ? 1 : 0;
      delta += (mine - theirs) / 60 / 3;
    }
    EXPECT_EQ(sp["vs_closest_station"]["p90_lower_in"], lower) << sp["policy"];
    EXPECT_NEAR(sp["vs_closest_station"]["mean_delta_p90_min"].get<double>(), delta, 0.01);
  }
  // The reference, seed by seed (the first one's is the report's), and the share of the room
  // between closest_station and it that each policy won, recounted from the seeds' own figures.
  ASSERT_EQ(seeds["reference"]["runs"].size(), 3U);
  EXPECT_EQ(seeds["reference"]["runs"][0]["p90_s"],
            report["policies"][0]["bound_every_unit_free"]["p90_s"]);
  EXPECT_NE(r.out.find("reference*"), std::string::npos) << r.out;
  for (std::size_t p = 1; p < seeds["policies"].size(); ++p) {
    const auto& sp = seeds["policies"][p];
    double won = 0, room = 0;
    for (std::size_t k = 0; k < 3; ++k) {
      const double closest = seeds["policies"][0]["runs"][k]["p90_s"];
      room += closest - seeds["reference"]["runs"][k]["p90_s"].get<double>();
      won += closest - sp["runs"][k]["p90_s"].get<double>();
    }
    ASSERT_GT(room, 0) << "the saturated demo roster leaves room";
    ASSERT_TRUE(sp.contains("p90_room_won_share")) << sp["policy"];
    EXPECT_NEAR(sp["p90_room_won_share"].get<double>(), won / room, 0.002) << sp["policy"];
  }
  const auto bad =
      testing::RunElink({"simulate", "--config", kRegion, "--graph", graph_, "--scenario", scenario,
                         "--out", (dir_ / "t").string(), "--seeds", "0"});
  EXPECT_NE(bad.exit_code, 0);
}

// --rate scales a generated stream (half the rate: about half the calls, Poisson), each seed draws
// a stream of its own; a replay has nothing to scale and is refused before anything is written.
TEST_F(SimulateCliRun, RateScalesAGeneratedStreamAndIsRefusedForAReplay) {
  const std::string generated = kSource + "/data/scenarios/sf-generated.toml";
  const auto incidents = [](const std::string& out) {
    const auto at = out.find("Incidents: ");
    return at == std::string::npos ? -1 : std::stoi(out.substr(at + 11));
  };
  const auto full =
      testing::RunElink({"--lang", "en", "simulate", "--config", kRegion, "--graph", graph_,
                         "--scenario", generated, "--out", (dir_ / "g1").string(), "--seeds", "2"});
  ASSERT_EQ(full.exit_code, 0) << full.err;
  EXPECT_NE(full.out.find("drawn anew with each seed"), std::string::npos) << full.out;
  const auto half = testing::RunElink({"--lang", "en", "simulate", "--config", kRegion, "--graph",
                                       graph_, "--scenario", generated, "--out",
                                       (dir_ / "g05").string(), "--rate", "0.5"});
  ASSERT_EQ(half.exit_code, 0) << half.err;
  EXPECT_NE(half.out.find("Rate: 0.5"), std::string::npos) << half.out;
  const int n1 = incidents(full.out), n05 = incidents(half.out);
  ASSERT_GT(n1, 500) << full.out;
  EXPECT_NEAR(static_cast<double>(n05) / n1, 0.5, 0.08) << n05 << " of " << n1;
  // Two seeds, two streams: their reference p90s (the same roster, other calls) differ.
  const nlohmann::json seeds = nlohmann::json::parse(ReadAll(dir_ / "g1" / "seeds.json"));
  EXPECT_NE(seeds["reference"]["runs"][0]["p90_s"], seeds["reference"]["runs"][1]["p90_s"]);

  for (const char* rate : {"2", "0", "-1", "abc", "1e9"}) {
    const auto bad = testing::RunElink(
        {"simulate", "--config", kRegion, "--graph", graph_, "--scenario",
         rate == std::string("2") ? kSource + "/data/scenarios/sf-week.toml" : generated, "--out",
         (dir_ / "bad").string(), "--rate", rate});
    EXPECT_NE(bad.exit_code, 0) << rate;
    EXPECT_NE(bad.err.find("--rate"), std::string::npos) << rate << ": " << bad.err;
    EXPECT_FALSE(std::filesystem::exists(dir_ / "bad")) << rate << ": nothing written";
  }
}

// A region kept outside the repository with a scenario that names no step times: the simulation
// is refused with what to give, not run on silent defaults; named built-ins run and say so.
TEST_F(SimulateCliRun, StepTimesAreNamedOrTheRunIsRefused) {
  const std::filesystem::path region = dir_ / "my-region";
  std::filesystem::copy(kRegion, region, std::filesystem::copy_options::recursive);
  const std::string script = R"(name = "x"
[[script]]
at_min = 0
type = "fire.residential"
lat = 37.8008
lon = -122.4363
)";
  std::ofstream(dir_ / "plain.toml") << script;
  auto r = testing::RunElink({"--lang", "en", "simulate", "--config", region.string(), "--graph",
                              graph_, "--scenario", (dir_ / "plain.toml").string(), "--out",
                              (dir_ / "out").string()});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.err.find("no step times"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("durations = \"built-in\""), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "out")) << "nothing written";

  std::ofstream(dir_ / "builtin.toml") << "durations = \"built-in\"\n" << script;
  r = testing::RunElink({"--lang", "en", "simulate", "--config", region.string(), "--graph", graph_,
                         "--scenario", (dir_ / "builtin.toml").string(), "--out",
                         (dir_ / "out").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Step times: elink built-in defaults"), std::string::npos) << r.out;

  std::ofstream(dir_ / "fitted.toml")
      << "durations = \"" << kSource << "/data/sim/durations-sf-2017.toml\"\n"
      << script;
  r = testing::RunElink({"--lang", "en", "simulate", "--config", region.string(), "--graph", graph_,
                         "--scenario", (dir_ / "fitted.toml").string(), "--out",
                         (dir_ / "out2").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Step times: fitted by `elink fit-durations`"), std::string::npos) << r.out;
}

// The shipped step times are what fit-durations makes of the shipped call log.
TEST(FitDurationsCliTest, TheShippedDurationsAreFittedFromTheShippedLog) {
  ELINK_REQUIRE_DATA(kSfCalls);
  // The drive modes are validate-travel's fits on the demo graph (bench/README.md, "Simulator
  // against the real week"), given as they are.
  const auto r = testing::RunElink({"fit-durations", "--calls", kSfCalls, "--emergency", "65,0.54",
                                    "--non-emergency", "100,0.55"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, ReadAll(kSource + "/data/sim/durations-sf-2017.toml"))
      << "re-run: elink fit-durations --calls "
         "data/calls/sf-fire-calls-2016-12-31_to_2017-01-07.csv.gz --emergency 65,0.54 "
         "--non-emergency 100,0.55 -o data/sim/durations-sf-2017.toml";
}

TEST(DrillReportCliTest, ScoresACenterWithoutDrillsAsEmpty) {
  testing::TempDir dir;
  const std::string db = (dir / "center.db").string();
  auto r = testing::InitDemoCenter(db);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = testing::RunElink({"--lang", "en", "drill-report", "--db", db});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("0 exercise incidents"), std::string::npos) << r.out;
  r = testing::RunElink({"drill-report", "--db", db, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["incidents"].size(), 0U);
  r = testing::RunElink({"drill-report", "--db", (dir / "none.db").string()});
  EXPECT_NE(r.exit_code, 0);
}

TEST(FitDurationsCliTest, RefusesALogWithoutResponses) {
  testing::TempDir dir;
  std::ofstream(dir / "empty.csv") << "";
  const auto r = testing::RunElink({"fit-durations", "--calls", (dir / "empty.csv").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("empty.csv"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace elink
