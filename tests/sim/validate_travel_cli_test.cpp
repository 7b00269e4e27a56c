// SPDX-License-Identifier: Apache-2.0
// `elink validate-travel` as a user runs it: help, the errors for bad paths and bad files, and a
// whole run on the real SF data (data/; a missing file fails).
#include "app/process.hpp"
#include "support/data_files.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace elink {
namespace {

const std::string kOsm = elink::testing::DataPath("roads/sf-north.osm.gz");
using testing::kSfCalls;
const std::string kStations = elink::testing::DataPath("sources/sf-fire-stations.geojson");

using testing::ReadAll;

void Write(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

TEST(ValidateTravelCliTest, Help) {
  const auto r = testing::RunElink({"validate-travel", "--help"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  for (const char* option : {"--graph", "--calls", "--stations", "--out", "--json"}) {
    EXPECT_NE(r.out.find(option), std::string::npos) << option << ": " << r.out;
  }
}

TEST(ValidateTravelCliTest, BadPathsAndFilesGiveClearErrors) {
  testing::TempDir dir;
  const std::string calls = (dir / "calls.csv").string();
  const std::string stations = (dir / "stations.geojson").string();
  const std::string graph = (dir / "not-a-graph.graph").string();
  Write(calls,
        "Call Number,Unit ID,Call Type,Received DtTm,Dispatch DtTm,Response DtTm,On Scene DtTm,"
        "Available DtTm,Station Area,Priority,Unit Type,Unit sequence in call dispatch,Location\n");
  Write(stations, R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":)"
                  R"({"common_name":"Fire Station #1"},"geometry":{"type":"Point",)"
                  R"("coordinates":[-122.4,37.8]}}]})");
  Write(graph, "this is not a graph file\n");

  // Missing files: refused before anything runs, naming the option and the path.
  auto r = testing::RunElink({"validate-travel", "--graph", "/nonexistent/sf.graph", "--calls",
                              calls, "--stations", stations});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("/nonexistent/sf.graph"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--graph"), std::string::npos) << r.err;
  r = testing::RunElink({"validate-travel", "--graph", graph, "--calls", "/nonexistent/c.csv",
                         "--stations", stations});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("/nonexistent/c.csv"), std::string::npos) << r.err;
  r = testing::RunElink({"validate-travel", "--graph", graph, "--calls", calls});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("--stations"), std::string::npos) << r.err;

  // A file that is not a graph.
  r = testing::RunElink({"--lang", "en", "validate-travel", "--graph", graph, "--calls", calls,
                         "--stations", stations});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.rfind("error: ", 0), 0U) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;

  // A stations file that is not GeoJSON; a calls file that is empty.
  const std::string bad_stations = (dir / "bad.geojson").string();
  Write(bad_stations, "{ nope");
  r = testing::RunElink({"--lang", "en", "validate-travel", "--graph", graph, "--calls", calls,
                         "--stations", bad_stations});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.geojson: not valid JSON"), std::string::npos) << r.err;
  const std::string empty = (dir / "empty.csv").string();
  Write(empty, "");
  r = testing::RunElink(
      {"validate-travel", "--graph", graph, "--calls", empty, "--stations", stations});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("错误"), std::string::npos) << "Chinese by default: " << r.err;
  EXPECT_NE(r.err.find("empty.csv: empty file"), std::string::npos) << r.err;
}

TEST(ValidateTravelCliTest, RealSanFranciscoWeek) {
  for (const std::string& f : {kOsm, kSfCalls, kStations}) {
    ELINK_REQUIRE_DATA(f);
  }
  testing::TempDir dir;
  const std::string graph = (dir / "sfn.graph").string();
  auto r = testing::RunElink({"import-osm", kOsm, "-o", graph});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  const std::string out = (dir / "report").string();
  r = testing::RunElink({"--lang", "en", "validate-travel", "--graph", graph, "--calls", kSfCalls,
                         "--stations", kStations, "--out", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Travel-time validation"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("median |error|"), std::string::npos) << r.out;
  const nlohmann::json report = nlohmann::json::parse(ReadAll(dir / "report" / "report.json"));
  EXPECT_EQ(report["calls_total"], 3560);
  EXPECT_EQ(report["calls_file"]["rows_read"], 7704);
  EXPECT_EQ(
      report["pair_count"].get<std::size_t>(),
      report["calls_considered"].get<std::size_t>() - report["skipped_total"].get<std::size_t>());
  EXPECT_EQ(report["pairs"].size(), report["pair_count"].get<std::size_t>());
  const std::string html = ReadAll(dir / "report" / "report.html");
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  const std::string csv = ReadAll(dir / "report" / "pairs.csv");
  EXPECT_EQ(static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\n')),
            report["pair_count"].get<std::size_t>() + 1);

  r = testing::RunElink({"validate-travel", "--graph", graph, "--calls", kSfCalls, "--stations",
                         kStations, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json printed = nlohmann::json::parse(r.out);
  EXPECT_EQ(printed["pair_count"], report["pair_count"]);
  EXPECT_EQ(printed["overall"], report["overall"]) << "the same run gives the same figures";
}

}  // namespace
}  // namespace elink
