#pragma once
// Request metrics for /metrics, in the Prometheus text exposition format (version 0.0.4):
// requests by route and status, latency histograms by route, plus gauges the caller supplies
// (engine queue depth, commit batches, WebSocket clients). Thread-safe; a mutex per observation
// is cheap next to an HTTP request.

#include "util/thread_annotations.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace elink::api {

class Metrics {
 public:
  // `route` is the route's pattern ("/api/v1/incidents/{id}"), never the raw path, so that the
  // number of series stays bounded whatever clients send.
  void Observe(const std::string& method, const std::string& route, int status,
               std::int64_t micros);

  // The whole exposition, with `gauges` (name, help, value) appended.
  [[nodiscard]] std::string Render(
      const std::vector<std::pair<std::pair<std::string, std::string>, double>>& gauges) const;

 private:
  static constexpr std::array<double, 11> kBucketsS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                       0.05,   0.1,   0.25,   0.5,   1.0};
  struct Histogram {
    std::array<std::uint64_t, kBucketsS.size()> buckets{};
    std::uint64_t count = 0;
    double sum_s = 0;
  };
  mutable util::Mutex mu_;
  std::map<std::pair<std::string, std::string>, std::map<int, std::uint64_t>> requests_
      ELINK_GUARDED_BY(mu_);
  std::map<std::pair<std::string, std::string>, Histogram> latency_ ELINK_GUARDED_BY(mu_);
};

}  // namespace elink::api
