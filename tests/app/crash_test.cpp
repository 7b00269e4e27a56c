// SPDX-License-Identifier: Apache-2.0
// Crash safety with a real process: `elink stress` submits commands from several threads and
// prints each acknowledgement; we SIGKILL it at random moments, 24 times, restarting on the same
// database each time. After every kill: every acknowledged command is in the log with all its
// events, no command is half there, and the hash chain verifies.
#include "app/center.hpp"
#include "app/stress.hpp"
#include "core/codec.hpp"
#include "core/state.hpp"
#include "engine/registry.hpp"
#include "process.hpp"
#include "store/event_log.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <sstream>

namespace elink::app {
namespace {

struct Ack {
  std::uint64_t first = 0;
  std::uint64_t last = 0;
};

std::map<std::string, Ack> ParseAcks(const std::string& out) {
  std::map<std::string, Ack> acks;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    if (in.eof()) break;  // a line cut by the kill has no newline: never acknowledged to us
    std::istringstream fields(line);
    std::string word;
    std::string rid;
    Ack a;
    if (fields >> word >> rid >> a.first >> a.last && word == "ack") acks[rid] = a;
  }
  return acks;
}

TEST(CrashTest, AcknowledgedCommandsSurviveSigkill) {
  testing::TempDir dir;
  const std::string db = (dir / "center.db").string();
  const auto init = testing::RunElink(
      {"init", "--db", db, "--config", std::string(ELINK_SOURCE_DIR) + "/data/regions/demo"});
  ASSERT_EQ(init.exit_code, 0) << init.err;

  std::mt19937 rng(20261129);
  std::uniform_int_distribution<int> wait_ms(30, 400);
  std::map<std::string, Ack> all_acks;
  int kills_mid_run = 0;
  constexpr int kRounds = 24;
  for (int round = 0; round < kRounds; ++round) {
    testing::Child child({ELINK_CLI, "stress", "--db", db, "--threads", "4", "--cycles", "1000000",
                          "--print-acks", "--run-id", "k" + std::to_string(round)});
    ASSERT_TRUE(child.started());
    // The kill's clock starts at the first acknowledgement, not at the start of the process: a
    // start slowed by a sanitizer or a busy machine must not leave rounds with nothing to check.
    bool alive = true;
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (alive && child.out().find("ack ") == std::string::npos &&
           std::chrono::steady_clock::now() < give_up) {
      alive = child.Pump(std::chrono::milliseconds(5));
    }
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms(rng));
    while (alive && std::chrono::steady_clock::now() < deadline) {
      alive = child.Pump(std::chrono::milliseconds(5));
    }
    child.Kill();
    const int code = child.Wait();
    if (code == -SIGKILL) ++kills_mid_run;
    const auto acks = ParseAcks(child.out());
    all_acks.insert(acks.begin(), acks.end());

    // Open the log as the next start would, and check everything acknowledged so far.
    auto log = store::OpenSqliteLog({.path = db});
    ASSERT_TRUE(log.ok()) << "round " << round << ": " << log.status().ToString() << "\n"
                          << child.err();
    const auto verified = (*log)->Verify();
    ASSERT_TRUE(verified.ok());
    ASSERT_FALSE(verified->first_problem.has_value())
        << "round " << round << ": " << verified->first_problem->message;
    auto records = (*log)->Read(1, 100'000'000);
    ASSERT_TRUE(records.ok());
    std::map<std::string, std::vector<std::uint64_t>> events_of;
    core::State state;
    for (const auto& r : *records) {
      auto e = engine::DecodeEvent(r.seq, r.at, r.type, r.payload);
      ASSERT_TRUE(e.ok()) << e.status().ToString();
      ASSERT_TRUE(engine::Apply(state, *e).ok()) << "event " << r.seq << " does not replay";
      events_of[e->request_id].push_back(e->seq);
    }
    for (const auto& [rid, seqs] : events_of) {
      if (rid.empty() || rid == "init") continue;
      // Whole or absent: a command's events are committed together.
      EXPECT_EQ(static_cast<int>(seqs.size()), StressEventsPerCommand(rid, state)) << rid;
    }
    for (const auto& [rid, ack] : all_acks) {
      const auto it = events_of.find(rid);
      ASSERT_NE(it, events_of.end()) << "acknowledged command lost: " << rid;
      EXPECT_EQ(it->second.front(), ack.first) << rid;
      EXPECT_EQ(it->second.back(), ack.last) << rid;
    }
  }
  EXPECT_GE(kills_mid_run, 20) << "the process must be killed while working, not after";
  EXPECT_GT(all_acks.size(), 100U);

  // A last restart through the CLI replays (using snapshots) and the chain verifies.
  const auto check = testing::RunElink({"verify-log", "--db", db});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  const auto info = testing::RunElink({"--lang", "en", "info", "--db", db});
  EXPECT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.out.find("head anchor"), std::string::npos);
}

}  // namespace
}  // namespace elink::app
