#pragma once
// The messages of the region's import (util/message.hpp), in English and zh-CN.

#include "util/message.hpp"

namespace elink::region::msg {

ELINK_MESSAGE(kAlreadyHasRegion, "region.already_has_region", "the center already has region '{}'",
              "指挥中心已有区域“{}”");

}  // namespace elink::region::msg
