#pragma once
// The closed vocabularies of the domain (tiers, departments, unit types, capabilities, statuses,
// levels ...), each with its wire code ("out_of_service") and its labels in zh-CN and English.
// Codes are what configuration files, the event log and the API use; labels are for people.

#include "core/messages.hpp"
#include "util/status.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace elink::core {

template <typename E>
struct EnumInfo {
  E value;
  std::string_view code;
  std::string_view zh;
  std::string_view en;
};

enum class OrgTier { kRegion, kCity, kDistrict, kTown, kCommunity };

enum class DepartmentKind {
  kEmergencyManagement,
  kFire,
  kPolice,
  kMedical,
  kHealth,
  kTransport,
  kWater,
  kPower,
  kGas,
  kCivilAffairs,
  kNaturalResources,
  kMeteorology,
  kEnvironment,
  kHousing,
  kCommunications,
  kPublicity,
};

enum class StationKind {
  kFireStation,
  kEmsStation,
  kHospital,
  kPoliceStation,
  kRescueBase,
  kCommandCenter
};

enum class UnitType {
  kEngine,
  kLadder,
  kTanker,
  kRescue,
  kHazmat,
  kCommand,
  kAmbulance,
  kPolice,
  kBoat,
  kDrone,
  kPump,
  kMedicalTeam,
  kEngineeringTeam,
  kVolunteerTeam,
};

enum class Capability {
  kFireSuppression,
  kWaterSupply,
  kAerial,
  kExtrication,
  kHazmat,
  kDecontamination,
  kBasicLifeSupport,
  kAdvancedLifeSupport,
  kWaterRescue,
  kHighAngleRescue,
  kConfinedSpace,
  kSearchAndRescue,
  kAerialSurvey,
  kPumping,
  kMassCasualty,
  kCrowdControl,
  kTrafficControl,
  kEpidemicControl,
  kHeavyMachinery,
  kCommand,
};

// Acknowledged: the crew has taken the dispatch (接令) and is turning out; en route follows.
enum class UnitStatus {
  kAvailable,
  kDispatched,
  kAcknowledged,
  kEnRoute,
  kOnScene,
  kReturning,
  kOutOfService
};

enum class IncidentCategory { kNatural, kAccident, kPublicHealth, kSocialSafety };

// I is the most severe (特别重大), IV the least (一般).
enum class IncidentLevel { kI = 1, kII = 2, kIII = 3, kIV = 4 };

enum class IncidentStatus {
  kReported,
  kVerified,
  kDispatched,
  kOnScene,
  kControlled,
  kClosed,
  kMerged,
  kCancelled,
};

enum class IncidentSource { kCall, kSensor, kCitizen, kGridWorker, kUpstream };

// A department's task under an activated plan: waiting for its acknowledgement, acknowledged
// (the department has taken it on), done.
enum class TaskStatus { kPending, kAcknowledged, kDone };

// Public warnings (预警信息). The four colours of Chinese early-warning practice, least severe
// first; CAP 1.2 severity Minor, Moderate, Severe, Extreme.
enum class AlertLevel { kBlue, kYellow, kOrange, kRed };

// CAP 1.2 <category>.
enum class AlertCategory {
  kGeo,
  kMet,
  kSafety,
  kSecurity,
  kRescue,
  kFire,
  kHealth,
  kEnv,
  kTransport,
  kInfra,
  kCbrne,
  kOther,
};

// CAP 1.2 <urgency> and <certainty>.
enum class AlertUrgency { kImmediate, kExpected, kFuture, kPast, kUnknown };
enum class AlertCertainty { kObserved, kLikely, kPossible, kUnlikely, kUnknown };

// Monitoring (监测预警): what a sensor measures.
enum class SensorKind { kWaterLevel, kRainfall, kGas, kSeismic, kWind, kAirQuality };

// The warning level a sensor's readings are at: none, then the four colours least severe first
// (the same colours as AlertLevel, with "none" for a sensor within every threshold).
enum class SensorLevel { kNone, kBlue, kYellow, kOrange, kRed };

// What a user of `elink serve` may do (auth/policy.hpp and docs/auth.md have the table); where
// they may do it is their organisation's subtree.
enum class Role {
  kDispatcher,
  kCommander,
  kRegionalCoordinator,
  kAnalyst,
  kGridWorker,
  kViewer,
  kAdmin,
};

// The table of every value of E, in declaration order. Specialised for each enum above.
template <typename E>
std::span<const EnumInfo<E>> EnumTable();

template <typename E>
const EnumInfo<E>& InfoOf(E value) {
  for (const auto& info : EnumTable<E>()) {
    if (info.value == value) return info;
  }
  return EnumTable<E>().front();  // unreachable for a valid enumerator
}

template <typename E>
std::string_view CodeOf(E value) {
  return InfoOf(value).code;
}

// `value` as an argument of a message (util/message.hpp): its code in English, its name in zh-CN.
template <typename E>
MessageArg Word(E value) {
  const auto& info = InfoOf(value);
  return {std::string(info.code), std::string(info.zh)};
}

template <typename E>
std::optional<E> ParseEnum(std::string_view code) {
  for (const auto& info : EnumTable<E>()) {
    if (info.code == code) return info.value;
  }
  return std::nullopt;
}

// "a, b, c": the accepted codes, for error messages.
template <typename E>
std::string AcceptedCodes();

// `code` as a value of E; kInvalidArgument naming `field`, with the accepted codes, otherwise.
template <typename E>
Result<E> ParseEnumField(std::string_view code, const std::string& field) {
  if (const std::optional<E> v = ParseEnum<E>(code)) return *v;
  return Status::InvalidArgument(field, msg::kUnknownValue, code.substr(0, 64), AcceptedCodes<E>());
}

}  // namespace elink::core
