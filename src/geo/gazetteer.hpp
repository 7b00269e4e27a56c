#pragma once
// Gazetteer: place-name search over the street names of a RoadGraph, so a dispatcher can give a
// location as "Chestnut St & Fillmore St", "lombard", "Van Ness Ave / Bay St" or "人民路与解放路"
// instead of coordinates. Built from the graph alone (any imported or loaded graph file works);
// every position it returns is a graph node, so it can be routed from or snapped without loss.
// Graphs without names or without coordinates (DIMACS) give an empty gazetteer.
// Rules (normalisation, separators, ranking): docs/routing.md, "Gazetteer".

#include "geo/graph.hpp"
#include "util/status.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace elink::geo {

struct PlaceMatch {
  enum class Kind : std::uint8_t { kStreet, kIntersection };
  Kind kind = Kind::kStreet;
  // OSM spelling: "Lombard Street", or "Chestnut Street & Fillmore Street" in query order.
  std::string name;
  // WGS84 degrees of `node`: for a street the street's node nearest its centroid, for an
  // intersection a node where both streets meet.
  double lat = 0;
  double lon = 0;
  NodeIndex node = kNoNode;
  // 1 exact, 0.8 prefix of whole words ("Lombard"), 0.7 other prefix ("Lomb", "人民"), 0.6
  // from a word inside the name on, 0.5 anywhere inside, 0.4 every word begins a word of the
  // name; an intersection has the lower of its two streets' scores.
  double score = 0;
};

// Longest query accepted, in bytes.
inline constexpr std::size_t kMaxPlaceQueryBytes = 200;
// Meeting nodes of two streets closer than this are one intersection (split junction nodes,
// dual carriageways); farther apart they are separate crossings.
inline constexpr double kIntersectionMergeM = 30;

// The comparison form of a name: ASCII and Latin-1 letters lower-cased, punctuation and spaces
// collapsed to single spaces, apostrophes dropped, street-type and direction abbreviations
// expanded ("St." → "street", "Ave" → "avenue", "N" → "north"); a leading "St" of a longer name
// reads as "saint". Other text (CJK) is kept byte for byte. "St. Francis Blvd" → "saint
// francis boulevard", "人民路" → "人民路".
std::string NormalizePlaceName(std::string_view name);

// Immutable after Build; const members may be called from any number of threads.
class Gazetteer {
 public:
  Gazetteer() = default;

  // One pass over the edges. Names that normalise alike ("Chestnut St", "Chestnut Street") are
  // one street, shown with the spelling on most edges.
  static Gazetteer Build(const RoadGraph& graph);

  // Streets (or intersections, when the query names two streets joined by "&", "/", "@", "＆",
  // "／", "与", or — where both sides name streets — "and", "at", "和"), best first: by score,
  // then name; at most `limit`. Empty when nothing matches or two streets never meet.
  // kInvalidArgument (field "query") for an empty or blank query, one over kMaxPlaceQueryBytes,
  // invalid UTF-8, control characters (NUL included), a separator without a street on each side,
  // or more than two streets.
  [[nodiscard]] Result<std::vector<PlaceMatch>> Search(std::string_view query,
                                                       std::size_t limit = 10) const;

  // The street corner nearest (lat, lon) within `max_m` metres: a node where two named streets
  // meet, named "A & B" (the two streets in name order); else the nearest node of a named street
  // within `max_m`, named after the street; nullopt when neither is that near or the position is
  // not finite. For naming a place a dispatcher would recognise (a drill's incidents, a sensor's
  // alarm), not for routing.
  [[nodiscard]] std::optional<PlaceMatch> NearestCorner(double lat, double lon,
                                                        double max_m = 300) const;

  // Distinct normalised street names.
  [[nodiscard]] std::size_t street_count() const { return streets_.size(); }

 private:
  struct Street {
    std::string key;      // NormalizePlaceName of the name
    std::string display;  // OSM spelling
    NodeIndex representative = kNoNode;
    double lat = 0;
    double lon = 0;
  };
  struct Candidate {
    std::uint32_t street = 0;
    double score = 0;
  };

  // Streets matching one normalised name, best first, at most `limit`.
  [[nodiscard]] std::vector<Candidate> Match(std::string_view key, std::string_view key_raw_last,
                                             std::size_t limit) const;
  [[nodiscard]] std::vector<PlaceMatch> Intersections(std::string_view a_raw,
                                                      std::string_view b_raw,
                                                      std::size_t limit) const;
  [[nodiscard]] std::vector<PlaceMatch> Streets(std::string_view raw, std::size_t limit) const;

  // Sorted by key.
  std::vector<Street> streets_;
  // Nodes touched by an edge of street s (sorted, unique): [node_offsets_[s],
  // node_offsets_[s + 1]) in nodes_.
  std::vector<std::size_t> node_offsets_ = {0};
  std::vector<NodeIndex> nodes_;
  std::vector<LatLonE6> node_positions_;  // of nodes_[i]

  // Nodes where two named streets meet, and every named node, in cells of kCornerCellM metres
  // for NearestCorner.
  struct Corner {
    LatLonE6 at;
    NodeIndex node = kNoNode;
    std::uint32_t a = 0;  // street indices, a < b; b == a for a node of one street only
    std::uint32_t b = 0;
  };
  std::vector<Corner> corners_;
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> corner_cells_;
  double cell_cos_lat_ = 1;  // the east-west scale of the cells
};

}  // namespace elink::geo
