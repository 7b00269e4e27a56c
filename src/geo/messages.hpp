#pragma once
// The messages of road routing (util/message.hpp): a place query the gazetteer refuses, a point
// that does not snap to a road, two places no route joins, an unknown vehicle class, in English
// and zh-CN.

#include "util/message.hpp"

namespace elink::geo::msg {

// ---- place queries (geo/gazetteer.cpp)
ELINK_MESSAGE(kQueryTooLong, "geo.query_too_long", "longer than {} bytes ({})",
              "超过 {} 字节（实际 {} 字节）");
ELINK_MESSAGE(kNotUtf8, "geo.not_utf8", "not valid UTF-8", "不是有效的 UTF-8 文本");
ELINK_MESSAGE(kControlByte, "geo.control_byte", "contains a control character (byte {})",
              "含有控制字符（字节 {}）");
ELINK_MESSAGE(kEmptyQuery, "geo.empty_query", "is empty", "为空");
ELINK_MESSAGE(kMoreThanTwoStreets, "geo.more_than_two_streets", "names more than two streets",
              "指定了两条以上的街道");
ELINK_MESSAGE(kStreetOnEachSide, "geo.street_on_each_side",
              "an intersection needs a street on each side of '{}'",
              "路口须在“{}”两侧各写一条街道");
ELINK_MESSAGE(kNoStreet, "geo.no_street", "names no street", "没有指定街道");

// ---- snapping a point to a road (geo/snap.cpp)
ELINK_MESSAGE(kNumberFromTo, "geo.number_from_to", "must be a number from {} to {}",
              "必须是 {} 到 {} 之间的数字");
ELINK_MESSAGE(kDistanceNotNegative, "geo.distance_not_negative", "must be a distance of 0 or more",
              "必须是不小于 0 的距离");
ELINK_MESSAGE(kNoRoads, "geo.no_roads", "the road graph has no roads", "路网中没有道路");
ELINK_MESSAGE(kNoRoadWithin, "geo.no_road_within", "no road within {} m", "{} 米内没有道路");
ELINK_MESSAGE(kNoRoadWithinNearest, "geo.no_road_within_nearest",
              "no road within {} m (the nearest is {} m away)",
              "{} 米内没有道路（最近的道路在 {} 米外）");

// ---- routes (geo/router.cpp, geo/ch.cpp)
ELINK_MESSAGE(kNoRoadRoute, "geo.no_road_route",
              "no road route between these places (one-way streets or a separate part of the "
              "network)",
              "两地之间没有可通行的道路（受单行道限制，或属于不相连的路网）");
ELINK_MESSAGE(kNoRoute, "geo.no_route", "no route between the given places",
              "给定地点之间没有路线");

// ---- vehicle classes (geo/vehicle_class.cpp)
ELINK_MESSAGE(kUnknownVehicleClass, "geo.unknown_vehicle_class",
              "unknown vehicle class '{}' (expected motorcar or hgv)",
              "未知的车辆类别“{}”（应为 motorcar 或 hgv）");

}  // namespace elink::geo::msg
