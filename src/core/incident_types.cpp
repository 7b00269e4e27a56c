// SPDX-License-Identifier: Apache-2.0
#include "core/incident_types.hpp"

#include <array>

namespace elink::core {

namespace {

// Codes are "<family>.<kind>"; categories follow the national classification of emergencies
// (自然灾害、事故灾难、公共卫生事件、社会安全事件).
constexpr std::array<IncidentTypeInfo, 22> kTypes{{
    {"fire.residential", IncidentCategory::kAccident, "居民住宅火灾", "residential fire"},
    {"fire.high_rise", IncidentCategory::kAccident, "高层建筑火灾", "high-rise building fire"},
    {"fire.industrial", IncidentCategory::kAccident, "工业/危化品火灾", "industrial / hazmat fire"},
    {"fire.vehicle", IncidentCategory::kAccident, "车辆火灾", "vehicle fire"},
    {"fire.wildland", IncidentCategory::kNatural, "森林草原火灾", "wildland fire"},
    {"traffic.accident", IncidentCategory::kAccident, "道路交通事故", "traffic accident"},
    {"traffic.entrapment", IncidentCategory::kAccident, "交通事故人员被困",
     "traffic accident with entrapment"},
    {"hazmat.leak", IncidentCategory::kAccident, "危险化学品泄漏", "hazardous-chemical leak"},
    {"utility.gas_leak", IncidentCategory::kAccident, "燃气泄漏", "gas leak"},
    {"building.collapse", IncidentCategory::kAccident, "建筑坍塌", "building collapse"},
    {"rescue.technical", IncidentCategory::kAccident, "特种救援(电梯困人等)",
     "technical rescue (lift entrapment etc.)"},
    {"rescue.water", IncidentCategory::kAccident, "水域救援", "water rescue"},
    {"flood.waterlogging", IncidentCategory::kNatural, "城市内涝", "urban waterlogging"},
    {"flood.river", IncidentCategory::kNatural, "江河洪水", "river flood"},
    {"geo.landslide", IncidentCategory::kNatural, "山体滑坡/泥石流", "landslide / debris flow"},
    {"geo.earthquake", IncidentCategory::kNatural, "地震", "earthquake"},
    {"weather.typhoon", IncidentCategory::kNatural, "台风", "typhoon"},
    {"medical.emergency", IncidentCategory::kPublicHealth, "急危重症急救", "medical emergency"},
    {"medical.mass_casualty", IncidentCategory::kAccident, "群死群伤事件",
     "mass-casualty incident"},
    {"health.epidemic", IncidentCategory::kPublicHealth, "传染病聚集性疫情",
     "infectious disease cluster"},
    {"health.food_poisoning", IncidentCategory::kPublicHealth, "群体性食物中毒",
     "mass food poisoning"},
    {"social.crowd", IncidentCategory::kSocialSafety, "人群聚集/踩踏",
     "crowd crush / mass gathering"},
}};

}  // namespace

std::span<const IncidentTypeInfo> IncidentTypes() { return kTypes; }

const IncidentTypeInfo* FindIncidentType(std::string_view code) {
  for (const auto& t : kTypes) {
    if (t.code == code) return &t;
  }
  return nullptr;
}

}  // namespace elink::core
