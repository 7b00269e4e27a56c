// SPDX-License-Identifier: Apache-2.0
#include "core/internal/geojson_scan.hpp"
#include "core/internal/region_files.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace elink::core::internal {

namespace {

using Json = nlohmann::json;

std::string JsonTypeName(const Json& j) {
  switch (j.type()) {
    case Json::value_t::object: return "an object";
    case Json::value_t::array: return "an array";
    case Json::value_t::string: return "a string";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::null: return "null";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return "a number";
    case Json::value_t::binary:
    case Json::value_t::discarded: break;
  }
  return "nothing";
}

// Errors inside one feature are reported at the line where the feature starts.
class FeatureReader {
 public:
  FeatureReader(std::string file, std::size_t line) : file_(std::move(file)), line_(line) {}

  [[nodiscard]] Status Error(std::string_view path, std::string_view reason) const {
    return ConfigError(file_, line_, path, reason);
  }
  [[nodiscard]] Status WrongType(const Json& j, std::string_view path,
                                 std::string_view expected) const {
    return Error(path, "expected " + std::string(expected) + ", got " + JsonTypeName(j));
  }

  [[nodiscard]] Status Object(const Json& j, const std::string& path,
                              std::initializer_list<std::string_view> allowed) const {
    if (!j.is_object()) return WrongType(j, path, "an object");
    for (const auto& [key, value] : j.items()) {
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        return Error(ChildPath(path, key), "unknown key (allowed keys: " + JoinKeys(allowed) + ")");
      }
    }
    return Status::Ok();
  }

  // A string member; absent is an error only when required.
  [[nodiscard]] Status String(const Json& obj, const std::string& path, const char* key,
                              std::string* out, Need need) const {
    const auto it = obj.find(key);
    if (it == obj.end()) {
      if (need == Need::kRequired) return Error(ChildPath(path, key), "missing required key");
      return Status::Ok();
    }
    if (!it->is_string()) return WrongType(*it, ChildPath(path, key), "a string");
    *out = it->get<std::string>();
    return Status::Ok();
  }

  [[nodiscard]] Result<LatLon> Position(const Json& j, const std::string& path) const {
    if (!j.is_array() || j.size() < 2 || j.size() > 3) {
      return Error(path, "a position is [longitude, latitude] or [longitude, latitude, altitude]");
    }
    for (std::size_t k = 0; k < j.size(); ++k) {
      if (!j[k].is_number()) return WrongType(j[k], IndexedPath(path, k), "a number");
    }
    const LatLon p{j[1].get<double>(), j[0].get<double>()};
    if (!(p.lon >= -180 && p.lon <= 180)) {
      return Error(path,
                   "longitude " + Json(p.lon).dump() +
                       " is outside [-180, 180] (GeoJSON positions are [longitude, latitude])");
    }
    if (!(p.lat >= -90 && p.lat <= 90)) {
      return Error(path, "latitude " + Json(p.lat).dump() +
                             " is outside [-90, 90] (GeoJSON positions are [longitude, latitude])");
    }
    return p;
  }

  [[nodiscard]] Result<std::vector<LatLon>> Ring(const Json& j, const std::string& path) const {
    if (!j.is_array()) return WrongType(j, path, "an array of positions");
    std::vector<LatLon> ring;
    ring.reserve(j.size());
    for (std::size_t k = 0; k < j.size(); ++k) {
      ELINK_ASSIGN_OR_RETURN(LatLon p, Position(j[k], IndexedPath(path, k)));
      ring.push_back(p);
    }
    return ring;
  }

  // GeoJSON polygon coordinates: the outer ring, then the holes. Ring rules (closed, at least
  // four positions) are ValidateRegion's; the source map points its errors back here.
  [[nodiscard]] Result<Polygon> PolygonAt(const Json& j, const std::string& path) const {
    if (!j.is_array()) return WrongType(j, path, "an array of rings");
    if (j.empty()) return Error(path, "a polygon needs an outer ring");
    Polygon poly;
    for (std::size_t r = 0; r < j.size(); ++r) {
      ELINK_ASSIGN_OR_RETURN(std::vector<LatLon> ring, Ring(j[r], IndexedPath(path, r)));
      if (r == 0) {
        poly.outer = std::move(ring);
      } else {
        poly.holes.push_back(std::move(ring));
      }
    }
    return poly;
  }

 private:
  std::string file_;
  std::size_t line_;
};

// Records where grid `g`'s polygon `p` (coordinates path `cpath`) came from.
void RecordPolygon(SourceMap* map, const Origin& feature, std::size_t g, std::size_t p,
                   const Polygon& poly, const std::string& cpath) {
  const std::string model = IndexedPath(IndexedPath("grids", g) + ".area", p);
  map->Add(model, Origin{feature.file, feature.line, cpath});
  map->Add(model + ".outer", Origin{feature.file, feature.line, IndexedPath(cpath, 0)});
  for (std::size_t h = 0; h < poly.holes.size(); ++h) {
    map->Add(IndexedPath(model + ".holes", h),
             Origin{feature.file, feature.line, IndexedPath(cpath, h + 1)});
  }
}

// `multi` tells whether the geometry was a MultiPolygon, whose coordinate paths have one more
// level.
Status ParseFeature(const Json& f, const FeatureReader& fr, const std::string& path, Grid* grid,
                    bool* multi) {
  ELINK_RETURN_IF_ERROR(fr.Object(f, path, {"type", "id", "properties", "geometry", "bbox"}));
  std::string type;
  ELINK_RETURN_IF_ERROR(fr.String(f, path, "type", &type, Need::kRequired));
  if (type != "Feature") return fr.Error(path + ".type", "expected 'Feature', got " + Quoted(type));

  const std::string ppath = path + ".properties";
  const auto props = f.find("properties");
  if (props == f.end()) return fr.Error(ppath, "missing required key");
  ELINK_RETURN_IF_ERROR(fr.Object(*props, ppath, {"id", "name", "name_en", "community"}));
  std::string id;
  std::string community;
  ELINK_RETURN_IF_ERROR(fr.String(*props, ppath, "id", &id, Need::kRequired));
  ELINK_RETURN_IF_ERROR(fr.String(*props, ppath, "name", &grid->name.zh, Need::kRequired));
  ELINK_RETURN_IF_ERROR(fr.String(*props, ppath, "name_en", &grid->name.en, Need::kOptional));
  ELINK_RETURN_IF_ERROR(fr.String(*props, ppath, "community", &community, Need::kRequired));
  grid->id = GridId(id);
  grid->community = OrgId(community);

  const std::string gpath = path + ".geometry";
  const auto geom = f.find("geometry");
  if (geom == f.end()) return fr.Error(gpath, "missing required key");
  ELINK_RETURN_IF_ERROR(fr.Object(*geom, gpath, {"type", "coordinates", "bbox"}));
  std::string gtype;
  ELINK_RETURN_IF_ERROR(fr.String(*geom, gpath, "type", &gtype, Need::kRequired));
  const std::string cpath = gpath + ".coordinates";
  const auto coords = geom->find("coordinates");
  if (coords == geom->end()) return fr.Error(cpath, "missing required key");

  *multi = gtype == "MultiPolygon";
  if (gtype == "Polygon") {
    ELINK_ASSIGN_OR_RETURN(Polygon poly, fr.PolygonAt(*coords, cpath));
    grid->area.push_back(std::move(poly));
  } else if (gtype == "MultiPolygon") {
    if (!coords->is_array()) return fr.WrongType(*coords, cpath, "an array of polygons");
    if (coords->empty()) return fr.Error(cpath, "a MultiPolygon needs at least one polygon");
    for (std::size_t p = 0; p < coords->size(); ++p) {
      ELINK_ASSIGN_OR_RETURN(Polygon poly, fr.PolygonAt((*coords)[p], IndexedPath(cpath, p)));
      grid->area.push_back(std::move(poly));
    }
  } else {
    return fr.Error(gpath + ".type", "unsupported geometry type " + Quoted(gtype) +
                                         " (expected Polygon or MultiPolygon)");
  }
  return Status::Ok();
}

}  // namespace

Status ParseGrids(std::string_view text, const std::string& file, SourceMap* map, Region* region) {
  ELINK_ASSIGN_OR_RETURN(const std::vector<std::size_t> lines, ScanJson(text, file));
  Json doc;
  try {
    doc = Json::parse(text);
  } catch (const Json::parse_error& e) {
    // what() is "[json.exception.parse_error.101] parse error at line 3, column 1: <reason>";
    // keep the reason, and take the line from the byte offset.
    std::string reason = e.what();
    if (const std::size_t col = reason.find("column "); col != std::string::npos) {
      if (const std::size_t colon = reason.find(": ", col); colon != std::string::npos) {
        reason = reason.substr(colon + 2);
      }
    }
    const std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    return ConfigError(file, LineAt(text, offset), "", "malformed JSON: " + reason);
  }

  const FeatureReader top(file, 1);
  ELINK_RETURN_IF_ERROR(top.Object(doc, "", {"type", "features", "bbox", "crs", "name"}));
  std::string type;
  ELINK_RETURN_IF_ERROR(top.String(doc, "", "type", &type, Need::kRequired));
  if (type != "FeatureCollection") {
    return top.Error("type", "expected 'FeatureCollection', got " + Quoted(type));
  }
  const auto features = doc.find("features");
  if (features == doc.end()) return top.Error("features", "missing required key");
  if (!features->is_array()) return top.WrongType(*features, "features", "an array");
  for (std::size_t i = 0; i < features->size(); ++i) {
    const std::string path = IndexedPath("features", i);
    // The scan and nlohmann agree on well-formed input; the fallback covers odd spellings such
    // as an escaped key.
    const std::size_t line = i < lines.size() ? lines[i] : 1;
    const Origin feature{file, line, path};
    const std::string model = IndexedPath("grids", i);
    map->Add(model, feature);
    map->Add(model + ".id", Origin{file, line, path + ".properties.id"});
    map->Add(model + ".name", Origin{file, line, path + ".properties.name"});
    map->Add(model + ".community", Origin{file, line, path + ".properties.community"});
    map->Add(model + ".area", Origin{file, line, path + ".geometry.coordinates"});
    Grid& grid = region->grids.emplace_back();
    bool multi = false;
    ELINK_RETURN_IF_ERROR(
        ParseFeature((*features)[i], FeatureReader(file, line), path, &grid, &multi));
    const std::string cpath = path + ".geometry.coordinates";
    if (!multi) {
      RecordPolygon(map, feature, i, 0, grid.area[0], cpath);
    } else {
      for (std::size_t p = 0; p < grid.area.size(); ++p) {
        RecordPolygon(map, feature, i, p, grid.area[p], IndexedPath(cpath, p));
      }
    }
  }
  return Status::Ok();
}

}  // namespace elink::core::internal
