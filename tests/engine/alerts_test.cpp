// SPDX-License-Identifier: Apache-2.0
// Public warnings through Decide and State::Apply: publishing records the content as given with
// the time and the sender; cancelling ends it; every refusal names its field and changes nothing.
#include "engine/decide.hpp"
#include "engine/decide_apply.hpp"
#include "support/test_region.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace elink::engine {
namespace {

// The domains' commands and events by name (engine/registry.hpp lists them).
using namespace elink::engine::domains;  // NOLINT(google-build-using-namespace)

using core::AlertId;

class AlertsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(Run(ImportRegion{testing::SmallRegion()}).ok()); }

  Status Run(const CommandBody& c, std::vector<engine::EventBody>* made = nullptr) {
    return testing::DecideAndApply(state_, c, now_, made);
  }

  void ExpectRefused(const CommandBody& c, StatusCode code, std::string_view field) {
    static_cast<void>(testing::ExpectRefusedByDecide(state_, c, now_, code, field));
  }

  core::AlertContent Waterlogging() const {
    core::AlertContent a;
    a.org = core::OrgId("D1");
    a.level = core::AlertLevel::kYellow;
    a.category = core::AlertCategory::kMet;
    a.event = {"城市内涝", "Urban waterlogging"};
    a.headline = {"低洼路段积水", "Water on low-lying roads"};
    a.area = {{"一区", "District 1"}, {30.005, 120.005}, 3.0};
    a.expires = now_ + std::chrono::hours(3);
    return a;
  }

  core::State state_;
  TimePoint now_ = FromUnixMillis(1'700'000'000'000);
};

TEST_F(AlertsTest, PublishRecordsTheWarningAndCancelEndsIt) {
  std::vector<engine::EventBody> made;
  ASSERT_TRUE(Run(PublishAlert{Waterlogging()}, &made).ok());
  ASSERT_EQ(made.size(), 1U);
  const auto* published = std::get_if<warning::AlertPublished>(&made[0]);
  ASSERT_NE(published, nullptr);
  EXPECT_EQ(published->id, AlertId(1));
  EXPECT_EQ(published->content, Waterlogging());
  const core::Alert* alert = state_.FindAlert(AlertId(1));
  ASSERT_NE(alert, nullptr);
  EXPECT_EQ(alert->sent, now_);
  EXPECT_EQ(alert->sender, "tester");
  EXPECT_TRUE(alert->IsActive(now_));
  EXPECT_FALSE(alert->IsActive(now_ + std::chrono::hours(3)));
  EXPECT_EQ(state_.next_alert_id(), AlertId(2));

  ASSERT_TRUE(Run(CancelAlert{AlertId(1), "积水已退 / the water has gone"}).ok());
  alert = state_.FindAlert(AlertId(1));
  EXPECT_EQ(alert->cancelled_at, now_);
  EXPECT_EQ(alert->cancel_reason, "积水已退 / the water has gone");
  EXPECT_FALSE(alert->IsActive(now_));
  ExpectRefused(CancelAlert{AlertId(1), ""}, StatusCode::kFailedPrecondition, "alert");
}

TEST_F(AlertsTest, BadWarningsAreRefusedNamingTheField) {
  const auto with = [this](auto change) {
    core::AlertContent a = Waterlogging();
    change(a);
    return PublishAlert{a};
  };
  ExpectRefused(with([](auto& a) { a.org = core::OrgId("nowhere"); }), StatusCode::kInvalidArgument,
                "org");
  ExpectRefused(with([](auto& a) { a.headline = {}; }), StatusCode::kInvalidArgument, "headline");
  ExpectRefused(with([](auto& a) { a.headline.en = std::string(201, 'x'); }),
                StatusCode::kInvalidArgument, "headline.en");
  ExpectRefused(with([](auto& a) { a.description.zh = "\xff\xfe"; }), StatusCode::kInvalidArgument,
                "description.zh");
  ExpectRefused(with([](auto& a) { a.area.description = {}; }), StatusCode::kInvalidArgument,
                "area.description");
  ExpectRefused(with([](auto& a) { a.area.center.lat = 91; }), StatusCode::kInvalidArgument,
                "area.center.lat");
  ExpectRefused(with([](auto& a) { a.area.radius_km = 0; }), StatusCode::kInvalidArgument,
                "area.radius_km");
  ExpectRefused(with([](auto& a) { a.area.radius_km = 1000.5; }), StatusCode::kInvalidArgument,
                "area.radius_km");
  ExpectRefused(with([this](auto& a) { a.expires = now_; }), StatusCode::kInvalidArgument,
                "expires");
  ExpectRefused(with([this](auto& a) { a.expires = now_ + std::chrono::hours(24 * 7 + 1); }),
                StatusCode::kInvalidArgument, "expires");
  ExpectRefused(with([](auto& a) { a.incident = core::IncidentId(99); }), StatusCode::kNotFound,
                "incident");
  ExpectRefused(CancelAlert{AlertId(5), ""}, StatusCode::kNotFound, "alert");
}

TEST_F(AlertsTest, AnExpiredWarningCannotBeCancelled) {
  ASSERT_TRUE(Run(PublishAlert{Waterlogging()}).ok());
  now_ += std::chrono::hours(4);
  ExpectRefused(CancelAlert{AlertId(1), ""}, StatusCode::kFailedPrecondition, "alert");
}

}  // namespace
}  // namespace elink::engine
