#pragma once
// A plain sqlite3 connection to a center database, the way an attacker or a broken tool would
// touch the file: tests edit events, hashes and snapshots behind the log's back with it.

#include "util/sha256.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <string>

namespace elink::testing {

class RawDb {
 public:
  explicit RawDb(const std::filesystem::path& path) {
    const int rc =
        sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    EXPECT_EQ(rc, SQLITE_OK) << sqlite3_errmsg(db_);
    sqlite3_busy_timeout(db_, 5000);
  }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;
  ~RawDb() { sqlite3_close_v2(db_); }

  void Exec(const std::string& sql) {
    EXPECT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sql << ": " << sqlite3_errmsg(db_);
  }

  std::int64_t Int(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db_);
    std::int64_t v = -1;
    if (sqlite3_step(stmt) == SQLITE_ROW) v = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return v;
  }

  std::string Text(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db_);
    std::string v;
    if (sqlite3_step(stmt) == SQLITE_ROW) {
      const void* p = sqlite3_column_blob(stmt, 0);
      const int n = sqlite3_column_bytes(stmt, 0);
      if (p != nullptr) v.assign(static_cast<const char*>(p), static_cast<std::size_t>(n));
    }
    sqlite3_finalize(stmt);
    return v;
  }

  // Runs `sql` with ?1 bound to `bytes` (a BLOB) and ?2 to `seq`.
  void ExecWithBlob(const std::string& sql, const std::string& bytes, std::int64_t seq) {
    sqlite3_stmt* stmt = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db_);
    sqlite3_bind_blob64(stmt, 1, bytes.data(), bytes.size(), nullptr);
    sqlite3_bind_int64(stmt, 2, seq);
    EXPECT_EQ(sqlite3_step(stmt), SQLITE_DONE) << sqlite3_errmsg(db_);
    sqlite3_finalize(stmt);
  }

  std::string Frame(std::int64_t seq) {
    return Text(fmt::format("SELECT frame FROM events WHERE seq = {}", seq));
  }
  std::string Hash(std::int64_t seq) {
    return Text(fmt::format("SELECT hash FROM events WHERE seq = {}", seq));
  }
  void SetFrame(std::int64_t seq, const std::string& frame) {
    ExecWithBlob("UPDATE events SET frame = ?1 WHERE seq = ?2", frame, seq);
  }
  void SetHash(std::int64_t seq, const std::string& hash) {
    ExecWithBlob("UPDATE events SET hash = ?1 WHERE seq = ?2", hash, seq);
  }

 private:
  sqlite3* db_ = nullptr;
};

// A digest as the bytes SQLite stores.
inline std::string Bytes(const Sha256Digest& d) {
  return {reinterpret_cast<const char*>(d.data()), d.size()};  // NOLINT: digest bytes as chars
}

}  // namespace elink::testing
