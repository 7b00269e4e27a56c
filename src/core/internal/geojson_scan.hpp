#pragma once
// A lexical scan of GeoJSON text before nlohmann parses it: the line where each element of the
// top-level "features" array starts (nlohmann keeps no positions), and a refusal of nesting deep
// enough to exhaust the stack of a recursive parser.

#include "util/status.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace elink::core::internal {

// GeoJSON needs 8 levels (collection, features, feature, geometry, coordinates, polygon, ring,
// position); nlohmann's DOM builder and destructor are only as deep as the input allows.
inline constexpr int kMaxJsonDepth = 64;

// The start line of each feature; kInvalidArgument "<file>:<line>: JSON nested deeper than 64
// levels". Whatever the scan tolerates, nlohmann rejects afterwards with a message.
Result<std::vector<std::size_t>> ScanJson(std::string_view text, const std::string& file);

}  // namespace elink::core::internal
