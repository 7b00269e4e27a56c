// SPDX-License-Identifier: Apache-2.0
// `elink serve` as a process: it starts on a free port, serves the API to a user made with
// `elink user add`, and on SIGTERM under load stops taking requests, finishes those in flight and
// exits cleanly; every incident that got a "saved" reply is in the log after the restart.
#include "api/test_client.hpp"
#include "api/ws_client.hpp"
#include "core/codec.hpp"
#include "engine/registry.hpp"
#include "process.hpp"
#include "store/event_log.hpp"
#include "support/data_files.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

namespace elink {
namespace {

using Json = nlohmann::json;

struct Saved {
  std::uint64_t id = 0;
  std::uint64_t seq = 0;
};

// A center with the demo region and one dispatcher of sf-central; returns the database path.
std::string DemoCenterWithDispatcher(const testing::TempDir& dir) {
  const std::string db = (dir / "center.db").string();
  EXPECT_EQ(testing::InitDemoCenter(db).exit_code, 0);
  const std::string pw = (dir / "pw").string();
  std::ofstream(pw) << "a long enough password\n";
  const auto added =
      testing::RunElink({"user", "add", "--db", db, "--name", "central", "--role", "dispatcher",
                         "--org", "sf-central", "--password-file", pw});
  EXPECT_EQ(added.exit_code, 0) << added.err;
  return db;
}

// The port `elink serve` (started with --listen 127.0.0.1:0) says it listens on; 0 if it never
// does.
unsigned short PortOf(testing::Child& server) {
  for (int i = 0; i < 600; ++i) {
    server.Pump(std::chrono::milliseconds(50));
    const std::string& out = server.out();
    const std::size_t at = out.find("listening on http://127.0.0.1:");
    if (at != std::string::npos && out.find('/', at + 30) != std::string::npos) {
      return static_cast<unsigned short>(std::stoi(out.substr(at + 30)));
    }
  }
  return 0;
}

std::optional<api::testing::Response> Call(unsigned short port, const std::string& method,
                                           const std::string& path, const std::string& body = "",
                                           const std::string& token = "") {
  api::testing::Client c(port);
  std::optional<api::testing::Response> r;
  if (!c.connected()) return r;
  std::string headers;
  if (!token.empty()) headers = "Authorization: Bearer " + token + "\r\n";
  if (!body.empty()) headers += "Content-Type: application/json\r\n";
  if (!c.Send(method + " " + path + " HTTP/1.1\r\nHost: t\r\nContent-Length: " +
              std::to_string(body.size()) + "\r\n" + headers + "\r\n" + body)) {
    return r;
  }
  r = c.Read();
  return r;
}

std::string Login(unsigned short port) {
  const auto login = Call(port, "POST", "/api/v1/auth/login",
                          R"({"user": "central", "password": "a long enough password"})");
  if (!login || login->status != 200) return {};
  return Json::parse(login->body)["token"];
}

TEST(ServeTest, SigtermUnderLoadLosesNothingThatWasSaved) {
  testing::TempDir dir;
  const std::string db = DemoCenterWithDispatcher(dir);
  const std::string anchors = (dir / "anchors.txt").string();
  testing::Child server({ELINK_CLI, "--lang", "en", "serve", "--db", db, "--listen", "127.0.0.1:0",
                         "--anchor-file", anchors});
  ASSERT_TRUE(server.started());
  const unsigned short port = PortOf(server);
  ASSERT_NE(port, 0) << server.out();
  const auto call = [port](const std::string& method, const std::string& path,
                           const std::string& body, const std::string& token) {
    return Call(port, method, path, body, token);
  };
  const std::string token = Login(port);
  ASSERT_FALSE(token.empty());

  std::mutex mu;
  std::vector<Saved> saved;
  std::atomic<int> refused{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t) {
    clients.emplace_back([&] {
      while (!stop) {
        const auto r =
            call("POST", "/api/v1/incidents",
                 R"({"type": "fire.residential", "location": {"lat": 37.8003, "lon": -122.4372}})",
                 token);
        if (!r) {
          // The server has stopped listening: nothing more can be saved.
          if (stop) break;
          ++refused;
          continue;
        }
        if (r->status == 201) {
          const Json j = Json::parse(r->body);
          const std::lock_guard lock(mu);
          saved.push_back({j["id"].get<std::uint64_t>(), j["last_seq"].get<std::uint64_t>()});
        } else {
          ++refused;
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  server.Signal(SIGTERM);
  const int code = server.Wait();
  stop = true;
  for (auto& t : clients) t.join();
  EXPECT_EQ(code, 0) << server.err();
  EXPECT_NE(server.out().find("stopped"), std::string::npos) << server.out();
  ASSERT_GT(saved.size(), 10U) << "the load reached the server before the signal";

  // After the restart: every "saved" is there, as the incident the reply named.
  auto log = store::OpenSqliteLog({.path = db});
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  const auto verified = (*log)->Verify();
  ASSERT_TRUE(verified.ok());
  EXPECT_FALSE(verified->first_problem.has_value());
  for (const Saved& s : saved) {
    auto records = (*log)->Read(s.seq, 1);
    ASSERT_TRUE(records.ok());
    ASSERT_EQ(records->size(), 1U) << "saved event " << s.seq << " is missing";
    const auto e = engine::DecodeEvent((*records)[0].seq, (*records)[0].at, (*records)[0].type,
                                       (*records)[0].payload);
    ASSERT_TRUE(e.ok());
    const auto* reported = std::get_if<dispatch::IncidentReported>(&e->body);
    ASSERT_NE(reported, nullptr) << "event " << s.seq;
    EXPECT_EQ(reported->id.value(), s.id);
  }

  // The anchor file holds the head at start and at stop, and both hold against the log.
  std::ifstream in(anchors);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_GE(lines.size(), 2U);
  const store::LogHead head = (*log)->Head();
  EXPECT_EQ(lines.back().substr(0, lines.back().find(' ')),
            std::to_string(head.seq) + ":" + ToHex(head.hash));
  const auto check =
      testing::RunElink({"--lang", "en", "verify-log", "--db", db, "--anchor-file", anchors});
  EXPECT_EQ(check.exit_code, 0) << check.out;
  EXPECT_NE(check.out.find(std::to_string(lines.size()) + " anchors from the anchor file hold"),
            std::string::npos)
      << check.out;
}

// What the dashboard needs of a running center: its files at / (and the app for its own paths),
// the roads to draw, the route of a unit on its way, and the live stream.
TEST(ServeTest, ServesTheDashboardTheRoadsRoutesAndTheStream) {
  const std::string osm = elink::testing::DataPath("roads/sf-north.osm.gz");
  ELINK_REQUIRE_DATA(osm);
  testing::TempDir dir;
  const std::string db = DemoCenterWithDispatcher(dir);
  const std::string graph = (dir / "sf.graph").string();
  ASSERT_EQ(testing::RunElink({"import-osm", osm, "-o", graph}).exit_code, 0);
  const std::filesystem::path web = dir / "web";
  std::filesystem::create_directories(web / "assets");
  std::ofstream(web / "index.html") << "<!doctype html><title>elink</title>";
  std::ofstream(web / "assets" / "app-1a2b.js") << "console.log('elink')";
  // A file outside the web folder that a traversal would reach.
  std::ofstream(dir / "secret.txt") << "not for the web";

  testing::Child server({ELINK_CLI, "--lang", "en", "serve", "--db", db, "--graph", graph, "--web",
                         web.string(), "--listen", "127.0.0.1:0"});
  ASSERT_TRUE(server.started());
  const unsigned short port = PortOf(server);
  ASSERT_NE(port, 0) << server.out() << server.err();

  // The dashboard's files; the app for its own paths; never anything outside the folder.
  const auto index = Call(port, "GET", "/");
  ASSERT_TRUE(index.has_value());
  EXPECT_EQ(index->status, 200);
  EXPECT_EQ(index->body, "<!doctype html><title>elink</title>");
  EXPECT_EQ(index->Header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(index->Header("content-security-policy").find("default-src 'self'"), std::string::npos);
  const auto view = Call(port, "GET", "/incidents/4?tab=units");
  ASSERT_TRUE(view.has_value());
  EXPECT_EQ(view->status, 200);
  EXPECT_EQ(view->body, index->body);
  const auto asset = Call(port, "GET", "/assets/app-1a2b.js");
  ASSERT_TRUE(asset.has_value());
  EXPECT_EQ(asset->status, 200);
  EXPECT_EQ(asset->body, "console.log('elink')");
  EXPECT_EQ(asset->Header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_NE(asset->Header("cache-control").find("immutable"), std::string::npos);
  for (const std::string path : {"/assets/missing.js", "/../secret.txt", "/assets/../../secret.txt",
                                 "/api/v1/no-such-route"}) {
    const auto r = Call(port, "GET", path);
    ASSERT_TRUE(r.has_value()) << path;
    EXPECT_EQ(r->status, 404) << path;
    EXPECT_EQ(r->body.find("not for the web"), std::string::npos) << path;
    EXPECT_EQ(r->Header("content-type"), "application/problem+json") << path;
  }
  // Not decoded, so only a name: the app answers it, not the file.
  const auto encoded = Call(port, "GET", "/%2e%2e/secret.txt");
  ASSERT_TRUE(encoded.has_value());
  EXPECT_EQ(encoded->body, index->body);
  const auto post_page = Call(port, "POST", "/incidents", "{}");
  ASSERT_TRUE(post_page.has_value());
  EXPECT_EQ(post_page->status, 404);

  const std::string token = Login(port);
  ASSERT_FALSE(token.empty());

  // The roads, by class, inside the extract's bounds (san-francisco-north.osm: 37.77..37.81 N,
  // -122.45..-122.40 E, roads running a little past the box).
  EXPECT_EQ(Call(port, "GET", "/api/v1/map/roads")->status, 401);
  const auto roads = Call(port, "GET", "/api/v1/map/roads", "", token);
  ASSERT_TRUE(roads.has_value());
  ASSERT_EQ(roads->status, 200) << roads->body.substr(0, 300);
  EXPECT_EQ(roads->Header("content-type"), "application/geo+json");
  const Json fc = Json::parse(roads->body);
  ASSERT_EQ(fc["features"].size() > 3, true) << roads->body.substr(0, 300);
  std::size_t segments = 0;
  std::set<std::string> classes;
  for (const Json& f : fc["features"]) {
    classes.insert(f["properties"]["class"].get<std::string>());
    segments += f["properties"]["segments"].get<std::size_t>();
    for (const Json& line : f["geometry"]["coordinates"]) {
      ASSERT_GE(line.size(), 2U);
      for (const Json& c : line) {
        EXPECT_NEAR(c[0].get<double>(), -122.425, 0.1);
        EXPECT_NEAR(c[1].get<double>(), 37.79, 0.1);
      }
    }
  }
  EXPECT_TRUE(classes.count("residential") == 1 && classes.count("primary") == 1);
  EXPECT_GT(segments, 5000U);
  EXPECT_LT(fc["bbox"][0].get<double>(), fc["bbox"][2].get<double>());

  // The stream from the start: the log so far, then "caught_up", then what commits.
  api::testing::WsClient ws;
  ASSERT_FALSE(ws.Connect(port, "/api/v1/stream?token=" + token + "&after=0"));
  boost::beast::error_code ec;
  std::uint64_t caught_up = 0;
  while (caught_up == 0) {
    const auto msg = ws.ReadText(ec);
    ASSERT_TRUE(msg.has_value()) << ec.message();
    const Json m = Json::parse(*msg);
    if (m["kind"] == "caught_up") caught_up = m["seq"].get<std::uint64_t>();
  }
  EXPECT_GT(caught_up, 0U) << "the demo region's set-up events are in the log";
  const auto created = Call(
      port, "POST", "/api/v1/incidents",
      R"({"type": "fire.residential", "location": {"lat": 37.8003, "lon": -122.4372}})", token);
  ASSERT_TRUE(created.has_value());
  ASSERT_EQ(created->status, 201) << created->body;
  const std::uint64_t id = Json::parse(created->body)["id"].get<std::uint64_t>();
  const auto live = ws.ReadText(ec);
  ASSERT_TRUE(live.has_value()) << ec.message();
  const Json event = Json::parse(*live);
  EXPECT_EQ(event["kind"], "event");
  EXPECT_EQ(event["type"], "incident_reported");
  EXPECT_EQ(event["seq"].get<std::uint64_t>(), caught_up + 1);

  // E16 sent from its station: its road route ends at the incident, its ETA is the route's.
  const std::string path = "/api/v1/incidents/" + std::to_string(id);
  const auto verified = Call(port, "POST", path + "/status", R"({"to": "verified"})", token);
  ASSERT_TRUE(verified.has_value());
  ASSERT_EQ(verified->status, 200) << verified->body;
  const auto sent = Call(port, "POST", path + "/dispatch", R"({"units": ["E16"]})", token);
  ASSERT_TRUE(sent.has_value());
  ASSERT_EQ(sent->status, 200) << sent->body;
  const auto routes = Call(port, "GET", path + "/routes", "", token);
  ASSERT_TRUE(routes.has_value());
  ASSERT_EQ(routes->status, 200) << routes->body;
  const Json r = Json::parse(routes->body);
  ASSERT_EQ(r["routes"].size(), 1U) << routes->body;
  const Json& e16 = r["routes"][0];
  EXPECT_EQ(e16["unit"], "E16");
  EXPECT_EQ(e16["status"], "dispatched");
  const Json& line = e16["line"];
  ASSERT_GE(line.size(), 2U);
  EXPECT_NEAR(line.back()[0].get<double>(), 37.8003, 0.003);
  EXPECT_NEAR(line.back()[1].get<double>(), -122.4372, 0.003);
  // The same route by `elink route` from E16's station (sf-fs-16, stations.toml).
  const auto route_cli =
      testing::RunElink({"route", "--graph", graph, "--from", "37.798582,-122.43672", "--to",
                         "37.8003,-122.4372", "--format", "json"});
  ASSERT_EQ(route_cli.exit_code, 0) << route_cli.err;
  EXPECT_NEAR(e16["eta_s"].get<double>(), Json::parse(route_cli.out)["seconds"].get<double>(), 0.1);
  EXPECT_NEAR(e16["distance_m"].get<double>(),
              Json::parse(route_cli.out)["distance_m"].get<double>(), 1.0);
  EXPECT_EQ(Call(port, "GET", "/api/v1/incidents/999/routes", "", token)->status, 404);

  // Metrics count the stream's client.
  const auto metrics = Call(port, "GET", "/metrics");
  ASSERT_TRUE(metrics.has_value());
  EXPECT_NE(metrics->body.find("elink_stream_clients 1"), std::string::npos);
  server.Signal(SIGTERM);
  EXPECT_EQ(server.Wait(), 0) << server.err();
}

// A drill fed into the live center: its scripted incidents arrive as exercises at their time
// (speed 60: one simulated minute a second), visible through the API, placed by the address the
// script gives or else by the nearest street corner of the center's roads (never by the step's
// internal reference); a bad drill file stops the start-up; afterwards drill-report scores the
// exercises.
TEST(ServeTest, DrillFeedsExercisesIntoTheLiveCenter) {
  testing::TempDir dir;
  const std::string db = DemoCenterWithDispatcher(dir);
  const std::string pw = (dir / "pw").string();
  ASSERT_EQ(testing::RunElink({"user", "add", "--db", db, "--name", "coord", "--role",
                               "regional_coordinator", "--org", "bay-area", "--password-file", pw})
                .exit_code,
            0);
  const std::string drill = (dir / "drill.toml").string();
  std::ofstream(drill) << R"(name = "测试演练"
speed = 60
[[script]]
at_min = 0
type = "flood.waterlogging"
lat = 37.8030
lon = -122.4370
address = "Marina Green"
[[script]]
at_min = 1
type = "geo.landslide"
level = "III"
lat = 37.8020
lon = -122.4060
)";
  std::ofstream(dir / "bad.toml") << "name = \"x\"\n[[script]]\nat_min = -1\n";
  const auto bad = testing::RunElink(
      {"serve", "--db", db, "--listen", "127.0.0.1:0", "--drill", (dir / "bad.toml").string()});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("bad.toml"), std::string::npos) << bad.err;

  const std::string osm = elink::testing::DataPath("roads/sf-north.osm.gz");
  ELINK_REQUIRE_DATA(osm);
  const std::string graph = (dir / "sf.graph").string();
  ASSERT_EQ(testing::RunElink({"import-osm", osm, "-o", graph}).exit_code, 0);
  testing::Child server({ELINK_CLI, "--lang", "en", "serve", "--db", db, "--listen", "127.0.0.1:0",
                         "--graph", graph, "--drill", drill});
  ASSERT_TRUE(server.started());
  const unsigned short port = PortOf(server);
  ASSERT_NE(port, 0) << server.out();
  EXPECT_NE(server.out().find("drill: 测试演练 — 2 exercise incidents"), std::string::npos)
      << server.out();
  const auto login = Call(port, "POST", "/api/v1/auth/login",
                          R"({"user": "coord", "password": "a long enough password"})");
  ASSERT_TRUE(login && login->status == 200);
  const std::string token = Json::parse(login->body)["token"];
  Json items;
  for (int i = 0; i < 200; ++i) {
    const auto list = Call(port, "GET", "/api/v1/incidents?limit=10", "", token);
    ASSERT_TRUE(list && list->status == 200);
    items = Json::parse(list->body)["items"];
    if (items.size() >= 2) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(items.size(), 2U) << items.dump();
  std::set<std::string> types;
  for (const Json& inc : items) {
    EXPECT_TRUE(inc["exercise"].get<bool>()) << inc.dump();
    types.insert(inc["type"].get<std::string>());
    const std::string address = inc.value("address", "");
    EXPECT_EQ(address.find("script:"), std::string::npos) << inc.dump();
    if (inc["type"] == "flood.waterlogging") {
      EXPECT_EQ(address, "Marina Green") << inc.dump();
    } else {
      EXPECT_NE(address.find(" & "), std::string::npos) << "a street corner: " << inc.dump();
    }
  }
  EXPECT_EQ(types, (std::set<std::string>{"flood.waterlogging", "geo.landslide"}));
  server.Signal(SIGTERM);
  EXPECT_EQ(server.Wait(), 0) << server.err();
  const auto report = testing::RunElink({"--lang", "en", "drill-report", "--db", db});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_NE(report.out.find("2 exercise incidents, 0 verified"), std::string::npos) << report.out;
}

TEST(ServeTest, TheLimitPerAddressIsTheOperatorsToSet) {
  testing::TempDir dir;
  const std::string db = (dir / "center.db").string();
  ASSERT_EQ(testing::InitDemoCenter(db).exit_code, 0);
  testing::Child server({ELINK_CLI, "--lang", "en", "serve", "--db", db, "--listen", "127.0.0.1:0",
                         "--max-connections-per-address", "2"});
  ASSERT_TRUE(server.started());
  const unsigned short port = PortOf(server);
  ASSERT_NE(port, 0) << server.out();
  {
    api::testing::Client first(port);
    api::testing::Client second(port);
    ASSERT_TRUE(first.connected() && second.connected());
    const auto third = Call(port, "GET", "/healthz");
    ASSERT_TRUE(third.has_value());
    EXPECT_EQ(third->status, 503) << third->body;
  }
  // Once those two are closed, the address is served again.
  std::optional<api::testing::Response> again;
  for (int i = 0; i < 100 && !(again && again->status == 200); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    again = Call(port, "GET", "/healthz");
  }
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->status, 200);
  server.Signal(SIGTERM);
  EXPECT_EQ(server.Wait(), 0) << server.err();
  EXPECT_NE(
      testing::RunElink({"serve", "--db", db, "--max-connections-per-address", "0"}).exit_code, 0);
}

TEST(ServeTest, BadOptionsAreRefused) {
  testing::TempDir dir;
  const std::string db = (dir / "center.db").string();
  ASSERT_EQ(testing::InitDemoCenter(db).exit_code, 0);
  const auto listen = testing::RunElink({"serve", "--db", db, "--listen", "nowhere"});
  EXPECT_EQ(listen.exit_code, 2);
  EXPECT_NE(listen.err.find("listen"), std::string::npos) << listen.err;
  const auto port = testing::RunElink({"serve", "--db", db, "--listen", "127.0.0.1:70000"});
  EXPECT_EQ(port.exit_code, 2);
  const auto missing = testing::RunElink({"serve", "--db", (dir / "none.db").string()});
  EXPECT_EQ(missing.exit_code, 2);
  const auto no_web = testing::RunElink({"serve", "--db", db, "--web", (dir / "none").string()});
  EXPECT_EQ(no_web.exit_code, 2);
  EXPECT_NE(no_web.err.find("web"), std::string::npos) << no_web.err;
  std::filesystem::create_directories(dir / "empty");
  const auto no_index = testing::RunElink({"serve", "--db", db, "--web", (dir / "empty").string()});
  EXPECT_EQ(no_index.exit_code, 2);
  EXPECT_NE(no_index.err.find("index.html"), std::string::npos) << no_index.err;
  EXPECT_EQ(testing::RunElink({"serve", "--help"}).exit_code, 0);
}

}  // namespace
}  // namespace elink
