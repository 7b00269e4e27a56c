#pragma once
// Logging: spdlog, set up once by the composition root. Library code logs through spdlog's default
// logger (`spdlog::info(...)`); this header only configures it.

#include "util/status.hpp"

#include <string_view>

namespace elink {

// Sets the default logger to stderr with the given level ("trace".."off"). kInvalidArgument on an
// unknown level name.
Status InitLogging(std::string_view level);

}  // namespace elink
