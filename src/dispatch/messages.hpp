#pragma once
// The messages of incidents and dispatch (util/message.hpp): why a report, a status change, a
// level change, a merge, a dispatch, a share or a note is refused, in English and zh-CN.

#include "util/message.hpp"

namespace elink::dispatch::msg {

ELINK_MESSAGE(kUnknownType, "dispatch.unknown_type", "unknown incident type '{}'",
              "未知的事件类型“{}”");
ELINK_MESSAGE(kDispatchedByDispatching, "dispatch.dispatched_by_dispatching",
              "an incident becomes dispatched by dispatching units",
              "事件在调派力量后才变为已调派");
ELINK_MESSAGE(kUseMerge, "dispatch.use_merge", "use merge to merge an incident into another",
              "合并事件请使用合并操作");
ELINK_MESSAGE(kStillCommitted, "dispatch.still_committed",
              "unit {} is still committed; release every unit before closing",
              "力量 {} 仍在执行任务，结案前须先释放所有力量");
ELINK_MESSAGE(kOnSceneBeforeCancel, "dispatch.on_scene_before_cancel",
              "unit {} is on scene; it must leave the scene before cancelling",
              "力量 {} 正在现场，撤销前须先离开现场");
ELINK_MESSAGE(kLevelFinished, "dispatch.level_finished", "incident is {}; its level cannot change",
              "事件{}，级别不能再变更");
ELINK_MESSAGE(kAlreadyLevel, "dispatch.already_level", "incident is already level {}",
              "事件已是{}");
ELINK_MESSAGE(kMergeIntoItself, "dispatch.merge_into_itself",
              "an incident cannot be merged into itself", "事件不能并入自身");
ELINK_MESSAGE(kIncidentIs, "dispatch.incident_is", "incident {} is {}", "事件 {} {}");
ELINK_MESSAGE(kThisIncidentIs, "dispatch.this_incident_is", "incident is {}", "事件{}");
ELINK_MESSAGE(kNameAUnit, "dispatch.name_a_unit", "name at least one unit", "请至少指定一个力量");
ELINK_MESSAGE(kUnitsPerDispatch, "dispatch.units_per_dispatch", "at most {} units per dispatch",
              "每次调派最多 {} 个力量");
ELINK_MESSAGE(kNotVerified, "dispatch.not_verified",
              "incident is not verified yet; verify it first", "事件尚未核实，请先核实");
ELINK_MESSAGE(kUnitRetired, "dispatch.unit_retired", "unit '{}' is retired", "力量“{}”已退役");
ELINK_MESSAGE(kUnitTwice, "dispatch.unit_twice", "unit '{}' named twice", "力量“{}”被指定了两次");
ELINK_MESSAGE(kUnitIsAt, "dispatch.unit_is_at", "unit {} is {} at incident {}",
              "力量 {} {}（事件 {}）");
ELINK_MESSAGE(kUnitIs, "dispatch.unit_is", "unit {} is {}", "力量 {} {}");
ELINK_MESSAGE(kUnitByDispatching, "dispatch.unit_by_dispatching",
              "a unit is dispatched by dispatching it to an incident",
              "力量须通过调派到事件来派出");
ELINK_MESSAGE(kAlreadyShared, "dispatch.already_shared", "incident {} is already shared with {}",
              "事件 {} 已共享给 {}");
ELINK_MESSAGE(kWithinAlready, "dispatch.within_already",
              "incident {} is within {}'s jurisdiction already", "事件 {} 已在{}的管辖范围内");
ELINK_MESSAGE(kNotShared, "dispatch.not_shared", "incident {} is not shared with '{}'",
              "事件 {} 未共享给“{}”");

// ---- the advice: recommendations, the joint assignment, duplicates (dispatch/recommend.cpp,
// dispatch/joint.cpp, dispatch/duplicates.cpp)
ELINK_MESSAGE(kNoLongerOpen, "dispatch.no_longer_open", "incident {} is no longer open",
              "事件 {} 已结束");
ELINK_MESSAGE(kNoPosition, "dispatch.no_position", "no position and no station",
              "既没有位置也没有所属站点");
ELINK_MESSAGE(kNameAnIncident, "dispatch.name_an_incident", "name at least one incident",
              "请至少指定一个事件");
ELINK_MESSAGE(kAtMostIncidents, "dispatch.at_most_incidents", "at most {} incidents",
              "最多 {} 个事件");
ELINK_MESSAGE(kIncidentNamedTwice, "dispatch.incident_named_twice", "an incident is named twice",
              "同一事件被指定了两次");
ELINK_MESSAGE(kDistanceNotNegative, "dispatch.distance_not_negative",
              "must be a distance of 0 m or more", "必须是不小于 0 米的距离");
ELINK_MESSAGE(kNotNegative, "dispatch.not_negative", "must not be negative", "不能为负数");
ELINK_MESSAGE(kNotOnEarth, "dispatch.not_on_earth", "not a position on Earth", "不是地球上的位置");

}  // namespace elink::dispatch::msg
