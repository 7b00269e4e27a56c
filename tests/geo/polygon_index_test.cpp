// SPDX-License-Identifier: Apache-2.0
#include "geo/polygon_index.hpp"

#include "support/constants.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <numbers>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace elink::geo {
namespace {

using Shapes = std::vector<std::pair<std::uint32_t, PolygonShape>>;
using testing::kNaN;

Ring Rect(double w, double s, double e, double n) { return {{{w, s}, {e, s}, {e, n}, {w, n}}}; }

PolygonIndex MustBuild(Shapes shapes) {
  Result<PolygonIndex> r = PolygonIndex::Build(std::move(shapes));
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return std::move(r).value();
}

TEST(PolygonIndexTest, SquaresOwnTheirWestAndSouthEdges) {
  const PolygonIndex index = MustBuild({{7, {Rect(10, 20, 11, 21), {}}}});
  EXPECT_EQ(index.Locate(10.5, 20.5), 7U);
  EXPECT_EQ(index.Locate(9.5, 20.5), std::nullopt);
  EXPECT_EQ(index.Locate(10.5, 21.5), std::nullopt);
  // [w, e) × [s, n)
  EXPECT_EQ(index.Locate(10, 20.5), 7U);
  EXPECT_EQ(index.Locate(10.5, 20), 7U);
  EXPECT_EQ(index.Locate(10, 20), 7U);
  EXPECT_EQ(index.Locate(11, 20.5), std::nullopt);
  EXPECT_EQ(index.Locate(10.5, 21), std::nullopt);
  EXPECT_EQ(index.Locate(11, 21), std::nullopt);
  EXPECT_EQ(index.Locate(kNaN, 20.5), std::nullopt);
  EXPECT_EQ(index.Locate(10.5, kNaN), std::nullopt);
  EXPECT_TRUE(index.LocateAll(kNaN, kNaN).empty());
  EXPECT_EQ(PolygonIndex().Locate(10.5, 20.5), std::nullopt);
}

TEST(PolygonIndexTest, ClosedAndOpenRingsAreTheSame) {
  Ring closed = Rect(0, 0, 2, 1);
  closed.lon_lat.push_back(closed.lon_lat.front());
  const PolygonIndex index = MustBuild({{1, {closed, {}}}, {2, {Rect(2, 0, 4, 1), {}}}});
  EXPECT_EQ(index.Locate(1, 0.5), 1U);
  EXPECT_EQ(index.Locate(3, 0.5), 2U);
  EXPECT_EQ(index.Locate(2, 0.5), 2U);
}

TEST(PolygonIndexTest, ConcaveLShape) {
  // An L: the 2 × 2 square without its north-east quarter.
  const Ring l{{{0, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 2}, {0, 2}}};
  const PolygonIndex index = MustBuild({{3, {l, {}}}});
  EXPECT_EQ(index.Locate(0.5, 0.5), 3U);
  EXPECT_EQ(index.Locate(1.5, 0.5), 3U);
  EXPECT_EQ(index.Locate(0.5, 1.5), 3U);
  EXPECT_EQ(index.Locate(1.5, 1.5), std::nullopt);  // the notch, inside the bounding box
  EXPECT_EQ(index.Locate(1.99, 1.99), std::nullopt);
  EXPECT_EQ(index.Locate(1.0, 1.5), std::nullopt);  // the notch's west edge is the L's east edge
  EXPECT_EQ(index.Locate(0.999, 1.5), 3U);
}

TEST(PolygonIndexTest, HolesAreOutsideAndMayHoldAnotherShape) {
  PolygonShape ring{Rect(0, 0, 10, 10), {Rect(4, 4, 6, 6)}};
  {
    const PolygonIndex index = MustBuild({{1, ring}});
    EXPECT_EQ(index.Locate(2, 2), 1U);
    EXPECT_EQ(index.Locate(5, 5), std::nullopt);
    EXPECT_EQ(index.Locate(4, 5), std::nullopt);  // the hole owns its west edge
    EXPECT_EQ(index.Locate(6, 5), 1U);            // and not its east edge
  }
  // An island filling the hole exactly: every point belongs to one of the two.
  const PolygonIndex index = MustBuild({{1, ring}, {2, {Rect(4, 4, 6, 6), {}}}});
  EXPECT_EQ(index.Locate(5, 5), 2U);
  for (double x = 3.5; x <= 6.5; x += 0.25) {
    for (double y = 3.5; y <= 6.5; y += 0.25) {
      EXPECT_EQ(index.LocateAll(x, y).size(), 1U) << x << "," << y;
    }
  }
}

TEST(PolygonIndexTest, MultipolygonSharesOneId) {
  const PolygonIndex index = MustBuild({{9, {Rect(0, 0, 1, 1), {}}},
                                        {9, {Rect(5, 5, 6, 6), {}}},
                                        {9, {Rect(0.5, 0.5, 2, 2), {}}},  // overlaps the first
                                        {4, {Rect(3, 3, 4, 4), {}}}});
  EXPECT_EQ(index.shape_count(), 4U);
  EXPECT_EQ(index.Locate(0.2, 0.2), 9U);
  EXPECT_EQ(index.Locate(5.5, 5.5), 9U);
  EXPECT_EQ(index.Locate(3.5, 3.5), 4U);
  EXPECT_EQ(index.LocateAll(0.7, 0.7), std::vector<std::uint32_t>{9});
  EXPECT_EQ(index.Locate(4.5, 4.5), std::nullopt);
}

TEST(PolygonIndexTest, NestedShapesSmallestFirst) {
  // A city, a district in it, a grid in the district, given in no particular order.
  const PolygonIndex index = MustBuild({{200, {Rect(0.2, 0.2, 0.4, 0.4), {}}},
                                        {1, {Rect(0, 0, 10, 10), {}}},
                                        {30, {Rect(0, 0, 2, 2), {}}}});
  EXPECT_EQ(index.Locate(0.3, 0.3), 200U);
  EXPECT_EQ(index.LocateAll(0.3, 0.3), (std::vector<std::uint32_t>{200, 30, 1}));
  EXPECT_EQ(index.Locate(1, 1), 30U);
  EXPECT_EQ(index.LocateAll(1, 1), (std::vector<std::uint32_t>{30, 1}));
  EXPECT_EQ(index.LocateAll(5, 5), (std::vector<std::uint32_t>{1}));
  // Equal areas: the lower id first.
  const PolygonIndex same = MustBuild({{8, {Rect(0, 0, 1, 1), {}}}, {5, {Rect(0, 0, 1, 1), {}}}});
  EXPECT_EQ(same.LocateAll(0.5, 0.5), (std::vector<std::uint32_t>{5, 8}));
}

TEST(PolygonIndexTest, SharedBorderBelongsToExactlyOne) {
  // Two squares side by side and two triangles sharing a slanted edge, at San Francisco.
  const double w = -122.47;
  const double s = 37.78;
  const PolygonIndex index = MustBuild({
      {1, {Rect(w, s, w + 0.01, s + 0.01), {}}},
      {2, {Rect(w + 0.01, s, w + 0.02, s + 0.01), {}}},
      {3, {Ring{{{w, s + 0.02}, {w + 0.013, s + 0.021}, {w + 0.003, s + 0.037}}}, {}}},
      {4, {Ring{{{w + 0.013, s + 0.021}, {w + 0.02, s + 0.04}, {w + 0.003, s + 0.037}}}, {}}},
  });
  for (int i = 1; i < 100; ++i) {
    const double y = s + 0.01 * i / 100.0;
    EXPECT_EQ(index.LocateAll(w + 0.01, y), std::vector<std::uint32_t>{2}) << y;
  }
  // Along the slanted edge from (w + 0.013, s + 0.021) to (w + 0.003, s + 0.037), and points
  // within a hair of it on either side: never both, never neither.
  for (int i = 1; i < 1000; ++i) {
    const double t = i / 1000.0;
    const double x = (w + 0.013) + t * ((w + 0.003) - (w + 0.013));
    const double y = (s + 0.021) + t * ((s + 0.037) - (s + 0.021));
    for (const double dx : {0.0, 1e-12, -1e-12, std::nextafter(x, 0.0) - x}) {
      EXPECT_EQ(index.LocateAll(x + dx, y).size(), 1U) << t << " " << dx;
    }
  }
}

TEST(PolygonIndexTest, BadShapesAreRefusedWithTheirPath) {
  struct Case {
    Shapes shapes;
    std::string field;
    std::string message;
  };
  const PolygonShape ok{Rect(0, 0, 1, 1), {}};
  const std::vector<Case> cases = {
      {{{1, ok}, {2, {Ring{{{0, 0}, {1, 0}}}, {}}}}, "shapes[1].outer", "at least 3 distinct"},
      {{{1, {Ring{{{0, 0}, {1, 0}, {0, 0}}}, {}}}}, "shapes[0].outer", "at least 3 distinct"},
      {{{1, {Ring{{{0, 0}, {1, 0}, {1, 0}, {0, 0}, {0, 0}}}, {}}}},
       "shapes[0].outer",
       "at least 3 distinct"},
      {{{1, {Ring{}, {}}}}, "shapes[0].outer", "at least 3 distinct"},
      {{{1, {Ring{{{0, 0}, {1, 1}, {2, 2}}}, {}}}}, "shapes[0].outer", "no area"},
      {{{1, ok}, {2, ok}, {3, {Ring{{{0, 0}, {181, 0}, {0, 1}}}, {}}}},
       "shapes[2].outer[1]",
       "longitude"},
      {{{1, {Ring{{{0, 0}, {1, -90.5}, {0, 1}}}, {}}}}, "shapes[0].outer[1]", "latitude"},
      {{{1, {Ring{{{kNaN, 0}, {1, 0}, {0, 1}}}, {}}}}, "shapes[0].outer[0]", "longitude"},
      {{{1, {Ring{{{0, 0}, {1, 0}, {0, std::numeric_limits<double>::infinity()}}}, {}}}},
       "shapes[0].outer[2]",
       "latitude"},
      {{{1, {Rect(0, 0, 4, 4), {Rect(1, 1, 2, 2), Ring{{{1, 1}, {2, 2}, {1, kNaN}}}}}}},
       "shapes[0].holes[1][2]",
       "latitude"},
      {{{1, {Rect(0, 0, 4, 4), {Ring{{{1, 1}, {2, 2}}}}}}},
       "shapes[0].holes[0]",
       "at least 3 distinct"},
  };
  for (const Case& c : cases) {
    const Result<PolygonIndex> r = PolygonIndex::Build(c.shapes);
    ASSERT_FALSE(r.ok()) << c.field;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(r.status().field(), c.field);
    EXPECT_NE(r.status().message().find(c.message), std::string::npos) << r.status().ToString();
  }
  EXPECT_EQ(MustBuild({}).Locate(0, 0), std::nullopt);
}

// ---- Oracle: random star-shaped polygons against a plain crossing-number scan. ----

struct Star {
  std::uint32_t id;
  std::vector<std::pair<double, double>> points;
  double area;
};

// PNPOLY (W. R. Franklin), written independently of the index.
bool Pnpoly(const std::vector<std::pair<double, double>>& pts, double x, double y) {
  bool c = false;
  for (std::size_t i = 0, j = pts.size() - 1; i < pts.size(); j = i++) {
    const auto [xi, yi] = pts[i];
    const auto [xj, yj] = pts[j];
    if (((yi > y) != (yj > y)) && (x < (xj - xi) * (y - yi) / (yj - yi) + xi)) c = !c;
  }
  return c;
}

TEST(PolygonIndexOracleTest, MatchesBruteForceOnRandomStars) {
  std::mt19937 rng(99);
  std::uniform_real_distribution<double> cx(116.0, 117.0);  // around Beijing
  std::uniform_real_distribution<double> cy(39.5, 40.5);
  std::uniform_real_distribution<double> size(0.005, 0.25);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::uniform_int_distribution<int> vertices(3, 40);
  std::uniform_int_distribution<std::uint32_t> id(0, 150);  // some ids repeat: multipolygons
  std::vector<Star> stars;
  Shapes shapes;
  for (int i = 0; i < 200; ++i) {
    const double x0 = cx(rng);
    const double y0 = cy(rng);
    const double r = size(rng);
    const int n = vertices(rng);
    std::vector<double> angles;
    for (int k = 0; k < n; ++k) angles.push_back(unit(rng) * 2 * std::numbers::pi);
    std::sort(angles.begin(), angles.end());
    Star star{id(rng), {}, 0};
    for (const double a : angles) {
      const double rr = r * (0.2 + 0.8 * unit(rng));
      star.points.emplace_back(x0 + rr * std::cos(a), y0 + rr * std::sin(a));
    }
    // Area as documented: shoelace in (lon·cos(mean lat), lat).
    double mean_lat = 0;
    for (const auto& p : star.points) mean_lat += p.second;
    const double c = std::cos(mean_lat / n * std::numbers::pi / 180.0);
    double twice = 0;
    for (std::size_t k = 0, j = star.points.size() - 1; k < star.points.size(); j = k++) {
      twice += star.points[j].first * c * star.points[k].second -
               star.points[k].first * c * star.points[j].second;
    }
    star.area = std::abs(twice) / 2;
    stars.push_back(star);
    shapes.push_back({star.id, {Ring{star.points}, {}}});
  }
  const PolygonIndex index = MustBuild(shapes);
  std::uniform_real_distribution<double> px(115.8, 117.2);
  std::uniform_real_distribution<double> py(39.3, 40.7);
  std::size_t hits = 0;
  for (int i = 0; i < 20'000; ++i) {
    const double x = px(rng);
    const double y = py(rng);
    std::set<std::uint32_t> expected;
    std::optional<std::pair<double, std::uint32_t>> smallest;
    for (const Star& s : stars) {
      if (!Pnpoly(s.points, x, y)) continue;
      expected.insert(s.id);
      if (!smallest || std::make_pair(s.area, s.id) < *smallest) smallest = {s.area, s.id};
    }
    const std::vector<std::uint32_t> all = index.LocateAll(x, y);
    ASSERT_EQ(std::set<std::uint32_t>(all.begin(), all.end()), expected) << x << "," << y;
    ASSERT_EQ(all.size(), expected.size());
    const std::optional<std::uint32_t> one = index.Locate(x, y);
    if (!smallest) {
      ASSERT_EQ(one, std::nullopt);
      continue;
    }
    ++hits;
    ASSERT_EQ(one, smallest->second) << x << "," << y;
    ASSERT_EQ(all.front(), smallest->second);
  }
  EXPECT_GT(hits, 1000U);
}

// ---- The demo region's grids (data/regions/demo/grids.geojson). ----

std::vector<std::pair<double, double>> Positions(const nlohmann::json& ring) {
  std::vector<std::pair<double, double>> out;
  for (const auto& p : ring) out.emplace_back(p.at(0).get<double>(), p.at(1).get<double>());
  return out;
}

TEST(PolygonIndexDemoTest, EveryGridOwnsItsInteriorPoint) {
  std::ifstream in(ELINK_SOURCE_DIR "/data/regions/demo/grids.geojson");
  ASSERT_TRUE(in.good());
  const nlohmann::json doc = nlohmann::json::parse(in);
  const nlohmann::json& features = doc.at("features");
  Shapes shapes;
  std::vector<std::vector<std::pair<double, double>>> outers;  // by shape
  for (std::size_t i = 0; i < features.size(); ++i) {
    const nlohmann::json& geometry = features[i].at("geometry");
    std::vector<nlohmann::json> polygons;
    if (geometry.at("type") == "Polygon") {
      polygons.push_back(geometry.at("coordinates"));
    } else {
      ASSERT_EQ(geometry.at("type"), "MultiPolygon");
      for (const auto& p : geometry.at("coordinates")) polygons.push_back(p);
    }
    for (const nlohmann::json& polygon : polygons) {
      PolygonShape shape{Ring{Positions(polygon.at(0))}, {}};
      for (std::size_t h = 1; h < polygon.size(); ++h)
        shape.holes.push_back(Ring{Positions(polygon[h])});
      outers.push_back(shape.outer.lon_lat);
      shapes.emplace_back(static_cast<std::uint32_t>(i), std::move(shape));
    }
  }
  ASSERT_GE(shapes.size(), 10U);
  const Shapes copy = shapes;
  const PolygonIndex index = MustBuild(shapes);
  std::size_t checked = 0;
  double min_lon = 180, max_lon = -180, min_lat = 90, max_lat = -90;
  for (std::size_t s = 0; s < copy.size(); ++s) {
    auto pts = outers[s];
    if (pts.front() == pts.back()) pts.pop_back();
    double lon = 0;
    double lat = 0;
    for (const auto& [x, y] : pts) {
      lon += x;
      lat += y;
      min_lon = std::min(min_lon, x);
      max_lon = std::max(max_lon, x);
      min_lat = std::min(min_lat, y);
      max_lat = std::max(max_lat, y);
    }
    lon /= static_cast<double>(pts.size());
    lat /= static_cast<double>(pts.size());
    if (!Pnpoly(pts, lon, lat)) continue;  // a mean outside a concave grid proves nothing
    EXPECT_EQ(index.Locate(lon, lat), copy[s].first) << "grid " << copy[s].first;
    ++checked;
  }
  EXPECT_GE(checked, copy.size() / 2);
  // Grids tile the area without overlapping: a fine lattice over it finds at most one grid.
  for (double x = min_lon; x < max_lon; x += (max_lon - min_lon) / 97) {
    for (double y = min_lat; y < max_lat; y += (max_lat - min_lat) / 89) {
      EXPECT_LE(index.LocateAll(x, y).size(), 1U) << x << "," << y;
    }
  }
  for (const auto& [x, y] : std::vector<std::pair<double, double>>{{0, 0},
                                                                   {-122.0, 38.5},
                                                                   {min_lon - 0.01, min_lat},
                                                                   {max_lon + 0.01, max_lat},
                                                                   {116.4, 39.9}}) {
    EXPECT_EQ(index.Locate(x, y), std::nullopt) << x << "," << y;
  }
}

}  // namespace
}  // namespace elink::geo
