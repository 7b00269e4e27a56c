#pragma once
// The messages of units and their positions (util/message.hpp), in English and zh-CN.

#include "util/message.hpp"

namespace elink::units::msg {

ELINK_MESSAGE(kNoReports, "units.no_reports", "no position reports", "没有位置报告");
ELINK_MESSAGE(kReportsPerBatch, "units.reports_per_batch", "at most {} reports per batch",
              "每批最多 {} 条报告");
ELINK_MESSAGE(kInTheFuture, "units.in_the_future", "is in the future", "时间晚于当前时间");

}  // namespace elink::units::msg
