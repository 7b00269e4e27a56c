// SPDX-License-Identifier: Apache-2.0
// The `elink` binary as an operator uses it: --help everywhere, init/info/verify-log, tampering
// named by verify-log, bad arguments and bad files answered with a message and exit code 2.
#include "process.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>

namespace elink {
namespace {

const std::string kDemoRegion = std::string(ELINK_SOURCE_DIR) + "/data/regions/demo";

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
