#pragma once
// GridLocator: which grid (网格), and so which owning community, a position falls in, over the
// region's grid polygons with a spatial index (geo::PolygonIndex) instead of a scan of every grid.
// Built from a State once its region is loaded; grids do not change after that.

#include "core/domain.hpp"
#include "core/model.hpp"
#include "core/state.hpp"
#include "geo/polygon_index.hpp"
#include "util/status.hpp"

#include <vector>

namespace elink::engine {

// Immutable after Build; thread-safe reads. Holds grid ids, not pointers, so it stays valid
// across State copies.
class GridLocator final : public core::GridFinder {
 public:
  GridLocator() = default;
  // kInvalidArgument when a grid polygon is not a valid polygon (naming grids[id]).
  static Result<GridLocator> Build(const core::State& state);

  // The grid containing `p` in `state` (smallest when grids overlap), or null when none does.
  [[nodiscard]] const core::Grid* Locate(const core::State& state,
                                         const core::LatLon& p) const override;
  [[nodiscard]] std::size_t grid_count() const { return ids_.size(); }

 private:
  geo::PolygonIndex index_;
  std::vector<core::GridId> ids_;
};

}  // namespace elink::engine
