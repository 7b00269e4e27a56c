// SPDX-License-Identifier: Apache-2.0
// State::Apply refuses events that do not follow or do not fit, and leaves the state unchanged.
#include "core/state.hpp"

#include "core/incident_types.hpp"
#include "support/test_region.hpp"

#include <gtest/gtest.h>

#include <set>

namespace elink::core {
namespace {

class StateTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(Add(RegionImported{testing::SmallRegion()}).ok()); }

  Status Add(EventBody body) {
    return state_.Apply(
        Event{state_.last_seq() + 1,
              FromUnixMillis(1000 * static_cast<std::int64_t>(state_.last_seq() + 1)), "test", "",
              std::move(body)});
  }

  void ExpectCorrupt(EventBody body) {
    const State before = state_;
    const Status s = Add(std::move(body));
    EXPECT_EQ(s.code(), StatusCode::kCorruption);
    EXPECT_TRUE(state_ == before);
  }

  IncidentReported Fire() {
    IncidentReported r;
    r.id = state_.next_incident_id();
    r.type = "fire.residential";
    r.location = {30.005, 120.005};
    return r;
  }

  State state_;
};

TEST_F(StateTest, RegionLoaded) {
  EXPECT_EQ(state_.region_id(), "test-region");
  EXPECT_EQ(state_.units().size(), 4U);
  EXPECT_TRUE(state_.IsWithin(OrgId("K1"), OrgId("C")));
  EXPECT_FALSE(state_.IsWithin(OrgId("K1"), OrgId("D2")));
  EXPECT_EQ(state_.GridAt({30.005, 120.015})->id, GridId("G2"));
  EXPECT_EQ(state_.GridAt({29.0, 120.0}), nullptr);
}

TEST_F(StateTest, EventsMustFollowInSequence) {
  const State before = state_;
  Event skipped{state_.last_seq() + 2, {}, "t", "", Fire()};
  EXPECT_EQ(state_.Apply(skipped).code(), StatusCode::kCorruption);
  Event repeated{state_.last_seq(), {}, "t", "", Fire()};
  EXPECT_EQ(state_.Apply(repeated).code(), StatusCode::kCorruption);
  EXPECT_TRUE(state_ == before);
}

TEST_F(StateTest, InconsistentEventsAreRefused) {
  ExpectCorrupt(RegionImported{testing::SmallRegion()});
  IncidentReported wrong_id = Fire();
  wrong_id.id = IncidentId(99);
  ExpectCorrupt(wrong_id);
  IncidentReported wrong_type = Fire();
  wrong_type.type = "no.such";
  ExpectCorrupt(wrong_type);
  ASSERT_TRUE(Add(Fire()).ok());
  const IncidentId id(1);
  ExpectCorrupt(
      IncidentStatusChanged{id, IncidentStatus::kVerified, IncidentStatus::kDispatched, ""});
  ExpectCorrupt(IncidentStatusChanged{id, IncidentStatus::kReported, IncidentStatus::kClosed, ""});
  ExpectCorrupt(IncidentStatusChanged{IncidentId(5), IncidentStatus::kReported,
                                      IncidentStatus::kVerified, ""});
  ExpectCorrupt(UnitDispatched{UnitId("nope"), id});
  ExpectCorrupt(UnitStatusChanged{UnitId("E1"), UnitStatus::kOnScene, UnitStatus::kReturning, ""});
  ExpectCorrupt(
      UnitStatusChanged{UnitId("E1"), UnitStatus::kAvailable, UnitStatus::kDispatched, ""});
  ExpectCorrupt(IncidentsMerged{id, id});
  ExpectCorrupt(IncidentLevelChanged{id, IncidentLevel::kI, IncidentLevel::kII, ""});
}

TEST_F(StateTest, IncidentTakesCategoryAndTimesFromEvents) {
  ASSERT_TRUE(Add(Fire()).ok());
  const Incident& inc = *state_.FindIncident(IncidentId(1));
  EXPECT_EQ(inc.category, FindIncidentType("fire.residential")->category);
  EXPECT_EQ(inc.reported_at, FromUnixMillis(2000));
  EXPECT_EQ(inc.chronology.size(), 1U);
  EXPECT_EQ(inc.chronology[0].seq, 2U);
  EXPECT_EQ(state_.next_incident_id(), IncidentId(2));
}

TEST(IncidentTypesTest, CatalogueCoversTheBundledPlansAndIsUnique) {
  std::set<std::string_view> codes;
  for (const auto& t : IncidentTypes()) {
    EXPECT_TRUE(codes.insert(t.code).second) << t.code;
    EXPECT_FALSE(t.zh.empty());
    EXPECT_FALSE(t.en.empty());
  }
  for (const char* needed :
       {"fire.residential", "fire.high_rise", "fire.industrial", "traffic.entrapment",
        "hazmat.leak", "flood.waterlogging", "geo.landslide", "geo.earthquake", "medical.emergency",
        "medical.mass_casualty", "health.epidemic", "social.crowd"}) {
    EXPECT_NE(FindIncidentType(needed), nullptr) << needed;
  }
  EXPECT_EQ(FindIncidentType("fire"), nullptr);
}

}  // namespace
}  // namespace elink::core
