// SPDX-License-Identifier: Apache-2.0
// What the per-class access hierarchy and the track/service penalties change on real extracts:
// for each extract, the graph of the rules before them (the import on a copy of the file without
// any motorcar* / hgv* / restriction:motorcar* / restriction:hgv* tag and with no penalties: the
// earlier rules never read those tags and had no penalties), then for motorcar and hgv the graph
// with the class's access only and with access and penalties. Prints edges opened and closed, and
// for random pairs of road nodes how the drive time changes. Not a benchmark of speed.
//
//   build/ci/bench/osm_access_compare [--pairs N] [--seed S] data/roads/andorra.osm.pbf ...
#include "geo/dijkstra.hpp"
#include "geo/osm_import.hpp"

#include <osmium/builder/attr.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/io/writer.hpp>
#include <osmium/io/xml_output.hpp>
#include <osmium/memory/buffer.hpp>
#include <osmium/osm/node.hpp>
#include <osmium/osm/relation.hpp>
#include <osmium/osm/way.hpp>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace {

namespace fs = std::filesystem;
using elink::geo::Distance;
using elink::geo::ImportedRoads;
using elink::geo::NodeIndex;
using elink::geo::OsmImportOptions;
using elink::geo::VehicleClass;

bool ClassKey(std::string_view key) {
  for (const std::string_view prefix :
       {"motorcar", "hgv", "restriction:motorcar", "restriction:hgv"}) {
    if (key.substr(0, prefix.size()) == prefix &&
        (key.size() == prefix.size() || key[prefix.size()] == ':' || key[prefix.size()] == '_')) {
      return true;
    }
  }
  return false;
}

// Copies `from` to the XML file `to` without the class tags (and without type=restriction:hgv /
// :motorcar relations, which the earlier rules skipped).
void StripClassTags(const std::string& from, const std::string& to) {
  namespace attr = osmium::builder::attr;
  osmium::io::Reader reader(from);
  osmium::io::Writer writer(to, reader.header(), osmium::io::overwrite::allow);
  while (osmium::memory::Buffer in = reader.read()) {
    osmium::memory::Buffer out(in.committed() + 4096, osmium::memory::Buffer::auto_grow::yes);
    for (const osmium::OSMObject& object : in.select<osmium::OSMObject>()) {
      std::vector<std::pair<std::string, std::string>> tags;
      for (const osmium::Tag& t : object.tags()) {
        if (!ClassKey(t.key())) tags.emplace_back(t.key(), t.value());
      }
      if (object.type() == osmium::item_type::node) {
        const auto& n = static_cast<const osmium::Node&>(object);
        osmium::builder::add_node(out, attr::_id(n.id()), attr::_location(n.location()),
                                  attr::_tags(tags));
      } else if (object.type() == osmium::item_type::way) {
        const auto& w = static_cast<const osmium::Way&>(object);
        osmium::builder::add_way(out, attr::_id(w.id()), attr::_nodes(w.nodes()),
                                 attr::_tags(tags));
      } else if (object.type() == osmium::item_type::relation) {
        const auto& r = static_cast<const osmium::Relation&>(object);
        const std::string_view type = r.tags()["type"] ? r.tags()["type"] : "";
        if (type == "restriction:hgv" || type == "restriction:motorcar") continue;
        osmium::builder::add_relation(out, attr::_id(r.id()), attr::_members(r.members()),
                                      attr::_tags(tags));
      }
    }
    writer(std::move(out));
  }
  writer.close();
  reader.close();
}

ImportedRoads Import(const std::string& path, VehicleClass vehicle, bool penalties) {
  OsmImportOptions o;
  o.profile.vehicle = vehicle;
  if (!penalties) {
    o.profile.track_penalty = o.profile.track_grade1_penalty = o.profile.service_penalty =
        o.profile.minor_service_penalty = 1;
  }
  auto r = elink::geo::ImportOsm(path, o);
  if (!r.ok()) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(), r.status().ToString().c_str());
    std::exit(2);
  }
  return std::move(r).value();
}

std::set<std::pair<std::int64_t, std::int64_t>> EdgeSet(const ImportedRoads& r) {
  std::set<std::pair<std::int64_t, std::int64_t>> edges;
  for (NodeIndex u = 0; u < r.graph.node_count(); ++u) {
    for (std::size_t e = r.graph.EdgeBegin(u); e < r.graph.EdgeEnd(u); ++e) {
      edges.emplace(r.osm_node_ids[u], r.osm_node_ids[r.graph.Target(e)]);
    }
  }
  return edges;
}

// OSM id → graph node, for ids with exactly one graph node.
std::unordered_map<std::int64_t, NodeIndex> Unsplit(const ImportedRoads& r) {
  std::unordered_map<std::int64_t, NodeIndex> index;
  std::set<std::int64_t> split;
  for (NodeIndex u = 0; u < r.osm_node_ids.size(); ++u) {
    if (!index.emplace(r.osm_node_ids[u], u).second) split.insert(r.osm_node_ids[u]);
  }
  for (const std::int64_t id : split) index.erase(id);
  return index;
}

struct TimeChange {
  int pairs = 0;
  int changed = 0;  // time differs by more than 1 s
  int faster = 0;
  int slower = 0;
  int lost = 0;  // reachable before, not after
  int gained = 0;
  std::vector<double> ratios;  // after / before, pairs reachable in both
  double max_faster_s = 0;
  double max_slower_s = 0;
};

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return kNaN;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5)];
}

void PrintChange(const char* what, const TimeChange& c) {
  double sum = 0;
  for (const double x : c.ratios) sum += x;
  std::printf(
      "    %-22s %d pairs: %d changed by > 1 s (%d faster, %d slower), %d no longer reachable, "
      "%d newly reachable; after/before median %.3f, mean %.3f, p95 %.3f, max %.3f; largest "
      "gain %.0f s, largest loss %.0f s\n",
      what, c.pairs, c.changed, c.faster, c.slower, c.lost, c.gained, Percentile(c.ratios, 0.5),
      c.ratios.empty() ? kNaN : sum / static_cast<double>(c.ratios.size()),
      Percentile(c.ratios, 0.95), Percentile(c.ratios, 1.0), c.max_faster_s, c.max_slower_s);
}

}  // namespace

int main(int argc, char** argv) {
  int pairs = 300;
  unsigned seed = 21;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--pairs" && i + 1 < argc) {
      pairs = std::atoi(argv[++i]);
    } else if (a == "--seed" && i + 1 < argc) {
      seed = static_cast<unsigned>(std::atoi(argv[++i]));
    } else {
      files.emplace_back(a);
    }
  }
  if (files.empty() || pairs <= 0) {
    std::fprintf(stderr, "usage: osm_access_compare [--pairs N] [--seed S] EXTRACT...\n");
    return 2;
  }
  const fs::path tmp =
      fs::temp_directory_path() / ("osm_access_compare_" + std::to_string(::getpid()));
  fs::create_directories(tmp);
  for (const std::string& file : files) {
    const std::string stripped = (tmp / "before.osm").string();
    StripClassTags(file, stripped);
    const ImportedRoads before = Import(stripped, VehicleClass::kMotorcar, false);
    const auto before_edges = EdgeSet(before);
    const auto before_nodes = Unsplit(before);
    std::printf("%s: before %zu nodes, %zu edges, %llu ways refused\n",
                fs::path(file).filename().c_str(),
                static_cast<std::size_t>(before.graph.node_count()), before.graph.edge_count(),
                static_cast<unsigned long long>(before.report.ways_refused_by_access));
    for (const VehicleClass vehicle : elink::geo::kVehicleClasses) {
      const ImportedRoads access = Import(file, vehicle, false);
      const ImportedRoads after = Import(file, vehicle, true);
      const auto after_edges = EdgeSet(after);
      std::size_t opened = 0;
      std::size_t closed = 0;
      for (const auto& e : after_edges) opened += before_edges.count(e) == 0 ? 1U : 0U;
      for (const auto& e : before_edges) closed += after_edges.count(e) == 0 ? 1U : 0U;
      const elink::geo::OsmImportReport& rep = after.report;
      std::printf(
          "  %-8s %zu nodes, %zu edges; %zu directed edges opened, %zu closed against before; "
          "ways: %llu refused, %llu opened and %llu closed by their %s tag, %llu penalised\n",
          std::string(elink::geo::VehicleClassName(vehicle)).c_str(),
          static_cast<std::size_t>(after.graph.node_count()), after.graph.edge_count(), opened,
          closed, static_cast<unsigned long long>(rep.ways_refused_by_access),
          static_cast<unsigned long long>(rep.ways_opened_by_class_tag),
          static_cast<unsigned long long>(rep.ways_closed_by_class_tag),
          std::string(elink::geo::VehicleClassName(vehicle)).c_str(),
          static_cast<unsigned long long>(rep.penalised_ways));

      std::string refused;
      for (const auto& [tag, n] : rep.refused_by_tag) {
        refused += (refused.empty() ? "" : ", ") + tag + ": " + std::to_string(n);
      }
      std::printf("    refused by: %s\n", refused.c_str());

      // Random pairs of OSM nodes that are single graph nodes in all three graphs.
      const auto access_nodes = Unsplit(access);
      const auto after_nodes = Unsplit(after);
      std::vector<std::int64_t> common;
      for (const auto& [id, u] : before_nodes) {
        if (access_nodes.count(id) != 0 && after_nodes.count(id) != 0) common.push_back(id);
      }
      std::sort(common.begin(), common.end());
      std::mt19937 rng(seed);
      std::uniform_int_distribution<std::size_t> pick(0, common.size() - 1);
      constexpr int kTargetsPerSource = 10;
      TimeChange by_access;
      TimeChange by_both;
      for (int s = 0; s < (pairs + kTargetsPerSource - 1) / kTargetsPerSource; ++s) {
        const std::int64_t source = common[pick(rng)];
        const auto times = [&](const ImportedRoads& r,
                               const std::unordered_map<std::int64_t, NodeIndex>& index) {
          return elink::geo::DijkstraAll(r.graph, index.at(source)).value();
        };
        const std::vector<Distance> t0 = times(before, before_nodes);
        const std::vector<Distance> t1 = times(access, access_nodes);
        const std::vector<Distance> t2 = times(after, after_nodes);
        for (int k = 0; k < kTargetsPerSource; ++k) {
          const std::int64_t target = common[pick(rng)];
          const Distance a = t0[before_nodes.at(target)];
          const auto tally = [&](TimeChange& c, Distance b) {
            ++c.pairs;
            const bool ra = a != elink::geo::kUnreachable;
            const bool rb = b != elink::geo::kUnreachable;
            if (ra && !rb) ++c.lost;
            if (!ra && rb) ++c.gained;
            if (!ra || !rb) return;
            const double sa = elink::geo::TimeSeconds(a);
            const double sb = elink::geo::TimeSeconds(b);
            if (sa > 0) c.ratios.push_back(sb / sa);
            if (std::abs(sb - sa) > 1) {
              ++c.changed;
              (sb < sa ? c.faster : c.slower) += 1;
            }
            c.max_faster_s = std::max(c.max_faster_s, sa - sb);
            c.max_slower_s = std::max(c.max_slower_s, sb - sa);
          };
          tally(by_access, t1[access_nodes.at(target)]);
          tally(by_both, t2[after_nodes.at(target)]);
        }
      }
      PrintChange("access only:", by_access);
      PrintChange("access + penalties:", by_both);
    }
  }
  fs::remove_all(tmp);
  return 0;
}
