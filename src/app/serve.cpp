// SPDX-License-Identifier: Apache-2.0
#include "app/serve.hpp"

#include "api/http_server.hpp"
#include "api/service.hpp"
#include "api/stream.hpp"
#include "app/anchors.hpp"
#include "app/center.hpp"
#include "app/key_file.hpp"
#include "app/routing_cli.hpp"
#include "geo/gazetteer.hpp"
#include "sim/drill.hpp"
#include "sim/sources.hpp"

#include <spdlog/spdlog.h>

#include <charconv>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>

namespace elink::app {

Result<std::pair<std::string, unsigned short>> ParseListen(const std::string& text) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return Status::InvalidArgument("listen", "expected host:port, e.g. 127.0.0.1:8080");
  }
  unsigned port = 0;
  const char* begin = text.data() + colon + 1;
  const char* end = text.data() + text.size();
  const auto [p, ec] = std::from_chars(begin, end, port);
  if (ec != std::errc() || p != end || port > 65535) {
    return Status::InvalidArgument("listen", "port must be 0..65535");
  }
  return std::pair{text.substr(0, colon), static_cast<unsigned short>(port)};
}

void BlockStopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

Status WriteOpenApi(std::ostream& out) {
  std::string dir_template = (std::filesystem::temp_directory_path() / "elink-openapi-XXXXXX");
  if (mkdtemp(dir_template.data()) == nullptr) {
    return Status::IOError("cannot make a temporary folder in " +
                           std::filesystem::temp_directory_path().string());
  }
  const std::filesystem::path dir = dir_template;
  auto write = [&]() -> Status {
    SystemClock clock;
    ELINK_ASSIGN_OR_RETURN(
        auto log, store::OpenSqliteLog(
                      {.path = dir / "center.db", .create_if_missing = true, .sync = false}));
    ELINK_ASSIGN_OR_RETURN(auto engine, engine::Engine::Open(*log, clock, {}));
    {
      api::Service service(*engine, clock, {});
      out << service.OpenApi().dump(2) << "\n";
    }
    engine->Stop();
    return Status::Ok();
  };
  const Status result = write();
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  return result;
}

Status RunServe(const ServeOptions& options, const Clock& clock, Lang lang, std::ostream& out) {
  ELINK_ASSIGN_OR_RETURN(const auto listen, ParseListen(options.listen));
  ELINK_ASSIGN_OR_RETURN(auto center, Center::Open({.db = options.db}, clock));
  api::ServiceOptions service_options;
  if (!options.graph.empty()) {
    ELINK_ASSIGN_OR_RETURN(service_options.router, LoadRouter(options.graph, 300));
  }
  const std::shared_ptr<const geo::Router> router = service_options.router;  // the drill's too
  // The keys that sign tokens come from the key file (or ELINK_TOKEN_KEYS), never the database;
  // an older build's key still there is wiped, unused.
  ELINK_ASSIGN_OR_RETURN(service_options.token_key, LiveServeKeys(options.db, center->log()));
  ELINK_RETURN_IF_ERROR(WipeLegacyKey(center->log()));
  service_options.log = &center->log();
  if (!options.web.empty()) {
    ELINK_ASSIGN_OR_RETURN(api::StaticFiles files, api::StaticFiles::Load(options.web));
    service_options.web = std::make_shared<const api::StaticFiles>(std::move(files));
  }
  // Declared before the server: destroyed after it, once no connection can call back.
  api::StreamHub stream(center->engine(), center->log(), clock, service_options.token_key);
  api::Service service(center->engine(), clock, std::move(service_options));
  service.SetExtraGauges([&stream] {
    return std::vector<std::pair<std::pair<std::string, std::string>, double>>{
        {{"elink_stream_clients", "WebSocket clients of the event stream."},
         static_cast<double>(stream.clients())}};
  });

  // A drill is read whole before the center listens, so a bad file stops the start-up.
  std::vector<sim::DrillStep> drill_steps;
  TimePoint drill_start{};
  double drill_speed = 1;
  if (!options.drill.empty()) {
    ELINK_ASSIGN_OR_RETURN(sim::Scenario scenario, sim::LoadScenario(options.drill));
    ELINK_ASSIGN_OR_RETURN(sim::BuiltIncidents built, sim::BuildIncidents(scenario));
    std::vector<core::Grid> grids;
    for (const auto& [id, grid] : center->engine().View()->grids()) grids.push_back(grid);
    sim::KeepInside(built, grids);
    drill_speed = options.drill_speed > 0 ? options.drill_speed : scenario.speed;
    // Exercise incidents are placed by the nearest street corner, as a caller would say it.
    std::shared_ptr<const geo::Gazetteer> gazetteer;
    if (router)
      gazetteer = std::make_shared<const geo::Gazetteer>(geo::Gazetteer::Build(router->graph()));
    const sim::PlaceNamer name_place = [gazetteer](const core::LatLon& at) -> std::string {
      if (gazetteer == nullptr) return "";
      const auto corner = gazetteer->NearestCorner(at.lat, at.lon);
      return corner ? corner->name : "";
    };
    drill_steps = sim::DrillSteps(scenario, built, drill_speed, name_place);
    ELINK_RETURN_IF_ERROR(sim::CheckDrill(drill_steps, *center->engine().View(), clock.Now()));
    drill_start = built.start;
    out << Tr(lang, "演练：", "drill: ") << scenario.name.zh << " — " << built.incidents.size()
        << Tr(lang, " 起演练事件，", " exercise incidents, ")
        << drill_steps.size() - built.incidents.size()
        << Tr(lang, " 条监测读数与预警，速度 ×", " sensor readings and warnings, at speed ×")
        << drill_speed << "\n"
        << std::flush;
  }

  api::ServerOptions server_options;
  server_options.address = listen.first;
  server_options.port = listen.second;
  server_options.threads = options.threads;
  server_options.max_connections_per_address = options.max_connections_per_address;
  server_options.trusted_proxies = options.trusted_proxies;
  server_options.exempt_loopback = options.exempt_loopback;
  server_options.route_body_limits = api::Service::BodyLimits();  // a citizen's report's photo
  server_options.access_log = [](const api::AccessLogEntry& e) {
    spdlog::info("{} {} {} {} {}B {}us", e.remote_address, e.method, e.path, e.status, e.bytes,
                 e.micros);
  };
  ELINK_ASSIGN_OR_RETURN(auto server, api::HttpServer::Start(
                                          server_options,
                                          [&service](api::HttpRequest r, api::Respond respond) {
                                            service.Handle(std::move(r), std::move(respond));
                                          },
                                          [&stream](const api::HttpRequest& upgrade,
                                                    std::shared_ptr<api::WsConnection> conn) {
                                            return stream.Accept(upgrade, std::move(conn));
                                          }));
  out << Tr(lang, "指挥中心已启动：", "command center listening on ") << "http://" << listen.first
      << ":" << server->port() << "/\n"
      << std::flush;
  if (options.on_listening) options.on_listening(server->port());

  std::unique_ptr<sim::DrillFeeder> drill;
  if (!drill_steps.empty()) {
    drill = std::make_unique<sim::DrillFeeder>(center->engine(), clock, std::move(drill_steps),
                                               drill_start, drill_speed);
  }

  std::optional<AnchorWriter> anchors;
  if (!options.anchor_file.empty()) {
    ELINK_ASSIGN_OR_RETURN(anchors, AnchorWriter::Open(options.anchor_file));
  }
  auto anchor = [&] {
    if (!anchors) return;
    if (const Status s = anchors->Append(center->log().Head(), clock.Now()); !s.ok()) {
      spdlog::error("anchor not written: {}", s.ToString());
    }
  };
  anchor();

  // Overdue department tasks climb one level; the timer is a client of the engine like any other.
  // It also keeps the anchor file (if any) up to date.
  std::mutex mu;
  std::condition_variable cv;
  bool stopping = false;
  std::thread escalator([&] {
    std::unique_lock lock(mu);
    while (!cv.wait_for(lock, options.escalate_every, [&] { return stopping; })) {
      lock.unlock();
      const auto r = center->engine().Execute({"elink-timer", "", tasks::EscalateOverdueTasks{}});
      if (!r.ok()) spdlog::warn("escalation: {}", r.status().ToString());
      anchor();
      lock.lock();
    }
  });

  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  int sig = 0;
  sigwait(&set, &sig);
  out << Tr(lang, "正在停止：处理完在途请求后退出\n", "stopping: finishing requests in flight\n")
      << std::flush;
  {
    std::lock_guard lock(mu);
    stopping = true;
  }
  cv.notify_all();
  escalator.join();
  if (drill) drill->Stop();
  server->Stop(options.grace);
  center->engine().Stop();
  anchor();
  out << Tr(lang, "已停止\n", "stopped\n") << std::flush;
  return Status::Ok();
}

}  // namespace elink::app
