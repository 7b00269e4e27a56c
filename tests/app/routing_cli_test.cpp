// SPDX-License-Identifier: Apache-2.0
// The routing commands of the real `elink` binary: import-osm on a real extract, then route,
// matrix and isochrone from the graph file it wrote; and the ways they must refuse: bad
// positions, far positions, truncated extracts, damaged graph files.
#include "geo/graph_file.hpp"
#include "process.hpp"
#include "support/data_files.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

namespace elink {
namespace {

const std::string kExtract = elink::testing::DataPath("roads/helsinki-centre.osm.pbf");
const std::string kA = "60.1699,24.9384";  // central Helsinki, by the railway station
const std::string kB = "60.1650,24.9450";

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(RoutingCliTest, EveryRoutingCommandHasHelp) {
  for (const char* sub : {"import-osm", "route", "matrix", "isochrone"}) {
    const auto r = testing::RunElink({sub, "--help"});
    EXPECT_EQ(r.exit_code, 0) << sub;
    EXPECT_NE(r.out.find(std::string(sub) == "import-osm" ? "--output" : "--graph"),
              std::string::npos)
        << sub << ": " << r.out;
  }
}

class RoutingCliGraphTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ELINK_REQUIRE_DATA(kExtract);
    const auto r =
        testing::RunElink({"--lang", "en", "import-osm", kExtract, "-o", graph_, "--pois", pois_});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("wrote road graph"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("turn restrictions:"), std::string::npos) << r.out;
  }

  testing::TempDir dir_;
  std::string graph_ = (dir_ / "helsinki.graph").string();
  std::string pois_ = (dir_ / "pois.geojson").string();
};

TEST_F(RoutingCliGraphTest, RouteMatrixIsochroneAnswer) {
  const auto pois = nlohmann::json::parse(ReadAll(pois_));
  EXPECT_EQ(pois["type"], "FeatureCollection");

  const auto route =
      testing::RunElink({"route", "--graph", graph_, "--from", kA, "--to", kB, "--format", "json"});
  ASSERT_EQ(route.exit_code, 0) << route.err;
  const auto r = nlohmann::json::parse(route.out);
  EXPECT_GT(r["seconds"].get<double>(), 30);
  EXPECT_LT(r["seconds"].get<double>(), 600);
  EXPECT_GT(r["distance_m"].get<double>(), 700) << "at least the straight line";

  const auto geo = testing::RunElink(
      {"route", "--graph", graph_, "--from", kA, "--to", kB, "--format", "geojson"});
  ASSERT_EQ(geo.exit_code, 0) << geo.err;
  const auto g = nlohmann::json::parse(geo.out);
  EXPECT_EQ(g["geometry"]["type"], "LineString");
  // One unit in every format: seconds.
  EXPECT_NEAR(g["properties"]["seconds"].get<double>(), r["seconds"].get<double>(), 0.05);
  EXPECT_NEAR(g["properties"]["distance_m"].get<double>(), r["distance_m"].get<double>(), 0.5);
  const auto text =
      testing::RunElink({"--lang", "en", "route", "--graph", graph_, "--from", kA, "--to", kB});
  ASSERT_EQ(text.exit_code, 0);
  char expected[64];
  std::snprintf(expected, sizeof expected, "travel time %.0f s", r["seconds"].get<double>());
  EXPECT_NE(text.out.find(expected), std::string::npos) << text.out << " vs " << expected;

  const auto zh = testing::RunElink({"route", "--graph", graph_, "--from", kA, "--to", kB});
  ASSERT_EQ(zh.exit_code, 0);
  EXPECT_NE(zh.out.find("行驶时间"), std::string::npos) << zh.out;

  const auto matrix = testing::RunElink(
      {"matrix", "--graph", graph_, "--from", kA + ";" + kB, "--to", kA + ";" + kB});
  ASSERT_EQ(matrix.exit_code, 0) << matrix.err;
  const auto m = nlohmann::json::parse(matrix.out)["seconds"];
  ASSERT_EQ(m.size(), 2U);
  EXPECT_EQ(m[0][0].get<double>(), 0);
  EXPECT_EQ(m[1][1].get<double>(), 0);
  EXPECT_EQ(m[0][1].get<double>(), r["seconds"].get<double>()) << "matrix and route agree";

  const std::string points = (dir_ / "points.txt").string();
  std::ofstream(points) << "# two places\n" << kA << "\n\n" << kB << "\n";
  const auto csv = testing::RunElink(
      {"matrix", "--graph", graph_, "--from", "@" + points, "--to", kB, "--format", "csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(std::count(csv.out.begin(), csv.out.end(), '\n'), 2);

  const auto iso =
      testing::RunElink({"isochrone", "--graph", graph_, "--at", kA, "--minutes", "2"});
  ASSERT_EQ(iso.exit_code, 0) << iso.err;
  const auto i = nlohmann::json::parse(iso.out);
  EXPECT_EQ(i["geometry"]["type"], "MultiPolygon");
  EXPECT_GT(i["properties"]["area_km2"].get<double>(), 0);
}

// A position left out of a list is refused with where it is, not skipped.
TEST_F(RoutingCliGraphTest, EmptyEntriesInAListAreRefusedWithTheirPosition) {
  for (const auto& [list, where] :
       std::vector<std::pair<std::string, std::string>>{{kA + ";;" + kB, "from[1]"},
                                                        {";" + kA, "from[0]"},
                                                        {kA + ";", "from[1]"},
                                                        {kA + "; ;" + kB, "from[1]"}}) {
    const auto r = testing::RunElink(
        {"--lang", "en", "matrix", "--graph", graph_, "--from", list, "--to", kB});
    EXPECT_EQ(r.exit_code, 2) << list;
    EXPECT_NE(r.err.find(where), std::string::npos) << list << ": " << r.err;
    EXPECT_NE(r.err.find("empty position at character"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << "no partial matrix: " << r.out;
  }
}

TEST_F(RoutingCliGraphTest, BadPositionsAreRefusedWithTheField) {
  for (const std::string bad :
       {"abc", "60.1", "60.1,", "91,24.9", "60.1,24.9,3", "nan,24.9", "60.1699,24.9384x", ""}) {
    const auto r =
        testing::RunElink({"--lang", "en", "route", "--graph", graph_, "--from", bad, "--to", kB});
    EXPECT_EQ(r.exit_code, 2) << bad;
    EXPECT_NE(r.err.find("from"), std::string::npos) << bad << ": " << r.err;
  }
  const auto far = testing::RunElink(
      {"--lang", "en", "route", "--graph", graph_, "--from", kA, "--to", "48.85,2.35"});
  EXPECT_EQ(far.exit_code, 2);
  EXPECT_NE(far.err.find("no road within"), std::string::npos) << far.err;
  const auto minutes =
      testing::RunElink({"isochrone", "--graph", graph_, "--at", kA, "--minutes", "-3"});
  EXPECT_EQ(minutes.exit_code, 2);
  const auto bad_third =
      testing::RunElink({"matrix", "--graph", graph_, "--from", kA + ";" + kB + ";x", "--to", kA});
  EXPECT_EQ(bad_third.exit_code, 2);
  EXPECT_NE(bad_third.err.find("from[2]"), std::string::npos) << bad_third.err;
}

TEST_F(RoutingCliGraphTest, DamagedGraphFilesAreRefused) {
  std::string bytes = ReadAll(graph_);
  const std::string damaged = (dir_ / "damaged.graph").string();
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x10);
  std::ofstream(damaged, std::ios::binary) << bytes;
  const auto r =
      testing::RunElink({"--lang", "en", "route", "--graph", damaged, "--from", kA, "--to", kB});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("checksum"), std::string::npos) << r.err;

  const std::string cut = (dir_ / "cut.graph").string();
  std::ofstream(cut, std::ios::binary) << ReadAll(graph_).substr(0, 1000);
  const auto c = testing::RunElink({"route", "--graph", cut, "--from", kA, "--to", kB});
  EXPECT_EQ(c.exit_code, 2);
  EXPECT_FALSE(c.err.empty());

  const auto not_graph = testing::RunElink({"route", "--graph", pois_, "--from", kA, "--to", kB});
  EXPECT_EQ(not_graph.exit_code, 2);
}

TEST(RoutingCliImportTest, BadExtractsAreRefused) {
  ELINK_REQUIRE_DATA(kExtract);
  testing::TempDir dir;
  const std::string truncated = (dir / "cut.osm.pbf").string();
  std::ofstream(truncated, std::ios::binary) << ReadAll(kExtract).substr(0, 100'000);
  const std::string out = (dir / "out.graph").string();
  const auto r = testing::RunElink({"--lang", "en", "import-osm", truncated, "-o", out});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(r.err.empty());
  EXPECT_FALSE(std::filesystem::exists(out)) << "no graph file from a failed import";

  const std::string garbage = (dir / "garbage.osm").string();
  std::ofstream(garbage) << "<osm><node id='1' lat='x'";
  EXPECT_EQ(testing::RunElink({"import-osm", garbage, "-o", out}).exit_code, 2);
  EXPECT_EQ(testing::RunElink({"import-osm", kExtract, "-o", "/no/such/dir/x.graph"}).exit_code, 2);
  EXPECT_NE(testing::RunElink({"import-osm", "/no/such/file.osm.pbf", "-o", out}).exit_code, 0);
}

// One graph per vehicle class: --vehicle picks whose access tags are read, the graph file records
// the class, and an unknown class is refused in the user's language before anything is read.
TEST(RoutingCliImportTest, VehicleClassIsRecordedAndUnknownRefused) {
  ELINK_REQUIRE_DATA(kExtract);
  testing::TempDir dir;
  const std::string out = (dir / "out.graph").string();
  auto r =
      testing::RunElink({"--lang", "en", "import-osm", kExtract, "-o", out, "--vehicle", "bus"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--vehicle: unknown vehicle class 'bus' (expected motorcar or hgv)"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));
  r = testing::RunElink({"import-osm", kExtract, "-o", out, "--vehicle", "HGV"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("未知的车辆类别“HGV”"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));

  r = testing::RunElink({"--lang", "en", "import-osm", kExtract, "-o", out, "--vehicle", "hgv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("(vehicle class hgv)"), std::string::npos) << r.out;
  EXPECT_EQ(geo::ReadGraphFileInfo(out).value().profile, "emergency-hgv");
  const std::string car = (dir / "car.graph").string();
  r = testing::RunElink({"import-osm", kExtract, "-o", car});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("车辆类别 motorcar"), std::string::npos) << r.out;
  EXPECT_EQ(geo::ReadGraphFileInfo(car).value().profile, "emergency-motorcar");

  const auto help = testing::RunElink({"import-osm", "--help"});
  EXPECT_NE(help.out.find("--vehicle"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("fire engine"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("消防车"), std::string::npos) << help.out;
}

// A failed import leaves no half output: with the points of interest unwritable, no graph file
// either, and an existing graph file stays as it was.
TEST(RoutingCliImportTest, AFailedImportLeavesNoHalfOutput) {
  ELINK_REQUIRE_DATA(kExtract);
  testing::TempDir dir;
  const std::string graph = (dir / "out.graph").string();
  auto r = testing::RunElink({"--lang", "en", "import-osm", kExtract, "-o", graph, "--pois",
                              (dir / "no-such-dir" / "pois.geojson").string()});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.err.find("pois.geojson"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find(".partial"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(graph)) << "no graph file from a failed command";
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    ADD_FAILURE() << "left behind: " << e.path();
  }
  std::ofstream(graph) << "the old graph";
  r = testing::RunElink({"import-osm", kExtract, "-o", graph, "--pois",
                         (dir / "no-such-dir" / "pois.geojson").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(ReadAll(graph), "the old graph") << "an existing file is kept when the command fails";
  // Both written when both can be.
  const std::string pois = (dir / "pois.geojson").string();
  r = testing::RunElink({"import-osm", kExtract, "-o", graph, "--pois", pois});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(ReadAll(graph), "the old graph");
  EXPECT_TRUE(std::filesystem::exists(pois));
  EXPECT_FALSE(std::filesystem::exists(graph + ".partial"));
  EXPECT_FALSE(std::filesystem::exists(pois + ".partial"));
}

// The dispatcher's loop on the demo region over the real northern San Francisco roads: report an
// incident, list it, get the recommendation; bad reports change nothing.
TEST(RecommendCliTest, ReportListRecommend) {
  const std::string osm = elink::testing::DataPath("roads/sf-north.osm.gz");
  ELINK_REQUIRE_DATA(osm);
  testing::TempDir dir;
  const std::string db = (dir / "center.db").string();
  const std::string graph = (dir / "sf.graph").string();
  ASSERT_EQ(testing::RunElink({"init", "--db", db, "--config",
                               std::string(ELINK_SOURCE_DIR) + "/data/regions/demo"})
                .exit_code,
            0);
  ASSERT_EQ(testing::RunElink({"import-osm", osm, "-o", graph}).exit_code, 0);

  const auto bad_type = testing::RunElink(
      {"incident", "create", "--db", db, "--type", "fire.nosuch", "--at", "37.8003,-122.4372"});
  EXPECT_EQ(bad_type.exit_code, 2);
  EXPECT_NE(bad_type.err.find("type"), std::string::npos) << bad_type.err;
  EXPECT_EQ(testing::RunElink({"incident", "create", "--db", db, "--type", "fire.residential",
                               "--at", "37.8003,-122.4372", "--level", "V"})
                .exit_code,
            2);
  EXPECT_EQ(testing::RunElink({"incident", "create", "--db", db, "--type", "fire.residential",
                               "--at", "north pole"})
                .exit_code,
            2);
  EXPECT_TRUE(testing::RunElink({"incident", "list", "--db", db, "--all"}).out.empty())
      << "refused reports leave no incident";

  const auto created = testing::RunElink({"--lang", "en", "incident", "create", "--db", db,
                                          "--type", "fire.residential", "--at", "37.8003,-122.4372",
                                          "--address", "2100 Chestnut St"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_NE(created.out.find("number 1"), std::string::npos) << created.out;
  const auto list = testing::RunElink({"incident", "list", "--db", db});
  EXPECT_NE(list.out.find("2100 Chestnut St"), std::string::npos) << list.out;

  const auto zh = testing::RunElink({"recommend", "--db", db, "--graph", graph, "--incident", "1"});
  ASSERT_EQ(zh.exit_code, 0) << zh.err;
  EXPECT_NE(zh.out.find("预计"), std::string::npos) << zh.out;
  const auto json =
      testing::RunElink({"recommend", "--db", db, "--graph", graph, "--incident", "1", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto rec = nlohmann::json::parse(json.out);
  ASSERT_FALSE(rec["lines"].empty());
  for (const auto& line : rec["lines"]) {
    EXPECT_EQ(line["picks"].size() + line["missing"].get<std::size_t>(),
              line["count"].get<std::size_t>());
    for (const auto& pick : line["picks"]) EXPECT_GT(pick["eta_s"].get<double>(), 0);
  }
  EXPECT_EQ(
      testing::RunElink({"recommend", "--db", db, "--graph", graph, "--incident", "7"}).exit_code,
      2);

  // Live coverage: the JSON is the API's, its share the recount of its grids; the text names it.
  const auto cov_json = testing::RunElink(
      {"coverage", "--db", db, "--graph", graph, "--type", "engine", "--minutes", "6", "--json"});
  ASSERT_EQ(cov_json.exit_code, 0) << cov_json.err;
  const auto cov = nlohmann::json::parse(cov_json.out);
  EXPECT_EQ(cov["standard_s"], 360);
  std::int64_t covered = 0;
  std::int64_t total = 0;
  for (const auto& g : cov["grids"]) {
    if (!g["placed"].get<bool>()) continue;
    total += g["weight"].get<std::int64_t>();
    if (g["covered"].get<bool>()) covered += g["weight"].get<std::int64_t>();
  }
  EXPECT_GT(covered, 0);
  EXPECT_EQ(cov["covered_weight"], covered);
  EXPECT_EQ(cov["total_weight"], total);
  const auto cov_zh =
      testing::RunElink({"coverage", "--db", db, "--graph", graph, "--minutes", "6"});
  ASSERT_EQ(cov_zh.exit_code, 0) << cov_zh.err;
  EXPECT_NE(cov_zh.out.find("分钟内覆盖"), std::string::npos) << cov_zh.out;
  EXPECT_NE(cov_zh.out.find("补位建议"), std::string::npos) << cov_zh.out;
  for (const std::vector<std::string>& bad :
       {std::vector<std::string>{"--type", "spaceship"}, {"--minutes", "0"}, {"--moves", "99"}}) {
    std::vector<std::string> args = {"coverage", "--db", db, "--graph", graph};
    args.insert(args.end(), bad.begin(), bad.end());
    EXPECT_NE(testing::RunElink(args).exit_code, 0) << bad[0];
  }
}

TEST(IncidentCliTest, DuplicatesAreFlaggedAndMergedOnce) {
  testing::TempDir dir;
  const std::string db = (dir / "center.db").string();
  ASSERT_EQ(testing::RunElink({"init", "--db", db, "--config",
                               std::string(ELINK_SOURCE_DIR) + "/data/regions/demo"})
                .exit_code,
            0);
  const auto first = testing::RunElink({"--lang", "en", "incident", "create", "--db", db, "--type",
                                        "fire.residential", "--at", "37.8003,-122.4372"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out.find("possible duplicate"), std::string::npos);
  // Another caller, 34 m away, about the same fire; and a collision elsewhere, not related.
  const auto second = testing::RunElink({"--lang", "en", "incident", "create", "--db", db, "--type",
                                         "fire.high_rise", "--at", "37.8006,-122.4371"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("possible duplicate: incident 1"), std::string::npos) << second.out;
  const auto other = testing::RunElink({"--lang", "en", "incident", "create", "--db", db, "--type",
                                        "traffic.accident", "--at", "37.8003,-122.4372"});
  EXPECT_EQ(other.out.find("possible duplicate"), std::string::npos) << other.out;

  EXPECT_EQ(testing::RunElink({"incident", "merge", "--db", db, "--duplicate", "2", "--into", "1"})
                .exit_code,
            0);
  const auto again =
      testing::RunElink({"incident", "merge", "--db", db, "--duplicate", "2", "--into", "1"});
  EXPECT_EQ(again.exit_code, 2) << "a merged incident cannot be merged again";
  EXPECT_EQ(testing::RunElink({"incident", "merge", "--db", db, "--duplicate", "9", "--into", "1"})
                .exit_code,
            2);
  const auto list = testing::RunElink({"--lang", "en", "incident", "list", "--db", db});
  EXPECT_EQ(list.out.find("fire.high_rise"), std::string::npos) << "merged is no longer open";
  EXPECT_NE(list.out.find("traffic.accident"), std::string::npos);
}

}  // namespace
}  // namespace elink
