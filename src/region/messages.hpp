#pragma once
// The messages of the region's import and of live edits of its resources (util/message.hpp), in
// English and zh-CN.

#include "util/message.hpp"

namespace elink::region::msg {

ELINK_MESSAGE(kAlreadyHasRegion, "region.already_has_region", "the center already has region '{}'",
              "指挥中心已有区域“{}”");
ELINK_MESSAGE(kNoRegion, "region.no_region", "the center has no region yet (elink init)",
              "指挥中心尚未导入区域（elink init）");
ELINK_MESSAGE(kUnitIdTaken, "region.unit_id_taken", "unit '{}' exists already", "力量“{}”已存在");
ELINK_MESSAGE(kUnitIdRetired, "region.unit_id_retired",
              "unit '{}' existed and was retired: a retired unit's id is not used again",
              "力量“{}”曾存在并已退役：退役力量的编号不再使用");
ELINK_MESSAGE(kNoStation, "region.no_station", "no station '{}'", "没有站点“{}”");
ELINK_MESSAGE(kNoOrganisation, "region.no_organisation", "no organisation '{}'", "没有组织“{}”");
ELINK_MESSAGE(kAddedStatus, "region.added_status", "a new unit is 'available' or 'out_of_service'",
              "新增力量的状态只能是可用或停用");
ELINK_MESSAGE(kStaleRevision, "region.stale_revision",
              "unit '{}' was changed since (revision {}, not {}): reload it and edit again",
              "力量“{}”已被他人修改（版本 {}，不是 {}）：请刷新后重新编辑");
ELINK_MESSAGE(kRetired, "region.retired", "unit '{}' is retired", "力量“{}”已退役");
ELINK_MESSAGE(kCommitted, "region.committed",
              "unit '{}' is committed to incident {}: retire it once it is free",
              "力量“{}”正在处置事件 {}：待其空闲后再退役");
ELINK_MESSAGE(kCapabilityTwice, "region.capability_twice", "a capability is named twice",
              "能力重复");
ELINK_MESSAGE(kNothingChanged, "region.nothing_changed", "the edit changes nothing",
              "修改前后没有变化");
ELINK_MESSAGE(kReasonRequired, "region.reason_required", "say why (a reason is kept in the log)",
              "请填写原因（原因记入日志）");

}  // namespace elink::region::msg
