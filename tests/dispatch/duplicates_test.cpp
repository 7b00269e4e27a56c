// SPDX-License-Identifier: Apache-2.0
// Duplicate detection: true duplicates (same place, same or related type, recent, open) found
// nearest first; near misses (too far, too late, unrelated type, closed or merged) not; bad
// options refused.
#include "dispatch/duplicates.hpp"

#include "dispatch/messages.hpp"
#include "engine/registry.hpp"
#include "support/constants.hpp"
#include "support/test_region.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace elink::dispatch {
namespace {

using std::chrono::minutes;

using testing::kTestNow;
// About 111 m per 0.001 degree of latitude.
const core::LatLon kHere{37.8000, -122.4370};

core::LatLon North(double metres) { return {kHere.lat + metres / 111'195.0, kHere.lon}; }

class DuplicatesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(engine::Apply(state_, {1, kTestNow, "t", "",
                                       region::RegionImported{elink::testing::SmallRegion()}})
                    .ok());
  }
  core::IncidentId Report(const std::string& type, core::LatLon where, TimePoint at) {
    dispatch::IncidentReported r;
    r.id = state_.next_incident_id();
    r.type = type;
    r.location = where;
    const Status s = engine::Apply(state_, {state_.last_seq() + 1, at, "t", "", r});
    EXPECT_TRUE(s.ok()) << s.ToString();
    return r.id;
  }
  // Walks the incident through the lifecycle, one legal step after the other.
  void Walk(core::IncidentId id, std::vector<core::IncidentStatus> steps) {
    core::IncidentStatus from = core::IncidentStatus::kReported;
    for (const core::IncidentStatus to : steps) {
      const Status s = engine::Apply(state_, {state_.last_seq() + 1, kTestNow, "t", "",
                                              dispatch::IncidentStatusChanged{id, from, to, ""}});
      ASSERT_TRUE(s.ok()) << s.ToString();
      from = to;
    }
  }
  std::vector<core::IncidentId> Ids(const std::string& type, core::LatLon where, TimePoint when) {
    std::vector<core::IncidentId> ids;
    const auto found = FindDuplicates(state_, type, where, when);
    for (const auto& c : found.value()) ids.push_back(c.id);
    return ids;
  }
  core::State state_;
};

TEST_F(DuplicatesTest, FindsRecentNearbyRelatedOpenIncidentsNearestFirst) {
  const auto far_one = Report("fire.residential", North(250), kTestNow);
  const auto near_one = Report("fire.high_rise", North(40), kTestNow + minutes(2));
  const auto crash = Report("traffic.accident", North(100), kTestNow + minutes(5));
  const TimePoint now = kTestNow + minutes(10);
  const auto found = FindDuplicates(state_, "fire.residential", kHere, now).value();
  ASSERT_EQ(found.size(), 2U) << "the crash is not a house fire";
  EXPECT_EQ(found[0].id, near_one);
  EXPECT_NEAR(found[0].distance_m, 40, 1);
  EXPECT_EQ(found[0].age, std::chrono::seconds(8 * 60));
  EXPECT_EQ(found[1].id, far_one);
  // A burning car and a crash are one emergency seen twice.
  EXPECT_EQ(Ids("fire.vehicle", kHere, now),
            (std::vector<core::IncidentId>{near_one, crash, far_one}));
  EXPECT_EQ(Ids("medical.emergency", kHere, now), (std::vector<core::IncidentId>{crash}));
  // The new incident itself is left out.
  EXPECT_TRUE(
      FindDuplicates(state_, "fire.high_rise", North(40), now, {}, near_one).value().size() == 1U);
}

TEST_F(DuplicatesTest, TheNearestTwentyAreListedAndOldHistoryIsNotScanned) {
  // Last week's fire at the very spot, still open (never closed): far outside the window.
  Report("fire.residential", kHere, kTestNow - std::chrono::hours(24 * 7));
  std::vector<core::IncidentId> recent;
  for (int i = 0; i < 25; ++i) {
    recent.push_back(
        Report("fire.residential", North(10.0 * i), kTestNow + std::chrono::seconds(i)));
  }
  const auto found =
      FindDuplicates(state_, "fire.residential", kHere, kTestNow + minutes(1)).value();
  ASSERT_EQ(found.size(), 20U);
  for (std::size_t i = 0; i < found.size(); ++i) EXPECT_EQ(found[i].id, recent[i]) << i;
  DuplicateOptions all;
  all.max_candidates = 100;
  all.max_age = std::chrono::hours(24 * 8);
  EXPECT_EQ(FindDuplicates(state_, "fire.residential", kHere, kTestNow + minutes(1), all)->size(),
            26U)
      << "a window that reaches back a week finds last week's fire too";
}

TEST_F(DuplicatesTest, NearMissesAreNotFlagged) {
  Report("fire.residential", North(301), kTestNow);           // too far (limit 300 m)
  Report("fire.residential", kHere, kTestNow - minutes(31));  // too old (limit 30 min)
  Report("medical.emergency", kHere, kTestNow);               // unrelated type
  const auto closed = Report("fire.residential", kHere, kTestNow);
  const auto merged = Report("fire.residential", kHere, kTestNow);
  const auto cancelled = Report("fire.residential", kHere, kTestNow);
  using S = core::IncidentStatus;
  Walk(closed, {S::kVerified, S::kDispatched, S::kOnScene, S::kControlled, S::kClosed});
  Walk(cancelled, {S::kCancelled});
  ASSERT_TRUE(engine::Apply(state_, {state_.last_seq() + 1, kTestNow, "t", "",
                                     dispatch::IncidentsMerged{merged, core::IncidentId(1)}})
                  .ok());
  EXPECT_TRUE(Ids("fire.residential", kHere, kTestNow).empty());
  // Widening the window brings the far and the old one in.
  const auto wide = FindDuplicates(state_, "fire.residential", kHere, kTestNow,
                                   {.max_distance_m = 400, .max_age = minutes(40)})
                        .value();
  EXPECT_EQ(wide.size(), 2U);
}

TEST_F(DuplicatesTest, RelatedTypesTable) {
  EXPECT_TRUE(RelatedTypes("fire.residential", "fire.industrial"));
  EXPECT_TRUE(RelatedTypes("utility.gas_leak", "fire.residential"));
  EXPECT_TRUE(RelatedTypes("geo.earthquake", "building.collapse"));
  EXPECT_TRUE(RelatedTypes("rescue.water", "flood.waterlogging"));
  EXPECT_FALSE(RelatedTypes("rescue.technical", "flood.waterlogging"));
  EXPECT_FALSE(RelatedTypes("fire.residential", "traffic.accident"));
  EXPECT_FALSE(RelatedTypes("health.epidemic", "social.crowd"));
}

TEST_F(DuplicatesTest, BadOptionsAreRefused) {
  EXPECT_EQ(FindDuplicates(state_, "fire.residential", kHere, kTestNow, {.max_distance_m = -1})
                .status()
                .field(),
            "max_distance_m");
  EXPECT_EQ(FindDuplicates(state_, "fire.residential", kHere, kTestNow,
                           {.max_distance_m = std::nan(""), .max_age = minutes(1)})
                .status()
                .field(),
            "max_distance_m");
  EXPECT_EQ(FindDuplicates(state_, "fire.residential", kHere, kTestNow,
                           {.max_distance_m = 1, .max_age = minutes(-1)})
                .status()
                .field(),
            "max_age");
  EXPECT_EQ(FindDuplicates(state_, "fire.residential", {95, 0}, kTestNow).status().field(),
            "where");
  EXPECT_EQ(
      FindDuplicates(state_, "fire.residential", {std::nan(""), 0}, kTestNow).status().field(),
      "where");
  // Each refusal is a declared message, said in English and zh-CN.
  const Status distance =
      FindDuplicates(state_, "fire.residential", kHere, kTestNow, {.max_distance_m = -1}).status();
  EXPECT_EQ(distance.message_id(), &msg::kDistanceNotNegative);
  EXPECT_EQ(distance.message(), "must be a distance of 0 m or more");
  EXPECT_EQ(distance.Text(Lang::kZhCN), "必须是不小于 0 米的距离");
  const Status age = FindDuplicates(state_, "fire.residential", kHere, kTestNow,
                                    {.max_distance_m = 1, .max_age = minutes(-1)})
                         .status();
  EXPECT_EQ(age.message_id(), &msg::kNotNegative);
  EXPECT_EQ(age.Text(Lang::kZhCN), "不能为负数");
  const Status where = FindDuplicates(state_, "fire.residential", {95, 0}, kTestNow).status();
  EXPECT_EQ(where.message_id(), &msg::kNotOnEarth);
  EXPECT_EQ(where.message(), "not a position on Earth");
  EXPECT_EQ(where.Text(Lang::kZhCN), "不是地球上的位置");
}

// The index against the scan, on random centers that grow between questions: the same
// candidates, in the same order, for every question, including questions about the past (the
// index falls back) and after it has pruned.
TEST_F(DuplicatesTest, TheIndexAnswersAsTheScanOnRandomCenters) {
  std::mt19937 rng(20261129);
  const std::vector<std::string> types = {"fire.residential",  "fire.high_rise",
                                          "fire.vehicle",      "traffic.accident",
                                          "medical.emergency", "flood.waterlogging"};
  std::uniform_int_distribution<std::size_t> type_of(0, types.size() - 1);
  // Places within ~1.5 km, so that cells fill and neighbours matter.
  std::uniform_real_distribution<double> dlat(-0.012, 0.012);
  std::uniform_real_distribution<double> dlon(-0.015, 0.015);
  std::uniform_int_distribution<int> step_s(0, 240);
  std::uniform_int_distribution<int> dice(0, 99);
  DuplicateIndex index;
  TimePoint now = kTestNow;
  std::size_t questions = 0;
  std::size_t found = 0;
  for (int round = 0; round < 60; ++round) {
    for (int i = 0; i < 120; ++i) {
      now += std::chrono::seconds(step_s(rng));
      const auto id = Report(types[type_of(rng)], {kHere.lat + dlat(rng), kHere.lon + dlon(rng)},
                             now - std::chrono::seconds(dice(rng) < 5 ? 120 : 0));
      if (dice(rng) < 20) Walk(id, {core::IncidentStatus::kCancelled});
    }
    for (int q = 0; q < 40; ++q) {
      const core::LatLon where{kHere.lat + dlat(rng), kHere.lon + dlon(rng)};
      const std::string& type = types[type_of(rng)];
      // Now, a little ahead, or hours back.
      const TimePoint when = dice(rng) < 80   ? now
                             : dice(rng) < 50 ? now + minutes(10)
                                              : now - std::chrono::hours(dice(rng) % 6);
      const std::optional<core::IncidentId> exclude =
          dice(rng) < 50
              ? std::optional(core::IncidentId(state_.next_incident_id().value() - 1 -
                                               static_cast<std::uint64_t>(dice(rng) % 8)))
              : std::nullopt;
      const auto expected = FindDuplicates(state_, type, where, when, {}, exclude).value();
      const auto got = index.Find(state_, type, where, when, exclude).value();
      ASSERT_EQ(got.size(), expected.size()) << "round " << round << " question " << q;
      for (std::size_t k = 0; k < got.size(); ++k) {
        EXPECT_EQ(got[k].id, expected[k].id);
        EXPECT_EQ(got[k].distance_m, expected[k].distance_m);
        EXPECT_EQ(got[k].age, expected[k].age);
      }
      ++questions;
      found += expected.size();
    }
  }
  EXPECT_EQ(questions, 2400U);
  EXPECT_GT(found, 300U) << "the scenarios must produce duplicates to compare";
  // 7,200 incidents over about 4 days; pruned every 4,096 new ones down to the last 2 h or so, so
  // the questions about hours ago were answered by the fallback scan.
  EXPECT_LT(index.size(), 7200U - 3000U);
}

TEST_F(DuplicatesTest, TheIndexCopesWithThePolesTheAntimeridianAndBadQuestions) {
  DuplicateIndex index;
  const core::LatLon east{-16.5, 179.9995};
  const core::LatLon west{-16.5, -179.9995};
  const auto a = Report("fire.residential", east, kTestNow);
  const auto b = Report("fire.residential", {89.9999, 10}, kTestNow);
  const auto c = Report("fire.residential", {89.9999, -170}, kTestNow);
  for (const auto& [where, expected] :
       std::vector<std::pair<core::LatLon, std::vector<core::IncidentId>>>{
           {west, {a}}, {{89.9999, 100}, {b, c}}, {{90, 0}, {b, c}}}) {
    const auto scan = FindDuplicates(state_, "fire.high_rise", where, kTestNow).value();
    const auto got = index.Find(state_, "fire.high_rise", where, kTestNow).value();
    std::vector<core::IncidentId> ids;
    for (const auto& d : got) ids.push_back(d.id);
    std::vector<core::IncidentId> scan_ids;
    for (const auto& d : scan) scan_ids.push_back(d.id);
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(ids, expected);
    std::sort(scan_ids.begin(), scan_ids.end());
    EXPECT_EQ(scan_ids, expected);
  }
  EXPECT_EQ(index.Find(state_, "fire.residential", {91, 0}, kTestNow).status().field(), "where");
  EXPECT_EQ(index.Find(state_, "fire.residential", {std::nan(""), 0}, kTestNow).status().field(),
            "where");
}

}  // namespace
}  // namespace elink::dispatch
