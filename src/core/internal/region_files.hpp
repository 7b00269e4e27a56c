#pragma once
// The parsers of a region's files, one per file (region_loader.cpp reads them in order):
// region.toml (region_orgs.cpp), stations.toml, units.toml, plans/*.toml, sensors.toml
// (region_<file>.cpp) and grids.geojson (region_grids.cpp). Each appends to the Region and
// records where each value came from; the first error stops it (docs/region-config.md).

#include "core/internal/source_map.hpp"
#include "core/model.hpp"
#include "core/toml_reader.hpp"
#include "util/status.hpp"

#include <string>
#include <string_view>

namespace elink::core::internal {

// `name` and `name_en` of any table that has a name.
Status ReadName(const TomlReader& r, Name* name);

// A file that holds one array of tables at `key` and nothing else (stations.toml, units.toml,
// sensors.toml): fn(reader) for each table, in order, until an error.
template <typename Fn>
Status ForEachTableInFile(const toml::table& root, const TomlDoc& doc, std::string_view key,
                          Fn&& fn) {
  const TomlReader top(root, doc, "", "");
  ELINK_RETURN_IF_ERROR(top.AllowOnly({key}));
  return ForEachTable(top, key, Need::kRequired,
                      [&](const TomlReader& r, std::size_t) { return fn(r); });
}

using TomlFileParser = Status (*)(const toml::table&, const TomlDoc&, Region*);

Status ParseRegionFile(const toml::table& root, const TomlDoc& ctx, Region* region);
Status ParseStationsFile(const toml::table& root, const TomlDoc& ctx, Region* region);
// After the stations: a unit without an org takes its station's.
Status ParseUnitsFile(const toml::table& root, const TomlDoc& ctx, Region* region);
// Appends to Region::plans, whatever the file's own numbering (several files share the list).
Status ParsePlansFile(const toml::table& root, const TomlDoc& ctx, Region* region);
Status ParseSensorsFile(const toml::table& root, const TomlDoc& ctx, Region* region);

// grids.geojson: a FeatureCollection of Polygon / MultiPolygon features.
Status ParseGrids(std::string_view text, const std::string& file, SourceMap* map, Region* region);

}  // namespace elink::core::internal
