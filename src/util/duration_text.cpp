// SPDX-License-Identifier: Apache-2.0
#include "util/duration_text.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>

namespace elink {

std::string DurationText(std::chrono::seconds d, bool zh) {
  const long long s = std::max<long long>(0, d.count());
  char buf[64];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, zh ? "%lld小时%02lld分" : "%lld h %02lld min", s / 3600,
                  (s % 3600) / 60);
  } else {
    std::snprintf(buf, sizeof buf, zh ? "%lld分%02lld秒" : "%lld min %02lld s", s / 60, s % 60);
  }
  return buf;
}

std::string AgeText(std::chrono::minutes d, bool zh) {
  const std::int64_t minutes = std::max<std::int64_t>(0, d.count());
  const std::int64_t days = minutes / (24 * 60);
  const std::int64_t hours = minutes / 60 % 24;
  std::string out;
  if (days > 0) out += std::to_string(days) + (zh ? "天" : " d ");
  if (days > 0 || hours > 0) out += std::to_string(hours) + (zh ? "小时" : " h ");
  out += std::to_string(minutes % 60) + (zh ? "分钟" : " min");
  return out;
}

}  // namespace elink
