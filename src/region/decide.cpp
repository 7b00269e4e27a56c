// SPDX-License-Identifier: Apache-2.0
#include "core/model.hpp"
#include "region/domain.hpp"
#include "region/messages.hpp"

namespace elink::region {

Result<std::vector<Emitted>> Decide(const core::DecideContext& ctx, const ImportRegion& c) {
  if (ctx.state.has_region()) {
    return Status::FailedPrecondition(msg::kAlreadyHasRegion, ctx.state.region_id());
  }
  ELINK_RETURN_IF_ERROR(core::ValidateRegion(c.region).WithFieldPrefix("region"));
  return std::vector<Emitted>{RegionImported{c.region}};
}

}  // namespace elink::region
