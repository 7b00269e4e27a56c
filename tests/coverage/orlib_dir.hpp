#pragma once
// Where the OR-Library p-median instances are (data/coverage/orlib-pmed, with their provenance).

#include <string>

namespace elink::coverage::test {

inline const std::string kOrLibDir = ELINK_SOURCE_DIR "/data/coverage/orlib-pmed";

}  // namespace elink::coverage::test
