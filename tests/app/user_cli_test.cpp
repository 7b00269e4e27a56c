// SPDX-License-Identifier: Apache-2.0
// `elink user ...` in process, on a real center database of the demo region: add, list, disable,
// change a password; hashes never printed; refusals leave the log as it was.
#include "app/user_cli.hpp"

#include "app/center.hpp"
#include "auth/password.hpp"
#include "support/data_files.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace elink::app {
namespace {

using testing::kDemoRegion;

class UserCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCenter(db_, kDemoRegion, clock_).ok());
    auto center = Center::Open({.db = db_}, clock_);
    ASSERT_TRUE(center.ok()) << center.status().ToString();
    center_ = std::move(center).value();
  }

  engine::Engine& engine() { return center_->engine(); }

  std::string List(Lang lang = Lang::kEn) {
    std::ostringstream out;
    RunUserList(*engine().View(), lang, out);
    return out.str();
  }

  testing::TempDir dir_;
  std::filesystem::path db_ = dir_ / "center.db";
  SystemClock clock_;
  std::unique_ptr<Center> center_;
};

TEST_F(UserCliTest, AddListDisableAndChangePassword) {
  EXPECT_EQ(List(), "no users yet (add one with elink user add)\n");
  std::ostringstream out;
  ASSERT_TRUE(RunUserAdd(engine(), "cli", "admin", "值班管理员", "admin", "bay-area",
                         "correct horse battery staple", Lang::kEn, out)
                  .ok());
  EXPECT_EQ(out.str().rfind("user admin added: administrator at ", 0), 0U) << out.str();
  const core::User* admin = engine().View()->FindUser("admin");
  ASSERT_NE(admin, nullptr);
  EXPECT_TRUE(auth::VerifyPassword(admin->password_hash, "correct horse battery staple"));
  EXPECT_EQ(admin->display, (core::Name{"值班管理员", "值班管理员"}));

  const std::uint64_t before = engine().View()->last_seq();
  const auto refused = [&](const Status& s, StatusCode code, const std::string& field) {
    EXPECT_EQ(s.code(), code) << s.ToString();
    EXPECT_EQ(s.field(), field) << s.ToString();
    EXPECT_EQ(engine().View()->last_seq(), before);
  };
  std::ostringstream ignored;
  refused(RunUserAdd(engine(), "cli", "ann", "", "boss", "sf", "long enough", Lang::kEn, ignored),
          StatusCode::kInvalidArgument, "role");
  refused(RunUserAdd(engine(), "cli", "ann", "", "viewer", "sf", "short", Lang::kEn, ignored),
          StatusCode::kInvalidArgument, "password");
  refused(
      RunUserAdd(engine(), "cli", "admin", "", "viewer", "sf", "long enough", Lang::kEn, ignored),
      StatusCode::kConflict, "name");
  refused(RunUserAdd(engine(), "cli", "ann", "", "viewer", "atlantis", "long enough", Lang::kEn,
                     ignored),
          StatusCode::kInvalidArgument, "org");
  refused(RunUserDisable(engine(), "cli", "admin", true, Lang::kEn, ignored),
          StatusCode::kFailedPrecondition, "disabled");
  refused(RunUserPassword(engine(), "cli", "nobody", "long enough", Lang::kEn, ignored),
          StatusCode::kNotFound, "name");

  ASSERT_TRUE(RunUserAdd(engine(), "cli", "wang.fang", "", "dispatcher", "sf-west",
                         "another password", Lang::kZh, ignored)
                  .ok());
  out.str("");
  ASSERT_TRUE(RunUserDisable(engine(), "cli", "wang.fang", true, Lang::kEn, out).ok());
  EXPECT_EQ(out.str(), "user wang.fang disabled; their tokens no longer work\n");
  const std::string list = List();
  EXPECT_NE(list.find("admin  值班管理员  administrator  "), std::string::npos) << list;
  EXPECT_NE(list.find("wang.fang  wang.fang  dispatcher  "), std::string::npos) << list;
  EXPECT_NE(list.find("  disabled  created "), std::string::npos) << list;
  EXPECT_EQ(list.find("argon2"), std::string::npos) << "a hash printed";
  EXPECT_NE(List(Lang::kZh).find("已停用"), std::string::npos);

  ASSERT_TRUE(
      RunUserPassword(engine(), "cli", "wang.fang", "a new password", Lang::kEn, ignored).ok());
  const core::User* wang = engine().View()->FindUser("wang.fang");
  EXPECT_TRUE(auth::VerifyPassword(wang->password_hash, "a new password"));
  EXPECT_EQ(wang->token_version, 2U);
}

TEST(UserCliPasswordTest, ReadPassword) {
  std::istringstream crlf("secret words\r\nsecond line\n");
  EXPECT_EQ(*ReadPassword(crlf), "secret words");
  std::istringstream no_newline("  spaces kept ");
  EXPECT_EQ(*ReadPassword(no_newline), "  spaces kept ");
  std::istringstream empty("");
  EXPECT_EQ(ReadPassword(empty).status().field(), "password");

  testing::TempDir dir;
  EXPECT_EQ(ReadPasswordFile(dir / "missing").status().code(), StatusCode::kNotFound);
  {
    std::ofstream(dir / "pw") << "from a file\n";
    std::ofstream(dir / "empty") << "\n";
  }
  EXPECT_EQ(*ReadPasswordFile(dir / "pw"), "from a file");
  EXPECT_EQ(ReadPasswordFile(dir / "empty").status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace elink::app
