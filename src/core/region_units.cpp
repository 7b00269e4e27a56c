// SPDX-License-Identifier: Apache-2.0
#include "core/internal/region_files.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>

namespace elink::core::internal {

namespace {

Status ParseUnit(const TomlReader& r, const std::unordered_map<std::string, OrgId>& station_org,
                 Unit* u) {
  ELINK_RETURN_IF_ERROR(r.AllowOnly(
      {"id", "name", "name_en", "type", "capabilities", "station", "org", "crew", "status"}));
  std::string id;
  std::string station;
  std::string org;
  std::string status;
  ELINK_RETURN_IF_ERROR(r.String("id", &id, Need::kRequired));
  ELINK_RETURN_IF_ERROR(ReadName(r, &u->name));
  ELINK_RETURN_IF_ERROR(r.Enum("type", &u->type, Need::kRequired, "unit type"));
  ELINK_ASSIGN_OR_RETURN(const toml::array* caps, r.Array("capabilities", Need::kOptional,
                                                          toml::node_type::string, "strings"));
  if (caps != nullptr) {
    for (std::size_t i = 0; i < caps->size(); ++i) {
      const std::string path = IndexedPath(r.Path("capabilities"), i);
      ELINK_ASSIGN_OR_RETURN(const Capability c,
                             r.ParseCode<Capability>(*caps->get(i), path, "capability"));
      if (std::find(u->capabilities.begin(), u->capabilities.end(), c) != u->capabilities.end()) {
        return r.Error(*caps->get(i), path, "duplicate capability " + Quoted(CodeOf(c)));
      }
      u->capabilities.push_back(c);
    }
    std::sort(u->capabilities.begin(), u->capabilities.end());
  }
  ELINK_RETURN_IF_ERROR(r.String("station", &station, Need::kRequired));
  ELINK_RETURN_IF_ERROR(r.String("org", &org, Need::kOptional));
  if (!r.Has("org")) {
    // A unit belongs to its station's organisation unless it says otherwise. When the station is
    // unknown the org stays empty and ValidateRegion reports the station, which it checks first.
    if (auto it = station_org.find(station); it != station_org.end()) org = it->second.value();
  }
  ELINK_RETURN_IF_ERROR(r.Int("crew", &u->crew, Need::kRequired));
  ELINK_RETURN_IF_ERROR(r.String("status", &status, Need::kOptional));
  if (r.Has("status")) {
    // Configuration describes units at rest; the dispatch states only ever come from events.
    if (status != "available" && status != "out_of_service") {
      ELINK_ASSIGN_OR_RETURN(const toml::node* n, r.Find("status", Need::kRequired));
      return r.Error(
          *n, r.Path("status"),
          "unknown unit status " + Quoted(status) + " (expected one of available, out_of_service)");
    }
    u->status = ParseEnum<UnitStatus>(status).value_or(UnitStatus::kAvailable);
  }
  u->id = UnitId(id);
  u->station = StationId(station);
  u->org = OrgId(org);
  return Status::Ok();
}

}  // namespace

Status ParseUnitsFile(const toml::table& root, const TomlDoc& ctx, Region* region) {
  std::unordered_map<std::string, OrgId> station_org;
  for (const auto& s : region->stations) station_org.emplace(s.id.value(), s.org);
  return ForEachTableInFile(root, ctx, "units", [&](const TomlReader& r) {
    return ParseUnit(r, station_org, &region->units.emplace_back());
  });
}

}  // namespace elink::core::internal
