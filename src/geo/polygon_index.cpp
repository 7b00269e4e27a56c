// SPDX-License-Identifier: Apache-2.0
#include "geo/polygon_index.hpp"

#include <boost/geometry/algorithms/disjoint.hpp>
#include <boost/geometry/algorithms/expand.hpp>
#include <boost/geometry/algorithms/intersects.hpp>
#include <boost/geometry/geometries/box.hpp>
#include <boost/geometry/geometries/point.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <numbers>
#include <string>
#include <tuple>

namespace elink::geo {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

struct PolygonIndex::Impl {
  using Point = bg::model::point<double, 2, bg::cs::cartesian>;
  using Box = bg::model::box<Point>;
  using Entry = std::pair<Box, std::uint32_t>;  // bounding box, index into shapes

  struct Shape {
    std::uint32_t id;
    double area;
    std::size_t ring_begin;  // rings [ring_begin, ring_end) of ring_begin below
    std::size_t ring_end;
  };

  // Sorted by (area, id, input order): the first containing shape is the answer.
  std::vector<Shape> shapes;
  // Ring r is points[ring_begin[r], ring_begin[r + 1]), open (no repeated first point).
  std::vector<std::size_t> ring_begin = {0};
  std::vector<std::pair<double, double>> points;
  bgi::rtree<Entry, bgi::quadratic<16>> tree;

  [[nodiscard]] bool Contains(const Shape& shape, double lon, double lat) const {
    bool inside = false;
    for (std::size_t r = shape.ring_begin; r < shape.ring_end; ++r) {
      const std::size_t begin = ring_begin[r];
      const std::size_t end = ring_begin[r + 1];
      for (std::size_t i = begin, j = end - 1; i < end; j = i++) {
        const auto& p = points[j];
        const auto& q = points[i];
        if ((p.second > lat) == (q.second > lat)) continue;
        // The same edge in two neighbouring shapes is traversed in opposite directions; taking
        // it from its lower end makes the sign below identical in both.
        const auto& lo = p.second < q.second ? p : q;
        const auto& hi = p.second < q.second ? q : p;
        const double cross =
            (hi.first - lo.first) * (lat - lo.second) - (hi.second - lo.second) * (lon - lo.first);
        if (cross > 0) inside = !inside;  // the edge crosses the ray east of the point
      }
    }
    return inside;
  }

  [[nodiscard]] std::vector<std::uint32_t> Containing(double lon, double lat) const {
    std::vector<std::uint32_t> out;
    if (std::isnan(lon) || std::isnan(lat)) return out;
    std::vector<Entry> candidates;
    tree.query(bgi::intersects(Point(lon, lat)), std::back_inserter(candidates));
    for (const Entry& c : candidates) {
      if (Contains(shapes[c.second], lon, lat)) out.push_back(c.second);
    }
    std::sort(out.begin(), out.end());
    return out;
  }
};

namespace {

// Twice the signed area in (lon·cos(lat_ref), lat) degrees.
double TwiceArea(const std::vector<std::pair<double, double>>& ring, double cos_ref) {
  double sum = 0;
  for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    sum += (ring[j].first * cos_ref) * ring[i].second - (ring[i].first * cos_ref) * ring[j].second;
  }
  return sum;
}

// Checks the ring and returns it open (a repeated first point dropped).
Result<std::vector<std::pair<double, double>>> CleanRing(const Ring& ring,
                                                         const std::string& field) {
  for (std::size_t j = 0; j < ring.lon_lat.size(); ++j) {
    const auto [lon, lat] = ring.lon_lat[j];
    const std::string at = field + "[" + std::to_string(j) + "]";
    if (!std::isfinite(lon) || lon < -180 || lon > 180) {
      return Status::InvalidArgument(at, "longitude must be a number from -180 to 180");
    }
    if (!std::isfinite(lat) || lat < -90 || lat > 90) {
      return Status::InvalidArgument(at, "latitude must be a number from -90 to 90");
    }
  }
  std::vector<std::pair<double, double>> pts = ring.lon_lat;
  if (pts.size() > 1 && pts.front() == pts.back()) pts.pop_back();
  std::vector<std::pair<double, double>> distinct = pts;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  if (distinct.size() < 3) {
    return Status::InvalidArgument(field, "a ring needs at least 3 distinct points, it has " +
                                              std::to_string(distinct.size()));
  }
  if (TwiceArea(pts, 1.0) == 0) return Status::InvalidArgument(field, "the ring encloses no area");
  return pts;
}

}  // namespace

Result<PolygonIndex> PolygonIndex::Build(
    std::vector<std::pair<std::uint32_t, PolygonShape>> shapes) {
  auto impl = std::make_shared<Impl>();
  std::vector<Impl::Shape> unsorted;
  std::vector<Impl::Box> boxes;
  for (std::size_t i = 0; i < shapes.size(); ++i) {
    const std::string field = "shapes[" + std::to_string(i) + "]";
    const PolygonShape& shape = shapes[i].second;
    ELINK_ASSIGN_OR_RETURN(const auto outer, CleanRing(shape.outer, field + ".outer"));
    Impl::Shape s{shapes[i].first, 0, impl->ring_begin.size() - 1, 0};
    double lat_sum = 0;
    Impl::Box box(Impl::Point(180, 90), Impl::Point(-180, -90));
    for (const auto& [lon, lat] : outer) {
      lat_sum += lat;
      bg::expand(box, Impl::Point(lon, lat));
    }
    const double cos_ref =
        std::cos(lat_sum / static_cast<double>(outer.size()) * std::numbers::pi / 180.0);
    s.area = std::abs(TwiceArea(outer, cos_ref)) / 2;
    impl->points.insert(impl->points.end(), outer.begin(), outer.end());
    impl->ring_begin.push_back(impl->points.size());
    for (std::size_t h = 0; h < shape.holes.size(); ++h) {
      ELINK_ASSIGN_OR_RETURN(
          const auto hole, CleanRing(shape.holes[h], field + ".holes[" + std::to_string(h) + "]"));
      s.area -= std::abs(TwiceArea(hole, cos_ref)) / 2;
      // A hole sticking out of its outer ring still flips parity there: the box covers it too.
      for (const auto& [lon, lat] : hole) bg::expand(box, Impl::Point(lon, lat));
      impl->points.insert(impl->points.end(), hole.begin(), hole.end());
      impl->ring_begin.push_back(impl->points.size());
    }
    s.ring_end = impl->ring_begin.size() - 1;
    unsorted.push_back(s);
    boxes.push_back(box);
  }
  std::vector<std::uint32_t> order(unsorted.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&unsorted](std::uint32_t x, std::uint32_t y) {
    return std::tie(unsorted[x].area, unsorted[x].id) < std::tie(unsorted[y].area, unsorted[y].id);
  });
  std::vector<Impl::Entry> entries;
  entries.reserve(order.size());
  for (std::uint32_t rank = 0; rank < order.size(); ++rank) {
    impl->shapes.push_back(unsorted[order[rank]]);
    entries.emplace_back(boxes[order[rank]], rank);
  }
  // The range constructor packs the tree (bulk loading), better than inserting one by one.
  impl->tree = bgi::rtree<Impl::Entry, bgi::quadratic<16>>(entries.begin(), entries.end());
  PolygonIndex index;
  index.impl_ = std::move(impl);
  return index;
}

std::optional<std::uint32_t> PolygonIndex::Locate(double lon, double lat) const {
  if (impl_ == nullptr) return std::nullopt;
  const std::vector<std::uint32_t> found = impl_->Containing(lon, lat);
  if (found.empty()) return std::nullopt;
  return impl_->shapes[found.front()].id;
}

std::vector<std::uint32_t> PolygonIndex::LocateAll(double lon, double lat) const {
  std::vector<std::uint32_t> ids;
  if (impl_ == nullptr) return ids;
  for (const std::uint32_t s : impl_->Containing(lon, lat)) {
    const std::uint32_t id = impl_->shapes[s].id;
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  return ids;
}

std::size_t PolygonIndex::shape_count() const {
  return impl_ == nullptr ? 0 : impl_->shapes.size();
}

}  // namespace elink::geo
