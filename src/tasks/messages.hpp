#pragma once
// The messages of department tasks (util/message.hpp), in English and zh-CN.

#include "util/message.hpp"

namespace elink::tasks::msg {

ELINK_MESSAGE(kNoTask, "tasks.no_task", "incident {} has no task {}", "事件 {} 没有任务 {}");
ELINK_MESSAGE(kGoesTo, "tasks.goes_to", "a task goes to acknowledged or done",
              "任务只能变为已签收或已完成");
ELINK_MESSAGE(kAlready, "tasks.already", "task {} is already {}", "任务 {} {}");
ELINK_MESSAGE(kOnlyFinishing, "tasks.only_finishing", "incident is {}; only finishing is recorded",
              "事件{}，只能记录任务完成");

}  // namespace elink::tasks::msg
