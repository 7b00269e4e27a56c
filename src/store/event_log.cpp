// SPDX-License-Identifier: Apache-2.0
#include "store/event_log.hpp"

namespace elink::store {

std::string_view DamageName(Damage d) {
  switch (d) {
    case Damage::kAltered: return "altered";
    case Damage::kRemoved: return "removed";
    case Damage::kReordered: return "reordered";
    case Damage::kUnreadable: return "unreadable";
    case Damage::kTruncated: return "truncated";
  }
  return "unknown";
}

Result<std::optional<Snapshot>> EventLog::LatestSnapshot() const {
  ELINK_ASSIGN_OR_RETURN(std::vector<Snapshot> all, Snapshots(1));
  if (all.empty()) return std::optional<Snapshot>();
  return std::optional<Snapshot>(std::move(all.front()));
}

}  // namespace elink::store
