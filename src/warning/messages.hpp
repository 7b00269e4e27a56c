#pragma once
// The messages of public warnings and sensors (util/message.hpp), in English and zh-CN.

#include "util/message.hpp"

namespace elink::warning::msg {

ELINK_MESSAGE(kNeededInALanguage, "warning.needed_in_a_language", "needed in zh-CN or English",
              "须提供中文或英文");
ELINK_MESSAGE(kExpiresWithin, "warning.expires_within", "must be after now and within 7 days",
              "必须晚于当前时间且在 7 天之内");
ELINK_MESSAGE(kNoAlert, "warning.no_alert", "no alert {}", "没有编号为 {} 的预警");
ELINK_MESSAGE(kCancelledAlready, "warning.cancelled_already", "the alert was cancelled already",
              "该预警已撤销");
ELINK_MESSAGE(kExpired, "warning.expired", "the alert has expired", "该预警已过期");
ELINK_MESSAGE(kNoSensor, "warning.no_sensor", "no sensor '{}'", "没有监测点“{}”");
ELINK_MESSAGE(kFinite, "warning.finite", "must be a finite number", "必须是有限数值");
ELINK_MESSAGE(kAhead, "warning.ahead", "more than 5 minutes ahead of the server's clock",
              "比服务器时间超前 5 分钟以上");
ELINK_MESSAGE(kNotNewer, "warning.not_newer", "not newer than the sensor's last reading ({})",
              "不晚于该监测点的上一条读数（{}）");

}  // namespace elink::warning::msg
