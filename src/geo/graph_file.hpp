#pragma once
// The road graph file: a RoadGraph and, optionally, its ContractionHierarchy written once by
// `elink import-osm` and loaded at start-up in one read. Little-endian binary with a SHA-256 over
// the whole file; every array is validated on load, so a damaged or crafted file is refused with
// a Status instead of crashing a later query. Byte layout: docs/formats/graph-file.md.

#include "geo/ch.hpp"
#include "geo/graph.hpp"
#include "util/status.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace elink::geo {

// Where the graph came from; stored in the file's header and readable without loading the rest.
struct GraphFileInfo {
  std::string source;      // e.g. "andorra.osm.pbf sha256:…"
  std::string profile;     // e.g. "emergency"
  std::string created_by;  // e.g. "elink 0.1.0"
  std::int64_t created_unix = 0;
  friend bool operator==(const GraphFileInfo&, const GraphFileInfo&) = default;
};

inline constexpr std::uint32_t kGraphFileVersion = 1;
// Each GraphFileInfo string may hold at most this many bytes.
inline constexpr std::size_t kGraphFileMaxInfoBytes = 64 * 1024;

// Writes atomically: a temporary file in the same directory, fsync, rename over `path`, fsync of
// the directory. `ch` may be null; when given it must have been built from `graph`.
// kInvalidArgument ("info.source", ...) for an info string over kGraphFileMaxInfoBytes or a
// hierarchy whose node count differs from the graph's; kIOError when the file cannot be written
// (no temporary file is left behind). Thread-safe (reads its arguments only).
Status WriteGraphFile(const std::string& path, const RoadGraph& graph,
                      const ContractionHierarchy* ch, const GraphFileInfo& info);

struct LoadedGraph {
  RoadGraph graph;
  std::optional<ContractionHierarchy> ch;  // when the file holds one
  GraphFileInfo info;
};

// Reads and verifies the whole file. kIOError when it cannot be opened or read (missing, a
// directory); kFailedPrecondition when it is a graph file of another format version (the message
// names both versions and says to re-run `elink import-osm`); kCorruption for anything else: bad
// magic, wrong size (truncated or trailing bytes), checksum mismatch, or arrays that do not
// describe a valid graph / hierarchy (the message names the section). Thread-safe.
Result<LoadedGraph> ReadGraphFile(const std::string& path);

// The header only (a few hundred bytes read): same codes as ReadGraphFile, except that the
// checksum is not verified, so a damaged body is noticed only by ReadGraphFile.
Result<GraphFileInfo> ReadGraphFileInfo(const std::string& path);

}  // namespace elink::geo
