// SPDX-License-Identifier: Apache-2.0
#include "core/internal/region_files.hpp"

#include <string>

namespace elink::core::internal {

namespace {

Status ParseStation(const TomlReader& r, Station* s) {
  ELINK_RETURN_IF_ERROR(
      r.AllowOnly({"id", "name", "name_en", "kind", "org", "lat", "lon", "address"}));
  std::string id;
  std::string org;
  ELINK_RETURN_IF_ERROR(r.String("id", &id, Need::kRequired));
  ELINK_RETURN_IF_ERROR(ReadName(r, &s->name));
  ELINK_RETURN_IF_ERROR(r.Enum("kind", &s->kind, Need::kRequired, "station kind"));
  ELINK_RETURN_IF_ERROR(r.String("org", &org, Need::kRequired));
  ELINK_RETURN_IF_ERROR(r.Double("lat", &s->location.lat, Need::kRequired, "location.lat"));
  ELINK_RETURN_IF_ERROR(r.Double("lon", &s->location.lon, Need::kRequired, "location.lon"));
  ELINK_RETURN_IF_ERROR(r.String("address", &s->address, Need::kOptional));
  s->id = StationId(id);
  s->org = OrgId(org);
  return Status::Ok();
}

}  // namespace

Status ParseStationsFile(const toml::table& root, const TomlDoc& ctx, Region* region) {
  return ForEachTableInFile(root, ctx, "stations", [&](const TomlReader& r) {
    return ParseStation(r, &region->stations.emplace_back());
  });
}

}  // namespace elink::core::internal
