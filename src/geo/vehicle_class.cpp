// SPDX-License-Identifier: Apache-2.0
#include "geo/vehicle_class.hpp"

#include "geo/messages.hpp"

namespace elink::geo {

std::string_view VehicleClassName(VehicleClass vehicle) {
  switch (vehicle) {
    case VehicleClass::kMotorcar: return "motorcar";
    case VehicleClass::kHgv: return "hgv";
  }
  return "motorcar";
}

Result<VehicleClass> ParseVehicleClass(std::string_view text, std::string field) {
  for (const VehicleClass v : kVehicleClasses) {
    if (text == VehicleClassName(v)) return v;
  }
  return Status::InvalidArgument(std::move(field), msg::kUnknownVehicleClass, std::string(text));
}

std::string GraphProfileName(VehicleClass vehicle) {
  return "emergency-" + std::string(VehicleClassName(vehicle));
}

std::optional<VehicleClass> VehicleClassOfProfile(std::string_view profile) {
  for (const VehicleClass v : kVehicleClasses) {
    if (profile == GraphProfileName(v)) return v;
  }
  return std::nullopt;
}

}  // namespace elink::geo
