#pragma once
// The units domain's commands: AVL position reports. (A unit's status moves with an incident's
// response and is decided by dispatch/: ChangeUnitStatus.)

#include "core/model.hpp"
#include "util/clock.hpp"

#include <vector>

namespace elink::units {

struct PositionReport {
  core::UnitId unit;
  core::LatLon position;
  TimePoint at{};
};

// AVL positions in a batch; one event per report.
struct ReportPositions {
  std::vector<PositionReport> reports;
};

}  // namespace elink::units
