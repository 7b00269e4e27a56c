#pragma once
// The messages of the coverage solvers (util/message.hpp): a problem whose sizes, costs or p do not
// fit, and an OR-Library p-median file that does not read, in English and zh-CN.

#include "util/message.hpp"

namespace elink::coverage::msg {

// ---- problems (coverage/pmedian.cpp, coverage/max_cover.cpp)
ELINK_MESSAGE(kCountFromTo, "coverage.count_from_to", "must be from {} to {} (is {})",
              "必须在 {} 到 {} 之间（实际为 {}）");
ELINK_MESSAGE(kSizeMismatch, "coverage.size_mismatch", "has {} entries, expected {}",
              "有 {} 项，应为 {} 项");
ELINK_MESSAGE(kValueFromTo, "coverage.value_from_to", "must be from 0 to {} (is {})",
              "必须在 0 到 {} 之间（实际为 {}）");
ELINK_MESSAGE(kIndexOutOfRange, "coverage.index_out_of_range", "index {} is not below {}",
              "下标 {} 不小于 {}");
ELINK_MESSAGE(kRepeatedIndex, "coverage.repeated_index", "index {} appears twice",
              "下标 {} 出现了两次");
ELINK_MESSAGE(kTooLarge, "coverage.too_large",
              "the problem is too large ({} cost entries, at most {})",
              "问题规模过大（{} 个费用项，最多 {} 个）");

// ---- OR-Library p-median files (coverage/orlib.cpp)
ELINK_MESSAGE(kBadHeader, "coverage.bad_header",
              "line {}: the first line must be three whole numbers 'n m p'",
              "第 {} 行：首行必须是三个整数“n m p”");
ELINK_MESSAGE(kBadEdge, "coverage.bad_edge", "line {}: an edge must be three whole numbers 'i j c'",
              "第 {} 行：边必须是三个整数“i j c”");
ELINK_MESSAGE(kVertexOutOfRange, "coverage.vertex_out_of_range",
              "line {}: vertex {} is not from 1 to {}", "第 {} 行：顶点 {} 不在 1 到 {} 之间");
ELINK_MESSAGE(kBadEdgeCost, "coverage.bad_edge_cost", "line {}: the cost {} is not from 0 to {}",
              "第 {} 行：费用 {} 不在 0 到 {} 之间");
ELINK_MESSAGE(kEdgeCount, "coverage.edge_count", "the header says {} edges but the file has {}",
              "首行写明 {} 条边，文件中实际有 {} 条");
ELINK_MESSAGE(kUnreachable, "coverage.unreachable",
              "vertex {} cannot be reached from vertex {}: the graph is not connected",
              "从顶点 {1} 无法到达顶点 {0}：图不连通");

}  // namespace elink::coverage::msg
