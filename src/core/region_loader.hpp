#pragma once
// Loads a region from its configuration directory:
//   region.toml         [region] id, name, name_en; [[organisations]] with departments
//   stations.toml       [[stations]]
//   units.toml          [[units]]
//   plans/*.toml        [[plans]] with [[plans.levels]] (one or more files)
//   sensors.toml        [[sensors]] with thresholds and an optional rate-of-rise rule (optional;
//                       absent: no sensors)
//   grids.geojson       FeatureCollection of Polygon / MultiPolygon features (properties: id, name,
//                       name_en, community)
// Strict: unknown keys, wrong types, missing fields, unknown codes and dangling references are
// errors. The error names the file, the line and the field ("units.toml:12: units[3].type: unknown
// unit type 'firetruck' (expected one of ...)"). A region is returned whole or not at all.

#include "core/model.hpp"
#include "util/status.hpp"

#include <filesystem>

namespace elink::core {

// kInvalidArgument for bad content, with a message "<file>:<line>: <field path>: <reason>";
// kNotFound for a missing directory or region.toml ("region.toml: not found in <dir>").
Result<Region> LoadRegion(const std::filesystem::path& dir);

}  // namespace elink::core
