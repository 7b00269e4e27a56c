// SPDX-License-Identifier: Apache-2.0
#include "sim/internal/travel_common.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace elink::sim::internal {

double Median(std::vector<double>& v) {
  if (v.empty()) return 0;
  const std::size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  const double upper = v[mid];
  if (v.size() % 2 == 1) return upper;
  const double lower = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid));
  return (lower + upper) / 2;
}

double Quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
  return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

std::string Fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string SkippedText(const TravelReport& r) {
  std::string out;
  for (const auto& [reason, n] : r.skipped) {
    if (!out.empty()) out += ", ";
    out += reason + " " + std::to_string(n);
  }
  return out.empty() ? "-" : out;
}

}  // namespace elink::sim::internal
