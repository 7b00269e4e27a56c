// SPDX-License-Identifier: Apache-2.0
// Stream catch-up is served in turns (issue #16, item 4): 50 never-reading clients replaying the
// log from the start made a normal client wait 11 s for caught_up, one client at a time. Now
// each client catching up gets one page of the log per turn, round robin, and one whose queue
// holds more than 64 KiB unwritten is passed over until it reads.
#include "api/service_fixture.hpp"
#include "api/ws_client.hpp"
#include "dispatch/commands.hpp"

#include <memory>
#include <string>
#include <vector>

namespace elink::api {
namespace {

using testing::Client;
namespace beast = boost::beast;

TEST_F(ServiceTest, CatchUpIsServedConcurrentlyWhileOthersNeverRead) {
  // A log of many pages (64 records each) to replay: ~2.6 MB of messages a client.
  constexpr int kEvents = 2000;
  for (int i = 0; i < kEvents; ++i) {
    dispatch::ReportIncident r;
    r.type = "medical.emergency";
    r.description = "replay " + std::to_string(i);
    r.location = {37.8003, -122.4372};
    ASSERT_TRUE(engine_->Execute({"writer", "", r}).ok());
  }
  const std::string token = Login("admin");
  const std::string upgrade =
      "GET /api/v1/stream?token=" + token +
      "&after=0 HTTP/1.1\r\nHost: t\r\nUpgrade: websocket\r\n"
      "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
      "Sec-WebSocket-Version: 13\r\n\r\n";
  // Clients that ask for everything and never read a byte (a small receive buffer each).
  constexpr int kSilent = 30;
  std::vector<std::unique_ptr<Client>> silent;
  for (int i = 0; i < kSilent; ++i) {
    silent.push_back(std::make_unique<Client>(server_->port(), 4096));
    ASSERT_TRUE(silent.back()->Send(upgrade));
  }
  ASSERT_TRUE(testing::WaitFor([&] { return hub_->clients() == kSilent; }));
  // A normal client replays the whole log and goes live ...
  testing::WsClient ws;
  ASSERT_FALSE(ws.Connect(server_->port(), "/api/v1/stream?token=" + token + "&after=0"));
  std::uint64_t events = 0;
  for (;;) {
    beast::error_code ec;
    const auto text = ws.ReadText(ec);
    ASSERT_TRUE(text.has_value()) << ec.message();
    const Json m = Json::parse(*text);
    if (m["kind"] == "caught_up") {
      EXPECT_EQ(m["seq"], Head());
      break;
    }
    ++events;
  }
  EXPECT_GE(events, static_cast<std::uint64_t>(kEvents));
  // ... while the others are still connected, their replay unread ...
  EXPECT_EQ(hub_->clients(), static_cast<std::size_t>(kSilent) + 1);
  EXPECT_EQ(server_->stats().websockets_open, static_cast<std::size_t>(kSilent) + 1);
  // ... and not piled up in memory: a client with 64 KiB queued is passed over (stream.cpp), so
  // each holds at most that and one page more (64 events of ~1.3 KB), not its whole replay
  // (~2.6 MB each, 78 MB for the 30, before).
  EXPECT_LE(server_->stats().ws_queued_bytes, static_cast<std::size_t>(kSilent) * (192U << 10));
  // And it is live: a new incident reaches it.
  const std::uint64_t id = CreateIncident(token);
  beast::error_code ec;
  const auto next = ws.ReadText(ec);
  ASSERT_TRUE(next.has_value()) << ec.message();
  EXPECT_EQ(Json::parse(*next)["data"]["id"], id);
}

}  // namespace
}  // namespace elink::api
