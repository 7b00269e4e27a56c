#pragma once
// The vehicle classes a road graph is built for, named as OpenStreetMap's access keys name them
// (an ambulance or a patrol car is a `motorcar`, a fire engine an `hgv`): parsing the name that
// `elink import-osm --vehicle` takes, and the profile name a graph file records.
// Which access tags each class reads: docs/osm-import.md, "Access per vehicle class".

#include "util/status.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace elink::geo {

enum class VehicleClass : std::uint8_t {
  kMotorcar,  // ambulance, patrol car, command car: access → vehicle → motor_vehicle → motorcar
  kHgv,       // fire engine, ladder, rescue truck: access → vehicle → motor_vehicle → hgv
};
inline constexpr std::array<VehicleClass, 2> kVehicleClasses = {VehicleClass::kMotorcar,
                                                                VehicleClass::kHgv};

// "motorcar", "hgv": the OSM access key of the class.
std::string_view VehicleClassName(VehicleClass vehicle);

// The class named `text` (exactly a name above). kInvalidArgument at `field` (message
// geo.unknown_vehicle_class, naming the text and the known classes) otherwise.
Result<VehicleClass> ParseVehicleClass(std::string_view text, std::string field);

// The profile a graph file records (GraphFileInfo::profile): "emergency-motorcar",
// "emergency-hgv".
std::string GraphProfileName(VehicleClass vehicle);

// The class a graph file's profile names. nullopt for anything else, including plain "emergency":
// files written before graphs were built per class, with one access reading for every vehicle
// (access → vehicle → motor_vehicle, neither motorcar nor hgv read).
std::optional<VehicleClass> VehicleClassOfProfile(std::string_view profile);

}  // namespace elink::geo
