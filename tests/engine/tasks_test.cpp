// SPDX-License-Identifier: Apache-2.0
// Department tasks (多部门联动) through Decide and State::Apply: a verified incident's plan gives
// each department its tasks at the commanding level, raising the level adds only the new levels'
// tasks, and a task not acknowledged by its deadline climbs the organisation tree.
#include "engine/decide.hpp"
#include "engine/decide_apply.hpp"
#include "support/test_region.hpp"
#include "tasks/plan_tasks.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

namespace elink::engine {
namespace {

// The domains' commands and events by name (engine/registry.hpp lists them).
using namespace elink::engine::domains;  // NOLINT(google-build-using-namespace)

using core::DepartmentKind;
using core::IncidentId;
using core::IncidentLevel;
using core::IncidentStatus;
using core::OrgId;
using core::TaskStatus;
using std::chrono::minutes;

core::PlanTask Task(DepartmentKind kind, const char* zh, int ack) {
  return {kind, {zh, std::string("task ") + zh}, ack};
}

// SmallRegion (R region ─ C city ─ D1, D2 districts ─ K1, K2 communities; every organisation has
// a fire department) plus police in D1 and the region, power in the city, and a fire plan whose
// levels ask for: IV police, fire, gas (no one has gas); III power; II civil affairs; I police.
core::Region TaskRegion() {
  core::Region r = testing::SmallRegion();
  const auto add = [&](const char* org, DepartmentKind kind) {
    for (auto& o : r.organisations) {
      if (o.id == OrgId(org)) o.departments.push_back({kind, {"部门", "Department"}, "1"});
    }
  };
  add("D1", DepartmentKind::kPolice);
  add("R", DepartmentKind::kPolice);
  add("C", DepartmentKind::kPower);
  core::Plan plan;
  plan.id = core::PlanId("fire-test");
  plan.name = {"火灾预案", "Fire plan"};
  plan.incident_types = {"fire.residential"};
  plan.levels = {
      {IncidentLevel::kIV,
       core::OrgTier::kDistrict,
       {{core::UnitType::kEngine, std::nullopt, 1, 8}},
       {Task(DepartmentKind::kPolice, "警戒", 5), Task(DepartmentKind::kFire, "灭火", 1),
        Task(DepartmentKind::kGas, "关阀", 10)},
       {}},
      {IncidentLevel::kIII,
       core::OrgTier::kCity,
       {},
       {Task(DepartmentKind::kPower, "断电", 15)},
       {}},
      {IncidentLevel::kII,
       core::OrgTier::kRegion,
       {},
       {Task(DepartmentKind::kCivilAffairs, "安置", 30)},
       {}},
      {IncidentLevel::kI,
       core::OrgTier::kRegion,
       {},
       {Task(DepartmentKind::kPolice, "管制", 20)},
       {}},
  };
  r.plans = {plan};
  return r;
}

class TasksTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(Run(ImportRegion{TaskRegion()}).ok()); }

  Status Run(const CommandBody& c, std::vector<engine::EventBody>* made = nullptr) {
    return testing::DecideAndApply(state_, c, now_, made);
  }

  IncidentId Report(IncidentLevel level = IncidentLevel::kIV,
                    core::LatLon where = {30.005, 120.005}, const char* type = "fire.residential") {
    const IncidentId id = state_.next_incident_id();
    ReportIncident r;
    r.type = type;
    r.level = level;
    r.location = where;
    EXPECT_TRUE(Run(r).ok());
    return id;
  }

  Status Verify(IncidentId id) {
    return Run(ChangeIncidentStatus{id, IncidentStatus::kVerified, "called back"});
  }

  const core::Incident& Inc(IncidentId id) { return *state_.FindIncident(id); }

  // "department@org" for each task, in id order.
  std::vector<std::string> Holders(IncidentId id) {
    std::vector<std::string> out;
    for (const auto& t : Inc(id).tasks) {
      out.push_back(std::string(core::CodeOf(t.department)) + "@" + t.org.value());
    }
    return out;
  }

  void ExpectRefused(const CommandBody& c, StatusCode code, std::string_view field) {
    static_cast<void>(testing::ExpectRefusedByDecide(state_, c, now_, code, field));
  }

  core::State state_;
  TimePoint now_ = FromUnixMillis(1'700'000'000'000);
};

using Strings = std::vector<std::string>;

TEST_F(TasksTest, VerificationGivesEachDepartmentItsTaskAtTheCommandingLevel) {
  const IncidentId id = Report();
  EXPECT_TRUE(Inc(id).tasks.empty()) << "a report alone activates nothing";
  std::vector<engine::EventBody> made;
  ASSERT_TRUE(Run(ChangeIncidentStatus{id, IncidentStatus::kVerified, ""}, &made).ok());
  ASSERT_EQ(made.size(), 2U);
  ASSERT_TRUE(std::holds_alternative<tasks::PlanActivated>(made[1]));
  // Level IV is commanded by the district D1 (above community K1): its police and fire; gas is
  // nowhere in the tree, so the commanding district's own office holds it.
  EXPECT_EQ(Holders(id), (Strings{"police@D1", "fire@D1", "gas@D1"}));
  const core::Incident& inc = Inc(id);
  EXPECT_EQ(inc.plan, core::PlanId("fire-test"));
  EXPECT_EQ(inc.plan_level, IncidentLevel::kIV);
  EXPECT_EQ(inc.tasks[0].due, now_ + minutes(5));
  EXPECT_EQ(inc.tasks[1].due, now_ + minutes(1));
  EXPECT_EQ(inc.tasks[2].id, 3U);
  EXPECT_EQ(inc.tasks[0].status, TaskStatus::kPending);
  EXPECT_EQ(inc.chronology.back().what, "plan_activated");
  EXPECT_EQ(inc.chronology.back().detail, "fire-test:IV:1-3");
}

TEST_F(TasksTest, AHigherLevelAtVerificationBringsEveryLevelDownToIt) {
  const IncidentId id = Report(IncidentLevel::kIII);
  ASSERT_TRUE(Verify(id).ok());
  // III is commanded by the city C, which has power.
  EXPECT_EQ(Holders(id), (Strings{"police@D1", "fire@D1", "gas@D1", "power@C"}));
  EXPECT_EQ(Inc(id).tasks[3].level, IncidentLevel::kIII);
}

TEST_F(TasksTest, RaisingTheLevelAddsOnlyTheNewLevelsTasks) {
  const IncidentId id = Report();
  ASSERT_TRUE(Verify(id).ok());
  ASSERT_TRUE(Run(ChangeIncidentLevel{id, IncidentLevel::kII, "spreading"}).ok());
  // III at the city, II at the region: civil affairs exists nowhere, so the region holds it.
  EXPECT_EQ(Holders(id), (Strings{"police@D1", "fire@D1", "gas@D1", "power@C", "civil_affairs@R"}));
  EXPECT_EQ(Inc(id).plan_level, IncidentLevel::kII);
  // Lowering keeps what was activated; raising back to II adds nothing; I adds its own.
  ASSERT_TRUE(Run(ChangeIncidentLevel{id, IncidentLevel::kIII, "contained"}).ok());
  ASSERT_TRUE(Run(ChangeIncidentLevel{id, IncidentLevel::kII, "flared up"}).ok());
  EXPECT_EQ(Inc(id).tasks.size(), 5U);
  ASSERT_TRUE(Run(ChangeIncidentLevel{id, IncidentLevel::kI, "conflagration"}).ok());
  EXPECT_EQ(Holders(id).back(), "police@R");
  EXPECT_EQ(Inc(id).tasks.back().id, 6U);
}

TEST_F(TasksTest, RaisingBeforeVerificationActivatesNothingYet) {
  const IncidentId id = Report();
  ASSERT_TRUE(Run(ChangeIncidentLevel{id, IncidentLevel::kIII, ""}).ok());
  EXPECT_TRUE(Inc(id).tasks.empty());
  ASSERT_TRUE(Verify(id).ok());
  EXPECT_EQ(Inc(id).tasks.size(), 4U);
}

TEST_F(TasksTest, NoPlanNoTasks) {
  const IncidentId id = Report(IncidentLevel::kIV, {30.005, 120.005}, "medical.emergency");
  std::vector<engine::EventBody> made;
  ASSERT_TRUE(Run(ChangeIncidentStatus{id, IncidentStatus::kVerified, ""}, &made).ok());
  EXPECT_EQ(made.size(), 1U);
  EXPECT_FALSE(Inc(id).plan.has_value());
}

TEST_F(TasksTest, AnIncidentOutsideEveryGridIsCommandedFromTheTop) {
  const IncidentId id = Report(IncidentLevel::kIV, {31.0, 121.0});
  ASSERT_FALSE(Inc(id).jurisdiction.has_value());
  ASSERT_TRUE(Verify(id).ok());
  EXPECT_EQ(Holders(id), (Strings{"police@R", "fire@R", "gas@R"}));
}

TEST_F(TasksTest, OverdueTasksClimbOneLevelAtATime) {
  const IncidentId id = Report();
  ASSERT_TRUE(Verify(id).ok());
  std::vector<engine::EventBody> made;
  ASSERT_TRUE(Run(EscalateOverdueTasks{}, &made).ok());
  EXPECT_TRUE(made.empty()) << "nothing is overdue yet";

  now_ += minutes(2);  // fire (1 min) is overdue; police (5) and gas (10) are not
  ASSERT_TRUE(Run(EscalateOverdueTasks{}, &made).ok());
  ASSERT_EQ(made.size(), 1U);
  const auto& esc = std::get<tasks::TaskEscalated>(made[0]);
  EXPECT_EQ(esc.task, 2U);
  EXPECT_EQ(esc.from, OrgId("D1"));
  EXPECT_EQ(esc.to, OrgId("C"));  // the city's fire department
  EXPECT_EQ(Inc(id).tasks[1].org, OrgId("C"));
  EXPECT_EQ(Inc(id).tasks[1].due, now_ + minutes(1));
  EXPECT_EQ(Inc(id).tasks[1].escalations, 1U);
  EXPECT_EQ(Inc(id).chronology.back().detail, "2:D1>C");

  // Police acknowledges in time and is never escalated; gas climbs from D1 (no gas anywhere, so
  // each level's own office) to C, then R, then stays at R as a reminder.
  ASSERT_TRUE(Run(UpdateTask{id, 1, TaskStatus::kAcknowledged, "到场警戒"}).ok());
  std::vector<std::string> gas_path;
  for (int i = 0; i < 5; ++i) {
    now_ += minutes(11);
    ASSERT_TRUE(Run(EscalateOverdueTasks{}).ok());
    gas_path.push_back(Inc(id).tasks[2].org.value());
  }
  EXPECT_EQ(gas_path, (Strings{"C", "R", "R", "R", "R"}));
  EXPECT_EQ(Inc(id).tasks[2].escalations, 5U);
  EXPECT_EQ(Inc(id).tasks[0].org, OrgId("D1"));
  EXPECT_EQ(Inc(id).tasks[0].escalations, 0U);
  EXPECT_EQ(Inc(id).tasks[0].acknowledged_by, "tester");
  EXPECT_EQ(Inc(id).tasks[0].note, "到场警戒");
}

TEST_F(TasksTest, TasksOfFinishedIncidentsAreNotEscalated) {
  const IncidentId id = Report();
  ASSERT_TRUE(Verify(id).ok());
  ASSERT_TRUE(Run(ChangeIncidentStatus{id, IncidentStatus::kCancelled, "false alarm"}).ok());
  now_ += minutes(60);
  std::vector<engine::EventBody> made;
  ASSERT_TRUE(Run(EscalateOverdueTasks{}, &made).ok());
  EXPECT_TRUE(made.empty());
  // A finished incident's task may still be recorded as done, but not newly acknowledged.
  ExpectRefused(UpdateTask{id, 1, TaskStatus::kAcknowledged, ""}, StatusCode::kFailedPrecondition,
                "incident");
  ASSERT_TRUE(Run(UpdateTask{id, 1, TaskStatus::kDone, "撤离"}).ok());
  EXPECT_EQ(Inc(id).tasks[0].status, TaskStatus::kDone);
  EXPECT_EQ(Inc(id).tasks[0].acknowledged_at, now_) << "done implies acknowledged";
  EXPECT_EQ(Inc(id).tasks[0].done_at, now_);
}

TEST_F(TasksTest, BadTaskUpdatesAreRefusedAndChangeNothing) {
  const IncidentId id = Report();
  ASSERT_TRUE(Verify(id).ok());
  ExpectRefused(UpdateTask{IncidentId(99), 1, TaskStatus::kAcknowledged, ""}, StatusCode::kNotFound,
                "incident");
  ExpectRefused(UpdateTask{id, 0, TaskStatus::kAcknowledged, ""}, StatusCode::kNotFound, "task");
  ExpectRefused(UpdateTask{id, 4, TaskStatus::kAcknowledged, ""}, StatusCode::kNotFound, "task");
  ExpectRefused(UpdateTask{id, 1, TaskStatus::kPending, ""}, StatusCode::kInvalidArgument, "to");
  ExpectRefused(UpdateTask{id, 1, TaskStatus::kAcknowledged, std::string(5000, 'x')},
                StatusCode::kInvalidArgument, "note");
  ExpectRefused(UpdateTask{id, 1, TaskStatus::kAcknowledged, "\xff\xfe"},
                StatusCode::kInvalidArgument, "note");
  ASSERT_TRUE(Run(UpdateTask{id, 1, TaskStatus::kAcknowledged, ""}).ok());
  ExpectRefused(UpdateTask{id, 1, TaskStatus::kAcknowledged, ""}, StatusCode::kFailedPrecondition,
                "task");
  ASSERT_TRUE(Run(UpdateTask{id, 1, TaskStatus::kDone, ""}).ok());
  ExpectRefused(UpdateTask{id, 1, TaskStatus::kDone, ""}, StatusCode::kFailedPrecondition, "task");
  // A task done is never escalated, however late.
  now_ += minutes(600);
  ASSERT_TRUE(Run(EscalateOverdueTasks{}).ok());
  EXPECT_EQ(Inc(id).tasks[0].escalations, 0U);
}

TEST_F(TasksTest, StateRefusesTaskEventsThatDoNotFit) {
  const IncidentId id = Report();
  ASSERT_TRUE(Verify(id).ok());
  const auto apply = [&](engine::EventBody body) {
    core::State copy = state_;
    return engine::Apply(copy, {state_.last_seq() + 1, now_, "t", "", std::move(body)}).code();
  };
  core::DepartmentTask t;
  t.id = 7;  // the next id is 4
  t.org = OrgId("D1");
  EXPECT_EQ(apply(tasks::PlanActivated{id, core::PlanId("fire-test"), IncidentLevel::kIII, {t}}),
            StatusCode::kCorruption);
  t.id = 4;
  t.org = OrgId("nowhere");
  EXPECT_EQ(apply(tasks::PlanActivated{id, core::PlanId("fire-test"), IncidentLevel::kIII, {t}}),
            StatusCode::kCorruption);
  EXPECT_EQ(apply(tasks::PlanActivated{id, core::PlanId("other"), IncidentLevel::kIII, {}}),
            StatusCode::kCorruption);
  EXPECT_EQ(apply(tasks::TaskUpdated{id, 9, TaskStatus::kDone, ""}), StatusCode::kCorruption);
  EXPECT_EQ(apply(tasks::TaskUpdated{id, 1, TaskStatus::kPending, ""}), StatusCode::kCorruption);
  EXPECT_EQ(apply(tasks::TaskEscalated{id, 1, OrgId("C"), OrgId("R"), now_}),
            StatusCode::kCorruption)
      << "the task is held by D1, not C";
  EXPECT_EQ(apply(tasks::TaskEscalated{id, 1, OrgId("D1"), OrgId("nowhere"), now_}),
            StatusCode::kCorruption);
}

TEST(TaskRoutingTest, CommandOrgAndHolderWalkUpTheTree) {
  core::State state;
  ASSERT_TRUE(engine::Apply(state, {1, {}, "t", "", region::RegionImported{TaskRegion()}}).ok());
  using tasks::CommandOrg;
  using tasks::EscalationTarget;
  using tasks::TaskHolder;
  EXPECT_EQ(CommandOrg(state, OrgId("K2"), core::OrgTier::kDistrict), OrgId("D2"));
  EXPECT_EQ(CommandOrg(state, OrgId("K2"), core::OrgTier::kCity), OrgId("C"));
  EXPECT_EQ(CommandOrg(state, OrgId("K2"), core::OrgTier::kCommunity), OrgId("K2"));
  EXPECT_EQ(CommandOrg(state, OrgId("D1"), core::OrgTier::kRegion), OrgId("R"));
  EXPECT_EQ(CommandOrg(state, std::nullopt, core::OrgTier::kDistrict), OrgId("R"));
  EXPECT_EQ(TaskHolder(state, OrgId("D2"), DepartmentKind::kPolice), OrgId("R"));
  EXPECT_EQ(TaskHolder(state, OrgId("D1"), DepartmentKind::kPolice), OrgId("D1"));
  EXPECT_EQ(TaskHolder(state, OrgId("D2"), DepartmentKind::kPower), OrgId("C"));
  EXPECT_EQ(EscalationTarget(state, OrgId("D1"), DepartmentKind::kPolice), OrgId("R"));
  EXPECT_EQ(EscalationTarget(state, OrgId("R"), DepartmentKind::kPolice), OrgId("R"));
}

}  // namespace
}  // namespace elink::engine
