// SPDX-License-Identifier: Apache-2.0
// Token keys out of the database (issue #16, item 2) and the lock that keeps the command line off
// a database a server holds (item 7): `elink init` writes <db>.keys with mode 0600; `elink serve`
// reads only that file (or ELINK_TOKEN_KEYS), refuses a missing or open one and an older build's
// key in the database; `elink keys rotate` keeps old tokens until they expire or, with
// --revoke-old, refuses them at once, while the server runs; a writing command is refused beside
// a running server, and reads keep working.
#include "api/test_client.hpp"
#include "app/center.hpp"
#include "app/center_lock.hpp"
#include "app/key_file.hpp"
#include "auth/token.hpp"
#include "process.hpp"
#include "store/event_log.hpp"
#include "support/data_files.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace elink::app {
namespace {

using Json = nlohmann::json;
using std::chrono::hours;

using testing::kDemoRegion;
constexpr const char* kPassword = "a long enough password";

void Write(const std::filesystem::path& path, const std::string& text, mode_t mode = 0600) {
  std::filesystem::remove(path);
  std::ofstream(path, std::ios::binary) << text;
  ::chmod(path.c_str(), mode);
}

std::string HexKey() { return auth::TokenKey().ToHex(); }

// ---- the key file ---------------------------------------------------------------------------

TEST(KeyFileTest, InitWritesAKeyFileOfMode0600AndNothingInTheDatabase) {
  testing::TempDir dir;
  const std::filesystem::path db = dir / "center.db";
  SystemClock clock;
  ASSERT_TRUE(InitCenter(db, kDemoRegion, clock).ok());
  struct stat st {};
  ASSERT_EQ(::stat(KeyFilePath(db).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600U);
  const Result<auth::KeyRing> ring = ReadKeyFile(KeyFilePath(db));
  ASSERT_TRUE(ring.ok()) << ring.status().ToString();
  EXPECT_EQ(ring->keys().size(), 1U);
  EXPECT_EQ(ring->current().id, "1");
  auto log = store::OpenSqliteLog({.path = db, .read_only = true});
  ASSERT_TRUE(log.ok());
  EXPECT_FALSE((*log)->GetMeta(kLegacyTokenKeyMeta)->has_value());
  // The file reads back as written.
  const Result<auth::KeyRing> again = ParseKeys(FormatKeys(*ring), "x");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->current().key.bytes(), ring->current().key.bytes());
}

TEST(KeyFileTest, GarbageTruncatedOversizedOrOpenKeyFilesAreClearErrors) {
  testing::TempDir dir;
  const std::filesystem::path path = dir / "center.db.keys";
  const std::string hex = HexKey();
  const std::string good = "1 1764000000000 " + hex + "\n";
  ASSERT_TRUE(ParseKeys(good, "f").ok());
  struct Case {
    std::string text;
    std::string says;
  };
  const std::vector<Case> cases = {
      {"", "no token signing key"},
      {"# only a comment\n\n", "no token signing key"},
      {std::string("\x00\x01\x02garbage\xff", 11), "line 1"},
      {good.substr(0, 40), "line 1"},                    // truncated inside the key
      {"1 1764000000000\n", "line 1"},                   // no key
      {good + "2 x " + hex + "\n", "line 2"},            // a time that is not a number
      {"1 1764000000000 " + hex + " 5 6\n", "line 1"},   // too many fields
      {"bad|id 1764000000000 " + hex + "\n", "line 1"},  // an id that is not one
      {good + good, "appears twice"},                    // the same id twice
      {good + "2 1764000000000 " + hex + "\n", "exactly one key must be current"},
      {"1 1764000000000 " + hex + " 1764000000001\n", "exactly one key must be current"},
      {std::string(kMaxKeyFileBytes + 1, '#'), "longer than"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.says);
    const Status parsed = ParseKeys(c.text, "f").status();
    EXPECT_EQ(parsed.code(), StatusCode::kInvalidArgument) << parsed.ToString();
    EXPECT_NE(parsed.Text(elink::Lang::kEn).find(c.says), std::string::npos) << parsed.ToString();
    EXPECT_FALSE(parsed.Text(elink::Lang::kZhCN).empty());
    EXPECT_EQ(parsed.ToString().find(hex), std::string::npos) << "never a key in an error";
    Write(path, c.text);
    EXPECT_FALSE(ReadKeyFile(path).ok());
  }
  std::string many;
  for (std::size_t i = 0; i <= kMaxKeys; ++i) {
    many += std::to_string(i + 1) + " 1 " + hex + (i == 0 ? "" : " 9") + "\n";
  }
  EXPECT_NE(ParseKeys(many, "f").status().ToString().find("more than"), std::string::npos);

  // Group or others may read it: refused, saying how to fix it.
  Write(path, good, 0644);
  const Status open = ReadKeyFile(path).status();
  EXPECT_EQ(open.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(open.ToString().find("0644"), std::string::npos) << open.ToString();
  EXPECT_NE(open.ToString().find("chmod 600"), std::string::npos) << open.ToString();
  Write(path, good, 0640);
  EXPECT_EQ(ReadKeyFile(path).status().code(), StatusCode::kFailedPrecondition);
  Write(path, good, 0400);
  EXPECT_TRUE(ReadKeyFile(path).ok());
  std::filesystem::remove(path);
  std::filesystem::create_directory(path);
  ::chmod(path.c_str(), 0700);
  EXPECT_EQ(ReadKeyFile(path).status().code(), StatusCode::kFailedPrecondition);
  std::filesystem::remove(path);
  EXPECT_EQ(ReadKeyFile(path).status().code(), StatusCode::kNotFound);
}

TEST(KeyFileTest, RotationKeepsOldKeysForTheTokenLifetimeOrRevokesThem) {
  const TimePoint t0 = FromUnixMillis(1'764'000'000'000);
  const auth::KeyRing first = NewKeyRing(t0);
  const std::string old_token = auth::IssueToken(first, "ann", 0, t0 + hours(12));
  const auth::KeyRing second = RotateKeys(first, t0 + hours(1), hours(12), false);
  EXPECT_EQ(second.current().id, "2");
  ASSERT_EQ(second.keys().size(), 2U);
  EXPECT_TRUE(auth::VerifyToken(second, old_token, t0 + hours(2)).ok());
  const std::string new_token = auth::IssueToken(second, "ann", 0, t0 + hours(13));
  EXPECT_TRUE(auth::VerifyToken(second, new_token, t0 + hours(2)).ok());
  EXPECT_FALSE(auth::VerifyToken(first, new_token, t0 + hours(2)).ok());
  // Once the lifetime has passed, the old key is dropped at the next rotation.
  const auth::KeyRing third = RotateKeys(second, t0 + hours(14), hours(12), false);
  EXPECT_EQ(third.current().id, "3");
  EXPECT_EQ(third.keys().size(), 2U);
  // --revoke-old: only the new key.
  const auth::KeyRing revoked = RotateKeys(second, t0 + hours(2), hours(12), true);
  EXPECT_EQ(revoked.keys().size(), 1U);
  EXPECT_EQ(revoked.current().id, "3");
  EXPECT_FALSE(auth::VerifyToken(revoked, old_token, t0 + hours(2)).ok());
  EXPECT_FALSE(auth::VerifyToken(revoked, new_token, t0 + hours(2)).ok());
}

TEST(KeyFileTest, TheEnvironmentReplacesTheFile) {
  testing::TempDir dir;
  const std::filesystem::path db = dir / "center.db";
  SystemClock clock;
  ASSERT_TRUE(InitCenter(db, kDemoRegion, clock).ok());
  auto log = store::OpenSqliteLog({.path = db, .read_only = true});
  ASSERT_TRUE(log.ok());
  const std::string env = "7 1764000000000 " + HexKey() + ";8 1764000000000 " + HexKey();
  ::setenv(std::string(kTokenKeysEnv).c_str(), (env + " x").c_str(), 1);
  EXPECT_EQ(LoadServeKeys(db, **log).status().code(), StatusCode::kInvalidArgument);
  ::setenv(std::string(kTokenKeysEnv).c_str(), (env + "\n").c_str(), 1);
  const Result<auth::KeyRing> ring = LoadServeKeys(db, **log);
  ::unsetenv(std::string(kTokenKeysEnv).c_str());
  ASSERT_FALSE(ring.ok()) << "two current keys";
  ::setenv(std::string(kTokenKeysEnv).c_str(), ("7 1764000000000 " + HexKey()).c_str(), 1);
  const Result<auth::KeyRing> single = LoadServeKeys(db, **log);
  ::unsetenv(std::string(kTokenKeysEnv).c_str());
  ASSERT_TRUE(single.ok()) << single.status().ToString();
  EXPECT_EQ(single->current().id, "7");
  // Without the variable: the file.
  const Result<auth::KeyRing> file = LoadServeKeys(db, **log);
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->current().id, "1");
}

TEST(KeyFileTest, TheKeysCommandsHaveHelp) {
  const auto keys = testing::RunElink({"keys", "--help"});
  EXPECT_EQ(keys.exit_code, 0);
  EXPECT_NE(keys.out.find("rotate"), std::string::npos) << keys.out;
  EXPECT_NE(keys.out.find("list"), std::string::npos) << keys.out;
  const auto rotate = testing::RunElink({"keys", "rotate", "--help"});
  EXPECT_EQ(rotate.exit_code, 0);
  EXPECT_NE(rotate.out.find("--revoke-old"), std::string::npos) << rotate.out;
  EXPECT_NE(rotate.out.find("--db"), std::string::npos) << rotate.out;
  const auto missing = testing::RunElink({"--lang", "en", "keys", "list", "--db", "/no/such.db"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("elink keys rotate"), std::string::npos) << missing.err;
}

// ---- elink serve with its keys, as processes --------------------------------------------------

std::string DemoCenterWithDispatcher(const testing::TempDir& dir) {
  const std::string db = (dir / "center.db").string();
  EXPECT_EQ(testing::InitDemoCenter(db).exit_code, 0);
  const std::string pw = (dir / "pw").string();
  std::ofstream(pw) << kPassword << "\n";
  const auto added =
      testing::RunElink({"user", "add", "--db", db, "--name", "central", "--role", "dispatcher",
                         "--org", "sf-central", "--password-file", pw});
  EXPECT_EQ(added.exit_code, 0) << added.err;
  return db;
}

unsigned short PortOf(testing::Child& server) {
  for (int i = 0; i < 600; ++i) {
    if (!server.Pump(std::chrono::milliseconds(50))) return 0;
    const std::string& out = server.out();
    const std::size_t at = out.find("listening on http://127.0.0.1:");
    if (at != std::string::npos && out.find('/', at + 30) != std::string::npos) {
      return static_cast<unsigned short>(std::stoi(out.substr(at + 30)));
    }
  }
  return 0;
}

int Http(unsigned short port, const std::string& method, const std::string& path,
         const std::string& token, const std::string& body = "", std::string* answer = nullptr) {
  api::testing::Client c(port);
  if (!c.connected()) return -1;
  std::string headers;
  if (!token.empty()) headers = "Authorization: Bearer " + token + "\r\n";
  if (!body.empty()) headers += "Content-Type: application/json\r\n";
  if (!c.Send(method + " " + path + " HTTP/1.1\r\nHost: t\r\nContent-Length: " +
              std::to_string(body.size()) + "\r\n" + headers + "\r\n" + body)) {
    return -1;
  }
  const auto r = c.Read();
  if (!r) return -1;
  if (answer != nullptr) *answer = r->body;
  return r->status;
}

std::string Login(unsigned short port, const std::string& user = "central",
                  const std::string& password = kPassword) {
  std::string body;
  if (Http(port, "POST", "/api/v1/auth/login", "",
           Json{{"user", user}, {"password", password}}.dump(), &body) != 200) {
    return {};
  }
  return Json::parse(body)["token"];
}

std::vector<std::string> Serve(const std::string& db) {
  return {ELINK_CLI, "--lang", "en", "serve", "--db", db, "--listen", "127.0.0.1:0"};
}

TEST(ServeKeysTest, MintedTokenRefusedWithoutTheKeyFile) {
  testing::TempDir dir;
  const std::string db = DemoCenterWithDispatcher(dir);
  testing::Child server(Serve(db));
  const unsigned short port = PortOf(server);
  ASSERT_NE(port, 0) << server.out();
  const TimePoint later = SystemClock().Now() + hours(1);
  // Whoever has the database but not the key file: every id a token may name, a key of its own.
  for (const char* id : {"0", "1", "2"}) {
    const auto mine = auth::KeyRing::Make(
        {{.id = id, .created = {}, .retired_until = {}, .key = auth::TokenKey()}});
    ASSERT_TRUE(mine.ok());
    EXPECT_EQ(Http(port, "GET", "/api/v1/me", auth::IssueToken(*mine, "central", 0, later)), 401)
        << id;
  }
  // The key file's key is the one that signs.
  const auto keys = ReadKeyFile(KeyFilePath(db));
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ(Http(port, "GET", "/api/v1/me", auth::IssueToken(*keys, "central", 0, later)), 200);
  EXPECT_EQ(Http(port, "GET", "/api/v1/me", Login(port)), 200);
}

TEST(ServeKeysTest, AnOldDatabasesKeyIsNotHonoured) {
  testing::TempDir dir;
  const std::string db = DemoCenterWithDispatcher(dir);
  // What an older build left: the key in the meta table, no key file.
  const auth::TokenKey legacy;
  {
    auto log = store::OpenSqliteLog({.path = db});
    ASSERT_TRUE(log.ok());
    ASSERT_TRUE((*log)->SetMeta(kLegacyTokenKeyMeta, legacy.ToHex()).ok());
  }
  std::filesystem::remove(KeyFilePath(db));
  testing::Child refused(Serve(db));
  EXPECT_EQ(refused.Wait(), 2);
  EXPECT_NE(refused.err().find("api_token_key"), std::string::npos) << refused.err();
  EXPECT_NE(refused.err().find("elink keys rotate --db " + db), std::string::npos) << refused.err();
  // In zh-CN too.
  const auto zh = testing::RunElink({"serve", "--db", db, "--listen", "127.0.0.1:0"});
  EXPECT_EQ(zh.exit_code, 2);
  EXPECT_NE(zh.err.find("令牌签名密钥仍保存在数据库中"), std::string::npos) << zh.err;

  const auto rotated = testing::RunElink({"--lang", "en", "keys", "rotate", "--db", db});
  ASSERT_EQ(rotated.exit_code, 0) << rotated.err;
  EXPECT_NE(rotated.out.find("wiped"), std::string::npos) << rotated.out;
  {
    auto log = store::OpenSqliteLog({.path = db, .read_only = true});
    ASSERT_TRUE(log.ok());
    EXPECT_EQ((*log)->GetMeta(kLegacyTokenKeyMeta)->value_or("?"), "");
  }
  testing::Child server(Serve(db));
  const unsigned short port = PortOf(server);
  ASSERT_NE(port, 0) << server.out();
  const TimePoint later = SystemClock().Now() + hours(1);
  for (const char* id : {"0", "1"}) {
    const auto old =
        auth::KeyRing::Make({{.id = id, .created = {}, .retired_until = {}, .key = legacy}});
    EXPECT_EQ(Http(port, "GET", "/api/v1/me", auth::IssueToken(*old, "central", 0, later)), 401);
  }
  EXPECT_EQ(Http(port, "GET", "/api/v1/me", Login(port)), 200);
}

TEST(ServeKeysTest, AMissingOrOpenKeyFileStopsTheStart) {
  testing::TempDir dir;
  const std::string db = DemoCenterWithDispatcher(dir);
  ::chmod(KeyFilePath(db).c_str(), 0644);
  testing::Child open(Serve(db));
  EXPECT_EQ(open.Wait(), 2);
  EXPECT_NE(open.err().find("0644"), std::string::npos) << open.err();
  EXPECT_NE(open.err().find("chmod 600"), std::string::npos) << open.err();
  EXPECT_EQ(open.out().find("listening"), std::string::npos);
  std::filesystem::remove(KeyFilePath(db));
  testing::Child missing(Serve(db));
  EXPECT_EQ(missing.Wait(), 2);
  EXPECT_NE(missing.err().find("elink keys rotate"), std::string::npos) << missing.err();
  Write(KeyFilePath(db), "garbage\n");
  testing::Child garbage(Serve(db));
  EXPECT_EQ(garbage.Wait(), 2);
  EXPECT_NE(garbage.err().find("line 1"), std::string::npos) << garbage.err();
}

TEST(ServeKeysTest, RotationAppliesWithoutARestart) {
  testing::TempDir dir;
  const std::string db = DemoCenterWithDispatcher(dir);
  testing::Child server(Serve(db));
  const unsigned short port = PortOf(server);
  ASSERT_NE(port, 0) << server.out();
  const std::string first = Login(port);
  ASSERT_EQ(Http(port, "GET", "/api/v1/me", first), 200);

  const auto rotated = testing::RunElink({"--lang", "en", "keys", "rotate", "--db", db});
  ASSERT_EQ(rotated.exit_code, 0) << rotated.err;
  const auto listed = testing::RunElink({"--lang", "en", "keys", "list", "--db", db});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("1  created"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("2  created"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("current"), std::string::npos) << listed.out;
  EXPECT_EQ(listed.out.find(ReadKeyFile(KeyFilePath(db))->current().key.ToHex()), std::string::npos)
      << "never a key";
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  // The old token still works; new ones are signed with the new key.
  EXPECT_EQ(Http(port, "GET", "/api/v1/me", first), 200);
  const std::string second = Login(port);
  ASSERT_EQ(Http(port, "GET", "/api/v1/me", second), 200);
  const auto ring = ReadKeyFile(KeyFilePath(db));
  ASSERT_TRUE(ring.ok());
  const auto only_new = auth::KeyRing::Make({ring->current()});
  ASSERT_TRUE(only_new.ok());
  EXPECT_TRUE(auth::VerifyToken(*only_new, second, SystemClock().Now()).ok());

  const auto revoked =
      testing::RunElink({"--lang", "en", "keys", "rotate", "--revoke-old", "--db", db});
  ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
  int first_status = 0;
  int second_status = 0;
  for (int i = 0; i < 50; ++i) {
    first_status = Http(port, "GET", "/api/v1/me", first);
    second_status = Http(port, "GET", "/api/v1/me", second);
    if (first_status == 401 && second_status == 401) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(first_status, 401);
  EXPECT_EQ(second_status, 401);
  EXPECT_EQ(Http(port, "GET", "/api/v1/me", Login(port)), 200);
}

// ---- the lock -------------------------------------------------------------------------------

TEST(CenterLockTest, OneHolderAtATime) {
  testing::TempDir dir;
  const std::filesystem::path db = dir / "center.db";
  SystemClock clock;
  ASSERT_TRUE(InitCenter(db, kDemoRegion, clock).ok());
  {
    auto center = Center::Open({.db = db}, clock);
    ASSERT_TRUE(center.ok()) << center.status().ToString();
    const auto second = Center::Open({.db = db}, clock);
    EXPECT_EQ(second.status().code(), StatusCode::kFailedPrecondition);
    EXPECT_NE(second.status().ToString().find("pid " + std::to_string(::getpid())),
              std::string::npos)
        << second.status().ToString();
    EXPECT_EQ(CenterLock::Acquire(db).status().code(), StatusCode::kFailedPrecondition);
  }
  EXPECT_TRUE(CenterLock::Acquire(db).ok()) << "released with the center";
  EXPECT_TRUE(Center::Open({.db = db}, clock).ok());
}

TEST(CenterLockTest, TheCliIsRefusedWhileAServerHoldsTheDatabase) {
  testing::TempDir dir;
  const std::string db = DemoCenterWithDispatcher(dir);
  testing::Child server(Serve(db));
  const unsigned short port = PortOf(server);
  ASSERT_NE(port, 0) << server.out();
  const std::string token = Login(port);
  ASSERT_EQ(Http(port, "GET", "/api/v1/me", token), 200);
  const std::string pid = std::to_string(server.pid());
  const auto head = [&] {
    const auto r = testing::RunElink({"--lang", "en", "verify-log", "--db", db});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  };
  const std::string before = head();

  const auto disabled =
      testing::RunElink({"--lang", "en", "user", "disable", "--db", db, "--name", "central"});
  EXPECT_EQ(disabled.exit_code, 2);
  EXPECT_NE(disabled.err.find("pid " + pid), std::string::npos) << disabled.err;
  EXPECT_NE(disabled.err.find("POST /api/v1/users/NAME/disable"), std::string::npos)
      << disabled.err;
  EXPECT_EQ(disabled.out.find("disabled"), std::string::npos) << disabled.out;
  const auto zh = testing::RunElink({"user", "disable", "--db", db, "--name", "central"});
  EXPECT_EQ(zh.exit_code, 2);
  EXPECT_NE(zh.err.find("正被运行中的 elink 进程（pid " + pid), std::string::npos) << zh.err;
  // Other writers too: a user, an incident, init over it, a second server.
  const std::string pw = (dir / "pw").string();
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"user", "add", "--db", db, "--name", "x", "--role", "viewer", "--org", "sf-central",
            "--password-file", pw},
           {"user", "password", "--db", db, "--name", "central", "--password-file", pw},
           {"user", "enable", "--db", db, "--name", "central"},
           {"incident", "create", "--db", db, "--type", "fire.residential", "--at",
            "37.8003,-122.4372"},
           {"init", "--db", db, "--config", kDemoRegion},
           {"serve", "--db", db, "--listen", "127.0.0.1:0"}}) {
    std::vector<std::string> full = {"--lang", "en"};
    full.insert(full.end(), args.begin(), args.end());
    const auto r = testing::RunElink(full);
    EXPECT_NE(r.exit_code, 0) << args[0] << " " << args[1];
    EXPECT_NE(r.err.find("pid " + pid), std::string::npos)
        << args[0] << " " << args[1] << ": " << r.err;
  }
  // Nothing changed, and the server still accepts the token and writes.
  EXPECT_EQ(head(), before);
  EXPECT_EQ(Http(port, "GET", "/api/v1/me", token), 200);
  EXPECT_EQ(Http(port, "POST", "/api/v1/incidents", token,
                 R"({"type": "fire.residential", "location": {"lat": 37.8003, "lon": -122.4372}})"),
            201);
  // Reads work beside it.
  const auto info = testing::RunElink({"--lang", "en", "info", "--db", db});
  EXPECT_EQ(info.exit_code, 0) << info.err;
  const auto users = testing::RunElink({"--lang", "en", "user", "list", "--db", db});
  EXPECT_EQ(users.exit_code, 0) << users.err;
  EXPECT_NE(users.out.find("central"), std::string::npos) << users.out;
  const auto incidents = testing::RunElink({"--lang", "en", "incident", "list", "--db", db});
  EXPECT_EQ(incidents.exit_code, 0) << incidents.err;
  EXPECT_NE(incidents.out.find("1"), std::string::npos) << incidents.out;
  for (const char* read : {"drill-report", "verify-log"}) {
    const auto r = testing::RunElink({"--lang", "en", read, "--db", db});
    EXPECT_EQ(r.exit_code, 0) << read << ": " << r.err;
  }
  EXPECT_EQ(testing::RunElink({"openapi"}).exit_code, 0);

  server.Signal(SIGTERM);
  EXPECT_EQ(server.Wait(), 0) << server.err();
  // Once it has stopped, the command line may write again.
  const auto after =
      testing::RunElink({"--lang", "en", "user", "disable", "--db", db, "--name", "central"});
  EXPECT_EQ(after.exit_code, 0) << after.err;
}

}  // namespace
}  // namespace elink::app
