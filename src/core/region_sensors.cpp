// SPDX-License-Identifier: Apache-2.0
#include "core/internal/region_files.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace elink::core::internal {

namespace {

// `thresholds = { blue = 2.5, yellow = 2.8, ... }`: the order and finiteness are ValidateRegion's.
Status ParseThresholds(const TomlReader& parent, SensorThresholds* t) {
  ELINK_ASSIGN_OR_RETURN(const toml::node* n, parent.Find("thresholds", Need::kRequired));
  const toml::table* table = n->as_table();
  if (table == nullptr) {
    return parent.Error(*n, parent.Path("thresholds"),
                        "expected a table, got " + std::string(TomlTypeName(*n)));
  }
  const TomlReader r = parent.Sub(*table, "thresholds");
  ELINK_RETURN_IF_ERROR(r.AllowOnly({"blue", "yellow", "orange", "red"}));
  const std::pair<std::string_view, std::optional<double>*> levels[] = {
      {"blue", &t->blue}, {"yellow", &t->yellow}, {"orange", &t->orange}, {"red", &t->red}};
  for (const auto& [key, out] : levels) {
    if (!r.Has(key)) continue;
    double v = 0;
    ELINK_RETURN_IF_ERROR(r.Double(key, &v, Need::kRequired));
    *out = v;
  }
  if (table->empty()) return r.TableError("give at least one of blue, yellow, orange, red");
  return Status::Ok();
}

// `rise_per_hour = { value = 0.5, level = "yellow" }` with the sensor's `window_min`.
Status ParseRise(const TomlReader& parent, Sensor* s) {
  if (!parent.Has("rise_per_hour")) {
    if (parent.Has("window_min")) {
      ELINK_ASSIGN_OR_RETURN(const toml::node* n, parent.Find("window_min", Need::kRequired));
      return parent.Error(*n, parent.Path("window_min"),
                          "only meaningful with rise_per_hour (the window of the rate of rise)");
    }
    return Status::Ok();
  }
  ELINK_ASSIGN_OR_RETURN(const toml::node* n, parent.Find("rise_per_hour", Need::kRequired));
  const toml::table* table = n->as_table();
  if (table == nullptr) {
    return parent.Error(*n, parent.Path("rise_per_hour"),
                        "expected a table { value = <number>, level = <colour> }, got " +
                            std::string(TomlTypeName(*n)));
  }
  const TomlReader r = parent.Sub(*table, "rise_per_hour");
  ELINK_RETURN_IF_ERROR(r.AllowOnly({"value", "level"}));
  RiseRule rise;
  ELINK_RETURN_IF_ERROR(r.Double("value", &rise.per_hour, Need::kRequired));
  ELINK_RETURN_IF_ERROR(r.Enum("level", &rise.level, Need::kRequired, "level"));
  ELINK_RETURN_IF_ERROR(parent.Int("window_min", &rise.window_minutes, Need::kOptional));
  s->rise = rise;
  return Status::Ok();
}

Status ParseSensor(const TomlReader& r, Sensor* s) {
  ELINK_RETURN_IF_ERROR(r.AllowOnly({"id", "name", "name_en", "kind", "unit", "lat", "lon", "org",
                                     "thresholds", "rise_per_hour", "window_min"}));
  std::string id;
  std::string org;
  ELINK_RETURN_IF_ERROR(r.String("id", &id, Need::kRequired));
  ELINK_RETURN_IF_ERROR(ReadName(r, &s->name));
  ELINK_RETURN_IF_ERROR(r.Enum("kind", &s->kind, Need::kRequired, "sensor kind"));
  ELINK_RETURN_IF_ERROR(r.String("unit", &s->unit, Need::kRequired));
  ELINK_RETURN_IF_ERROR(r.Double("lat", &s->location.lat, Need::kRequired, "location.lat"));
  ELINK_RETURN_IF_ERROR(r.Double("lon", &s->location.lon, Need::kRequired, "location.lon"));
  ELINK_RETURN_IF_ERROR(r.String("org", &org, Need::kRequired));
  ELINK_RETURN_IF_ERROR(ParseThresholds(r, &s->thresholds));
  ELINK_RETURN_IF_ERROR(ParseRise(r, s));
  s->id = SensorId(id);
  s->org = OrgId(org);
  return Status::Ok();
}

}  // namespace

Status ParseSensorsFile(const toml::table& root, const TomlDoc& ctx, Region* region) {
  return ForEachTableInFile(root, ctx, "sensors", [&](const TomlReader& r) {
    return ParseSensor(r, &region->sensors.emplace_back());
  });
}

}  // namespace elink::core::internal
