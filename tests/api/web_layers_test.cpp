// SPDX-License-Identifier: Apache-2.0
// The dashboard's supports: its built files served from memory (never outside their folder), and
// the road network drawn as GeoJSON without tiles.
#include "api/map_layers.hpp"
#include "api/openapi_check.hpp"
#include "api/static_files.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <utility>

namespace elink::api {
namespace {

using Json = nlohmann::json;
using geo::LatLonE6;
using geo::NodeIndex;
using geo::RoadClass;

// ---- StaticFiles -----------------------------------------------------------------------------

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_ / "web" / "assets");
    std::filesystem::create_directories(dir_ / "web" / "img");
    std::ofstream(dir_ / "web" / "index.html") << "<p>app</p>";
    std::ofstream(dir_ / "web" / "assets" / "main-9f8e.js") << "let a = 1;";
    std::ofstream(dir_ / "web" / "assets" / "main-9f8e.css") << "p{}";
    std::ofstream(dir_ / "web" / "img" / "marker.svg") << "<svg/>";
    std::ofstream(dir_ / "web" / "favicon.ico", std::ios::binary) << std::string("\0\1\2", 3);
    std::ofstream(dir_ / "secret.txt") << "outside";
  }
  elink::testing::TempDir dir_;
};

TEST_F(StaticFilesTest, ServesEveryFileWithItsTypeAndTheAppForItsOwnPaths) {
  auto files = StaticFiles::Load(dir_ / "web");
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  EXPECT_EQ(files->file_count(), 5U);
  EXPECT_EQ(files->total_bytes(), 10U + 10U + 3U + 6U + 3U);

  const struct {
    const char* path;
    const char* type;
    const char* body;
    bool immutable;
  } cases[] = {
      {"/index.html", "text/html; charset=utf-8", "<p>app</p>", false},
      {"/", "text/html; charset=utf-8", "<p>app</p>", false},
      {"/incidents/7", "text/html; charset=utf-8", "<p>app</p>", false},
      {"/units", "text/html; charset=utf-8", "<p>app</p>", false},
      {"/assets/main-9f8e.js", "text/javascript; charset=utf-8", "let a = 1;", true},
      {"/assets/main-9f8e.css", "text/css; charset=utf-8", "p{}", true},
      {"/img/marker.svg", "image/svg+xml", "<svg/>", false},
  };
  for (const auto& c : cases) {
    const auto r = files->Get(c.path);
    ASSERT_TRUE(r.has_value()) << c.path;
    EXPECT_EQ(r->status, 200) << c.path;
    EXPECT_EQ(r->content_type, c.type) << c.path;
    EXPECT_EQ(r->body, c.body) << c.path;
    bool immutable = false;
    bool csp = false;
    for (const auto& [k, v] : r->headers) {
      if (k == "Cache-Control") immutable = v.find("immutable") != std::string::npos;
      if (k == "Content-Security-Policy") csp = v.find("default-src 'self'") == 0;
    }
    EXPECT_EQ(immutable, c.immutable) << c.path;
    EXPECT_EQ(csp, std::string(c.type).rfind("text/html", 0) == 0) << c.path;
  }
  const auto ico = files->Get("/favicon.ico");
  ASSERT_TRUE(ico.has_value());
  EXPECT_EQ(ico->body, std::string("\0\1\2", 3));
  EXPECT_EQ(ico->content_type, "image/x-icon");
}

TEST_F(StaticFilesTest, NeverServesTheApiMissingAssetsOrAnythingOutside) {
  auto files = StaticFiles::Load(dir_ / "web");
  ASSERT_TRUE(files.ok());
  for (const std::string& path : std::vector<std::string>{
           "/api", "/api/", "/api/v1/incidents", "/assets/gone.js", "/../secret.txt",
           "/assets/../../secret.txt", "/img/..", "//secret.txt", "/a\\..\\secret.txt",
           std::string("/index.html\0x", 12), "/line\r\nX-Evil: 1", "", "index.html"}) {
    EXPECT_FALSE(files->Get(path).has_value()) << path;
  }
}

TEST_F(StaticFilesTest, RefusesAFolderThatIsNotADashboard) {
  const auto missing = StaticFiles::Load(dir_ / "none");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().field(), "web");
  std::filesystem::create_directories(dir_ / "empty");
  const auto no_index = StaticFiles::Load(dir_ / "empty");
  EXPECT_EQ(no_index.status().code(), StatusCode::kNotFound);
  EXPECT_NE(no_index.status().message().find("index.html"), std::string::npos);
  const auto file = StaticFiles::Load(dir_ / "secret.txt");
  EXPECT_EQ(file.status().code(), StatusCode::kNotFound);
  // Over the size limit: refused whole, not served in part.
  std::ofstream(dir_ / "web" / "assets" / "big.bin") << std::string(3000, 'x');
  const auto big = StaticFiles::Load(dir_ / "web", 2048);
  EXPECT_EQ(big.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(big.status().field(), "web");
}

TEST(ContentTypeTest, ByExtensionOnly) {
  EXPECT_EQ(ContentTypeOf("a.woff2"), "font/woff2");
  EXPECT_EQ(ContentTypeOf("a.json"), "application/json");
  EXPECT_EQ(ContentTypeOf("a.js.map"), "application/json");
  EXPECT_EQ(ContentTypeOf("html"), "application/octet-stream");
  EXPECT_EQ(ContentTypeOf("a.exe"), "application/octet-stream");
  EXPECT_EQ(ContentTypeOf(""), "application/octet-stream");
}

// ---- RoadsGeoJson ----------------------------------------------------------------------------

LatLonE6 At(double lat, double lon) {
  return {static_cast<std::int32_t>(std::lround(lat * 1e6)),
          static_cast<std::int32_t>(std::lround(lon * 1e6))};
}

TEST(RoadsGeoJsonTest, EachSegmentOnceByClassWithRoundedCoordinates) {
  geo::RoadGraphBuilder b(6);
  const LatLonE6 pos[] = {At(37.800000, -122.437246), At(37.800004, -122.437000),
                          At(37.801, -122.436),       At(37.802, -122.435),
                          At(37.803, -122.434),       At(-0.000004, 0.000006)};
  for (NodeIndex u = 0; u < 6; ++u) b.SetCoordinate(u, pos[u]);
  const auto two_way = [&](NodeIndex u, NodeIndex v, RoadClass c) {
    b.AddEdge({u, v, 10, 10, c, geo::kNoName});
    b.AddEdge({v, u, 10, 10, c, geo::kNoName});
  };
  two_way(0, 1, RoadClass::kPrimary);
  two_way(1, 2, RoadClass::kPrimary);
  b.AddEdge({3, 1, 10, 10, RoadClass::kResidential, geo::kNoName});  // one way
  b.AddEdge({4, 4, 10, 10, RoadClass::kResidential, geo::kNoName});  // a loop: nothing to draw
  two_way(2, 4, RoadClass::kResidential);
  b.AddEdge({4, 5, 10, 10, RoadClass::kService, geo::kNoName});
  const auto graph = std::move(b).Build();
  ASSERT_TRUE(graph.ok());

  const std::string text = RoadsGeoJson(*graph);
  // Printed as written here, not as a float printer would (no "1e-05").
  EXPECT_NE(text.find("[[[-122.434,37.803],[0.00001,0]]]"), std::string::npos) << text;
  const Json fc = Json::parse(text);
  EXPECT_EQ(fc["type"], "FeatureCollection");
  ASSERT_EQ(fc["features"].size(), 3U);
  // Worked by hand: 0-1-2 joined into one line; 3→1 and 2-4 separate; -122.437246 rounds to
  // -122.43725, 37.800004 to 37.8, -0.000004 to -0 (printed 0), 0.000006 to 0.00001.
  EXPECT_EQ(fc["features"][0]["properties"]["class"], "primary");
  EXPECT_EQ(fc["features"][0]["properties"]["segments"], 2);
  EXPECT_EQ(fc["features"][0]["geometry"]["coordinates"].dump(),
            "[[[-122.43725,37.8],[-122.437,37.8],[-122.436,37.801]]]");
  EXPECT_EQ(fc["features"][1]["properties"]["class"], "residential");
  EXPECT_EQ(fc["features"][1]["properties"]["segments"], 2);
  EXPECT_EQ(fc["features"][1]["geometry"]["coordinates"].dump(),
            "[[[-122.436,37.801],[-122.434,37.803]],[[-122.435,37.802],[-122.437,37.8]]]");
  EXPECT_EQ(fc["features"][2]["properties"]["class"], "service");
  ASSERT_EQ(fc["bbox"].size(), 4U);
  EXPECT_DOUBLE_EQ(fc["bbox"][0].get<double>(), -122.437246);
  EXPECT_DOUBLE_EQ(fc["bbox"][1].get<double>(), -0.000004);
  EXPECT_DOUBLE_EQ(fc["bbox"][2].get<double>(), 0.000006);
  EXPECT_DOUBLE_EQ(fc["bbox"][3].get<double>(), 37.803);
  // As the OpenAPI document describes it (RoadCollection), and the empty collection too.
  const Json doc = {{"components", {{"schemas", Json::object()}}}};
  EXPECT_EQ(testing::SchemaError(doc, RoadsGeoJsonSchema(), fc), "");
  EXPECT_EQ(testing::SchemaError(doc, RoadsGeoJsonSchema(),
                                 Json::parse(RoadsGeoJson(*geo::RoadGraphBuilder(0).Build()))),
            "");
  Json wrong = fc;
  wrong["features"][0]["properties"]["class"] = "motorway_of_dreams";
  EXPECT_NE(testing::SchemaError(doc, RoadsGeoJsonSchema(), wrong), "");
}

// On a random graph, the drawn segments, read back into node pairs by their coordinates, are
// exactly the graph's pairs of distinct nodes joined by an edge: none missing, none invented.
TEST(RoadsGeoJsonTest, DrawsEveryPairOfNodesAndNothingElse) {
  std::mt19937 rng(7);
  const NodeIndex n = 300;
  geo::RoadGraphBuilder b(n);
  // Multiples of 10 microdegrees survive the rounding to 1e-5 exactly.
  std::uniform_int_distribution<int> coord(-50000, 50000);
  std::map<std::pair<std::int64_t, std::int64_t>, NodeIndex> node_at;  // (lon, lat) in 1e-5
  for (NodeIndex u = 0; u < n; ++u) {
    LatLonE6 p{};
    do {
      p = {coord(rng) * 10, coord(rng) * 20};
    } while (node_at.count({p.lon_e6 / 10, p.lat_e6 / 10}) != 0);
    node_at[{p.lon_e6 / 10, p.lat_e6 / 10}] = u;
    b.SetCoordinate(u, p);
  }
  std::set<std::pair<NodeIndex, NodeIndex>> pairs;
  std::uniform_int_distribution<NodeIndex> node(0, n - 1);
  for (int i = 0; i < 2000; ++i) {
    const NodeIndex u = node(rng);
    const NodeIndex v = node(rng);
    b.AddEdge({u, v, 5, 5, RoadClass::kResidential, geo::kNoName});
    if (i % 2 == 0) b.AddEdge({v, u, 5, 5, RoadClass::kResidential, geo::kNoName});
    if (u != v) pairs.insert(std::minmax(u, v));
  }
  const auto graph = std::move(b).Build();
  ASSERT_TRUE(graph.ok());
  const Json fc = Json::parse(RoadsGeoJson(*graph));
  ASSERT_EQ(fc["features"].size(), 1U);
  std::set<std::pair<NodeIndex, NodeIndex>> drawn;
  std::size_t segments = 0;
  for (const Json& line : fc["features"][0]["geometry"]["coordinates"]) {
    for (std::size_t i = 1; i < line.size(); ++i) {
      const auto key = [](const Json& c) {
        return std::pair{std::llround(c[0].get<double>() * 1e5),
                         std::llround(c[1].get<double>() * 1e5)};
      };
      ASSERT_EQ(node_at.count(key(line[i - 1])), 1U) << line[i - 1].dump();
      ASSERT_EQ(node_at.count(key(line[i])), 1U) << line[i].dump();
      drawn.insert(std::minmax(node_at[key(line[i - 1])], node_at[key(line[i])]));
      ++segments;
    }
  }
  EXPECT_EQ(drawn, pairs);
  EXPECT_EQ(segments, fc["features"][0]["properties"]["segments"].get<std::size_t>());
}

TEST(RoadsGeoJsonTest, AGraphWithoutCoordinatesDrawsNothing) {
  geo::RoadGraphBuilder b(2);
  b.AddEdge({0, 1, 10, 10, RoadClass::kUnknown, geo::kNoName});
  const auto graph = std::move(b).Build();
  ASSERT_TRUE(graph.ok());
  EXPECT_EQ(RoadsGeoJson(*graph), R"({"type":"FeatureCollection","features":[]})");
}

}  // namespace
}  // namespace elink::api
