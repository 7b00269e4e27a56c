// SPDX-License-Identifier: Apache-2.0
// The bundled response plans of the demo region (data/regions/demo/plans/): every incident type of
// the catalogue has a plan with all four levels in zh-CN and English, every task goes to a
// department that the organisation tree has, and the demo's own units can fill every plan at
// level IV.
#include "core/incident_types.hpp"
#include "core/region_loader.hpp"

#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace elink::core {
namespace {

// The twelve types that the issue names.
constexpr std::array<std::string_view, 12> kRequiredTypes{
    "fire.residential",  "fire.high_rise",        "fire.industrial", "traffic.entrapment",
    "hazmat.leak",       "flood.waterlogging",    "geo.landslide",   "geo.earthquake",
    "medical.emergency", "medical.mass_casualty", "health.epidemic", "social.crowd",
};

bool Fills(const Unit& u, const PlanRequirement& req) {
  return req.unit_type ? u.type == *req.unit_type : u.Has(*req.capability);
}

std::string Describe(const PlanRequirement& req) {
  return req.unit_type ? "type " + std::string(CodeOf(*req.unit_type))
                       : "capability " + std::string(CodeOf(*req.capability));
}

// How many of `lines` (each line `count` slots) the units can fill at once, each unit filling
// one slot: a maximum bipartite matching (augmenting paths), exact where a greedy pick is not
// (an ALS ambulance can fill an "ambulance" line or an "als" line).
std::size_t MaxFilled(const std::vector<PlanRequirement>& lines,
                      const std::vector<const Unit*>& units) {
  std::vector<const PlanRequirement*> slots;
  for (const auto& line : lines) {
    for (int k = 0; k < line.count; ++k) slots.push_back(&line);
  }
  std::vector<int> slot_of_unit(units.size(), -1);
  std::function<bool(std::size_t, std::vector<bool>&)> augment = [&](std::size_t s,
                                                                     std::vector<bool>& seen) {
    for (std::size_t u = 0; u < units.size(); ++u) {
      if (seen[u] || !Fills(*units[u], *slots[s])) continue;
      seen[u] = true;
      if (slot_of_unit[u] < 0 || augment(static_cast<std::size_t>(slot_of_unit[u]), seen)) {
        slot_of_unit[u] = static_cast<int>(s);
        return true;
      }
    }
    return false;
  };
  std::size_t filled = 0;
  for (std::size_t s = 0; s < slots.size(); ++s) {
    std::vector<bool> seen(units.size(), false);
    if (augment(s, seen)) ++filled;
  }
  return filled;
}

class DemoPlansTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Region> r =
        LoadRegion(std::filesystem::path(ELINK_SOURCE_DIR) / "data" / "regions" / "demo");
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    region_ = std::move(r).value();
    for (const Plan& p : region_.plans) {
      for (const std::string& type : p.incident_types) plan_for_.emplace(type, &p);
    }
  }

  [[nodiscard]] const Region& region() const { return region_; }
  [[nodiscard]] const Plan* PlanFor(std::string_view type) const {
    const auto it = plan_for_.find(std::string(type));
    return it == plan_for_.end() ? nullptr : it->second;
  }

 private:
  Region region_;
  std::map<std::string, const Plan*> plan_for_;
};

TEST_F(DemoPlansTest, TheTwelveRequiredTypesHaveAllFourLevels) {
  constexpr std::array<IncidentLevel, 4> kLevels{IncidentLevel::kIV, IncidentLevel::kIII,
                                                 IncidentLevel::kII, IncidentLevel::kI};
  // IV district, III city, II region; I is led above the region, which commands it for elink.
  constexpr std::array<OrgTier, 4> kCommand{OrgTier::kDistrict, OrgTier::kCity, OrgTier::kRegion,
                                            OrgTier::kRegion};
  for (std::string_view type : kRequiredTypes) {
    ASSERT_NE(FindIncidentType(type), nullptr) << type;
    const Plan* plan = PlanFor(type);
    ASSERT_NE(plan, nullptr) << "no plan for " << type;
    ASSERT_EQ(plan->levels.size(), 4U) << plan->id;
    for (std::size_t l = 0; l < 4; ++l) {
      const PlanLevel& level = plan->levels[l];
      EXPECT_EQ(level.level, kLevels[l]) << plan->id;
      EXPECT_EQ(level.command_tier, kCommand[l]) << plan->id << " level " << CodeOf(level.level);
      EXPECT_FALSE(level.units.empty() && level.tasks.empty())
          << plan->id << " level " << CodeOf(level.level) << " asks for nothing";
    }
  }
}

TEST_F(DemoPlansTest, EveryIncidentTypeOfTheCatalogueHasAPlan) {
  for (const IncidentTypeInfo& info : IncidentTypes()) {
    EXPECT_NE(PlanFor(info.code), nullptr) << "no plan for " << info.code;
  }
}

TEST_F(DemoPlansTest, PlansAreInChineseAndEnglishAndEveryLevelHasUnitsTasksAndAChecklist) {
  for (const Plan& plan : region().plans) {
    EXPECT_FALSE(plan.name.zh.empty() || plan.name.en.empty()) << plan.id;
    ASSERT_EQ(plan.levels.size(), 4U) << plan.id;
    for (const PlanLevel& level : plan.levels) {
      const std::string where = plan.id.value() + " level " + std::string(CodeOf(level.level));
      EXPECT_FALSE(level.units.empty()) << where;
      EXPECT_FALSE(level.tasks.empty()) << where;
      EXPECT_FALSE(level.checklist.empty()) << where;
      for (const PlanTask& task : level.tasks) {
        EXPECT_FALSE(task.task.zh.empty() || task.task.en.empty()) << where;
      }
      for (const Name& item : level.checklist) {
        EXPECT_FALSE(item.zh.empty() || item.en.empty()) << where;
      }
    }
  }
}

TEST_F(DemoPlansTest, EveryTaskGoesToADepartmentOfTheOrganisationTree) {
  std::set<DepartmentKind> present;
  for (const Organisation& org : region().organisations) {
    for (const Department& d : org.departments) present.insert(d.kind);
  }
  for (const Plan& plan : region().plans) {
    for (const PlanLevel& level : plan.levels) {
      for (const PlanTask& task : level.tasks) {
        EXPECT_TRUE(present.count(task.department))
            << plan.id << " level " << CodeOf(level.level) << ": no organisation has a '"
            << CodeOf(task.department) << "' department for \"" << task.task.en << "\"";
      }
    }
  }
}

TEST_F(DemoPlansTest, TheDemoUnitsCanFillEveryPlanAtLevelFour) {
  std::vector<const Unit*> available;
  for (const Unit& u : region().units) {
    if (u.status == UnitStatus::kAvailable) available.push_back(&u);
  }
  for (const Plan& plan : region().plans) {
    ASSERT_FALSE(plan.levels.empty());
    const PlanLevel& iv = plan.levels.front();
    ASSERT_EQ(iv.level, IncidentLevel::kIV) << plan.id;
    std::size_t wanted = 0;
    for (const PlanRequirement& req : iv.units) {
      wanted += static_cast<std::size_t>(req.count);
      bool exists = false;
      for (const Unit& u : region().units) exists = exists || Fills(u, req);
      EXPECT_TRUE(exists) << plan.id << ": no demo unit of " << Describe(req);
    }
    EXPECT_EQ(MaxFilled(iv.units, available), wanted)
        << plan.id << ": the demo's available units cannot fill level IV at once";
  }
}

}  // namespace
}  // namespace elink::core
