#pragma once
// What the dashboard's map draws from the road graph, since it has no tile server: the roads as
// GeoJSON, one MultiLineString per road class so that the client styles and switches them by
// class. Each road segment appears once whichever ways it can be driven; coordinates are rounded
// to 1e-5 degrees (about a metre), which keeps a city's roads to a few megabytes.

#include "geo/graph.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace elink::api {

// {"type":"FeatureCollection","bbox":[w,s,e,n],"features":[{"type":"Feature","properties":
// {"class":"primary","segments":N},"geometry":{"type":"MultiLineString","coordinates":...}}]},
// as text. Runs of segments joined end to end become one line. A graph without coordinates
// gives an empty collection.
std::string RoadsGeoJson(const geo::RoadGraph& graph);

// Its schema, for the OpenAPI document ("RoadCollection"; each feature a "RoadFeature").
nlohmann::json RoadsGeoJsonSchema();

}  // namespace elink::api
