// SPDX-License-Identifier: Apache-2.0
// Gazetteer: streets and intersections found on the real SF north extract, checked against brute
// force over its edges (which nodes each street name touches); a hand-made graph with Chinese
// street names; normalisation rules; bad input and graphs without names or coordinates.
#include "geo/gazetteer.hpp"

#include "geo/messages.hpp"
#include "geo/osm_import.hpp"
#include "geo_test_util.hpp"
#include "support/data_files.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <numbers>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace elink::geo {
namespace {

using Kind = PlaceMatch::Kind;

const std::string kSfNorth = elink::testing::DataPath("roads/sf-north.osm.gz");

// Haversine written out again here, so the test does not lean on the code under test.
double Metres(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kR = 6'371'008.8;
  constexpr double kRad = std::numbers::pi / 180.0;
  const double dlat = (lat2 - lat1) * kRad;
  const double dlon = (lon2 - lon1) * kRad;
  const double h =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kR * std::asin(std::sqrt(std::min(1.0, h)));
}

double Lat(const RoadGraph& g, NodeIndex u) {
  return static_cast<double>(g.Coordinate(u).lat_e6) / 1e6;
}
double Lon(const RoadGraph& g, NodeIndex u) {
  return static_cast<double>(g.Coordinate(u).lon_e6) / 1e6;
}

// For each node, the names of every edge that leaves or enters it.
std::vector<std::set<std::string>> NamesAtNodes(const RoadGraph& g) {
  std::vector<std::set<std::string>> at(g.node_count());
  for (NodeIndex u = 0; u < g.node_count(); ++u) {
    for (std::size_t e = g.EdgeBegin(u); e < g.EdgeEnd(u); ++e) {
      if (g.Name(e) == kNoName) continue;
      const std::string& name = g.names()[g.Name(e)];
      at[u].insert(name);
      at[g.Target(e)].insert(name);
    }
  }
  return at;
}

std::vector<NodeIndex> MeetingNodes(const std::vector<std::set<std::string>>& at,
                                    const std::string& a, const std::string& b) {
  std::vector<NodeIndex> nodes;
  for (NodeIndex u = 0; u < at.size(); ++u) {
    if (at[u].contains(a) && at[u].contains(b)) nodes.push_back(u);
  }
  return nodes;
}

// Every match is an intersection at one of `meeting` (with that node's position), every meeting
// node is within kIntersectionMergeM of a match, and matches are farther apart than that.
void ExpectCrossings(const RoadGraph& g, const std::vector<PlaceMatch>& matches,
                     const std::vector<NodeIndex>& meeting, const std::string& what) {
  for (const PlaceMatch& m : matches) {
    EXPECT_EQ(m.kind, Kind::kIntersection) << what;
    ASSERT_TRUE(std::find(meeting.begin(), meeting.end(), m.node) != meeting.end())
        << what << ": node " << m.node << " is not where both streets meet";
    EXPECT_EQ(m.lat, Lat(g, m.node)) << what;
    EXPECT_EQ(m.lon, Lon(g, m.node)) << what;
  }
  for (const NodeIndex u : meeting) {
    double nearest = std::numeric_limits<double>::infinity();
    for (const PlaceMatch& m : matches) {
      nearest = std::min(nearest, Metres(Lat(g, u), Lon(g, u), m.lat, m.lon));
    }
    EXPECT_LE(nearest, kIntersectionMergeM + 1e-6) << what << ": meeting node " << u;
  }
  for (std::size_t i = 0; i < matches.size(); ++i) {
    for (std::size_t j = i + 1; j < matches.size(); ++j) {
      EXPECT_GT(Metres(matches[i].lat, matches[i].lon, matches[j].lat, matches[j].lon),
                kIntersectionMergeM)
          << what << ": two matches for one crossing";
    }
  }
}

std::vector<PlaceMatch> Named(const std::vector<PlaceMatch>& matches, const std::string& name) {
  std::vector<PlaceMatch> out;
  for (const PlaceMatch& m : matches) {
    if (m.name == name) out.push_back(m);
  }
  return out;
}

std::vector<std::pair<std::string, NodeIndex>> Summary(const std::vector<PlaceMatch>& matches) {
  std::vector<std::pair<std::string, NodeIndex>> out;
  out.reserve(matches.size());
  for (const PlaceMatch& m : matches) out.emplace_back(m.name, m.node);
  return out;
}

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// The real SF north extract, imported once for the suite.

class GazetteerSfTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!std::filesystem::exists(kSfNorth)) return;
    Result<ImportedRoads> imported = ImportOsm(kSfNorth);
    if (!imported.ok()) {
      import_error = imported.status().ToString();
      return;
    }
    sf_graph = std::make_unique<RoadGraph>(std::move(imported->graph));
    sf_gazetteer = std::make_unique<Gazetteer>(Gazetteer::Build(*sf_graph));
    sf_names_at = NamesAtNodes(*sf_graph);
  }
  static void TearDownTestSuite() {
    sf_gazetteer.reset();
    sf_graph.reset();
    sf_names_at.clear();
  }
  void SetUp() override {
    ASSERT_TRUE(import_error.empty()) << import_error;
    ELINK_REQUIRE_DATA(kSfNorth);
    ASSERT_NE(sf_graph, nullptr) << "the suite's set-up failed";
  }

  static std::vector<PlaceMatch> Find(std::string_view query, std::size_t limit = 10) {
    Result<std::vector<PlaceMatch>> r = sf_gazetteer->Search(query, limit);
    EXPECT_TRUE(r.ok()) << query << ": " << r.status().ToString();
    return r.ok() ? std::move(r).value() : std::vector<PlaceMatch>{};
  }

  static inline std::unique_ptr<RoadGraph> sf_graph;
  static inline std::unique_ptr<Gazetteer> sf_gazetteer;
  static inline std::vector<std::set<std::string>> sf_names_at;
  static inline std::string import_error;
};

// The nearest corner of a random place in the extract against a brute force over every node:
// the nearest node where two streets (by normalised name) meet, within 300 m; else the nearest
// named node, named after its street; else nothing.
TEST_F(GazetteerSfTest, NearestCornerIsTheNearestNodeWhereTwoStreetsMeet) {
  const RoadGraph& g = *sf_graph;
  std::vector<std::size_t> streets_at(g.node_count(), 0);
  for (NodeIndex u = 0; u < g.node_count(); ++u) {
    std::set<std::string> keys;
    for (const std::string& name : sf_names_at[u]) keys.insert(NormalizePlaceName(name));
    keys.erase("");
    streets_at[u] = keys.size();
  }
  std::mt19937 rng(20261206);
  std::uniform_real_distribution<double> lat(37.7805, 37.811);
  std::uniform_real_distribution<double> lon(-122.485, -122.3942);
  std::size_t corners = 0;
  for (int i = 0; i < 300; ++i) {
    const double la = lat(rng);
    const double lo = lon(rng);
    double nearest_corner = std::numeric_limits<double>::infinity();
    double nearest_named = std::numeric_limits<double>::infinity();
    for (NodeIndex u = 0; u < g.node_count(); ++u) {
      if (streets_at[u] == 0) continue;
      const double d = Metres(la, lo, Lat(g, u), Lon(g, u));
      nearest_named = std::min(nearest_named, d);
      if (streets_at[u] >= 2) nearest_corner = std::min(nearest_corner, d);
    }
    const std::optional<PlaceMatch> m = sf_gazetteer->NearestCorner(la, lo, 300);
    const std::string where = std::to_string(la) + "," + std::to_string(lo);
    if (nearest_named > 300) {
      EXPECT_FALSE(m.has_value()) << where;
      continue;
    }
    ASSERT_TRUE(m.has_value()) << where;
    ASSERT_LT(m->node, g.node_count());
    EXPECT_EQ(m->lat, Lat(g, m->node));
    EXPECT_EQ(m->lon, Lon(g, m->node));
    const double got = Metres(la, lo, m->lat, m->lon);
    if (nearest_corner <= 300) {
      ++corners;
      EXPECT_EQ(m->kind, Kind::kIntersection) << where;
      // The index measures on a flat map; at 300 m it agrees with the sphere within centimetres.
      EXPECT_LE(got, nearest_corner + 0.1) << where << ": " << m->name;
      const std::size_t amp = m->name.find(" & ");
      ASSERT_NE(amp, std::string::npos) << m->name;
      EXPECT_TRUE(sf_names_at[m->node].contains(m->name.substr(0, amp))) << m->name;
      EXPECT_TRUE(sf_names_at[m->node].contains(m->name.substr(amp + 3))) << m->name;
    } else {
      EXPECT_EQ(m->kind, Kind::kStreet) << where;
      EXPECT_LE(got, nearest_named + 0.1) << where;
      EXPECT_TRUE(sf_names_at[m->node].contains(m->name)) << m->name;
    }
  }
  EXPECT_GT(corners, 200U) << "most of a city's points have a corner within 300 m";
  // The corner of Chestnut & Fillmore names itself.
  const std::vector<PlaceMatch> found = Find("Chestnut St & Fillmore St", 1);
  ASSERT_EQ(found.size(), 1U);
  const std::optional<PlaceMatch> back = sf_gazetteer->NearestCorner(found[0].lat, found[0].lon);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->name, "Chestnut Street & Fillmore Street");
  // Nothing far away, nothing for a position that is not one.
  EXPECT_FALSE(sf_gazetteer->NearestCorner(37.9, -122.2).has_value());
  EXPECT_FALSE(sf_gazetteer->NearestCorner(std::nan(""), -122.43).has_value());
  EXPECT_FALSE(sf_gazetteer->NearestCorner(37.8, std::numeric_limits<double>::infinity()));
  EXPECT_FALSE(sf_gazetteer->NearestCorner(37.8, -122.43, -1).has_value());
  EXPECT_FALSE(Gazetteer().NearestCorner(37.8, -122.43).has_value());
}

TEST_F(GazetteerSfTest, ChestnutAndFillmoreIsWhereBothStreetsTouchOneNode) {
  const RoadGraph& g = *sf_graph;
  const std::vector<NodeIndex> meeting =
      MeetingNodes(sf_names_at, "Chestnut Street", "Fillmore Street");
  ASSERT_FALSE(meeting.empty()) << "the extract should have this corner";

  const std::vector<PlaceMatch> found = Find("Chestnut St & Fillmore St");
  ASSERT_FALSE(found.empty());
  const PlaceMatch& top = found.front();
  EXPECT_EQ(top.kind, Kind::kIntersection);
  EXPECT_EQ(top.name, "Chestnut Street & Fillmore Street");
  EXPECT_EQ(top.score, 1.0);
  double nearest = std::numeric_limits<double>::infinity();
  for (const NodeIndex u : meeting) {
    nearest = std::min(nearest, Metres(Lat(g, u), Lon(g, u), top.lat, top.lon));
  }
  EXPECT_LE(nearest, 30.0);
  ExpectCrossings(g, Named(found, top.name), meeting, "Chestnut & Fillmore");
}

TEST_F(GazetteerSfTest, SpellingsOfOneCornerGiveTheSameAnswer) {
  const std::vector<PlaceMatch> base = Find("Chestnut St & Fillmore St");
  ASSERT_FALSE(base.empty());
  for (const char* q : {"chestnut street & fillmore street", "CHESTNUT ST. & FILLMORE ST.",
                        "  Chestnut   St/Fillmore  Street ", "Chestnut St and Fillmore St",
                        "Chestnut Street at Fillmore Street", "Chestnut St@Fillmore St",
                        "Chestnut St ＆ Fillmore St", "chestnut st.,&,fillmore st.",
                        "Chestnut Street 与 Fillmore Street"}) {
    EXPECT_EQ(Summary(Find(q)), Summary(base)) << q;
  }
  // Either order names the same place.
  const std::vector<PlaceMatch> reversed = Find("Fillmore St & Chestnut St");
  ASSERT_FALSE(reversed.empty());
  EXPECT_EQ(reversed.front().name, "Fillmore Street & Chestnut Street");
  EXPECT_EQ(reversed.front().node, base.front().node);
  // Without the street types the sides are prefixes: the same corner, a lower score.
  const std::vector<PlaceMatch> bare = Find("chestnut & fillmore");
  ASSERT_FALSE(bare.empty());
  EXPECT_EQ(bare.front().name, base.front().name);
  EXPECT_EQ(bare.front().node, base.front().node);
  EXPECT_DOUBLE_EQ(bare.front().score, 0.8);
}

TEST_F(GazetteerSfTest, VanNessAndBay) {
  const std::vector<NodeIndex> meeting = MeetingNodes(sf_names_at, "Van Ness Avenue", "Bay Street");
  ASSERT_FALSE(meeting.empty());
  const std::vector<PlaceMatch> found = Find("Van Ness Ave / Bay St", 100);
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found.front().name, "Van Ness Avenue & Bay Street");
  ExpectCrossings(*sf_graph, Named(found, "Van Ness Avenue & Bay Street"), meeting, "Van Ness");
}

TEST_F(GazetteerSfTest, LombardFindsLombardStreet) {
  const std::vector<PlaceMatch> found = Find("Lombard");
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found.front().kind, Kind::kStreet);
  EXPECT_EQ(found.front().name, "Lombard Street");
  EXPECT_DOUBLE_EQ(found.front().score, 0.8);
  for (const PlaceMatch& m : found) {
    EXPECT_NE(Lower(m.name).find("lombard"), std::string::npos) << m.name;
  }
  for (const char* q : {"lombard st", "LOMBARD STREET", "Lombard St."}) {
    const std::vector<PlaceMatch> exact = Find(q);
    ASSERT_FALSE(exact.empty()) << q;
    EXPECT_EQ(exact.front().name, "Lombard Street") << q;
    EXPECT_EQ(exact.front().score, 1.0) << q;
    EXPECT_EQ(exact.front().node, found.front().node) << q;
  }
  // Half-typed street type: the last word is also tried as typed.
  const std::vector<PlaceMatch> partial = Find("Lombard Str");
  ASSERT_FALSE(partial.empty());
  EXPECT_EQ(partial.front().name, "Lombard Street");
  EXPECT_DOUBLE_EQ(partial.front().score, 0.7);
}

TEST_F(GazetteerSfTest, WholeWordsRankAboveLongerWords) {
  const std::vector<PlaceMatch> found = Find("Mason");
  std::vector<std::string> names;
  names.reserve(found.size());
  for (const PlaceMatch& m : found) names.push_back(m.name);
  // Prefix of whole words, prefix, then a word inside the name.
  EXPECT_EQ(names, (std::vector<std::string>{"Mason Street", "Masonic Avenue", "Fort Mason",
                                             "Old Mason Street"}));
  for (std::size_t i = 1; i < found.size(); ++i) {
    EXPECT_GE(found[i - 1].score, found[i].score);
    EXPECT_EQ(found[i].kind, Kind::kStreet);
  }
}

TEST_F(GazetteerSfTest, SaintIsNotStreet) {
  const std::vector<std::string>& names = sf_graph->names();
  ASSERT_TRUE(std::find(names.begin(), names.end(), "Saint Joseph's Avenue") != names.end());
  for (const char* q : {"St Josephs Ave", "St. Joseph's Avenue", "saint josephs av"}) {
    const std::vector<PlaceMatch> found = Find(q);
    ASSERT_FALSE(found.empty()) << q;
    EXPECT_EQ(found.front().name, "Saint Joseph's Avenue") << q;
    EXPECT_EQ(found.front().score, 1.0) << q;
  }
}

// Every street name, searched by its own spelling: the exact match comes first, its point is a
// node that an edge of that street touches, and it is the street's node nearest the mean of the
// street's nodes (recomputed here from the edges).
TEST_F(GazetteerSfTest, StreetPointLiesOnTheStreet) {
  const RoadGraph& g = *sf_graph;
  std::map<std::string, std::set<NodeIndex>> nodes_of;  // by normalised name
  std::set<std::string> used;
  for (NodeIndex u = 0; u < g.node_count(); ++u) {
    for (const std::string& name : sf_names_at[u]) {
      nodes_of[NormalizePlaceName(name)].insert(u);
      used.insert(name);
    }
  }
  EXPECT_EQ(sf_gazetteer->street_count(), nodes_of.size());
  ASSERT_GT(used.size(), 300U);
  std::size_t checked = 0;
  for (const std::string& name : used) {
    if (name.find_first_of("&/@") != std::string::npos) continue;  // would read as a corner
    const std::vector<PlaceMatch> found = Find(name, 3);
    ASSERT_FALSE(found.empty()) << name;
    const PlaceMatch& m = found.front();
    EXPECT_EQ(m.kind, Kind::kStreet) << name;
    EXPECT_EQ(m.score, 1.0) << name;
    const std::string key = NormalizePlaceName(name);
    EXPECT_EQ(NormalizePlaceName(m.name), key) << name;
    ASSERT_LT(m.node, g.node_count()) << name;
    EXPECT_TRUE(sf_names_at[m.node].contains(m.name)) << name << ": point not on the street";
    EXPECT_EQ(m.lat, Lat(g, m.node));
    EXPECT_EQ(m.lon, Lon(g, m.node));

    const std::set<NodeIndex>& nodes = nodes_of[key];
    double lat = 0;
    double lon = 0;
    for (const NodeIndex u : nodes) {
      lat += Lat(g, u);
      lon += Lon(g, u);
    }
    lat /= static_cast<double>(nodes.size());
    lon /= static_cast<double>(nodes.size());
    double best = std::numeric_limits<double>::infinity();
    for (const NodeIndex u : nodes) best = std::min(best, Metres(lat, lon, Lat(g, u), Lon(g, u)));
    EXPECT_LE(Metres(lat, lon, m.lat, m.lon), best + 0.05) << name;
    ++checked;
  }
  EXPECT_GT(checked, 300U);
}

TEST_F(GazetteerSfTest, ParallelStreetsHaveNoCorner) {
  for (const auto& [a, b] : {std::pair{"Chestnut Street", "Lombard Street"},
                             std::pair{"Bay Street", "Francisco Street"}}) {
    ASSERT_TRUE(MeetingNodes(sf_names_at, a, b).empty()) << a << " / " << b;
    const std::string q = std::string(a) + " & " + b;
    EXPECT_TRUE(Named(Find(q, 100), q).empty()) << q;
    EXPECT_TRUE(Find(q, 100).empty()) << q;
  }
}

// 50 random pairs of streets that meet somewhere and 50 that never do, found by brute force: the
// corners returned are exactly the meeting nodes, grouped.
TEST_F(GazetteerSfTest, RandomPairsAgreeWithBruteForce) {
  const RoadGraph& g = *sf_graph;
  // Only names that are alone under their normalised form, so the brute force by raw name and
  // the gazetteer's grouping agree.
  std::map<std::string, std::vector<std::string>> by_key;
  std::set<std::string> used;
  for (const std::set<std::string>& at : sf_names_at) used.insert(at.begin(), at.end());
  for (const std::string& name : used) by_key[NormalizePlaceName(name)].push_back(name);
  std::vector<std::string> names;
  for (const auto& [key, spellings] : by_key) {
    if (spellings.size() == 1 && spellings[0].find_first_of("&/@") == std::string::npos) {
      names.push_back(spellings[0]);
    }
  }
  std::set<std::pair<std::string, std::string>> meet;
  for (const std::set<std::string>& at : sf_names_at) {
    for (const std::string& a : at) {
      for (const std::string& b : at) {
        if (a != b) meet.emplace(a, b);
      }
    }
  }
  std::mt19937 rng(11);
  std::uniform_int_distribution<std::size_t> pick(0, names.size() - 1);
  std::size_t meeting_pairs = 0;
  std::size_t apart_pairs = 0;
  for (int tries = 0; tries < 100'000 && (meeting_pairs < 50 || apart_pairs < 50); ++tries) {
    const std::string& a = names[pick(rng)];
    const std::string& b = names[pick(rng)];
    if (a == b) continue;
    const bool meets = meet.contains({a, b});
    if (meets ? meeting_pairs >= 50 : apart_pairs >= 50) continue;
    (meets ? meeting_pairs : apart_pairs) += 1;
    std::string corner = a;
    corner += " & ";
    corner += b;
    const std::vector<PlaceMatch> found = Named(Find(corner, 1000), corner);
    if (!meets) {
      EXPECT_TRUE(found.empty()) << corner;
      continue;
    }
    ASSERT_FALSE(found.empty()) << corner;
    for (const PlaceMatch& m : found) EXPECT_EQ(m.score, 1.0) << corner;
    ExpectCrossings(g, found, MeetingNodes(sf_names_at, a, b), corner);
  }
  EXPECT_EQ(meeting_pairs, 50U);
  EXPECT_EQ(apart_pairs, 50U);
}

// ---------------------------------------------------------------------------------------------
// A hand-made town with Chinese street names (Shanghai coordinates, 0.001° ≈ 100 m):
//
//          3                 7
//          | 解放路          | 和平路
//   0 ---- 1/5 ---- 2 ------ 6 ------------ 8      人民路 (0-1-2-6-8, and 0→5)
//          |                                 |
//          4                                 9     解放路 (3-1-4, 5→4, 9-8)
//
//   10 ------------ 11                             中山路, north of everything, meets nothing
//
// Node 5 is a copy of node 1 at the same place (how the importer splits turn-restriction nodes).

RoadGraph ChineseTown() {
  const auto at = [](double lat, double lon) {
    return LatLonE6{static_cast<std::int32_t>(std::lround(lat * 1e6)),
                    static_cast<std::int32_t>(std::lround(lon * 1e6))};
  };
  RoadGraphBuilder b(12);
  const std::vector<LatLonE6> positions = {
      at(31.2300, 121.4700), at(31.2300, 121.4710), at(31.2300, 121.4720), at(31.2310, 121.4710),
      at(31.2290, 121.4710), at(31.2300, 121.4710), at(31.2300, 121.4730), at(31.2310, 121.4730),
      at(31.2300, 121.4760), at(31.2290, 121.4760), at(31.2340, 121.4700), at(31.2340, 121.4760)};
  for (NodeIndex u = 0; u < positions.size(); ++u) b.SetCoordinate(u, positions[u]);
  b.SetNames({"人民路", "解放路", "和平路", "中山路"});
  const auto two_way = [&](NodeIndex u, NodeIndex v, NameId name) {
    b.AddEdge({u, v, 100, 100, RoadClass::kPrimary, name});
    b.AddEdge({v, u, 100, 100, RoadClass::kPrimary, name});
  };
  two_way(0, 1, 0);
  two_way(1, 2, 0);
  two_way(2, 6, 0);
  two_way(6, 8, 0);
  b.AddEdge({0, 5, 100, 100, RoadClass::kPrimary, 0});
  two_way(3, 1, 1);
  two_way(1, 4, 1);
  b.AddEdge({5, 4, 100, 100, RoadClass::kPrimary, 1});
  two_way(9, 8, 1);
  two_way(6, 7, 2);
  two_way(10, 11, 3);
  return std::move(b).Build().value();
}

TEST(GazetteerTest, ChineseStreetsAndCorners) {
  const RoadGraph g = ChineseTown();
  const Gazetteer gz = Gazetteer::Build(g);
  EXPECT_EQ(gz.street_count(), 4U);
  const auto find = [&](std::string_view q) {
    Result<std::vector<PlaceMatch>> r = gz.Search(q);
    EXPECT_TRUE(r.ok()) << q << ": " << r.status().ToString();
    return r.ok() ? std::move(r).value() : std::vector<PlaceMatch>{};
  };

  // Two crossings of 人民路 and 解放路: 1 (with its copy 5 folded in) and 8, 500 m apart.
  const std::vector<std::pair<std::string, NodeIndex>> corners = {{"人民路 & 解放路", 1},
                                                                  {"人民路 & 解放路", 8}};
  for (const char* q : {"人民路与解放路", "人民路和解放路", "人民路 & 解放路", "人民路／解放路",
                        "人民路＆解放路", " 人民路 / 解放路 "}) {
    const std::vector<PlaceMatch> found = find(q);
    EXPECT_EQ(Summary(found), corners) << q;
    for (const PlaceMatch& m : found) {
      EXPECT_EQ(m.kind, Kind::kIntersection);
      EXPECT_EQ(m.score, 1.0);
    }
  }
  ExpectCrossings(g, find("人民路与解放路"), MeetingNodes(NamesAtNodes(g), "人民路", "解放路"),
                  "人民路与解放路");

  // 和 starts 和平路 and also joins it to 人民路: the split that names two streets wins.
  EXPECT_EQ(Summary(find("和平路和人民路")),
            (std::vector<std::pair<std::string, NodeIndex>>{{"和平路 & 人民路", 6}}));
  EXPECT_TRUE(find("中山路与人民路").empty());
  EXPECT_TRUE(find("中山路和人民路").empty());

  const std::vector<PlaceMatch> street = find("人民路");
  ASSERT_EQ(street.size(), 1U);
  EXPECT_EQ(street[0].kind, Kind::kStreet);
  EXPECT_EQ(street[0].name, "人民路");
  EXPECT_EQ(street[0].score, 1.0);
  const std::set<NodeIndex> on_renmin = {0, 1, 2, 5, 6, 8};
  EXPECT_TRUE(on_renmin.contains(street[0].node)) << street[0].node;
  // A single 和平路 is a street, not a corner of "" and 平路.
  const std::vector<PlaceMatch> heping = find("和平路");
  ASSERT_FALSE(heping.empty());
  EXPECT_EQ(heping[0].name, "和平路");
  EXPECT_TRUE(heping[0].node == 6 || heping[0].node == 7) << heping[0].node;

  const std::vector<PlaceMatch> prefix = find("人民");
  ASSERT_EQ(prefix.size(), 1U);
  EXPECT_EQ(prefix[0].name, "人民路");
  EXPECT_DOUBLE_EQ(prefix[0].score, 0.7);
  const std::vector<PlaceMatch> inside = find("民路");
  ASSERT_EQ(inside.size(), 1U);
  EXPECT_EQ(inside[0].name, "人民路");
  EXPECT_DOUBLE_EQ(inside[0].score, 0.5);
  // Every street ends in 路: all four, in name order within one score.
  const std::vector<PlaceMatch> all = find("路");
  ASSERT_EQ(all.size(), 4U);
  for (std::size_t i = 1; i < all.size(); ++i) EXPECT_LT(all[i - 1].name, all[i].name);
  ASSERT_EQ(find("路").size(), 4U);
  Result<std::vector<PlaceMatch>> two = gz.Search("路", 2);
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(two->size(), 2U);
}

TEST(GazetteerTest, NormalisationRules) {
  EXPECT_EQ(NormalizePlaceName("Chestnut St."), "chestnut street");
  EXPECT_EQ(NormalizePlaceName("  VAN   NESS\tAve "), "van ness avenue");
  EXPECT_EQ(NormalizePlaceName("Geary Blvd"), "geary boulevard");
  EXPECT_EQ(NormalizePlaceName("N Point St"), "north point street");
  EXPECT_EQ(NormalizePlaceName("St. Francis Blvd"), "saint francis boulevard");
  EXPECT_EQ(NormalizePlaceName("St Francis Blvd"), NormalizePlaceName("Saint Francis Boulevard"));
  EXPECT_EQ(NormalizePlaceName("St"), "street");
  EXPECT_EQ(NormalizePlaceName("Saint Joseph's Avenue"), "saint josephs avenue");
  EXPECT_EQ(NormalizePlaceName("Saint Joseph’s Av"), "saint josephs avenue");
  for (const auto& [a, b] : {std::pair{"Rd", "road"},
                             {"Dr", "drive"},
                             {"Ln", "lane"},
                             {"Pl", "place"},
                             {"Ct", "court"},
                             {"Ter", "terrace"},
                             {"Hwy", "highway"},
                             {"Pkwy", "parkway"},
                             {"Sq", "square"},
                             {"S", "south"},
                             {"E", "east"},
                             {"W", "west"}}) {
    EXPECT_EQ(NormalizePlaceName(std::string("Oak ") + a), std::string("oak ") + b) << a;
  }
  EXPECT_EQ(NormalizePlaceName("人民路"), "人民路");
  EXPECT_EQ(NormalizePlaceName("人民路（东段）"), "人民路 东段");
  EXPECT_EQ(NormalizePlaceName("TÖÖLÖNKATU"), NormalizePlaceName("Töölönkatu"));
  EXPECT_EQ(NormalizePlaceName("...&&--"), "");
  EXPECT_EQ(NormalizePlaceName(""), "");
}

TEST(GazetteerTest, BadInputIsAnErrorWithAReason) {
  const RoadGraph g = ChineseTown();
  const Gazetteer gz = Gazetteer::Build(g);
  const std::string ten_kb(10'000, 'a');
  const std::string long_ok(kMaxPlaceQueryBytes, 'a');
  for (const std::string_view q :
       {std::string_view(""), std::string_view("   "), std::string_view(" \t\n"),
        std::string_view("&"), std::string_view(" & 解放路"), std::string_view("人民路 &"),
        std::string_view("/"), std::string_view("与"), std::string_view("A & B & C"),
        std::string_view("人民路与解放路与和平路"), std::string_view(ten_kb),
        std::string_view("\xff\xfe"), std::string_view("人民路\xe4\xba"),
        std::string_view("Lombard\0Street", 14), std::string_view("\0", 1),
        std::string_view("Lombard\x1b[31m"), std::string_view("..."),
        std::string_view("\xc0\xaf")}) {
    const Result<std::vector<PlaceMatch>> r = gz.Search(q);
    ASSERT_FALSE(r.ok()) << q;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << q;
    EXPECT_EQ(r.status().field(), "query") << q;
    EXPECT_FALSE(r.status().message().empty()) << q;
  }
  EXPECT_NE(gz.Search(ten_kb).status().message().find("200"), std::string::npos);
  // At the limit is fine, and finds nothing.
  const Result<std::vector<PlaceMatch>> at_limit = gz.Search(long_ok);
  ASSERT_TRUE(at_limit.ok()) << at_limit.status().ToString();
  EXPECT_TRUE(at_limit->empty());
  // A limit of 0 asks for nothing.
  const Result<std::vector<PlaceMatch>> none = gz.Search("人民路", 0);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  // Unknown names are not errors.
  const Result<std::vector<PlaceMatch>> unknown = gz.Search("Nowhere Street & Elsewhere Road");
  ASSERT_TRUE(unknown.ok());
  EXPECT_TRUE(unknown->empty());
}

// Each refusal is a declared message (geo/messages.hpp), said in English and zh-CN.
TEST(GazetteerTest, RefusalsSayTheirDeclaredMessageInEitherLanguage) {
  const RoadGraph g = ChineseTown();
  const Gazetteer gz = Gazetteer::Build(g);
  struct Case {
    std::string query;
    const Message* id;
    std::string en;
    std::string zh;
  };
  const std::vector<Case> cases = {
      {std::string(300, 'a'), &msg::kQueryTooLong, "longer than 200 bytes (300)",
       "超过 200 字节（实际 300 字节）"},
      {"\xff\xfe", &msg::kNotUtf8, "not valid UTF-8", "不是有效的 UTF-8 文本"},
      {"Lombard\x1b[31m", &msg::kControlByte, "contains a control character (byte 27)",
       "含有控制字符（字节 27）"},
      {" \t ", &msg::kEmptyQuery, "is empty", "为空"},
      {"A & B & C", &msg::kMoreThanTwoStreets, "names more than two streets",
       "指定了两条以上的街道"},
      {"人民路 &", &msg::kStreetOnEachSide, "an intersection needs a street on each side of '&'",
       "路口须在“&”两侧各写一条街道"},
      {"...", &msg::kNoStreet, "names no street", "没有指定街道"},
  };
  for (const Case& c : cases) {
    const Status s = gz.Search(c.query).status();
    EXPECT_EQ(s.message_id(), c.id) << c.en << ": " << s.ToString();
    EXPECT_EQ(s.field(), "query") << c.en;
    EXPECT_EQ(s.Text(Lang::kEn), c.en);
    EXPECT_EQ(s.Text(Lang::kZhCN), c.zh);
  }
}

TEST(GazetteerTest, GraphsWithoutNamesOrCoordinatesAreEmpty) {
  const RoadGraph no_names = testing::RandomGraph(5, 500, /*coordinates=*/true);
  const RoadGraph no_coordinates = testing::HandMadeGraph();
  RoadGraphBuilder b(2);  // names but no coordinates
  b.SetNames({"Main Street"});
  b.AddEdge({0, 1, 10, 10, RoadClass::kResidential, 0});
  const RoadGraph names_only = std::move(b).Build().value();
  const RoadGraph nothing;
  for (const RoadGraph* g : {&no_names, &no_coordinates, &names_only, &nothing}) {
    const Gazetteer gz = Gazetteer::Build(*g);
    EXPECT_EQ(gz.street_count(), 0U);
    for (const char* q : {"Main Street", "Main & Oak", "人民路"}) {
      const Result<std::vector<PlaceMatch>> r = gz.Search(q);
      ASSERT_TRUE(r.ok()) << q << ": " << r.status().ToString();
      EXPECT_TRUE(r->empty()) << q;
    }
    EXPECT_FALSE(gz.Search("").ok());
  }
  const Gazetteer default_built;
  EXPECT_TRUE(default_built.Search("x").ok());
}

// Random strings made of separators, names, spaces and broken bytes: an answer or a query error,
// never a crash, never more than the limit, and every position a real node.
TEST(GazetteerTest, RandomQueriesNeverCrash) {
  const RoadGraph g = ChineseTown();
  const Gazetteer gz = Gazetteer::Build(g);
  const std::vector<std::string> pieces = {
      "人民路", "解放路", "和", "与",   "&",    "/", " ",  " and ", " at ", "St",
      ".",      "路",     "人", "\xe4", "\xff", "a", "＆", "@",     "\t",   std::string(1, '\0'),
      "平",     "Ave",    "'"};
  std::mt19937 rng(3);
  std::uniform_int_distribution<std::size_t> piece(0, pieces.size() - 1);
  std::uniform_int_distribution<int> length(0, 8);
  std::uniform_int_distribution<std::size_t> limit(0, 5);
  for (int i = 0; i < 5'000; ++i) {
    std::string q;
    for (int k = length(rng); k > 0; --k) q += pieces[piece(rng)];
    const std::size_t n = limit(rng);
    const Result<std::vector<PlaceMatch>> r = gz.Search(q, n);
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << q;
      continue;
    }
    EXPECT_LE(r->size(), n) << q;
    for (const PlaceMatch& m : *r) {
      ASSERT_LT(m.node, g.node_count()) << q;
      EXPECT_EQ(m.lat, Lat(g, m.node)) << q;
      EXPECT_GT(m.score, 0.0) << q;
    }
  }
}

}  // namespace
}  // namespace elink::geo
