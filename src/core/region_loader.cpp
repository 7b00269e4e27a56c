// SPDX-License-Identifier: Apache-2.0
#include "core/region_loader.hpp"

#include "core/internal/region_files.hpp"
#include "core/internal/source_map.hpp"
#include "core/toml_reader.hpp"

#include <algorithm>
#include <cstdint>
#include <new>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

// The file layout and every key are specified in docs/region-config.md. The parsers of the files
// are in region_<file>.cpp (core/internal/region_files.hpp).

namespace elink::core {

namespace {

namespace fs = std::filesystem;
using internal::SourceMap;
using internal::TomlFileParser;

// A region is a few MiB at most; anything larger is a mistake or an attack, and refusing it early
// keeps a hostile file from exhausting memory in the parsers.
constexpr std::uintmax_t kMaxFileBytes = std::uintmax_t{64} << 20;

Status LoadTomlFile(const fs::path& path, const std::string& name, Need need, TomlFileParser parse,
                    SourceMap* map, Region* region) {
  ELINK_ASSIGN_OR_RETURN(std::optional<std::string> text,
                         ReadConfigText(path, name, need, kMaxFileBytes));
  if (!text) return Status::Ok();
  ELINK_ASSIGN_OR_RETURN(toml::table root, ParseToml(*text, name));
  const TomlDoc doc = map->DocFor(name);
  return parse(root, doc, region);
}

// Plan files in name order, so that the order of Region::plans does not depend on the directory.
Result<std::vector<std::string>> PlanFiles(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  const fs::file_status st = fs::status(dir, ec);
  if (st.type() == fs::file_type::not_found) return names;
  if (!fs::is_directory(st)) return ConfigError("plans", 1, "", "not a directory");
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.empty() || name.front() == '.' || it->path().extension() != ".toml") continue;
    names.push_back(name);
  }
  if (ec) return Status::IOError("plans: " + ec.message());
  std::sort(names.begin(), names.end());
  return names;
}

Result<Region> Load(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Status::NotFound(dir.string() + ": no such region directory");
  }
  SourceMap map;
  Region region;
  ELINK_RETURN_IF_ERROR(LoadTomlFile(dir / "region.toml", "region.toml", Need::kRequired,
                                     internal::ParseRegionFile, &map, &region));
  ELINK_RETURN_IF_ERROR(LoadTomlFile(dir / "stations.toml", "stations.toml", Need::kOptional,
                                     internal::ParseStationsFile, &map, &region));
  // After stations: a unit without an org takes its station's.
  ELINK_RETURN_IF_ERROR(LoadTomlFile(dir / "units.toml", "units.toml", Need::kOptional,
                                     internal::ParseUnitsFile, &map, &region));
  ELINK_RETURN_IF_ERROR(LoadTomlFile(dir / "sensors.toml", "sensors.toml", Need::kOptional,
                                     internal::ParseSensorsFile, &map, &region));
  ELINK_ASSIGN_OR_RETURN(const std::vector<std::string> plan_files, PlanFiles(dir / "plans"));
  for (const std::string& name : plan_files) {
    ELINK_RETURN_IF_ERROR(LoadTomlFile(dir / "plans" / name, "plans/" + name, Need::kRequired,
                                       internal::ParsePlansFile, &map, &region));
  }
  ELINK_ASSIGN_OR_RETURN(
      std::optional<std::string> grids,
      ReadConfigText(dir / "grids.geojson", "grids.geojson", Need::kOptional, kMaxFileBytes));
  if (grids) ELINK_RETURN_IF_ERROR(internal::ParseGrids(*grids, "grids.geojson", &map, &region));

  if (Status s = ValidateRegion(region); !s.ok()) return map.Locate(s);
  return region;
}

}  // namespace

Result<Region> LoadRegion(const std::filesystem::path& dir) {
  // Nothing may escape: toml++ and nlohmann report with exceptions, and a hostile file can run
  // the process out of memory.
  try {
    return Load(dir);
  } catch (const std::bad_alloc&) {
    return Status::Internal(dir.string() + ": out of memory while loading the region");
  } catch (const std::exception& e) {
    return Status::Internal(dir.string() +
                            ": unexpected error while loading the region: " + e.what());
  }
}

}  // namespace elink::core