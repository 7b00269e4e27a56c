#pragma once
// Loader for the 9th DIMACS Implementation Challenge shortest-path format: a ".gr" arc file
// ("p sp N M", "a u v w"), optionally a second ".gr" with lengths for the same arcs and a ".co"
// coordinate file ("p aux sp co N", "v id lon·1e6 lat·1e6"). Each file may be plain or gzip.
// DIMACS ids are 1-based; the RoadGraph's node i is DIMACS node i + 1.

#include "geo/graph.hpp"
#include "util/status.hpp"

#include <cstddef>
#include <string>

namespace elink::geo {

struct DimacsFiles {
  std::string time_gr;      // required: arc weights become RoadGraph::Time
  std::string distance_gr;  // optional: same arcs in the same order; weights become LengthM
  std::string coordinates;  // optional: .co file for the same node count
};

// Bounds that make hostile headers fail fast instead of exhausting memory.
struct DimacsLimits {
  NodeIndex max_nodes = kMaxNodes;
  std::size_t max_arcs = std::size_t{1} << 30;
  std::size_t max_file_bytes = std::size_t{4} << 30;  // after decompression
};

// Reads and checks the files strictly. Errors name "file:line" and the reason:
// kIOError when a file cannot be opened or read; kCorruption for damaged or truncated gzip;
// kInvalidArgument for anything wrong inside (bad or unknown lines, missing or repeated header,
// counts that disagree with the header, ids out of range, negative or too large weights,
// sizes over `limits`, distance file whose arcs differ, coordinates missing or repeated).
// Thread-safe (no shared state).
Result<RoadGraph> LoadDimacs(const DimacsFiles& files, const DimacsLimits& limits = {});

}  // namespace elink::geo
