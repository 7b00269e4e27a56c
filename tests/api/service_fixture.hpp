#pragma once
// The API test fixture: a real SQLite center holding the demo region (San Francisco), users of
// every role, the service and the event stream on a real HTTP server on loopback, and a blocking
// client. Requests go over real sockets.
#include "api/http_server.hpp"
#include "api/openapi_check.hpp"
#include "api/service.hpp"
#include "api/stream.hpp"
#include "api/test_client.hpp"
#include "auth/password.hpp"
#include "core/region_loader.hpp"
#include "store/event_log.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace elink::api {

using Json = nlohmann::json;

inline constexpr char kPassword[] = "correct horse battery";
inline const std::string kMarina =
    R"({"lat": 37.8003, "lon": -122.4372})";  // sf-marina (sf-central)
inline const std::string kRichmond = R"({"lat": 37.7850, "lon": -122.4650})";  // sf-west

// True when `s` holds a CJK character (U+3000..U+9FFF) or a fullwidth form (U+FF00..U+FFEF):
// Chinese text, as a zh-CN problem detail must have.
inline bool HasCjk(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xF0) != 0xE0 || i + 2 >= s.size()) continue;
    const auto c1 = static_cast<unsigned char>(s[i + 1]);
    const auto c2 = static_cast<unsigned char>(s[i + 2]);
    if ((c1 & 0xC0) != 0x80 || (c2 & 0xC0) != 0x80) continue;
    const unsigned cp = (c & 0x0Fu) << 12 | (c1 & 0x3Fu) << 6 | (c2 & 0x3Fu);
    if ((cp >= 0x3000 && cp <= 0x9FFF) || (cp >= 0xFF00 && cp <= 0xFFEF)) return true;
  }
  return false;
}

// A river gauge in sf-central for the monitoring tests (its id cannot clash with the demo's own
// sensors): thresholds blue 2.5, yellow 2.8, orange 3.2, red 3.6 m; 0.5 m/h over 60 min is yellow.
inline core::Sensor TestGauge() {
  core::Sensor s;
  s.id = core::SensorId("test-gauge-1");
  s.name = {"测试水位站", "Test gauge"};
  s.kind = core::SensorKind::kWaterLevel;
  s.unit = "m";
  s.location = {37.8003, -122.4372};
  s.org = core::OrgId("sf-central");
  s.thresholds = {2.5, 2.8, 3.2, 3.6};
  s.rise = core::RiseRule{0.5, core::SensorLevel::kYellow, 60};
  return s;
}

struct Reply {
  int status = 0;
  Json body;
  std::string raw;
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case

  [[nodiscard]] std::string Header(const std::string& name) const {
    for (const auto& [k, v] : headers) {
      if (k == name) return v;
    }
    return {};
  }
};

class ServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // argon2id is slow on purpose: hash once for every test user.
    hash_ = new std::string(auth::HashPassword(kPassword).value());
  }
  static void TearDownTestSuite() {
    delete hash_;
    hash_ = nullptr;
  }

  void SetUp() override {
    OpenCenter();
    auto region = core::LoadRegion(std::string(ELINK_SOURCE_DIR) + "/data/regions/demo");
    ASSERT_TRUE(region.ok()) << region.status().ToString();
    AdjustRegion(*region);
    ASSERT_TRUE(engine_->Execute({"init", "", region::ImportRegion{*region}}).ok());
    for (const auto& [name, role, org] :
         std::vector<std::tuple<std::string, core::Role, std::string>>{
             {"admin", core::Role::kAdmin, "bay-area"},
             {"central", core::Role::kDispatcher, "sf-central"},
             {"west", core::Role::kDispatcher, "sf-west"},
             {"chief", core::Role::kCommander, "sf"},
             {"watcher", core::Role::kViewer, "sf-central"},
             {"analyst", core::Role::kAnalyst, "sf"}}) {
      const auto r = engine_->Execute(
          {"admin", "", auth::AddUser{name, {name, name}, role, core::OrgId(org), *hash_}});
      ASSERT_TRUE(r.ok()) << r.status().ToString();
    }
    StartServing();
  }

  // The center's log and engine, from its SQLite file (made when missing).
  void OpenCenter() {
    auto log = store::OpenSqliteLog({.path = dir_ / "center.db", .create_if_missing = true});
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    log_ = std::move(log).value();
    engine_ = engine::Engine::Open(*log_, clock_, {}).value();
  }

  // The stream, the service and the server on the open center. The token key is the fixture's,
  // as `elink serve` keeps its keys in the key file beside the database: tokens survive a Restart.
  void StartServing() {
    ServiceOptions options;
    options.log = log_.get();
    options.token_key = key_;
    Configure(options);
    hub_ = std::make_unique<StreamHub>(*engine_, *log_, clock_, options.token_key);
    service_ = std::make_unique<Service>(*engine_, clock_, options);
    openapi_ = service_->OpenApi();
    ServerOptions server_options;
    server_options.route_body_limits = Service::BodyLimits();
    server_ = HttpServer::Start(
                  server_options,
                  [this](HttpRequest r, Respond respond) {
                    service_->Handle(std::move(r), std::move(respond));
                  },
                  [this](const HttpRequest& r, std::shared_ptr<WsConnection> conn) {
                    return hub_->Accept(r, std::move(conn));
                  })
                  .value();
  }

  // Lets a suite add to the demo region (a test sensor) before the center imports it.
  virtual void AdjustRegion(core::Region& /*region*/) {}

  // Lets a suite change the options (a road graph, limits) before the service starts.
  virtual void Configure(ServiceOptions& /*options*/) {}

  void StopServing() {
    if (server_) server_->Stop(std::chrono::seconds(5));
    server_.reset();
    service_.reset();
    hub_.reset();
  }

  void TearDown() override {
    StopServing();
    if (engine_) engine_->Stop();
  }

  // Stops everything and opens the center again from its SQLite file, as after a restart of
  // `elink serve`: whatever the API said was saved must be there.
  void Restart() {
    StopServing();
    engine_->Stop();
    engine_.reset();
    log_.reset();
    OpenCenter();
    StartServing();
  }

  Reply Call(const std::string& method, const std::string& target, const std::string& body = "",
             const std::string& token = "", const std::string& extra = "") {
    testing::Client c(server_->port());
    std::string headers = extra;
    if (!token.empty()) headers += "Authorization: Bearer " + token + "\r\n";
    // A body (a POST's, even empty) is JSON, as every client of the API says (the public routes
    // require it), unless the test sets a Content-Type of its own.
    if ((!body.empty() || method == "POST") &&
        testing::Lower(extra).find("content-type:") == std::string::npos) {
      headers += "Content-Type: application/json\r\n";
    }
    const std::string request = method + " " + target + " HTTP/1.1\r\nHost: t\r\nContent-Length: " +
                                std::to_string(body.size()) + "\r\n" + headers + "\r\n" + body;
    EXPECT_TRUE(c.Send(request));
    const auto r = c.Read();
    Reply out;
    if (!r) return out;
    out.status = r->status;
    out.raw = r->body;
    out.headers = r->headers;
    out.body = Json::parse(r->body, nullptr, false);
    // Every answer is one the OpenAPI document declares (tests/api/openapi_check.hpp).
    const std::string wrong = testing::AnswerError(openapi_, method, target, body, out.status,
                                                   out.Header("content-type"), out.raw);
    if (!wrong.empty()) ADD_FAILURE() << method << " " << target.substr(0, 120) << ": " << wrong;
    return out;
  }

  std::string Login(const std::string& user) {
    const Reply r =
        Call("POST", "/api/v1/auth/login", Json{{"user", user}, {"password", kPassword}}.dump());
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.body.value("token", "");
  }

  std::uint64_t Head() { return engine_->View()->last_seq(); }

  std::uint64_t CreateIncident(const std::string& token, const std::string& location = kMarina) {
    const Reply r = Call("POST", "/api/v1/incidents",
                         R"({"type": "fire.residential", "location": )" + location + "}", token);
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.body.value("id", std::uint64_t{0});
  }

  // A refusal: the status, a problem document naming `field`, and nothing written.
  void ExpectProblem(const Reply& r, int status, const std::string& field,
                     std::uint64_t head_before) {
    EXPECT_EQ(r.status, status) << r.raw;
    EXPECT_TRUE(r.body.is_object()) << r.raw;
    EXPECT_EQ(r.body.value("status", 0), status) << r.raw;
    EXPECT_FALSE(r.body.value("title", "").empty()) << r.raw;
    if (!field.empty()) {
      EXPECT_EQ(r.body.value("field", ""), field) << r.raw;
    }
    EXPECT_EQ(Head(), head_before) << "a refused request wrote to the log: " << r.raw;
  }

  static inline std::string* hash_ = nullptr;
  auth::TokenKey key_;  // signs the tests' tokens
  elink::testing::TempDir dir_;
  ManualClock clock_{FromUnixMillis(1'800'000'000'000)};
  std::unique_ptr<store::EventLog> log_;
  std::unique_ptr<engine::Engine> engine_;
  std::unique_ptr<StreamHub> hub_;
  std::unique_ptr<Service> service_;
  Json openapi_;  // the service's OpenAPI document, which every answer is checked against
  std::unique_ptr<HttpServer> server_;
};

}  // namespace elink::api
