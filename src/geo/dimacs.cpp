// SPDX-License-Identifier: Apache-2.0
#include "geo/dimacs.hpp"

#include "util/file.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

namespace elink::geo {
namespace {

// Splits a text into lines and lines into space-separated fields, counting line numbers.
class LineReader {
 public:
  LineReader(std::string_view text, const std::string& path) : text_(text), path_(path) {}

  // False at the end of the text.
  bool Next() {
    if (pos_ >= text_.size()) return false;
    std::size_t end = text_.find('\n', pos_);
    if (end == std::string_view::npos) end = text_.size();
    std::string_view line = text_.substr(pos_, end - pos_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos_ = end + 1;
    ++line_number_;
    fields_.clear();
    std::size_t i = 0;
    while (i < line.size() && fields_.size() <= kMaxFields) {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
      std::size_t j = i;
      while (j < line.size() && line[j] != ' ' && line[j] != '\t') ++j;
      if (j > i) fields_.push_back(line.substr(i, j - i));
      i = j;
    }
    return true;
  }

  [[nodiscard]] const std::vector<std::string_view>& fields() const { return fields_; }

  [[nodiscard]] Status Error(const std::string& reason) const {
    return Status::InvalidArgument(Where(), reason);
  }
  [[nodiscard]] std::string Where() const { return path_ + ":" + std::to_string(line_number_); }

  // Parses field `i` as an integer in [lo, hi]; `what` names it in the error.
  template <typename T>
  Status Field(std::size_t i, std::int64_t lo, std::int64_t hi, const char* what, T& out) const {
    const std::string_view s = fields_[i];
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc::result_out_of_range) return Error(std::string(what) + " out of range");
    if (ec != std::errc() || end != s.data() + s.size()) {
      return Error(std::string(what) + " is not an integer: '" + std::string(s.substr(0, 32)) +
                   "'");
    }
    if (v < 0 && lo >= 0) return Error(std::string(what) + " is negative");
    if (v < lo || v > hi) {
      return Error(std::string(what) + " " + std::to_string(v) + " out of range [" +
                   std::to_string(lo) + ", " + std::to_string(hi) + "]");
    }
    out = static_cast<T>(v);
    return Status::Ok();
  }

 private:
  // Lines longer than this many fields are wrong anyway; stop splitting hostile input early.
  static constexpr std::size_t kMaxFields = 8;
  std::string_view text_;
  const std::string& path_;
  std::size_t pos_ = 0;
  std::size_t line_number_ = 0;
  std::vector<std::string_view> fields_;
};

struct Arc {
  NodeIndex from;
  NodeIndex to;
  Weight weight;
};

struct GrFile {
  NodeIndex node_count = 0;
  std::vector<Arc> arcs;
};

// `expected`, when given, holds arcs another file listed: this one must list the same (u, v).
Result<GrFile> ParseGr(std::string_view text, const std::string& path, const DimacsLimits& limits,
                       const std::vector<Arc>* expected) {
  LineReader in(text, path);
  GrFile out;
  bool header = false;
  std::size_t arc_count = 0;
  while (in.Next()) {
    const auto& f = in.fields();
    if (f.empty() || f[0] == "c") continue;
    if (f[0] == "p") {
      if (header) return in.Error("second 'p' line");
      if (f.size() != 4 || f[1] != "sp") return in.Error("expected 'p sp <nodes> <arcs>'");
      ELINK_RETURN_IF_ERROR(in.Field(2, 0, limits.max_nodes, "node count", out.node_count));
      ELINK_RETURN_IF_ERROR(
          in.Field(3, 0, static_cast<std::int64_t>(limits.max_arcs), "arc count", arc_count));
      if (expected != nullptr && arc_count != expected->size()) {
        return in.Error("arc count differs from the travel-time file");
      }
      // Each arc line takes at least 8 bytes, so the text bounds what is worth reserving.
      out.arcs.reserve(std::min(arc_count, text.size() / 8));
      header = true;
      continue;
    }
    if (f[0] == "a") {
      if (!header) return in.Error("'a' line before the 'p sp' header");
      if (f.size() != 4) return in.Error("expected 'a <from> <to> <weight>'");
      if (out.arcs.size() == arc_count) {
        return in.Error("more arcs than the header's " + std::to_string(arc_count));
      }
      Arc arc{};
      ELINK_RETURN_IF_ERROR(in.Field(1, 1, out.node_count, "from node", arc.from));
      ELINK_RETURN_IF_ERROR(in.Field(2, 1, out.node_count, "to node", arc.to));
      ELINK_RETURN_IF_ERROR(in.Field(3, 0, kMaxWeight, "weight", arc.weight));
      --arc.from;
      --arc.to;
      if (expected != nullptr) {
        const Arc& other = (*expected)[out.arcs.size()];
        if (other.from != arc.from || other.to != arc.to) {
          return in.Error("arc differs from the travel-time file's arc " +
                          std::to_string(out.arcs.size() + 1));
        }
      }
      out.arcs.push_back(arc);
      continue;
    }
    return in.Error("unknown line type '" + std::string(f[0].substr(0, 16)) + "'");
  }
  if (!header) return in.Error("no 'p sp' header");
  if (out.arcs.size() != arc_count) {
    return in.Error("file ends after " + std::to_string(out.arcs.size()) +
                    " arcs; the header says " + std::to_string(arc_count));
  }
  return out;
}

Status ParseCo(std::string_view text, const std::string& path, NodeIndex node_count,
               RoadGraphBuilder& builder) {
  LineReader in(text, path);
  bool header = false;
  std::vector<bool> seen;
  NodeIndex count = 0;
  while (in.Next()) {
    const auto& f = in.fields();
    if (f.empty() || f[0] == "c") continue;
    if (f[0] == "p") {
      if (header) return in.Error("second 'p' line");
      if (f.size() != 5 || f[1] != "aux" || f[2] != "sp" || f[3] != "co") {
        return in.Error("expected 'p aux sp co <nodes>'");
      }
      NodeIndex n = 0;
      ELINK_RETURN_IF_ERROR(in.Field(4, 0, kMaxNodes, "node count", n));
      if (n != node_count) {
        return in.Error("node count " + std::to_string(n) + " differs from the graph's " +
                        std::to_string(node_count));
      }
      seen.assign(node_count, false);
      header = true;
      continue;
    }
    if (f[0] == "v") {
      if (!header) return in.Error("'v' line before the 'p aux sp co' header");
      if (f.size() != 4) return in.Error("expected 'v <id> <lon·1e6> <lat·1e6>'");
      NodeIndex id = 0;
      LatLonE6 c;
      ELINK_RETURN_IF_ERROR(in.Field(1, 1, node_count, "node id", id));
      ELINK_RETURN_IF_ERROR(in.Field(2, -180'000'000, 180'000'000, "longitude", c.lon_e6));
      ELINK_RETURN_IF_ERROR(in.Field(3, -90'000'000, 90'000'000, "latitude", c.lat_e6));
      --id;
      if (seen[id]) return in.Error("node " + std::to_string(id + 1) + " listed twice");
      seen[id] = true;
      ++count;
      builder.SetCoordinate(id, c);
      continue;
    }
    return in.Error("unknown line type '" + std::string(f[0].substr(0, 16)) + "'");
  }
  if (!header) return in.Error("no 'p aux sp co' header");
  if (count != node_count) {
    return in.Error("file ends after " + std::to_string(count) + " nodes; the header says " +
                    std::to_string(node_count));
  }
  return Status::Ok();
}

}  // namespace

Result<RoadGraph> LoadDimacs(const DimacsFiles& files, const DimacsLimits& limits) {
  ELINK_ASSIGN_OR_RETURN(std::string time_text,
                         ReadWholeFile(files.time_gr, limits.max_file_bytes));
  ELINK_ASSIGN_OR_RETURN(GrFile time, ParseGr(time_text, files.time_gr, limits, nullptr));
  time_text = std::string();

  std::vector<std::uint32_t> lengths;
  if (!files.distance_gr.empty()) {
    ELINK_ASSIGN_OR_RETURN(std::string text,
                           ReadWholeFile(files.distance_gr, limits.max_file_bytes));
    ELINK_ASSIGN_OR_RETURN(GrFile dist, ParseGr(text, files.distance_gr, limits, &time.arcs));
    if (dist.node_count != time.node_count) {
      return Status::InvalidArgument(files.distance_gr,
                                     "node count differs from the travel-time file");
    }
    lengths.reserve(dist.arcs.size());
    for (const Arc& a : dist.arcs) lengths.push_back(a.weight);
  }

  RoadGraphBuilder builder(time.node_count);
  if (!files.coordinates.empty()) {
    ELINK_ASSIGN_OR_RETURN(std::string text,
                           ReadWholeFile(files.coordinates, limits.max_file_bytes));
    ELINK_RETURN_IF_ERROR(ParseCo(text, files.coordinates, time.node_count, builder));
  }
  builder.Reserve(time.arcs.size());
  for (std::size_t i = 0; i < time.arcs.size(); ++i) {
    const Arc& a = time.arcs[i];
    builder.AddEdge({.from = a.from,
                     .to = a.to,
                     .time = a.weight,
                     .length_m = lengths.empty() ? 0 : lengths[i]});
  }
  return std::move(builder).Build();
}

}  // namespace elink::geo
