// SPDX-License-Identifier: Apache-2.0
#include "engine/grid_locator.hpp"

#include <cstdint>
#include <string>
#include <utility>

namespace elink::engine {
namespace {

geo::Ring ToRing(const std::vector<core::LatLon>& points) {
  geo::Ring ring;
  ring.lon_lat.reserve(points.size());
  for (const core::LatLon& p : points) ring.lon_lat.emplace_back(p.lon, p.lat);
  return ring;
}

}  // namespace

Result<GridLocator> GridLocator::Build(const core::State& state) {
  GridLocator out;
  std::vector<std::pair<std::uint32_t, geo::PolygonShape>> shapes;
  for (const auto& [id, grid] : state.grids()) {
    const auto index = static_cast<std::uint32_t>(out.ids_.size());
    out.ids_.push_back(id);
    for (const core::Polygon& poly : grid.area) {
      geo::PolygonShape shape;
      shape.outer = ToRing(poly.outer);
      for (const auto& hole : poly.holes) shape.holes.push_back(ToRing(hole));
      shapes.emplace_back(index, std::move(shape));
    }
  }
  Result<geo::PolygonIndex> index = geo::PolygonIndex::Build(std::move(shapes));
  if (!index.ok()) {
    return Status::InvalidArgument("grids",
                                   "a grid polygon is not valid: " + index.status().ToString());
  }
  out.index_ = std::move(index).value();
  return out;
}

const core::Grid* GridLocator::Locate(const core::State& state, const core::LatLon& p) const {
  const std::optional<std::uint32_t> hit = index_.Locate(p.lon, p.lat);
  if (!hit) return nullptr;
  return state.grids().Find(ids_[*hit]);
}

}  // namespace elink::engine
