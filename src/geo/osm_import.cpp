// SPDX-License-Identifier: Apache-2.0
#include "geo/osm_import.hpp"

#include "geo/internal/osm_graph.hpp"
#include "geo/internal/osm_tags.hpp"
#include "util/text.hpp"

#include <osmium/handler.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/flex_mem.hpp>
#include <osmium/io/bzip2_compression.hpp>
#include <osmium/io/gzip_compression.hpp>
#include <osmium/io/pbf_input.hpp>
#include <osmium/io/reader.hpp>
#include <osmium/io/xml_input.hpp>
#include <osmium/osm/location.hpp>
#include <osmium/osm/node.hpp>
#include <osmium/osm/relation.hpp>
#include <osmium/osm/way.hpp>
#include <osmium/visitor.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <new>
#include <optional>
#include <system_error>
#include <unordered_map>
#include <utility>

namespace elink::geo {
namespace {

namespace fs = std::filesystem;
using osm_internal::Tags;

LatLonE6 ToE6(const osmium::Location& location) {
  // Rounds 1e-7 degrees to 1e-6, half away from zero.
  const auto round = [](std::int32_t v) {
    const std::int64_t x = v;
    return static_cast<std::int32_t>((x + (x >= 0 ? 5 : -5)) / 10);
  };
  return {round(location.y()), round(location.x())};
}

// Tag text as stored: valid UTF-8 passes; otherwise every non-ASCII byte becomes '?', so that
// names never carry broken UTF-8 into JSON or the graph file.
std::string CleanText(const char* text) {
  if (text == nullptr) return {};
  std::string s(text);
  if (!IsValidUtf8(s)) {
    for (char& c : s) {
      if (static_cast<unsigned char>(c) >= 0x80) c = '?';
    }
  }
  return s;
}

Poi MakePoi(PoiKind kind, const Tags& tags, LatLonE6 position, std::int64_t id, char type) {
  return {kind,
          CleanText(tags.Find("name")),
          CleanText(tags.Find("name:en")),
          CleanText(tags.Find("name:zh")),
          position,
          id,
          type};
}

std::string Coordinates(const osmium::Location& location) {
  char text[64];
  std::snprintf(text, sizeof text, "lat %.7f, lon %.7f", location.lat_without_check(),
                location.lon_without_check());
  return text;
}

// Collects roads, barriers, restrictions and POIs while the file streams by.
class ReadHandler : public osmium::handler::Handler {
 public:
  ReadHandler(const std::string& path, const OsmProfile& profile, osm_internal::RoadInput& roads,
              std::vector<Poi>& pois, OsmImportReport& report)
      : path_(path), profile_(profile), roads_(roads), pois_(pois), report_(report) {}

  // Set when a road uses a node with invalid coordinates; reading stops then.
  [[nodiscard]] const std::optional<Status>& error() const { return error_; }

  void node(const osmium::Node& node) {
    ++report_.nodes_read;
    const osmium::Location location = node.location();
    if (location.is_defined() && !location.valid()) ++report_.invalid_coordinate_nodes;
    if (node.tags().empty()) return;
    const Tags tags(node.tags());
    const osm_internal::BarrierState barrier = osm_internal::ClassifyBarrier(tags, profile_);
    if (barrier != osm_internal::BarrierState::kNone) roads_.barriers[node.id()] = barrier;
    if (const std::optional<PoiKind> kind = osm_internal::ClassifyPoi(tags);
        kind && location.valid()) {
      pois_.push_back(MakePoi(*kind, tags, ToE6(location), node.id(), 'n'));
    }
  }

  void way(const osmium::Way& way) {
    ++report_.ways_read;
    if (error_) return;
    const Tags tags(way.tags());
    if (tags.Has("highway")) {
      ++report_.highway_ways;
      const osm_internal::WayDecision d = osm_internal::ClassifyWay(tags, profile_);
      using Verdict = osm_internal::WayDecision::Verdict;
      if (d.verdict == Verdict::kArea) {
        ++report_.area_highways;
      } else if (d.verdict == Verdict::kRefused) {
        ++report_.ways_refused_by_access;
        ++report_.refused_by_tag[d.refused_by];
        if (d.closed_by_class_tag) ++report_.ways_closed_by_class_tag;
      } else if (d.verdict == Verdict::kUsed && way.nodes().size() >= 2) {
        AddRoad(way, tags, d);
      }
    }
    if (const std::optional<PoiKind> kind = osm_internal::ClassifyPoi(tags))
      AddWayPoi(way, tags, *kind);
  }

  void relation(const osmium::Relation& relation) {
    ++report_.relations_read;
    if (error_) return;
    const Tags tags(relation.tags());
    const osm_internal::RestrictionTags r =
        osm_internal::ClassifyRestriction(tags, profile_.vehicle);
    if (!r.is_restriction) {
      if (osm_internal::ClassifyPoi(tags)) ++report_.poi_relations_skipped;
      return;
    }
    ++report_.restrictions_read;
    if (!r.skip_reason.empty()) {
      ++report_.restrictions_skipped[r.skip_reason];
      return;
    }
    osm_internal::RestrictionInput input;
    input.osm_id = relation.id();
    input.only = r.only;
    int via_nodes = 0;
    bool via_way = false;
    bool wrong_type = false;
    for (const osmium::RelationMember& m : relation.members()) {
      const std::string_view role = m.role();
      if (role == "from" || role == "to") {
        if (m.type() == osmium::item_type::way) {
          (role == "from" ? input.from_ways : input.to_ways).push_back(m.ref());
        } else {
          wrong_type = true;
        }
      } else if (role == "via") {
        if (m.type() == osmium::item_type::node) {
          input.via_node = m.ref();
          ++via_nodes;
        } else if (m.type() == osmium::item_type::way) {
          via_way = true;
        } else {
          wrong_type = true;
        }
      }
    }
    const char* reason = nullptr;
    if (via_way) {
      reason = "via way not supported yet";
    } else if (wrong_type) {
      reason = "from/to member is not a way or via is not a node";
    } else if (input.from_ways.empty() || input.to_ways.empty() || via_nodes == 0) {
      reason = "missing from, via or to member";
    } else if (via_nodes > 1) {
      reason = "several via nodes";
    } else if (input.only && input.to_ways.size() > 1) {
      reason = "only_* with several to ways";
    }
    if (reason != nullptr) {
      ++report_.restrictions_skipped[reason];
      return;
    }
    roads_.restrictions.push_back(std::move(input));
  }

 private:
  void AddRoad(const osmium::Way& way, const Tags& tags, const osm_internal::WayDecision& d) {
    osm_internal::RoadWay road;
    road.osm_id = way.id();
    road.forward = d.forward;
    road.backward = d.backward;
    road.speed_forward_kmh = d.speed_forward_kmh;
    road.speed_backward_kmh = d.speed_backward_kmh;
    road.road_class = d.road_class;
    road.nodes.reserve(way.nodes().size());
    for (const osmium::NodeRef& ref : way.nodes()) {
      const osmium::Location location = ref.location();
      osm_internal::WayNode node{ref.ref(), {}, false};
      if (location.is_defined()) {
        if (!location.valid()) {
          const std::string id = std::to_string(ref.ref());
          error_ = Status::InvalidArgument(
              "node/" + id, path_ + ": node " + id + " used by way " + std::to_string(way.id()) +
                                " has invalid coordinates (" + Coordinates(location) + ")");
          return;
        }
        node.position = ToE6(location);
        node.located = true;
      }
      road.nodes.push_back(node);
    }
    if (const char* name = tags.Find("name"); name != nullptr && *name != '\0') {
      std::string text = CleanText(name);
      const auto [it, inserted] =
          name_ids_.try_emplace(text, static_cast<NameId>(roads_.names.size()));
      if (inserted) roads_.names.push_back(std::move(text));
      road.name = it->second;
    }
    roads_.ways.push_back(std::move(road));
    ++report_.drivable_ways;
    if (d.forward != d.backward) ++report_.oneway_ways;
    if (d.reversible) ++report_.reversible_ways;
    if (d.oneway_exempt) ++report_.oneway_exempt_ways;
    if (d.opened_by_emergency) ++report_.ways_opened_by_emergency;
    if (d.opened_by_vehicle_access) ++report_.paths_opened_by_vehicle_access;
    if (d.opened_by_class_tag) ++report_.ways_opened_by_class_tag;
    if (d.penalised) ++report_.penalised_ways;
    report_.maxspeed_used += static_cast<std::uint64_t>(d.maxspeed_used);
    report_.maxspeed_unusable += static_cast<std::uint64_t>(d.maxspeed_unusable);
  }

  void AddWayPoi(const osmium::Way& way, const Tags& tags, PoiKind kind) {
    const osmium::WayNodeList& nodes = way.nodes();
    // A closed way repeats its first node at the end; count it once.
    const std::size_t n = nodes.size() - (way.is_closed() && nodes.size() > 1 ? 1 : 0);
    std::int64_t lat = 0;
    std::int64_t lon = 0;
    std::int64_t count = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const osmium::Location location = nodes[i].location();
      if (!location.valid()) continue;
      lat += location.y();
      lon += location.x();
      ++count;
    }
    if (count == 0) {
      ++report_.poi_ways_without_location;
      return;
    }
    const osmium::Location mean(static_cast<std::int32_t>(lon / count),
                                static_cast<std::int32_t>(lat / count));
    pois_.push_back(MakePoi(kind, tags, ToE6(mean), way.id(), 'w'));
  }

  const std::string& path_;
  const OsmProfile& profile_;
  osm_internal::RoadInput& roads_;
  std::vector<Poi>& pois_;
  OsmImportReport& report_;
  std::unordered_map<std::string, NameId> name_ids_;
  std::optional<Status> error_;
};

// The osmium format string for a supported file name, or nullopt.
std::optional<std::string> FormatOf(const std::string& path) {
  const std::string name = fs::path(path).filename().string();
  const auto ends_with = [&](std::string_view suffix) {
    return name.size() > suffix.size() &&
           std::string_view(name).substr(name.size() - suffix.size()) == suffix;
  };
  if (ends_with(".pbf")) return "pbf";
  if (ends_with(".osm")) return "osm";
  if (ends_with(".osm.gz")) return "osm.gz";
  if (ends_with(".osm.bz2")) return "osm.bz2";
  return std::nullopt;
}

Result<ImportedRoads> ImportOrThrow(const std::string& path, const OsmImportOptions& options) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    return Status::IOError(
        path + ": cannot open: " + (ec ? ec.message() : std::string("No such file or directory")));
  }
  if (!fs::is_regular_file(status)) return Status::IOError(path + ": not a regular file");
  if (!std::ifstream(path, std::ios::binary)) {
    return Status::IOError(path + ": cannot open: " + std::strerror(errno));
  }
  const std::optional<std::string> format = FormatOf(path);
  if (!format) {
    return Status::InvalidArgument(
        "path",
        path + ": unsupported file type; expected .osm.pbf, .pbf, .osm, .osm.gz or .osm.bz2");
  }
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec) return Status::IOError(path + ": cannot read size: " + ec.message());
  if (size == 0) return Status::InvalidArgument("path", path + ": empty file");

  ImportedRoads result;
  OsmImportReport& report = result.report;
  report.bytes = size;
  osm_internal::RoadInput roads;
  const auto progress = [&](std::string_view stage, std::uint64_t done, std::uint64_t total) {
    if (options.progress) options.progress(stage, done, total);
  };
  {
    // An absolute path: osmium reads "-" as stdin and "http..." through curl.
    const osmium::io::File file(fs::absolute(path).string(), *format);
    osmium::io::Reader reader(file, osmium::osm_entity_bits::nwr, osmium::io::read_meta::no);
    using Index = osmium::index::map::FlexMem<osmium::unsigned_object_id_type, osmium::Location>;
    Index positive_ids;
    Index negative_ids;
    osmium::handler::NodeLocationsForWays<Index, Index> locations(positive_ids, negative_ids);
    locations.ignore_errors();  // nodes missing from an extract are counted, not fatal
    ReadHandler handler(path, options.profile, roads, result.pois, report);
    progress("reading", 0, size);
    while (osmium::memory::Buffer buffer = reader.read()) {
      osmium::apply(buffer, locations, handler);
      if (handler.error()) return *handler.error();
      progress("reading", reader.offset(), size);
    }
    reader.close();
    progress("reading", size, size);
  }
  for (const Poi& poi : result.pois) ++report.pois[static_cast<std::size_t>(poi.kind)];

  Result<osm_internal::BuiltRoads> built =
      osm_internal::BuildRoads(std::move(roads), path, options.progress, report);
  if (!built.ok()) return built.status();
  result.graph = std::move(built->graph);
  result.osm_node_ids = std::move(built->osm_node_ids);
  return result;
}

// Microdegrees as a decimal number with six places, without going through floating point.
void AppendE6(std::string& out, std::int32_t v) {
  const std::int64_t x = v;
  const std::int64_t a = x < 0 ? -x : x;
  char text[32];
  std::snprintf(text, sizeof text, "%s%lld.%06lld", x < 0 ? "-" : "",
                static_cast<long long>(a / 1'000'000), static_cast<long long>(a % 1'000'000));
  out += text;
}

std::string Thousands(std::uint64_t v) {
  std::string digits = std::to_string(v);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string Breakdown(const std::map<std::string, std::uint64_t>& counts) {
  std::string out;
  for (const auto& [what, n] : counts) {
    out += out.empty() ? " (" : "; ";
    out += what + ": " + Thousands(n);
  }
  if (!out.empty()) out += ")";
  return out;
}

}  // namespace

const char* PoiKindName(PoiKind kind) {
  switch (kind) {
    case PoiKind::kFireStation: return "fire_station";
    case PoiKind::kHospital: return "hospital";
    case PoiKind::kPolice: return "police";
    case PoiKind::kShelter: return "shelter";
  }
  return "unknown";
}

Result<ImportedRoads> ImportOsm(const std::string& path, const OsmImportOptions& options) {
  // The OSM library reports problems by exceptions, some from its reader threads; none may pass.
  try {
    return ImportOrThrow(path, options);
  } catch (const osmium::invalid_location& e) {
    return Status::InvalidArgument("path", path + ": invalid node coordinate: " + e.what());
  } catch (const osmium::format_version_error& e) {
    return Status::InvalidArgument("path", path + ": unsupported OSM format version: " + e.what());
  } catch (const osmium::xml_error& e) {
    return Status::Corruption(path + ": damaged or truncated OSM XML: " + e.what());
  } catch (const osmium::pbf_error& e) {
    return Status::Corruption(path + ": damaged or truncated PBF: " + e.what());
  } catch (const osmium::io_error& e) {
    return Status::Corruption(path + ": cannot read OSM data: " + e.what());
  } catch (const std::system_error& e) {
    return Status::IOError(path + ": " + e.what());
  } catch (const std::bad_alloc&) {
    return Status::Internal(path + ": out of memory while importing");
  } catch (const std::exception& e) {
    // protozero and the decompressors throw their own types on damaged input.
    return Status::Corruption(path + ": damaged OSM data: " + e.what());
  } catch (...) {
    return Status::Internal(path + ": unknown error while importing");
  }
}

std::string PoisToGeoJson(const std::vector<Poi>& pois) {
  std::string out = R"({"type":"FeatureCollection","features":[)";
  for (std::size_t i = 0; i < pois.size(); ++i) {
    const Poi& p = pois[i];
    if (i > 0) out += ',';
    out += R"({"type":"Feature","geometry":{"type":"Point","coordinates":[)";
    AppendE6(out, p.position.lon_e6);
    out += ',';
    AppendE6(out, p.position.lat_e6);
    out += R"(]},"properties":{"kind":)";
    AppendJsonString(out, PoiKindName(p.kind));
    out += R"(,"name":)";
    AppendJsonString(out, p.name);
    out += R"(,"name_en":)";
    AppendJsonString(out, p.name_en);
    out += R"(,"name_zh":)";
    AppendJsonString(out, p.name_zh);
    out += R"(,"osm_id":)" + std::to_string(p.osm_id);
    out += R"(,"osm_type":)";
    AppendJsonString(out, p.osm_type == 'w' ? "way" : "node");
    out += "}}";
  }
  out += "]}";
  return out;
}

std::string FormatReport(const OsmImportReport& r) {
  const auto n = [](std::uint64_t v) { return Thousands(v); };
  std::uint64_t skipped = 0;
  for (const auto& [reason, count] : r.restrictions_skipped) skipped += count;
  std::string out;
  out += "read: " + n(r.nodes_read) + " nodes, " + n(r.ways_read) + " ways, " +
         n(r.relations_read) + " relations (" + n(r.bytes) + " bytes)\n";
  out += "roads: " + n(r.drivable_ways) + " drivable ways used of " + n(r.highway_ways) +
         " highway ways; " + n(r.oneway_ways) + " one-way, " + n(r.reversible_ways) +
         " reversible taken as two-way, " + n(r.oneway_exempt_ways) +
         " two-way for emergency vehicles only\n";
  out += "refused by access: " + n(r.ways_refused_by_access) + " ways" +
         Breakdown(r.refused_by_tag) + "; " + n(r.area_highways) + " area highways skipped\n";
  out += "opened for emergency vehicles: " + n(r.ways_opened_by_emergency) +
         " ways by emergency=*, " + n(r.paths_opened_by_vehicle_access) +
         " paths by motorcar|hgv/motor_vehicle/vehicle=yes|designated\n";
  out += "vehicle class tags (motorcar=*, hgv=*): " + n(r.ways_opened_by_class_tag) +
         " ways opened, " + n(r.ways_closed_by_class_tag) +
         " closed against a less specific tag; " + n(r.penalised_ways) +
         " tracks and service roads used at a penalty\n";
  out += "maxspeed: used for " + n(r.maxspeed_used) + " way directions, unusable for " +
         n(r.maxspeed_unusable) + " (class speed used)\n";
  out += "barriers on roads: " + n(r.blocking_barriers) + " blocking, " + n(r.barriers_opened) +
         " opened by their access tags\n";
  out += "missing nodes: " + n(r.missing_nodes) + " referenced by roads but not in the file (" +
         n(r.segments_missing_node) + " segments dropped); " + n(r.invalid_coordinate_nodes) +
         " nodes with invalid coordinates, none on a road\n";
  out += "turn restrictions: " + n(r.restrictions_read) + " read, " + n(r.restrictions_applied) +
         " applied, " + n(skipped) + " skipped" + Breakdown(r.restrictions_skipped) + "; " +
         n(r.via_nodes_split) + " via nodes split\n";
  out += "components: " + n(r.components) + " strongly connected; the largest is kept, " +
         n(r.nodes_dropped) + " of " + n(r.nodes_before_components) + " nodes and " +
         n(r.edges_dropped) + " of " + n(r.edges_before_components) + " edges dropped\n";
  out += "graph: " + n(r.graph_nodes) + " nodes (" + n(r.node_copies) +
         " copies from barrier and restriction splitting, before dropping), " + n(r.graph_edges) +
         " edges, " + n(r.street_names) + " street names\n";
  out += "pois: " + n(r.pois[0]) + " fire stations, " + n(r.pois[1]) + " hospitals, " +
         n(r.pois[2]) + " police, " + n(r.pois[3]) + " shelters; " + n(r.poi_relations_skipped) +
         " relations (multipolygons) skipped, " + n(r.poi_ways_without_location) +
         " ways without location\n";
  return out;
}

}  // namespace elink::geo
