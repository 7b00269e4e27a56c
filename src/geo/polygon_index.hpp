#pragma once
// PolygonIndex: which region polygons (grids 网格, jurisdictions) contain a point. Bounding boxes
// go into Boost.Geometry's R-tree, bulk-loaded (packed) once: point-in-box candidates are exactly
// its use case, it is header-only and kept out of this header. Each candidate is then tested
// exactly with the even-odd (crossing number) rule.
//
// Rules. Coordinates are (longitude, latitude) in degrees, planar: no antimeridian wrap. Rings may
// be given closed (last point = first) or open. A point is inside a shape when a ray from it
// towards +longitude crosses the shape's rings (outer and holes together) an odd number of times,
// an edge counting when it spans the point's latitude half-open, [low, high). On the boundary this
// means: a shape owns its western and southern edges, not its eastern and northern ones (a square
// is [w, e) × [s, n)), so a point on the border between two adjacent shapes belongs to exactly one
// of them; the crossing of an edge is computed from its lower end in both neighbours, so they
// agree bit for bit. Holes are subtracted by the same parity rule; rings are not checked for
// self-intersection, and a self-intersecting ring contains what the even-odd rule says.

#include "util/status.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace elink::geo {

struct Ring {
  std::vector<std::pair<double, double>> lon_lat;  // closed or not
};

struct PolygonShape {
  Ring outer;
  std::vector<Ring> holes;
};

// Immutable after Build; any number of threads may query one index at once. Copies share the
// (immutable) data.
class PolygonIndex {
 public:
  PolygonIndex() = default;

  // `id` is the caller's (e.g. the index of a grid); a multipolygon is several shapes with one id.
  // kInvalidArgument naming the ring or point ("shapes[3].outer", "shapes[3].holes[0][7]") for a
  // ring with fewer than 3 distinct points or no area, or a coordinate that is NaN, infinite or
  // outside [-180, 180] × [-90, 90].
  static Result<PolygonIndex> Build(std::vector<std::pair<std::uint32_t, PolygonShape>> shapes);

  // The id of the containing shape with the smallest area (a district inside a city wins over the
  // city); nullopt when none contains the point, or for a NaN coordinate. Areas are compared as
  // outer minus holes, in square degrees scaled by cos(latitude); equal areas go to the lower id.
  [[nodiscard]] std::optional<std::uint32_t> Locate(double lon, double lat) const;
  // Every containing id once, smallest area first.
  [[nodiscard]] std::vector<std::uint32_t> LocateAll(double lon, double lat) const;

  [[nodiscard]] std::size_t shape_count() const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace elink::geo
