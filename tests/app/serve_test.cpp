// SPDX-License-Identifier: Apache-2.0
// `elink serve` as a process: it starts on a free port, serves the API to a user made with
// `elink user add`, and on SIGTERM under load stops taking requests, finishes those in flight and
// exits cleanly; every incident that got a "saved" reply is in the log after the restart.
#include "api/test_client.hpp"
#include "core/codec.hpp"
#include "process.hpp"
#include "store/event_log.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <csignal>
#include <fstream>
#include <mutex>
#include <thread>

namespace elink {
namespace {

using Json = nlohmann::json;

struct Saved {
  std::uint64_t id = 0;
  std::uint64_t seq = 0;
};

TEST(ServeTest, SigtermUnderLoadLosesNothingThatWasSaved) {
  testing::TempDir dir;
  const std::string db = (dir / "center.db").string();
  ASSERT_EQ(testing::InitDemoCenter(db).exit_code, 0);
  const std::string pw = (dir / "pw").string();
  std::ofstream(pw) << "a long enough password\n";
  const auto added =
      testing::RunElink({"user", "add", "--db", db, "--name", "central", "--role", "dispatcher",
                         "--org", "sf-central", "--password-file", pw});
  ASSERT_EQ(added.exit_code, 0) << added.err;

  testing::Child server(
      {ELINK_CLI, "--lang", "en", "serve", "--db", db, "--listen", "127.0.0.1:0"});
  ASSERT_TRUE(server.started());
  unsigned short port = 0;
  for (int i = 0; i < 200 && port == 0; ++i) {
    server.Pump(std::chrono::milliseconds(50));
    const std::string& out = server.out();
    const std::size_t at = out.find("listening on http://127.0.0.1:");
    if (at != std::string::npos && out.find('/', at + 30) != std::string::npos) {
      port = static_cast<unsigned short>(std::stoi(out.substr(at + 30)));
    }
  }
  ASSERT_NE(port, 0) << server.out();

  const auto call = [&](const std::string& method, const std::string& path, const std::string& body,
                        const std::string& token) {
    api::testing::Client c(port);
    std::optional<api::testing::Response> r;
    if (!c.connected()) return r;
    std::string headers;
    if (!token.empty()) headers = "Authorization: Bearer " + token + "\r\n";
    if (!c.Send(method + " " + path + " HTTP/1.1\r\nHost: t\r\nContent-Length: " +
                std::to_string(body.size()) + "\r\n" + headers + "\r\n" + body)) {
      return r;
    }
    r = c.Read();
    return r;
  };
  const auto login = call("POST", "/api/v1/auth/login",
                          R"({"user": "central", "password": "a long enough password"})", "");
  ASSERT_TRUE(login.has_value());
  ASSERT_EQ(login->status, 200) << login->body;
  const std::string token = Json::parse(login->body)["token"];

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
    const auto e = core::DecodeEvent((*records)[0].seq, (*records)[0].at, (*records)[0].type,
                                     (*records)[0].payload);
    ASSERT_TRUE(e.ok());
    const auto* reported = std::get_if<core::IncidentReported>(&e->body);
    ASSERT_NE(reported, nullptr) << "event " << s.seq;
    EXPECT_EQ(reported->id.value(), s.id);
  }
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
  EXPECT_EQ(testing::RunElink({"serve", "--help"}).exit_code, 0);
}

}  // namespace
}  // namespace elink
