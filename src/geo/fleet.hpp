#pragma once
// FleetIndex: travel times from many vehicles that move (a region's units, placed by their last
// AVL report or their station) to any place, for dispatch. Each vehicle's position is snapped
// and its upward search kept in a ChSourceIndex, so a query costs one backward search whatever
// the fleet size, and a vehicle that moves costs one forward search.

#include "geo/ch.hpp"
#include "geo/router.hpp"
#include "util/status.hpp"
#include "util/thread_annotations.hpp"

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace elink::geo {

// Thread-safe: an internal mutex serialises placing and querying. The router must outlive it.
class FleetIndex {
 public:
  explicit FleetIndex(std::shared_ptr<const Router> router);

  // Puts vehicle `id` at `p` (ids are small dense integers chosen by the caller, below
  // ChSourceIndex::kMaxSourceId). Placing a vehicle where it already is costs nothing. On a
  // snapping error (kInvalidArgument, kNotFound) the vehicle is taken out of the index, so it
  // is never timed from a stale place.
  Status Place(std::uint32_t id, Position p);
  // Takes vehicle `id` out of the answers. Its place is remembered: placing it again where it
  // was costs nothing.
  void Remove(std::uint32_t id);

  // Times from every vehicle id below the largest placed so far to `destination`; kUnreachable
  // for ids not placed and where no route exists. Snapping codes for the destination (field
  // "destination").
  Result<std::vector<Distance>> TimesTo(Position destination);

 private:
  struct Placed {
    Position position;
    Snap snap;
    bool active = true;  // false: removed, answered as not placed
  };
  std::shared_ptr<const Router> router_;
  util::Mutex mu_;
  ChSourceIndex index_ ELINK_GUARDED_BY(mu_);
  std::vector<std::optional<Placed>> placed_ ELINK_GUARDED_BY(mu_);
};

}  // namespace elink::geo
