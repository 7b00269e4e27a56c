// SPDX-License-Identifier: Apache-2.0
#include "api/map_layers.hpp"

#include "api/internal/schema.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <vector>

namespace elink::api {

namespace {

void AppendCoordinate(std::string& out, geo::LatLonE6 c) {
  // Microdegrees to 1e-5 degrees, rounded half away from zero, printed without a float.
  const auto round5 = [](std::int32_t e6) {
    const std::int64_t v = e6;
    return v >= 0 ? (v + 5) / 10 : -((-v + 5) / 10);
  };
  const auto append = [&out](std::int64_t v) {
    if (v < 0) {
      out += '-';
      v = -v;
    }
    out += std::to_string(v / 100000);
    const auto frac = static_cast<int>(v % 100000);
    if (frac != 0) {
      std::array<char, 8> buf{};
      std::snprintf(buf.data(), buf.size(), ".%05d", frac);
      std::string f(buf.data());
      while (f.back() == '0') f.pop_back();
      out += f;
    }
  };
  out += '[';
  append(round5(c.lon_e6));
  out += ',';
  append(round5(c.lat_e6));
  out += ']';
}

bool HasEdge(const geo::RoadGraph& g, geo::NodeIndex from, geo::NodeIndex to) {
  for (std::size_t e = g.EdgeBegin(from); e < g.EdgeEnd(from); ++e) {
    if (g.Target(e) == to) return true;
  }
  return false;
}

}  // namespace

std::string RoadsGeoJson(const geo::RoadGraph& graph) {
  std::string out = R"({"type":"FeatureCollection")";
  if (!graph.has_coordinates() || graph.node_count() == 0) return out + R"(,"features":[]})";

  // The segments of each class, once per pair of nodes.
  std::array<std::vector<std::pair<geo::NodeIndex, geo::NodeIndex>>, geo::kRoadClassCount> by_class;
  std::int32_t west = std::numeric_limits<std::int32_t>::max();
  std::int32_t south = west;
  std::int32_t east = std::numeric_limits<std::int32_t>::min();
  std::int32_t north = east;
  for (geo::NodeIndex u = 0; u < graph.node_count(); ++u) {
    const geo::LatLonE6 c = graph.Coordinate(u);
    west = std::min(west, c.lon_e6);
    east = std::max(east, c.lon_e6);
    south = std::min(south, c.lat_e6);
    north = std::max(north, c.lat_e6);
    for (std::size_t e = graph.EdgeBegin(u); e < graph.EdgeEnd(u); ++e) {
      const geo::NodeIndex v = graph.Target(e);
      if (v == u) continue;
      // A two-way road is two edges; keep the one from the lower node. A one-way road is kept.
      if (v < u && HasEdge(graph, v, u)) continue;
      by_class[static_cast<std::size_t>(graph.Class(e))].emplace_back(u, v);
    }
  }
  out += R"(,"bbox":[)";
  for (const std::int32_t v : {west, south, east, north}) {
    out += std::to_string(static_cast<double>(v) / 1e6);
    out += ',';
  }
  out.back() = ']';
  out += R"(,"features":[)";
  bool first_feature = true;
  for (std::size_t k = 0; k < by_class.size(); ++k) {
    auto& segs = by_class[k];
    if (segs.empty()) continue;
    std::sort(segs.begin(), segs.end());
    if (!first_feature) out += ',';
    first_feature = false;
    out += R"({"type":"Feature","properties":{"class":")";
    out += geo::RoadClassName(static_cast<geo::RoadClass>(k));
    out += R"(","segments":)";
    out += std::to_string(segs.size());
    out += R"(},"geometry":{"type":"MultiLineString","coordinates":[)";
    // Sorted by start node, a segment whose start is where the last one ended continues its line
    // often enough (OSM ways are imported node after node) to halve the size.
    geo::NodeIndex last_end = geo::kNoNode;
    bool first_line = true;
    for (const auto& [a, b] : segs) {
      if (a == last_end) {
        out.pop_back();  // the line's closing ']'
        out += ',';
      } else {
        if (!first_line) out += ',';
        first_line = false;
        out += '[';
        AppendCoordinate(out, graph.Coordinate(a));
        out += ',';
      }
      AppendCoordinate(out, graph.Coordinate(b));
      out += ']';
      last_end = b;
    }
    out += "]}}";
  }
  out += "]}";
  return out;
}

nlohmann::json RoadsGeoJsonSchema() {
  using namespace internal::schema;
  const auto only = [](std::string_view value) {
    return Json{{"type", "string"}, {"enum", Json::array({value})}};
  };
  Json classes = Json::array();
  for (std::size_t k = 0; k < geo::kRoadClassCount; ++k) {
    classes.push_back(geo::RoadClassName(static_cast<geo::RoadClass>(k)));
  }
  const Json feature = Obj(
      {{"type", only("Feature")},
       {"properties", Obj({{"class", {{"type", "string"}, {"enum", classes}}},
                           {"segments", Described(Int(), "Road segments drawn in this class")}})},
       {"geometry",
        Obj({{"type", only("MultiLineString")},
             {"coordinates", Described(Arr(Arr(Arr(Num()))), "Lines of [lon, lat] positions")}})}});
  return Obj({{"type", only("FeatureCollection")},
              {"bbox?", Described(Arr(Num()), "[west, south, east, north]; absent when empty")},
              {"features", Arr(feature)}});
}

}  // namespace elink::api
