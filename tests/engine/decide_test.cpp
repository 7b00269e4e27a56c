// SPDX-License-Identifier: Apache-2.0
// Legal and illegal lifecycle steps of incidents and units, driven as commands through Decide and
// State::Apply (no log), so each rule is checked where it is enforced.
#include "engine/decide.hpp"

#include "engine/decide_apply.hpp"
#include "support/test_region.hpp"
#include "util/sha256.hpp"

#include <gtest/gtest.h>

namespace elink::engine {
namespace {

// The domains' commands and events by name (engine/registry.hpp lists them).
using namespace elink::engine::domains;  // NOLINT(google-build-using-namespace)

using core::IncidentId;
using core::IncidentStatus;
using core::UnitId;
using core::UnitStatus;

class DecideTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(Run(ImportRegion{testing::SmallRegion()}).ok()); }

  // Decides and applies; the state is unchanged when the command is refused.
  Status Run(const CommandBody& c) { return testing::DecideAndApply(state_, c, now_); }

  IncidentId Report(core::LatLon where = {30.005, 120.005}) {
    const IncidentId id = state_.next_incident_id();
    ReportIncident r;
    r.type = "fire.residential";
    r.location = where;
    EXPECT_TRUE(Run(r).ok());
    return id;
  }

  IncidentStatus StatusOf(IncidentId id) { return state_.FindIncident(id)->status; }
  UnitStatus StatusOf(const char* unit) { return state_.FindUnit(UnitId(unit))->status; }

  // Refused commands leave the state as it was, field for field.
  void ExpectRefused(const CommandBody& c, StatusCode code, std::string_view field) {
    static_cast<void>(testing::ExpectRefusedByDecide(state_, c, now_, code, field));
  }

  core::State state_;
  TimePoint now_ = FromUnixMillis(1'700'000'000'000);
};

TEST_F(DecideTest, ReportAssignsGridAndJurisdiction) {
  const IncidentId a = Report({30.005, 120.005});
  const IncidentId b = Report({30.005, 120.015});
  const IncidentId outside = Report({31.0, 121.0});
  EXPECT_EQ(state_.FindIncident(a)->grid, core::GridId("G1"));
  EXPECT_EQ(state_.FindIncident(a)->jurisdiction, core::OrgId("K1"));
  EXPECT_EQ(state_.FindIncident(b)->grid, core::GridId("G2"));
  EXPECT_FALSE(state_.FindIncident(outside)->grid.has_value());
  EXPECT_EQ(a.value() + 1, b.value());
  EXPECT_EQ(StatusOf(a), IncidentStatus::kReported);
}

TEST_F(DecideTest, FullIncidentLifecycle) {
  const IncidentId id = Report();
  ASSERT_TRUE(Run(ChangeIncidentStatus{id, IncidentStatus::kVerified, "caller confirmed"}).ok());
  ASSERT_TRUE(Run(DispatchUnits{id, {UnitId("E1"), UnitId("A1")}}).ok());
  EXPECT_EQ(StatusOf(id), IncidentStatus::kDispatched);
  EXPECT_EQ(StatusOf("E1"), UnitStatus::kDispatched);
  ASSERT_TRUE(Run(ChangeUnitStatus{UnitId("E1"), UnitStatus::kEnRoute, ""}).ok());
  ASSERT_TRUE(Run(ChangeUnitStatus{UnitId("E1"), UnitStatus::kOnScene, ""}).ok());
  EXPECT_EQ(StatusOf(id), IncidentStatus::kOnScene) << "first unit on scene moves the incident";
  ASSERT_TRUE(Run(ChangeIncidentStatus{id, IncidentStatus::kControlled, "fire out"}).ok());
  ExpectRefused(ChangeIncidentStatus{id, IncidentStatus::kClosed, ""},
                StatusCode::kFailedPrecondition, "to");
  ASSERT_TRUE(Run(ChangeUnitStatus{UnitId("E1"), UnitStatus::kReturning, ""}).ok());
  ASSERT_TRUE(Run(ChangeUnitStatus{UnitId("A1"), UnitStatus::kReturning, "not needed"}).ok());
  ASSERT_TRUE(Run(ChangeIncidentStatus{id, IncidentStatus::kClosed, "done"}).ok());
  ASSERT_TRUE(Run(ChangeUnitStatus{UnitId("E1"), UnitStatus::kAvailable, ""}).ok());
  const core::Incident& inc = *state_.FindIncident(id);
  EXPECT_EQ(inc.status, IncidentStatus::kClosed);
  EXPECT_TRUE(inc.verified_at && inc.dispatched_at && inc.on_scene_at && inc.controlled_at &&
              inc.closed_at);
  EXPECT_EQ(inc.units, (std::vector<UnitId>{UnitId("E1"), UnitId("A1")}));
  EXPECT_FALSE(state_.FindUnit(UnitId("E1"))->incident.has_value());
  EXPECT_GE(inc.chronology.size(), 8U);
}

TEST_F(DecideTest, IllegalIncidentSteps) {
  const IncidentId id = Report();
  ExpectRefused(DispatchUnits{id, {UnitId("E1")}}, StatusCode::kFailedPrecondition, "incident");
  ExpectRefused(ChangeIncidentStatus{id, IncidentStatus::kOnScene, ""},
                StatusCode::kFailedPrecondition, "to");
  ExpectRefused(ChangeIncidentStatus{id, IncidentStatus::kClosed, ""},
                StatusCode::kFailedPrecondition, "to");
  ExpectRefused(ChangeIncidentStatus{id, IncidentStatus::kDispatched, ""},
                StatusCode::kInvalidArgument, "to");
  ExpectRefused(ChangeIncidentStatus{id, IncidentStatus::kMerged, ""}, StatusCode::kInvalidArgument,
                "to");
  ExpectRefused(ChangeIncidentStatus{IncidentId(999), IncidentStatus::kVerified, ""},
                StatusCode::kNotFound, "id");
  ASSERT_TRUE(Run(ChangeIncidentStatus{id, IncidentStatus::kCancelled, "prank call"}).ok());
  // A finished incident cannot move again, nor change level.
  for (auto to :
       {IncidentStatus::kReported, IncidentStatus::kVerified, IncidentStatus::kOnScene,
        IncidentStatus::kControlled, IncidentStatus::kClosed, IncidentStatus::kCancelled}) {
    ExpectRefused(ChangeIncidentStatus{id, to, ""}, StatusCode::kFailedPrecondition, "to");
  }
  ExpectRefused(ChangeIncidentLevel{id, core::IncidentLevel::kII, ""},
                StatusCode::kFailedPrecondition, "id");
}

TEST_F(DecideTest, CancelRecallsUnitsOnTheirWayButNotOnScene) {
  const IncidentId id = Report();
  ASSERT_TRUE(Run(ChangeIncidentStatus{id, IncidentStatus::kVerified, ""}).ok());
  ASSERT_TRUE(Run(DispatchUnits{id, {UnitId("E1"), UnitId("A1")}}).ok());
  ASSERT_TRUE(Run(ChangeUnitStatus{UnitId("E1"), UnitStatus::kEnRoute, ""}).ok());
  ASSERT_TRUE(Run(ChangeIncidentStatus{id, IncidentStatus::kCancelled, "false alarm"}).ok());
  EXPECT_EQ(StatusOf("E1"), UnitStatus::kReturning);
  EXPECT_EQ(StatusOf("A1"), UnitStatus::kReturning);

  const IncidentId other = Report();
  ASSERT_TRUE(Run(ChangeIncidentStatus{other, IncidentStatus::kVerified, ""}).ok());
  ASSERT_TRUE(Run(DispatchUnits{other, {UnitId("E2")}}).ok());
  ASSERT_TRUE(Run(ChangeUnitStatus{UnitId("E2"), UnitStatus::kEnRoute, ""}).ok());
  ASSERT_TRUE(Run(ChangeUnitStatus{UnitId("E2"), UnitStatus::kOnScene, ""}).ok());
  // The incident is on scene now, and on_scene → cancelled is not a lifecycle step.
  ExpectRefused(ChangeIncidentStatus{other, IncidentStatus::kCancelled, ""},
                StatusCode::kFailedPrecondition, "to");
}

TEST_F(DecideTest, UnitLifecycleLegalAndIllegal) {
  // Available units can only be dispatched (via DispatchUnits) or taken out of service.
  ExpectRefused(ChangeUnitStatus{UnitId("E2"), UnitStatus::kOnScene, ""},
                StatusCode::kFailedPrecondition, "to");
  ExpectRefused(ChangeUnitStatus{UnitId("E2"), UnitStatus::kEnRoute, ""},
                StatusCode::kFailedPrecondition, "to");
  ExpectRefused(ChangeUnitStatus{UnitId("E2"), UnitStatus::kDispatched, ""},
                StatusCode::kInvalidArgument, "to");
  ExpectRefused(ChangeUnitStatus{UnitId("nope"), UnitStatus::kAvailable, ""}, StatusCode::kNotFound,
                "unit");
  ASSERT_TRUE(Run(ChangeUnitStatus{UnitId("E2"), UnitStatus::kOutOfService, "pump repair"}).ok());
  const IncidentId id = Report();
  ASSERT_TRUE(Run(ChangeIncidentStatus{id, IncidentStatus::kVerified, ""}).ok());
  ExpectRefused(DispatchUnits{id, {UnitId("E2")}}, StatusCode::kFailedPrecondition, "units[0]");
  ASSERT_TRUE(Run(ChangeUnitStatus{UnitId("E2"), UnitStatus::kAvailable, "repaired"}).ok());
  ASSERT_TRUE(Run(DispatchUnits{id, {UnitId("E2")}}).ok());
  // A dispatched unit cannot be dispatched again, nor skip en route.
  ExpectRefused(DispatchUnits{id, {UnitId("E2")}}, StatusCode::kFailedPrecondition, "units[0]");
  ExpectRefused(ChangeUnitStatus{UnitId("E2"), UnitStatus::kOnScene, ""},
                StatusCode::kFailedPrecondition, "to");
  ExpectRefused(ChangeUnitStatus{UnitId("E2"), UnitStatus::kOutOfService, ""},
                StatusCode::kFailedPrecondition, "to");
  // Recalled on the way, then re-tasked while returning.
  ASSERT_TRUE(Run(ChangeUnitStatus{UnitId("E2"), UnitStatus::kReturning, "recalled"}).ok());
  ASSERT_TRUE(Run(DispatchUnits{id, {UnitId("E2")}}).ok());
  EXPECT_EQ(StatusOf("E2"), UnitStatus::kDispatched);
}

TEST_F(DecideTest, DispatchInputErrors) {
  const IncidentId id = Report();
  ASSERT_TRUE(Run(ChangeIncidentStatus{id, IncidentStatus::kVerified, ""}).ok());
  ExpectRefused(DispatchUnits{id, {}}, StatusCode::kInvalidArgument, "units");
  ExpectRefused(DispatchUnits{id, {UnitId("E1"), UnitId("E1")}}, StatusCode::kInvalidArgument,
                "units[1]");
  ExpectRefused(DispatchUnits{id, {UnitId("E1"), UnitId("ghost")}}, StatusCode::kNotFound,
                "units[1]");
  ExpectRefused(DispatchUnits{IncidentId(77), {UnitId("E1")}}, StatusCode::kNotFound, "incident");
  std::vector<UnitId> many(kMaxUnitsPerDispatch + 1, UnitId("E1"));
  ExpectRefused(DispatchUnits{id, many}, StatusCode::kInvalidArgument, "units");
}

TEST_F(DecideTest, MergeAndLevel) {
  const IncidentId a = Report();
  const IncidentId b = Report();
  ExpectRefused(MergeIncidents{a, a}, StatusCode::kInvalidArgument, "into");
  ASSERT_TRUE(Run(MergeIncidents{b, a}).ok());
  EXPECT_EQ(StatusOf(b), IncidentStatus::kMerged);
  EXPECT_EQ(state_.FindIncident(a)->merged_from, std::vector<IncidentId>{b});
  ExpectRefused(MergeIncidents{b, a}, StatusCode::kFailedPrecondition, "duplicate");
  ExpectRefused(MergeIncidents{a, b}, StatusCode::kFailedPrecondition, "into");
  ASSERT_TRUE(Run(ChangeIncidentLevel{a, core::IncidentLevel::kII, "spreading"}).ok());
  EXPECT_EQ(state_.FindIncident(a)->level, core::IncidentLevel::kII);
  ExpectRefused(ChangeIncidentLevel{a, core::IncidentLevel::kII, ""},
                StatusCode::kFailedPrecondition, "to");
}

TEST_F(DecideTest, ReportInputErrors) {
  ReportIncident r;
  r.type = "fire.residential";
  r.location = {91, 0};
  ExpectRefused(r, StatusCode::kInvalidArgument, "location.lat");
  r.location = {30, std::numeric_limits<double>::quiet_NaN()};
  ExpectRefused(r, StatusCode::kInvalidArgument, "location.lon");
  r.location = {30, 120};
  r.type = "fire.imaginary";
  ExpectRefused(r, StatusCode::kInvalidArgument, "type");
  r.type = "fire.residential";
  r.description = std::string(core::kMaxLongText + 1, 'x');
  ExpectRefused(r, StatusCode::kInvalidArgument, "description");
  r.description = "\xff\xfe";
  ExpectRefused(r, StatusCode::kInvalidArgument, "description");
  r.description.clear();
  r.casualties.injured = -1;
  ExpectRefused(r, StatusCode::kInvalidArgument, "casualties.injured");
}

TEST_F(DecideTest, AReportWithAPhotoMakesBothEventsInOneCommand) {
  const std::string png = std::string("\x89PNG\r\n\x1A\n", 8) + std::string(5000, '\x01');
  ReportIncident r;
  r.type = "flood.waterlogging";
  r.location = {30.005, 120.005};
  r.source = core::IncidentSource::kCitizen;
  r.photo = PhotoUpload{"image/png", png};
  std::vector<engine::EventBody> made;
  const IncidentId id = state_.next_incident_id();
  ASSERT_TRUE(testing::DecideAndApply(state_, r, now_, &made).ok());
  ASSERT_EQ(made.size(), 2U) << "the report and its photo, committed together";
  EXPECT_EQ(std::get<dispatch::IncidentReported>(made[0]).id, id);
  const auto& attached = std::get<dispatch::IncidentPhotoAttached>(made[1]);
  EXPECT_EQ(attached.incident, id);
  EXPECT_EQ(attached.photo, 1U);
  EXPECT_EQ(attached.media_type, "image/png");
  EXPECT_EQ(attached.size, png.size());
  EXPECT_EQ(attached.data.bytes, png);
  EXPECT_EQ(attached.sha256, ToHex(Sha256(png)));
  const core::Incident& inc = *state_.FindIncident(id);
  ASSERT_EQ(inc.photos.size(), 1U);
  EXPECT_EQ(inc.photos[0].sha256, attached.sha256);
  EXPECT_EQ(inc.photos[0].seq, state_.last_seq()) << "the photo is the second event";
  // Without a photo, one event as before.
  r.photo.reset();
  ASSERT_TRUE(testing::DecideAndApply(state_, r, now_, &made).ok());
  EXPECT_EQ(made.size(), 1U);
  EXPECT_TRUE(state_.FindIncident(IncidentId(id.value() + 1))->photos.empty());
}

TEST_F(DecideTest, APhotoTheEngineRefusesRefusesTheWholeReport) {
  ReportIncident r;
  r.type = "flood.waterlogging";
  r.location = {30.005, 120.005};
  const auto refused = [&](PhotoUpload photo, std::string_view field) {
    r.photo = std::move(photo);
    ExpectRefused(r, StatusCode::kInvalidArgument, field);
  };
  refused({"image/gif", "GIF89a"}, "photo.media_type");
  refused({"image/jpeg", ""}, "photo.data");
  refused({"image/jpeg", "\x89PNG\r\n\x1A\n"}, "photo.data");
  refused({"image/jpeg", "\xFF\xD8\xFF" + std::string(core::kMaxPhotoBytes, 'x')}, "photo.data");
  EXPECT_EQ(state_.next_incident_id(), IncidentId(1)) << "no incident without its photo";
}

TEST_F(DecideTest, PositionReports) {
  ASSERT_TRUE(
      Run(ReportPositions{{{UnitId("E1"), {30.001, 120.001}, now_ - std::chrono::seconds(5)}}})
          .ok());
  // An older report does not overwrite a newer position.
  ASSERT_TRUE(
      Run(ReportPositions{{{UnitId("E1"), {30.009, 120.009}, now_ - std::chrono::seconds(50)}}})
          .ok());
  EXPECT_EQ(state_.FindUnit(UnitId("E1"))->position->lat, 30.001);
  ExpectRefused(ReportPositions{{{UnitId("E1"), {30, 120}, now_ + std::chrono::hours(1)}}},
                StatusCode::kInvalidArgument, "reports[0].at");
  ExpectRefused(ReportPositions{{{UnitId("E1"), {30, 120}, now_}, {UnitId("X"), {30, 120}, now_}}},
                StatusCode::kNotFound, "reports[1].unit");
  ExpectRefused(ReportPositions{}, StatusCode::kInvalidArgument, "reports");
}

TEST_F(DecideTest, SecondRegionImportRefused) {
  ExpectRefused(ImportRegion{testing::SmallRegion()}, StatusCode::kFailedPrecondition, "");
}

TEST(DecideNoRegionTest, CommandsBeforeInitRefused) {
  core::State empty;
  ReportIncident r;
  r.type = "fire.residential";
  EXPECT_EQ(Decide(empty, r, {}).status().code(), StatusCode::kFailedPrecondition);
  core::Region bad = testing::SmallRegion();
  bad.units[0].station = core::StationId("missing");
  const auto refused = Decide(empty, ImportRegion{bad}, {});
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.status().field().rfind("region.units[0]", 0), 0U)
      << refused.status().ToString();
}

}  // namespace
}  // namespace elink::engine
