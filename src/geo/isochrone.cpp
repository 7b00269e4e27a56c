// SPDX-License-Identifier: Apache-2.0
#include "geo/isochrone.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <numbers>
#include <string>

namespace elink::geo {
namespace {

constexpr double kMetresPerDegreeLat = 110'574.0;
constexpr double kMetresPerDegreeLonAtEquator = 111'320.0;

// A local equirectangular projection around the area: at city scale its distortion (well under
// 1 % over 50 km) is far below one grid cell.
struct Projection {
  double lat0 = 0;
  double lon0 = 0;
  double kx = 0;
  double ky = kMetresPerDegreeLat;
  [[nodiscard]] double X(LatLonE6 p) const { return (p.lon_e6 / 1e6 - lon0) * kx; }
  [[nodiscard]] double Y(LatLonE6 p) const { return (p.lat_e6 / 1e6 - lat0) * ky; }
};

// Boundary edge between lattice vertices, with the marked cell on its left.
struct BoundaryEdge {
  std::uint64_t from;
  std::uint64_t to;
  int direction;  // 0 east, 1 north, 2 west, 3 south
  bool used;
};

double SignedArea(const std::vector<std::pair<std::int64_t, std::int64_t>>& ring) {
  double sum = 0;
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
    sum += static_cast<double>(ring[i].first) * static_cast<double>(ring[i + 1].second) -
           static_cast<double>(ring[i + 1].first) * static_cast<double>(ring[i].second);
  }
  return sum / 2;
}

bool RingContains(const LonLatRing& ring, double lon, double lat) {
  bool inside = false;
  for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    const auto [xi, yi] = ring[i];
    const auto [xj, yj] = ring[j];
    if ((yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) {
      inside = !inside;
    }
  }
  return inside;
}

}  // namespace

bool PolygonContains(const PolygonRings& polygon, double lon, double lat) {
  bool inside = false;
  for (const LonLatRing& ring : polygon) {
    if (!ring.empty() && RingContains(ring, lon, lat)) inside = !inside;
  }
  return inside;
}

Result<Isochrone> ComputeIsochrone(const RoadGraph& graph, const std::vector<Distance>& times,
                                   Distance limit, const IsochroneOptions& options) {
  if (!graph.has_coordinates()) {
    return Status::FailedPrecondition("the road graph has no coordinates");
  }
  if (times.size() != graph.node_count()) {
    return Status::InvalidArgument("times", "one time per node expected");
  }
  if (!(options.cell_m >= 5 && options.cell_m <= 5000)) {
    return Status::InvalidArgument("cell_m", "cell size must be between 5 m and 5 km");
  }
  const NodeIndex n = graph.node_count();
  Isochrone out;
  out.limit = limit;
  out.cell_m = options.cell_m;

  // Extent of everything that may be drawn: reachable nodes and the far ends of their edges.
  std::int64_t min_lat = std::numeric_limits<std::int64_t>::max();
  std::int64_t max_lat = std::numeric_limits<std::int64_t>::min();
  std::int64_t min_lon = min_lat;
  std::int64_t max_lon = max_lat;
  auto extend = [&](LatLonE6 p) {
    min_lat = std::min<std::int64_t>(min_lat, p.lat_e6);
    max_lat = std::max<std::int64_t>(max_lat, p.lat_e6);
    min_lon = std::min<std::int64_t>(min_lon, p.lon_e6);
    max_lon = std::max<std::int64_t>(max_lon, p.lon_e6);
  };
  for (NodeIndex u = 0; u < n; ++u) {
    if (times[u] > limit) continue;
    ++out.reachable_nodes;
    extend(graph.Coordinate(u));
    for (std::size_t e = graph.EdgeBegin(u); e < graph.EdgeEnd(u); ++e) {
      extend(graph.Coordinate(graph.Target(e)));
    }
  }
  if (out.reachable_nodes == 0) {
    return Status::NotFound("no road is reachable within the time limit");
  }
  Projection proj;
  proj.lat0 = static_cast<double>(min_lat) / 1e6;
  proj.lon0 = static_cast<double>(min_lon) / 1e6;
  const double mid_lat = static_cast<double>(min_lat + max_lat) / 2e6;
  proj.kx = kMetresPerDegreeLonAtEquator * std::cos(mid_lat * std::numbers::pi / 180.0);
  const double cell = options.cell_m;
  // One empty cell of margin on every side, so every boundary lies inside the lattice.
  const double ox = -cell;
  const double oy = -cell;
  const double span_x = (static_cast<double>(max_lon - min_lon) / 1e6) * proj.kx;
  const double span_y = (static_cast<double>(max_lat - min_lat) / 1e6) * proj.ky;
  const double wd = std::ceil(span_x / cell) + 3;
  const double hd = std::ceil(span_y / cell) + 3;
  if (wd * hd > static_cast<double>(options.max_cells)) {
    return Status::InvalidArgument("cell_m", "the area needs more than " +
                                                 std::to_string(options.max_cells) +
                                                 " grid cells; use larger cells");
  }
  const auto w = static_cast<std::int64_t>(wd);
  const auto h = static_cast<std::int64_t>(hd);
  std::vector<std::uint8_t> marked(static_cast<std::size_t>(w * h), 0);
  auto mark = [&](double x, double y) {
    const auto i = static_cast<std::int64_t>(std::floor((x - ox) / cell));
    const auto j = static_cast<std::int64_t>(std::floor((y - oy) / cell));
    if (i >= 0 && i < w && j >= 0 && j < h) marked[static_cast<std::size_t>(j * w + i)] = 1;
  };
  for (NodeIndex u = 0; u < n; ++u) {
    if (times[u] > limit) continue;
    const LatLonE6 a = graph.Coordinate(u);
    const double ax = proj.X(a);
    const double ay = proj.Y(a);
    mark(ax, ay);
    for (std::size_t e = graph.EdgeBegin(u); e < graph.EdgeEnd(u); ++e) {
      // The part of the edge a vehicle gets along before the time runs out.
      const Distance left = limit - times[u];
      const double reach = graph.Time(e) == 0 || left >= graph.Time(e)
                               ? 1.0
                               : static_cast<double>(left) / static_cast<double>(graph.Time(e));
      const LatLonE6 b = graph.Coordinate(graph.Target(e));
      const double dx = (proj.X(b) - ax) * reach;
      const double dy = (proj.Y(b) - ay) * reach;
      const double length = std::hypot(dx, dy);
      const auto steps = static_cast<std::int64_t>(std::ceil(length / (cell / 2)));
      for (std::int64_t s = 1; s <= steps; ++s) {
        const double f = static_cast<double>(s) / static_cast<double>(steps);
        mark(ax + dx * f, ay + dy * f);
      }
    }
  }
  auto is_marked = [&](std::int64_t i, std::int64_t j) {
    return i >= 0 && i < w && j >= 0 && j < h && marked[static_cast<std::size_t>(j * w + i)] != 0;
  };

  // Boundary edges, marked cell on the left: counter-clockwise around each marked cell.
  const std::int64_t vw = w + 1;
  auto vid = [vw](std::int64_t x, std::int64_t y) {
    return static_cast<std::uint64_t>(y * vw + x);
  };
  std::vector<BoundaryEdge> edges;
  std::size_t cells = 0;
  for (std::int64_t j = 0; j < h; ++j) {
    for (std::int64_t i = 0; i < w; ++i) {
      if (!is_marked(i, j)) continue;
      ++cells;
      if (!is_marked(i, j - 1)) edges.push_back({vid(i, j), vid(i + 1, j), 0, false});
      if (!is_marked(i + 1, j)) edges.push_back({vid(i + 1, j), vid(i + 1, j + 1), 1, false});
      if (!is_marked(i, j + 1)) edges.push_back({vid(i + 1, j + 1), vid(i, j + 1), 2, false});
      if (!is_marked(i - 1, j)) edges.push_back({vid(i, j + 1), vid(i, j), 3, false});
    }
  }
  out.area_km2 = static_cast<double>(cells) * cell * cell / 1e6;
  std::sort(edges.begin(), edges.end(),
            [](const BoundaryEdge& a, const BoundaryEdge& b) { return a.from < b.from; });
  auto outgoing = [&edges](std::uint64_t v) {
    return std::equal_range(
        edges.begin(), edges.end(), BoundaryEdge{v, 0, 0, false},
        [](const BoundaryEdge& a, const BoundaryEdge& b) { return a.from < b.from; });
  };

  struct RawRing {
    std::vector<std::pair<std::int64_t, std::int64_t>> points;  // lattice vertices, closed
    double area;
    std::pair<std::int64_t, std::int64_t> inner_cell;  // a marked cell left of the first edge
  };
  std::vector<RawRing> rings;
  for (BoundaryEdge& start : edges) {
    if (start.used) continue;
    RawRing ring;
    BoundaryEdge* edge = &start;
    const auto sx = static_cast<std::int64_t>(start.from % static_cast<std::uint64_t>(vw));
    const auto sy = static_cast<std::int64_t>(start.from / static_cast<std::uint64_t>(vw));
    // The cell on the left of an edge leaving (sx, sy) in each direction.
    static constexpr std::int64_t kLeftDx[4] = {0, -1, -1, 0};
    static constexpr std::int64_t kLeftDy[4] = {0, 0, -1, -1};
    ring.inner_cell = {sx + kLeftDx[start.direction], sy + kLeftDy[start.direction]};
    int last_direction = -1;
    while (edge != nullptr) {
      edge->used = true;
      if (edge->direction != last_direction) {
        ring.points.emplace_back(
            static_cast<std::int64_t>(edge->from % static_cast<std::uint64_t>(vw)),
            static_cast<std::int64_t>(edge->from / static_cast<std::uint64_t>(vw)));
      }
      last_direction = edge->direction;
      // Where two boundaries touch at a corner, turn left: diagonal neighbours stay apart, so
      // every ring is simple.
      // Back at the start, the start edge counts as free: the ring closes when the turn rule
      // picks it, not when a second boundary happens to touch the start vertex.
      BoundaryEdge* next = nullptr;
      const auto [lo, hi] = outgoing(edge->to);
      for (const int turn : {1, 0, 3}) {
        for (auto it = lo; it != hi; ++it) {
          if ((!it->used || &*it == &start) && it->direction == (last_direction + turn) % 4) {
            next = &*it;
            break;
          }
        }
        if (next != nullptr) break;
      }
      edge = next == &start ? nullptr : next;
    }
    // Drop a collinear start point and close the ring.
    if (ring.points.size() >= 3 && last_direction == start.direction) {
      ring.points.erase(ring.points.begin());
    }
    ring.points.push_back(ring.points.front());
    ring.area = SignedArea(ring.points);
    rings.push_back(std::move(ring));
  }

  auto to_lon_lat = [&](std::pair<std::int64_t, std::int64_t> p) {
    const double x = ox + static_cast<double>(p.first) * cell;
    const double y = oy + static_cast<double>(p.second) * cell;
    return std::pair<double, double>{proj.lon0 + x / proj.kx, proj.lat0 + y / proj.ky};
  };
  auto convert = [&](const RawRing& raw) {
    LonLatRing r;
    r.reserve(raw.points.size());
    for (const auto& p : raw.points) r.push_back(to_lon_lat(p));
    return r;
  };
  std::vector<std::size_t> outer_index;  // rings index of each polygon's outer ring
  for (std::size_t k = 0; k < rings.size(); ++k) {
    if (rings[k].area > 0) {
      out.polygons.push_back({convert(rings[k])});
      outer_index.push_back(k);
    }
  }
  for (const RawRing& hole : rings) {
    if (hole.area >= 0) continue;
    // The marked cell beside the hole belongs to the polygon that surrounds it: the smallest
    // outer ring containing that cell's centre.
    const auto centre = to_lon_lat({hole.inner_cell.first, hole.inner_cell.second});
    const double lon = centre.first + cell / 2 / proj.kx;
    const double lat = centre.second + cell / 2 / proj.ky;
    std::size_t best = out.polygons.size();
    double best_area = 0;
    for (std::size_t p = 0; p < out.polygons.size(); ++p) {
      const double area = rings[outer_index[p]].area;
      if ((best == out.polygons.size() || area < best_area) &&
          RingContains(out.polygons[p][0], lon, lat)) {
        best = p;
        best_area = area;
      }
    }
    if (best < out.polygons.size()) out.polygons[best].push_back(convert(hole));
  }
  return out;
}

std::string IsochroneToGeoJson(const Isochrone& isochrone) {
  std::string s =
      "{\"type\":\"Feature\",\"properties\":{\"limit\":" + std::to_string(isochrone.limit) +
      ",\"reachable_nodes\":" + std::to_string(isochrone.reachable_nodes);
  char buf[64];
  std::snprintf(buf, sizeof buf, ",\"area_km2\":%.4f,\"cell_m\":%.1f}", isochrone.area_km2,
                isochrone.cell_m);
  s += buf;
  s += ",\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[";
  for (std::size_t p = 0; p < isochrone.polygons.size(); ++p) {
    if (p > 0) s += ',';
    s += '[';
    for (std::size_t r = 0; r < isochrone.polygons[p].size(); ++r) {
      if (r > 0) s += ',';
      s += '[';
      const LonLatRing& ring = isochrone.polygons[p][r];
      for (std::size_t i = 0; i < ring.size(); ++i) {
        std::snprintf(buf, sizeof buf, "%s[%.6f,%.6f]", i > 0 ? "," : "", ring[i].first,
                      ring[i].second);
        s += buf;
      }
      s += ']';
    }
    s += ']';
  }
  s += "]}}";
  return s;
}

}  // namespace elink::geo
