// SPDX-License-Identifier: Apache-2.0
#include "geo/fleet.hpp"

#include <utility>

namespace elink::geo {

FleetIndex::FleetIndex(std::shared_ptr<const Router> router)
    : router_(std::move(router)), index_(router_->hierarchy()) {}

Status FleetIndex::Place(std::uint32_t id, Position p) {
  if (id >= ChSourceIndex::kMaxSourceId)
    return Status::InvalidArgument("id", "vehicle id too large");
  const util::MutexLock lock(mu_);
  if (id < placed_.size() && placed_[id] && placed_[id]->position.lat == p.lat &&
      placed_[id]->position.lon == p.lon) {
    placed_[id]->active = true;
    return Status::Ok();
  }
  if (placed_.size() <= id) placed_.resize(std::size_t{id} + 1);
  Result<Snap> snap = router_->SnapTo(p);
  if (!snap.ok()) {
    index_.Remove(id);
    placed_[id].reset();
    return snap.status();
  }
  ELINK_RETURN_IF_ERROR(index_.Set(id, DepartEndpoints(router_->graph(), *snap)));
  placed_[id] = Placed{p, *snap, true};
  return Status::Ok();
}

void FleetIndex::Remove(std::uint32_t id) {
  const util::MutexLock lock(mu_);
  // Kept in the index, only left out of answers: a unit taken out while busy usually comes back
  // at the same place (its station), and putting it back then costs no search.
  if (id < placed_.size() && placed_[id]) placed_[id]->active = false;
}

Result<std::vector<Distance>> FleetIndex::TimesTo(Position destination) {
  ELINK_ASSIGN_OR_RETURN(const Snap target, router_->SnapTo(destination, "destination"));
  const util::MutexLock lock(mu_);
  std::vector<Distance> times;
  ELINK_RETURN_IF_ERROR(index_.TimesTo(ArriveEndpoints(router_->graph(), target), times));
  times.resize(placed_.size(), kUnreachable);
  // A vehicle on the destination's own road segment may get there without leaving it.
  for (std::size_t id = 0; id < placed_.size(); ++id) {
    if (!placed_[id] || !placed_[id]->active) {
      times[id] = kUnreachable;
      continue;
    }
    const std::optional<Distance> direct = router_->SameSegmentTime(placed_[id]->snap, target);
    if (direct && *direct < times[id]) times[id] = *direct;
  }
  return times;
}

}  // namespace elink::geo
