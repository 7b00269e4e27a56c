// SPDX-License-Identifier: Apache-2.0
#include "util/log.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <string>

namespace elink {

Status InitLogging(std::string_view level) {
  const auto lvl = spdlog::level::from_str(std::string(level));
  if (lvl == spdlog::level::off && level != "off") {
    return Status::InvalidArgument("log-level", "unknown log level '" + std::string(level) +
                                                    "' (trace, debug, info, warn, error, off)");
  }
  spdlog::drop("elink");
  auto logger = spdlog::stderr_color_mt("elink");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);
  logger->set_level(lvl);
  spdlog::set_default_logger(logger);
  return {};
}

}  // namespace elink
