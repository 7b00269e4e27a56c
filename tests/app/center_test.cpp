// SPDX-License-Identifier: Apache-2.0
#include "app/center.hpp"

#include "app/demo.hpp"
#include "app/inspect.hpp"
#include "app/stress.hpp"
#include "support/data_files.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace elink::app {
namespace {

using testing::kDemoRegion;

class CenterTest : public ::testing::Test {
 protected:
  testing::TempDir dir_;
  std::filesystem::path db_ = dir_ / "center.db";
  SystemClock clock_;
};

TEST_F(CenterTest, InitThenOpenHasTheRegion) {
  auto report = InitCenter(db_, kDemoRegion, clock_);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_GT(report->units, 10U);
  EXPECT_EQ(report->head.seq, 1U);
  auto center = Center::Open({.db = db_}, clock_);
  ASSERT_TRUE(center.ok()) << center.status().ToString();
  const auto view = (*center)->engine().View();
  EXPECT_EQ(view->units().size(), report->units);
  EXPECT_EQ(view->stations().size(), report->stations);
  EXPECT_EQ(view->grids().size(), report->grids);
}

TEST_F(CenterTest, InitRefusesAnExistingDatabase) {
  ASSERT_TRUE(InitCenter(db_, kDemoRegion, clock_).ok());
  const auto again = InitCenter(db_, kDemoRegion, clock_);
  EXPECT_EQ(again.status().code(), StatusCode::kConflict);
}

TEST_F(CenterTest, BadRegionLeavesNoDatabase) {
  const auto bad = dir_ / "bad-region";
  std::filesystem::copy(kDemoRegion, bad, std::filesystem::copy_options::recursive);
  {
    std::ofstream units(bad / "units.toml", std::ios::app);
    units << "\n[[units]]\nid = \"X1\"\nname = \"X1\"\ntype = \"firetruck\"\n"
             "station = \"sf-fs-02\"\ncrew = 4\n";
  }
  const auto r = InitCenter(db_, bad, clock_);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().ToString().find("units.toml:"), std::string::npos) << r.status().ToString();
  EXPECT_NE(r.status().ToString().find("firetruck"), std::string::npos) << r.status().ToString();
  EXPECT_FALSE(std::filesystem::exists(db_));
}

TEST_F(CenterTest, OpenRefusesWhatIsNotACenter) {
  EXPECT_EQ(Center::Open({.db = db_}, clock_).status().code(), StatusCode::kNotFound);
  {
    std::ofstream f(db_, std::ios::binary);
    f << "this is not a database, just some text that happens to be here\n";
  }
  const auto garbage = Center::Open({.db = db_}, clock_);
  EXPECT_EQ(garbage.status().code(), StatusCode::kCorruption) << garbage.status().ToString();
  EXPECT_EQ(DescribeCenter(db_, Lang::kEn).status().code(), StatusCode::kCorruption);
}

TEST_F(CenterTest, TruncatedDatabaseIsAClearError) {
  ASSERT_TRUE(InitCenter(db_, kDemoRegion, clock_).ok());
  {
    auto center = Center::Open({.db = db_}, clock_);
    ASSERT_TRUE(center.ok());
    ASSERT_TRUE(RunStress(**center, {.threads = 2, .cycles = 20}, {}).ok());
  }
  const auto size = std::filesystem::file_size(db_);
  std::filesystem::resize_file(db_, size / 3);
  const auto r = Center::Open({.db = db_}, clock_);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().code() == StatusCode::kCorruption ||
              r.status().code() == StatusCode::kIOError)
      << r.status().ToString();
  EXPECT_FALSE(r.status().message().empty());
}

TEST_F(CenterTest, InfoDescribesTheCenterInBothLanguages) {
  ASSERT_TRUE(InitCenter(db_, kDemoRegion, clock_).ok());
  const auto zh = DescribeCenter(db_, Lang::kZh);
  ASSERT_TRUE(zh.ok()) << zh.status().ToString();
  EXPECT_NE(zh->find("救援队伍"), std::string::npos);
  const auto en = DescribeCenter(db_, Lang::kEn);
  ASSERT_TRUE(en.ok());
  const auto anchor = en->find("head anchor");
  ASSERT_NE(anchor, std::string::npos) << *en;
  EXPECT_EQ(en->substr(en->find_first_not_of(' ', anchor + 11), 2), "1:") << *en;
}

TEST_F(CenterTest, DemoRunsAShiftToTheEnd) {
  ASSERT_TRUE(InitCenter(db_, kDemoRegion, clock_).ok());
  auto center = Center::Open({.db = db_}, clock_);
  ASSERT_TRUE(center.ok());
  std::ostringstream out;
  const Status s = RunDemo(**center, clock_, {.lang = Lang::kEn, .pace = Millis(0)}, out);
  ASSERT_TRUE(s.ok()) << s.ToString() << "\n" << out.str();
  const auto view = (*center)->engine().View();
  ASSERT_EQ(view->incidents().size(), 3U);
  for (const auto& [id, inc] : view->incidents()) {
    EXPECT_EQ(inc.status, core::IncidentStatus::kClosed) << out.str();
    EXPECT_FALSE(inc.units.empty()) << "incident " << ToString(id) << " got no unit";
  }
  for (const auto& [id, unit] : view->units()) {
    EXPECT_NE(unit.status, core::UnitStatus::kOnScene);
  }
  EXPECT_NE(out.str().find("Demo done"), std::string::npos);
}

TEST_F(CenterTest, HeadAnchorParsing) {
  const std::string hex(64, 'a');
  const auto ok = ParseHeadAnchor("12:" + hex);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->seq, 12U);
  for (const std::string& bad :
       std::vector<std::string>{"", "12", ":" + hex, "x:" + hex, "12:abc", "-1:" + hex,
                                "99999999999999999999999:" + hex}) {
    EXPECT_EQ(ParseHeadAnchor(bad).status().field(), "expect-head") << bad;
  }
}

TEST(StressOptionsTest, Validates) {
  EXPECT_FALSE(StressOptions{.threads = 0}.Validate().ok());
  EXPECT_FALSE(StressOptions{.cycles = 0}.Validate().ok());
  EXPECT_FALSE(StressOptions{.run_id = "a-b"}.Validate().ok());
  EXPECT_TRUE(StressOptions{}.Validate().ok());
  const core::State empty;
  EXPECT_EQ(StressEventsPerCommand("s-1-2-r", empty), 1);
  EXPECT_EQ(StressEventsPerCommand("s-1-2-v", empty), 1);  // no fire plan, nothing to activate
  EXPECT_EQ(StressEventsPerCommand("s-1-2-p", empty), 3);
  EXPECT_EQ(StressEventsPerCommand("init", empty), 0);
}

}  // namespace
}  // namespace elink::app
