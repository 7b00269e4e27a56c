// SPDX-License-Identifier: Apache-2.0
#include "geo/snap.hpp"

#include "geo/internal/degrees.hpp"
#include "geo/messages.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <queue>
#include <string>
#include <tuple>
#include <utility>

namespace elink::geo {
namespace {

using internal::Degrees;
using internal::kMetresPerDegree;
constexpr std::size_t kFanout = 16;

// The query's projection: x = (lon − lon0)·cos(lat0), y = lat − lat0, in degrees; metres are
// kMetresPerDegree times the Euclidean norm.
struct Frame {
  double lat0;
  double lon0;
  double cos_lat0;
};

struct Projection {
  double t;
  double distance_m;
};

Projection ProjectOnSegment(const Frame& f, double a_lat, double a_lon, double b_lat,
                            double b_lon) {
  const double ax = (a_lon - f.lon0) * f.cos_lat0;
  const double ay = a_lat - f.lat0;
  const double dx = (b_lon - f.lon0) * f.cos_lat0 - ax;
  const double dy = (b_lat - f.lat0) - ay;
  const double len2 = dx * dx + dy * dy;
  double t = 0;
  if (len2 > 0) t = std::clamp(-(ax * dx + ay * dy) / len2, 0.0, 1.0);
  const double px = ax + t * dx;
  const double py = ay + t * dy;
  return {t, kMetresPerDegree * std::sqrt(px * px + py * py)};
}

// Never more than the distance to anything inside the box, rounding included: it only orders the
// search, so being a little low costs a little work and being high would cost correctness.
template <typename Box>
double LowerBoundM(const Frame& f, const Box& box) {
  const double gx = std::max({0.0, box.min_lon - f.lon0, f.lon0 - box.max_lon}) * f.cos_lat0;
  const double gy = std::max({0.0, box.min_lat - f.lat0, f.lat0 - box.max_lat});
  const double d = kMetresPerDegree * std::sqrt(gx * gx + gy * gy);
  return std::max(0.0, d * (1 - 1e-9) - 1e-6);
}

std::uint64_t HilbertIndex(std::uint32_t x, std::uint32_t y) {
  constexpr std::uint32_t n = 1U << 16;
  std::uint64_t d = 0;
  for (std::uint32_t s = n / 2; s > 0; s /= 2) {
    const std::uint32_t rx = (x & s) != 0 ? 1 : 0;
    const std::uint32_t ry = (y & s) != 0 ? 1 : 0;
    d += std::uint64_t{s} * s * ((3 * rx) ^ ry);
    if (ry == 0) {
      if (rx == 1) {
        x = n - 1 - x;
        y = n - 1 - y;
      }
      std::swap(x, y);
    }
  }
  return d;
}

std::string Metres(double m) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.0f", m);
  return buf;
}

}  // namespace

Distance TailPart(double g, Weight time) {
  const double t = static_cast<double>(time);
  const double v = std::floor(std::clamp(g, 0.0, 1.0) * t + 0.5);
  return static_cast<Distance>(std::clamp(v, 0.0, t));
}

std::vector<Endpoint> DepartEndpoints(const RoadGraph& graph, const Snap& snap) {
  std::vector<Endpoint> out;
  if (snap.forward_edge != kNoEdge) {
    ELINK_CHECK(snap.forward_edge < graph.edge_count()) << "snap from another graph";
    const Weight t = graph.Time(snap.forward_edge);
    out.push_back({snap.b, t - TailPart(snap.fraction, t)});
  }
  if (snap.backward_edge != kNoEdge) {
    ELINK_CHECK(snap.backward_edge < graph.edge_count()) << "snap from another graph";
    const Weight t = graph.Time(snap.backward_edge);
    out.push_back({snap.a, t - TailPart(1 - snap.fraction, t)});
  }
  return out;
}

std::vector<Endpoint> ArriveEndpoints(const RoadGraph& graph, const Snap& snap) {
  std::vector<Endpoint> out;
  if (snap.forward_edge != kNoEdge) {
    ELINK_CHECK(snap.forward_edge < graph.edge_count()) << "snap from another graph";
    out.push_back({snap.a, TailPart(snap.fraction, graph.Time(snap.forward_edge))});
  }
  if (snap.backward_edge != kNoEdge) {
    ELINK_CHECK(snap.backward_edge < graph.edge_count()) << "snap from another graph";
    out.push_back({snap.b, TailPart(1 - snap.fraction, graph.Time(snap.backward_edge))});
  }
  return out;
}

SnapIndex SnapIndex::Build(const RoadGraph& graph) {
  SnapIndex index;
  if (!graph.has_coordinates()) return index;
  index.has_coordinates_ = true;

  // Directed edges by unordered node pair, so both directions of a road meet.
  struct Directed {
    NodeIndex lo, hi;
    bool up;  // lo → hi
    Weight time;
    std::size_t edge;
  };
  std::vector<Directed> edges;
  edges.reserve(graph.edge_count());
  for (NodeIndex u = 0; u < graph.node_count(); ++u) {
    for (std::size_t e = graph.EdgeBegin(u); e < graph.EdgeEnd(u); ++e) {
      const NodeIndex v = graph.Target(e);
      if (u == v) continue;
      edges.push_back({std::min(u, v), std::max(u, v), u < v, graph.Time(e), e});
    }
  }
  // Within a pair, the fastest edge of each direction comes first (then the lowest index).
  std::sort(edges.begin(), edges.end(), [](const Directed& x, const Directed& y) {
    return std::tie(x.lo, x.hi, x.up, x.time, x.edge) < std::tie(y.lo, y.hi, y.up, y.time, y.edge);
  });
  for (std::size_t i = 0; i < edges.size();) {
    std::size_t j = i;
    std::size_t down = kNoEdge;
    std::size_t up = kNoEdge;
    for (; j < edges.size() && edges[j].lo == edges[i].lo && edges[j].hi == edges[i].hi; ++j) {
      std::size_t& slot = edges[j].up ? up : down;
      if (slot == kNoEdge) slot = edges[j].edge;
    }
    Segment s{};
    if (up != kNoEdge) {
      s = {edges[i].lo, edges[i].hi, up, down, 0, 0, 0, 0};
    } else {
      s = {edges[i].hi, edges[i].lo, down, kNoEdge, 0, 0, 0, 0};
    }
    const LatLonE6 a = graph.Coordinate(s.a);
    const LatLonE6 b = graph.Coordinate(s.b);
    s.a_lat = Degrees(a.lat_e6);
    s.a_lon = Degrees(a.lon_e6);
    s.b_lat = Degrees(b.lat_e6);
    s.b_lon = Degrees(b.lon_e6);
    index.segments_.push_back(s);
    i = j;
  }
  if (index.segments_.empty()) return index;

  // Leaves in Hilbert order of the segment midpoints keep every level's boxes compact.
  double min_lon = 180, min_lat = 90, max_lon = -180, max_lat = -90;
  for (const Segment& s : index.segments_) {
    min_lon = std::min({min_lon, s.a_lon, s.b_lon});
    max_lon = std::max({max_lon, s.a_lon, s.b_lon});
    min_lat = std::min({min_lat, s.a_lat, s.b_lat});
    max_lat = std::max({max_lat, s.a_lat, s.b_lat});
  }
  const double span_lon = std::max(max_lon - min_lon, 1e-9);
  const double span_lat = std::max(max_lat - min_lat, 1e-9);
  auto cell = [](double v) {
    return static_cast<std::uint32_t>(std::clamp(v * 65535.0, 0.0, 65535.0));
  };
  std::vector<std::pair<std::uint64_t, std::size_t>> order;
  order.reserve(index.segments_.size());
  for (std::size_t i = 0; i < index.segments_.size(); ++i) {
    const Segment& s = index.segments_[i];
    const double mx = ((s.a_lon + s.b_lon) / 2 - min_lon) / span_lon;
    const double my = ((s.a_lat + s.b_lat) / 2 - min_lat) / span_lat;
    order.emplace_back(HilbertIndex(cell(mx), cell(my)), i);
  }
  std::sort(order.begin(), order.end());
  std::vector<Segment> sorted;
  sorted.reserve(order.size());
  for (const auto& [h, i] : order) sorted.push_back(index.segments_[i]);
  index.segments_ = std::move(sorted);

  std::vector<Box> level;
  for (std::size_t i = 0; i < index.segments_.size(); i += kFanout) {
    Box box{180, 90, -180, -90};
    for (std::size_t k = i; k < std::min(i + kFanout, index.segments_.size()); ++k) {
      const Segment& s = index.segments_[k];
      box.min_lon = std::min({box.min_lon, s.a_lon, s.b_lon});
      box.max_lon = std::max({box.max_lon, s.a_lon, s.b_lon});
      box.min_lat = std::min({box.min_lat, s.a_lat, s.b_lat});
      box.max_lat = std::max({box.max_lat, s.a_lat, s.b_lat});
    }
    level.push_back(box);
  }
  index.levels_.push_back(std::move(level));
  while (index.levels_.back().size() > 1) {
    const std::vector<Box>& below = index.levels_.back();
    std::vector<Box> above;
    for (std::size_t i = 0; i < below.size(); i += kFanout) {
      Box box = below[i];
      for (std::size_t k = i + 1; k < std::min(i + kFanout, below.size()); ++k) {
        box.min_lon = std::min(box.min_lon, below[k].min_lon);
        box.max_lon = std::max(box.max_lon, below[k].max_lon);
        box.min_lat = std::min(box.min_lat, below[k].min_lat);
        box.max_lat = std::max(box.max_lat, below[k].max_lat);
      }
      above.push_back(box);
    }
    index.levels_.push_back(std::move(above));
  }
  return index;
}

Status SnapIndex::CheckQuery(double lat, double lon, const SnapOptions& options) const {
  if (!has_coordinates_) {
    return Status::FailedPrecondition(
        "the road graph has no coordinates, so points cannot be snapped");
  }
  if (!std::isfinite(lat) || lat < -90 || lat > 90) {
    return Status::InvalidArgument("lat", msg::kNumberFromTo, -90, 90);
  }
  if (!std::isfinite(lon) || lon < -180 || lon > 180) {
    return Status::InvalidArgument("lon", msg::kNumberFromTo, -180, 180);
  }
  if (std::isnan(options.max_distance_m) || options.max_distance_m < 0) {
    return Status::InvalidArgument("max_distance_m", msg::kDistanceNotNegative);
  }
  return Status::Ok();
}

std::vector<Snap> SnapIndex::Search(double lat, double lon, std::size_t k, double limit_m) const {
  std::vector<Snap> out;
  if (k == 0 || levels_.empty()) return out;
  const Frame f{lat, lon, std::cos(lat * std::numbers::pi / 180.0)};
  // Entries pop by distance; at equal keys boxes before segments (so that every segment as near
  // as the one about to be reported has been seen), then segments by their tie key.
  struct Entry {
    double key;
    std::uint32_t level;  // 0: a segment; l > 0: a box of levels_[l - 1]
    std::size_t tie;
    std::size_t index;
    double t;
    bool operator>(const Entry& o) const {
      const bool seg = level == 0;
      const bool oseg = o.level == 0;
      return std::tie(key, seg, tie) > std::tie(o.key, oseg, o.tie);
    }
  };
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
  const auto top = static_cast<std::uint32_t>(levels_.size());
  heap.push({LowerBoundM(f, levels_.back()[0]), top, 0, 0, 0});
  while (!heap.empty()) {
    const Entry e = heap.top();
    heap.pop();
    if (e.key > limit_m) break;
    if (e.level == 0) {
      const Segment& s = segments_[e.index];
      Snap snap;
      snap.a = s.a;
      snap.b = s.b;
      snap.forward_edge = s.forward_edge;
      snap.backward_edge = s.backward_edge;
      snap.fraction = e.t;
      snap.lat = s.a_lat + e.t * (s.b_lat - s.a_lat);
      snap.lon = s.a_lon + e.t * (s.b_lon - s.a_lon);
      snap.distance_m = e.key;
      out.push_back(snap);
      if (out.size() == k) break;
      continue;
    }
    const std::size_t begin = e.index * kFanout;
    if (e.level == 1) {
      for (std::size_t i = begin; i < std::min(begin + kFanout, segments_.size()); ++i) {
        const Segment& s = segments_[i];
        const Projection p = ProjectOnSegment(f, s.a_lat, s.a_lon, s.b_lat, s.b_lon);
        heap.push({p.distance_m, 0, s.key(), i, p.t});
      }
    } else {
      const std::vector<Box>& below = levels_[e.level - 2];
      for (std::size_t i = begin; i < std::min(begin + kFanout, below.size()); ++i) {
        heap.push({LowerBoundM(f, below[i]), e.level - 1, 0, i, 0});
      }
    }
  }
  return out;
}

Status SnapIndex::NothingWithin(double lat, double lon, double limit_m) const {
  if (segments_.empty()) return Status::NotFound(msg::kNoRoads);
  const std::vector<Snap> nearest = Search(lat, lon, 1, std::numeric_limits<double>::infinity());
  if (nearest.empty()) return Status::NotFound(msg::kNoRoadWithin, Metres(limit_m));
  return Status::NotFound(msg::kNoRoadWithinNearest, Metres(limit_m),
                          Metres(nearest[0].distance_m));
}

Result<Snap> SnapIndex::Nearest(double lat, double lon, const SnapOptions& options) const {
  ELINK_RETURN_IF_ERROR(CheckQuery(lat, lon, options));
  std::vector<Snap> found = Search(lat, lon, 1, options.max_distance_m);
  if (found.empty()) return NothingWithin(lat, lon, options.max_distance_m);
  return found[0];
}

Result<std::vector<Snap>> SnapIndex::NearestK(double lat, double lon, std::size_t k,
                                              const SnapOptions& options) const {
  ELINK_RETURN_IF_ERROR(CheckQuery(lat, lon, options));
  if (k == 0) return std::vector<Snap>{};
  std::vector<Snap> found = Search(lat, lon, k, options.max_distance_m);
  if (found.empty()) return NothingWithin(lat, lon, options.max_distance_m);
  return found;
}

}  // namespace elink::geo
