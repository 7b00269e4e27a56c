// SPDX-License-Identifier: Apache-2.0
#include "api/metrics.hpp"

#include <cstdio>

namespace elink::api {

namespace {

// Label values are route patterns and methods we define, but escape anyway (\, ", newline).
std::string Escape(const std::string& s) {
  std::string out;
  for (const char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string Number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

}  // namespace

void Metrics::Observe(const std::string& method, const std::string& route, int status,
                      std::int64_t micros) {
  const double s = static_cast<double>(micros) / 1e6;
  const util::MutexLock lock(mu_);
  ++requests_[{method, route}][status];
  Histogram& h = latency_[{method, route}];
  for (std::size_t i = 0; i < kBucketsS.size(); ++i) {
    if (s <= kBucketsS[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum_s += s;
}

std::string Metrics::Render(
    const std::vector<std::pair<std::pair<std::string, std::string>, double>>& gauges) const {
  std::string out;
  {
    const util::MutexLock lock(mu_);
    out += "# HELP elink_http_requests_total HTTP requests answered, by route and status.\n";
    out += "# TYPE elink_http_requests_total counter\n";
    for (const auto& [key, by_status] : requests_) {
      for (const auto& [status, n] : by_status) {
        out += "elink_http_requests_total{method=\"" + Escape(key.first) + "\",route=\"" +
               Escape(key.second) + "\",status=\"" + std::to_string(status) + "\"} " +
               std::to_string(n) + "\n";
      }
    }
    out += "# HELP elink_http_request_duration_seconds Time from request to reply, by route.\n";
    out += "# TYPE elink_http_request_duration_seconds histogram\n";
    for (const auto& [key, h] : latency_) {
      const std::string labels =
          "method=\"" + Escape(key.first) + "\",route=\"" + Escape(key.second) + "\"";
      for (std::size_t i = 0; i < kBucketsS.size(); ++i) {
        out += "elink_http_request_duration_seconds_bucket{" + labels + ",le=\"" +
               Number(kBucketsS[i]) + "\"} " + std::to_string(h.buckets[i]) + "\n";
      }
      out += "elink_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} " +
             std::to_string(h.count) + "\n";
      out += "elink_http_request_duration_seconds_sum{" + labels + "} " + Number(h.sum_s) + "\n";
      out += "elink_http_request_duration_seconds_count{" + labels + "} " +
             std::to_string(h.count) + "\n";
    }
  }
  for (const auto& [name_help, value] : gauges) {
    out += "# HELP " + name_help.first + " " + name_help.second + "\n";
    out += "# TYPE " + name_help.first + " gauge\n";
    out += name_help.first + " " + Number(value) + "\n";
  }
  return out;
}

}  // namespace elink::api
