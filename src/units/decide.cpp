// SPDX-License-Identifier: Apache-2.0
#include "units/domain.hpp"
#include "units/messages.hpp"

#include <chrono>
#include <string>

namespace elink::units {

Result<std::vector<Emitted>> Decide(const core::DecideContext& ctx, const ReportPositions& c) {
  if (c.reports.empty()) return Status::InvalidArgument("reports", msg::kNoReports);
  if (c.reports.size() > kMaxPositionReports) {
    return Status::InvalidArgument("reports", msg::kReportsPerBatch, kMaxPositionReports);
  }
  std::vector<Emitted> events;
  for (std::size_t i = 0; i < c.reports.size(); ++i) {
    const auto& r = c.reports[i];
    const std::string field = "reports[" + std::to_string(i) + "]";
    ELINK_RETURN_IF_ERROR(core::GetUnit(ctx.state, r.unit, field + ".unit").status());
    ELINK_RETURN_IF_ERROR(core::ValidateLatLon(r.position).WithFieldPrefix(field + ".position"));
    // A device clock a little ahead is tolerated; one far ahead would pin the position forever.
    if (r.at > ctx.now + std::chrono::minutes(1)) {
      return Status::InvalidArgument(field + ".at", msg::kInTheFuture);
    }
    events.emplace_back(UnitPositionReported{r.unit, r.position, r.at});
  }
  return events;
}

}  // namespace elink::units
