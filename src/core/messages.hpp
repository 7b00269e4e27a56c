#pragma once
// The messages core says (util/message.hpp): lookups of incidents, units and organisations,
// text and position checks, lifecycles and photos, in English and zh-CN.

#include "util/message.hpp"

namespace elink::core::msg {

ELINK_MESSAGE(kNoIncident, "core.no_incident", "no incident {}", "没有编号为 {} 的事件");
ELINK_MESSAGE(kNoUnit, "core.no_unit", "no unit '{}'", "没有力量“{}”");
ELINK_MESSAGE(kUnknownOrg, "core.unknown_org", "unknown organisation '{}'", "未知的组织“{}”");
ELINK_MESSAGE(kRequired, "core.required", "required", "必填");
ELINK_MESSAGE(kLongerThan, "core.longer_than", "longer than {} bytes", "超过 {} 字节");
ELINK_MESSAGE(kNotUtf8, "core.not_utf8", "not valid UTF-8", "不是有效的 UTF-8 文本");
ELINK_MESSAGE(kUnknownValue, "core.unknown_value", "unknown value '{}' (expected one of {})",
              "未知的取值“{}”（可选值：{}）");
ELINK_MESSAGE(kWithin, "core.within", "must be within [{}, {}]", "必须在 [{}, {}] 范围内");
ELINK_MESSAGE(kWithinOpenLow, "core.within_open_low", "must be within ({}, {}]",
              "必须在 ({}, {}] 范围内");
ELINK_MESSAGE(kCannotGo, "core.cannot_go", "{} cannot go from {} to {}", "{}不能从“{}”变为“{}”");
ELINK_MESSAGE(kIncidentWord, "core.word.incident", "incident", "事件");
ELINK_MESSAGE(kUnitWord, "core.word.unit", "unit", "力量");
ELINK_MESSAGE(kFinished, "core.finished",
              "incident is {}; a finished incident cannot change status",
              "事件{}，已结束的事件不能再变更状态");
ELINK_MESSAGE(kPhotoType, "core.photo_type", "must be one of image/jpeg, image/png, image/webp",
              "必须是 image/jpeg、image/png 或 image/webp 之一");
ELINK_MESSAGE(kPhotoEmpty, "core.photo_empty", "the photo is empty", "照片为空");
ELINK_MESSAGE(kPhotoTooLarge, "core.photo_too_large", "the photo is larger than {} bytes",
              "照片超过 {} 字节");
ELINK_MESSAGE(kPhotoNotOfType, "core.photo_not_of_type", "the bytes are not a {} file",
              "内容不是 {} 格式的文件");

}  // namespace elink::core::msg
