// SPDX-License-Identifier: Apache-2.0
// A dispatcher's shift through the real `elink` binary on the demo region over the real roads of
// northern San Francisco: a call located by a street corner, verification activating the plan
// and its department tasks, dispatch of the recommended set, unit status and positions, a task
// acknowledged, a level raised, the joint assignment over two fires, the detail and chronology;
// and every refusal on the way, each leaving the center as it was.
#include "app/dispatch_cli.hpp"

#include "app/messages.hpp"
#include "process.hpp"
#include "support/data_files.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace elink {
namespace {

class DispatchCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string osm = elink::testing::DataPath("roads/sf-north.osm.gz");
    ELINK_REQUIRE_DATA(osm);
    dir_ = new testing::TempDir();
    graph_ = (*dir_ / "sf.graph").string();
    ASSERT_EQ(testing::RunElink({"import-osm", osm, "-o", graph_}).exit_code, 0);
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(dir_, nullptr) << "the suite's set-up failed";
    db_ = (local_ / "center.db").string();
    ASSERT_EQ(testing::InitDemoCenter(db_).exit_code, 0);
  }

  testing::RunResult Run(std::vector<std::string> args) {
    std::vector<std::string> full = {"--lang", "en", "--as", "dispatcher1"};
    full.insert(full.end(), args.begin(), args.end());
    full.insert(full.end(), {"--db", db_});
    return testing::RunElink(full);
  }

  // The log's length as verify-log reports it ("OK: 57 events ...").
  std::string LogLength() {
    const auto r = testing::RunElink({"--lang", "en", "verify-log", "--db", db_});
    return r.out.substr(0, r.out.find(" events"));
  }

  // Runs a command that must be refused and checks that it wrote nothing to the log.
  void ExpectRefused(std::vector<std::string> args, const std::string& in_error) {
    const std::string before = LogLength();
    const auto r = Run(args);
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_NE(r.err.find(in_error), std::string::npos) << r.err;
    EXPECT_EQ(LogLength(), before) << "a refused command wrote to the log";
  }

  static std::string Line(const std::string& text, const std::string& containing) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
      if (line.find(containing) != std::string::npos) return line;
    }
    return "";
  }

  static testing::TempDir* dir_;
  static std::string graph_;
  testing::TempDir local_;
  std::string db_;
};

testing::TempDir* DispatchCliTest::dir_ = nullptr;
std::string DispatchCliTest::graph_;

TEST_F(DispatchCliTest, EveryNewCommandHasHelp) {
  for (const auto& args : std::vector<std::vector<std::string>>{{"dispatch", "--help"},
                                                                {"unit", "status", "--help"},
                                                                {"unit", "list", "--help"},
                                                                {"task", "ack", "--help"},
                                                                {"task", "escalate", "--help"},
                                                                {"assign", "--help"},
                                                                {"place", "--help"},
                                                                {"incident", "show", "--help"},
                                                                {"incident", "level", "--help"},
                                                                {"unit", "add", "--help"},
                                                                {"unit", "change", "--help"},
                                                                {"unit", "retire", "--help"}}) {
    const auto r = testing::RunElink(args);
    EXPECT_EQ(r.exit_code, 0) << args[0];
    EXPECT_NE(r.out.find("--"), std::string::npos) << args[0];
  }
}

TEST_F(DispatchCliTest, AShiftFromCallToAssignment) {
  const auto place =
      testing::RunElink({"--lang", "en", "place", "--graph", graph_, "Chestnut St & Fillmore St"});
  ASSERT_EQ(place.exit_code, 0) << place.err;
  EXPECT_NE(place.out.find("corner\tChestnut Street & Fillmore Street"), std::string::npos)
      << place.out;

  const auto created = Run({"incident", "create", "--type", "fire.residential", "--place",
                            "chestnut st & fillmore st", "--graph", graph_});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_NE(created.out.find("place: Chestnut Street & Fillmore Street (37.80"), std::string::npos)
      << created.out;
  EXPECT_NE(created.out.find("number 1"), std::string::npos) << created.out;

  // Not verified yet: no dispatch.
  ExpectRefused({"dispatch", "--incident", "1", "--units", "E16"}, "verif");

  const auto verified = Run({"incident", "status", "--incident", "1", "--to", "verified"});
  ASSERT_EQ(verified.exit_code, 0) << verified.err;
  EXPECT_NE(verified.out.find("plan activated: Residential fire response plan"), std::string::npos)
      << verified.out;
  EXPECT_NE(verified.out.find("task 1 · "), std::string::npos) << verified.out;

  const auto sent = Run({"dispatch", "--incident", "1", "--recommended", "--graph", graph_});
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  ASSERT_NE(sent.out.find("dispatched to incident 1:"), std::string::npos) << sent.out;
  std::istringstream ids(sent.out.substr(sent.out.find(':') + 1));
  std::vector<std::string> units;
  for (std::string u; ids >> u;) units.push_back(u);
  ASSERT_GE(units.size(), 3U) << "the first alarm is at least two engines and a truck";
  const auto board = Run({"unit", "list"});
  for (const std::string& u : units) {
    EXPECT_NE(Line(board.out, u + "\t").find("dispatched"), std::string::npos) << board.out;
    EXPECT_NE(Line(board.out, u + "\t").find("incident 1"), std::string::npos) << board.out;
  }
  // Sending again adds nothing: the plan's level IV is met.
  const auto again = Run({"dispatch", "--incident", "1", "--recommended", "--graph", graph_});
  EXPECT_NE(again.out.find("nothing to send"), std::string::npos) << again.out;

  // A second fire: a unit cannot be on two incidents.
  ASSERT_EQ(Run({"incident", "create", "--type", "fire.residential", "--at", "37.8008,-122.4355",
                 "--source", "grid_worker", "--reporter", "Li Lei", "--phone", "13800000000",
                 "--trapped", "2"})
                .exit_code,
            0);
  const auto second = Run({"incident", "show", "--incident", "2"});
  EXPECT_NE(second.out.find("Li Lei 13800000000"), std::string::npos) << second.out;
  EXPECT_NE(second.out.find("2 trapped"), std::string::npos) << second.out;
  EXPECT_NE(second.out.find("grid worker"), std::string::npos) << second.out;
  ASSERT_EQ(Run({"incident", "status", "--incident", "2", "--to", "verified"}).exit_code, 0);
  ExpectRefused({"dispatch", "--incident", "2", "--units", units[0]}, "incident 1");

  // The first unit drives there and arrives: the incident is on scene.
  ASSERT_EQ(Run({"unit", "status", "--unit", units[0], "--to", "acknowledged"}).exit_code, 0);
  EXPECT_NE(Line(Run({"unit", "list"}).out, units[0] + "\t").find("acknowledged"),
            std::string::npos);
  ASSERT_EQ(Run({"unit", "status", "--unit", units[0], "--to", "en_route"}).exit_code, 0);
  ASSERT_EQ(Run({"unit", "position", "--unit", units[0], "--at", "37.8001,-122.4360"}).exit_code,
            0);
  EXPECT_NE(Line(Run({"unit", "list"}).out, units[0] + "\t").find("AVL 0 min"), std::string::npos);
  ASSERT_EQ(Run({"unit", "status", "--unit", units[0], "--to", "on_scene"}).exit_code, 0);
  EXPECT_NE(Run({"incident", "list"}).out.find("on scene"), std::string::npos);

  ASSERT_EQ(
      Run({"task", "ack", "--incident", "1", "--task", "1", "--note", "on our way"}).exit_code, 0);
  ExpectRefused({"task", "ack", "--incident", "1", "--task", "1"}, "already acknowledged");
  EXPECT_NE(Run({"task", "escalate"}).out.find("no overdue task"), std::string::npos);

  const auto raised =
      Run({"incident", "level", "--incident", "1", "--to", "III", "--reason", "spreading"});
  ASSERT_EQ(raised.exit_code, 0) << raised.err;
  EXPECT_NE(raised.out.find("new department tasks"), std::string::npos) << raised.out;

  const auto joint = Run({"assign", "--graph", graph_});
  ASSERT_EQ(joint.exit_code, 0) << joint.err;
  EXPECT_NE(joint.out.find("Joint assignment of 2 incidents"), std::string::npos) << joint.out;
  EXPECT_NE(joint.out.find("Incident 1 · level III"), std::string::npos) << joint.out;

  const auto shown = Run({"incident", "show", "--incident", "1"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  for (const std::string& expected :
       {std::string("Chestnut Street & Fillmore Street"), std::string("dispatcher1"), units[0],
        std::string("on our way")}) {
    EXPECT_NE(shown.out.find(expected), std::string::npos) << expected << "\n" << shown.out;
  }
  const auto zh = testing::RunElink({"incident", "show", "--incident", "1", "--db", db_});
  ASSERT_EQ(zh.exit_code, 0);
  EXPECT_NE(zh.out.find("居民住宅火灾处置预案"), std::string::npos) << zh.out;
}

// The resource base edited from the command line (issue #17): a boat added at station 2 is the
// one a water rescue there is recommended, no restart; changed naming the revision seen; retired,
// it leaves the recommendation and the board. Every refusal names the option and writes nothing.
TEST_F(DispatchCliTest, UnitsAddedChangedAndRetiredLive) {
  const auto added = Run({"unit", "add", "--unit", "B99", "--name", "冲锋舟 B99", "--name-en",
                          "Boat B99", "--type", "boat", "--capabilities", "water_rescue", "--crew",
                          "3", "--station", "sf-fs-02", "--reason", "new boat"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_NE(added.out.find("added unit B99 (rescue boat, station sf-fs-02, organisation sf-east"),
            std::string::npos)
      << added.out;
  ASSERT_EQ(Run({"incident", "create", "--type", "rescue.water", "--at", "37.797034,-122.409879"})
                .exit_code,
            0);
  const auto with = Run({"recommend", "--incident", "1", "--graph", graph_});
  ASSERT_EQ(with.exit_code, 0) << with.err;
  EXPECT_NE(with.out.find("B99"), std::string::npos) << with.out;
  EXPECT_EQ(with.out.find("B16"), std::string::npos) << "one boat is asked for: " << with.out;

  // Changed from revision 0 is stale (it was added at a later revision); from its own it goes.
  ExpectRefused(
      {"unit", "change", "--unit", "B99", "--crew", "4", "--revision", "0", "--reason", "x"},
      "revision");
  const std::string revision = Line(Run({"unit", "list"}).out, "B99\t");
  const std::string seen = revision.substr(revision.rfind(' ') + 1);
  const auto changed = Run({"unit", "change", "--unit", "B99", "--crew", "4", "--revision", seen,
                            "--reason", "one more crew"});
  ASSERT_EQ(changed.exit_code, 0) << changed.err;
  EXPECT_NE(changed.out.find("B99 changed, revision"), std::string::npos) << changed.out;

  const auto retired = Run({"unit", "retire", "--unit", "B99", "--reason", "scrapped"});
  ASSERT_EQ(retired.exit_code, 0) << retired.err;
  const auto without = Run({"recommend", "--incident", "1", "--graph", graph_});
  EXPECT_EQ(without.out.find("B99"), std::string::npos) << without.out;
  EXPECT_NE(without.out.find("B16"), std::string::npos) << without.out;
  const auto board = Run({"unit", "list"});
  EXPECT_EQ(Line(board.out, "B99\t"), "") << "off the board";
  EXPECT_NE(board.out.find("retired: B99"), std::string::npos) << board.out;

  for (const auto& [args, error] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"unit", "add", "--unit", "E16", "--name", "x", "--type", "engine", "--crew", "4",
             "--station", "sf-fs-16", "--reason", "r"},
            "id: unit 'E16' exists already"},
           {{"unit", "add", "--unit", "B99", "--name", "x", "--type", "boat", "--crew", "4",
             "--station", "sf-fs-16", "--reason", "r"},
            "retired"},
           {{"unit", "add", "--unit", "N1", "--type", "engine", "--crew", "4", "--station",
             "sf-fs-16", "--reason", "r"},
            "name: required"},
           {{"unit", "add", "--unit", "N1", "--name", "x", "--type", "spaceship", "--crew", "4",
             "--station", "sf-fs-16", "--reason", "r"},
            "type: unknown value"},
           {{"unit", "add", "--unit", "N1", "--name", "x", "--type", "engine", "--crew", "4",
             "--station", "nowhere", "--reason", "r"},
            "station: no station"},
           {{"unit", "add", "--unit", "N1", "--name", "x", "--type", "engine", "--crew", "4",
             "--station", "sf-fs-16", "--capabilities", "flight", "--reason", "r"},
            "capabilities"},
           {{"unit", "add", "--unit", "N1", "--name", "x", "--type", "engine", "--crew", "4",
             "--station", "sf-fs-16", "--reason", ""},
            "reason"},
           {{"unit", "change", "--unit", "E16", "--reason", "nothing"}, "changes nothing"},
           {{"unit", "change", "--unit", "NOPE", "--crew", "3", "--reason", "r"}, "NOPE"},
           {{"unit", "retire", "--unit", "B99", "--reason", "again"}, "retired"},
       }) {
    ExpectRefused(args, error);
  }
}

TEST_F(DispatchCliTest, BadInputIsRefusedWithTheFieldAndChangesNothing) {
  ASSERT_EQ(Run({"incident", "create", "--type", "fire.residential", "--at", "37.8003,-122.4372"})
                .exit_code,
            0);
  ExpectRefused({"incident", "status", "--incident", "1", "--to", "flying"}, "to");
  ExpectRefused({"incident", "status", "--incident", "1", "--to", "dispatched"}, "to");
  ExpectRefused({"incident", "status", "--incident", "99", "--to", "verified"}, "no incident");
  ExpectRefused({"incident", "level", "--incident", "1", "--to", "V"}, "to");
  ExpectRefused({"incident", "level", "--incident", "1", "--to", "IV"}, "already");
  ExpectRefused({"unit", "status", "--unit", "E16", "--to", "on_scene"}, "to");
  ExpectRefused({"unit", "status", "--unit", "NOPE", "--to", "out_of_service"}, "NOPE");
  ExpectRefused({"unit", "position", "--unit", "E16", "--at", "91,0"}, "at");
  ExpectRefused({"unit", "position", "--unit", "E16", "--at", "37.8;x"}, "at");
  ExpectRefused({"task", "ack", "--incident", "1", "--task", "1"}, "task");
  ExpectRefused({"task", "done", "--incident", "1", "--task", "99"}, "task");
  ExpectRefused({"dispatch", "--incident", "1", "--units", " , ,"}, "units");
  ExpectRefused({"dispatch", "--incident", "1"}, "units");
  ExpectRefused({"dispatch", "--incident", "1", "--recommended"}, "graph");
  ExpectRefused({"assign", "--graph", graph_, "--incidents", "1,x"}, "incidents");
  ExpectRefused({"assign", "--graph", graph_, "--incidents", "1,1"}, "incidents");
  ExpectRefused({"incident", "create", "--type", "fire.residential", "--place",
                 "Atlantis Ave & Nowhere Rd", "--graph", graph_},
                "place");
  ExpectRefused(
      {"incident", "create", "--type", "fire.residential", "--place", "&", "--graph", graph_},
      "place");
  ExpectRefused({"incident", "create", "--type", "fire.residential", "--place", "Lombard St"},
                "graph");
  ExpectRefused({"incident", "create", "--type", "fire.residential"}, "at");
  ExpectRefused({"incident", "create", "--type", "fire.residential", "--at", "37.8003,-122.4372",
                 "--source", "pigeon"},
                "source");
  const auto long_reason = Run({"incident", "status", "--incident", "1", "--to", "verified",
                                "--reason", std::string(5000, 'x')});
  EXPECT_EQ(long_reason.exit_code, 2);
  EXPECT_NE(long_reason.err.find("reason"), std::string::npos) << long_reason.err;
  EXPECT_NE(Run({"incident", "list"}).out.find("reported"), std::string::npos)
      << "the incident is still only reported";
}

// A list given as an option: its refusals are declared messages (app/messages.hpp).
TEST(ParseListTest, RefusalsSayTheirDeclaredMessageInEitherLanguage) {
  const Status many = app::ParseList("a, b, c", "units", 2).status();
  EXPECT_EQ(many.field(), "units");
  EXPECT_EQ(many.message_id(), &app::msg::kAtMostItems);
  EXPECT_EQ(many.message(), "at most 2 items");
  EXPECT_EQ(many.Text(Lang::kZhCN), "最多 2 项");
  const Status none = app::ParseList(" , ,", "incidents", 2).status();
  EXPECT_EQ(none.field(), "incidents");
  EXPECT_EQ(none.message_id(), &app::msg::kNameAtLeastOne);
  EXPECT_EQ(none.message(), "name at least one");
  EXPECT_EQ(none.Text(Lang::kZhCN), "请至少指定一项");
  EXPECT_EQ(app::ParseList("a, b", "units", 2).value(), (std::vector<std::string>{"a", "b"}));
}

}  // namespace
}  // namespace elink
