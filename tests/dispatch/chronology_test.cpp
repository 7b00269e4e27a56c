// SPDX-License-Identifier: Apache-2.0
// The readable chronology and incident detail: an incident driven through its whole life by real
// events (report, verification with plan activation, dispatch, arrival, level raised, tasks
// acknowledged and escalated, a duplicate merged, controlled, closed) reads back line by line in
// zh-CN and English, against expected text written by hand; hostile entries (unknown codes,
// garbled details, missing objects, bad UTF-8) still give one clean line.
#include "dispatch/chronology.hpp"

#include "engine/registry.hpp"
#include "support/test_region.hpp"
#include "tasks/plan_tasks.hpp"
#include "util/text.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace elink::dispatch {
namespace {

using core::DepartmentKind;
using core::IncidentId;
using core::IncidentLevel;
using core::IncidentStatus;
using core::OrgId;
using core::UnitId;
using core::UnitStatus;
using std::chrono::minutes;
using Strings = std::vector<std::string>;

// 2026-11-29 14:00:00 UTC.
const TimePoint kT0 =
    std::chrono::sys_days{std::chrono::year{2026} / 11 / 29} + std::chrono::hours{14};
const IncidentId kFire(1);
const IncidentId kDuplicate(2);
const IncidentId kCrash(3);

core::PlanTask Task(DepartmentKind kind, const char* zh, const char* en, int ack) {
  return {kind, {zh, en}, ack};
}

// SmallRegion with named engines, police in D1 and the region, power in the city, and a fire plan
// whose levels each have tasks and checklist items, so that the view can show which are active.
core::Region ChronologyRegion() {
  core::Region r = elink::testing::SmallRegion();
  for (auto& o : r.organisations) {
    if (o.id == OrgId("D1") || o.id == OrgId("R")) {
      o.departments.push_back({DepartmentKind::kPolice, {"公安", "Police"}, "110"});
    }
    if (o.id == OrgId("C")) {
      o.departments.push_back({DepartmentKind::kPower, {"电力", "Power"}, "95598"});
    }
  }
  for (auto& u : r.units) {
    if (u.id == UnitId("E1")) u.name = {"一站水罐车", "Station 1 Engine"};
    if (u.id == UnitId("E2")) u.name = {"二站水罐车", "Station 2 Engine"};
  }
  core::Plan plan;
  plan.id = core::PlanId("fire-test");
  plan.name = {"火灾预案", "Fire plan"};
  plan.incident_types = {"fire.residential"};
  plan.levels = {
      {IncidentLevel::kIV,
       core::OrgTier::kDistrict,
       {{core::UnitType::kEngine, std::nullopt, 2, 8}},
       {Task(DepartmentKind::kPolice, "警戒", "cordon", 5),
        Task(DepartmentKind::kFire, "灭火", "fight the fire", 1),
        Task(DepartmentKind::kGas, "关阀", "shut the gas valve", 10)},
       {{"确认被困人员", "confirm trapped occupants"}, {"划定警戒区", "set the cordon"}}},
      {IncidentLevel::kIII,
       core::OrgTier::kCity,
       {},
       {Task(DepartmentKind::kPower, "断电", "cut the power", 15)},
       {{"通知市应急局", "notify the city emergency bureau"}}},
      {IncidentLevel::kII,
       core::OrgTier::kRegion,
       {},
       {Task(DepartmentKind::kCivilAffairs, "安置", "shelter residents", 30)},
       {{"启动区域联动", "activate regional coordination"}}},
      {IncidentLevel::kI, core::OrgTier::kRegion, {}, {}, {{"请求省级支援", "ask the province"}}},
  };
  r.plans = {plan};
  return r;
}

class ChronologyTest : public ::testing::Test {
 protected:
  void SetUp() override { Apply("admin", region::RegionImported{ChronologyRegion()}); }

  void Apply(const char* actor, engine::EventBody body) {
    const engine::Event e{state_.last_seq() + 1, now_, actor, "", std::move(body)};
    const Status s = engine::Apply(state_, e);
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  void At(int minute) { now_ = kT0 + minutes(minute); }

  IncidentId Report(const char* actor, const char* type, core::IncidentSource source,
                    const char* grid, const char* community, bool exercise = false) {
    dispatch::IncidentReported r;
    r.id = state_.next_incident_id();
    r.type = type;
    r.source = source;
    r.location =
        grid == std::string("G1") ? core::LatLon{30.005, 120.005} : core::LatLon{30.005, 120.015};
    r.address = grid == std::string("G1") ? "1 Test Road" : "2 Test Road";
    r.grid = core::GridId(grid);
    r.jurisdiction = OrgId(community);
    r.exercise = exercise;
    Apply(actor, r);
    return r.id;
  }

  // As the engine does it: the level's new tasks from the plan, due from now.
  void Activate(const char* actor, IncidentId id, IncidentLevel level) {
    const core::Incident& inc = *state_.FindIncident(id);
    const core::Plan& plan = *state_.plans().Find(core::PlanId("fire-test"));
    Apply(actor, tasks::PlanActivated{id, plan.id, level,
                                      tasks::NewTasks(state_, inc, plan, level, now_)});
  }

  void Escalate(const char* actor, IncidentId id, std::uint32_t task) {
    const core::DepartmentTask& t = state_.FindIncident(id)->tasks[task - 1];
    ASSERT_TRUE(t.Overdue(now_));
    Apply(actor, tasks::TaskEscalated{id, task, t.org,
                                      tasks::EscalationTarget(state_, t.org, t.department),
                                      now_ + minutes(std::max(1, t.ack_within_minutes))});
  }

  // The whole life of a residential fire, with a duplicate report merged into it and, after it
  // closed, one of its engines sent on to a traffic accident (an exercise).
  void Scenario() {
    using S = IncidentStatus;
    At(0);
    {
      dispatch::IncidentReported r;
      r.id = state_.next_incident_id();
      r.type = "fire.residential";
      r.level = IncidentLevel::kIV;
      r.source = core::IncidentSource::kCall;
      r.location = {30.005, 120.005};
      r.address = "1 Test Road";
      r.grid = core::GridId("G1");
      r.jurisdiction = OrgId("K1");
      r.description = "三楼冒烟";
      r.reporter_name = "王女士";
      r.reporter_phone = "13800000000";
      r.casualties = {.injured = 1, .dead = 0, .trapped = 2, .missing = 0};
      Apply("dispatcher1", r);
    }
    At(1);
    Apply("dispatcher1",
          dispatch::IncidentStatusChanged{kFire, S::kReported, S::kVerified, "回拨核实"});
    Activate("dispatcher1", kFire, IncidentLevel::kIV);
    At(2);
    Apply("dispatcher1", dispatch::UnitDispatched{UnitId("E1"), kFire});
    Apply("dispatcher1", dispatch::UnitDispatched{UnitId("E2"), kFire});
    Apply("dispatcher1", dispatch::IncidentStatusChanged{kFire, S::kVerified, S::kDispatched, ""});
    At(3);
    Apply("unit-E1", units::UnitStatusChanged{UnitId("E1"), UnitStatus::kDispatched,
                                              UnitStatus::kEnRoute, ""});
    At(8);
    Apply("unit-E1",
          units::UnitStatusChanged{UnitId("E1"), UnitStatus::kEnRoute, UnitStatus::kOnScene, ""});
    Apply("unit-E1", dispatch::IncidentStatusChanged{kFire, S::kDispatched, S::kOnScene, ""});
    At(9);
    Apply("commander1",
          dispatch::IncidentLevelChanged{kFire, IncidentLevel::kIV, IncidentLevel::kIII, "蔓延"});
    Activate("commander1", kFire, IncidentLevel::kIII);
    At(10);
    Apply("police-D1", tasks::TaskUpdated{kFire, 1, core::TaskStatus::kAcknowledged, "警戒已拉起"});
    Escalate("system", kFire, 2);
    At(11);
    Report("dispatcher2", "fire.residential", core::IncidentSource::kCitizen, "G1", "K1");
    Apply("dispatcher2", dispatch::IncidentsMerged{kDuplicate, kFire});
    At(40);
    Apply("commander1", dispatch::IncidentStatusChanged{kFire, S::kOnScene, S::kControlled, ""});
    At(45);
    Apply("police-D1", tasks::TaskUpdated{kFire, 1, core::TaskStatus::kDone, "警戒解除"});
    At(50);
    Apply("unit-E1",
          units::UnitStatusChanged{UnitId("E1"), UnitStatus::kOnScene, UnitStatus::kReturning, ""});
    Apply("unit-E2", units::UnitStatusChanged{UnitId("E2"), UnitStatus::kDispatched,
                                              UnitStatus::kReturning, "召回"});
    At(55);
    Apply("commander1", dispatch::IncidentStatusChanged{kFire, S::kControlled, S::kClosed, ""});
    Apply("unit-E1", units::UnitStatusChanged{UnitId("E1"), UnitStatus::kReturning,
                                              UnitStatus::kAvailable, ""});
    At(58);
    Report("dispatcher1", "traffic.accident", core::IncidentSource::kGridWorker, "G2", "K2",
           /*exercise=*/true);
    Apply("dispatcher1", dispatch::IncidentStatusChanged{kCrash, S::kReported, S::kVerified, ""});
    Apply("dispatcher1", dispatch::UnitDispatched{UnitId("E2"), kCrash});
  }

  const core::Incident& Inc(IncidentId id) { return *state_.FindIncident(id); }

  Strings Entries(IncidentId id, bool zh) {
    Strings out;
    for (const auto& e : Inc(id).chronology) out.push_back(DescribeEntry(e, Inc(id), state_, zh));
    return out;
  }

  std::string Detail(IncidentId id, bool zh, TimePoint now) {
    const Result<std::string> text = DescribeIncident(state_, id, zh, now);
    EXPECT_TRUE(text.ok()) << text.status().ToString();
    return text.ok() ? *text : std::string();
  }

  core::State state_;
  TimePoint now_ = kT0;
};

Strings Lines(const std::string& text) {
  Strings out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// The lines after `heading` up to the next line that is not indented.
Strings Section(const std::string& text, const std::string& heading) {
  const Strings lines = Lines(text);
  Strings out;
  auto it = std::find(lines.begin(), lines.end(), heading);
  if (it == lines.end()) return {"<no section " + heading + ">"};
  for (++it; it != lines.end() && it->starts_with("  "); ++it) out.push_back(*it);
  return out;
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Task ids whose line in the task section carries the overdue mark.
std::vector<std::uint32_t> OverdueTasks(const std::string& text, bool zh) {
  std::vector<std::uint32_t> out;
  for (const std::string& line : Section(text, zh ? "部门任务：" : "Department tasks:")) {
    if (line.starts_with("  #") && Has(line, zh ? " · 超时未签收" : " · OVERDUE")) {
      out.push_back(static_cast<std::uint32_t>(std::stoul(line.substr(3))));
    }
  }
  return out;
}

TEST_F(ChronologyTest, EveryEntryReadsInZhWithTimeActorAndNames) {
  Scenario();
  const Strings expected = {
      "2026-11-29T14:00:00.000Z  dispatcher1  电话报警接报",
      "2026-11-29T14:01:00.000Z  dispatcher1  状态：已接报 → 已核实",
      "2026-11-29T14:01:00.000Z  dispatcher1  启动《火灾预案》一般(IV级)响应，下达任务 1–3",
      "2026-11-29T14:02:00.000Z  dispatcher1  派出 E1（一站水罐车）",
      "2026-11-29T14:02:00.000Z  dispatcher1  派出 E2（二站水罐车）",
      "2026-11-29T14:02:00.000Z  dispatcher1  状态：已核实 → 已调派",
      "2026-11-29T14:03:00.000Z  unit-E1  E1（一站水罐车）：已派出 → 途中",
      "2026-11-29T14:08:00.000Z  unit-E1  E1（一站水罐车）：途中 → 到场",
      "2026-11-29T14:08:00.000Z  unit-E1  状态：已调派 → 处置中",
      "2026-11-29T14:09:00.000Z  commander1  级别提升：一般(IV级) → 较大(III级)",
      "2026-11-29T14:09:00.000Z  commander1  启动《火灾预案》较大(III级)响应，下达任务 4",
      "2026-11-29T14:10:00.000Z  police-D1  任务 1「警戒」（公安，D1组织）：已签收",
      "2026-11-29T14:10:00.000Z  system  任务 "
      "2「灭火」（消防救援）：逾期未签收，由D1组织升级至C组织",
      "2026-11-29T14:11:00.000Z  dispatcher2  合并重复报警：事件 2",
      "2026-11-29T14:40:00.000Z  commander1  状态：处置中 → 已控制",
      "2026-11-29T14:45:00.000Z  police-D1  任务 1「警戒」（公安，D1组织）：已完成",
      "2026-11-29T14:50:00.000Z  unit-E1  E1（一站水罐车）：到场 → 返队",
      "2026-11-29T14:50:00.000Z  unit-E2  E2（二站水罐车）：已派出 → 返队",
      "2026-11-29T14:55:00.000Z  commander1  状态：已控制 → 已结案",
  };
  EXPECT_EQ(Entries(kFire, true), expected);
  EXPECT_EQ(Entries(kDuplicate, true),
            (Strings{"2026-11-29T14:11:00.000Z  dispatcher2  群众上报接报",
                     "2026-11-29T14:11:00.000Z  dispatcher2  作为重复报警并入事件 1"}));
  EXPECT_EQ(Entries(kCrash, true),
            (Strings{"2026-11-29T14:58:00.000Z  dispatcher1  网格员上报接报",
                     "2026-11-29T14:58:00.000Z  dispatcher1  状态：已接报 → 已核实",
                     "2026-11-29T14:58:00.000Z  dispatcher1  派出 E2（二站水罐车）"}));
}

TEST_F(ChronologyTest, EveryEntryReadsInEnglishWithTimeActorAndNames) {
  Scenario();
  const Strings expected = {
      "2026-11-29T14:00:00.000Z  dispatcher1  reported by call",
      "2026-11-29T14:01:00.000Z  dispatcher1  status: reported → verified",
      "2026-11-29T14:01:00.000Z  dispatcher1  activated “Fire plan” for a level IV (general) "
      "response; tasks 1–3 issued",
      "2026-11-29T14:02:00.000Z  dispatcher1  dispatched E1 (Station 1 Engine)",
      "2026-11-29T14:02:00.000Z  dispatcher1  dispatched E2 (Station 2 Engine)",
      "2026-11-29T14:02:00.000Z  dispatcher1  status: verified → dispatched",
      "2026-11-29T14:03:00.000Z  unit-E1  E1 (Station 1 Engine): dispatched → en route",
      "2026-11-29T14:08:00.000Z  unit-E1  E1 (Station 1 Engine): en route → on scene",
      "2026-11-29T14:08:00.000Z  unit-E1  status: dispatched → on scene",
      "2026-11-29T14:09:00.000Z  commander1  level raised: level IV (general) → level III (large)",
      "2026-11-29T14:09:00.000Z  commander1  activated “Fire plan” for a level III (large) "
      "response; task 4 issued",
      "2026-11-29T14:10:00.000Z  police-D1  task 1 “cordon” (police, Org D1): acknowledged",
      "2026-11-29T14:10:00.000Z  system  task 2 “fight the fire” (fire and rescue): not "
      "acknowledged in time, escalated from Org D1 to Org C",
      "2026-11-29T14:11:00.000Z  dispatcher2  merged duplicate incident 2 into this one",
      "2026-11-29T14:40:00.000Z  commander1  status: on scene → controlled",
      "2026-11-29T14:45:00.000Z  police-D1  task 1 “cordon” (police, Org D1): done",
      "2026-11-29T14:50:00.000Z  unit-E1  E1 (Station 1 Engine): on scene → returning",
      "2026-11-29T14:50:00.000Z  unit-E2  E2 (Station 2 Engine): dispatched → returning",
      "2026-11-29T14:55:00.000Z  commander1  status: controlled → closed",
  };
  EXPECT_EQ(Entries(kFire, false), expected);
  EXPECT_EQ(Entries(kDuplicate, false),
            (Strings{"2026-11-29T14:11:00.000Z  dispatcher2  reported by citizen",
                     "2026-11-29T14:11:00.000Z  dispatcher2  merged into incident 1 as a "
                     "duplicate"}));
}

TEST_F(ChronologyTest, DetailEndsWithTheChronologyOneLinePerEntryInOrder) {
  Scenario();
  for (const bool zh : {true, false}) {
    const std::string text = Detail(kFire, zh, kT0 + minutes(60));
    const Strings section = Section(text, zh ? "事件经过：" : "Chronology:");
    const auto& chronology = Inc(kFire).chronology;
    ASSERT_EQ(section.size(), chronology.size()) << text;
    for (std::size_t i = 0; i < chronology.size(); ++i) {
      EXPECT_EQ(section[i], "  " + DescribeEntry(chronology[i], Inc(kFire), state_, zh));
      if (i > 0) {
        EXPECT_LT(chronology[i - 1].seq, chronology[i].seq);
      }
    }
    EXPECT_EQ(Lines(text).back(), section.back()) << "the chronology comes last";
  }
}

TEST_F(ChronologyTest, DetailHeaderTimelineUnitsAndMergesInZh) {
  Scenario();
  const std::string text = Detail(kFire, true, kT0 + minutes(65));
  const Strings lines = Lines(text);
  ASSERT_GE(lines.size(), 17U) << text;
  EXPECT_EQ(Strings(lines.begin(), lines.begin() + 17),
            (Strings{
                "事件 1 · 居民住宅火灾 · 较大(III级) · 已结案",
                "  来源：电话报警",
                "  地点：1 Test Road（30.00500, 120.00500）",
                "  网格：一号网格",
                "  属地：K1组织",
                "  报警人：王女士 13800000000",
                "  伤亡：受伤 1，死亡 0，被困 2，失踪 0",
                "  描述：三楼冒烟",
                "  接报至今：1小时5分钟",
                "时间节点：",
                "  接报：2026-11-29T14:00:00.000Z",
                "  核实：2026-11-29T14:01:00.000Z",
                "  调派：2026-11-29T14:02:00.000Z",
                "  到场：2026-11-29T14:08:00.000Z",
                "  控制：2026-11-29T14:40:00.000Z",
                "  结案：2026-11-29T14:55:00.000Z",
                "出动力量：",
            }));
  // E2 went on to the traffic accident after this fire closed.
  EXPECT_EQ(Section(text, "出动力量："),
            (Strings{"  E1 一站水罐车（水罐消防车）：待命",
                     "  E2 二站水罐车（水罐消防车）：已派出（现属事件 3）"}));
  EXPECT_TRUE(Has(text, "\n合并自：事件 2\n")) << text;
  EXPECT_FALSE(Has(text, "并入：")) << text;
  EXPECT_FALSE(Has(text, "【演练】")) << "a real incident is not flagged as an exercise";

  const std::string dup = Detail(kDuplicate, true, kT0 + minutes(65));
  EXPECT_TRUE(Has(dup, "事件 2 · 居民住宅火灾 · 一般(IV级) · 已合并\n")) << dup;
  EXPECT_TRUE(Has(dup, "\n  合并：2026-11-29T14:11:00.000Z\n")) << dup;
  EXPECT_TRUE(Has(dup, "\n  核实：—\n")) << dup;
  EXPECT_TRUE(Has(dup, "\n出动力量：无\n")) << dup;
  EXPECT_TRUE(Has(dup, "\n预案：未启动（适用预案：《火灾预案》）\n")) << dup;
  EXPECT_TRUE(Has(dup, "\n部门任务：无\n")) << dup;
  EXPECT_TRUE(Has(dup, "\n并入：事件 1\n")) << dup;

  const std::string crash = Detail(kCrash, true, kT0 + minutes(65));
  EXPECT_TRUE(Has(crash, "事件 3 · 道路交通事故 · 一般(IV级) · 已核实 · 【演练】\n")) << crash;
  EXPECT_TRUE(Has(crash, "\n  接报至今：7分钟\n")) << crash;
  EXPECT_TRUE(Has(crash, "\n预案：无适用预案\n")) << crash;
  EXPECT_TRUE(Has(crash, "\n  E2 二站水罐车（水罐消防车）：已派出\n")) << crash;
}

TEST_F(ChronologyTest, DetailHeaderTimelineUnitsAndMergesInEnglish) {
  Scenario();
  const std::string text = Detail(kFire, false, kT0 + minutes(60 * 26 + 5));
  const Strings lines = Lines(text);
  ASSERT_GE(lines.size(), 17U) << text;
  EXPECT_EQ(Strings(lines.begin(), lines.begin() + 17),
            (Strings{
                "Incident 1 · residential fire · level III (large) · closed",
                "  source: call",
                "  location: 1 Test Road (30.00500, 120.00500)",
                "  grid: Grid 1",
                "  jurisdiction: Org K1",
                "  reporter: 王女士 13800000000",
                "  casualties: 1 injured, 0 dead, 2 trapped, 0 missing",
                "  description: 三楼冒烟",
                "  age: 1 d 2 h 5 min",
                "Timeline:",
                "  reported: 2026-11-29T14:00:00.000Z",
                "  verified: 2026-11-29T14:01:00.000Z",
                "  dispatched: 2026-11-29T14:02:00.000Z",
                "  on scene: 2026-11-29T14:08:00.000Z",
                "  controlled: 2026-11-29T14:40:00.000Z",
                "  closed: 2026-11-29T14:55:00.000Z",
                "Units:",
            }));
  EXPECT_EQ(Section(text, "Units:"),
            (Strings{"  E1 Station 1 Engine (engine): available",
                     "  E2 Station 2 Engine (engine): dispatched (at incident 3)"}));
  EXPECT_TRUE(Has(text, "\nMerged from: incident 2\n")) << text;
  const std::string crash = Detail(kCrash, false, kT0 + minutes(65));
  EXPECT_TRUE(Has(crash,
                  "Incident 3 · traffic accident · level IV (general) · verified · "
                  "[EXERCISE]\n"))
      << crash;
}

TEST_F(ChronologyTest, PlanChecklistHasTheActivatedLevelsOnly) {
  Scenario();
  const std::string zh = Detail(kFire, true, kT0 + minutes(60));
  EXPECT_TRUE(Has(zh, "\n预案：《火灾预案》较大(III级)响应\n")) << zh;
  EXPECT_EQ(Section(zh, "  检查单："),
            (Strings{"    [IV] 确认被困人员", "    [IV] 划定警戒区", "    [III] 通知市应急局"}))
      << zh;
  EXPECT_FALSE(Has(zh, "启动区域联动")) << "level II is not active";
  EXPECT_FALSE(Has(zh, "请求省级支援")) << "level I is not active";

  const std::string en = Detail(kFire, false, kT0 + minutes(60));
  EXPECT_TRUE(Has(en, "\nPlan: “Fire plan”, level III (large) response\n")) << en;
  EXPECT_EQ(Section(en, "  Checklist:"),
            (Strings{"    [IV] confirm trapped occupants", "    [IV] set the cordon",
                     "    [III] notify the city emergency bureau"}))
      << en;
  EXPECT_FALSE(Has(en, "activate regional coordination"));
}

TEST_F(ChronologyTest, TaskListMarksExactlyThePendingTasksPastDue) {
  Scenario();
  // Task 1 (police, due 14:06) was acknowledged at 14:10 and done; task 2 (fire) was escalated at
  // 14:10 to C with a new deadline 14:11; task 3 (gas) is due 14:11; task 4 (power) 14:24.
  const std::string zh = Detail(kFire, true, kT0 + minutes(20));
  EXPECT_EQ(Section(zh, "部门任务："),
            (Strings{
                "  #1 公安 · 警戒 · D1组织 · 已完成 · 签收时限 2026-11-29T14:06:00.000Z · 升级 0 "
                "次 · 签收：police-D1 2026-11-29T14:10:00.000Z · 完成 2026-11-29T14:45:00.000Z · "
                "备注：警戒解除",
                "  #2 消防救援 · 灭火 · C组织 · 待签收 · 签收时限 2026-11-29T14:11:00.000Z · "
                "超时未签收 · 升级 1 次",
                "  #3 燃气 · 关阀 · D1组织 · 待签收 · 签收时限 2026-11-29T14:11:00.000Z · "
                "超时未签收 · 升级 0 次",
                "  #4 电力 · 断电 · C组织 · 待签收 · 签收时限 2026-11-29T14:24:00.000Z · 升级 0 "
                "次",
            }))
      << zh;
  const std::string en = Detail(kFire, false, kT0 + minutes(20));
  EXPECT_EQ(Section(en, "Department tasks:"),
            (Strings{
                "  #1 police · cordon · Org D1 · done · due 2026-11-29T14:06:00.000Z · "
                "escalations: 0 · acknowledged by police-D1 at 2026-11-29T14:10:00.000Z · done "
                "at 2026-11-29T14:45:00.000Z · note: 警戒解除",
                "  #2 fire and rescue · fight the fire · Org C · awaiting acknowledgement · due "
                "2026-11-29T14:11:00.000Z · OVERDUE · escalations: 1",
                "  #3 gas utility · shut the gas valve · Org D1 · awaiting acknowledgement · due "
                "2026-11-29T14:11:00.000Z · OVERDUE · escalations: 0",
                "  #4 power utility · cut the power · Org C · awaiting acknowledgement · due "
                "2026-11-29T14:24:00.000Z · escalations: 0",
            }))
      << en;

  // The mark follows `now`, and a deadline reached counts as passed (DepartmentTask::Overdue).
  using Ids = std::vector<std::uint32_t>;
  for (const bool zh_text : {true, false}) {
    EXPECT_EQ(OverdueTasks(Detail(kFire, zh_text, kT0 + minutes(5)), zh_text), Ids{});
    EXPECT_EQ(OverdueTasks(Detail(kFire, zh_text, kT0 + minutes(11) - Millis(1)), zh_text), Ids{});
    EXPECT_EQ(OverdueTasks(Detail(kFire, zh_text, kT0 + minutes(11)), zh_text), (Ids{2, 3}));
    EXPECT_EQ(OverdueTasks(Detail(kFire, zh_text, kT0 + minutes(24)), zh_text), (Ids{2, 3, 4}));
    EXPECT_EQ(OverdueTasks(Detail(kFire, zh_text, kT0 + minutes(600)), zh_text), (Ids{2, 3, 4}));
  }
}

TEST_F(ChronologyTest, UnknownIncidentIsNotFound) {
  Scenario();
  for (const IncidentId id : {IncidentId(0), IncidentId(4), IncidentId(~0ULL)}) {
    const Result<std::string> r = DescribeIncident(state_, id, true, kT0);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
    EXPECT_EQ(r.status().field(), "incident");
  }
  const core::State empty;
  EXPECT_EQ(DescribeIncident(empty, kFire, false, kT0).status().code(), StatusCode::kNotFound);
}

core::ChronologyEntry Entry(std::string what, std::string detail, std::string actor = "tester") {
  return {99, kT0, std::move(actor), std::move(what), std::move(detail)};
}

TEST_F(ChronologyTest, SharingNamesTheOrganisation) {
  Scenario();
  const core::Incident& inc = Inc(kFire);
  const auto line = [&](const char* what, const char* detail, bool zh) {
    return DescribeEntry(Entry(what, detail), inc, state_, zh);
  };
  EXPECT_NE(line("incident_shared", "D2", true).find("共享给D2组织"), std::string::npos);
  EXPECT_NE(line("incident_shared", "D2", false).find("shared with Org D2"), std::string::npos);
  EXPECT_NE(line("incident_unshared", "D2", true).find("取消共享：D2组织"), std::string::npos);
  EXPECT_NE(line("incident_unshared", "D2", false).find("no longer shared with Org D2"),
            std::string::npos);
  EXPECT_NE(line("incident_shared", "", false).find("shared"), std::string::npos);
  EXPECT_NE(line("incident_unshared", "", true).find("取消共享"), std::string::npos);
}

TEST_F(ChronologyTest, GarbledOrUnknownEntriesAreShownRaw) {
  Scenario();
  const core::Incident& inc = Inc(kFire);
  struct Case {
    const char* what;
    const char* detail;
    const char* zh;
    const char* en;
  };
  const Case cases[] = {
      {"mystery_event", "x:y:z:w", "mystery_event（原始记录：x:y:z:w）",
       "mystery_event (raw: x:y:z:w)"},
      {"mystery_event", "", "mystery_event", "mystery_event"},
      {"", "", "未知记录", "unknown entry"},
      {"", "x", "未知记录（原始记录：x）", "unknown entry (raw: x)"},
      {"incident_reported", "", "接报", "reported"},
      {"incident_reported", "pigeon", "接报（原始记录：pigeon）", "reported (raw: pigeon)"},
      {"incident_status_changed", ">", "状态变更（原始记录：>）", "status change (raw: >)"},
      {"incident_status_changed", "reported>", "状态变更（原始记录：reported>）",
       "status change (raw: reported>)"},
      {"incident_level_changed", "IV>V", "级别变更（原始记录：IV>V）", "level change (raw: IV>V)"},
      {"incident_level_changed", "III>IV", "级别下调：较大(III级) → 一般(IV级)",
       "level lowered: level III (large) → level IV (general)"},
      {"incidents_merged", "sideways:3", "事件合并（原始记录：sideways:3）",
       "merge (raw: sideways:3)"},
      {"incidents_merged", "into:99999999999999999999",
       "事件合并（原始记录：into:99999999999999999999）", "merge (raw: into:99999999999999999999)"},
      {"unit_dispatched", "", "派出力量", "unit dispatched"},
      {"unit_dispatched", "ZZ9", "派出 ZZ9", "dispatched ZZ9"},
      {"unit_status_changed", "ZZ9:dispatched>en_route", "ZZ9：已派出 → 途中",
       "ZZ9: dispatched → en route"},
      {"unit_status_changed", ":dispatched>en_route",
       "力量状态变更（原始记录：:dispatched>en_route）",
       "unit status change (raw: :dispatched>en_route)"},
      {"unit_status_changed", "E1", "力量状态变更（原始记录：E1）", "unit status change (raw: E1)"},
      {"plan_activated", "fire-test:V", "启动预案（原始记录：fire-test:V）",
       "plan activated (raw: fire-test:V)"},
      {"plan_activated", ":IV", "启动预案（原始记录：:IV）", "plan activated (raw: :IV)"},
      {"plan_activated", "fire-test:III", "启动《火灾预案》较大(III级)响应，无新任务",
       "activated “Fire plan” for a level III (large) response; no new tasks"},
      {"plan_activated", "ghost:plan:IV:1-2", "启动《ghost:plan》一般(IV级)响应，下达任务 1–2",
       "activated “ghost:plan” for a level IV (general) response; tasks 1–2 issued"},
      {"plan_activated", "fire-test:IV:1-", "启动预案（原始记录：fire-test:IV:1-）",
       "plan activated (raw: fire-test:IV:1-)"},
      {"task_updated", "99999999999999999999:done",
       "任务更新（原始记录：99999999999999999999:done）",
       "task update (raw: 99999999999999999999:done)"},
      {"task_updated", "7:done", "任务 7：已完成", "task 7: done"},
      {"task_updated", "0:acknowledged", "任务 0：已签收", "task 0: acknowledged"},
      {"task_updated", "2:finished", "任务更新（原始记录：2:finished）",
       "task update (raw: 2:finished)"},
      {"task_escalated", "2:R>R", "任务 2「灭火」（消防救援）：逾期未签收，再次提醒R组织",
       "task 2 “fight the fire” (fire and rescue): not acknowledged in time, reminder to Org R"},
      {"task_escalated", "9:X>Y", "任务 9：逾期未签收，由X升级至Y",
       "task 9: not acknowledged in time, escalated from X to Y"},
      {"task_escalated", "2:>C", "任务升级（原始记录：2:>C）", "task escalated (raw: 2:>C)"},
  };
  for (const Case& c : cases) {
    const core::ChronologyEntry e = Entry(c.what, c.detail);
    EXPECT_EQ(DescribeEntry(e, inc, state_, true),
              std::string("2026-11-29T14:00:00.000Z  tester  ") + c.zh)
        << c.what << " / " << c.detail;
    EXPECT_EQ(DescribeEntry(e, inc, state_, false),
              std::string("2026-11-29T14:00:00.000Z  tester  ") + c.en)
        << c.what << " / " << c.detail;
  }
}

TEST_F(ChronologyTest, HostileActorsAndDetailsStillGiveOneValidLine) {
  Scenario();
  const core::Incident& inc = Inc(kFire);
  EXPECT_EQ(DescribeEntry(Entry("unit_dispatched", "E1", ""), inc, state_, true),
            "2026-11-29T14:00:00.000Z  -  派出 E1（一站水罐车）");
  EXPECT_EQ(DescribeEntry(Entry("unit_dispatched", "E1",
                                "bad\xff\xfe"
                                "actor"),
                          inc, state_, false),
            "2026-11-29T14:00:00.000Z  bad\uFFFD\uFFFDactor  dispatched E1 (Station 1 Engine)");
  EXPECT_EQ(DescribeEntry(Entry("unit_dispatched", "E1", "evil\nactor\r"), inc, state_, false),
            "2026-11-29T14:00:00.000Z  evil actor   dispatched E1 (Station 1 Engine)");
  // Truncated and overlong sequences, surrogates and a lone continuation byte.
  EXPECT_EQ(DescribeEntry(Entry("x", "\xe7\x81", "\xc0\xaf\xed\xa0\x80\x80"), inc, state_, false),
            "2026-11-29T14:00:00.000Z  \uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD  x (raw: "
            "\uFFFD\uFFFD)");

  const char* codes[] = {"incident_reported",      "incident_status_changed",
                         "incident_level_changed", "incidents_merged",
                         "unit_dispatched",        "unit_status_changed",
                         "plan_activated",         "task_updated",
                         "task_escalated",         "unknown"};
  const std::string alphabet =
      std::string(":>-0123456789IVEZRCD1") + "\xff\xe7\x81\xab\n" + std::string(1, '\0');
  std::mt19937 rng(20261129);
  for (int round = 0; round < 3000; ++round) {
    std::string detail;
    const auto n = rng() % 24;
    for (std::uint32_t i = 0; i < n; ++i) detail += alphabet[rng() % alphabet.size()];
    for (const char* code : codes) {
      for (const bool zh : {true, false}) {
        const std::string line = DescribeEntry(Entry(code, detail, detail), inc, state_, zh);
        ASSERT_TRUE(line.starts_with("2026-11-29T14:00:00.000Z  ")) << line;
        ASSERT_EQ(line.find('\n'), std::string::npos) << line;
        ASSERT_EQ(line.find('\0'), std::string::npos) << line;
        ASSERT_TRUE(IsValidUtf8(line)) << line;
      }
    }
  }
}

}  // namespace
}  // namespace elink::dispatch
