// SPDX-License-Identifier: Apache-2.0
// The `elink` binary as an operator uses it: --help everywhere, init/info/verify-log, tampering
// named by verify-log, bad arguments and bad files answered with a message and exit code 2.
#include "process.hpp"
#include "support/data_files.hpp"
#include "support/raw_db.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>

namespace elink {
namespace {

using testing::kDemoRegion;

TEST(CliTest, EverySubcommandHasHelp) {
  const auto top = testing::RunElink({"--help"});
  EXPECT_EQ(top.exit_code, 0);
  for (const char* sub : {"init", "info", "verify-log", "demo", "stress"}) {
    EXPECT_NE(top.out.find(sub), std::string::npos) << sub;
    const auto r = testing::RunElink({sub, "--help"});
    EXPECT_EQ(r.exit_code, 0) << sub;
    EXPECT_NE(r.out.find("--db"), std::string::npos) << sub << ": " << r.out;
  }
}

TEST(CliTest, BadArgumentsAreRefused) {
  EXPECT_NE(testing::RunElink({}).exit_code, 0);
  EXPECT_NE(testing::RunElink({"fly"}).exit_code, 0);
  EXPECT_NE(testing::RunElink({"info"}).exit_code, 0);
  EXPECT_NE(testing::RunElink({"init", "--db", "/tmp/x.db", "--config", "/no/such/dir"}).exit_code,
            0);
  const auto lang = testing::RunElink({"--lang", "fr", "info", "--db", "x.db"});
  EXPECT_EQ(lang.exit_code, 2);
  EXPECT_NE(lang.err.find("lang"), std::string::npos);
}

class CliLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(testing::RunElink({"init", "--db", db_, "--config", kDemoRegion}).exit_code, 0);
    const auto s = testing::RunElink({"stress", "--db", db_, "--threads", "2", "--cycles", "10"});
    // 1 + 2 threads * 10 cycles * (report 1 + verify 2, with the plan activated + positions 3)
    ASSERT_EQ(s.exit_code, 0) << s.err;
  }

  void Sql(const std::string& sql) {
    sqlite3* h = nullptr;
    ASSERT_EQ(sqlite3_open(db_.c_str(), &h), SQLITE_OK);
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(h, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(h);
  }

  testing::TempDir dir_;
  std::string db_ = (dir_ / "center.db").string();
};

TEST_F(CliLogTest, IntactLogVerifies) {
  const auto r = testing::RunElink({"--lang", "en", "verify-log", "--db", db_});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("OK: 121 events"), std::string::npos) << r.out;
}

TEST_F(CliLogTest, FlippedByteIsNamedAltered) {
  // Flip one byte in the middle of event 40's stored frame.
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &h), SQLITE_OK);
  sqlite3_stmt* read = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(h, "SELECT frame FROM events WHERE seq = 40", -1, &read, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(read), SQLITE_ROW);
  const auto* bytes = static_cast<const char*>(sqlite3_column_blob(read, 0));
  std::string frame(bytes, static_cast<std::size_t>(sqlite3_column_bytes(read, 0)));
  sqlite3_finalize(read);
  frame[frame.size() / 2] = static_cast<char>(frame[frame.size() / 2] ^ 0x01);
  sqlite3_stmt* write = nullptr;
  ASSERT_EQ(
      sqlite3_prepare_v2(h, "UPDATE events SET frame = ? WHERE seq = 40", -1, &write, nullptr),
      SQLITE_OK);
  sqlite3_bind_blob(write, 1, frame.data(), static_cast<int>(frame.size()), SQLITE_TRANSIENT);
  ASSERT_EQ(sqlite3_step(write), SQLITE_DONE);
  sqlite3_finalize(write);
  sqlite3_close(h);
  const auto r = testing::RunElink({"--lang", "en", "verify-log", "--db", db_});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("DAMAGED at event 40 (altered)"), std::string::npos) << r.out;
}

TEST_F(CliLogTest, DeletedEventIsNamedRemoved) {
  Sql("DELETE FROM events WHERE seq = 57");
  const auto r = testing::RunElink({"--lang", "en", "verify-log", "--db", db_});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("(removed)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("57"), std::string::npos) << r.out;
}

TEST_F(CliLogTest, SwappedEventsAreNamedReordered) {
  Sql("UPDATE events SET seq = -1 WHERE seq = 30;"
      "UPDATE events SET seq = 30 WHERE seq = 31;"
      "UPDATE events SET seq = 31 WHERE seq = -1;");
  const auto r = testing::RunElink({"--lang", "en", "verify-log", "--db", db_});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("DAMAGED at event 30 (reordered)"), std::string::npos) << r.out;
}

TEST_F(CliLogTest, CutTailIsFoundWithTheAnchor) {
  const auto info = testing::RunElink({"--lang", "en", "info", "--db", db_});
  const auto pos = info.out.find("head anchor");
  ASSERT_NE(pos, std::string::npos);
  std::string anchor = info.out.substr(pos + 11);
  anchor = anchor.substr(anchor.find_first_not_of(' '));
  anchor = anchor.substr(0, anchor.find('\n'));
  Sql("DELETE FROM events WHERE seq >= 100");
  EXPECT_EQ(testing::RunElink({"verify-log", "--db", db_}).exit_code, 0)
      << "without an anchor a cut tail looks like a shorter log";
  const auto r =
      testing::RunElink({"--lang", "en", "verify-log", "--db", db_, "--expect-head", anchor});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("(truncated)"), std::string::npos) << r.out;
}

// A center with a user and enough events for snapshots (every 1,000 events or so).
class CliSnapshotTest : public CliLogTest {
 protected:
  void SetUp() override {
    ASSERT_EQ(testing::RunElink({"init", "--db", db_, "--config", kDemoRegion}).exit_code, 0);
    {
      std::ofstream pw(dir_ / "pw");
      pw << "a long enough password\n";
    }
    ASSERT_EQ(testing::RunElink({"user", "add", "--db", db_, "--name", "ann", "--role", "viewer",
                                 "--org", "bay-area", "--password-file", (dir_ / "pw").string()})
                  .exit_code,
              0);
    const auto s = testing::RunElink({"stress", "--db", db_, "--threads", "2", "--cycles", "300"});
    ASSERT_EQ(s.exit_code, 0) << s.err;
  }

  std::string HeadAnchor() {
    const auto info = testing::RunElink({"--lang", "en", "info", "--db", db_});
    const auto pos = info.out.find("head anchor");
    EXPECT_NE(pos, std::string::npos);
    std::string anchor = info.out.substr(pos + 11);
    anchor = anchor.substr(anchor.find_first_not_of(' '));
    return anchor.substr(0, anchor.find('\n'));
  }
};

TEST_F(CliSnapshotTest, AViewerPromotedInAForgedSnapshotIsNamedAndNeverLoaded) {
  const auto clean = testing::RunElink({"--lang", "en", "verify-log", "--db", db_});
  ASSERT_EQ(clean.exit_code, 0) << clean.out;
  EXPECT_NE(clean.out.find("snapshots match the replayed log"), std::string::npos) << clean.out;

  std::int64_t seq = 0;
  {
    testing::RawDb raw(db_);
    seq = raw.Int("SELECT max(seq) FROM snapshots");
    ASSERT_GT(seq, 0);
    std::string state = raw.Text("SELECT state FROM snapshots WHERE seq = " + std::to_string(seq));
    const std::string viewer = R"("name":"ann","org":"bay-area",)";
    const std::size_t at = state.find(viewer);
    ASSERT_NE(at, std::string::npos);
    const std::size_t role = state.find(R"("role":"viewer")", at);
    ASSERT_NE(role, std::string::npos);
    state.replace(role, 15, R"("role":"admin")");
    raw.ExecWithBlob("UPDATE snapshots SET state = ?1 WHERE seq = ?2", state, seq);
    raw.ExecWithBlob("UPDATE snapshots SET state_hash = ?1 WHERE seq = ?2",
                     testing::Bytes(Sha256(state)), seq);
  }
  const auto r = testing::RunElink({"--lang", "en", "verify-log", "--db", db_});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("snapshot at event " + std::to_string(seq)), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("false snapshot"), std::string::npos) << r.out;

  // What a server would load: the log says ann is a viewer, and so does the center.
  const auto users = testing::RunElink({"--lang", "en", "user", "list", "--db", db_});
  ASSERT_EQ(users.exit_code, 0) << users.err;
  const auto line = users.out.find("ann");
  ASSERT_NE(line, std::string::npos) << users.out;
  const std::string ann = users.out.substr(line, users.out.find('\n', line) - line);
  EXPECT_EQ(ann.find("admin"), std::string::npos) << ann;
}

TEST_F(CliSnapshotTest, AnAnchorFileCatchesARewrittenChain) {
  const std::string anchors = (dir_ / "anchors.txt").string();
  {
    std::ofstream f(anchors);
    f << "# kept off the machine\n" << HeadAnchor() << " 2026-12-07T13:00:00Z\n\n";
  }
  const auto ok =
      testing::RunElink({"--lang", "en", "verify-log", "--db", db_, "--anchor-file", anchors});
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_NE(ok.out.find("1 anchors from the anchor file hold"), std::string::npos) << ok.out;

  // Someone who rewrote the log from event 5 to the end would leave an intact chain; the anchor
  // kept elsewhere names another hash for event 5.
  {
    std::ofstream f(anchors, std::ios::app);
    f << "5:" << std::string(64, 'a') << " 2026-12-07T12:00:00Z\n";
  }
  const auto bad =
      testing::RunElink({"--lang", "en", "verify-log", "--db", db_, "--anchor-file", anchors});
  EXPECT_EQ(bad.exit_code, 1) << bad.out;
  EXPECT_NE(bad.out.find("line 4: event 5 has another hash"), std::string::npos) << bad.out;
}

TEST_F(CliLogTest, GarbageAnchorFilesAreRefusedByLine) {
  const std::string anchors = (dir_ / "anchors.txt").string();
  for (const std::string& text :
       {std::string("12:abc\n"), std::string("# fine\nnot an anchor at all\n"),
        std::string("x:") + std::string(64, 'a') + "\n", std::string(2000, 'z') + "\n"}) {
    {
      std::ofstream f(anchors, std::ios::trunc);
      f << text;
    }
    const auto r =
        testing::RunElink({"--lang", "en", "verify-log", "--db", db_, "--anchor-file", anchors});
    EXPECT_EQ(r.exit_code, 2) << text << r.out;
    EXPECT_NE(r.err.find("anchor-file:"), std::string::npos) << r.err;
  }
  const auto missing = testing::RunElink(
      {"--lang", "en", "verify-log", "--db", db_, "--anchor-file", (dir_ / "none").string()});
  EXPECT_EQ(missing.exit_code, 2);
}

TEST(CliFileTest, GarbageFilesGiveAClearErrorNotACrash) {
  testing::TempDir dir;
  const std::string text = (dir / "notes.db").string();
  {
    std::ofstream f(text);
    f << "meeting notes, not a database\n";
  }
  const std::string empty = (dir / "empty.db").string();
  { std::ofstream f(empty); }
  for (const auto& path : {text, empty, (dir / "missing.db").string()}) {
    for (const char* cmd : {"info", "verify-log", "demo"}) {
      const auto r = testing::RunElink({"--lang", "en", cmd, "--db", path});
      EXPECT_EQ(r.exit_code, 2) << cmd << " " << path << ": " << r.out << r.err;
      EXPECT_NE(r.err.find("error: "), std::string::npos) << r.err;
    }
  }
}

}  // namespace
}  // namespace elink
