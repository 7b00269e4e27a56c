// SPDX-License-Identifier: Apache-2.0
#include "geo/gazetteer.hpp"

#include "geo/internal/degrees.hpp"
#include "geo/internal/osm_graph.hpp"
#include "geo/messages.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <numbers>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

namespace elink::geo {
namespace {

// How many streets each side of an intersection query may stand for: enough for "Van Ness"
// (Van Ness Avenue, South Van Ness Avenue), few enough that a vague side stays cheap.
constexpr std::size_t kSideCandidates = 8;

constexpr double kScoreExact = 1.0;
constexpr double kScorePrefixWord = 0.8;
constexpr double kScorePrefix = 0.7;
constexpr double kScoreWord = 0.6;
constexpr double kScoreInside = 0.5;
constexpr double kScoreTokens = 0.4;

using internal::Degrees;
using internal::kMetresPerDegree;
// Cells of the corner index: NearestCorner looks at the cells within its distance.
constexpr double kCornerCellM = 200;

std::uint64_t CellKey(std::int64_t x, std::int64_t y) {
  return (std::uint64_t{static_cast<std::uint32_t>(x)} << 32U) | static_cast<std::uint32_t>(y);
}

// Both forms are compared: the expansion makes "St" equal "Street", the raw last word lets a
// half-typed "Van Ness A" still be a prefix of "van ness avenue".
struct QueryForms {
  std::string full;      // every word expanded
  std::string raw_last;  // the last word as typed (lower-cased)
};

constexpr std::array<std::pair<std::string_view, std::string_view>, 30> kAbbreviations = {{
    {"st", "street"},     {"ave", "avenue"},    {"av", "avenue"},       {"blvd", "boulevard"},
    {"bvd", "boulevard"}, {"rd", "road"},       {"dr", "drive"},        {"ln", "lane"},
    {"pl", "place"},      {"ct", "court"},      {"ter", "terrace"},     {"terr", "terrace"},
    {"hwy", "highway"},   {"pkwy", "parkway"},  {"pky", "parkway"},     {"sq", "square"},
    {"cir", "circle"},    {"aly", "alley"},     {"expy", "expressway"}, {"fwy", "freeway"},
    {"n", "north"},       {"s", "south"},       {"e", "east"},          {"w", "west"},
    {"ne", "northeast"},  {"nw", "northwest"},  {"se", "southeast"},    {"sw", "southwest"},
    {"hts", "heights"},   {"cres", "crescent"},
}};

std::string_view Expand(std::string_view word, bool first_of_several) {
  // "St" before the rest of a name is Saint (St Francis Boulevard); anywhere else it is Street.
  if (word == "st" && first_of_several) return "saint";
  for (const auto& [abbreviation, full] : kAbbreviations) {
    if (word == abbreviation) return full;
  }
  return word;
}

// Decodes one code point at s[i]; on a malformed sequence returns the byte itself with length 1
// (OSM names are not validated, and a bad byte must not stop the rest of the name).
char32_t Decode(std::string_view s, std::size_t i, std::size_t& length) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  std::size_t n = 1;
  char32_t cp = b0;
  if (b0 >= 0xF0 && b0 < 0xF8) {
    n = 4;
    cp = b0 & 0x07U;
  } else if (b0 >= 0xE0) {
    n = 3;
    cp = b0 & 0x0FU;
  } else if (b0 >= 0xC0) {
    n = 2;
    cp = b0 & 0x1FU;
  }
  if (n == 1 || i + n > s.size()) {
    length = 1;
    return b0;
  }
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0U) != 0x80U) {
      length = 1;
      return b0;
    }
    cp = (cp << 6U) | (b & 0x3FU);
  }
  length = n;
  return cp;
}

bool IsNonAsciiSeparator(char32_t cp) {
  switch (cp) {
    case 0x00A0:  // no-break space
    case 0x00B7:  // middle dot
    case 0x2013:  // en dash
    case 0x2014:  // em dash
    case 0x3000:  // ideographic space
    case 0x3001:  // 、
    case 0x3002:  // 。
    case 0xFF08:  // （
    case 0xFF09:  // ）
    case 0xFF0C:  // ，
    case 0xFF1A:  // ：
      return true;
    default: return false;
  }
}

std::vector<std::string> Words(std::string_view name) {
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  };
  for (std::size_t i = 0; i < name.size();) {
    const char c = name[i];
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x80) {
      if (c >= 'A' && c <= 'Z') {
        word.push_back(static_cast<char>(c - 'A' + 'a'));
      } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        word.push_back(c);
      } else if (c != '\'') {  // "Joseph's" and "Josephs" are one word
        flush();
      }
      ++i;
      continue;
    }
    std::size_t length = 1;
    const char32_t cp = Decode(name, i, length);
    if (cp == 0x2019) {  // ’ is an apostrophe too
    } else if (IsNonAsciiSeparator(cp)) {
      flush();
    } else if (length == 2 && cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) {
      // Latin-1 capitals (Ö, É ...) fold to their small letters, 0x20 above (× is not a letter).
      word.push_back(name[i]);
      word.push_back(static_cast<char>(static_cast<unsigned char>(name[i + 1]) + 0x20U));
    } else {
      word.append(name.substr(i, length));
    }
    i += length;
  }
  flush();
  return words;
}

QueryForms Forms(std::string_view name) {
  const std::vector<std::string> words = Words(name);
  QueryForms forms;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string_view expanded = Expand(words[i], i == 0 && words.size() > 1);
    if (i > 0) {
      forms.full.push_back(' ');
      forms.raw_last.push_back(' ');
    }
    forms.full.append(expanded);
    forms.raw_last.append(i + 1 == words.size() ? std::string_view(words[i]) : expanded);
  }
  return forms;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// `needle` starts a word of `key` other than the first.
bool InsideAtWord(std::string_view key, std::string_view needle) {
  for (std::size_t pos = key.find(needle, 1); pos != std::string_view::npos;
       pos = key.find(needle, pos + 1)) {
    if (key[pos - 1] == ' ') return true;
  }
  return false;
}

// Every word of `query` begins some word of `key`, in any order ("fillmore st" / "street").
// Scans without allocating: this runs once per street per search.
bool WordsFound(std::string_view key, std::string_view query) {
  std::size_t start = 0;
  while (start < query.size()) {
    const std::size_t end = std::min(query.find(' ', start), query.size());
    const std::string_view word = query.substr(start, end - start);
    if (!word.empty() && !StartsWith(key, word) && !InsideAtWord(key, word)) return false;
    start = end + 1;
  }
  return true;
}

// `prefix` begins `key` and ends where a word of it ends.
bool PrefixWords(std::string_view key, std::string_view prefix) {
  return StartsWith(key, prefix) && (key.size() == prefix.size() || key[prefix.size()] == ' ');
}

double Score(std::string_view key, std::string_view full, std::string_view raw_last) {
  if (key == full) return kScoreExact;
  // A whole typed word ("Mason") should rank its street above one it merely begins ("Masonic").
  if (PrefixWords(key, full) || PrefixWords(key, raw_last)) return kScorePrefixWord;
  if (StartsWith(key, full) || StartsWith(key, raw_last)) return kScorePrefix;
  if (InsideAtWord(key, full) || InsideAtWord(key, raw_last)) return kScoreWord;
  if (key.find(full) != std::string_view::npos || key.find(raw_last) != std::string_view::npos) {
    return kScoreInside;
  }
  if (WordsFound(key, full) || WordsFound(key, raw_last)) return kScoreTokens;
  return 0;
}

template <typename... A>
Status QueryError(const Message& m, const A&... args) {
  return Status::InvalidArgument("query", m, args...);
}

struct Separator {
  std::size_t pos = 0;
  std::size_t length = 0;
};

// "&", "/", "@", "＆", "／" and "与" always join two streets.
std::vector<Separator> HardSeparators(std::string_view q) {
  std::vector<Separator> found;
  for (std::size_t i = 0; i < q.size(); ++i) {
    if (q[i] == '&' || q[i] == '/' || q[i] == '@') found.push_back({i, 1});
    for (const std::string_view s :
         {std::string_view("＆"), std::string_view("／"), std::string_view("与")}) {
      if (q.substr(i, s.size()) == s) found.push_back({i, s.size()});
    }
  }
  return found;
}

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// "and", "at" (whole words) and "和" may be part of a street name ("和平路"), so they only
// join two streets when both sides name one.
std::vector<Separator> SoftSeparators(std::string_view q) {
  std::vector<Separator> found;
  for (std::size_t i = 0; i < q.size(); ++i) {
    for (const std::string_view w : {std::string_view("and"), std::string_view("at")}) {
      if (i + w.size() > q.size()) continue;
      bool same = true;
      for (std::size_t k = 0; k < w.size(); ++k) {
        const char c = q[i + k];
        same = same && (c == w[k] || c == w[k] - 'a' + 'A');
      }
      const bool word_start = i == 0 || !IsAsciiAlnum(q[i - 1]);
      const bool word_end = i + w.size() == q.size() || !IsAsciiAlnum(q[i + w.size()]);
      if (same && word_start && word_end) found.push_back({i, w.size()});
    }
    if (q.substr(i, 3) == "和") found.push_back({i, 3});
  }
  return found;
}

}  // namespace

std::string NormalizePlaceName(std::string_view name) { return Forms(name).full; }

Gazetteer Gazetteer::Build(const RoadGraph& graph) {
  Gazetteer g;
  const std::vector<std::string>& names = graph.names();
  if (!graph.has_coordinates() || names.empty()) return g;

  // The single pass: every (name, node) an edge touches, at both ends, so a street that only
  // leaves or only enters a node still counts there.
  std::vector<std::uint64_t> touches;
  std::vector<std::uint64_t> edges_of_name(names.size(), 0);
  for (NodeIndex u = 0; u < graph.node_count(); ++u) {
    for (std::size_t e = graph.EdgeBegin(u); e < graph.EdgeEnd(u); ++e) {
      const NameId name = graph.Name(e);
      if (name == kNoName || name >= names.size()) continue;
      ++edges_of_name[name];
      touches.push_back((std::uint64_t{name} << 32U) | u);
      touches.push_back((std::uint64_t{name} << 32U) | graph.Target(e));
    }
  }

  // Names that normalise alike become one street.
  std::vector<std::string> keys(names.size());
  std::vector<NameId> used;
  for (NameId n = 0; n < names.size(); ++n) {
    if (edges_of_name[n] == 0) continue;
    keys[n] = NormalizePlaceName(names[n]);
    if (!keys[n].empty()) used.push_back(n);
  }
  std::sort(used.begin(), used.end(), [&](NameId a, NameId b) {
    return std::tie(keys[a], names[a]) < std::tie(keys[b], names[b]);
  });
  constexpr std::uint32_t kNoStreet = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> street_of(names.size(), kNoStreet);
  std::vector<std::uint64_t> display_edges;
  for (const NameId n : used) {
    if (g.streets_.empty() || g.streets_.back().key != keys[n]) {
      g.streets_.push_back({.key = keys[n], .display = names[n]});
      display_edges.push_back(edges_of_name[n]);
    } else if (edges_of_name[n] > display_edges.back()) {
      g.streets_.back().display = names[n];
      display_edges.back() = edges_of_name[n];
    }
    street_of[n] = static_cast<std::uint32_t>(g.streets_.size() - 1);
  }

  std::erase_if(touches, [&](std::uint64_t t) { return street_of[t >> 32U] == kNoStreet; });
  for (std::uint64_t& t : touches) {
    t = (std::uint64_t{street_of[t >> 32U]} << 32U) | (t & 0xFFFF'FFFFU);
  }
  std::sort(touches.begin(), touches.end());
  touches.erase(std::unique(touches.begin(), touches.end()), touches.end());

  g.node_offsets_.assign(g.streets_.size() + 1, 0);
  g.nodes_.reserve(touches.size());
  g.node_positions_.reserve(touches.size());
  for (const std::uint64_t t : touches) {
    ++g.node_offsets_[(t >> 32U) + 1];
    const auto node = static_cast<NodeIndex>(t & 0xFFFF'FFFFU);
    g.nodes_.push_back(node);
    g.node_positions_.push_back(graph.Coordinate(node));
  }
  for (std::size_t s = 0; s < g.streets_.size(); ++s) {
    g.node_offsets_[s + 1] += g.node_offsets_[s];
  }

  // The representative must lie on the street, so it is the street's node nearest the mean of
  // its nodes (the mean itself may fall in a block for a curved or broken street).
  for (std::size_t s = 0; s < g.streets_.size(); ++s) {
    const std::size_t begin = g.node_offsets_[s];
    const std::size_t end = g.node_offsets_[s + 1];
    double lat = 0;
    double lon = 0;
    for (std::size_t i = begin; i < end; ++i) {
      lat += Degrees(g.node_positions_[i].lat_e6);
      lon += Degrees(g.node_positions_[i].lon_e6);
    }
    const auto count = static_cast<double>(end - begin);
    lat /= count;
    lon /= count;
    const double cos_lat = std::cos(lat * std::numbers::pi / 180.0);
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t i = begin; i < end; ++i) {
      const double dy = Degrees(g.node_positions_[i].lat_e6) - lat;
      const double dx = (Degrees(g.node_positions_[i].lon_e6) - lon) * cos_lat;
      const double d2 = dx * dx + dy * dy;
      if (d2 < best) {
        best = d2;
        Street& street = g.streets_[s];
        street.representative = g.nodes_[i];
        street.lat = Degrees(g.node_positions_[i].lat_e6);
        street.lon = Degrees(g.node_positions_[i].lon_e6);
      }
    }
  }

  // The corner index: for each named node, its two first streets by name (or its one street).
  std::vector<std::pair<NodeIndex, std::uint32_t>> by_node;
  by_node.reserve(touches.size());
  for (const std::uint64_t t : touches) {
    by_node.emplace_back(static_cast<NodeIndex>(t & 0xFFFF'FFFFU),
                         static_cast<std::uint32_t>(t >> 32U));
  }
  std::sort(by_node.begin(), by_node.end());
  std::int32_t max_abs_lat_e6 = 0;
  for (std::size_t i = 0; i < by_node.size();) {
    std::size_t j = i + 1;
    while (j < by_node.size() && by_node[j].first == by_node[i].first) ++j;
    const LatLonE6 at = graph.Coordinate(by_node[i].first);
    // Streets are sorted by key, so the two smallest indices are the two first names.
    g.corners_.push_back({.at = at,
                          .node = by_node[i].first,
                          .a = by_node[i].second,
                          .b = j > i + 1 ? by_node[i + 1].second : by_node[i].second});
    max_abs_lat_e6 = std::max(max_abs_lat_e6, std::abs(at.lat_e6));
    i = j;
  }
  // The cosine of the latitude farthest from the equator shrinks east-west offsets, never
  // stretches them, so the cells NearestCorner visits cover its whole distance.
  g.cell_cos_lat_ = std::max(0.01, std::cos(Degrees(max_abs_lat_e6) * std::numbers::pi / 180.0));
  for (std::uint32_t k = 0; k < g.corners_.size(); ++k) {
    const LatLonE6 p = g.corners_[k].at;
    const auto x = static_cast<std::int64_t>(
        std::floor(Degrees(p.lon_e6) * g.cell_cos_lat_ * kMetresPerDegree / kCornerCellM));
    const auto y =
        static_cast<std::int64_t>(std::floor(Degrees(p.lat_e6) * kMetresPerDegree / kCornerCellM));
    g.corner_cells_[CellKey(x, y)].push_back(k);
  }
  return g;
}

std::optional<PlaceMatch> Gazetteer::NearestCorner(double lat, double lon, double max_m) const {
  if (!std::isfinite(lat) || !std::isfinite(lon) || !(max_m >= 0) || max_m > 10'000 ||
      corners_.empty()) {
    return std::nullopt;
  }
  const auto cx =
      static_cast<std::int64_t>(std::floor(lon * cell_cos_lat_ * kMetresPerDegree / kCornerCellM));
  const auto cy = static_cast<std::int64_t>(std::floor(lat * kMetresPerDegree / kCornerCellM));
  const auto reach = static_cast<std::int64_t>(std::ceil(max_m / kCornerCellM));
  const double cos_lat = std::cos(lat * std::numbers::pi / 180.0);
  double best_corner = max_m;
  double best_street = max_m;
  std::optional<std::uint32_t> corner;
  std::optional<std::uint32_t> street;
  for (std::int64_t x = cx - reach; x <= cx + reach; ++x) {
    for (std::int64_t y = cy - reach; y <= cy + reach; ++y) {
      const auto it = corner_cells_.find(CellKey(x, y));
      if (it == corner_cells_.end()) continue;
      for (const std::uint32_t k : it->second) {
        const Corner& c = corners_[k];
        const double dy = (Degrees(c.at.lat_e6) - lat) * kMetresPerDegree;
        const double dx = (Degrees(c.at.lon_e6) - lon) * cos_lat * kMetresPerDegree;
        const double d = std::sqrt(dx * dx + dy * dy);
        // Ties go to the lower index, so the answer does not depend on the cells' order.
        auto better = [&](double dist, double best, const std::optional<std::uint32_t>& held) {
          return dist < best || (dist == best && held && k < *held);
        };
        if (c.a != c.b && better(d, best_corner, corner)) {
          best_corner = d;
          corner = k;
        }
        if (better(d, best_street, street)) {
          best_street = d;
          street = k;
        }
      }
    }
  }
  const auto match = [&](std::uint32_t k, PlaceMatch::Kind kind) {
    const Corner& c = corners_[k];
    PlaceMatch m;
    m.kind = kind;
    m.name = kind == PlaceMatch::Kind::kIntersection
                 ? streets_[c.a].display + " & " + streets_[c.b].display
                 : streets_[c.a].display;
    m.lat = Degrees(c.at.lat_e6);
    m.lon = Degrees(c.at.lon_e6);
    m.node = c.node;
    m.score = 1;
    return m;
  };
  if (corner) return match(*corner, PlaceMatch::Kind::kIntersection);
  if (street) return match(*street, PlaceMatch::Kind::kStreet);
  return std::nullopt;
}

std::vector<Gazetteer::Candidate> Gazetteer::Match(std::string_view key,
                                                   std::string_view key_raw_last,
                                                   std::size_t limit) const {
  std::vector<Candidate> found;
  if (key.empty()) return found;
  for (std::size_t s = 0; s < streets_.size(); ++s) {
    const double score = Score(streets_[s].key, key, key_raw_last);
    if (score > 0) found.push_back({static_cast<std::uint32_t>(s), score});
  }
  const auto better = [this](const Candidate& a, const Candidate& b) {
    if (a.score != b.score) return a.score > b.score;
    return std::tie(streets_[a.street].display, a.street) <
           std::tie(streets_[b.street].display, b.street);
  };
  if (found.size() > limit) {
    std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(limit),
                      found.end(), better);
    found.resize(limit);
  } else {
    std::sort(found.begin(), found.end(), better);
  }
  return found;
}

std::vector<PlaceMatch> Gazetteer::Streets(std::string_view raw, std::size_t limit) const {
  const QueryForms forms = Forms(raw);
  std::vector<PlaceMatch> out;
  for (const Candidate& c : Match(forms.full, forms.raw_last, limit)) {
    const Street& s = streets_[c.street];
    out.push_back({.kind = PlaceMatch::Kind::kStreet,
                   .name = s.display,
                   .lat = s.lat,
                   .lon = s.lon,
                   .node = s.representative,
                   .score = c.score});
  }
  return out;
}

std::vector<PlaceMatch> Gazetteer::Intersections(std::string_view a_raw, std::string_view b_raw,
                                                 std::size_t limit) const {
  const QueryForms a_forms = Forms(a_raw);
  const QueryForms b_forms = Forms(b_raw);
  const std::vector<Candidate> as = Match(a_forms.full, a_forms.raw_last, kSideCandidates);
  const std::vector<Candidate> bs = Match(b_forms.full, b_forms.raw_last, kSideCandidates);

  std::vector<PlaceMatch> out;
  std::set<std::pair<std::uint32_t, std::uint32_t>> done;
  std::vector<std::size_t> common;  // indices into nodes_ of street a
  for (const Candidate& a : as) {
    for (const Candidate& b : bs) {
      if (a.street == b.street) continue;
      if (!done.insert(std::minmax(a.street, b.street)).second) continue;
      common.clear();
      std::size_t i = node_offsets_[a.street];
      std::size_t j = node_offsets_[b.street];
      const std::size_t i_end = node_offsets_[a.street + 1];
      const std::size_t j_end = node_offsets_[b.street + 1];
      while (i < i_end && j < j_end) {
        if (nodes_[i] < nodes_[j]) {
          ++i;
        } else if (nodes_[j] < nodes_[i]) {
          ++j;
        } else {
          common.push_back(i);
          ++i;
          ++j;
        }
      }
      if (common.empty()) continue;

      // Greedy leaders in node order: a meeting node within kIntersectionMergeM of a leader
      // joins it, otherwise it leads a new crossing. So every meeting node is within the
      // distance of a returned one, and returned ones are farther apart than it. Leaders are
      // found through a grid of cells wider than the distance, so a long pair stays linear.
      // The cosine of the latitude farthest from the equator shrinks east-west offsets, never
      // stretches them, so a leader within the distance is always in a neighbouring cell.
      std::int32_t max_abs_lat_e6 = 0;
      for (const std::size_t k : common) {
        max_abs_lat_e6 = std::max(max_abs_lat_e6, std::abs(node_positions_[k].lat_e6));
      }
      const double cos_lat = std::cos(Degrees(max_abs_lat_e6) * std::numbers::pi / 180.0);
      constexpr double kCellM = kIntersectionMergeM * 4.0 / 3.0;
      const auto cell_of = [&](LatLonE6 p) {
        return std::pair{
            static_cast<std::int64_t>(
                std::floor(Degrees(p.lon_e6) * cos_lat * kMetresPerDegree / kCellM)),
            static_cast<std::int64_t>(std::floor(Degrees(p.lat_e6) * kMetresPerDegree / kCellM))};
      };
      std::unordered_map<std::uint64_t, std::vector<std::size_t>> leaders;
      const std::string name = streets_[a.street].display + " & " + streets_[b.street].display;
      for (const std::size_t k : common) {
        const LatLonE6 p = node_positions_[k];
        const auto [cx, cy] = cell_of(p);
        bool joined = false;
        for (std::int64_t dx = -1; dx <= 1 && !joined; ++dx) {
          for (std::int64_t dy = -1; dy <= 1 && !joined; ++dy) {
            const auto it = leaders.find(CellKey(cx + dx, cy + dy));
            if (it == leaders.end()) continue;
            for (const std::size_t l : it->second) {
              if (osm_internal::HaversineM(p, node_positions_[l]) <= kIntersectionMergeM) {
                joined = true;
                break;
              }
            }
          }
        }
        if (joined) continue;
        leaders[CellKey(cx, cy)].push_back(k);
        out.push_back({.kind = PlaceMatch::Kind::kIntersection,
                       .name = name,
                       .lat = Degrees(p.lat_e6),
                       .lon = Degrees(p.lon_e6),
                       .node = nodes_[k],
                       .score = std::min(a.score, b.score)});
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const PlaceMatch& x, const PlaceMatch& y) {
    if (x.score != y.score) return x.score > y.score;
    return std::tie(x.name, x.node) < std::tie(y.name, y.node);
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

Result<std::vector<PlaceMatch>> Gazetteer::Search(std::string_view query, std::size_t limit) const {
  if (query.size() > kMaxPlaceQueryBytes) {
    return QueryError(msg::kQueryTooLong, kMaxPlaceQueryBytes, query.size());
  }
  if (!IsValidUtf8(query)) return QueryError(msg::kNotUtf8);
  bool blank = true;
  for (const char c : query) {
    const auto u = static_cast<unsigned char>(c);
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (!space && (u < 0x20 || u == 0x7F)) {
      return QueryError(msg::kControlByte, static_cast<unsigned>(u));
    }
    blank = blank && space;
  }
  if (blank) return QueryError(msg::kEmptyQuery);

  const std::vector<Separator> hard = HardSeparators(query);
  if (hard.size() > 1) return QueryError(msg::kMoreThanTwoStreets);
  if (hard.size() == 1) {
    const std::string_view a = query.substr(0, hard[0].pos);
    const std::string_view b = query.substr(hard[0].pos + hard[0].length);
    if (NormalizePlaceName(a).empty() || NormalizePlaceName(b).empty()) {
      return QueryError(msg::kStreetOnEachSide, query.substr(hard[0].pos, hard[0].length));
    }
    if (limit == 0 || streets_.empty()) return std::vector<PlaceMatch>{};
    return Intersections(a, b, limit);
  }
  if (NormalizePlaceName(query).empty()) return QueryError(msg::kNoStreet);
  if (limit == 0 || streets_.empty()) return std::vector<PlaceMatch>{};

  for (const Separator& s : SoftSeparators(query)) {
    const QueryForms a = Forms(query.substr(0, s.pos));
    const QueryForms b = Forms(query.substr(s.pos + s.length));
    if (Match(a.full, a.raw_last, 1).empty() || Match(b.full, b.raw_last, 1).empty()) continue;
    return Intersections(query.substr(0, s.pos), query.substr(s.pos + s.length), limit);
  }
  return Streets(query, limit);
}

}  // namespace elink::geo
