// SPDX-License-Identifier: Apache-2.0
#include "core/enums.hpp"

#include <array>
#include <string>

namespace elink::core {

namespace {

constexpr std::array<EnumInfo<OrgTier>, 5> kOrgTiers{{
    {OrgTier::kRegion, "region", "区域", "region"},
    {OrgTier::kCity, "city", "市", "city"},
    {OrgTier::kDistrict, "district", "区/县", "district"},
    {OrgTier::kTown, "town", "镇/街道", "town / street"},
    {OrgTier::kCommunity, "community", "社区/村", "community / village"},
}};

constexpr std::array<EnumInfo<DepartmentKind>, 16> kDepartments{{
    {DepartmentKind::kEmergencyManagement, "emergency_management", "应急管理",
     "emergency management"},
    {DepartmentKind::kFire, "fire", "消防救援", "fire and rescue"},
    {DepartmentKind::kPolice, "police", "公安", "police"},
    {DepartmentKind::kMedical, "medical", "医疗急救(120)", "emergency medical service"},
    {DepartmentKind::kHealth, "health", "卫生健康", "health commission"},
    {DepartmentKind::kTransport, "transport", "交通运输", "transport"},
    {DepartmentKind::kWater, "water", "水务", "water authority"},
    {DepartmentKind::kPower, "power", "电力", "power utility"},
    {DepartmentKind::kGas, "gas", "燃气", "gas utility"},
    {DepartmentKind::kCivilAffairs, "civil_affairs", "民政", "civil affairs"},
    {DepartmentKind::kNaturalResources, "natural_resources", "自然资源", "natural resources"},
    {DepartmentKind::kMeteorology, "meteorology", "气象", "meteorology"},
    {DepartmentKind::kEnvironment, "environment", "生态环境", "environment"},
    {DepartmentKind::kHousing, "housing", "住房城乡建设", "housing and construction"},
    {DepartmentKind::kCommunications, "communications", "通信管理", "communications"},
    {DepartmentKind::kPublicity, "publicity", "宣传", "public information"},
}};

constexpr std::array<EnumInfo<StationKind>, 6> kStationKinds{{
    {StationKind::kFireStation, "fire_station", "消防站", "fire station"},
    {StationKind::kEmsStation, "ems_station", "急救站", "EMS station"},
    {StationKind::kHospital, "hospital", "医院", "hospital"},
    {StationKind::kPoliceStation, "police_station", "派出所", "police station"},
    {StationKind::kRescueBase, "rescue_base", "救援基地", "rescue base"},
    {StationKind::kCommandCenter, "command_center", "指挥中心", "command center"},
}};

constexpr std::array<EnumInfo<UnitType>, 14> kUnitTypes{{
    {UnitType::kEngine, "engine", "水罐消防车", "engine"},
    {UnitType::kLadder, "ladder", "登高平台消防车", "ladder / aerial"},
    {UnitType::kTanker, "tanker", "供水消防车", "water tanker"},
    {UnitType::kRescue, "rescue", "抢险救援车", "rescue"},
    {UnitType::kHazmat, "hazmat", "危化品救援车", "hazmat"},
    {UnitType::kCommand, "command", "指挥车", "command vehicle"},
    {UnitType::kAmbulance, "ambulance", "救护车", "ambulance"},
    {UnitType::kPolice, "police", "警车", "police car"},
    {UnitType::kBoat, "boat", "冲锋舟", "rescue boat"},
    {UnitType::kDrone, "drone", "无人机", "drone"},
    {UnitType::kPump, "pump", "排涝车", "pumping unit"},
    {UnitType::kMedicalTeam, "medical_team", "医疗队", "medical team"},
    {UnitType::kEngineeringTeam, "engineering_team", "工程抢险队", "engineering team"},
    {UnitType::kVolunteerTeam, "volunteer_team", "志愿者队伍", "volunteer team"},
}};

constexpr std::array<EnumInfo<Capability>, 20> kCapabilities{{
    {Capability::kFireSuppression, "fire_suppression", "灭火", "fire suppression"},
    {Capability::kWaterSupply, "water_supply", "供水", "water supply"},
    {Capability::kAerial, "aerial", "登高", "aerial"},
    {Capability::kExtrication, "extrication", "破拆", "extrication"},
    {Capability::kHazmat, "hazmat", "危化品处置", "hazardous materials"},
    {Capability::kDecontamination, "decontamination", "洗消", "decontamination"},
    {Capability::kBasicLifeSupport, "bls", "基础生命支持", "basic life support"},
    {Capability::kAdvancedLifeSupport, "als", "高级生命支持", "advanced life support"},
    {Capability::kWaterRescue, "water_rescue", "水域救援", "water rescue"},
    {Capability::kHighAngleRescue, "high_angle_rescue", "高空救援", "high-angle rescue"},
    {Capability::kConfinedSpace, "confined_space", "受限空间救援", "confined-space rescue"},
    {Capability::kSearchAndRescue, "search_and_rescue", "搜救", "search and rescue"},
    {Capability::kAerialSurvey, "aerial_survey", "空中侦察", "aerial survey"},
    {Capability::kPumping, "pumping", "排涝", "pumping"},
    {Capability::kMassCasualty, "mass_casualty", "批量伤员救治", "mass-casualty care"},
    {Capability::kCrowdControl, "crowd_control", "人群管控", "crowd control"},
    {Capability::kTrafficControl, "traffic_control", "交通管制", "traffic control"},
    {Capability::kEpidemicControl, "epidemic_control", "疫情防控", "epidemic control"},
    {Capability::kHeavyMachinery, "heavy_machinery", "大型机械", "heavy machinery"},
    {Capability::kCommand, "command", "现场指挥", "on-scene command"},
}};

constexpr std::array<EnumInfo<UnitStatus>, 7> kUnitStatuses{{
    {UnitStatus::kAvailable, "available", "待命", "available"},
    {UnitStatus::kDispatched, "dispatched", "已派出", "dispatched"},
    {UnitStatus::kAcknowledged, "acknowledged", "已接令", "acknowledged"},
    {UnitStatus::kEnRoute, "en_route", "途中", "en route"},
    {UnitStatus::kOnScene, "on_scene", "到场", "on scene"},
    {UnitStatus::kReturning, "returning", "返队", "returning"},
    {UnitStatus::kOutOfService, "out_of_service", "停用", "out of service"},
}};

constexpr std::array<EnumInfo<IncidentCategory>, 4> kCategories{{
    {IncidentCategory::kNatural, "natural", "自然灾害", "natural disaster"},
    {IncidentCategory::kAccident, "accident", "事故灾难", "accident"},
    {IncidentCategory::kPublicHealth, "public_health", "公共卫生事件", "public health"},
    {IncidentCategory::kSocialSafety, "social_safety", "社会安全事件", "social safety"},
}};

constexpr std::array<EnumInfo<IncidentLevel>, 4> kLevels{{
    {IncidentLevel::kI, "I", "特别重大(I级)", "level I (extraordinary)"},
    {IncidentLevel::kII, "II", "重大(II级)", "level II (major)"},
    {IncidentLevel::kIII, "III", "较大(III级)", "level III (large)"},
    {IncidentLevel::kIV, "IV", "一般(IV级)", "level IV (general)"},
}};

constexpr std::array<EnumInfo<IncidentStatus>, 8> kIncidentStatuses{{
    {IncidentStatus::kReported, "reported", "已接报", "reported"},
    {IncidentStatus::kVerified, "verified", "已核实", "verified"},
    {IncidentStatus::kDispatched, "dispatched", "已调派", "dispatched"},
    {IncidentStatus::kOnScene, "on_scene", "处置中", "on scene"},
    {IncidentStatus::kControlled, "controlled", "已控制", "controlled"},
    {IncidentStatus::kClosed, "closed", "已结案", "closed"},
    {IncidentStatus::kMerged, "merged", "已合并", "merged"},
    {IncidentStatus::kCancelled, "cancelled", "已撤销", "cancelled"},
}};

constexpr std::array<EnumInfo<IncidentSource>, 5> kSources{{
    {IncidentSource::kCall, "call", "电话报警", "call"},
    {IncidentSource::kSensor, "sensor", "监测预警", "sensor"},
    {IncidentSource::kCitizen, "citizen", "群众上报", "citizen"},
    {IncidentSource::kGridWorker, "grid_worker", "网格员上报", "grid worker"},
    {IncidentSource::kUpstream, "upstream", "上级/外部中心", "upstream center"},
}};

constexpr std::array<EnumInfo<TaskStatus>, 3> kTaskStatuses{{
    {TaskStatus::kPending, "pending", "待签收", "awaiting acknowledgement"},
    {TaskStatus::kAcknowledged, "acknowledged", "已签收", "acknowledged"},
    {TaskStatus::kDone, "done", "已完成", "done"},
}};

constexpr std::array<EnumInfo<Role>, 7> kRoles{{
    {Role::kDispatcher, "dispatcher", "调度员", "dispatcher"},
    {Role::kCommander, "commander", "指挥长", "commander"},
    {Role::kRegionalCoordinator, "regional_coordinator", "区域协调员", "regional coordinator"},
    {Role::kAnalyst, "analyst", "分析员", "analyst"},
    {Role::kGridWorker, "grid_worker", "网格员", "grid worker"},
    {Role::kViewer, "viewer", "查看员", "viewer"},
    {Role::kAdmin, "admin", "系统管理员", "administrator"},
}};

constexpr std::array<EnumInfo<AlertLevel>, 4> kAlertLevels{{
    {AlertLevel::kBlue, "blue", "蓝色预警", "blue warning"},
    {AlertLevel::kYellow, "yellow", "黄色预警", "yellow warning"},
    {AlertLevel::kOrange, "orange", "橙色预警", "orange warning"},
    {AlertLevel::kRed, "red", "红色预警", "red warning"},
}};

constexpr std::array<EnumInfo<SensorKind>, 6> kSensorKinds{{
    {SensorKind::kWaterLevel, "water_level", "水位", "water level"},
    {SensorKind::kRainfall, "rainfall", "雨量", "rainfall"},
    {SensorKind::kGas, "gas", "可燃气体", "gas"},
    {SensorKind::kSeismic, "seismic", "地震动", "seismic"},
    {SensorKind::kWind, "wind", "风速", "wind"},
    {SensorKind::kAirQuality, "air_quality", "空气质量", "air quality"},
}};

constexpr std::array<EnumInfo<SensorLevel>, 5> kSensorLevels{{
    {SensorLevel::kNone, "none", "正常", "normal"},
    {SensorLevel::kBlue, "blue", "蓝色", "blue"},
    {SensorLevel::kYellow, "yellow", "黄色", "yellow"},
    {SensorLevel::kOrange, "orange", "橙色", "orange"},
    {SensorLevel::kRed, "red", "红色", "red"},
}};

// Codes are CAP 1.2's own spellings, so that they go into CAP documents as they are.
constexpr std::array<EnumInfo<AlertCategory>, 12> kAlertCategories{{
    {AlertCategory::kGeo, "Geo", "地质", "geophysical"},
    {AlertCategory::kMet, "Met", "气象", "meteorological"},
    {AlertCategory::kSafety, "Safety", "公共安全", "general safety"},
    {AlertCategory::kSecurity, "Security", "社会安全", "security"},
    {AlertCategory::kRescue, "Rescue", "救援", "rescue and recovery"},
    {AlertCategory::kFire, "Fire", "火灾", "fire"},
    {AlertCategory::kHealth, "Health", "卫生", "health"},
    {AlertCategory::kEnv, "Env", "环境", "environmental"},
    {AlertCategory::kTransport, "Transport", "交通", "transport"},
    {AlertCategory::kInfra, "Infra", "基础设施", "infrastructure"},
    {AlertCategory::kCbrne, "CBRNE", "危化/核生化", "CBRNE"},
    {AlertCategory::kOther, "Other", "其他", "other"},
}};

constexpr std::array<EnumInfo<AlertUrgency>, 5> kAlertUrgencies{{
    {AlertUrgency::kImmediate, "Immediate", "立即", "immediate"},
    {AlertUrgency::kExpected, "Expected", "1小时内", "expected within an hour"},
    {AlertUrgency::kFuture, "Future", "近期", "in the near future"},
    {AlertUrgency::kPast, "Past", "已过去", "past"},
    {AlertUrgency::kUnknown, "Unknown", "未知", "unknown"},
}};

constexpr std::array<EnumInfo<AlertCertainty>, 5> kAlertCertainties{{
    {AlertCertainty::kObserved, "Observed", "已发生", "observed"},
    {AlertCertainty::kLikely, "Likely", "很可能", "likely"},
    {AlertCertainty::kPossible, "Possible", "可能", "possible"},
    {AlertCertainty::kUnlikely, "Unlikely", "不太可能", "unlikely"},
    {AlertCertainty::kUnknown, "Unknown", "未知", "unknown"},
}};

template <typename E, std::size_t N>
std::string JoinCodes(const std::array<EnumInfo<E>, N>& table) {
  std::string out;
  for (const auto& info : table) {
    if (!out.empty()) out += ", ";
    out += info.code;
  }
  return out;
}

}  // namespace

#define ELINK_ENUM_TABLE(E, table)              \
  template <>                                   \
  std::span<const EnumInfo<E>> EnumTable<E>() { \
    return table;                               \
  }                                             \
  template <>                                   \
  std::string AcceptedCodes<E>() {              \
    return JoinCodes(table);                    \
  }

ELINK_ENUM_TABLE(OrgTier, kOrgTiers)
ELINK_ENUM_TABLE(DepartmentKind, kDepartments)
ELINK_ENUM_TABLE(StationKind, kStationKinds)
ELINK_ENUM_TABLE(UnitType, kUnitTypes)
ELINK_ENUM_TABLE(Capability, kCapabilities)
ELINK_ENUM_TABLE(UnitStatus, kUnitStatuses)
ELINK_ENUM_TABLE(IncidentCategory, kCategories)
ELINK_ENUM_TABLE(IncidentLevel, kLevels)
ELINK_ENUM_TABLE(IncidentStatus, kIncidentStatuses)
ELINK_ENUM_TABLE(IncidentSource, kSources)
ELINK_ENUM_TABLE(TaskStatus, kTaskStatuses)
ELINK_ENUM_TABLE(Role, kRoles)
ELINK_ENUM_TABLE(AlertLevel, kAlertLevels)
ELINK_ENUM_TABLE(AlertCategory, kAlertCategories)
ELINK_ENUM_TABLE(AlertUrgency, kAlertUrgencies)
ELINK_ENUM_TABLE(AlertCertainty, kAlertCertainties)
ELINK_ENUM_TABLE(SensorKind, kSensorKinds)
ELINK_ENUM_TABLE(SensorLevel, kSensorLevels)

#undef ELINK_ENUM_TABLE

}  // namespace elink::core
