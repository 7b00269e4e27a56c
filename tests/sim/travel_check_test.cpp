// SPDX-License-Identifier: Apache-2.0
// Travel-time validation: a hand-made road where every answer is known, the skip reasons one by
// one, the factor fit, the station file, and the real SF week on the real roads of northern San
// Francisco (data/, a missing file fails).
#include "sim/travel_check.hpp"

#include "geo/osm_import.hpp"
#include "support/data_files.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

namespace elink::sim {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

// A straight east-west street near 37.8 N: nodes 0..4 about 88 m apart, two-way. Edges 0-1 and
// 1-2 are residential, 2-3 and 3-4 primary; every edge takes 10 s (100 ds).
constexpr double kLat = 37.8;
constexpr double kLon0 = -122.45;
constexpr double kStep = 0.001;
core::LatLon Node(int i) { return {kLat, kLon0 + kStep * i}; }

std::shared_ptr<const geo::Router> StreetRouter() {
  geo::RoadGraphBuilder b(5);
  for (geo::NodeIndex u = 0; u < 4; ++u) {
    const geo::RoadClass c = u < 2 ? geo::RoadClass::kResidential : geo::RoadClass::kPrimary;
    b.AddEdge({u, u + 1, 100, 88, c});
    b.AddEdge({u + 1, u, 100, 88, c});
  }
  for (geo::NodeIndex u = 0; u < 5; ++u) {
    const core::LatLon p = Node(static_cast<int>(u));
    b.SetCoordinate(u, {static_cast<std::int32_t>(std::lround(p.lat * 1e6)),
                        static_cast<std::int32_t>(std::lround(p.lon * 1e6))});
  }
  geo::RoadGraph g = std::move(b).Build().value();
  return geo::Router::Create(std::move(g), std::nullopt, {.max_snap_m = 300, .progress = {}})
      .value();
}

std::vector<Station> StreetStations() {
  return {{1, "Station 1 (node 0)", Node(0)}, {2, "Station 2 (far away)", {38.5, -121.0}}};
}

TimePoint At(int minute) { return TimePoint(minutes(minute)) + std::chrono::days(17'000); }

// A unit that was dispatched at `minute`, left a minute later and drove `real_s`.
UnitResponse Drove(const std::string& id, int sequence, int minute, int real_s) {
  UnitResponse u;
  u.unit_id = id;
  u.unit_type = id[0] == 'E' ? "ENGINE" : id[0] == 'T' ? "TRUCK" : "MEDIC";
  u.sequence = sequence;
  u.dispatched = At(minute);
  u.en_route = At(minute + 1);
  u.on_scene = *u.en_route + seconds(real_s);
  u.available = *u.on_scene + minutes(10);
  return u;
}

Call CallAt(const std::string& id, core::LatLon where, int minute,
            std::vector<UnitResponse> units) {
  Call c;
  c.source_id = id;
  c.location = where;
  c.received = At(minute) - seconds(60);
  c.type = "fire.residential";
  c.priority = 3;
  c.units = std::move(units);
  return c;
}

TEST(TravelCheckTest, KnownAnswerOnAHandMadeStreet) {
  const auto router = StreetRouter();
  // Calls an hour apart, so that E01 is always back at quarters.
  std::vector<Call> calls = {
      CallAt("n4", Node(4), 0, {Drove("E01", 1, 0, 50)}),
      CallAt("n1", Node(1), 60, {Drove("E01", 1, 60, 16)}),
  };
  Result<TravelReport> r = CheckTravelTimes(*router, calls, StreetStations(), {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->pairs.size(), 2U);
  const TravelPair& p = r->pairs[0];
  EXPECT_EQ(p.call_id, "n4");
  EXPECT_EQ(p.unit_id, "E01");
  EXPECT_EQ(p.station, 1);
  EXPECT_DOUBLE_EQ(p.predicted_s, 40.0);  // four edges of 10 s
  EXPECT_DOUBLE_EQ(p.real_s, 50.0);
  EXPECT_DOUBLE_EQ(p.error_s(), -10.0);
  EXPECT_NEAR(p.distance_m, 4 * 88, 1);
  EXPECT_EQ(p.call_road, geo::RoadClass::kPrimary);
  EXPECT_DOUBLE_EQ(p.class_s[static_cast<std::size_t>(geo::RoadClass::kResidential)], 20.0);
  EXPECT_DOUBLE_EQ(p.class_s[static_cast<std::size_t>(geo::RoadClass::kPrimary)], 20.0);
  EXPECT_DOUBLE_EQ(r->pairs[1].predicted_s, 10.0);
  EXPECT_EQ(r->pairs[1].call_road, geo::RoadClass::kResidential);
  // Errors −10 and −6: median |error| 8, bias −8.
  EXPECT_DOUBLE_EQ(r->overall.median_ae_s, 8.0);
  EXPECT_DOUBLE_EQ(r->overall.mae_s, 8.0);
  EXPECT_DOUBLE_EQ(r->overall.median_bias_s, -8.0);
  EXPECT_DOUBLE_EQ(r->overall.mean_bias_s, -8.0);
  EXPECT_EQ(r->by_road_class.at(geo::RoadClass::kPrimary).n, 1U);
  EXPECT_DOUBLE_EQ(r->by_road_class.at(geo::RoadClass::kResidential).mean_bias_s, -6.0);
  EXPECT_EQ(r->by_priority.at(3).n, 2U);
  EXPECT_EQ(r->calls_total, 2U);
  EXPECT_EQ(r->calls_considered, 2U);
  EXPECT_EQ(r->skipped_total, 0U);
}

TEST(TravelCheckTest, EverySkipHasItsReason) {
  const auto router = StreetRouter();
  UnitResponse no_scene = Drove("E01", 1, 120, 30);
  no_scene.on_scene.reset();
  UnitResponse backwards = Drove("E01", 1, 180, 30);
  backwards.on_scene = *backwards.en_route - seconds(5);
  // E01 cleared call "busy-before" at minute 300 + 1 + 0.5 + 10; dispatched again 2 minutes later.
  UnitResponse busy_before = Drove("E01", 1, 300, 30);
  UnitResponse again = Drove("E01", 1, 313, 30);
  // The first dispatched engine has no on-scene time; the truck arrived: the truck is used.
  UnitResponse first = Drove("E01", 1, 400, 30);
  first.on_scene.reset();
  UnitResponse truck = Drove("T01", 3, 400, 41);
  std::vector<Call> calls = {
      CallAt("far", {37.0, -122.0}, 0, {Drove("E01", 1, 0, 30)}),
      CallAt("medic-only", Node(2), 60, {Drove("M51", 1, 60, 30)}),
      CallAt("no-scene", Node(2), 120, {no_scene}),
      CallAt("backwards", Node(2), 180, {backwards}),
      CallAt("unknown-station", Node(2), 240, {Drove("E99", 1, 240, 30)}),
      CallAt("far-station", Node(2), 250, {Drove("E02", 1, 250, 30)}),
      CallAt("busy-before", Node(2), 300, {busy_before}),
      CallAt("busy", Node(2), 313, {again}),
      CallAt("truck", Node(4), 400, {Drove("M51", 2, 400, 20), first, truck}),
      CallAt("too-long", Node(2), 500, {Drove("E01", 1, 500, 3600)}),
  };
  TravelCheckOptions options;
  std::vector<std::pair<std::size_t, std::size_t>> progress;
  options.progress = [&](std::size_t done, std::size_t total) {
    progress.emplace_back(done, total);
  };
  Result<TravelReport> r = CheckTravelTimes(*router, calls, StreetStations(), options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->calls_total, 10U);
  EXPECT_EQ(r->calls_outside_area, 1U);
  EXPECT_EQ(r->calls_considered, 9U);
  const std::map<std::string, std::size_t> skipped = {
      {std::string(kSkipNoEngine), 1},       {std::string(kSkipIncomplete), 1},
      {std::string(kSkipImplausible), 2},    {std::string(kSkipStationUnknown), 1},
      {std::string(kSkipStationOutside), 1}, {std::string(kSkipNotAtQuarters), 1}};
  EXPECT_EQ(r->skipped, skipped);
  EXPECT_EQ(r->skipped_total, 7U);
  ASSERT_EQ(r->pairs.size(), 2U);
  EXPECT_EQ(r->pairs.size(), r->calls_considered - r->skipped_total);
  EXPECT_EQ(r->pairs[0].call_id, "busy-before");
  EXPECT_EQ(r->pairs[1].call_id, "truck");
  EXPECT_EQ(r->pairs[1].unit_id, "T01");
  EXPECT_DOUBLE_EQ(r->pairs[1].real_s, 41.0);
  ASSERT_FALSE(progress.empty());
  EXPECT_EQ(progress.back(), std::make_pair(std::size_t{10}, std::size_t{10}));

  options.min_idle = minutes(1);  // a unit 2 minutes clear counts as at quarters now
  r = CheckTravelTimes(*router, calls, StreetStations(), options);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->pairs.size(), 3U);
  EXPECT_FALSE(r->skipped.contains(std::string(kSkipNotAtQuarters)));

  options.max_snap_m = -1;
  EXPECT_EQ(CheckTravelTimes(*router, calls, StreetStations(), options).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(TravelCheckTest, FitFindsTheFactorsOfEachClass) {
  const auto router = StreetRouter();
  // Residential streets take twice the profile's time, primary half: node 2 (20 s residential)
  // takes 40 s, node 4 (20 s residential + 20 s primary) 50 s.
  std::vector<Call> calls;
  for (int i = 0; i < 5; ++i) {
    const bool n4 = i >= 3;
    calls.push_back(CallAt("c" + std::to_string(i), Node(n4 ? 4 : 2), 60 * i,
                           {Drove("E01", 1, 60 * i, n4 ? 50 : 40)}));
  }
  TravelCheckOptions options;
  options.min_pairs_per_class = 2;
  Result<TravelReport> r = CheckTravelTimes(*router, calls, StreetStations(), options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->pairs.size(), 5U);
  const SpeedFit& f = r->fit;
  EXPECT_NEAR(f.global, 2.0, 0.002);
  const auto res = static_cast<std::size_t>(geo::RoadClass::kResidential);
  const auto pri = static_cast<std::size_t>(geo::RoadClass::kPrimary);
  EXPECT_TRUE(f.class_fitted[res]);
  EXPECT_TRUE(f.class_fitted[pri]);
  EXPECT_EQ(f.class_pairs[res], 5U);
  EXPECT_EQ(f.class_pairs[pri], 2U);
  EXPECT_NEAR(f.per_class[res], 2.0, 0.002);
  EXPECT_NEAR(f.per_class[pri], 0.5, 0.002);
  EXPECT_EQ(f.per_class[static_cast<std::size_t>(geo::RoadClass::kMotorway)], 0.0);
  EXPECT_NEAR(f.median_ae_per_class_s, 0.0, 0.1);
  EXPECT_GT(f.median_ae_before_s, 10.0);

  // One global factor recovered exactly when every street is 1.5 times slower.
  std::vector<TravelPair> pairs(9);
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    pairs[i].class_s[res] = 10.0 * static_cast<double>(i + 1);
    pairs[i].predicted_s = pairs[i].class_s[res];
    pairs[i].real_s = 1.5 * pairs[i].predicted_s;
  }
  const SpeedFit g = FitSpeedFactors(pairs, 30);
  EXPECT_NEAR(g.global, 1.5, 0.002);
  EXPECT_FALSE(g.class_fitted[res]) << "9 pairs are too thin for a class of its own";
  EXPECT_NEAR(g.median_ae_global_s, 0.0, 0.1);
  EXPECT_NEAR(g.cv_median_ae_global_s, 0.0, 0.1);
  EXPECT_FALSE(g.recommend_per_class);
  EXPECT_EQ(FitSpeedFactors({}, 30).global, 1.0);
}

TEST(TravelCheckTest, ReportsAreSelfContained) {
  const auto router = StreetRouter();
  std::vector<Call> calls = {CallAt("n4", Node(4), 0, {Drove("E01", 1, 0, 50)})};
  const TravelReport r = CheckTravelTimes(*router, calls, StreetStations(), {}).value();
  ImportReport imported;
  imported.source = "calls <&> test.csv";
  const std::string html = TravelReportHtml(r, imported, "street");
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("calls &lt;&amp;&gt; test.csv"), std::string::npos);
  for (const char* external : {"<script", "src=", "href=", "url(", "http:", "https:", "@import"}) {
    EXPECT_EQ(html.find(external), std::string::npos) << external;
  }
  const nlohmann::json j = nlohmann::json::parse(TravelReportJson(r, imported, "street"));
  EXPECT_EQ(j["pair_count"], 1);
  EXPECT_EQ(j["pairs"][0]["predicted_s"], 40.0);
  EXPECT_EQ(j["by_road_class"]["primary"]["n"], 1);
  EXPECT_TRUE(j["fit"].contains("per_class"));
  const std::string csv = TravelPairsCsv(r);
  EXPECT_NE(csv.find("n4,E01,1,3,fire.residential,"), std::string::npos) << csv;
  EXPECT_NE(TravelReportText(r, imported, false).find("median |error| 10 s"), std::string::npos)
      << TravelReportText(r, imported, false);
  EXPECT_NE(TravelReportText(r, imported, true).find("中位绝对误差"), std::string::npos);
}

TEST(StationsTest, NumbersFromEachKindOfFile) {
  Result<std::vector<Station>> s = ParseStations(R"({"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"common_name":"Fire Station #5 - Division 2 Headquarters"},
       "geometry":{"type":"Point","coordinates":[-122.43,37.78]}},
      {"type":"Feature","properties":{"name":"San Francisco Fire Station 51"},
       "geometry":{"type":"Point","coordinates":[-122.46,37.80]}},
      {"type":"Feature","properties":{"station":"7"},
       "geometry":{"type":"Point","coordinates":[-122.41,37.76]}}]})",
                                                 "s.geojson");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->size(), 3U);
  EXPECT_EQ((*s)[0].number, 5);
  EXPECT_DOUBLE_EQ((*s)[0].location.lat, 37.78);
  EXPECT_DOUBLE_EQ((*s)[0].location.lon, -122.43);
  EXPECT_EQ((*s)[1].number, 51);
  EXPECT_EQ((*s)[2].number, 7);

  for (
      const char* bad :
      {"", "[]", "{\"features\":3}", "{\"features\":[]}",
       R"({"features":[{"properties":{"name":"HQ"},"geometry":{"type":"Point","coordinates":[1,2]}}]})",
       R"({"features":[{"properties":{"station":1},"geometry":{"type":"Point","coordinates":[1,200]}}]})",
       R"({"features":[{"properties":{"station":1},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]}}]})",
       R"({"features":[{"properties":{"station":1},"geometry":{"type":"Point","coordinates":[1,2]}},
                        {"properties":{"station":1},"geometry":{"type":"Point","coordinates":[1,2]}}]})"}) {
    Result<std::vector<Station>> r = ParseStations(bad, "bad.geojson");
    EXPECT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_EQ(LoadStations("/nonexistent/s.geojson").status().code(), StatusCode::kIOError);
}

TEST(StationsTest, SfUnitIds) {
  EXPECT_EQ(SfUnitStation("E01"), 1);
  EXPECT_EQ(SfUnitStation("E39"), 39);
  EXPECT_EQ(SfUnitStation("T10"), 10);
  EXPECT_EQ(SfUnitStation("T48"), 48);
  for (const char* other :
       {"", "E", "M51", "79", "B04", "RS1", "RC3", "E0", "E1234", "EX1", "KM05"}) {
    EXPECT_FALSE(SfUnitStation(other).has_value()) << other;
  }
}

// The real week of SF calls on the real roads of northern San Francisco.
TEST(TravelCheckSfTest, RealCallsOnRealRoads) {
  const std::string osm = elink::testing::DataPath("roads/sf-north.osm.gz");
  const std::string calls_csv =
      elink::testing::DataPath("calls/sf-fire-calls-2016-12-31_to_2017-01-07.csv.gz");
  const std::string stations_file = elink::testing::DataPath("sources/sf-fire-stations.geojson");
  for (const std::string& f : {osm, calls_csv, stations_file}) ELINK_REQUIRE_DATA(f);
  Result<geo::ImportedRoads> roads = geo::ImportOsm(osm);
  ASSERT_TRUE(roads.ok()) << roads.status().ToString();
  TravelCheckOptions options;
  const auto router = geo::Router::Create(std::move(roads->graph), std::nullopt,
                                          {.max_snap_m = options.max_snap_m, .progress = {}})
                          .value();
  const CallLog log = LoadSfFireCalls(calls_csv).value();
  const std::vector<Station> stations = LoadStations(stations_file).value();
  EXPECT_EQ(stations.size(), 42U);
  Result<TravelReport> r = CheckTravelTimes(*router, log.calls, stations, options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();

  EXPECT_EQ(r->calls_total, 3560U);
  EXPECT_EQ(r->calls_considered + r->calls_outside_area, r->calls_total);
  std::size_t skipped = 0;
  for (const auto& [reason, n] : r->skipped) skipped += n;
  EXPECT_EQ(skipped, r->skipped_total);
  EXPECT_EQ(r->pairs.size(), r->calls_considered - r->skipped_total);
  // The figures of docs/travel-validation.md.
  EXPECT_EQ(r->calls_considered, 1547U);
  EXPECT_EQ(r->pairs.size(), 648U);
  EXPECT_TRUE(std::isfinite(r->overall.median_ae_s));
  EXPECT_GT(r->overall.median_ae_s, 0);
  EXPECT_LT(r->overall.median_ae_s, 600);
  EXPECT_GT(r->overall.median_real_s, 60);
  EXPECT_TRUE(std::isfinite(r->fit.global));
  EXPECT_LE(r->fit.median_ae_global_s, r->fit.median_ae_before_s);
  for (const TravelPair& p : r->pairs) {
    double total = 0;
    for (const double v : p.class_s) total += v;
    EXPECT_NEAR(total, p.predicted_s, 1e-6) << p.call_id;
    EXPECT_GT(p.predicted_s, 0) << p.call_id;
  }
  // The speeds the report shows are the graph's (calibrated: free-flow / drive_time_factor),
  // measured again here edge by edge on one class.
  const geo::RoadGraph& g = router->graph();
  double metres = 0;
  double deciseconds = 0;
  for (geo::NodeIndex u = 0; u < g.node_count(); ++u) {
    for (std::size_t e = g.EdgeBegin(u); e < g.EdgeEnd(u); ++e) {
      if (g.Class(e) != geo::RoadClass::kResidential) continue;
      metres += static_cast<double>(g.LengthM(e));
      deciseconds += static_cast<double>(g.Time(e));
    }
  }
  const auto residential = static_cast<std::size_t>(geo::RoadClass::kResidential);
  EXPECT_NEAR(r->graph_kmh[residential], metres / (deciseconds / 10) * 3.6, 1e-9);
  const geo::OsmProfile profile;
  EXPECT_LT(r->graph_kmh[residential], profile.speed_kmh[residential] * 0.8)
      << "the graph drives slower than free flow";
  EXPECT_GT(r->graph_kmh[residential],
            profile.speed_kmh[residential] / profile.drive_time_factor * 0.8);
}

}  // namespace
}  // namespace elink::sim
