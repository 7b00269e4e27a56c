// SPDX-License-Identifier: Apache-2.0
// Every unit type drives on the graph of a vehicle class that the road import knows.
#include "core/road_vehicle.hpp"

#include "core/enums.hpp"
#include "geo/vehicle_class.hpp"

#include <gtest/gtest.h>

namespace elink::core {
namespace {

TEST(RoadVehicleClass, HeavyFireAndRescueUnitsAreHgvTheRestMotorcar) {
  using geo::VehicleClass;
  const auto of = [](UnitType t) { return geo::ParseVehicleClass(RoadVehicleClass(t), "t"); };
  for (const UnitType t :
       {UnitType::kEngine, UnitType::kLadder, UnitType::kTanker, UnitType::kRescue,
        UnitType::kHazmat, UnitType::kPump, UnitType::kEngineeringTeam, UnitType::kBoat}) {
    EXPECT_EQ(of(t).value(), VehicleClass::kHgv) << static_cast<int>(t);
  }
  for (const UnitType t : {UnitType::kCommand, UnitType::kAmbulance, UnitType::kPolice,
                           UnitType::kMedicalTeam, UnitType::kDrone, UnitType::kVolunteerTeam}) {
    EXPECT_EQ(of(t).value(), VehicleClass::kMotorcar) << static_cast<int>(t);
  }
}

}  // namespace
}  // namespace elink::core
