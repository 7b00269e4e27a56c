// SPDX-License-Identifier: Apache-2.0
#include "app/routing_cli.hpp"

#include "geo/ch.hpp"
#include "geo/graph_file.hpp"
#include "geo/osm_import.hpp"
#include "geo/vehicle_class.hpp"
#include "util/file.hpp"
#include "util/sha256.hpp"

#include <nlohmann/json.hpp>

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

namespace elink::app {
namespace {

double Seconds(geo::Distance t) { return geo::TimeSeconds(t); }

Result<std::string> FileSha256(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot read " + path);
  Sha256Hasher hasher;
  std::string buffer(1 << 20, '\0');
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    hasher.Update(std::string_view(buffer.data(), static_cast<std::size_t>(in.gcount())));
  }
  return ToHex(hasher.Finish());
}

nlohmann::json SnapJson(const geo::Snap& s) {
  return {{"lat", s.lat}, {"lon", s.lon}, {"snap_distance_m", std::round(s.distance_m * 10) / 10}};
}

nlohmann::json SecondsOrNull(geo::Distance t) {
  if (t == geo::kUnreachable) return nullptr;
  return Seconds(t);
}

}  // namespace

Status RunImportOsm(const ImportOsmOptions& options, Lang lang, std::ostream& out) {
  const auto start = std::chrono::steady_clock::now();
  ELINK_ASSIGN_OR_RETURN(const geo::VehicleClass vehicle,
                         geo::ParseVehicleClass(options.vehicle, "--vehicle"));
  geo::OsmImportOptions import_options;
  import_options.progress = options.progress;
  import_options.profile.vehicle = vehicle;
  ELINK_ASSIGN_OR_RETURN(geo::ImportedRoads roads, geo::ImportOsm(options.input, import_options));
  const auto imported = std::chrono::steady_clock::now();
  geo::ChOptions ch_options;
  if (options.progress) {
    ch_options.progress = [&](std::size_t done, std::size_t total) {
      options.progress("contracting", done, total);
    };
  }
  const geo::ContractionHierarchy ch = geo::ContractionHierarchy::Build(roads.graph, ch_options);
  const auto contracted = std::chrono::steady_clock::now();
  ELINK_ASSIGN_OR_RETURN(const std::string digest, FileSha256(options.input));
  geo::GraphFileInfo info;
  info.source = std::filesystem::path(options.input).filename().string() + " sha256:" + digest;
  info.profile = geo::GraphProfileName(vehicle);
  info.created_by = "elink 0.1.0";
  info.created_unix = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  // Both outputs or neither: each is written beside its place first and renamed over it only
  // when both are complete, so a failed command leaves no half output and keeps old files.
  const std::string graph_part = options.output + ".partial";
  const std::string pois_part = options.pois.empty() ? "" : options.pois + ".partial";
  const auto discard = [&] {
    std::error_code ignored;
    std::filesystem::remove(graph_part, ignored);
    if (!pois_part.empty()) std::filesystem::remove(pois_part, ignored);
  };
  Status written = geo::WriteGraphFile(graph_part, roads.graph, &ch, info);
  if (written.ok() && !pois_part.empty()) {
    written = WriteWholeFile(pois_part, geo::PoisToGeoJson(roads.pois));
  }
  if (!written.ok()) {
    discard();
    // The message names the file the user asked for, not its partial twin.
    std::string message(written.message());
    for (std::size_t at = message.find(".partial"); at != std::string::npos;
         at = message.find(".partial", at)) {
      message.erase(at, std::string_view(".partial").size());
    }
    return Status(written.code(), message, written.field());
  }
  std::error_code ec;
  if (!pois_part.empty()) std::filesystem::rename(pois_part, options.pois, ec);
  if (!ec) std::filesystem::rename(graph_part, options.output, ec);
  if (ec) {
    discard();
    return Status::IOError("cannot write " + options.output + ": " + ec.message());
  }
  const auto secs = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
  const geo::OsmImportReport& r = roads.report;
  char line[512];
  std::snprintf(
      line, sizeof line,
      lang == Lang::kZh
          ? "已写入路网文件 %s（车辆类别 %s）：%llu 个节点，%llu 条路段，%zu 条捷径；"
            "丢弃 %llu 个不连通节点；转向限制 %llu 条已应用；兴趣点 %zu 个。"
            "导入 %.1f 秒，预处理 %.1f 秒。\n"
          : "wrote road graph %s (vehicle class %s): %llu nodes, %llu edges, %zu shortcuts; "
            "%llu disconnected nodes dropped; %llu turn restrictions applied; "
            "%zu points of interest. Import %.1f s, contraction %.1f s.\n",
      options.output.c_str(), std::string(geo::VehicleClassName(vehicle)).c_str(),
      static_cast<unsigned long long>(r.graph_nodes),
      static_cast<unsigned long long>(r.graph_edges), ch.shortcut_count(),
      static_cast<unsigned long long>(r.nodes_dropped),
      static_cast<unsigned long long>(r.restrictions_applied), roads.pois.size(),
      secs(start, imported), secs(imported, contracted));
  out << line;
  out << (lang == Lang::kZh ? "导入报告（英文）：\n" : "Import report:\n") << geo::FormatReport(r);
  return Status::Ok();
}

Result<std::shared_ptr<const geo::Router>> LoadRouter(const std::string& graph_file,
                                                      double max_snap_m) {
  ELINK_ASSIGN_OR_RETURN(geo::LoadedGraph loaded, geo::ReadGraphFile(graph_file));
  if (!loaded.ch) {
    return Status::FailedPrecondition(graph_file +
                                      " has no contraction hierarchy; re-run elink import-osm");
  }
  return geo::Router::Create(std::move(loaded.graph), std::move(loaded.ch),
                             {.max_snap_m = max_snap_m, .progress = {}});
}

Result<geo::Position> ParsePosition(std::string_view text, const std::string& field) {
  const std::size_t comma = text.find(',');
  auto number = [&](std::string_view s, double& v) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc() && end == s.data() + s.size() && !s.empty() && std::isfinite(v);
  };
  geo::Position p;
  if (comma == std::string_view::npos || !number(text.substr(0, comma), p.lat) ||
      !number(text.substr(comma + 1), p.lon)) {
    return Status::InvalidArgument(field, "expected \"lat,lon\" in decimal degrees, got \"" +
                                              std::string(text.substr(0, 60)) + "\"");
  }
  if (p.lat < -90 || p.lat > 90) return Status::InvalidArgument(field + ".lat", "not in [-90, 90]");
  if (p.lon < -180 || p.lon > 180) {
    return Status::InvalidArgument(field + ".lon", "not in [-180, 180]");
  }
  return p;
}

Result<std::vector<geo::Position>> ParsePositions(std::string_view text, const std::string& field,
                                                  std::size_t max_points) {
  std::vector<std::string> items;
  if (!text.empty() && text.front() == '@') {
    const std::string path(text.substr(1));
    std::ifstream in(path);
    if (!in) return Status::IOError("cannot read " + path);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line.front() == '#') continue;
      items.push_back(line);
      if (items.size() > max_points) break;
    }
  } else {
    std::size_t begin = 0;
    while (begin <= text.size()) {
      const std::size_t end = std::min(text.find(';', begin), text.size());
      std::string_view item = text.substr(begin, end - begin);
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
      while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
      if (item.empty() && !text.empty()) {
        // "a;;b", ";a" or "a;": a position left out is a typo, not nothing.
        return Status::InvalidArgument(field + "[" + std::to_string(items.size()) + "]",
                                       "empty position at character " + std::to_string(begin + 1) +
                                           " (positions are \"lat,lon\" separated by one ';')");
      }
      if (!item.empty()) items.emplace_back(item);
      begin = end + 1;
      if (items.size() > max_points) break;
    }
  }
  if (items.empty()) return Status::InvalidArgument(field, "no position given");
  if (items.size() > max_points) {
    return Status::InvalidArgument(field, "more than " + std::to_string(max_points) + " positions");
  }
  std::vector<geo::Position> out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    ELINK_ASSIGN_OR_RETURN(geo::Position p,
                           ParsePosition(items[i], field + "[" + std::to_string(i) + "]"));
    out.push_back(p);
  }
  return out;
}

Status RunRoute(const geo::Router& router, geo::Position from, geo::Position to,
                OutputFormat format, Lang lang, std::ostream& out) {
  ELINK_ASSIGN_OR_RETURN(const geo::RouteResult r, router.Route(from, to));
  if (format == OutputFormat::kGeoJson) {
    out << geo::RouteToGeoJson(r) << "\n";
  } else if (format == OutputFormat::kJson) {
    const nlohmann::json j = {{"seconds", Seconds(r.time)},
                              {"distance_m", std::round(r.distance_m)},
                              {"from", SnapJson(r.from)},
                              {"to", SnapJson(r.to)},
                              {"points", r.geometry.size()}};
    out << j.dump() << "\n";
  } else {
    char line[256];
    std::snprintf(line, sizeof line,
                  lang == Lang::kZh ? "行驶时间 %.0f 秒（%.1f 分钟），距离 %.0f 米\n"
                                    : "travel time %.0f s (%.1f min), distance %.0f m\n",
                  Seconds(r.time), Seconds(r.time) / 60, r.distance_m);
    out << line;
  }
  return Status::Ok();
}

Status RunMatrix(const geo::Router& router, const std::vector<geo::Position>& from,
                 const std::vector<geo::Position>& to, OutputFormat format, std::ostream& out) {
  ELINK_ASSIGN_OR_RETURN(const std::vector<geo::Distance> m, router.Matrix(from, to));
  if (format == OutputFormat::kText) {
    for (std::size_t i = 0; i < from.size(); ++i) {
      for (std::size_t j = 0; j < to.size(); ++j) {
        const geo::Distance t = m[i * to.size() + j];
        if (j > 0) out << ',';
        if (t != geo::kUnreachable) out << Seconds(t);
      }
      out << "\n";
    }
    return Status::Ok();
  }
  nlohmann::json rows = nlohmann::json::array();
  for (std::size_t i = 0; i < from.size(); ++i) {
    nlohmann::json row = nlohmann::json::array();
    for (std::size_t j = 0; j < to.size(); ++j) row.push_back(SecondsOrNull(m[i * to.size() + j]));
    rows.push_back(std::move(row));
  }
  auto points = [](const std::vector<geo::Position>& ps) {
    nlohmann::json a = nlohmann::json::array();
    for (const geo::Position& p : ps) a.push_back({p.lat, p.lon});
    return a;
  };
  out << nlohmann::json{{"from", points(from)}, {"to", points(to)}, {"seconds", rows}}.dump()
      << "\n";
  return Status::Ok();
}

Status RunIsochrone(const geo::Router& router, geo::Position at, double minutes, double cell_m,
                    std::ostream& out) {
  if (!(minutes > 0 && minutes <= 24 * 60)) {
    return Status::InvalidArgument("minutes", "must be more than 0 and at most 1440");
  }
  const geo::Distance limit = geo::TimeFromMinutes(minutes);
  ELINK_ASSIGN_OR_RETURN(const geo::Isochrone iso,
                         router.IsochroneFrom(at, limit, {.cell_m = cell_m}));
  out << geo::IsochroneToGeoJson(iso) << "\n";
  return Status::Ok();
}

}  // namespace elink::app
