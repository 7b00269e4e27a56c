#pragma once
// The messages of the command line (util/message.hpp): lists given as options, in English and
// zh-CN.

#include "util/message.hpp"

namespace elink::app::msg {

ELINK_MESSAGE(kAtMostItems, "app.at_most_items", "at most {} items", "最多 {} 项");
ELINK_MESSAGE(kNameAtLeastOne, "app.name_at_least_one", "name at least one", "请至少指定一项");

}  // namespace elink::app::msg
