// SPDX-License-Identifier: Apache-2.0
#include "app/travel_cli.hpp"

#include "geo/graph_file.hpp"
#include "geo/router.hpp"
#include "sim/calls.hpp"
#include "util/file.hpp"

#include <filesystem>
#include <memory>
#include <system_error>
#include <utility>
#include <vector>

namespace elink::app {

Status RunValidateTravel(const ValidateTravelOptions& options, std::ostream& out) {
  ELINK_ASSIGN_OR_RETURN(const sim::CallLog log, sim::LoadSfFireCalls(options.calls));
  ELINK_ASSIGN_OR_RETURN(const std::vector<sim::Station> stations,
                         sim::LoadStations(options.stations));
  ELINK_ASSIGN_OR_RETURN(geo::LoadedGraph loaded, geo::ReadGraphFile(options.graph));
  const std::string graph_source = loaded.info.source.empty()
                                       ? std::filesystem::path(options.graph).filename().string()
                                       : loaded.info.source;
  geo::RouterOptions router_options;
  router_options.max_snap_m = options.check.max_snap_m;
  if (options.progress) {
    router_options.progress = [&](std::size_t done, std::size_t total) {
      options.progress("contracting", done, total);
    };
  }
  ELINK_ASSIGN_OR_RETURN(
      const std::shared_ptr<const geo::Router> router,
      geo::Router::Create(std::move(loaded.graph), std::move(loaded.ch), router_options));
  sim::TravelCheckOptions check = options.check;
  if (options.progress) {
    check.progress = [&](std::size_t done, std::size_t total) {
      options.progress("calls", done, total);
    };
  }
  ELINK_ASSIGN_OR_RETURN(const sim::TravelReport report,
                         sim::CheckTravelTimes(*router, log.calls, stations, check));
  if (!options.out_dir.empty()) {
    const std::filesystem::path dir(options.out_dir);
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return Status::IOError("cannot create " + options.out_dir + ": " + ec.message());
    ELINK_RETURN_IF_ERROR(WriteWholeFile((dir / "report.json").string(),
                                         sim::TravelReportJson(report, log.report, graph_source)));
    ELINK_RETURN_IF_ERROR(WriteWholeFile((dir / "report.html").string(),
                                         sim::TravelReportHtml(report, log.report, graph_source)));
    ELINK_RETURN_IF_ERROR(
        WriteWholeFile((dir / "pairs.csv").string(), sim::TravelPairsCsv(report)));
  }
  if (options.json) {
    out << sim::TravelReportJson(report, log.report, graph_source);
  } else {
    out << sim::TravelReportText(report, log.report, options.chinese);
    if (!options.out_dir.empty()) {
      out << (options.chinese ? "  报告: " : "  report: ")
          << (std::filesystem::path(options.out_dir) / "report.html").string() << "\n";
    }
  }
  return Status::Ok();
}

}  // namespace elink::app
