// SPDX-License-Identifier: Apache-2.0
#include "app/stress.hpp"

#include "dispatch/recommend.hpp"

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace elink::app {

namespace {

constexpr const char* kStressType = "fire.residential";

}  // namespace

Status StressOptions::Validate() const {
  if (threads < 1 || threads > 1024) return Status::InvalidArgument("threads", "must be 1..1024");
  if (cycles < 1) return Status::InvalidArgument("cycles", "must be at least 1");
  if (run_id.empty() || run_id.find('-') != std::string::npos) {
    return Status::InvalidArgument("run-id", "must be non-empty and contain no '-'");
  }
  return {};
}

int StressEventsPerCommand(std::string_view request_id, const core::State& state) {
  if (request_id.size() < 2 || request_id[request_id.size() - 2] != '-') return 0;
  switch (request_id.back()) {
    case 'r': return 1;
    case 'v': return dispatch::PlanFor(state, kStressType) != nullptr ? 2 : 1;
    case 'p': return 3;
    default: return 0;
  }
}

Result<StressReport> RunStress(Center& center, const StressOptions& options,
                               const AckCallback& on_ack) {
  ELINK_RETURN_IF_ERROR(options.Validate());
  const auto view = center.engine().View();
  if (view->units().empty() || view->grids().empty()) {
    return Status::FailedPrecondition("the center needs a region with units and grids");
  }
  std::vector<core::UnitId> units;
  for (const auto& [id, unit] : view->units()) units.push_back(id);
  // Incidents are reported at the centre of the first grid's outer ring's bounding box.
  const auto& ring = view->grids().begin()->second.area.front().outer;
  core::LatLon where{(ring[0].lat + ring[2].lat) / 2, (ring[0].lon + ring[2].lon) / 2};

  std::mutex ack_mu;
  std::atomic<std::uint64_t> acked{0};
  std::atomic<std::uint64_t> refused{0};
  std::mutex error_mu;
  Status first_error;
  const auto start = std::chrono::steady_clock::now();

  auto submit = [&](engine::Command cmd) -> Result<engine::Reply> {
    const std::string rid = cmd.request_id;
    auto reply = center.engine().Execute(std::move(cmd));
    if (!reply.ok()) {
      ++refused;
      return reply.status();
    }
    ++acked;
    std::lock_guard lock(ack_mu);
    if (on_ack) on_ack(rid, *reply);
    return reply;
  };

  std::vector<std::thread> threads;
  for (int t = 0; t < options.threads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < options.cycles; ++i) {
        const std::string base = options.run_id + "-" + std::to_string(t) + "-" + std::to_string(i);
        dispatch::ReportIncident report;
        report.type = kStressType;
        report.location = where;
        report.description = "stress " + base;
        auto r = submit({"stress", base + "-r", report});
        Status s = r.status();
        if (s.ok()) {
          s = submit({"stress", base + "-v",
                      dispatch::ChangeIncidentStatus{*r->incident, core::IncidentStatus::kVerified,
                                                     "stress"}})
                  .status();
        }
        if (s.ok()) {
          units::ReportPositions positions;
          const auto now = center.engine().View()->last_event_at();
          for (int k = 0; k < 3; ++k) {
            const auto& unit = units[static_cast<std::size_t>(t * 3 + k + i) % units.size()];
            positions.reports.push_back({unit, where, now});
          }
          s = submit({"stress", base + "-p", std::move(positions)}).status();
        }
        if (!s.ok()) {
          std::lock_guard lock(error_mu);
          if (first_error.ok()) first_error = s;
          return;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  if (!first_error.ok()) return first_error;
  StressReport report;
  report.acknowledged = acked.load();
  report.refused = refused.load();
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace elink::app
