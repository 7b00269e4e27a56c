// SPDX-License-Identifier: Apache-2.0
#include "core/road_vehicle.hpp"

namespace elink::core {

std::string_view RoadVehicleClass(UnitType type) {
  switch (type) {
    case UnitType::kEngine:
    case UnitType::kLadder:
    case UnitType::kTanker:
    case UnitType::kRescue:
    case UnitType::kHazmat:
    case UnitType::kPump:
    case UnitType::kEngineeringTeam:
    case UnitType::kBoat: return "hgv";
    case UnitType::kCommand:
    case UnitType::kAmbulance:
    case UnitType::kPolice:
    case UnitType::kMedicalTeam:
    case UnitType::kDrone:
    case UnitType::kVolunteerTeam: return "motorcar";
  }
  return "hgv";  // an unknown type: the larger vehicle, so no route is promised it cannot drive
}

}  // namespace elink::core
