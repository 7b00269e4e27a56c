#pragma once
// Reader of J.E. Beasley's OR-Library p-median files (pmed1.txt … pmed40.txt; data/PROVENANCE.md):
// a line "n m p", then m lines "i j c", undirected edges between 1-based vertices; a repeated edge
// takes its last cost. The problem is the shortest-path distances between every pair of vertices,
// every vertex a client of weight 1 and a candidate site.

#include "coverage/pmedian.hpp"
#include "util/status.hpp"

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

namespace elink::coverage {

struct OrLibLimits {
  int max_vertices = 5000;
  std::int64_t max_edges = 10'000'000;
  Cost max_edge_cost = 100'000;                         // so that every path stays within kMaxCost
  std::size_t max_file_bytes = std::size_t{256} << 20;  // after decompression
};

// Parses the text of one file; `name` becomes the field of every error. Errors, all
// kInvalidArgument: a header that is not three whole numbers, an edge line that is not, a vertex
// not from 1 to n, a cost out of range, fewer or more edges than the header says, n or m over
// `limits`, p not from 1 to n, a graph that is not connected. Thread-safe.
Result<PMedianProblem> ParseOrLibPmed(std::string_view text, const std::string& name,
                                      const OrLibLimits& limits = {});

// Reads `path` (plain or gzip; util/file.hpp) and parses it; the errors of ReadWholeFile and of
// ParseOrLibPmed.
Result<PMedianProblem> LoadOrLibPmed(const std::string& path, const OrLibLimits& limits = {});

// Reads OR-Library's pmedopt.txt: one header line, then "pmedK value" lines; the map is keyed by
// "pmedK". kInvalidArgument (field `path`) for a line that is not a name and a whole number.
Result<std::map<std::string, Cost>> LoadOrLibOptima(const std::string& path);

}  // namespace elink::coverage
