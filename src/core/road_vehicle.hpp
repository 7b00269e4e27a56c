#pragma once
// Which road graph a unit drives on: the OpenStreetMap vehicle class of each unit type, named as
// geo::ParseVehicleClass and `elink import-osm --vehicle` take it ("motorcar" or "hgv"). A name,
// not geo's enum, because core does not see geo; the dispatch layer, which sees both, turns it
// into a geo::VehicleClass to pick the graph (a router per class is a later step).

#include "core/enums.hpp"

#include <string_view>

namespace elink::core {

// "hgv" for the heavy fire and rescue vehicles: engine, ladder, tanker, rescue, hazmat, pump,
// engineering team (heavy equipment), boat (towed on a trailer: a long, heavy combination, and
// OSM has no class for it). "motorcar" for the rest: ambulance, police, command car, medical team,
// drone team, volunteer team (cars and vans under 3.5 t).
std::string_view RoadVehicleClass(UnitType type);

}  // namespace elink::core
